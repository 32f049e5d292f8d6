"""Dashboards: the plan at a glance, a cluster, an indicator, an agency, and the public page."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from radkla.achievement.areas import area_measures
from radkla.achievement.charts import capaian_bars
from radkla.achievement.display import CAPAIAN_FORMAT, is_composite, value_text
from radkla.achievement.engine import Category, Value, score
from radkla.achievement.selectors import (
    Achievement,
    Group,
    MeasureResult,
    cached_plan_achievement,
    data_year,
)
from radkla.lib.tables import Column, download
from radkla.meetings.selectors import open_follow_ups
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.selectors import agency_status, late_agencies, verified_notes
from radkla.plan.chosen import ChosenPlan, chosen_plan
from radkla.plan.inforce import key_label
from radkla.plan.models import Plan, PlanRevision


def _plan(request: HttpRequest) -> ChosenPlan:
    return chosen_plan(request)


def _year(request: HttpRequest, plan: Plan) -> int:
    text = request.GET.get("tahun", "")
    if text.isdecimal() and int(text) in plan.years:
        return int(text)
    return data_year(plan)


def _revision_line(achievement: Achievement) -> str:
    """Whose targets the figures use: "Target menurut revisi 1 (berlaku sejak ...)"."""
    revision = achievement.revision
    if revision is None:
        return ""
    if revision.kind == PlanRevision.Kind.IMPORT:
        since = _("impor awal")
    elif revision.effective_from is None:
        since = _("berlaku sejak awal rencana")
    else:
        since = _("berlaku sejak %(period)s") % {
            "period": key_label(achievement.plan, revision.effective_from)
        }
    return _("Target menurut revisi %(label)s (%(since)s)") % {
        "label": revision.label,
        "since": since,
    }


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _realisasi(m: MeasureResult) -> str | float | None:
    """A number stays a number in the download; a composite keeps its parts as text."""
    if is_composite(m.value):
        return value_text(m.value, labels=m.labels)
    return _number(m.value.total) if m.value else None


MEASURE_COLUMNS = (
    Column("Ind.", lambda m: m.indicator_label),
    Column("Ukuran", lambda m: m.name),
    Column("Satuan", lambda m: m.unit),
    Column("Instansi", lambda m: ", ".join(m.agencies)),
    Column("Target", lambda m: m.target.raw if m.target else ""),
    Column("Realisasi", lambda m: _realisasi(m)),
    Column("Capaian (%)", lambda m: _number(m.score.capaian), number_format=CAPAIAN_FORMAT),
    Column("Kategori", lambda m: str(m.score.category or m.status)),
    Column("Keterangan", lambda m: m.score.reason or m.score.threshold_label),
    Column("Proyeksi akhir rencana", lambda m: _number(m.projection)),
    Column("Berisiko", lambda m: "ya" if m.at_risk else ""),
)


def _measures_page(
    request: HttpRequest,
    chosen: ChosenPlan,
    template: str,
    achievement: Achievement,
    measures: list[MeasureResult],
    title: str,
    context: dict[str, object],
    key: str = "",
) -> HttpResponse:
    exported = download(request.GET.get("export", ""), title, MEASURE_COLUMNS, measures)
    if exported is not None:
        return exported
    return render(
        request,
        template,
        {
            **chosen.context(),
            "active_url": reverse("achievement:dashboard"),
            "revision_line": _revision_line(achievement),
            "achievement": achievement,
            "cutoff": achievement.cutoff,
            "year": achievement.year,
            "years": list(achievement.plan.years),
            "measures": measures,
            "title": title,
            # Rendered tables are cached under the figures' own key (see the templates).
            "fragment_key": f"{key}:{title}",
            **context,
        },
    )


def _bars(groups: list[Group], title: str) -> str:
    svg = capaian_bars([g.label for g in groups], [g.rollup.capaian for g in groups], title=title)
    return mark_safe(svg)  # noqa: S308  (charts escape every label they draw)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    chosen = _plan(request)
    plan = chosen.plan
    achievement, key = cached_plan_achievement(plan, _year(request, plan))
    plan_years = sorted(achievement.trend)
    trend = capaian_bars(
        [f"{plan.baseline_year}\ndata dasar", *map(str, plan_years), f"{plan.end_year}\nproyeksi"],
        [
            achievement.baseline_rollup.capaian,
            *(achievement.trend[y].capaian for y in plan_years),
            achievement.projected_rollup.capaian,
        ],
        title="Capaian rencana: data dasar, tiap tahun, proyeksi akhir",
    )
    return _measures_page(
        request,
        chosen,
        "achievement/dashboard.html",
        achievement,
        achievement.at_risk,
        f"Ukuran berisiko {plan.title} {achievement.year}",
        {
            "cluster_chart": _bars(
                [_short(g) for g in achievement.clusters], "Capaian per klaster"
            ),
            "trend_chart": mark_safe(trend),  # noqa: S308  (our own numbers)
            "late": late_agencies(plan, timezone.localdate()),
            # The home page lists the worst at-risk measures; the download has them all.
            "rows": sorted(achievement.at_risk, key=_shortfall)[:25],
        },
        key=key,
    )


def _shortfall(measure: MeasureResult) -> Decimal:
    """How far the projection lands from the end-year target: the worst first."""
    end = measure.targets.get(max(measure.targets, default=measure.year))
    result = score(end, Value(number=measure.projection), measure.polarity)
    return result.capaian if result.capaian is not None else Decimal(0)


def _short(group: Group) -> Group:
    """The cluster with its short code as label (K, I … V) for a compact chart."""
    return Group(group.key, group.key, group.name, group.rollup, group.measures)


@login_required
def cluster_page(request: HttpRequest, code: str) -> HttpResponse:
    chosen = _plan(request)
    plan = chosen.plan
    achievement, key = cached_plan_achievement(plan, _year(request, plan))
    cluster = next((g for g in achievement.clusters if g.key == code), None)
    if cluster is None:
        raise Http404
    indicators = [g for g in achievement.indicators if g.measures[0].cluster_code == code]
    return _measures_page(
        request,
        chosen,
        "achievement/cluster.html",
        achievement,
        cluster.measures,
        f"{cluster.name} {achievement.year}",
        {
            "cluster": cluster,
            "indicators": indicators,
            "chart": _bars(indicators, "Capaian per indikator"),
        },
        key=key,
    )


@login_required
def indicator_page(request: HttpRequest, indicator_id: int) -> HttpResponse:
    chosen = _plan(request)
    plan = chosen.plan
    achievement, key = cached_plan_achievement(plan, _year(request, plan))
    indicator = next((g for g in achievement.indicators if g.key == str(indicator_id)), None)
    if indicator is None:
        raise Http404
    return _measures_page(
        request,
        chosen,
        "achievement/indicator.html",
        achievement,
        indicator.measures,
        f"Indikator {indicator.label} {achievement.year}",
        {"indicator": indicator},
        key=key,
    )


@login_required
def agency_page(request: HttpRequest, agency_id: int) -> HttpResponse:
    chosen = _plan(request)
    plan = chosen.plan
    achievement, key = cached_plan_achievement(plan, _year(request, plan))
    agency = next((g for g in achievement.agencies if g.key == str(agency_id)), None)
    if agency is None:
        raise Http404
    statuses = agency_status(plan, agency_id)
    completeness = capaian_bars(
        [s.period.code for s in statuses],
        [s.completeness.percent for s in statuses],  # the table's own figure
        title="Kelengkapan laporan per periode (%)",
        axis_label="kelengkapan (%)",
    )
    return _measures_page(
        request,
        chosen,
        "achievement/agency.html",
        achievement,
        agency.measures,
        f"Capaian {agency.label} {achievement.year}",
        {
            "agency": agency,
            "statuses": statuses,
            "completeness_chart": mark_safe(completeness),  # noqa: S308  (our own numbers)
            "follow_ups": open_follow_ups(agency_id),
            "can_complete": False,
        },
        key=key,
    )


def public_page(request: HttpRequest) -> HttpResponse:
    """For Forum Anak and everyone: promises and progress, verified aggregates only."""
    chosen = chosen_plan(request, public=True)
    plan = chosen.plan
    achievement, _key = cached_plan_achievement(plan, _year(request, plan))
    groups: list[dict[str, object]] = [
        {
            "name": g.name,
            "capaian": g.rollup.capaian,
            "category": g.rollup.category,
            "promised": g.rollup.total,
            "good": g.rollup.counts[Category.SANGAT_TINGGI] + g.rollup.counts[Category.TINGGI],
        }
        for g in achievement.clusters
    ]
    notes: dict[str, list[tuple[str, str]]] = {}
    by_id = {m.id: m for m in achievement.measures}
    year_periods = list(ReportingPeriod.objects.filter(plan=plan, year=achievement.year))
    for note in verified_notes(year_periods, public_only=True):
        measure = by_id[note.measure_id]
        notes.setdefault(measure.cluster_code, []).append((measure.name, note.obstacles))
    for group, cluster in zip(groups, achievement.clusters, strict=True):
        group["obstacles"] = notes.get(cluster.key, [])
    return render(
        request,
        "achievement/public.html",
        {
            **chosen.context(),
            "active_url": reverse("achievement:public"),
            "year": achievement.year,
            "cutoff": achievement.cutoff,
            "years": list(plan.years),
            "groups": groups,
            "overall": achievement.plan_rollup,
            "chart": _bars([_short(g) for g in achievement.clusters], ""),
        },
    )


@login_required
def areas_page(request: HttpRequest) -> HttpResponse:
    """Measures split by kecamatan/kelurahan: a table and a map-like grid of the kecamatan."""
    chosen = _plan(request)
    plan = chosen.plan
    year = _year(request, plan)
    items = area_measures(plan, year)
    rows = [(item.measure, tile) for item in items for tile in item.tiles]
    columns = (
        Column("Ukuran", lambda r: r[0].name),
        Column("Kecamatan", lambda r: r[1].kecamatan.name),
        Column("Realisasi", lambda r: _number(r[1].value)),
    )
    exported = download(
        request.GET.get("export", ""), f"Realisasi per wilayah {year}", columns, rows
    )
    if exported is not None:
        return exported
    return render(
        request,
        "achievement/areas.html",
        {
            **chosen.context(),
            "active_url": reverse("achievement:areas"),
            "year": year,
            "years": list(plan.years),
            "items": items,
            "cutoff": cached_plan_achievement(plan, year)[0].cutoff,
        },
    )
