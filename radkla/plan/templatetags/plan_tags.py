"""How a typed cell reads on a page: the raw text first, then what radkla understood."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radkla.plan.diff import MeasureChange, PlanDiff
from radkla.plan.models import Plan
from radkla.plan.parsers.cells import Cell, CellKind, format_decimal

register = template.Library()

_KIND_NAMES = {
    CellKind.NUMBER: gettext_lazy("angka"),
    CellKind.PERCENT: gettext_lazy("persen"),
    CellKind.THRESHOLD: gettext_lazy("ambang"),
    CellKind.COMPOSITE: gettext_lazy("majemuk"),
    CellKind.NONE: gettext_lazy("kosong"),
    CellKind.TEXT: gettext_lazy("teks"),
}


@register.filter
def kind_name(cell: Cell) -> str:
    return str(_KIND_NAMES[cell.kind])


@register.filter
def reading(cell: Cell) -> str:
    """What radkla read, when it says more than the raw text: "97,5%", "Kecamatan 8 · Kelurahan 43".

    Empty when the reading is the raw text itself (a plain "34"), to keep the table quiet.
    """
    text = _reading(cell)
    return "" if text == " ".join(cell.raw.split()) else text


def _reading(cell: Cell) -> str:
    if cell.kind == CellKind.COMPOSITE:
        return " · ".join(f"{p.label} {format_decimal(p.value)}" for p in cell.parts)
    if cell.kind == CellKind.TEXT:
        return _("tidak terbaca")
    if cell.kind == CellKind.NONE:
        return "—"
    if cell.number is None:
        return ""
    value = format_decimal(cell.number)
    if cell.kind == CellKind.PERCENT:
        return f"{value}%"
    if cell.kind == CellKind.THRESHOLD:
        return f"{cell.comparator} {value}{'%' if cell.percent else ''}"
    return f"{value} {cell.label}".strip()


@register.filter
def target_for(targets: dict[int, Cell], year: int) -> Cell | None:
    return targets.get(year)


@register.filter
def diff_groups(diff: PlanDiff) -> list[tuple[str, list[MeasureChange]]]:
    """A revision's diff as the history shows it: changed, then added, then removed measures."""
    return [("changed", diff.changed), ("added", diff.added), ("removed", diff.removed)]


@register.simple_tag
def active_plan(plan: Plan) -> Plan | None:
    """The plan in force of an archived plan's city, for its pages' banner; None when none."""
    return (
        Plan.objects.filter(region_id=plan.region_id)
        .exclude(status=Plan.Status.ARCHIVED)
        .order_by("-start_year")
        .first()
    )
