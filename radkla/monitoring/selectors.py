"""Reads of the monitoring cycle, each a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from radkla.accounts.access import Scope
from radkla.achievement.display import value_text
from radkla.achievement.engine import Completeness, Value, is_due
from radkla.audittrail.models import AuditEvent
from radkla.lib.revisions import newest
from radkla.monitoring.models import Evidence, Realization, ReportingPeriod
from radkla.monitoring.services import accepts_evidence
from radkla.monitoring.values import part_labels
from radkla.plan.inforce import is_in_force, measures_in_force, period_key
from radkla.plan.models import Measure, MeasureAgency, Plan, Target
from radkla.plan.parsers.cells import Cell, parse_cell
from radkla.regions.models import Region

State = Realization.State


@lru_cache(maxsize=8192)
def target_is_due(raw: str, unit: str) -> bool:
    """Whether a stored target cell makes its measure due that year (``engine.is_due``)."""
    return is_due(parse_cell(raw, unit))


def periods_of(plan: Plan) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(plan=plan).order_by("year", "number")


def open_periods(plan: Plan) -> list[ReportingPeriod]:
    return list(periods_of(plan).filter(state=ReportingPeriod.State.OPEN))


def periods_to(plan: Plan, year: int, period: ReportingPeriod | None) -> list[ReportingPeriod]:
    """The year's periods a report counts: all of them, or up to ``period``, in order."""
    periods = ReportingPeriod.objects.filter(plan=plan, year=year).order_by("number")
    if period is not None:
        periods = periods.filter(number__lte=period.number)
    return list(periods)


def find_period(plan: Plan, code: str) -> ReportingPeriod | None:
    """A period by its code, ``2025-1``."""
    year, _sep, number = code.partition("-")
    if not (year.isdecimal() and number.isdecimal()):
        return None
    return periods_of(plan).filter(year=int(year), number=int(number)).first()


@dataclass
class GridRow:
    """One measure in an agency's period grid, with what the page needs to show it."""

    measure: Measure
    target: Cell | None
    labels: list[str]
    current: Realization | None
    previous_value: Decimal | None
    evidence: list[Evidence] = field(default_factory=list)
    previous_parts: dict[str, object] | None = None

    @property
    def previous_text(self) -> str:
        """The previous period's value as read: ``97,5`` or ``Motor 1 Molin 0``."""
        if self.previous_parts:
            return value_text(
                Value(parts={k: Decimal(str(v)) for k, v in self.previous_parts.items()}),
                labels=self.labels,
            )
        return value_text(Value(number=self.previous_value))

    @property
    def is_stock(self) -> bool:
        return self.measure.aggregation != Measure.Aggregation.SUM

    @property
    def editable(self) -> bool:
        return self.current is None or self.current.state != State.SUBMITTED

    @property
    def accepts_evidence(self) -> bool:
        """Whether "Unggah bukti" would be accepted: the same rule as ``add_evidence``."""
        return self.current is not None and accepts_evidence(self.current)


def _measures(plan: Plan) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(plan=plan)
        .select_related("action__indicator__cluster")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year")),
            Prefetch("agency_links", queryset=MeasureAgency.objects.select_related("agency")),
        )
        .order_by("position")
    )


def _latest_by_measure(realizations: list[Realization]) -> dict[int, Realization]:
    return newest(
        (r for r in realizations if r.area_id is None),
        key=lambda r: r.measure_id,
        revision=lambda r: r.revision,
    )


def grid_rows(
    period: ReportingPeriod, agency_id: int, measure_id: int | None = None
) -> list[GridRow]:
    """The agency's measures for a period with their current and previous values.

    With ``measure_id``, just that row (empty when it is not the agency's).
    """
    queryset = _measures(period.plan).filter(
        measures_in_force(period_key(period.year, period.number)), agencies__id=agency_id
    )
    if measure_id is not None:
        queryset = queryset.filter(pk=measure_id)
    measures = list(queryset.distinct())
    ids = [m.pk for m in measures]
    previous = (
        periods_of(period.plan)
        .filter(year=period.year, number__lt=period.number)
        .order_by("-number")
        .first()
    )
    period_ids = [period.pk] + ([previous.pk] if previous else [])
    realizations = list(
        Realization.objects.filter(measure_id__in=ids, period_id__in=period_ids)
        .select_related("updated_by")
        .prefetch_related("evidence", "spending")
    )
    current = _latest_by_measure([r for r in realizations if r.period_id == period.pk])
    before = _latest_by_measure([r for r in realizations if r.period_id != period.pk])
    rows = []
    for m in measures:
        # Only this year's target is parsed: the grid shows and checks no other.
        this_year = next((t for t in m.targets.all() if t.year == period.year), None)
        target = parse_cell(this_year.raw, m.unit) if this_year else None
        mine = current.get(m.pk)
        last = before.get(m.pk)
        rows.append(
            GridRow(
                measure=m,
                target=target,
                labels=part_labels(target, parse_cell(m.baseline_raw, m.unit)),
                current=mine,
                previous_value=last.value_number if last else None,
                previous_parts=last.value_parts if last else None,
                evidence=list(mine.evidence.all()) if mine else [],
            )
        )
    return rows


