"""Lookups the recap's table needs: a city's cluster and a year of its trend."""

from __future__ import annotations

from decimal import Decimal

from django import template

from radkla.achievement.engine import Rollup
from radkla.nation.selectors import CityRow

register = template.Library()

# A cluster the city's plan does not have reads as a cluster without a figure.
_NONE = Rollup(None, None, {}, 0, 0)


@register.filter
def cluster_of(row: CityRow, code: str) -> Rollup:
    return row.cluster(code) or _NONE


@register.filter
def trend_of(row: CityRow, year: int) -> Decimal | None:
    return row.figures.trend.get(year)
