"""The province and national recap: one row per city with a plan in force, live.

Every figure comes from the city's own readings, so it equals what the city's
pages show: capaian from ``cached_plan_achievement`` (verified data only, the
engine of the dashboard), completeness and timeliness from ``agency_statuses``
and ``late_agencies`` (the Beranda and the laporan), readiness from the
evaluation's ``readiness``. Nothing is precomputed by a batch job.

A city's row is kept in this process's memory under its data version (the
audit trail's newest event for the city, see ``audittrail.data_version``) and
the local day, so a save in one city recomputes that city's row only. The
versions of all the cities shown are read in one query; a page whose rows are
all kept costs that query and the plan list, whatever the number of cities. A
city read afresh costs about 35 queries (see docs/PERFORMANCE.md).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Max, OuterRef, Subquery
from django.utils.translation import gettext as _

from radkla.accounts.access import Scope
from radkla.achievement.engine import Category, Completeness, Rollup
from radkla.achievement.selectors import cached_plan_achievement
from radkla.audittrail.models import AuditEvent
from radkla.evaluation.selectors import readiness
from radkla.monitoring.models import Realization, ReportingPeriod
from radkla.monitoring.selectors import agency_statuses, late_agencies
from radkla.nation.ranking import ranked
from radkla.plan.models import Plan
from radkla.plan.selectors import plans
from radkla.regions.models import Region

# The national groups in their official order: kelembagaan, then klaster I-V.
CLUSTER_ORDER = ("K", "I", "II", "III", "IV", "V")


@dataclass(frozen=True, slots=True)
class CityFigures:
    """What one city's readings say for a year: kept per data version."""

    year_in_plan: bool  # whether the plan's years include the year shown
    overall: Rollup | None
    clusters: dict[str, Rollup]  # by cluster code
    cluster_names: dict[str, str]
    trend: dict[int, Decimal | None]  # overall capaian per plan year with periods
    period_label: str  # the newest period opened (open or closed), or ""
    completeness: Completeness | None
    late_agencies: int  # agencies with unfinished rows in open periods past their deadline
    evaluation_year: int
    readiness_total: Decimal
    readiness_category: str | None


@dataclass(slots=True)
class CityRow:
    plan: Plan
    year: int
    figures: CityFigures
    rank: int | None = None

    @property
    def city(self) -> str:
        return self.plan.region.name

    @property
    def province(self) -> str:
        parent = self.plan.region.parent
        return parent.name if parent is not None else ""

    @property
    def capaian(self) -> Decimal | None:
        overall = self.figures.overall
        return overall.capaian if overall is not None else None

    @property
    def category(self) -> Category | None:
        overall = self.figures.overall
        return overall.category if overall is not None else None

    def cluster(self, code: str) -> Rollup | None:
        return self.figures.clusters.get(code)

    @property
    def unranked_reason(self) -> str:
        """Why a city has no rank, in the page's words (empty when it has one)."""
        if self.rank is not None:
            return ""
        if not self.figures.year_in_plan:
            return _("rencana tidak mencakup tahun %(year)s") % {"year": self.year}
        return _("belum ada ukuran terverifikasi yang dinilai")


@dataclass(slots=True)
class Recap:
    year: int
    years: list[int]  # every year a city shown plans for: the year selector and the trend
    clusters: list[tuple[str, str]]  # (code, name) of the columns
    rows: list[CityRow] = field(default_factory=list)
    provinces: list[Region] = field(default_factory=list)  # the filter's choices
    province: Region | None = None  # the province chosen, if any


class UnknownProvince(LookupError):
    pass


_KEPT: OrderedDict[tuple[object, ...], CityFigures] = OrderedDict()
# Rows are a few hundred bytes: enough for every kabupaten/kota in two years.
_KEPT_SIZE = 1100
_KEPT_LOCK = threading.Lock()


def forget_kept() -> None:
    """Empty this process's rows (tests whose rolled-back ids repeat)."""
    with _KEPT_LOCK:
        _KEPT.clear()


def in_force(scope: Scope) -> list[Plan]:
    """The plans in force of the cities the scope covers, with city and province (one query)."""
    return list(plans(scope).exclude(status=Plan.Status.ARCHIVED).select_related("region__parent"))


def data_years(found: list[Plan]) -> dict[int, int]:
    """Each plan's newest year with a verified realization, as ``data_year`` (one query)."""
    newest = (
        Realization.objects.filter(
            period__plan__in=found,
            period__year__gte=F("period__plan__start_year"),
            period__year__lte=F("period__plan__end_year"),
            state=Realization.State.VERIFIED,
            area__isnull=True,
        )
        .values("period__plan_id")
        .annotate(year=Max("period__year"))
        .values_list("period__plan_id", "year")
        .order_by()
    )
    return {plan_id: int(year) for plan_id, year in newest}