def verification_queue(period: ReportingPeriod, scope: Scope) -> list[Realization]:
    """Submitted realizations of the period the scope may verify."""
    queryset = (
        Realization.objects.filter(period=period, state=State.SUBMITTED)
        .select_related("measure__action__indicator__cluster", "updated_by")
        .prefetch_related(
            "evidence",
            Prefetch(
                "measure__agency_links", queryset=MeasureAgency.objects.select_related("agency")
            ),
            Prefetch("measure__targets", queryset=Target.objects.order_by("year")),
        )
        .order_by("measure__position")
    )
    if not scope.is_secretariat:
        queryset = queryset.filter(measure__action__indicator__cluster_id__in=scope.cluster_ids)
    return [
        r
        for r in queryset
        if scope.can_verify(
            r.measure.action.indicator.cluster_id,
            {link.agency_id for link in r.measure.agency_links.all()},
        )
    ]


@dataclass(frozen=True, slots=True)
class PeriodStatus:
    """How far one agency is with one period."""

    period: ReportingPeriod
    required: int
    draft: int
    submitted: int
    verified: int
    returned: int
    on_time: int = 0  # submitted (or verified) no later than the deadline

    @property
    def missing(self) -> int:
        return self.required - self.draft - self.submitted - self.verified - self.returned

    @property
    def reported(self) -> int:
        return self.submitted + self.verified

    @property
    def to_do(self) -> int:
        """Rows the agency still has to act on: missing, draft or returned."""
        return self.missing + self.draft + self.returned

    def is_late(self, today: dt.date) -> bool:
        return today > self.period.deadline and self.to_do > 0

    @property
    def completeness(self) -> Completeness:
        return Completeness(self.required, self.reported, self.on_time, self.verified)


def agency_status(plan: Plan, agency_id: int) -> list[PeriodStatus]:
    """Per period (open or closed) the agency's counts by state, in three queries.

    A period requires the agency's measures due in its year (a target that year,
    not ``-``); rows of other measures are not counted.
    """
    return agency_statuses(plan, [agency_id])[agency_id]


def agency_statuses(
    plan: Plan,
    agency_ids: Collection[int] | None = None,
    *,
    period_ids: Collection[int] | None = None,
) -> dict[int, list[PeriodStatus]]:
    """``agency_status`` of many agencies (every agency of the plan when None), in three queries.

    A laporan asks for all of them at once: one reading instead of one per agency.
    ``period_ids`` limits the reading to those periods (the recap asks for one).
    """
    periods = [
        p
        for p in periods_of(plan)
        if p.state != ReportingPeriod.State.UPCOMING and (period_ids is None or p.pk in period_ids)
    ]
    deadlines = {p.pk: p.deadline for p in periods}
    year_of = {p.pk: p.year for p in periods}
    by_id = {p.pk: p for p in periods}
    targets = Target.objects.filter(measure__plan=plan)
    if period_ids is not None:
        targets = targets.filter(year__in={p.year for p in periods})
    if agency_ids is not None:
        targets = targets.filter(measure__agencies__id__in=list(agency_ids))
    due: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    owners: dict[int, set[int]] = defaultdict(set)  # measure → its agencies asked about
    span: dict[int, tuple[int | None, int | None]] = {}  # measure → (due from, retired from)
    for measure_id, year, raw, unit, agency_id, due_from, retired_from in targets.values_list(
        "measure_id",
        "year",
        "raw",
        "measure__unit",
        "measure__agencies__id",
        "measure__due_from",
        "measure__retired_from",
    ).distinct():
        if agency_id is None or (agency_ids is not None and agency_id not in agency_ids):
            continue
        owners[measure_id].add(agency_id)
        span[measure_id] = (due_from, retired_from)
        if target_is_due(raw, unit):
            due[agency_id][year].add(measure_id)

    def required(agency_id: int, p: ReportingPeriod) -> set[int]:
        """What the agency must report for the period: due that year and in force then."""
        key = period_key(p.year, p.number)
        return {m for m in due[agency_id][p.year] if is_in_force(*span[m], key)}

    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = Realization.objects.filter(
        period__in=periods, measure_id__in=list(owners), area__isnull=True
    ).values_list("period_id", "measure_id", "revision", "state", "submitted_at")
    latest = newest(rows, key=lambda row: (row[0], row[1]), revision=lambda row: row[2])
    for period_id, measure_id, _revision, state, submitted_at in latest.values():
        in_time = submitted_at is not None and (
            timezone.localtime(submitted_at).date() <= deadlines[period_id]
        )
        period = by_id[period_id]
        for agency_id in owners[measure_id]:
            if measure_id not in due[agency_id][year_of[period_id]]:
                continue
            if not is_in_force(*span[measure_id], period_key(period.year, period.number)):
                continue
            counted = counts[(agency_id, period_id)]
            counted[state] += 1
            if state in (State.SUBMITTED, State.VERIFIED) and in_time:
                counted["on_time"] += 1
    wanted = agency_ids if agency_ids is not None else sorted(due)
    return {
        agency_id: [
            PeriodStatus(
                period=p,
                required=len(required(agency_id, p)),
                draft=counts[(agency_id, p.pk)][State.DRAFT],
                submitted=counts[(agency_id, p.pk)][State.SUBMITTED],
                verified=counts[(agency_id, p.pk)][State.VERIFIED],
                returned=counts[(agency_id, p.pk)][State.RETURNED],
                on_time=counts[(agency_id, p.pk)]["on_time"],
            )
            for p in periods
        ]
        for agency_id in wanted
    }


