from __future__ import annotations

from django.apps import AppConfig


class RadklaConfig(AppConfig):
    """The project itself: holds the system checks on its configuration."""

    name = "radkla"
    verbose_name = "radkla"

    def ready(self) -> None:
        from radkla import checks  # noqa: F401  (registers the checks)
