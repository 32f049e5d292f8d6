"""Every shown time is local, with its zone: WIB by default, WITA or WIT by TIME_ZONE."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from pytest_django.fixtures import Settings as SettingsWrapper

from radkla.accounts.models import Profile
from radkla.audittrail.models import AuditEvent
from radkla.conftest import make_account
from radkla.lib.localtime import local_date, local_time, zone_abbreviation

# 17:15 UTC on 3 December is 00:15 on 4 December in Jakarta.
STORED = dt.datetime(2026, 12, 3, 17, 15, tzinfo=dt.UTC)


def test_the_default_zone_is_western_indonesian_time() -> None:
    assert local_time(STORED) == "04-12-2026 00:15 WIB"
    assert local_date(STORED) == dt.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Asia/Jakarta", "04-12-2026 00:15 WIB"),
        ("Asia/Pontianak", "04-12-2026 00:15 WIB"),
        ("Asia/Makassar", "04-12-2026 01:15 WITA"),
        ("Asia/Jayapura", "04-12-2026 02:15 WIT"),
        ("UTC", "03-12-2026 17:15 UTC"),  # elsewhere: the tz database's own name
    ],
)
def test_the_zone_follows_time_zone(settings: SettingsWrapper, zone: str, shown: str) -> None:
    settings.TIME_ZONE = zone
    assert local_time(STORED) == shown


def test_a_naive_stored_moment_is_read_as_utc() -> None:
    assert local_time(STORED.replace(tzinfo=None)) == "04-12-2026 00:15 WIB"


@given(
    st.datetimes(
        # hypothesis takes naive bounds and adds the zone itself
        min_value=dt.datetime(1970, 1, 1),  # noqa: DTZ001
        max_value=dt.datetime(2100, 1, 1),  # noqa: DTZ001
        timezones=st.just(dt.UTC),
    )
)
def test_the_day_shown_is_the_local_day(moment: dt.datetime) -> None:
    day = local_date(moment)
    assert local_time(moment).startswith(f"{day:%d-%m-%Y} ")
    assert local_time(moment).endswith(f" {zone_abbreviation()}")
    assert day - moment.date() in (
        dt.timedelta(0),
        dt.timedelta(days=1),
    )  # east of UTC: only ever later


@pytest.fixture
def secretariat(db: None) -> Client:
    client = Client()
    client.force_login(make_account("sekretariat", Profile.Role.SECRETARIAT).user)
    AuditEvent.objects.create(
        at=STORED,
        actor_label="sekretariat",
        action="period.open",
        object_type="monitoring.reportingperiod",
        object_id="1",
        summary="Periode Caturwulan III 2026 dibuka",
    )
    return client


def _row(client: Client) -> str:
    html = client.get("/log-audit/").content.decode()
    return next(r for r in html.split("<tr") if "Caturwulan III 2026" in r)


def test_the_audit_log_shows_the_local_time_and_its_zone(secretariat: Client) -> None:
    row = _row(secretariat)
    assert "04-12-2026 00:15 WIB" in row
    assert "17:15" not in row


def test_a_wita_installation_says_wita(secretariat: Client, settings: SettingsWrapper) -> None:
    settings.TIME_ZONE = "Asia/Makassar"
    assert "04-12-2026 01:15 WITA" in _row(secretariat)


def test_the_audit_log_downloads_carry_the_zone(secretariat: Client) -> None:
    text = secretariat.get("/log-audit/", {"export": "csv"}).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Waktu", "Oleh", "Tindakan"]
    # The account's own event is stamped with the real clock: find the stored one by name.
    assert ["04-12-2026 00:15 WIB", "sekretariat", "Periode dibuka"] in [r[:3] for r in rows]
    content = secretariat.get("/log-audit/", {"export": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    opened = [r for r in sheet.iter_rows(values_only=True) if "Periode dibuka" in r]
    assert [r[0] for r in opened] == ["04-12-2026 00:15 WIB"]
