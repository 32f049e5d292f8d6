"""System checks that refuse unsafe configuration (`radkla check --deploy` shows them too)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def check_configuration(app_configs: Any = None, **kwargs: Any) -> list[Error | Warning]:
    problems: list[Error | Warning] = []
    if settings.TIME_ZONE != "UTC":
        problems.append(
            Error(
                "TIME_ZONE must be UTC; local times are shown by the interface, not stored.",
                id="radkla.E001",
            )
        )
    if not settings.DEBUG and (
        len(settings.SECRET_KEY) < 32 or settings.SECRET_KEY.startswith("django-insecure")
    ):
        problems.append(
            Error(
                "SECRET_KEY is too short or a development key; set a long random SECRET_KEY.",
                id="radkla.E002",
            )
        )
    if not settings.DEBUG and "*" in settings.ALLOWED_HOSTS:
        problems.append(
            Warning(
                "ALLOWED_HOSTS accepts any host; list the server's host names instead.",
                id="radkla.W001",
            )
        )
    return problems
