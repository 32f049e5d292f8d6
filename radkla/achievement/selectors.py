"""Achievement of a plan for a year (or up to a period), in a fixed number of queries.

Everything the dashboards, the CLI and the reports show comes from
``plan_achievement``: one reading of measures, targets, agencies, periods and
realizations, then the pure engine. A number can therefore never differ between
a page, the terminal and a document.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from radkla.achievement.engine import (
    Rollup,
    Score,
    Value,
    misses,
    project,
    rollup,
    score,
    year_value,
)
from radkla.monitoring.models import Realization, ReportingPeriod
from radkla.plan.models import Cluster, Measure, MeasureAgency, Plan, Target
from radkla.plan.parsers.cells import Cell, CellKind, parse_cell

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
    aggregation: str
    area_level: str
    targets: dict[int, Cell]
    year: int
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

    @property
    def at_risk(self) -> list[MeasureResult]:
        return [m for m in self.measures if m.at_risk]


def _value(realization: Realization) -> Value:
    parts = realization.value_parts
    if parts:
        return Value(parts={k: Decimal(str(v)) for k, v in parts.items()})
    return Value(number=realization.value_number)


def plan_achievement(
    plan: Plan,
    year: int,
    *,
    period: ReportingPeriod | None = None,
    verified_only: bool = True,
) -> Achievement:
    """Capaian of every measure for the year (to the period, if given), with its rollups.

    Six queries whatever the plan's size: measures, their targets, their agency
    links, the periods, the realizations and the clusters.
    """
    measures = list(
        Measure.objects.filter(plan=plan)
        .select_related("action__indicator__cluster")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year")),
            Prefetch("agency_links", queryset=MeasureAgency.objects.select_related("agency")),
        )
        .order_by("position")
    )
    periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("year", "number"))
    realizations = Realization.objects.filter(period__plan=plan, area__isnull=True)
    if verified_only:
        realizations = realizations.filter(state=State.VERIFIED)
    newest: dict[tuple[int, int], Realization] = {}
    for r in realizations.only(
        "id", "measure_id", "period_id", "revision", "value_number", "value_parts", "state"
    ):
        key = (r.measure_id, r.period_id)
        if key not in newest or r.revision > newest[key].revision:
            newest[key] = r
    years = sorted({p.year for p in periods})
    closed_years = {
        y
        for y in years
        if all(p.state == ReportingPeriod.State.CLOSED for p in periods if p.year == y)
    }
    selected = [
        p for p in periods if p.year == year and (period is None or p.number <= period.number)
    ]
    results = []
    for m in measures:
        targets = {t.year: parse_cell(t.raw, m.unit) for t in m.targets.all()}

        def value_of(p: ReportingPeriod, m: Measure = m) -> Value | None:
            found = newest.get((m.pk, p.pk))
            return _value(found) if found is not None else None

        yearly = {
            y: year_value(
                [v for p in periods if p.year == y if (v := value_of(p)) is not None],
                m.aggregation,
            )
            for y in years
        }
        current = [(p.code, value_of(p)) for p in selected]
        counted = [newest[(m.pk, p.pk)] for p in selected if (m.pk, p.pk) in newest]
        value = year_value([v for _c, v in current if v is not None], m.aggregation)
        projection = _projection(m, plan, yearly, closed_years)
        indicator = m.action.indicator
        links = list(m.agency_links.all())
        result = MeasureResult(
            id=m.pk,
            position=m.position,
            name=m.name,
            unit=m.unit,
            indicator_id=indicator.pk,
            indicator_label=indicator.label,
            indicator_name=indicator.name,
            cluster_id=indicator.cluster_id,
            cluster_code=indicator.cluster.code,
            agencies=tuple(str(link.agency) for link in links),
            agency_ids=tuple(link.agency_id for link in links),
            polarity=m.polarity,
            aggregation=m.aggregation,
            area_level=m.area_level,
            targets=targets,
            year=year,
            periods=current,
            value=value,
            score=score(targets.get(year), value, m.polarity),
            yearly=yearly,
            projection=projection,
            at_risk=misses(projection, targets.get(plan.end_year), m.polarity),
            realization_id=counted[-1].pk if counted else None,
            baseline=_baseline_value(m),
        )
        results.append(result)
    trend = {
        y: rollup(score(r.targets.get(y), r.yearly.get(y), r.polarity) for r in results)
        for y in years
    }
    return Achievement(
        plan=plan,
        year=year,
        period=period,
        verified_only=verified_only,
        measures=results,
        plan_rollup=rollup(m.score for m in results),
        clusters=_cluster_groups(results, Cluster.objects.filter(plan=plan).order_by("position")),
        indicators=_indicator_groups(results),
        agencies=_agency_groups(results),
        trend=trend,
        baseline_rollup=rollup(
            score(r.targets.get(plan.start_year), r.baseline, r.polarity) for r in results
        ),
        projected_rollup=rollup(
            score(
                r.targets.get(plan.end_year),
                Value(number=r.projection) if r.projection is not None else None,
                r.polarity,
            )
            for r in results
        ),
    )


def _baseline_value(measure: Measure) -> Value | None:
    cell = parse_cell(measure.baseline_raw, measure.unit)
    if cell.kind == CellKind.COMPOSITE:
        return Value(parts={p.label: p.value for p in cell.parts})
    if cell.kind in (CellKind.NUMBER, CellKind.PERCENT):
        return Value(number=cell.number)
    return None


def _projection(
    measure: Measure, plan: Plan, yearly: dict[int, Value | None], closed_years: set[int]
) -> Decimal | None:
    points: list[tuple[int, Decimal]] = []
    if measure.aggregation != Measure.Aggregation.SUM:
        baseline = parse_cell(measure.baseline_raw, measure.unit)
        total = (
            sum((p.value for p in baseline.parts), Decimal(0))
            if baseline.kind == CellKind.COMPOSITE
            else baseline.number
        )
        if total is not None and baseline.kind != CellKind.THRESHOLD:
            points.append((plan.baseline_year, total))
    for y in sorted(closed_years):
        value = yearly.get(y)
        if value is not None and value.total is not None:
            points.append((y, value.total))
    if len(points) < 2:
        return None
    return project(points, plan.end_year)


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
