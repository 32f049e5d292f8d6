"""The monitoring workbook as data: the appendix's rows with the year's realization.

``build_workbook`` reads the achievement (``plan_achievement``) and the plan's
rows, and returns plain ``WorkbookData`` that ``render_xlsx`` writes.
"""

from __future__ import annotations

from decimal import Decimal

from radkla.achievement.display import value_text
from radkla.achievement.selectors import plan_achievement
from radkla.monitoring.models import ReportingPeriod
from radkla.plan.models import Plan
from radkla.plan.selectors import measure_rows
from radkla.reports.render_xlsx import WorkbookData, WorkbookRow, WorkbookSheet


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _scope_periods(plan: Plan, year: int, period: ReportingPeriod | None) -> list[ReportingPeriod]:
    periods = ReportingPeriod.objects.filter(plan=plan, year=year).order_by("number")
    if period is not None:
        periods = periods.filter(number__lte=period.number)
    return list(periods)


def build_workbook(plan: Plan, *, year: int, period: ReportingPeriod | None = None) -> WorkbookData:
    """The monitoring workbook's rows: the appendix, then the year's realization."""
    achievement = plan_achievement(plan, year, period=period)
    plan_rows = {row.id: row for row in measure_rows(plan)}
    periods = _scope_periods(plan, year, period)
    sheets = []
    for cluster in achievement.clusters:
        rows = []
        for m in cluster.measures:
            source = plan_rows[m.id]
            rows.append(
                WorkbookRow(
                    indicator_no=m.indicator_label,
                    indicator=m.indicator_name,
                    action=source.action,
                    measure=m.name,
                    unit=m.unit,
                    baseline=source.baseline.raw,
                    targets=tuple(
                        source.targets[y].raw if y in source.targets else "" for y in plan.years
                    ),
                    agencies=source.agency_raw,
                    program=source.program,
                    periods=tuple(value_text(v, "", m.labels) for _code, v in m.periods),
                    year_value=value_text(m.value, "", m.labels),
                    capaian=_float(m.score.capaian),
                    category=str(m.score.category or ""),
                )
            )
        sheets.append(
            WorkbookSheet(
                title=cluster.name,
                code=cluster.key,
                capaian=float(cluster.rollup.capaian)
                if cluster.rollup.capaian is not None
                else None,
                category=str(cluster.rollup.category or ""),
                rows=tuple(rows),
            )
        )
    overall = achievement.plan_rollup
    return WorkbookData(
        title=f"Pemantauan {plan.title} {plan.region.name}",
        subtitle=period.label if period else f"Tahun {year}",
        baseline_year=plan.baseline_year,
        years=tuple(plan.years),
        period_labels=tuple(p.label for p in periods),
        sheets=tuple(sheets),
        overall=_float(overall.capaian),
        overall_category=str(overall.category or ""),
    )
