"""Achievement of a plan for a year (or up to a period), in a fixed number of queries.

Everything the dashboards, the CLI and the reports show comes from
``plan_achievement``: one reading of measures, targets, agencies, periods and
realizations, then the pure engine. A number can therefore never differ between
a page, the terminal and a document.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db.models import Max

from radkla.achievement.cutoff import Cutoff, PeriodFact, cutoff
from radkla.achievement.display import status_word
from radkla.achievement.engine import (
    Rollup,
    Score,
    Value,
    misses,
    projection,
    rollup,
    score,
    year_score,
    year_value,
)
from radkla.audittrail.services import data_version
from radkla.lib.revisions import newest
from radkla.monitoring.models import Realization, ReportingPeriod
from radkla.plan.audit import baseline_total
from radkla.plan.inforce import in_force_at, is_in_force, period_key, year_key
from radkla.plan.models import Cluster, Measure, MeasureAgency, Plan, PlanRevision, Target
from radkla.plan.parsers.cells import (
    Cell,
    CellKind,
    format_decimal,
    is_percent_unit,
    parse_cell,
)

State = Realization.State


@dataclass
class MeasureResult:
    id: int
    position: int
    name: str
    unit: str
    indicator_id: int
    indicator_label: str
    indicator_name: str
    cluster_id: int
    cluster_code: str
    agencies: tuple[str, ...]
    agency_ids: tuple[int, ...]
    polarity: str
    polarity_confirmed: bool
    aggregation: str
    area_level: str
    targets: dict[int, Cell]
    year: int
    due_from: int | None
    retired_from: int | None
    periods: list[tuple[str, Value | None]]  # the selected year's periods, in order
    value: Value | None  # the selected year, to the selected period
    score: Score
    yearly: dict[int, Value | None]  # every year with periods, whole years
    projection: Decimal | None
    at_risk: bool | None
    realization_id: int | None
    baseline: Value | None  # the newest realization counted in the selected year

    @property
    def target(self) -> Cell | None:
        return self.targets.get(self.year)

    @property
    def labels(self) -> tuple[str, ...]:
        """A composite measure's part labels in the regulation's order (its targets, baseline)."""
        for cell in (self.target, *self.targets.values()):
            if cell is not None and cell.kind == CellKind.COMPOSITE:
                return tuple(part.label for part in cell.parts)
        return tuple(self.baseline.parts) if self.baseline and self.baseline.parts else ()

    @property
    def projection_text(self) -> str:
        """The projection as read: ``12,5``; a composite's is the sum of its parts, and says so."""
        if self.projection is None:
            return "belum cukup data"
        number = format_decimal(self.projection)
        return f"jumlah {number}" if self.labels else number

    @property
    def status(self) -> str:
        """The score's status in Indonesian (``display.status_word``): the table's words."""
        return status_word(self.score, self.target, self.value)

    @property
    def sparkline(self) -> list[tuple[int, Decimal | None]]:
        return [(y, v.total if v else None) for y, v in sorted(self.yearly.items())]


@dataclass
class Group:
    """An indicator, cluster or agency with its measures' rollup."""

    key: str
    label: str
    name: str
    rollup: Rollup
    measures: list[MeasureResult] = field(default_factory=list)


@dataclass
class Achievement:
    plan: Plan
    year: int
    period: ReportingPeriod | None
    verified_only: bool
    measures: list[MeasureResult]
    plan_rollup: Rollup
    clusters: list[Group]
    indicators: list[Group]
    agencies: list[Group]
    trend: dict[int, Rollup]
    baseline_rollup: Rollup  # the baseline against the first year's targets
    projected_rollup: Rollup  # the projections against the last year's targets
    cutoff: Cutoff  # how far the selected year's data reaches, and which periods count
    revision: PlanRevision | None = None  # the plan revision whose targets this uses

    @property
    def at_risk(self) -> list[MeasureResult]:
        return [m for m in self.measures if m.at_risk]

    @property
    def polarity_unconfirmed(self) -> list[MeasureResult]:
        """Measures whose capaian still rests on the system's polarity proposal."""
        return [m for m in self.measures if not m.polarity_confirmed]

    @property
    def negative_unconfirmed(self) -> list[MeasureResult]:
        """Unconfirmed and lower-is-better: these change the capaian most if wrong."""
        return [m for m in self.polarity_unconfirmed if m.polarity == "negative"]


