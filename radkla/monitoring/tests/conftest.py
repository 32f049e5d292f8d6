"""Personas and an open period on the Cilegon plan, built through the services."""

from __future__ import annotations

import pytest

from radkla.accounts.access import SYSTEM, Scope, scope_for
from radkla.accounts.models import Profile
from radkla.conftest import make_account
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.services import create_periods, open_period
from radkla.plan.models import Agency, Cluster, Measure, Plan


def persona(username: str, role: str, acronym: str = "", clusters: tuple[str, ...] = ()) -> Profile:
    agency = Agency.objects.get(acronym=acronym) if acronym else None
    profile = make_account(username, role, agency, full_name=username.title())
    if clusters:
        profile.clusters.set(Cluster.objects.filter(code__in=clusters))
    return profile


@pytest.fixture
def people(cilegon_plan: Plan) -> dict[str, Profile]:
    return {
        "sekretariat": persona("sekretariat", Profile.Role.SECRETARIAT),
        "dinkes": persona("dinkes", Profile.Role.OPERATOR, "Dinkes"),
        "dinsos": persona("dinsos", Profile.Role.OPERATOR, "Dinsos"),
        "koordinator3": persona("koordinator3", Profile.Role.COORDINATOR, clusters=("III",)),
        "koordinator5": persona("koordinator5", Profile.Role.COORDINATOR, clusters=("V",)),
        "pimpinan": persona("pimpinan", Profile.Role.VIEWER),
    }


def scope(profile: Profile) -> Scope:
    return scope_for(profile.user)


@pytest.fixture
def period(cilegon_plan: Plan) -> ReportingPeriod:
    first = create_periods(plan=cilegon_plan, year=2025, scope=SYSTEM, actor=None)[0]
    return open_period(period=first, scope=SYSTEM, actor=None)


@pytest.fixture
def vitamin_a(cilegon_plan: Plan) -> Measure:
    """A Dinkes measure in cluster III: percent, target 2025 of 90."""
    return Measure.objects.get(
        plan=cilegon_plan, name="Persentase balita yang mendapat kapsul vitamin A"
    )
