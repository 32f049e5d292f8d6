"""First guesses of a measure's polarity and period aggregation, from the document.

The regulation never says whether lower is better or how a year's periods add
up; the importer proposes both from the measure's yearly targets, text and
unit, and the secretariat confirms. Pure: no Django. The reasons are plain
Indonesian sentences (the documents' own language); they are computed wherever
they are shown, never stored.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from radkla.plan.parsers.cells import Cell, CellKind, format_decimal, is_percent_unit

POSITIVE = "positive"
NEGATIVE = "negative"
SUM = "sum"
LATEST = "latest"

# A measure that opens with a rate of harm counts that harm, whatever place or service
# it names later ("Angka kematian bayi di fasilitas pelayanan kesehatan").
_HARM_HEAD = re.compile(
    r"^\W*(prevalen\w*|prevalan\w*|angka kematian|jumlah kematian|kematian|angka kesakitan|"
    r"angka (?:perkawinan|pernikahan))\b",
    re.IGNORECASE,
)
# A service to children, victims included, or its coverage: these should grow
# ("Kebutuhan dasar anak korban kekerasan terpenuhi", "kasus yang ditangani").
_SERVICE_WORDS = re.compile(
    r"\b(penanganan|ditangani|tertangani|terlayani|dilayani|pelayanan|layanan|pendampingan|"
    r"didampingi|terdampingi\w*|mendapat\w*|memperoleh|diberikan|diberi|pemberian|bantuan|"
    r"terpenuhi\w*|terpenuhinya|pemenuhan|cakupan|pencegahan|perlindungan|diversi|rujukan|"
    r"skrining|tatalaksana|tataksana|rehabilitasi|sosialisasi|tersosialisasi\w*|bimbingan|"
    r"dukungan|fasilitasi|sistem|system|menerapkan|penerapan)\b",
    re.IGNORECASE,
)
# What the measure counts when lower is better (as the documents write it).
_HARM_WORDS = re.compile(
    r"\b(prevalen\w*|prevalan\w*|angka kematian|kematian|meninggal|"
    r"(?:perkawinan|pernikahan) (?:usia )?anak|(?:perkawinan|pernikahan) dini|"
    r"kehamilan remaja|stunting|wasting|gizi buruk|gizi kurang|putus sekolah|perokok\w*|"
    r"kasus)\b",
    re.IGNORECASE,
)
# Victims, violence and child labour are a harm only where the measure counts them
# ("Jumlah anak korban kekerasan"), not where it names whom a service is for.
_COUNTED_HARM = re.compile(
    r"\b(?:jumlah|angka|banyaknya|persentase|presentase|proporsi|rasio|tingkat)\s+"
    r"(?:anak\s+)?(korban|kekerasan|eksploitasi|pekerja anak|anak jalanan|anak terlantar|"
    r"perundungan)\b",
    re.IGNORECASE,
)
# Units of flows: each period adds new people, events or documents.
_FLOW_UNITS = re.compile(
    r"\b(orang|peserta|pasang|catin|kegiatan|dokumen|eksemplar|pelajar|siswa|anak|keluarga|"
    r"jiwa|kali|paket|pamflet|inovasi|laporan|kasus|masyarakat)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PolarityProposal:
    """A proposed polarity and the sentence that says why."""

    polarity: str
    reason: str


def trend_values(cells: Iterable[Cell]) -> list[Decimal | None]:
    """The yearly targets as numbers for the trend; thresholds, composites and text are None."""
    return [
        cell.number if cell.kind in (CellKind.NUMBER, CellKind.PERCENT) else None for cell in cells
    ]


def _trend(targets: Sequence[Decimal | None]) -> tuple[str, str]:
    """("rising" | "falling" | "flat" | "mixed" | "none", a clause describing it)."""
    numbers = [value for value in targets if value is not None]
    if len(numbers) < 2:
        return "none", "Targetnya tidak berupa deret angka"
    steps = [later - earlier for earlier, later in itertools.pairwise(numbers)]
    first, last = format_decimal(numbers[0]), format_decimal(numbers[-1])
    if all(step >= 0 for step in steps) and any(step > 0 for step in steps):
        return "rising", f"Target naik dari {first} ke {last}"
    if all(step <= 0 for step in steps) and any(step < 0 for step in steps):
        return "falling", f"Target turun dari {first} ke {last}"
    if all(step == 0 for step in steps):
        return "flat", f"Targetnya tetap {first}"
    return "mixed", f"Targetnya naik-turun dari {first} ke {last}"


def propose_polarity(
    measure: str, unit: str = "", targets: Sequence[Decimal | None] = ()
) -> PolarityProposal:
    """Propose whether higher or lower is better, first from the targets, then from words.

    In order: targets that rise (never falling, rising at least once) mean higher
    is better, targets that fall mean lower is better. Otherwise the words decide:
    a measure opening with a rate of harm (prevalence, deaths) is lower-is-better;
    a service or its coverage (to victims too) is higher-is-better; a harm counted
    (cases, stunting, child marriage, victims counted) is lower-is-better; anything
    else is higher-is-better by default. ``targets`` are the yearly target values
    in order, None where a cell is no number (see :func:`trend_values`).
    """
    trend, said = _trend(targets)
    if trend == "rising":
        return PolarityProposal(POSITIVE, f"{said}, jadi makin tinggi makin baik.")
    if trend == "falling":
        return PolarityProposal(NEGATIVE, f"{said}, jadi makin rendah makin baik.")
    text = f"{measure} {unit}"
    if head := _HARM_HEAD.search(measure):
        return PolarityProposal(NEGATIVE, _harm(said, head.group(1)))
    if service := _SERVICE_WORDS.search(text):
        return PolarityProposal(
            POSITIVE,
            f'{said}; ukuran ini mengukur layanan atau cakupan ("{service.group(1).lower()}"), '
            "bukan banyaknya kejadian yang merugikan anak, jadi makin tinggi makin baik.",
        )
    if harm := _HARM_WORDS.search(text) or _COUNTED_HARM.search(text):
        return PolarityProposal(NEGATIVE, _harm(said, harm.group(0)))
    return PolarityProposal(
        POSITIVE,
        f"{said} dan tidak ada kata yang menandai kejadian yang merugikan anak; bawaan: makin "
        "tinggi makin baik.",
    )


def _harm(said: str, words: str) -> str:
    return (
        f'{said}; ukuran ini menghitung kejadian yang merugikan anak ("{words.lower()}"), '
        "jadi makin rendah makin baik."
    )


def propose_aggregation(measure: str, unit: str = "") -> str:
    """LATEST for percentages and standing counts, SUM for people, events and documents."""
    if is_percent_unit(unit) or "%" in unit or re.search(r"\bpersentase\b", measure, re.I):
        return LATEST
    if _FLOW_UNITS.search(unit):
        return SUM
    return LATEST
