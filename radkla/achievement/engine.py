"""The achievement engine: capaian, categories, rollups and projections. Pure: no Django.

Rules (DESIGN.md, Permendagri 86/2017):

- A year's realization adds up its periods by the measure's aggregation: ``sum``
  (flows: people trained), ``latest`` (stocks: coverage %), or ``max``.
- Capaian, in percent: positive polarity ``r / t × 100``; negative polarity
  (lower is better) ``(2t − r) / t × 100``, never below 0.
- A threshold target (``> 90%``) is met or not met, and every row says which
  (``tercapai`` / ``belum tercapai``). Met scores 100; not met scores by the
  same formula against the threshold value, capped at ``THRESHOLD_MISSED_MAX``
  (90), so a missed threshold stays below the sangat tinggi band: at most tinggi.
- A composite target (``8 Kecamatan 43 Kelurahan``) scores per part and in
  total (sum of realized parts against the sum of target parts).
- Empty or text targets, a target of zero, or no verified realization: not
  scored, with the reason.
- A summed measure (``sum``) is scored only for a complete year (every period
  counted and closed, ``cutoff.Cutoff.complete``): until then it is
  ``incomplete`` (belum lengkap), shows its sum so far and counts in no rollup,
  never sangat rendah for periods not yet due.
- Category bands on the whole-number scale: ≥ 91 sangat tinggi, 76 up to 91
  tinggi, 66 up to 76 sedang, 51 up to 66 rendah, below 51 sangat rendah.
- Rollups average capaian capped at ``ROLLUP_CAP`` (100): an over-achieved
  measure cannot hide another's shortfall. Single measures show it uncapped.
- Projection of the end-year value: the least-squares line through the yearly
  realizations (and the baseline for stock measures, unless the plan audit flags
  it as a multi-year total; a flow's baseline never). It needs at least
  ``MIN_MEASURED_YEARS`` (2) years with a verified realization (the baseline
  does not count): with fewer there is no projection ("belum cukup data") and
  the measure is not at risk. A projection is never below 0, and never above 100
  for a percentage measure. A measure is at risk when the projection misses the
  end-year target.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from radkla.plan.parsers.cells import Cell, CellKind

ROLLUP_CAP = Decimal(100)
# A missed threshold scores at most this: the top of tinggi, below the sangat tinggi band.
THRESHOLD_MISSED_MAX = Decimal(90)
# Years with a verified realization a projection needs (the baseline is not one).
MIN_MEASURED_YEARS = 2
HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


class Category(enum.StrEnum):
    SANGAT_TINGGI = "sangat tinggi"
    TINGGI = "tinggi"
    SEDANG = "sedang"
    RENDAH = "rendah"
    SANGAT_RENDAH = "sangat rendah"


CATEGORY_ORDER = tuple(Category)


def category(capaian: Decimal) -> Category:
    if capaian >= 91:
        return Category.SANGAT_TINGGI
    if capaian >= 76:
        return Category.TINGGI
    if capaian >= 66:
        return Category.SEDANG
    if capaian >= 51:
        return Category.RENDAH
    return Category.SANGAT_RENDAH


@dataclass(frozen=True, slots=True)
class Value:
    """A realization: a number, or numbers per part for a composite measure."""

    number: Decimal | None = None
    parts: Mapping[str, Decimal] | None = None

    @property
    def total(self) -> Decimal | None:
        if self.parts:
            return sum(self.parts.values(), Decimal(0))
        return self.number


def year_value(values: Sequence[Value], aggregation: str) -> Value | None:
    """The year's realization from its periods' values, in period order."""
    present = [v for v in values if v.total is not None]
    if not present:
        return None
    if aggregation == "sum":
        if any(v.parts for v in present):
            parts: dict[str, Decimal] = {}
            for v in present:
                for label, amount in (v.parts or {}).items():
                    parts[label] = parts.get(label, Decimal(0)) + amount
            return Value(parts=parts)
        return Value(number=sum((v.number or Decimal(0) for v in present), Decimal(0)))
    if aggregation == "max":
        return max(present, key=lambda v: v.total or Decimal(0))
    return present[-1]


@dataclass(frozen=True, slots=True)
class Score:
    capaian: Decimal | None
    category: Category | None
    status: str  # "scored", "met", "not met", "incomplete", "not scored"
    reason: str = ""
    parts: tuple[tuple[str, Decimal | None], ...] = ()

    @property
    def scored(self) -> bool:
        return self.capaian is not None

    @property
    def threshold_label(self) -> str:
        """``tercapai`` / ``belum tercapai`` for a threshold target, else empty."""
        return {"met": "tercapai", "not met": "belum tercapai"}.get(self.status, "")


def _not_scored(reason: str) -> Score:
    return Score(None, None, "not scored", reason)


def year_score(
    target: Cell | None,
    value: Value | None,
    polarity: str,
    aggregation: str,
    *,
    complete: bool,
    so_far: str = "",
) -> Score:
    """``score``, except that a summed measure waits for its year to be complete.

    ``so_far`` names the last period counted (``Caturwulan II 2025``) for the reason.
    """
    if aggregation == "sum" and not complete and is_due(target):
        upto = f" s.d. {so_far}" if so_far else ""
        return Score(
            None,
            None,
            "incomplete",
            f"Tahun berjalan: jumlah{upto} baru sebagian dari target tahunan; "
            "dinilai setelah semua periode tahun ini ditutup.",
        )
    return score(target, value, polarity)


def _ratio(target: Decimal, realized: Decimal, negative: bool) -> Decimal:
    raw = (2 * target - realized) / target * HUNDRED if negative else realized / target * HUNDRED
    return max(raw, Decimal(0)).quantize(_CENT, ROUND_HALF_UP)


def _scored(
    capaian: Decimal, status: str = "scored", parts: tuple[tuple[str, Decimal | None], ...] = ()
) -> Score:
    return Score(capaian, category(capaian), status, "", parts)


def score(target: Cell | None, value: Value | None, polarity: str) -> Score:
    """Capaian and category of one realization against one target cell."""
    if target is None or target.kind in (CellKind.NONE, CellKind.TEXT):
        return _not_scored("Target tidak berupa angka.")
    if value is None or value.total is None:
        return _not_scored("Belum ada realisasi terverifikasi.")
    negative = polarity == "negative"
    realized = value.total
    if target.kind == CellKind.COMPOSITE:
        goal = sum((p.value for p in target.parts), Decimal(0))
        if goal == 0:
            return _not_scored("Target bernilai nol.")
        found = {k.lower(): v for k, v in (value.parts or {}).items()}
        parts = tuple(
            (
                p.label,
                _ratio(p.value, found[p.label.lower()], negative)
                if p.value and p.label.lower() in found
                else None,
            )
            for p in target.parts
        )
        return _scored(_ratio(goal, realized, negative), parts=parts)
    number = target.number
    if number is None or number == 0:
        return _not_scored("Target bernilai nol.")
    goal = number
    if target.kind == CellKind.THRESHOLD:
        comparator = target.comparator
        met = {
            ">": realized > goal,
            ">=": realized >= goal,
            "<": realized < goal,
            "<=": realized <= goal,
        }.get(comparator, False)
        if met:
            return _scored(HUNDRED, "met")
        lower_is_better = comparator in ("<", "<=")
        return _scored(
            min(_ratio(goal, realized, lower_is_better), THRESHOLD_MISSED_MAX), "not met"
        )
    return _scored(_ratio(goal, realized, negative))


@dataclass(frozen=True, slots=True)
class Rollup:
    """Average capped capaian and the count of measures per category."""

    capaian: Decimal | None
    category: Category | None
    counts: dict[Category, int]
    scored: int
    not_scored: int

    @property
    def total(self) -> int:
        return self.scored + self.not_scored


def rollup(scores: Iterable[Score]) -> Rollup:
    counts = dict.fromkeys(CATEGORY_ORDER, 0)
    capped: list[Decimal] = []
    not_scored = 0
    for s in scores:
        if s.capaian is None or s.category is None:
            not_scored += 1
            continue
        counts[s.category] += 1
        capped.append(min(s.capaian, ROLLUP_CAP))
    if not capped:
        return Rollup(None, None, counts, 0, not_scored)
    mean = (sum(capped, Decimal(0)) / len(capped)).quantize(_CENT, ROUND_HALF_UP)
    return Rollup(mean, category(mean), counts, len(capped), not_scored)


def project(
    points: Sequence[tuple[int, Decimal]], year: int, *, ceiling: Decimal | None = None
) -> Decimal | None:
    """The value at ``year`` on the least-squares line through (year, value) points.

    Never below 0 and, when ``ceiling`` is given (100 for a percentage), never above it.
    """
    if not points:
        return None
    if len(points) == 1 or len({x for x, _y in points}) == 1:
        line = points[-1][1]
    else:
        n = Decimal(len(points))
        xs = [Decimal(x) for x, _y in points]
        ys = [y for _x, y in points]
        zero = Decimal(0)
        mean_x, mean_y = sum(xs, zero) / n, sum(ys, zero) / n
        covariance = sum(((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)), zero)
        slope = covariance / sum(((x - mean_x) ** 2 for x in xs), zero)
        line = mean_y + slope * (Decimal(year) - mean_x)
    bounded = max(line, Decimal(0))
    if ceiling is not None:
        bounded = min(bounded, ceiling)
    return bounded.quantize(_CENT, ROUND_HALF_UP)


def projection(
    measured: Sequence[tuple[int, Decimal]],
    year: int,
    *,
    baseline: tuple[int, Decimal] | None = None,
    percent: bool = False,
) -> Decimal | None:
    """The end-year projection of a measure, or None with too few measured years.

    ``measured`` holds the years with a verified realization; ``baseline`` is
    added to the line only when the caller has found it usable (a stock whose
    baseline is not a multi-year total), and never counts as a measured year.
    """
    if len({x for x, _y in measured}) < MIN_MEASURED_YEARS:
        return None
    points = [*([baseline] if baseline is not None else []), *measured]
    return project(points, year, ceiling=HUNDRED if percent else None)


def misses(projected: Decimal | None, target: Cell | None, polarity: str) -> bool | None:
    """Whether a projected end-year value falls short of the end-year target (None: unknown)."""
    if projected is None:
        return None
    result = score(target, Value(number=projected), polarity)
    if result.capaian is None:
        return None
    return result.status == "not met" or result.capaian < HUNDRED


def is_due(target: Cell | None) -> bool:
    """Whether a measure must be reported in a year: only when that year has a target.

    A target cell that is empty, ``-`` or text sets nothing to report against, so
    completeness neither asks for the measure nor counts it.
    """
    return target is not None and target.kind not in (CellKind.NONE, CellKind.TEXT)


@dataclass(frozen=True, slots=True)
class Completeness:
    """Who reported for a period: required rows, reported (submitted or verified), on time."""

    required: int
    reported: int
    on_time: int
    verified: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def percent(self) -> Decimal | None:
        if not self.required:
            return None
        return (Decimal(self.reported) / self.required * HUNDRED).quantize(_CENT, ROUND_HALF_UP)

    @property
    def timely_percent(self) -> Decimal | None:
        if not self.required:
            return None
        return (Decimal(self.on_time) / self.required * HUNDRED).quantize(_CENT, ROUND_HALF_UP)
