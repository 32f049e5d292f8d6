from __future__ import annotations

from decimal import Decimal

from django import template

from radkla.lib.numbers import rupiah as rupiah_text
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
