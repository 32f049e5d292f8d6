"""System checks that refuse unsafe configuration (`radkla check --deploy` shows them too)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.checks import Error, Warning, register


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@register()
def check_configuration(app_configs: Any = None, **kwargs: Any) -> list[Error | Warning]:
    problems: list[Error | Warning] = []
    if not settings.USE_TZ or not _known_zone(settings.TIME_ZONE):
        problems.append(
            Error(
                f"TIME_ZONE {settings.TIME_ZONE!r} is not a time zone name (such as Asia/Jakarta, "
                "Asia/Makassar or Asia/Jayapura), or USE_TZ is off; moments are stored in UTC "
                "and shown in TIME_ZONE.",
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
