"""Admin for the meetings, in Indonesian: for looking things up.

Read-only on purpose: meetings and decisions change only through the pages and
services, so every change leaves its audit event.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from radkla.meetings.models import Decision, Meeting


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class DecisionInline(_ReadOnly, admin.TabularInline[Decision, Meeting]):
    model = Decision
    extra = 0
    fields = ["position", "text", "owner", "due_on", "state", "done_note", "done_at", "done_by"]


@admin.register(Meeting)
class MeetingAdmin(_ReadOnly, admin.ModelAdmin[Meeting]):
    list_display = ["held_on", "title", "period", "place", "created_by"]
    list_filter = ["plan", "period"]
    search_fields = ["title", "minutes", "place"]
    date_hierarchy = "held_on"
    list_select_related = ["period", "created_by"]
    inlines = [DecisionInline]


@admin.register(Decision)
class DecisionAdmin(_ReadOnly, admin.ModelAdmin[Decision]):
    list_display = ["text", "meeting", "owner", "due_on", "state"]
    list_filter = ["state", "owner"]
    search_fields = ["text", "done_note"]
    list_select_related = ["meeting", "owner"]
