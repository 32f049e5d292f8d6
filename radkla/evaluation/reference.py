"""The national KLA evaluation's reference: 24 indicators, weights, categories. Pure.

The indicators ship as editable data (``data/indikator-nasional.csv``, after the
national KLA policy, Perpres 25/2021); a local plan's indicators are mapped to
them by number, and, for numbers the national list does not have, by the words
of their names within the same cluster (Cilegon's 24 and 25 both map to 24).

The official point split is not published. The default weights below total
1000 (kelembagaan 60 + 60 + 40, every cluster indicator 40); a city enters the
official split when it has one. Categories follow the evaluation's scale.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DATA = Path(__file__).parent / "data" / "indikator-nasional.csv"
CHECKLIST = Path(__file__).parent / "data" / "data-dukung.csv"
CLUSTERS = {"K": range(1, 4), "I": range(4, 7), "II": range(7, 12), "III": range(12, 18),
            "IV": range(18, 21), "V": range(21, 25)}  # fmt: skip
CLUSTER_NAMES = {
    "K": "Kelembagaan",
    "I": "Klaster I Hak Sipil dan Kebebasan",
    "II": "Klaster II Lingkungan Keluarga dan Pengasuhan Alternatif",
    "III": "Klaster III Kesehatan Dasar dan Kesejahteraan",
    "IV": "Klaster IV Pendidikan, Pemanfaatan Waktu Luang dan Kegiatan Budaya",
    "V": "Klaster V Perlindungan Khusus",
}
TOTAL_POINTS = Decimal(1000)
DEFAULT_WEIGHTS: dict[int, Decimal] = {n: Decimal(60 if n in (1, 2) else 40) for n in range(1, 25)}
# Score bands of the national evaluation (points out of 1000).
CATEGORIES: tuple[tuple[int, str], ...] = (
    (901, "KLA"),
    (801, "Utama"),
    (701, "Nindya"),
    (601, "Madya"),
    (500, "Pratama"),
)


class ReferenceError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class NationalIndicator:
    number: int
    cluster: str
    name: str


def parse_national(
    text: str, source: str = "indikator-nasional.csv"
) -> tuple[NationalIndicator, ...]:
    """The national indicators from CSV text; ReferenceError names the line."""
    found = []
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            number = int(row["nomor"])
        except (KeyError, TypeError, ValueError):
            raise ReferenceError(f"{source}, baris {line}: nomor indikator tidak sah.") from None
        cluster = (row.get("klaster") or "").strip()
        if cluster not in CLUSTERS or number not in CLUSTERS[cluster]:
            raise ReferenceError(
                f"{source}, baris {line}: indikator {number} bukan bagian dari klaster {cluster}."
            )
        found.append(NationalIndicator(number, cluster, (row.get("indikator") or "").strip()))
    if sorted(i.number for i in found) != list(range(1, 25)):
        raise ReferenceError(
            f"{source}: daftar harus memuat indikator 1 sampai 24, masing-masing sekali."
        )
    return tuple(found)


def load_national(path: Path = DATA) -> tuple[NationalIndicator, ...]:
    return parse_national(path.read_text(encoding="utf-8"), path.name)


@dataclass(frozen=True, slots=True)
class ChecklistEntry:
    number: int  # the national indicator
    document: str
    source: str


def parse_checklist(text: str, source: str = "data-dukung.csv") -> tuple[ChecklistEntry, ...]:
    """The evidence checklist from CSV text (nomor, dokumen, sumber); errors name the line."""
    found: list[ChecklistEntry] = []
    seen: set[tuple[int, str]] = set()
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            number = int(row["nomor"])
        except (KeyError, TypeError, ValueError):
            raise ReferenceError(f"{source}, baris {line}: nomor indikator tidak sah.") from None
        document = " ".join((row.get("dokumen") or "").split())
        if not 1 <= number <= 24:
            raise ReferenceError(f"{source}, baris {line}: indikator {number} tidak ada (1-24).")
        if not document:
            raise ReferenceError(f"{source}, baris {line}: nama dokumen kosong.")
        if (number, document.lower()) in seen:
            raise ReferenceError(
                f"{source}, baris {line}: dokumen ini sudah ada di indikator {number}."
            )
        seen.add((number, document.lower()))
        found.append(
            ChecklistEntry(
                number, document[:300], " ".join((row.get("sumber") or "").split())[:300]
            )
        )
    return tuple(found)


def load_checklist(path: Path = CHECKLIST) -> tuple[ChecklistEntry, ...]:
    return parse_checklist(path.read_text(encoding="utf-8"), path.name)


def parse_levels(text: str) -> tuple[Decimal, ...]:
    """Answer levels as percents of an indicator's weight, e.g. "0, 50, 100".

    Empty text means points in proportion to the proven share. Otherwise the
    levels must include 0 and 100 and lie between them.
    """
    # Semicolons, spaces or ", " separate levels; a lone comma is a decimal comma
    # unless the part has several (as in "0,50,100").
    parts: list[str] = []
    for part in re.split(r";|\s+|,\s", text.strip()):
        parts.extend(part.split(",") if part.count(",") > 1 else [part] if part else [])
    if not parts:
        return ()
    levels: set[Decimal] = set()
    for part in parts:
        try:
            level = Decimal(part.replace(",", "."))
        except ArithmeticError:
            raise ReferenceError(f"Tingkat jawaban '{part}' bukan angka.") from None
        if not level.is_finite() or not 0 <= level <= 100:
            raise ReferenceError(f"Tingkat jawaban '{part}' harus antara 0 dan 100.")
        levels.add(level)
    if 0 not in levels or 100 not in levels:
        raise ReferenceError("Tingkat jawaban harus memuat 0 dan 100.")
    return tuple(sorted(levels))


def check_weights(weights: Mapping[int, Decimal]) -> None:
    """The weights of all 24 indicators, none negative, totalling 1000."""
    if sorted(weights) != list(range(1, 25)):
        raise ReferenceError("Bobot harus diisi untuk indikator 1 sampai 24.")
    negative = [n for n, w in sorted(weights.items()) if w < 0]
    if negative:
        raise ReferenceError(f"Bobot indikator {negative[0]} tidak boleh negatif.")
    total = sum(weights.values(), Decimal(0))
    if total != TOTAL_POINTS:
        raise ReferenceError(f"Jumlah bobot {total:f}; harus tepat {TOTAL_POINTS:f}.")


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3}


def propose_national(
    number: int, name: str, national: Sequence[NationalIndicator]
) -> NationalIndicator:
    """The national indicator a local one belongs to: by number, else by name in its cluster."""
    by_number = {i.number: i for i in national}
    if number in by_number:
        return by_number[number]
    last_cluster = national[-1].cluster if national else "V"
    candidates = [i for i in national if i.cluster == last_cluster] or list(national)
    return max(candidates, key=lambda i: (len(_words(name) & _words(i.name)), i.number))


def category(points: Decimal) -> str | None:
    """The evaluation category for a score out of 1000, or None below 500."""
    for floor, name in CATEGORIES:
        if points >= floor:
            return name
    return None


@dataclass(frozen=True, slots=True)
class IndicatorEvidence:
    number: int
    required: int  # checklist items for the indicator
    verified: int  # items proven by verified evidence


def indicator_points(
    weight: Decimal, evidence: IndicatorEvidence, levels: Sequence[Decimal] = ()
) -> Decimal:
    """Points for one indicator: its weight times the share of its checklist proven.

    With answer levels the share counts as the highest level it reaches, as an
    evaluator picks one answer (e.g. 0, 50 or 100 percent of the weight).
    """
    if evidence.required <= 0:
        return Decimal(0)
    share = Decimal(min(evidence.verified, evidence.required)) / evidence.required
    if levels:
        share = max(level for level in levels if level <= share * 100) / 100
    return (weight * share).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Assessment:
    points: dict[int, Decimal]
    total: Decimal
    category: str | None
    what_if_total: Decimal  # every missing checklist item supplied
    what_if_category: str | None


def assess(
    evidence: Iterable[IndicatorEvidence],
    weights: Mapping[int, Decimal] = DEFAULT_WEIGHTS,
    levels: Sequence[Decimal] = (),
) -> Assessment:
    items = list(evidence)
    points = {
        e.number: indicator_points(weights.get(e.number, Decimal(0)), e, levels) for e in items
    }
    total = sum(points.values(), Decimal(0))
    full = sum((weights.get(e.number, Decimal(0)) for e in items if e.required > 0), Decimal(0))
    return Assessment(points, total, category(total), full, category(full))
