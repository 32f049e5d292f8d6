"""Funding: planned budget per action and source, spending from verified reports only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.audittrail.models import AuditEvent
from radkla.monitoring.funding import funding_lines, set_budget
from radkla.monitoring.models import Budget, ReportingPeriod
from radkla.monitoring.services import Entry, save_entry, submit_realization, verify_realization
from radkla.monitoring.tests.conftest import scope
from radkla.monitoring.values import read_value
from radkla.plan.models import Measure


def test_an_agency_plans_its_own_actions_only(
    people: dict[str, Profile], vitamin_a: Measure
) -> None:
    action = vitamin_a.action
    set_budget(
        action=action,
        year=2025,
        amounts={"apbd_kota": Decimal(15_000_000)},
        scope=scope(people["dinkes"]),
        actor=None,
    )
    assert Budget.objects.get().amount == 15_000_000
    with pytest.raises(PermissionDenied):
        set_budget(
            action=action,
            year=2025,
            amounts={"apbd_kota": Decimal(1)},
            scope=scope(people["dinsos"]),
            actor=None,
        )
    with pytest.raises(ValueError, match="negatif"):
        set_budget(
            action=action, year=2025, amounts={"apbd_kota": Decimal(-1)}, scope=SYSTEM, actor=None
        )
    assert AuditEvent.objects.filter(action="budget.set").count() == 1


def test_spending_counts_only_the_newest_verified_revision(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    dinkes = people["dinkes"]

    def report(text: str, amount: int, version: int | None) -> None:
        entry = Entry(
            measure=vitamin_a,
            value=read_value(text, unit="%", target=None),
            spending={"apbd_kota": Decimal(amount)},
            expected_version=version,
        )
        saved = save_entry(entry=entry, period=period, scope=scope(dinkes), actor=None)
        verify_realization(
            realization=submit_realization(realization=saved, scope=scope(dinkes), actor=None),
            scope=SYSTEM,
            actor=None,
        )

    report("80", 2_000_000, None)
    line = next(
        fl
        for fl in funding_lines(period.plan, 2025, dinkes.agency_id)
        if fl.action == vitamin_a.action
    )
    assert line.spent == {"apbd_kota": Decimal(2_000_000)}
    report("85", 3_000_000, 3)  # a verified revision replaces the first
    line = next(
        fl
        for fl in funding_lines(period.plan, 2025, dinkes.agency_id)
        if fl.action == vitamin_a.action
    )
    assert line.spent_total == Decimal(3_000_000)


def test_the_funding_page_saves_pagu_for_the_year(
    people: dict[str, Profile], vitamin_a: Measure
) -> None:
    client = Client()
    client.force_login(people["dinkes"].user)
    url = reverse("monitoring:funding")
    page = client.get(url, {"tahun": 2025}).content.decode()
    field = f"pagu-{vitamin_a.action_id}-apbd_kota"
    assert f'name="{field}"' in page
    client.post(f"{url}?tahun=2025", {field: "25.000.000"})
    assert Budget.objects.get(action=vitamin_a.action, year=2025).amount == 25_000_000
    page = client.post(f"{url}?tahun=2025", {field: "dua juta"}, follow=True).content.decode()
    assert "bukan jumlah rupiah" in page
    assert Budget.objects.get(action=vitamin_a.action, year=2025).amount == 25_000_000
    viewer = Client()
    viewer.force_login(people["pimpinan"].user)
    assert f'name="{field}"' not in viewer.get(url, {"tahun": 2025}).content.decode()


def test_the_grid_shows_spending_in_rupiah(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    dinkes = people["dinkes"]
    entry = Entry(
        measure=vitamin_a,
        value=read_value("80", unit="%", target=None),
        spending={"apbd_kota": Decimal(5_000_000)},
    )
    save_entry(entry=entry, period=period, scope=scope(dinkes), actor=None)
    client = Client()
    client.force_login(dinkes.user)
    html = client.get(reverse("monitoring:grid", args=[period.pk])).content.decode()
    assert f'name="spend-{vitamin_a.pk}-apbd_kota" value="Rp5.000.000"' in html
    assert "5000000" not in html
