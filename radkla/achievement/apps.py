from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AchievementConfig(AppConfig):
    name = "radkla.achievement"
    verbose_name = _("Capaian")