@lru_cache(maxsize=8192)
def _cell(raw: str, unit: str) -> Cell:
    # Cells are immutable and parsing is pure: the same few hundred cells recur on every page.
    return parse_cell(raw, unit)


def _value(number: Decimal | None, parts: dict[str, object] | None) -> Value:
    if parts:
        return Value(parts={k: Decimal(str(v)) for k, v in parts.items()})
    return Value(number=number)


def data_year(plan: Plan) -> int:
    """The year every year selector opens on: the newest plan year with verified data.

    Before anything is verified (a new plan), the plan's first year. The calendar
    year is no default: in January, or before a year's first verification, it has
    nothing to show. One query.
    """
    newest_year = Realization.objects.filter(
        period__plan=plan,
        period__year__range=(plan.start_year, plan.end_year),
        state=State.VERIFIED,
        area__isnull=True,
    ).aggregate(year=Max("period__year"))["year"]
    return int(newest_year) if newest_year is not None else plan.start_year


def plan_achievement(
    plan: Plan,
    year: int,
    *,
    period: ReportingPeriod | None = None,
    verified_only: bool = True,
) -> Achievement:
    """Capaian of every measure for the year (to the period, if given), with its rollups.

    Seven queries whatever the plan's size: revisions, measures, their targets,
    their agency links, the periods, the realizations and the clusters, and one
    more per older revision whose targets are in force for a year shown. Rows
    are read as plain values, not model instances: the engine needs numbers.

    Targets are those of the revision in force at the selected period (the
    year's end when no period is given); each year of the trend uses the
    revision in force at that year's end. Only measures in force then count.
    """
    revisions = list(
        PlanRevision.objects.filter(plan=plan).defer("snapshot").order_by("number", "minor")
    )
    selected_key = period_key(year, period.number) if period is not None else year_key(year)
    revision = in_force_at(revisions, selected_key)
    measures = list(
        Measure.objects.filter(plan=plan)
        .order_by("position")
        .values_list(
            "id",
            "position",
            "name",
            "unit",
            "polarity",
            "polarity_confirmed",
            "aggregation",
            "area_level",
            "baseline_raw",
            "due_from",
            "retired_from",
            "action__indicator_id",
            "action__indicator__number",
            "action__indicator__sub",
            "action__indicator__name",
            "action__indicator__cluster_id",
            "action__indicator__cluster__code",
        )
    )
    targets: dict[int, dict[int, str]] = defaultdict(dict)
    for measure_id, target_year, raw in Target.objects.filter(measure__plan=plan).values_list(
        "measure_id", "year", "raw"
    ):
        targets[measure_id][target_year] = raw
    of_revision = _targets_in_force(revisions, targets)
    agencies: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for measure_id, agency_id, acronym, agency_name in (
        MeasureAgency.objects.filter(measure__plan=plan)
        .order_by("measure_id", "position")
        .values_list("measure_id", "agency_id", "agency__acronym", "agency__name")
    ):
        agencies[measure_id].append((agency_id, acronym or agency_name))
    periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("year", "number"))
    realizations = Realization.objects.filter(period__plan=plan, area__isnull=True)
    if verified_only:
        realizations = realizations.filter(state=State.VERIFIED)
    rows = list(
        realizations.values_list(
            "id", "measure_id", "period_id", "revision", "value_number", "value_parts", "state"
        )
    )
    verified_periods = {row[2] for row in rows if row[6] == State.VERIFIED}
    counted: dict[tuple[int, int], tuple[int, int, Value]] = {  # → (revision, id, value)
        key: (row[3], row[0], _value(row[4], row[5]))
        for key, row in newest(
            rows, key=lambda row: (row[1], row[2]), revision=lambda row: row[3]
        ).items()
    }
    years = sorted({p.year for p in periods})
    closed_years = {
        y
        for y in years
        if all(p.state == ReportingPeriod.State.CLOSED for p in periods if p.year == y)
    }
    selected = [
        p for p in periods if p.year == year and (period is None or p.number <= period.number)
    ]
    periods_by_year = {y: [p for p in periods if p.year == y] for y in years}
    reach = cutoff(
        year,
        [
            PeriodFact(
                p.number,
                p.label,
                p.scheme,
                p.state == ReportingPeriod.State.CLOSED,
                p.pk in verified_periods,
            )
            for p in periods
            if p.year == year
        ],
        period.number if period is not None else None,
    )
    results = []
    for (
        measure_id,
        position,
        name,
        unit,
        polarity,
        polarity_confirmed,
        aggregation,
        area_level,
        baseline_raw,
        due_from,
        retired_from,
        indicator_id,
        indicator_number,
        sub,
        indicator_name,
        cluster_id,
        cluster_code,
    ) in measures:
        cells = {y: _cell(raw, unit) for y, raw in of_revision(revision)[measure_id].items()}
        found = {
            p.pk: counted[(measure_id, p.pk)] for p in periods if (measure_id, p.pk) in counted
        }
        yearly = {
            y: year_value(
                [found[p.pk][2] for p in periods_by_year[y] if p.pk in found], aggregation
            )
            for y in years
        }
        current = [(p.code, found[p.pk][2] if p.pk in found else None) for p in selected]
        used = [found[p.pk][1] for p in selected if p.pk in found]
        value = year_value([v for _c, v in current if v is not None], aggregation)
        baseline = _cell(baseline_raw, unit)
        projected = _projection(aggregation, unit, baseline, cells, plan, yearly, closed_years)
        links = agencies[measure_id]
        results.append(
            MeasureResult(
                id=measure_id,
                position=position,
                name=name,
                unit=unit,
                indicator_id=indicator_id,
                indicator_label=f"{indicator_number}{sub}",
                indicator_name=indicator_name,
                cluster_id=cluster_id,
                cluster_code=cluster_code,
                agencies=tuple(label for _pk, label in links),
                agency_ids=tuple(pk for pk, _label in links),
                polarity=polarity,
                polarity_confirmed=polarity_confirmed,
                aggregation=aggregation,
                area_level=area_level,
                targets=cells,
                year=year,
                due_from=due_from,
                retired_from=retired_from,
                periods=current,
                value=value,
                score=year_score(
                    cells.get(year),
                    value,
                    polarity,
                    aggregation,
                    complete=reach.complete,
                    so_far=reach.last_label,
                ),
                yearly=yearly,
                projection=projected,
                at_risk=misses(projected, cells.get(plan.end_year), polarity),
                realization_id=used[-1] if used else None,
                baseline=_baseline_value(baseline),
            )
        )
    in_force_by_year = {y: of_revision(in_force_at(revisions, year_key(y))) for y in years}
    trend = {
        y: rollup(
            year_score(
                _cell(text, r.unit)
                if (text := in_force_by_year[y][r.id].get(y)) is not None
                else None,
                r.yearly.get(y),
                r.polarity,
                r.aggregation,
                complete=y in closed_years,
            )
            for r in results
            if is_in_force(r.due_from, r.retired_from, year_key(y))
        )
        for y in years
    }
    counted_now = [r for r in results if is_in_force(r.due_from, r.retired_from, selected_key)]
    return Achievement(
        plan=plan,
        year=year,
        period=period,
        verified_only=verified_only,
        measures=counted_now,
        plan_rollup=rollup(m.score for m in counted_now),
        clusters=_cluster_groups(
            counted_now, Cluster.objects.filter(plan=plan).order_by("position")
        ),
        indicators=_indicator_groups(counted_now),
        agencies=_agency_groups(counted_now),
        trend=trend,
        baseline_rollup=rollup(
            score(r.targets.get(plan.start_year), r.baseline, r.polarity) for r in counted_now
        ),
        projected_rollup=rollup(
            score(
                r.targets.get(plan.end_year),
                Value(number=r.projection) if r.projection is not None else None,
                r.polarity,
            )
            for r in counted_now
        ),
        revision=revision,
        cutoff=reach,
    )


