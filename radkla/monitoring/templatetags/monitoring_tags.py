from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get(mapping: dict[object, object] | None, key: object) -> object:
    """``mapping|get:key`` for dictionaries keyed by ids."""
    if not mapping:
        return None
    return mapping.get(key)
