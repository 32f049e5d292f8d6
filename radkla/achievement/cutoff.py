"""How far the data of a year (or of a year up to a period) reaches, said in one line.

Pure: no Django. Every report and dashboard prints ``Cutoff.text`` and
``Cutoff.periods_text``, so a reader knows which periods a figure counts and
whether the year is still in progress (``year_to_date``). A summed measure is
scored only in a complete year: its sum so far against the whole year's target
would read as a shortfall that is only time not yet passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True, slots=True)
class PeriodFact:
    """What the cut-off needs of one reporting period of the year."""

    number: int
    label: str  # "Caturwulan II 2025"
    scheme: str  # "caturwulan"
    closed: bool
    verified: bool  # at least one verified city-wide realization


@dataclass(frozen=True, slots=True)
class Cutoff:
    year: int
    text: str  # "data terverifikasi sampai dengan Caturwulan II 2025"
    periods_text: str  # "Caturwulan I–II 2025"
    complete: bool  # every period of the year is counted and closed
    last_label: str  # the last period counted, "" when the year has none

    @property
    def year_to_date(self) -> bool:
        """Figures of a year still in progress: realisasi s.d. ``last_label``."""
        return not self.complete

    @property
    def scope_text(self) -> str:
        """``tahun 2025`` or ``s.d. Caturwulan II 2025 (tahun berjalan)``."""
        if self.complete:
            return f"tahun {self.year}"
        if not self.last_label:
            return f"tahun {self.year} (belum ada periode)"
        return f"s.d. {self.last_label} (tahun berjalan)"

    @property
    def sentence(self) -> str:
        """One line for the top of a page or a document."""
        state = "tahun lengkap" if self.complete else "tahun berjalan"
        counted = f"; periode yang dihitung: {self.periods_text}" if self.periods_text else ""
        return f"{self.text[:1].upper()}{self.text[1:]} ({state}){counted}."


def _roman(number: int) -> str:
    return ROMAN[number - 1] if 1 <= number <= len(ROMAN) else str(number)


def cutoff(year: int, periods: Sequence[PeriodFact], upto: int | None = None) -> Cutoff:
    """The cut-off of ``year``'s data, counting the periods up to number ``upto`` (all if None).

    ``periods`` are the year's periods, in any order.
    """
    ordered = sorted(periods, key=lambda p: p.number)
    counted = [p for p in ordered if upto is None or p.number <= upto]
    complete = bool(ordered) and len(counted) == len(ordered) and all(p.closed for p in ordered)
    if not counted:
        return Cutoff(year, f"belum ada periode pelaporan untuk {year}", "", False, "")
    first, last = counted[0], counted[-1]
    scheme = last.scheme.capitalize()
    span = (
        f"{_roman(first.number)}–{_roman(last.number)}"
        if first.number != last.number
        else _roman(last.number)
    )
    verified = [p for p in counted if p.verified]
    text = (
        f"data terverifikasi sampai dengan {verified[-1].label}"
        if verified
        else f"belum ada data terverifikasi s.d. {last.label}"
    )
    return Cutoff(year, text, f"{scheme} {span} {year}", complete, last.label)
