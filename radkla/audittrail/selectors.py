"""The audit trail as people read it: actions in words, objects by their names."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from radkla.audittrail.labels import action_label
from radkla.audittrail.models import AuditEvent

# How an object is named in the log, and the rows its name reads (one query per type).
NAMES: dict[str, tuple[tuple[str, ...], Callable[[Any], str]]] = {
    "monitoring.realization": (
        ("measure", "period"),
        lambda r: f"{r.measure.name} · {r.period.label}",
    ),
    "monitoring.reminder": (("agency", "period"), lambda r: f"{r.agency} · {r.period.label}"),
    "plan.plan": (("region",), str),
    "reports.reportsettings": (("region",), str),
    "accounts.profile": (("user",), lambda p: p.user.get_full_name() or p.user.get_username()),
    "evaluation.indicatormapping": (("indicator", "national"), str),
    "evaluation.indicatorweight": (("evaluation", "national"), str),
    "evaluation.evidencetag": (("evidence", "item__indicator"), str),
    "evaluation.checklistitem": (("indicator",), str),
    "plan.measureagency": (("agency", "measure"), str),
    "monitoring.budget": (("action",), str),
    "monitoring.spending": ((), str),
}


@dataclass(frozen=True, slots=True)
class EventRow:
    event: AuditEvent
    action_label: str  # ``Rapat dicatat``
    object_kind: str  # ``rapat koordinasi``
    object_name: str  # ``12-03-2025 Rapat koordinasi I``, or ``#7 (sudah dihapus)``


def _names(object_type: str, ids: set[str]) -> tuple[str, dict[str, str]]:
    """The kind of object and the names of those still there (one query)."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type, {}
    related, name = NAMES.get(object_type, ((), str))
    try:
        found = model._default_manager.select_related(*related).filter(pk__in=ids)
        names = {str(obj.pk): name(obj) for obj in found}
    except (TypeError, ValueError):  # an id that is not this model's key
        names = {}
    return str(model._meta.verbose_name), names


def event_rows(events: Iterable[AuditEvent]) -> list[EventRow]:
    """Events ready to read: one query per kind of object among them."""
    events = list(events)
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        wanted[event.object_type].add(event.object_id)
    named = {object_type: _names(object_type, ids) for object_type, ids in wanted.items()}
    gone = _("sudah dihapus")
    rows = []
    for event in events:
        kind, names = named[event.object_type]
        name = names.get(event.object_id) or f"#{event.object_id} ({gone})"
        rows.append(EventRow(event, action_label(event.action), kind, name))
    return rows


def action_choices() -> list[tuple[str, str]]:
    """Every action recorded so far, as (code, words), in the order of the words."""
    codes = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
    return sorted(((code, action_label(code)) for code in codes), key=lambda c: c[1].lower())
