"""Admin for the plan, in Indonesian: for corrections the pages do not offer yet."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from radkla.audittrail.mixins import AuditedAdmin
from radkla.plan.models import (
    Action,
    Agency,
    Cluster,
    Indicator,
    Measure,
    MeasureAgency,
    Plan,
    Target,
)

# Document texts are TextFields (a cell can be long) but read as one line: a one-line
# input suits them better than a textarea.
ONE_LINE_TEXTS = frozenset(
    {"title", "legal_basis", "source_name", "heading", "section_heading", "unit",
     "baseline_raw", "agency_raw", "raw", "source_line"}
)  # fmt: skip


def one_line_widget(db_field: models.Field[Any, Any], kwargs: dict[str, Any]) -> None:
    if isinstance(db_field, models.TextField) and db_field.name in ONE_LINE_TEXTS:
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "vTextField"}))


class OneLineTexts:
    """Admin mixin: the document's one-line texts get a text input, not a textarea."""

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        one_line_widget(db_field, kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc, no-any-return]


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ["name", "acronym", "region"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "acronym", "aliases"]


class ClusterInline(OneLineTexts, admin.TabularInline[Cluster, Plan]):
    model = Cluster
    extra = 0
    fields = ["position", "code", "name", "heading"]


@admin.register(Plan)
class PlanAdmin(OneLineTexts, AuditedAdmin):
    list_display = ["title", "region", "legal_basis", "start_year", "end_year", "status"]
    list_filter = ["status"]
    search_fields = ["title", "legal_basis"]
    readonly_fields = ["source_name", "source_fingerprint", "imported_at", "import_warnings"]
    inlines = [ClusterInline]


@admin.register(Indicator)
class IndicatorAdmin(OneLineTexts, AuditedAdmin):
    list_display = ["number", "sub", "name", "cluster", "plan"]
    list_filter = ["plan", "cluster__code"]
    search_fields = ["name"]
    list_select_related = ["cluster", "plan__region"]


@admin.register(Action)
class ActionAdmin(OneLineTexts, AuditedAdmin):
    list_display = ["name", "indicator", "source_line"]
    list_filter = ["plan"]
    search_fields = ["name"]
    list_select_related = ["indicator"]
    raw_id_fields = ["indicator"]


class TargetInline(OneLineTexts, admin.TabularInline[Target, Measure]):
    model = Target
    extra = 0
    fields = ["year", "raw", "kind", "value"]
    # Cells come from the regulation; a revised regulation is imported, not typed here.
    readonly_fields = ["year", "raw", "kind", "value"]
    can_delete = False
    max_num = 0


class MeasureAgencyInline(admin.TabularInline[MeasureAgency, Measure]):
    model = MeasureAgency
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(Measure)
class MeasureAdmin(OneLineTexts, AuditedAdmin):
    list_display = [
        "name",
        "unit",
        "baseline_raw",
        "polarity",
        "polarity_confirmed",
        "aggregation",
        "aggregation_confirmed",
        "agency_raw",
    ]
    list_filter = ["plan", "polarity", "polarity_confirmed", "aggregation", "aggregation_confirmed"]
    search_fields = ["name", "agency_raw", "action__name"]
    raw_id_fields = ["action"]
    readonly_fields = ["baseline_raw", "baseline_kind", "baseline_value", "source_line"]
    inlines = [TargetInline, MeasureAgencyInline]