def realization_history(realization: Realization) -> list[AuditEvent]:
    """Every audit event of every revision of this realization, oldest first."""
    revisions = Realization.objects.filter(
        measure_id=realization.measure_id,
        period_id=realization.period_id,
        area_id=realization.area_id,
    ).values_list("pk", flat=True)
    return list(
        AuditEvent.objects.filter(
            object_type="monitoring.realization", object_id__in=[str(pk) for pk in revisions]
        ).order_by("at", "id")
    )


@dataclass(frozen=True, slots=True)
class AreaRow:
    area: Region
    current: Realization | None


def area_rows(period: ReportingPeriod, measure: Measure) -> list[AreaRow]:
    """The kecamatan or kelurahan of the plan's region, each with its realization (2 queries)."""
    region = period.plan.region
    areas = Region.objects.filter(
        level=measure.area_level,
        **({"parent": region} if measure.area_level == "kecamatan" else {"parent__parent": region}),
    ).order_by("code")
    latest = newest(
        Realization.objects.filter(period=period, measure=measure, area__isnull=False),
        key=lambda r: r.area_id or 0,
        revision=lambda r: r.revision,
    )
    return [AreaRow(area, latest.get(area.pk)) for area in areas]


@dataclass(frozen=True, slots=True)
class LateAgency:
    agency_id: int
    agency: str
    period: ReportingPeriod
    to_do: int


def late_agencies(plan: Plan, today: dt.date) -> list[LateAgency]:
    """Agencies with unfinished rows in open periods whose deadline has passed (4 queries).

    Only measures due in the period's year count (see ``agency_status``).
    """
    periods = [
        p for p in periods_of(plan).filter(state=ReportingPeriod.State.OPEN) if p.deadline < today
    ]
    if not periods:
        return []
    required: dict[tuple[int, int], set[int]] = defaultdict(set)  # (agency, year) → measures
    names: dict[int, str] = {}
    span: dict[int, tuple[int | None, int | None]] = {}  # measure → (due from, retired from)
    for (
        agency_id,
        measure_id,
        acronym,
        name,
        year,
        raw,
        unit,
        due_from,
        retired_from,
    ) in MeasureAgency.objects.filter(
        measure__plan=plan, measure__targets__year__in={p.year for p in periods}
    ).values_list(
        "agency_id",
        "measure_id",
        "agency__acronym",
        "agency__name",
        "measure__targets__year",
        "measure__targets__raw",
        "measure__unit",
        "measure__due_from",
        "measure__retired_from",
    ):
        if target_is_due(raw, unit):
            required[(agency_id, year)].add(measure_id)
            names[agency_id] = acronym or name
            span[measure_id] = (due_from, retired_from)
    rows = Realization.objects.filter(period__in=periods, area__isnull=True).values_list(
        "period_id", "measure_id", "revision", "state"
    )
    states = {
        key: row[3]
        for key, row in newest(
            rows, key=lambda row: (row[0], row[1]), revision=lambda row: row[2]
        ).items()
    }
    done_states = {State.SUBMITTED, State.VERIFIED}
    late = []
    for period in periods:
        for (agency_id, year), measures in required.items():
            if year != period.year:
                continue
            key = period_key(period.year, period.number)
            asked = {m for m in measures if is_in_force(*span[m], key)}
            done = sum(1 for m in asked if states.get((period.pk, m), "") in done_states)
            if done < len(asked):
                late.append(LateAgency(agency_id, names[agency_id], period, len(asked) - done))
    return sorted(late, key=lambda x: (x.period.year, x.period.number, -x.to_do, x.agency))


