"""Funding (Pasal 5): each action's planned budget (pagu) by source and year, and what was spent.

Spending is reported per period with each realization (``Spending``); the
planned budget is entered per action here. An agency enters the budget of the
actions whose rows name it; the secretariat may enter any.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation

from radkla.accounts.access import Scope
from radkla.audittrail.models import AuditEvent
from radkla.audittrail.services import Actor, record_event
from radkla.lib.decimals import decimal_problem
from radkla.lib.text import shortened
from radkla.monitoring.models import Budget, FundingSource, Realization, Spending
from radkla.monitoring.services import MonitoringError
from radkla.plan.models import Action, MeasureAgency, Plan


def action_agency_ids(action: Action) -> frozenset[int]:
    return frozenset(
        MeasureAgency.objects.filter(measure__action=action).values_list("agency_id", flat=True)
    )


class BudgetConflict(MonitoringError):
    """Someone changed the action's budget for the year after the page was loaded."""

    def __init__(self, action: Action, year: int, current: Mapping[str, Decimal]) -> None:
        self.action_id = action.pk
        last = (
            AuditEvent.objects.filter(
                action="budget.set",
                object_type=action._meta.label_lower,
                object_id=str(action.pk),
                new__year=year,
            )
            .order_by("-at", "-id")
            .first()
        )
        by = (
            f"oleh {last.actor_label} pada {timezone.localtime(last.at):%d-%m-%Y %H:%M}"
            if last
            else "oleh orang lain"
        )
        amounts = "; ".join(
            f"{_source_label(source)} {_rupiah(amount)}"
            for source, amount in sorted(current.items())
            if amount
        )
        super().__init__(
            f"Pagu {year} rencana aksi {shortened(action.name, 80)} sudah diubah {by}; "
            f"pagu terbarunya: {amounts or 'kosong'}. Muat ulang halaman lalu simpan lagi."
        )


def _rupiah(amount: Decimal) -> str:
    return "Rp" + f"{int(amount):,}".replace(",", ".")


def _source_label(source: str) -> str:
    # Audit text is written in Indonesian whatever the reader's language.
    with translation.override("id"):
        return str(FundingSource(source).label)


def budget_version(planned: Mapping[str, Decimal]) -> str:
    """The version of an action's budget for a year, carried by the form that shows it.

    A fingerprint of the amounts: it changes whenever an amount does, needs no column,
    and a line without any budget has one too.
    """
    text = ";".join(
        f"{source}={int(planned[source])}" for source in sorted(planned) if planned[source]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def set_budget(
    *,
    action: Action,
    year: int,
    amounts: Mapping[str, Decimal],
    scope: Scope,
    actor: Actor,
    expected_version: str | None = None,
) -> list[Budget]:
    """Set the action's planned budget for the year, for the sources given only.

    A source not in ``amounts`` keeps its budget; zero removes one. With
    ``expected_version`` (``budget_version`` of what the form showed) a save made
    after someone else's is refused with a BudgetConflict. The audit event holds the
    old and new amount of every source that changed. Returns the year's budgets.
    """
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
    if action.plan.status == Plan.Status.ARCHIVED:
        raise ValueError("Rencana ini sudah diarsipkan dan hanya dapat dibaca.")
    with transaction.atomic():
        # The action's row lock makes a second save wait for the first, then see its result.
        Action.objects.select_for_update().values_list("pk", flat=True).get(pk=action.pk)
        budgets = {b.source: b for b in Budget.objects.filter(action=action, year=year)}
        current = {source: b.amount for source, b in budgets.items()}
        if expected_version is not None and expected_version != budget_version(current):
            raise BudgetConflict(action, year, current)
        changed = {
            source: (current.get(source, Decimal(0)), amount)
            for source, amount in amounts.items()
            if amount != current.get(source, Decimal(0))
        }
        for source, (_old, amount) in changed.items():
            if not amount:
                budgets.pop(source).delete()
            elif source in budgets:
                budgets[source].amount = amount
                budgets[source].save(update_fields=["amount"])
            else:
                budgets[source] = Budget.objects.create(
                    action=action, year=year, source=source, amount=amount
                )
        if changed:
            record_event(
                actor=actor,
                action="budget.set",
                obj=action,
                summary=f"Pagu {year} rencana aksi {shortened(action.name, 80)}: "
                + "; ".join(
                    f"{_source_label(source)} {_rupiah(old)} → {_rupiah(new)}"
                    for source, (old, new) in sorted(changed.items())
                ),
                old={"year": year, "amounts": {s: str(old) for s, (old, _n) in changed.items()}},
                new={"year": year, "amounts": {s: str(new) for s, (_o, new) in changed.items()}},
            )
    return list(budgets.values())


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
