from __future__ import annotations

from django.contrib import admin

from radkla.audittrail.mixins import AuditedAdmin
from radkla.evaluation.models import ChecklistItem, NationalIndicator


@admin.register(NationalIndicator)
class NationalIndicatorAdmin(AuditedAdmin):
    list_display = ["number", "cluster", "name"]
    list_filter = ["cluster"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(AuditedAdmin):
    list_display = ["indicator", "position", "document", "source"]
    list_filter = ["indicator__cluster"]
    search_fields = ["document", "source"]