@dataclass(frozen=True, slots=True)
class VerifiedNote:
    """The obstacles and follow-up of a realization as its newest verified revision says them."""

    realization_id: int
    measure_id: int
    period_id: int
    obstacles: str
    follow_up: str
    public: bool


def verified_notes(
    periods: list[ReportingPeriod], *, public_only: bool = False
) -> list[VerifiedNote]:
    """Obstacles and follow-ups of the city-wide realizations verified in ``periods``.

    Only the newest verified revision of each (measure, period) speaks: a later
    verified revision replaces an earlier one's words, so a corrected obstacle
    never appears twice and a withdrawn one not at all. In measure, then period order.
    """
    rows = Realization.objects.filter(
        period__in=periods, state=State.VERIFIED, area__isnull=True
    ).values_list(
        "id",
        "measure_id",
        "period_id",
        "revision",
        "obstacles",
        "follow_up",
        "obstacles_public",
        "measure__position",
        "period__year",
        "period__number",
    )
    current = newest(rows, key=lambda r: (r[1], r[2]), revision=lambda r: r[3]).values()
    notes = [
        VerifiedNote(row[0], row[1], row[2], row[4].strip(), row[5].strip(), row[6])
        for row in sorted(current, key=lambda r: (r[7], r[8], r[9]))
        if (row[4].strip() or row[5].strip()) and (row[6] or not public_only)
    ]
    return [n for n in notes if n.obstacles or not public_only]


def period_to_verify(plan: Plan, scope: Scope) -> int | None:
    """The period a verifier starts on (its id): the oldest with submissions in their
    clusters, else the newest open period; None without either (two queries at most)."""
    waiting = Realization.objects.filter(period__plan=plan, state=State.SUBMITTED)
    if not scope.is_secretariat:
        waiting = waiting.filter(measure__action__indicator__cluster_id__in=scope.cluster_ids)
    found = (
        waiting.order_by("period__year", "period__number")
        .values_list("period_id", flat=True)
        .first()
    )
    if found is not None:
        return found
    return (
        periods_of(plan)
        .filter(state=ReportingPeriod.State.OPEN)
        .order_by("-year", "-number")
        .values_list("pk", flat=True)
        .first()
    )


@dataclass(frozen=True, slots=True)
class PeriodWork:
    """A period with what waits in it: submissions to verify, agencies late."""

    period: ReportingPeriod
    waiting: int
    late: int


@dataclass(frozen=True, slots=True)
class LateGroup:
    """An agency late in one or more periods: which, and how many rows it still owes."""

    agency_id: int
    agency: str
    periods: list[ReportingPeriod]
    to_do: int


@dataclass(frozen=True, slots=True)
class SecretariatWork:
    """The secretariat's start page: open periods, submissions waiting, agencies late."""

    open_periods: list[PeriodWork]
    waiting: list[PeriodWork]  # every period with submissions waiting, oldest first
    late: list[LateGroup]  # one per agency, the most rows owed first

    @property
    def waiting_total(self) -> int:
        return sum(w.waiting for w in self.waiting)


def secretariat_work(plan: Plan, today: dt.date) -> SecretariatWork:
    """What waits for the secretariat today (six queries whatever the plan's size)."""
    periods = list(periods_of(plan))
    waiting = dict(
        Realization.objects.filter(period__plan=plan, state=State.SUBMITTED)
        .values_list("period_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    late = late_agencies(plan, today)
    late_count: dict[int, int] = defaultdict(int)
    for item in late:
        late_count[item.period.pk] += 1
    late_periods: dict[int, list[LateAgency]] = defaultdict(list)
    for item in late:  # in period order
        late_periods[item.agency_id].append(item)
    groups = [
        LateGroup(
            agency_id, items[0].agency, [i.period for i in items], sum(i.to_do for i in items)
        )
        for agency_id, items in late_periods.items()
    ]
    work = [PeriodWork(p, waiting.get(p.pk, 0), late_count.get(p.pk, 0)) for p in periods]
    return SecretariatWork(
        open_periods=[w for w in work if w.period.state == ReportingPeriod.State.OPEN],
        waiting=[w for w in work if w.waiting],
        late=sorted(groups, key=lambda g: (-g.to_do, g.agency)),
    )
