from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationConfig(AppConfig):
    name = "radkla.nation"
    verbose_name = _("Rekap wilayah")
