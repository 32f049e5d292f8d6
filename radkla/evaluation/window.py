"""An evaluation year and the data it looks at (pure).

The KLA evaluation held in year E judges what the city did before it: by
default the plan year E−1. The secretariat may widen or move that window per
evaluation year. Realization evidence counts when its period lies in the
window; city documents carry no data year, so one counts for every evaluation
held in or after the year (local time, radkla.lib.localtime) it was uploaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def indonesian_date(day: date) -> str:
    """``3 Desember 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def evaluation_years(start_year: int, end_year: int) -> range:
    """The evaluations a plan's data can serve: each year after a plan year."""
    return range(start_year + 1, end_year + 2)


@dataclass(frozen=True, slots=True)
class DataWindow:
    evaluation_year: int
    first: int  # the first and last plan year whose data the evaluation looks at
    last: int
    configured: bool  # set by the secretariat, not the default year before

    @classmethod
    def default(cls, evaluation_year: int) -> DataWindow:
        return cls(evaluation_year, evaluation_year - 1, evaluation_year - 1, configured=False)

    @property
    def years(self) -> range:
        return range(self.first, self.last + 1)

    @property
    def capaian_year(self) -> int:
        """The year whose capaian the readiness shows: the window's last."""
        return self.last

    @property
    def documents_until(self) -> date:
        """City documents uploaded up to this day (local) count: the end of the evaluation year."""
        return date(self.evaluation_year, 12, 31)

    def documents_before(self, zone: tzinfo) -> datetime:
        """The first moment after ``documents_until`` in the local zone, for stored moments."""
        return datetime(self.evaluation_year + 1, 1, 1, tzinfo=zone)

    @property
    def span(self) -> str:
        """``2025`` or ``2024-2025``."""
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"

    @property
    def data_label(self) -> str:
        """``data tahun 2025`` or ``data tahun 2024-2025``."""
        return f"data tahun {self.span}"

    @property
    def title(self) -> str:
        """``Evaluasi KLA 2026 — data tahun 2025``."""
        return f"Evaluasi KLA {self.evaluation_year} — {self.data_label}"

    def note(self, zone: str) -> str:
        """What an evaluation's readiness and package count, in one sentence (zone: ``WIB``)."""
        return (
            f"Bukti realisasi periode tahun {self.span} dan dokumen kota yang diunggah sampai "
            f"{indonesian_date(self.documents_until)}. Tanggal unggah dalam {zone}."
        )

    def fits(self, plan_years: range) -> bool:
        """Plan years only, in order, and nothing after the evaluation itself."""
        return (
            self.first in plan_years
            and self.last in plan_years
            and self.first <= self.last <= self.evaluation_year
        )