def data_versions(region_ids: list[int]) -> dict[int, int]:
    """``audittrail.data_version`` of many cities in one query (two index look-ups each)."""
    events = AuditEvent.objects.order_by("-id").values("id")
    shared = events.filter(region__isnull=True)[:1]
    found = (
        Region.objects.filter(pk__in=region_ids)
        .annotate(
            own=Subquery(events.filter(region_id=OuterRef("pk"))[:1]),
            shared=Subquery(shared),
        )
        .values_list("pk", "own", "shared")
    )
    return {pk: max(own or 0, common or 0) for pk, own, common in found}


def city_figures(plan: Plan, year: int, today: dt.date) -> CityFigures:
    """One city's figures for the year, read afresh (about 35 queries, see the module)."""
    in_plan = year in plan.years
    overall: Rollup | None = None
    clusters: dict[str, Rollup] = {}
    names: dict[str, str] = {}
    # The trend does not depend on the year chosen; a year outside the plan reads the
    # plan's own newest year for it, and shows no capaian.
    achievement, _key = cached_plan_achievement(plan, year if in_plan else plan.end_year)
    if in_plan:
        overall = achievement.plan_rollup
        clusters = {g.key: g.rollup for g in achievement.clusters}
    names = {g.key: g.name for g in achievement.clusters}
    trend = {y: r.capaian for y, r in achievement.trend.items()}
    newest = (
        ReportingPeriod.objects.filter(plan=plan)
        .exclude(state=ReportingPeriod.State.UPCOMING)
        .order_by("-year", "-number")
        .first()
    )
    completeness: Completeness | None = None
    if newest is not None:
        statuses = agency_statuses(plan, period_ids=[newest.pk])
        rows = [s for found in statuses.values() for s in found]
        completeness = Completeness(
            sum(s.required for s in rows),
            sum(s.reported for s in rows),
            sum(s.on_time for s in rows),
            sum(s.verified for s in rows),
        )
    late = {entry.agency_id for entry in late_agencies(plan, today)}
    ready = readiness(plan)
    return CityFigures(
        year_in_plan=in_plan,
        overall=overall,
        clusters=clusters,
        cluster_names=names,
        trend=trend,
        period_label=newest.label if newest is not None else "",
        completeness=completeness,
        late_agencies=len(late),
        evaluation_year=ready.evaluation_year,
        readiness_total=ready.total,
        readiness_category=ready.category,
    )


def kept_city_figures(plan: Plan, year: int, today: dt.date, version: int) -> CityFigures:
    """``city_figures`` computed once per data version of the city and local day."""
    key = (plan.pk, year, today, version)
    with _KEPT_LOCK:
        found = _KEPT.get(key)
        if found is not None:
            _KEPT.move_to_end(key)
            return found
    figures = city_figures(plan, year, today)
    with _KEPT_LOCK:
        _KEPT[key] = figures
        while len(_KEPT) > _KEPT_SIZE:
            _KEPT.popitem(last=False)
    return figures


def recap(scope: Scope, *, year: int | None, province_id: int | None, today: dt.date) -> Recap:
    """The recap of the scope's cities (optionally one province's) for a year.

    Without a year (or with one no city plans for) it opens on the newest plan
    year with a verified realization in any city shown; before anything is
    verified, the earliest first year of their plans (no plan at all: this year).
    """
    found = in_force(scope)
    parents = {p.region.parent.pk: p.region.parent for p in found if p.region.parent is not None}
    provinces = sorted(parents.values(), key=lambda r: r.name)
    chosen: Region | None = None
    if province_id is not None:
        chosen = next((r for r in provinces if r.pk == province_id), None)
        if chosen is None:
            raise UnknownProvince(province_id)
        found = [p for p in found if p.region.parent_id == province_id]
    years = sorted({y for p in found for y in p.years})
    if year is None or year not in years:
        newest = data_years(found)
        first = min((p.start_year for p in found), default=today.year)
        year = max(newest.values(), default=first)
    versions = data_versions([p.region_id for p in found])
    rows = [
        CityRow(p, year, kept_city_figures(p, year, today, versions.get(p.region_id, 0)))
        for p in found
    ]
    names: dict[str, str] = {}
    for row in rows:
        for code, name in row.figures.cluster_names.items():
            names.setdefault(code, name)
    codes = sorted(names, key=lambda c: (CLUSTER_ORDER.index(c) if c in CLUSTER_ORDER else 99, c))
    result = ranked(rows, lambda r: r.capaian, lambda r: r.city)
    for rank, row in result:
        row.rank = rank
    return Recap(
        year=year,
        years=years,
        clusters=[(code, names[code]) for code in codes],
        rows=[row for _rank, row in result],
        provinces=provinces,
        province=chosen,
    )
