"""The pages of two plan cycles: the archived plan stays readable, the new one takes its baselines."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.achievement.selectors import forget_cached, plan_achievement
from radkla.audittrail.models import AuditEvent
from radkla.conftest import make_account
from radkla.monitoring.services import close_period
from radkla.plan.continuation import DEFAULT_REASON, baseline_proposals
from radkla.plan.inforce import period_key
from radkla.plan.models import Measure, Plan, PlanRevision
from radkla.plan.revisions import apply_revision
from radkla.plan.services import import_plan, read_plan_file
from radkla.plan.tests.cycles import next_cycle
from radkla.plan.tests.test_revisions import AKTA, FIRST_TARGET, _verified, _year, edited

BANNER = "Rencana 2023-2026 sudah diarsipkan — hanya dapat dibaca; rencana yang berlaku:"


@pytest.fixture
def cycled(cilegon_plan: Plan, seed_bytes: bytes) -> tuple[Plan, Plan]:
    """The Cilegon plan with akta verified in 2024 (97,80) and 2025 (98,10), then 2027-2030."""
    akta = Measure.objects.get(plan=cilegon_plan, name=AKTA)
    for year, text in ((2024, "97,80"), (2025, "98,10")):
        periods = _year(cilegon_plan, year)
        _verified(akta, periods[0], text)
        for period in periods:
            close_period(period=period, scope=SYSTEM, actor=None)
    new = import_plan(parsed=read_plan_file(next_cycle(seed_bytes), "rad-2027.txt"), actor=None)
    forget_cached()
    cilegon_plan.refresh_from_db()
    return cilegon_plan, new.plan


@pytest.fixture
def secretariat_client(client: Client, sekretariat: Profile) -> Client:
    client.force_login(sekretariat.user)
    return client


def _reader() -> Client:
    reader = Client()
    reader.force_login(make_account("pimpinan", Profile.Role.VIEWER).user)
    return reader


def test_capaian_opens_the_plan_in_force_and_the_archived_one_by_its_id(
    cycled: tuple[Plan, Plan],
) -> None:
    old, new = cycled
    reader = _reader()
    page = reader.get(reverse("achievement:dashboard")).content.decode()
    assert new.title in page and "archived-banner" not in page
    assert '<option value="2027"' in page and '<option value="2024"' not in page

    response = reader.get(reverse("achievement:dashboard"), {"rencana": old.pk, "tahun": 2025})
    page = response.content.decode()
    assert response.status_code == 200
    assert old.title in page
    assert BANNER in page
    assert f'href="{reverse("achievement:dashboard")}" id="active-plan-link">2027-2030' in page
    # The year selector offers the old plan's years and keeps naming the plan.
    assert '<option value="2025" selected' in page and '<option value="2027"' not in page
    assert f'<input type="hidden" name="rencana" value="{old.pk}">' in page
    # Links within the page keep the plan: cluster cards, the downloads.
    assert f"?tahun=2025&amp;rencana={old.pk}" in page
    assert f"?tahun=2025&amp;rencana={old.pk}&amp;export=xlsx" in page
    # The old plan's figures: the verified akta of 2025 is counted there, nowhere in the new.
    old_figures = plan_achievement(old, 2025)
    assert old_figures.plan_rollup.scored >= 1
    assert f"{old_figures.plan_rollup.scored} dari {old_figures.plan_rollup.total}" in page


def test_the_detail_pages_of_an_archived_plan_keep_it(cycled: tuple[Plan, Plan]) -> None:
    old, _new = cycled
    reader = _reader()
    akta = Measure.objects.select_related("action__indicator__cluster").get(plan=old, name=AKTA)
    indicator = akta.action.indicator
    for url in (
        reverse("achievement:cluster", args=[indicator.cluster.code]),
        reverse("achievement:indicator", args=[indicator.pk]),
        reverse("achievement:areas"),
        reverse("achievement:public"),
    ):
        response = reader.get(url, {"rencana": old.pk, "tahun": 2024})
        assert response.status_code == 200, url
        page = response.content.decode()
        assert BANNER in page, url
        assert f'name="rencana" value="{old.pk}"' in page, url
    # The indicator of the old plan is not one of the plan in force.
    assert reader.get(reverse("achievement:indicator", args=[indicator.pk])).status_code == 404


@pytest.mark.parametrize("bad", ["abc", "999999", "-1", "1.5", "²", "9" * 30])
def test_a_bad_rencana_is_the_sites_404(cycled: tuple[Plan, Plan], bad: str) -> None:
    reader = _reader()
    for name in ("achievement:dashboard", "achievement:public", "reports:index"):
        response = reader.get(reverse(name), {"rencana": bad})
        assert response.status_code == 404
        assert "Rencana yang diminta tidak ada" in response.content.decode()


def test_reports_of_an_archived_plan_download_its_years(cycled: tuple[Plan, Plan]) -> None:
    old, _new = cycled
    reader = _reader()
    page = reader.get(reverse("reports:index"), {"rencana": old.pk}).content.decode()
    assert BANNER in page
    assert f'<input type="hidden" name="rencana" value="{old.pk}">' in page
    assert "Tahun 2025" in page and "Tahun 2027" not in page
    response = reader.get(
        reverse("reports:index"), {"rencana": old.pk, "untuk": "2025", "format": "xlsx"}
    )
    assert response.status_code == 200
    assert "2023" in response["Content-Disposition"] or "2025" in response["Content-Disposition"]
    # The plan in force refuses a year of the old plan.
    refused = reader.get(reverse("reports:index"), {"untuk": "2025", "format": "xlsx"})
    assert refused.status_code == 404


def test_an_archived_plan_invites_no_writes(
    cycled: tuple[Plan, Plan], secretariat_client: Client
) -> None:
    old, _new = cycled
    overview = secretariat_client.get(reverse("plan:overview", args=[old.pk])).content.decode()
    assert BANNER in overview
    assert 'id="polarity-tab"' not in overview and 'id="plan-import-link"' not in overview
    assert f"{reverse('achievement:dashboard')}?rencana={old.pk}" in overview
    dashboard = secretariat_client.get(
        reverse("achievement:dashboard"), {"rencana": old.pk}
    ).content.decode()
    assert 'id="polarity-link"' not in dashboard
    reports = secretariat_client.get(reverse("reports:index"), {"rencana": old.pk}).content.decode()
    assert 'id="settings-link"' not in reports
    polarity = secretariat_client.get(reverse("plan:polarity", args=[old.pk]))
    assert polarity.status_code == 403
    assert "sudah diarsipkan" in polarity.content.decode()
    # The plan in force still offers them.
    current = secretariat_client.get(reverse("achievement:dashboard")).content.decode()
    assert "archived-banner" not in current


def test_the_plan_list_shows_each_status_and_links_the_archive(
    cycled: tuple[Plan, Plan],
) -> None:
    old, new = cycled
    page = _reader().get(reverse("plan:home")).content.decode()
    old_row = re.search(rf'<li data-plan="{old.pk}">.*?</li>', page)
    new_row = re.search(rf'<li data-plan="{new.pk}">.*?</li>', page)
    assert old_row is not None and new_row is not None
    # A new import is a draft until the secretariat declares it in force.
    assert new.status == Plan.Status.DRAFT
    assert ">Arsip</span>" in old_row.group(0) and ">Draf</span>" in new_row.group(0)
    assert f"?rencana={old.pk}" in old_row.group(0)
    assert "?rencana=" not in new_row.group(0)


def test_the_proposals_list_the_previous_plans_newest_verified_value(
    cycled: tuple[Plan, Plan], secretariat_client: Client
) -> None:
    _old, new = cycled
    akta = Measure.objects.get(plan=new, name=AKTA)
    proposals = {p.measure_id: p for p in baseline_proposals(new)}
    assert len(proposals) == 195
    assert (proposals[akta.pk].year, proposals[akta.pk].value) == (2025, Decimal("98.1"))
    assert sum(p.available for p in proposals.values()) == 1

    overview = secretariat_client.get(reverse("plan:overview", args=[new.pk])).content.decode()
    assert reverse("plan:baselines", args=[new.pk]) in overview
    page = secretariat_client.get(reverse("plan:baselines", args=[new.pk])).content.decode()
    row = re.search(rf'<tr data-measure="{akta.pk}".*?</tr>', page, re.S)
    assert row is not None
    assert '<b class="value">98,1</b>' in row.group(0) and "(2025)" in row.group(0)
    assert f'name="ukuran" value="{akta.pk}"' in row.group(0)
    other = next(p for p in proposals.values() if not p.available)
    missing = re.search(rf'<tr data-measure="{other.measure_id}".*?</tr>', page, re.S)
    assert missing is not None
    assert "belum ada realisasi terverifikasi" in missing.group(0)
    assert 'name="ukuran"' not in missing.group(0)
    assert f'value="{DEFAULT_REASON}"' in page


def test_accepting_sets_the_baseline_as_one_minor_revision(
    cycled: tuple[Plan, Plan], secretariat_client: Client
) -> None:
    _old, new = cycled
    akta = Measure.objects.get(plan=new, name=AKTA)
    before = akta.baseline_raw
    assert before != "98,1"
    url = reverse("plan:baselines", args=[new.pk])
    response = secretariat_client.post(url, {"ukuran": [akta.pk], "alasan": DEFAULT_REASON})
    assert response.status_code == 302
    akta.refresh_from_db()
    assert (akta.baseline_raw, akta.baseline_kind) == ("98,1", "percent")
    assert Decimal(str(akta.baseline_value)) == Decimal("98.1")
    revision = PlanRevision.objects.filter(plan=new).order_by("-number", "-minor").first()
    assert revision is not None and revision.label == "0.1"
    assert (revision.kind, revision.reason) == (PlanRevision.Kind.CORRECTION, DEFAULT_REASON)
    event = AuditEvent.objects.get(action="plan.baseline", object_id=str(new.pk))
    assert event.old == {str(akta.pk): before} and event.new == {str(akta.pk): "98,1"}
    # Accepting the same again changes nothing and records nothing.
    secretariat_client.post(url, {"ukuran": [akta.pk], "alasan": DEFAULT_REASON})
    assert PlanRevision.objects.filter(plan=new).count() == 2
    assert AuditEvent.objects.filter(action="plan.baseline").count() == 1


def test_a_measure_without_a_verified_value_cannot_be_accepted(
    cycled: tuple[Plan, Plan], secretariat_client: Client
) -> None:
    _old, new = cycled
    other = next(p for p in baseline_proposals(new) if not p.available)
    response = secretariat_client.post(
        reverse("plan:baselines", args=[new.pk]),
        {"ukuran": [other.measure_id], "alasan": DEFAULT_REASON},
    )
    assert response.status_code == 400
    assert "belum ada realisasi terverifikasi" in response.content.decode()
    assert PlanRevision.objects.filter(plan=new).count() == 1
    assert Measure.objects.get(pk=other.measure_id).baseline_raw == other.baseline_raw


def test_only_the_secretariat_sees_and_accepts_proposals(cycled: tuple[Plan, Plan]) -> None:
    _old, new = cycled
    reader = _reader()
    akta = Measure.objects.get(plan=new, name=AKTA)
    url = reverse("plan:baselines", args=[new.pk])
    assert reader.get(url).status_code == 403
    assert reader.post(url, {"ukuran": [akta.pk], "alasan": "x"}).status_code == 403
    akta.refresh_from_db()
    assert akta.baseline_raw != "98,1"
    assert not AuditEvent.objects.filter(action="plan.baseline").exists()


def test_capaian_names_the_revision_whose_targets_it_uses(
    cilegon_plan: Plan, seed_bytes: bytes
) -> None:
    amended = edited(seed_bytes, [(AKTA, FIRST_TARGET + 2, "99,5")])
    apply_revision(
        plan=cilegon_plan,
        parsed=read_plan_file(amended, "perubahan.txt"),
        reason="Perubahan target akta",
        actor=None,
        effective_from=period_key(2025, 1),
    )
    forget_cached()
    reader = _reader()
    earlier = reader.get(reverse("achievement:dashboard"), {"tahun": 2024}).content.decode()
    assert "Target menurut revisi 0 (impor awal)" in earlier
    later = reader.get(reverse("achievement:dashboard"), {"tahun": 2025}).content.decode()
    assert "Target menurut revisi 1 (berlaku sejak Caturwulan I 2025)" in later
    akta = Measure.objects.select_related("action__indicator").get(plan=cilegon_plan, name=AKTA)
    detail = reader.get(
        reverse("achievement:indicator", args=[akta.action.indicator_id]), {"tahun": 2025}
    ).content.decode()
    assert "Target menurut revisi 1 (berlaku sejak Caturwulan I 2025)" in detail


def test_the_command_lists_and_accepts_the_proposals(cycled: tuple[Plan, Plan]) -> None:
    old, new = cycled
    akta = Measure.objects.get(plan=new, name=AKTA)
    listed = io.StringIO()
    call_command("plan", "baseline", stdout=listed)
    row = next(line for line in listed.getvalue().splitlines() if f" {akta.pk} " in line)
    assert "98,1 (2025)" in row
    with pytest.raises(CommandError, match="tulis 'all'"):
        call_command("plan", "baseline", "--accept", "akta", stdout=io.StringIO())
    accepted = io.StringIO()
    call_command("plan", "baseline", "--accept", "all", stdout=accepted)
    assert "Data dasar 1 ukuran" in accepted.getvalue() and "revisi 0.1" in accepted.getvalue()
    akta.refresh_from_db()
    assert akta.baseline_raw == "98,1"
    none = io.StringIO()
    call_command("plan", "baseline", "--plan", str(old.pk), stdout=none)
    assert "tidak punya ukuran yang melanjutkan" in none.getvalue()
