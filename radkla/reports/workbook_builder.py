"""The monitoring workbook as data: the appendix's rows with the year's realization.

``build_workbook`` reads the achievement (``plan_achievement``) and the plan's
rows, and returns plain ``WorkbookData`` that ``render_xlsx`` writes: numbers as
``Decimal`` (the decimals they were written with), capaian as ``Percent``, and
text kept as text where a value is not one number (``Motor 1 Molin 0``, ``> 90%``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from radkla.achievement.display import status_word, value_text
from radkla.achievement.engine import CATEGORY_ORDER, Rollup, Value
from radkla.achievement.selectors import plan_achievement
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.selectors import periods_to
from radkla.plan.inforce import revision_sentence
from radkla.plan.models import Plan
from radkla.plan.parsers.cells import Cell, CellKind
from radkla.plan.selectors import measure_rows
from radkla.reports.render_xlsx import (
    Entry,
    Percent,
    Tally,
    WorkbookData,
    WorkbookRow,
    WorkbookSheet,
)

_CENT = Decimal("0.01")


def cell_entry(cell: Cell | None) -> Entry:
    """A plan cell (baseline, target) as the workbook stores it: a number when it is one."""
    if cell is None:
        return None
    if cell.kind in (CellKind.NUMBER, CellKind.PERCENT) and cell.number is not None:
        return Percent(cell.number) if cell.percent else cell.number
    return cell.raw.strip() or None


def value_entry(value: Value | None, labels: tuple[str, ...]) -> Entry:
    """A realization: its number, or its parts as read (``Motor 1 Molin 0``)."""
    if value is None:
        return None
    if value.parts:
        return value_text(value, "", labels)
    if value.number is None:
        return None
    return value.number.normalize() if value.number else Decimal(0)


def _capaian(capaian: Decimal | None) -> Percent | None:
    return None if capaian is None else Percent(capaian.quantize(_CENT, ROUND_HALF_UP))


def _tally(rollup: Rollup) -> Tally:
    return Tally(
        capaian=_capaian(rollup.capaian),
        category=str(rollup.category or ""),
        measures=rollup.total,
        scored=rollup.scored,
        counts=tuple(rollup.counts.get(c, 0) for c in CATEGORY_ORDER),
    )


def build_workbook(plan: Plan, *, year: int, period: ReportingPeriod | None = None) -> WorkbookData:
    """The monitoring workbook's rows: the appendix, then the year's realization."""
    achievement = plan_achievement(plan, year, period=period)
    plan_rows = {row.id: row for row in measure_rows(plan, include_retired=True)}
    periods = periods_to(plan, year, period)
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
                    baseline=cell_entry(source.baseline),
                    # The targets of the revision in force for the year, as scored.
                    targets=tuple(cell_entry(m.targets.get(y)) for y in plan.years),
                    agencies=source.agency_raw,
                    program=source.program,
                    periods=tuple(value_entry(v, m.labels) for _code, v in m.periods),
                    year_value=value_entry(m.value, m.labels),
                    capaian=_capaian(m.score.capaian),
                    category=str(m.score.category or ""),
                    status=status_word(m.score, m.target, m.value),
                )
            )
        sheets.append(
            WorkbookSheet(
                title=cluster.name, code=cluster.key, tally=_tally(cluster.rollup), rows=tuple(rows)
            )
        )
    reach = achievement.cutoff
    heading_to_date = reach.year_to_date and bool(reach.last_label)
    if heading_to_date:
        # A year still in progress (or a period report before the year closes): the
        # figures run to the last period counted, never "the year".
        year_heading = f"REALISASI S.D. {reach.last_label.upper()}"
    else:
        year_heading = f"REALISASI TAHUN {year}"
    notes = [reach.sentence]
    if reach.year_to_date and any(m.score.status == "incomplete" for m in achievement.measures):
        notes.append(
            "Ukuran yang dijumlahkan per periode baru dinilai setelah tahunnya lengkap; "
            "sampai saat itu statusnya belum lengkap."
        )
    return WorkbookData(
        title=f"Pemantauan {plan.title} {plan.region.name}",
        subtitle=f"Tahun {year} {reach.scope_text}" if heading_to_date else f"Tahun {year}",
        notes=tuple(notes),
        revision=revision_sentence(plan, achievement.revision),
        baseline_year=plan.baseline_year,
        years=tuple(plan.years),
        period_labels=tuple(p.label for p in periods),
        year_heading=year_heading,
        sheets=tuple(sheets),
        overall=_tally(achievement.plan_rollup),
    )
