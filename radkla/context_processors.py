from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from radkla.accounts.access import request_scope


def _one_city(request: HttpRequest) -> bool:
    """Whether the reader's pages open one city's plan: the task-force pages make sense."""
    from radkla.plan.selectors import PlanNotFound, SeveralPlans, get_plan

    scope = request_scope(request)
    if getattr(request, "_radkla_one_city", False) or scope.is_city:
        return True  # the page itself found the one plan in force, or the account has one city
    try:
        get_plan(scope=scope)
    except SeveralPlans:
        return False
    except PlanNotFound:
        return True  # no plan yet: the pages say so themselves
    return True


def site(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    # Lazy: the profile query runs only on pages that show role-dependent links.
    return {
        "RADKLA_DEMO": settings.RADKLA_DEMO,
        "scope": SimpleLazyObject(lambda: request_scope(request)) if signed_in else None,
        "one_city": SimpleLazyObject(lambda: _one_city(request)) if signed_in else False,
    }
