"""Funding: planned budget per action and source, spending from verified reports only."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.audittrail.models import AuditEvent
from radkla.monitoring.funding import FundingLine, budget_version, funding_lines, set_budget
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
    version = page.split(f'name="version-{vitamin_a.action_id}" value="')[1].split('"')[0]
    client.post(
        f"{url}?tahun=2025", {field: "25.000.000", f"version-{vitamin_a.action_id}": version}
    )
    assert Budget.objects.get(action=vitamin_a.action, year=2025).amount == 25_000_000
    page = client.post(f"{url}?tahun=2025", {field: "dua juta"}, follow=True).content.decode()
    assert f"Pagu {vitamin_a.action.name[:20]}" in page and "bukan jumlah rupiah" in page
    assert 'value="dua juta"' in page  # what was typed stays on the page
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


# -- saving what was sent, with a version, audited old → new --------------------------


@pytest.fixture
def two_lines(people: dict[str, Profile], period: ReportingPeriod) -> list[FundingLine]:
    """Two Dinkes actions with a budget for 2025: 10 + 5 million, and 7 million."""
    first, second = funding_lines(period.plan, 2025, people["dinkes"].agency_id)[:2]
    for action, amounts in (
        (first.action, {"apbd_kota": Decimal(10_000_000), "apbn": Decimal(5_000_000)}),
        (second.action, {"apbd_kota": Decimal(7_000_000)}),
    ):
        set_budget(action=action, year=2025, amounts=amounts, scope=SYSTEM, actor=None)
    return funding_lines(period.plan, 2025, people["dinkes"].agency_id)[:2]


def budgets() -> dict[tuple[int, str], Decimal]:
    return {(b.action_id, b.source): b.amount for b in Budget.objects.filter(year=2025)}


def version_on(page: str, action_id: int) -> str:
    return page.split(f'name="version-{action_id}" value="')[1].split('"')[0]


def test_a_post_with_fields_left_out_changes_only_the_fields_sent(
    people: dict[str, Profile], two_lines: list[FundingLine]
) -> None:
    first, second = two_lines
    client = Client()
    client.force_login(people["dinkes"].user)
    url = f"{reverse('monitoring:funding')}?tahun=2025"
    version = version_on(client.get(url).content.decode(), first.action.pk)
    before = budgets()
    # Every other field of the year deleted from the form: only one amount is sent.
    response = client.post(
        url,
        {f"pagu-{first.action.pk}-apbd_kota": "12.000.000", f"version-{first.action.pk}": version},
    )
    assert response.status_code == 302
    after = budgets()
    assert after.pop((first.action.pk, "apbd_kota")) == 12_000_000
    before.pop((first.action.pk, "apbd_kota"))
    assert after == before  # APBN of the first line and the whole second line are kept
    assert after[(second.action.pk, "apbd_kota")] == 7_000_000


def test_a_save_from_a_stale_page_is_refused_and_the_typed_values_stay(
    people: dict[str, Profile], two_lines: list[FundingLine]
) -> None:
    first, _second = two_lines
    operator, secretariat = Client(), Client()
    operator.force_login(people["dinkes"].user)
    secretariat.force_login(people["sekretariat"].user)
    url = f"{reverse('monitoring:funding')}?tahun=2025"
    field, version_field = f"pagu-{first.action.pk}-apbd_kota", f"version-{first.action.pk}"
    stale = version_on(operator.get(url).content.decode(), first.action.pk)
    fresh = version_on(secretariat.get(url).content.decode(), first.action.pk)
    secretariat.post(url, {field: "11.000.000", version_field: fresh})
    page = operator.post(url, {field: "13.000.000", version_field: stale}).content.decode()
    assert budgets()[(first.action.pk, "apbd_kota")] == 11_000_000
    assert "sudah diubah oleh sekretariat pada" in page
    assert "APBD kota/kabupaten Rp11.000.000" in page and "Muat ulang halaman" in page
    assert f'data-error="{first.action.pk}"' in page
    assert 'value="13.000.000"' in page


def test_the_audit_event_holds_old_and_new_of_each_changed_amount(
    people: dict[str, Profile], two_lines: list[FundingLine]
) -> None:
    first, _second = two_lines
    set_budget(
        action=first.action,
        year=2025,
        amounts={"apbd_kota": Decimal(12_000_000), "apbn": Decimal(5_000_000), "csr": Decimal(0)},
        scope=scope(people["dinkes"]),
        actor=people["dinkes"].user,
        expected_version=budget_version(first.planned),
    )
    event = AuditEvent.objects.filter(action="budget.set").latest("id")
    assert event.old == {"year": 2025, "amounts": {"apbd_kota": "10000000"}}
    assert event.new == {"year": 2025, "amounts": {"apbd_kota": "12000000"}}
    assert "APBD kota/kabupaten Rp10.000.000 → Rp12.000.000" in event.summary
    client = Client()
    client.force_login(people["sekretariat"].user)
    log = client.get(reverse("monitoring:audit_log"), {"tindakan": "budget.set"}).content.decode()
    assert "Rp10.000.000 → Rp12.000.000" in log


def test_the_secretariat_saves_the_whole_page_of_every_action(
    people: dict[str, Profile], two_lines: list[FundingLine]
) -> None:
    first, _second = two_lines
    client = Client()
    client.force_login(people["sekretariat"].user)
    url = f"{reverse('monitoring:funding')}?tahun=2025"
    page = client.get(url).content.decode()
    # Every input of the form as the browser sends it: more than 1,000 fields.
    fields = dict(re.findall(r'name="((?:pagu|version)-[^"]+)" value="([^"]*)"', page))
    assert len(fields) > 1000
    fields[f"pagu-{first.action.pk}-csr"] = "2.000.000"
    assert client.post(url, fields).status_code == 302
    assert budgets()[(first.action.pk, "csr")] == 2_000_000
