"""Writing audit events; called by every service inside its own transaction."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Subquery

from radkla.audittrail.models import AuditEvent
from radkla.regions.models import Region

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
        region_id=region_of(obj),
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary,
        old=old,
        new=new,
    )


# The paths from a recorded object to its city, tried in order: every object the
# services record belongs to a plan, a period, a measure, a realization or a meeting.
_REGION_PATHS = (
    ("region_id",),
    ("plan", "region_id"),
    ("period", "plan", "region_id"),
    ("measure", "plan", "region_id"),
    ("realization", "measure", "plan", "region_id"),
    ("meeting", "plan", "region_id"),
    ("agency", "region_id"),
    ("user", "profile", "region_id"),  # an API token: its account's city
)


def region_of(obj: models.Model) -> int | None:
    """The kabupaten/kota an object's data belongs to; None for installation-wide objects."""
    if isinstance(obj, Region):
        return None  # the region list itself is the installation's
    for path in _REGION_PATHS:
        value: object = obj
        for name in path:
            if not hasattr(value, name):
                break
            value = getattr(value, name)
        else:
            return value if isinstance(value, int) else None
    return None


def data_version(region_id: int | None = None) -> int:
    """The newest audit event that concerns a city: it changes whenever its data changes.

    Every write records an event in its own transaction, so a cache keyed on this
    number can never serve figures older than the data. Another city's writes leave
    it alone; installation-wide events (a region renamed) count for every city.
    Two index look-ups, one query.
    """
    if region_id is None:
        return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    events = AuditEvent.objects.order_by("-id").values("id")
    found = (
        Region.objects.filter(pk=region_id)
        .annotate(
            own=Subquery(events.filter(region_id=region_id)[:1]),
            shared=Subquery(events.filter(region__isnull=True)[:1]),
        )
        .values_list("own", "shared")
        .first()
    )
    return max(found[0] or 0, found[1] or 0) if found else 0
