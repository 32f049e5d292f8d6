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
CLUSTERS = {"K": range(1, 4), "I": range(4, 7), "II": range(7, 12), "III": range(12, 18),
            "IV": range(18, 21), "V": range(21, 25)}  # fmt: skip
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


def indicator_points(weight: Decimal, evidence: IndicatorEvidence) -> Decimal:
    """Points for one indicator: its weight times the share of its checklist proven."""
    if evidence.required <= 0:
        return Decimal(0)
    share = Decimal(min(evidence.verified, evidence.required)) / evidence.required
    return (weight * share).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Assessment:
    points: dict[int, Decimal]
    total: Decimal
    category: str | None
    what_if_total: Decimal  # every missing checklist item supplied
    what_if_category: str | None


def assess(
    evidence: Iterable[IndicatorEvidence], weights: Mapping[int, Decimal] = DEFAULT_WEIGHTS
) -> Assessment:
    items = list(evidence)
    points = {e.number: indicator_points(weights.get(e.number, Decimal(0)), e) for e in items}
    total = sum(points.values(), Decimal(0))
    full = sum((weights.get(e.number, Decimal(0)) for e in items if e.required > 0), Decimal(0))
    return Assessment(points, total, category(total), full, category(full))
