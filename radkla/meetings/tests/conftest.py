"""Personas, an open period and a recorded meeting, built through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.meetings.models import Meeting
from radkla.meetings.services import record_meeting
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.services import create_periods, open_period
from radkla.monitoring.tests.conftest import persona, scope
from radkla.plan.models import Agency, Plan

HELD_ON = dt.date(2025, 5, 15)


@pytest.fixture
def people(cilegon_plan: Plan) -> dict[str, Profile]:
    return {
        "sekretariat": persona("sekretariat", Profile.Role.SECRETARIAT),
        "dinkes": persona("dinkes", Profile.Role.OPERATOR, "Dinkes"),
        "dinsos": persona("dinsos", Profile.Role.OPERATOR, "Dinsos"),
        "koordinator3": persona("koordinator3", Profile.Role.COORDINATOR, clusters=("III",)),
        "pimpinan": persona("pimpinan", Profile.Role.VIEWER),
    }


@pytest.fixture
def period(cilegon_plan: Plan) -> ReportingPeriod:
    first = create_periods(plan=cilegon_plan, year=2025, scope=SYSTEM, actor=None)[0]
    return open_period(period=first, scope=SYSTEM, actor=None)


@pytest.fixture
def dinkes(cilegon_plan: Plan) -> Agency:
    return Agency.objects.get(acronym="Dinkes")


@pytest.fixture
def dinsos(cilegon_plan: Plan) -> Agency:
    return Agency.objects.get(acronym="Dinsos")


@pytest.fixture
def meeting(
    cilegon_plan: Plan,
    people: dict[str, Profile],
    period: ReportingPeriod,
    dinkes: Agency,
    dinsos: Agency,
) -> Meeting:
    """The first rapat koordinasi of 2025: two follow-ups and a plain decision."""
    secretariat = people["sekretariat"]
    return record_meeting(
        plan=cilegon_plan,
        period=period,
        held_on=HELD_ON,
        title="Rapat koordinasi caturwulan I",
        place="Aula DP3AP2KB",
        minutes="Capaian imunisasi dibahas.\nData PKH belum masuk.",
        attendee_ids=[dinkes.pk, dinsos.pk],
        decisions=[
            ("Lengkapi data imunisasi per Puskesmas.", dinkes.pk, dt.date(2025, 6, 30)),
            ("Kirim data penerima PKH.", dinsos.pk, dt.date(2025, 6, 15)),
            ("Rapat berikutnya bulan September.", None, None),
        ],
        scope=scope(secretariat),
        actor=secretariat.user,
    )
