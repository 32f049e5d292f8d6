"""Renderings every page shares: actions in words, times in the local zone."""

from __future__ import annotations

import datetime as dt

from django import template

from radkla.audittrail.labels import action_label as _action_label
from radkla.lib.localtime import TIME_FORMAT, zone_abbreviation
from radkla.lib.localtime import local_time as _local_time

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """``e.action|action_label``: ``Rapat dicatat`` for ``meeting.create``."""
    return _action_label(action)


@register.filter
def local_time(moment: dt.datetime | None, fmt: str = TIME_FORMAT) -> str:
    """``e.at|local_time``: ``04-12-2026 00:15 WIB``; the one way pages show a time."""
    return "–" if moment is None else _local_time(moment, fmt)


@register.simple_tag
def local_zone() -> str:
    """``{% local_zone as zone %}``: ``WIB``, ``WITA`` or ``WIT``, for a sentence that names it."""
    return zone_abbreviation()
