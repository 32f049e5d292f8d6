"""Where each role starts: after signing in, on the brand link and at ``/``.

The operator starts on *Laporan saya*, a cluster coordinator on the verification
queue, the secretariat on its work page (*Beranda sekretariat*), pimpinan and
readers on *Capaian*. Each start page is a short page, not the whole plan table.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.urls import reverse

from radkla.accounts.access import Role, scope_for
from radkla.monitoring.selectors import period_to_verify
from radkla.plan.selectors import PlanNotFound, get_plan


def landing_url(user: User | AnonymousUser) -> str:
    """The start page of a signed-in user (two to four queries)."""
    scope = scope_for(user)
    if scope.is_operator and scope.agency_id is not None:
        return reverse("monitoring:my_reports")
    if scope.is_secretariat:
        return reverse("monitoring:workbench")
    if scope.role == Role.COORDINATOR:
        try:
            period_id = period_to_verify(get_plan(scope=scope), scope)
        except PlanNotFound:
            return reverse("plan:home")
        if period_id is None:
            return reverse("monitoring:periods")
        return reverse("monitoring:verification", args=[period_id])
    return reverse("achievement:dashboard")
