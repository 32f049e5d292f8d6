"""Schemathesis against /api/openapi.json, in process (WSGI): no server error, every
response as the schema says, every status code documented."""

from __future__ import annotations

from collections.abc import Iterator

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from radkla.accounts.models import Profile
from radkla.api.models import ApiToken
from radkla.api.tests.conftest import token_for
from radkla.monitoring.models import ReportingPeriod
from radkla.plan.models import Measure, Plan

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Calls run inside the test's transaction: no closing of connections between them
    (as Django's own test client does); PostgreSQL would otherwise lose the test's data."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(dinkes: Profile, pimpinan_small: Profile) -> dict[str, str]:
    """An operator's write token, and a reader's for readiness (which operators do not read)."""
    return {
        "operator": token_for(dinkes, ApiToken.Access.WRITE),
        "reader": token_for(pimpinan_small),
    }


def _real(generated: object, ids: list[int]) -> object:
    """Most generated ids point at the small plan's objects; every fifth stays random (404)."""
    if not isinstance(generated, int) or generated % 5 == 0:
        return generated
    return ids[generated % len(ids)]


@schema.parametrize()
@hypothesis.settings(
    max_examples=8,
    deadline=None,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, small: Plan, tokens: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    periods = list(ReportingPeriod.objects.filter(plan=small).values_list("pk", flat=True))
    measures = list(Measure.objects.filter(plan=small).values_list("pk", flat=True))
    wanted = {
        "plan_id": [small.pk],
        "periode_id": periods,
        "ukuran_id": measures,
        "periode": periods,
        "ukuran": measures,
    }
    for params in (case.path_parameters, case.query):
        for name, ids in wanted.items():
            if params and name in params:
                params[name] = _real(params[name], ids)
    token = tokens["reader" if case.path.endswith("/kesiapan") else "operator"]
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
