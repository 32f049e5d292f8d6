"""The achievement tests' small plan, with a 2024 that holds verified and unverified values."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from radkla.accounts.access import SYSTEM
from radkla.achievement.tests.conftest import _agency, _save, small  # noqa: F401  (a fixture)
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.services import submit_realization, verify_realization
from radkla.opendata.tests.ckan_server import FakeCkan
from radkla.plan.models import Measure, Plan

# Values that are in radkla but not verified: they must never reach the open data.
UNVERIFIED_SUBMITTED = "17,25"
UNVERIFIED_DRAFT = "88"  # the small plan's own 2024 draft


@pytest.fixture
def mixed(small: Plan) -> Plan:  # noqa: F811
    """2024's first period: one value verified, one submitted only, one draft (from ``small``)."""
    period = ReportingPeriod.objects.get(plan=small, year=2024, number=1)
    trained = Measure.objects.get(plan=small, name="Petugas terlatih")
    verify_realization(
        realization=submit_realization(
            realization=_save(trained, period, "12"), scope=_agency(trained), actor=None
        ),
        scope=SYSTEM,
        actor=None,
    )
    stunting = Measure.objects.get(plan=small, name="Prevalensi stunting")
    submit_realization(
        realization=_save(stunting, period, UNVERIFIED_SUBMITTED),
        scope=_agency(stunting),
        actor=None,
    )
    return small


@pytest.fixture
def ckan() -> Iterator[FakeCkan]:
    server = FakeCkan()
    yield server
    server.stop()