def _targets_in_force(
    revisions: list[PlanRevision], stored: dict[int, dict[int, str]]
) -> Callable[[PlanRevision | None], defaultdict[int, dict[int, str]]]:
    """Targets by measure and year as a revision set them, read once per revision.

    The newest revision's are the stored targets; an older one's come from its snapshot.
    """
    newest_id = revisions[-1].pk if revisions else None
    current: defaultdict[int, dict[int, str]] = defaultdict(dict, stored)
    read: dict[int, defaultdict[int, dict[int, str]]] = {}

    def of(revision: PlanRevision | None) -> defaultdict[int, dict[int, str]]:
        if revision is None or revision.pk == newest_id:
            return current
        if revision.pk not in read:
            snapshot = (
                PlanRevision.objects.filter(pk=revision.pk).values_list("snapshot", flat=True).get()
            )
            read[revision.pk] = defaultdict(
                dict,
                {
                    int(key): {int(y): raw for y, raw in state.get("targets", {}).items()}
                    for key, state in (snapshot or {}).get("measures", {}).items()
                },
            )
        return read[revision.pk]

    return of


def _baseline_value(cell: Cell) -> Value | None:
    if cell.kind == CellKind.COMPOSITE:
        return Value(parts={p.label: p.value for p in cell.parts})
    if cell.kind in (CellKind.NUMBER, CellKind.PERCENT):
        return Value(number=cell.number)
    return None


