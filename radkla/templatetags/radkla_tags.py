"""Renderings every page shares: actions in words."""

from __future__ import annotations

from django import template

from radkla.audittrail.labels import action_label as _action_label

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """``e.action|action_label``: ``Rapat dicatat`` for ``meeting.create``."""
    return _action_label(action)
