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
from radkla.plan.revisions import apply_revision
from radkla.plan.services import read_plan_file
from radkla.plan.tests.amended import seed_text_with


@pytest.mark.django_db
def test_the_demo_loads_the_plan_and_prints_working_logins(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("demo", "--load-only")
    out = capsys.readouterr().out
    assert "DEMO radkla" in out
    assert Plan.objects.count() == 1
    for username in ("sekretariat", "pimpinan", "koordinator3", "dinkes", "dinsos", "dp3ap2kb"):
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
    assert Profile.objects.count() == 8
    # Revised on its pages since, the demo plan is still the one the demo opens.
    changed = seed_text_with(target_changes=(("Capaian Kepemilikan Akta Kelahiran", 2026, "99"),))
    apply_revision(
        plan=Plan.objects.get(),
        parsed=read_plan_file(changed.encode(), "ubah.txt"),
        reason="Uji",
        actor=None,
    )
    call_command("demo", "--load-only")
    assert "sudah ada" in capsys.readouterr().out
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_an_operator_must_belong_to_an_agency() -> None:
    from django.contrib.auth.models import User
    from django.db import IntegrityError

    user = User.objects.create_user("tanpa-instansi")
    with pytest.raises(IntegrityError):
        Profile.objects.create(user=user, role=Profile.Role.OPERATOR, agency=None)


@pytest.mark.django_db
def test_the_demo_monitoring_state_is_realistic_and_repeatable() -> None:
    from radkla.audittrail.models import AuditEvent
    from radkla.monitoring.models import Realization, ReportingPeriod

    call_command("demo", "--load-only")
    states = {
        year: set(Realization.objects.filter(period__year=year).values_list("state", flat=True))
        for year in (2023, 2024, 2025)
    }
    assert states[2023] == states[2024] == {"verified"}
    assert {"verified", "submitted", "returned", "draft"} <= states[2025]
    closed = ReportingPeriod.objects.filter(year__in=(2023, 2024))
    assert closed.count() == 6 and not closed.exclude(state="closed").exists()
    assert not ReportingPeriod.objects.filter(year=2025).exclude(state="open").exists()
    values = list(Realization.objects.order_by("id").values_list("value_raw", flat=True)[:50])
    assert AuditEvent.objects.filter(
        action="demo.generate", summary__startswith="DATA DEMO"
    ).exists()
    # The same seed gives the same numbers.
    from radkla.meetings.models import Meeting
    from radkla.monitoring.models import Evidence

    assert Meeting.objects.filter(decisions__state="open").exists()
    Meeting.objects.all().delete()

    Evidence.objects.all().delete()
    Realization.objects.all().delete()
    ReportingPeriod.objects.all().delete()
    call_command("demo", "--load-only")
    assert (
        list(Realization.objects.order_by("id").values_list("value_raw", flat=True)[:50]) == values
    )
