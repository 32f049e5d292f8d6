from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AudittrailConfig(AppConfig):
    name = "radkla.audittrail"
    verbose_name = _("Jejak audit")
