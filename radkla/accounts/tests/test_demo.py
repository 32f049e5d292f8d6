"""`radkla demo --load-only`: the plan, demo accounts that can sign in, nothing twice."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from radkla.accounts.models import Profile
from radkla.accounts.services import DEMO_PASSWORD
from radkla.plan.models import Plan


@pytest.mark.django_db
def test_the_demo_loads_the_plan_and_prints_working_logins(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("demo", "--load-only")
    out = capsys.readouterr().out
    assert "DEMO radkla" in out
    assert Plan.objects.count() == 1
    for username in ("sekretariat", "pimpinan", "dinkes", "dinsos", "disdukcapil", "dp3ap2kb"):
        assert username in out
        # The lockout backend (django-axes) needs the login request to judge.
        request = RequestFactory().post(reverse("accounts:login"))
        assert authenticate(request, username=username, password=DEMO_PASSWORD) is not None
    dinkes = Profile.objects.get(user__username="dinkes")
    assert dinkes.role == Profile.Role.OPERATOR
    assert dinkes.agency is not None and dinkes.agency.acronym == "Dinkes"
    call_command("demo", "--load-only")
    assert "sudah ada" in capsys.readouterr().out
    assert Plan.objects.count() == 1
    assert Profile.objects.count() == 6


@pytest.mark.django_db
def test_an_operator_must_belong_to_an_agency() -> None:
    from django.contrib.auth.models import User
    from django.db import IntegrityError

    user = User.objects.create_user("tanpa-instansi")
    with pytest.raises(IntegrityError):
        Profile.objects.create(user=user, role=Profile.Role.OPERATOR, agency=None)
