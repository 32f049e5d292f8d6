"""Small renderings for the dashboards: capaian as text, category classes, sparklines."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from radkla.accounts.access import Scope
from radkla.achievement.display import capaian_text, value_text
from radkla.achievement.engine import Category, Score, Value
from radkla.achievement.selectors import MeasureResult

register = template.Library()

_CLASSES = {
    Category.SANGAT_TINGGI: "cat-st",
    Category.TINGGI: "cat-t",
    Category.SEDANG: "cat-s",
    Category.RENDAH: "cat-r",
    Category.SANGAT_RENDAH: "cat-sr",
}


@register.filter
def percent(value: Decimal | None) -> str:
    """A capaian (or another share in percent): ``79,00%``, two decimals always (display.py)."""
    return capaian_text(value)


@register.filter
def realisasi(value: Value | None, labels: tuple[str, ...] = ()) -> str:
    """``m.value|realisasi:m.labels``: ``97,5``, or a composite's parts, ``Motor 1 Molin 0``."""
    return value_text(value, labels=labels)


@register.filter
def category_class(value: Category | None) -> str:
    return _CLASSES.get(value, "cat-none") if value is not None else "cat-none"


@register.filter
def score_class(score: Score) -> str:
    """A measure row's colour: its category's, but never green for a missed threshold."""
    if score.status == "not met":
        return "cat-missed"
    return category_class(score.category)


@register.filter
def sparkline(points: list[tuple[int, Decimal | None]]) -> SafeString:
    """A tiny line of yearly values (numbers only, so the SVG is built from numbers alone)."""
    values = [(i, float(v)) for i, (_year, v) in enumerate(points) if v is not None]
    if len(values) < 2:
        return format_html('<span class="muted">{}</span>', "–")
    width, height = 80, 20
    low = min(v for _i, v in values)
    high = max(v for _i, v in values)
    span = (high - low) or 1.0
    step = width / max(len(points) - 1, 1)
    coords = " ".join(
        f"{i * step:.1f},{height - 2 - (v - low) / span * (height - 4):.1f}" for i, v in values
    )
    return format_html(
        '<svg class="spark" width="{}" height="{}" viewBox="0 0 {} {}" role="img">'
        '<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{}"/></svg>',
        width,
        height,
        width,
        height,
        coords,
    )


_SENTINEL = 987654321


@lru_cache(maxsize=32)
def _url_parts(name: str) -> tuple[str, str]:
    before, _sentinel, after = reverse(name, args=[_SENTINEL]).partition(str(_SENTINEL))
    return before, after


@register.filter
def link(name: str, pk: int) -> str:
    """``"app:view"|link:pk``: a URL with one id, without a full reverse() per table row."""
    before, after = _url_parts(name)
    return f"{before}{pk}{after}"


@register.filter
def may_read(scope: Scope | None, measure: MeasureResult) -> bool:
    """``scope|may_read:m``: may the reader open the measure's realizations?

    The very rule the realization page applies (``Scope.can_read``, through
    ``get_realization_for_user``), so a link is shown only where it leads somewhere.
    """
    return scope is not None and scope.can_read(measure.cluster_id, frozenset(measure.agency_ids))
