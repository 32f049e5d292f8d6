from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from radkla.accounts.access import scope_for


def site(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    # Lazy: the profile query runs only on pages that show role-dependent links.
    scope = (
        SimpleLazyObject(lambda: scope_for(user))
        if user is not None and user.is_authenticated
        else None
    )
    return {"RADKLA_DEMO": settings.RADKLA_DEMO, "scope": scope}