def _projection(
    aggregation: str,
    unit: str,
    baseline: Cell,
    targets: dict[int, Cell],
    plan: Plan,
    yearly: dict[int, Value | None],
    closed_years: set[int],
) -> Decimal | None:
    """The end-year projection by the engine's rules (see ``engine.projection``).

    The baseline is a point on the line only for a stock measure, and only when
    the plan audit does not flag it as the sum of the targets (a multi-year total).
    """
    start: tuple[int, Decimal] | None = None
    if (
        aggregation != Measure.Aggregation.SUM
        and baseline_total(baseline, targets.values()) is None
    ):
        value = _baseline_value(baseline)
        if value is not None and value.total is not None:
            start = (plan.baseline_year, value.total)
    measured = [
        (y, value.total)
        for y in sorted(closed_years)
        if (value := yearly.get(y)) is not None and value.total is not None
    ]
    end = targets.get(plan.end_year)
    percent = (
        is_percent_unit(unit)
        or baseline.kind == CellKind.PERCENT
        or (end is not None and (end.kind == CellKind.PERCENT or end.percent))
    )
    return projection(measured, plan.end_year, baseline=start, percent=percent)


def _cluster_groups(results: list[MeasureResult], clusters: object) -> list[Group]:
    groups = []
    for cluster in clusters:  # type: ignore[attr-defined]
        members = [r for r in results if r.cluster_id == cluster.pk]
        groups.append(
            Group(
                cluster.code, cluster.code, cluster.name, rollup(m.score for m in members), members
            )
        )
    return groups


def _indicator_groups(results: list[MeasureResult]) -> list[Group]:
    by_indicator: dict[int, list[MeasureResult]] = defaultdict(list)
    for r in results:
        by_indicator[r.indicator_id].append(r)
    return [
        Group(
            str(pk),
            members[0].indicator_label,
            members[0].indicator_name,
            rollup(m.score for m in members),
            members,
        )
        for pk, members in by_indicator.items()
    ]


def _agency_groups(results: list[MeasureResult]) -> list[Group]:
    by_agency: dict[int, list[MeasureResult]] = defaultdict(list)
    names: dict[int, str] = {}
    for r in results:
        for agency_id, name in zip(r.agency_ids, r.agencies, strict=True):
            by_agency[agency_id].append(r)
            names[agency_id] = name
    groups = [
        Group(str(pk), names[pk], names[pk], rollup(m.score for m in members), members)
        for pk, members in by_agency.items()
    ]
    return sorted(groups, key=lambda g: g.label.lower())


_RECENT: OrderedDict[str, Achievement] = OrderedDict()
_RECENT_SIZE = 32
_RECENT_LOCK = threading.Lock()


def achievement_key(
    plan: Plan, year: int, period: ReportingPeriod | None, verified_only: bool
) -> str:
    """A key that changes whenever the figures could: it holds the data version."""
    return (
        f"achievement:{plan.pk}:{year}:{period.pk if period else '-'}:"
        f"{int(verified_only)}:{data_version(plan.region_id)}"
    )


def cached_plan_achievement(
    plan: Plan,
    year: int,
    *,
    period: ReportingPeriod | None = None,
    verified_only: bool = True,
) -> tuple[Achievement, str]:
    """``plan_achievement`` computed once per change of the data, and its cache key.

    The key holds the audit trail's newest event id, which every write advances,
    so a result is never older than the data it describes. Results stay in this
    process's memory (no serialising); other processes compute their own.
    """
    key = achievement_key(plan, year, period, verified_only)
    with _RECENT_LOCK:
        found = _RECENT.get(key)
        if found is not None:
            _RECENT.move_to_end(key)
            return found, key
    result = plan_achievement(plan, year, period=period, verified_only=verified_only)
    with _RECENT_LOCK:
        _RECENT[key] = result
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)
    return result, key


def forget_cached() -> None:
    """Empty this process's figures (tests whose rolled-back ids repeat)."""
    with _RECENT_LOCK:
        _RECENT.clear()
