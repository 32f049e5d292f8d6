"""Where the API decides which objects a token may reach: 404 for everything else.

Every plan the API serves is looked up through ``plan_for``; the plan's periods and
measures only through the plan. An object outside the token's scope is answered
exactly like one that does not exist.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from radkla.accounts.access import Scope
from radkla.errors import NotFound
from radkla.monitoring.models import ReportingPeriod
from radkla.plan.models import Measure, MeasureAgency, Plan, Target
from radkla.plan.selectors import plans

PLAN_NOT_FOUND = "Rencana tidak ditemukan."
PERIOD_NOT_FOUND = "Periode tidak ditemukan pada rencana ini."
MEASURE_NOT_FOUND = "Ukuran tidak ditemukan pada rencana ini."


def visible_plans(scope: Scope) -> QuerySet[Plan]:
    """The plans the scope may read: those of the cities it covers (its own city, a
    province's cities, or every city)."""
    return plans(scope)


def plan_for(scope: Scope, plan_id: int) -> Plan:
    """The plan, or NotFound when it does not exist or the scope may not see it."""
    plan = visible_plans(scope).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(PLAN_NOT_FOUND)
    return plan


def period_for(plan: Plan, period_id: int) -> ReportingPeriod:
    period = ReportingPeriod.objects.filter(plan=plan, pk=period_id).first()
    if period is None:
        raise NotFound(PERIOD_NOT_FOUND)
    period.plan = plan
    return period


def measures_of(plan: Plan) -> QuerySet[Measure]:
    """The plan's measures with what reading and scoping them needs (three queries)."""
    return (
        Measure.objects.filter(plan=plan)
        .select_related("action__indicator__cluster")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year")),
            Prefetch(
                "agency_links",
                queryset=MeasureAgency.objects.select_related("agency").order_by("position"),
            ),
        )
        .order_by("position")
    )


def agency_ids(measure: Measure) -> frozenset[int]:
    return frozenset(link.agency_id for link in measure.agency_links.all())


def readable(scope: Scope, measure: Measure) -> bool:
    """May the scope see the measure's realizations (the grid's rule, ``Scope.can_read``)."""
    return scope.can_read(measure.action.indicator.cluster_id, agency_ids(measure))


def readable_measure(scope: Scope, plan: Plan, measure_id: int) -> Measure:
    """A measure of the plan whose realizations the scope may read, or NotFound."""
    measure = measures_of(plan).filter(pk=measure_id).first()
    if measure is None or not readable(scope, measure):
        raise NotFound(MEASURE_NOT_FOUND)
    return measure
