"""Funding (Pasal 5): each action's planned budget (pagu) by source and year, and what was spent.

Spending is reported per period with each realization (``Spending``); the
planned budget is entered per action here. An agency enters the budget of the
actions whose rows name it; the secretariat may enter any.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from radkla.accounts.access import Scope
from radkla.audittrail.services import Actor, record_event
from radkla.lib.decimals import decimal_problem
from radkla.monitoring.models import Budget, FundingSource, Realization, Spending
from radkla.plan.models import Action, MeasureAgency, Plan


def action_agency_ids(action: Action) -> frozenset[int]:
    return frozenset(
        MeasureAgency.objects.filter(measure__action=action).values_list("agency_id", flat=True)
    )


def set_budget(
    *, action: Action, year: int, amounts: Mapping[str, Decimal], scope: Scope, actor: Actor
) -> list[Budget]:
    """Replace the action's planned budget for the year; zero or empty removes a source."""
    if not (scope.is_secretariat or scope.can_write(action_agency_ids(action))):
        raise PermissionDenied("Anda hanya dapat mengisi pagu rencana aksi instansi Anda.")
    unknown = set(amounts) - set(FundingSource.values)
    if unknown:
        raise ValueError(f"Sumber dana tidak dikenal: {', '.join(sorted(unknown))}.")
    column = Budget._meta.get_field("amount")
    for amount in amounts.values():
        if problem := decimal_problem(amount, column):
            raise ValueError(f"Pagu: {problem}")
    if any(amount < 0 for amount in amounts.values()):
        raise ValueError("Pagu tidak boleh negatif.")
    with transaction.atomic():
        old = {b.source: str(b.amount) for b in Budget.objects.filter(action=action, year=year)}
        Budget.objects.filter(action=action, year=year).delete()
        created = Budget.objects.bulk_create(
            Budget(action=action, year=year, source=source, amount=amount)
            for source, amount in amounts.items()
            if amount
        )
        new = {b.source: str(b.amount) for b in created}
        if old != new:
            record_event(
                actor=actor,
                action="budget.set",
                obj=action,
                summary=f"Pagu {year} rencana aksi {action.name[:80]} diubah",
                old=old,
                new=new,
            )
    return created


@dataclass(frozen=True, slots=True)
class FundingLine:
    action: Action
    planned: dict[str, Decimal]
    spent: dict[str, Decimal]

    @property
    def planned_total(self) -> Decimal:
        return sum(self.planned.values(), Decimal(0))

    @property
    def spent_total(self) -> Decimal:
        return sum(self.spent.values(), Decimal(0))


def funding_lines(
    plan: Plan, year: int, agency_id: int | None = None, *, upto: int | None = None
) -> list[FundingLine]:
    """Planned and spent money per action for the year (three queries).

    Spent counts the verified revision of each realization only, so a figure never
    includes a draft or a value the task force has not checked; with ``upto``, only
    the periods up to that number (a report up to a period).
    """
    actions = Action.objects.filter(plan=plan).select_related("indicator").order_by("position")
    if agency_id is not None:
        actions = actions.filter(measures__agencies__id=agency_id).distinct()
    action_list = list(actions)
    ids = [a.pk for a in action_list]
    planned: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for budget in Budget.objects.filter(action_id__in=ids, year=year):
        planned[budget.action_id][budget.source] = budget.amount
    spending = Spending.objects.filter(
        realization__measure__action_id__in=ids,
        realization__period__year=year,
        realization__state=Realization.State.VERIFIED,
    )
    if upto is not None:
        spending = spending.filter(realization__period__number__lte=upto)
    rows = list(
        spending.values_list(
            "realization__measure__action_id",
            "realization__measure_id",
            "realization__period_id",
            "realization__area_id",
            "realization__revision",
            "source",
            "amount",
        )
    )
    # Only the newest verified revision of a realization counts: a revision replaces.
    newest: dict[tuple[int, int, int | None], int] = {}
    for _action, measure, period, area, revision, _source, _amount in rows:
        key = (measure, period, area)
        newest[key] = max(newest.get(key, 0), revision)
    spent: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for action_id, measure, period, area, revision, source, amount in rows:
        if newest[(measure, period, area)] == revision:
            spent[action_id][source] += amount
    return [
        FundingLine(action=a, planned=dict(planned[a.pk]), spent=dict(spent[a.pk]))
        for a in action_list
    ]
