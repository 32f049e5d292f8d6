"""Writing audit events; called by every service inside its own transaction."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from radkla.audittrail.models import AuditEvent

Actor = User | AnonymousUser | None


def actor_label(actor: Actor) -> str:
    if actor is None or not actor.is_authenticated:
        return "sistem"
    return str(actor.get_username())


def record_event(
    *,
    actor: Actor,
    action: str,
    obj: models.Model,
    summary: str,
    old: object = None,
    new: object = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary,
        old=old,
        new=new,
    )


def data_version() -> int:
    """The newest audit event's id: it changes whenever plan or monitoring data changes.

    Every write records an event in its own transaction, so a cache keyed on this
    number can never serve figures older than the data.
    """
    newest = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    return newest or 0
