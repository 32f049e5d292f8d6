from __future__ import annotations

from decimal import Decimal

from django import template

from radkla.lib.numbers import rupiah as rupiah_text
from radkla.monitoring.models import Realization
from radkla.plan.parsers.cells import format_decimal

register = template.Library()


@register.filter
def get(mapping: dict[object, object] | None, key: object) -> object:
    """``mapping|get:key`` for dictionaries keyed by ids."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def rupiah(value: Decimal | None) -> str:
    """``Rp51.000.000`` (``lib.numbers.rupiah``); ``–`` for none."""
    return rupiah_text(value)


@register.filter
def number(value: Decimal | None) -> str:
    """A stored decimal the way people write it: ``28``, ``97,5``."""
    if value is None:
        return "–"
    return format_decimal(value)


@register.filter
def realization_state(code: str) -> str:
    """A realization's state in words (``Diajukan``), as stored in its audit snapshots."""
    try:
        return str(Realization.State(code).label)
    except ValueError:
        return code
