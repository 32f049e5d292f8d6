"""Admin for the plan, in Indonesian: for corrections the pages do not offer yet."""

from __future__ import annotations

from django.contrib import admin

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


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ["name", "acronym"]
    search_fields = ["name", "acronym", "aliases"]


class ClusterInline(admin.TabularInline[Cluster, Plan]):
    model = Cluster
    extra = 0
    fields = ["position", "code", "name", "heading"]


@admin.register(Plan)
class PlanAdmin(AuditedAdmin):
    list_display = ["title", "region", "legal_basis", "start_year", "end_year", "status"]
    list_filter = ["status"]
    search_fields = ["title", "legal_basis"]
    readonly_fields = ["source_name", "source_fingerprint", "imported_at", "import_warnings"]
    inlines = [ClusterInline]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["number", "sub", "name", "cluster", "plan"]
    list_filter = ["plan", "cluster__code"]
    search_fields = ["name"]
    list_select_related = ["cluster", "plan__region"]


@admin.register(Action)
class ActionAdmin(AuditedAdmin):
    list_display = ["name", "indicator", "source_line"]
    list_filter = ["plan"]
    search_fields = ["name"]
    list_select_related = ["indicator"]
    raw_id_fields = ["indicator"]


class TargetInline(admin.TabularInline[Target, Measure]):
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
class MeasureAdmin(AuditedAdmin):
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
