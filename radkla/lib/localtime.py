"""Times as the city reads them: the installation's zone and its name (WIB, WITA, WIT).

Moments are stored in UTC (``USE_TZ``). Every page, download and command shows
them in ``TIME_ZONE`` (Asia/Jakarta unless the environment says Asia/Makassar or
Asia/Jayapura) followed by the zone's abbreviation, through ``local_time`` here
and the ``local_time`` template filter; days of a moment come from ``local_date``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import dateformat, timezone

# Indonesia's zones by the names people use; any other zone shows the tz database's.
ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
TIME_FORMAT = "d-m-Y H:i"  # 04-12-2026 00:15


def local_zone() -> dt.tzinfo:
    return timezone.get_default_timezone()


def zone_abbreviation(moment: dt.datetime | None = None) -> str:
    """``WIB``, ``WITA``, ``WIT``; elsewhere the zone's own abbreviation at that moment."""
    known = ABBREVIATIONS.get(settings.TIME_ZONE)
    if known:
        return known
    local = (moment or timezone.now()).astimezone(local_zone())
    return local.tzname() or settings.TIME_ZONE


def _aware(moment: dt.datetime) -> dt.datetime:
    # A naive moment is a stored one read without its zone: UTC.
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=dt.UTC)


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar day, here, of a stored moment."""
    return _aware(moment).astimezone(local_zone()).date()


def local_time(moment: dt.datetime, fmt: str = TIME_FORMAT) -> str:
    """``04-12-2026 00:15 WIB``: a stored moment as read here, with its zone."""
    local = _aware(moment).astimezone(local_zone())
    return f"{dateformat.format(local, fmt)} {zone_abbreviation(local)}"
