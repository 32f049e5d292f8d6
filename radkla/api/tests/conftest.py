"""Accounts and tokens over the small plan (radkla/achievement/tests/conftest.py)."""

from __future__ import annotations

import pytest
from django.test import Client

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.achievement.tests import conftest as achievement_fixtures
from radkla.api.models import ApiToken
from radkla.api.services import issue_token
from radkla.conftest import make_account
from radkla.plan.models import Agency, Plan

Role = Profile.Role
small = achievement_fixtures.small  # the hand-computed small plan, shared


def token_for(profile: Profile, access: str = ApiToken.Access.READ) -> str:
    """A token of the account, issued through the real service; its secret."""
    return issue_token(
        user=profile.user, name=f"uji {access}", access=access, scope=SYSTEM, actor=None
    ).secret


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def api() -> Client:
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def dinkes(small: Plan) -> Profile:
    return make_account("dinkes", Role.OPERATOR, Agency.objects.get(acronym="Dinkes"))


@pytest.fixture
def dinsos(small: Plan) -> Profile:
    return make_account("dinsos", Role.OPERATOR, Agency.objects.get(acronym="Dinsos"))


@pytest.fixture
def pimpinan_small(small: Plan) -> Profile:
    return make_account("pimpinan", Role.VIEWER)


@pytest.fixture
def sekretariat_small(small: Plan) -> Profile:
    return make_account("sekretariat", Role.SECRETARIAT)
