"""Reads of the plan, each a fixed number of queries whatever the plan's size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from radkla.accounts.access import SYSTEM, Scope
from radkla.plan.models import Agency, Cluster, Measure, MeasureAgency, Plan, Target
from radkla.plan.parsers.cells import parse_cell
from radkla.plan.proposals import PolarityProposal, propose_polarity, trend_values
from radkla.plan.rows import MeasureRow


class PlanNotFound(LookupError):
    pass


class SeveralPlans(PlanNotFound):
    """More than one plan is in force within the scope: the caller must name one."""


def plans(scope: Scope = SYSTEM) -> QuerySet[Plan]:
    """The plans of the cities this scope covers, newest cycle first."""
    found = Plan.objects.select_related("region").order_by("region__name", "-start_year", "id")
    if scope.city_ids is not None:
        found = found.filter(region_id__in=scope.city_ids)
    return found


def get_plan(plan_id: int | None = None, scope: Scope = SYSTEM) -> Plan:
    """The plan with this id, or else the active plan: the one plan not archived.

    When the next plan cycle is imported the previous plan is archived, so
    commands and pages keep opening the plan in force; an archived plan is
    reached by its id (``--plan``, ``?rencana=``). A plan of a city outside the
    scope does not exist for it; where several cities' plans are in force (a
    province or national reader, the command line of a multi-city installation)
    the caller has to name one.
    """
    if plan_id is not None:
        plan = plans(scope).filter(pk=plan_id).first()
        if plan is None:
            raise PlanNotFound(f"Rencana #{plan_id} tidak ada.")
        return plan
    found = list(plans(scope).exclude(status=Plan.Status.ARCHIVED)[:2])
    if not found:
        if plans(scope).exists():
            raise PlanNotFound("Semua rencana sudah diarsipkan; pilih satu dengan --plan ID.")
        raise PlanNotFound("Belum ada rencana; impor dulu dengan 'radkla plan import BERKAS'.")
    if len(found) > 1:
        raise SeveralPlans(
            "Ada beberapa rencana yang berlaku (beberapa kabupaten/kota); pilih satu dengan "
            "--plan ID (daftarnya: 'radkla plan list')."
        )
    return found[0]


def measure_queryset(plan: Plan) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(plan=plan)
        .select_related("action__indicator__cluster")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year")),
            Prefetch("agency_links", queryset=MeasureAgency.objects.select_related("agency")),
        )
        .order_by("position")
    )


def measure_rows(
    plan: Plan,
    *,
    cluster: str = "",
    agency_id: int | None = None,
    search: str = "",
    include_retired: bool = False,
) -> list[MeasureRow]:
    """The plan's measures in document order, optionally filtered (three queries).

    A measure a revision retired is not part of the plan's table any more (the
    plan's history shows it); reports of earlier years still name it.
    """
    queryset = measure_queryset(plan)
    if not include_retired:
        queryset = queryset.filter(retired_from__isnull=True)
    if cluster:
        queryset = queryset.filter(action__indicator__cluster__code=cluster)
    if agency_id is not None:
        queryset = queryset.filter(agencies__id=agency_id)
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search)
            | Q(action__name__icontains=search)
            | Q(action__indicator__name__icontains=search)
            | Q(agency_raw__icontains=search)
            | Q(program__icontains=search)
        )
    rows = []
    for m in queryset:
        indicator = m.action.indicator
        links = list(m.agency_links.all())
        rows.append(
            MeasureRow(
                id=m.pk,
                location=m.source_line,
                cluster_code=indicator.cluster.code,
                cluster=indicator.cluster.name,
                indicator_no=indicator.number,
                indicator_sub=indicator.sub,
                indicator=indicator.name,
                section_heading=indicator.section_heading,
                action_id=m.action_id,
                action=m.action.name,
                measure=m.name,
                unit=m.unit,
                baseline=parse_cell(m.baseline_raw, m.unit),
                targets={t.year: parse_cell(t.raw, m.unit) for t in m.targets.all()},
                agencies=tuple(link.agency.name for link in links),
                agency_acronyms=tuple(str(link.agency) for link in links),
                agency_raw=m.agency_raw,
                program=m.program,
                polarity=m.polarity,
                polarity_confirmed=m.polarity_confirmed,
                aggregation=m.aggregation,
                aggregation_confirmed=m.aggregation_confirmed,
            )
        )
    return rows


def plan_clusters(plan: Plan) -> QuerySet[Cluster]:
    return Cluster.objects.filter(plan=plan).order_by("position")


def plan_agencies(plan: Plan) -> QuerySet[Agency]:
    return Agency.objects.filter(measures__plan=plan).distinct().order_by("name")


@dataclass(frozen=True, slots=True)
class PolarityRow:
    """A measure as the polarity page shows it: what is stored and what radkla proposes."""

    row: MeasureRow
    proposal: PolarityProposal

    @property
    def chosen(self) -> str:
        """What the page preselects: the secretariat's choice once confirmed, else the proposal."""
        return self.row.polarity if self.row.polarity_confirmed else self.proposal.polarity

    @property
    def shown(self) -> str:
        """The stored values the page was loaded with, sent back to detect a stale page."""
        return f"{self.row.polarity}:{int(self.row.polarity_confirmed)}"


def polarity_proposal(row: MeasureRow) -> PolarityProposal:
    """The proposal for a measure from its text, unit and targets (computed, never stored)."""
    cells = (row.targets[year] for year in sorted(row.targets))
    return propose_polarity(row.measure, row.unit, trend_values(cells))


def polarity_rows(plan: Plan, cluster: str) -> list[PolarityRow]:
    """A cluster's measures with their polarity proposals (three queries)."""
    return [PolarityRow(row, polarity_proposal(row)) for row in measure_rows(plan, cluster=cluster)]


def unconfirmed_polarity(plan: Plan) -> dict[str, int]:
    """How many measures of each cluster (by code) still have an unconfirmed polarity."""
    counted = (
        Measure.objects.filter(plan=plan, polarity_confirmed=False)
        .values_list("action__indicator__cluster__code")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(counted)
