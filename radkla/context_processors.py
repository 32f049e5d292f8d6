from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {"RADKLA_DEMO": settings.RADKLA_DEMO}
