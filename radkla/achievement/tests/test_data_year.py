"""Every year selector opens on the newest year with verified data, not the calendar year.

In January, or before a year's first verification, the calendar year has nothing
verified: a page that opened on it would show "–" everywhere.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from radkla.accounts.access import SYSTEM, Scope
from radkla.accounts.models import Profile
from radkla.achievement.selectors import data_year
from radkla.conftest import make_account
from radkla.monitoring.models import Realization
from radkla.monitoring.services import submit_realization, verify_realization
from radkla.plan.models import Indicator, Plan

WIB = dt.timezone(dt.timedelta(hours=7))


def _at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, tzinfo=WIB), tick=False)


@pytest.fixture
def reader(db: None) -> Client:
    profile = make_account("pembaca", Profile.Role.VIEWER, None, full_name="Pembaca")
    client = Client()
    client.force_login(profile.user)
    return client


@pytest.fixture
def verified_2024(small: Plan) -> Plan:
    """The small plan with its 2024 draft (Cakupan sosialisasi: 88) submitted and verified."""
    draft = Realization.objects.get(period__plan=small, period__year=2024)
    agency = Scope(None, "operator", draft.measure.agency_links.get().agency_id, frozenset())
    verify_realization(
        realization=submit_realization(realization=draft, scope=agency, actor=None),
        scope=SYSTEM,
        actor=None,
    )
    return small


def test_a_plan_with_nothing_verified_opens_on_its_first_year(cilegon_plan: Plan) -> None:
    with _at(dt.date(2025, 6, 1)):
        assert data_year(cilegon_plan) == 2023


def test_drafts_do_not_count_and_the_calendar_year_does_not_matter(small: Plan) -> None:
    # 2023 verified; 2024 holds only a draft.
    for day in (dt.date(2024, 1, 10), dt.date(2025, 1, 10), dt.date(2026, 9, 1)):
        with _at(day):
            assert data_year(small) == 2023


def test_capaian_pages_open_on_the_newest_verified_year(small: Plan, reader: Client) -> None:
    indicator = Indicator.objects.get(plan=small, number=12)
    dinkes = indicator.actions.first().measures.first().agency_links.get().agency_id  # type: ignore[union-attr]
    urls = (
        reverse("achievement:dashboard"),
        reverse("achievement:cluster", args=["III"]),
        reverse("achievement:indicator", args=[indicator.pk]),
        reverse("achievement:agency", args=[dinkes]),
        reverse("achievement:areas"),
    )
    with _at(dt.date(2024, 1, 15)):  # the calendar year 2024 has nothing verified
        for url in urls:
            response = reader.get(url)
            assert response.status_code == 200, url
            assert response.context["year"] == 2023, url
        home = reader.get(reverse("achievement:dashboard")).content.decode()
    assert "88,89%" in home  # 2023's figures, not "–"


def test_the_public_page_opens_on_the_newest_verified_year(small: Plan) -> None:
    with _at(dt.date(2024, 1, 15)):
        response = Client().get(reverse("achievement:public"))
    assert response.context["year"] == 2023
    assert "91,67%" in response.content.decode()  # cluster III in 2023


def test_a_newly_verified_year_becomes_the_default(verified_2024: Plan, reader: Client) -> None:
    with _at(dt.date(2025, 1, 10)):
        assert data_year(verified_2024) == 2024
        assert reader.get(reverse("achievement:dashboard")).context["year"] == 2024
        assert Client().get(reverse("achievement:public")).context["year"] == 2024


def test_the_report_and_budget_selectors_open_on_it(verified_2024: Plan) -> None:
    profile = make_account("sekretariat", Profile.Role.SECRETARIAT)
    client = Client()
    client.force_login(profile.user)
    with _at(dt.date(2026, 1, 5)):
        reports = client.get(reverse("reports:index")).content.decode()
        funding = client.get(reverse("monitoring:funding"))
    assert '<option value="2024" selected>' in reports
    assert '<option value="2023" selected>' not in reports
    assert funding.context["year"] == 2024


def test_the_cli_defaults_to_it(verified_2024: Plan, tmp_path: Path) -> None:
    out = io.StringIO()
    with _at(dt.date(2026, 1, 5)):
        call_command("status", "--format", "json", stdout=out)
        assert json.loads(out.getvalue())["rencana"]["tahun"] == 2024
        err = io.StringIO()
        target = tmp_path / "pemantauan.xlsx"
        call_command("report", "--format", "xlsx", "-o", str(target), stderr=err)
    assert "untuk 2024" in err.getvalue()
    assert target.stat().st_size > 0
