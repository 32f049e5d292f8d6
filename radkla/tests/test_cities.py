"""Several cities in one installation: each city's task force sees its own city only.

Cilegon, Serang (both in Banten) and Bandung (Jawa Barat) are imported from the
shipped regulation with the city's name changed. Every page a city's account can
open for its own city answers 404 for another city's plan, period, realization,
evidence file, meeting or region; a province reader reads its province's cities;
a national reader reads every city.
"""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from radkla.accounts.access import SYSTEM, Scope, scope_for
from radkla.accounts.models import Profile
from radkla.accounts.services import AccountError, create_account
from radkla.api.services import TokenError, issue_token
from radkla.audittrail.models import AuditEvent
from radkla.audittrail.services import data_version
from radkla.conftest import TEST_PASSWORD
from radkla.meetings.models import Meeting
from radkla.meetings.services import record_meeting
from radkla.monitoring.models import Evidence, Realization, Reminder, ReportingPeriod
from radkla.monitoring.services import (
    Entry,
    add_evidence,
    create_periods,
    open_period,
    save_entry,
)
from radkla.monitoring.values import read_value
from radkla.plan.models import Agency, Measure, Plan
from radkla.plan.services import PlanImportError, import_plan, read_plan_file
from radkla.regions.models import Region

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
VITAMIN_A = "Persentase balita yang mendapat kapsul vitamin A"


def city_regulation(seed_bytes: bytes, name: str) -> bytes:
    """The Cilegon regulation as another city would enact it."""
    return seed_bytes.replace(b"CILEGON", name.upper().encode()).replace(b"Cilegon", name.encode())


def import_city(seed_bytes: bytes, name: str, scope: Scope = SYSTEM) -> Plan:
    parsed = read_plan_file(city_regulation(seed_bytes, name), f"perwal-{name.lower()}.txt")
    return import_plan(parsed=parsed, actor=None, scope=scope).plan


def account(
    username: str, role: str, *, region: Region | None, agency: Agency | None = None
) -> Profile:
    return create_account(
        username=username,
        password=TEST_PASSWORD,
        role=role,
        agency=agency,
        full_name=username.title(),
        actor=None,
        region=region,
    )


def open_first_period(plan: Plan) -> ReportingPeriod:
    first = create_periods(plan=plan, year=2025, scope=SYSTEM, actor=None)[0]
    return open_period(period=first, scope=SYSTEM, actor=None)


@pytest.fixture
def serang(cilegon_plan: Plan, seed_bytes: bytes) -> Plan:
    return import_city(seed_bytes, "Serang")


@pytest.fixture
def serang_work(serang: Plan) -> dict[str, object]:
    """Serang's data: an open period, a saved realization with evidence, a meeting."""
    period = open_first_period(serang)
    dinkes = Agency.objects.get(region=serang.region, acronym="Dinkes")
    operator = account("dinkes-serang", Profile.Role.OPERATOR, region=None, agency=dinkes)
    measure = Measure.objects.get(plan=serang, name=VITAMIN_A)
    realization = save_entry(
        entry=Entry(measure=measure, value=read_value("86", unit="%", target=None)),
        period=period,
        scope=scope_for(operator.user),
        actor=operator.user,
    )
    evidence = add_evidence(
        realization=realization,
        name="bukti.pdf",
        data=PDF,
        scope=scope_for(operator.user),
        actor=operator.user,
        max_bytes=1_000_000,
    )
    meeting = record_meeting(
        plan=serang,
        period=period,
        held_on=dt.date(2025, 3, 3),
        title="Rapat koordinasi Serang",
        scope=SYSTEM,
        actor=None,
    )
    return {
        "period": period,
        "realization": realization,
        "evidence": evidence,
        "meeting": meeting,
        "measure": measure,
    }


def test_the_same_agency_name_in_two_cities_is_two_agencies(
    cilegon_plan: Plan, serang: Plan
) -> None:
    cilegon_dinkes = Agency.objects.get(region=cilegon_plan.region, acronym="Dinkes")
    serang_dinkes = Agency.objects.get(region=serang.region, acronym="Dinkes")
    assert cilegon_dinkes.pk != serang_dinkes.pk
    assert cilegon_dinkes.name == serang_dinkes.name
    # Every measure of a city names its own city's agencies only.
    for plan in (cilegon_plan, serang):
        regions = set(
            Agency.objects.filter(measures__plan=plan).values_list("region_id", flat=True)
        )
        assert regions == {plan.region_id}


def test_an_operator_cannot_save_into_another_citys_measure(
    cilegon_plan: Plan, serang_work: dict[str, object]
) -> None:
    dinkes = Agency.objects.get(region=cilegon_plan.region, acronym="Dinkes")
    operator = account("dinkes", Profile.Role.OPERATOR, region=None, agency=dinkes)
    measure = serang_work["measure"]
    assert isinstance(measure, Measure)
    before = Realization.objects.count()
    with pytest.raises(PermissionDenied):
        save_entry(
            entry=Entry(measure=measure, value=read_value("99", unit="%", target=None)),
            period=serang_work["period"],  # type: ignore[arg-type]
            scope=scope_for(operator.user),
            actor=operator.user,
        )
    assert Realization.objects.count() == before


def _serang_urls(serang: Plan, work: dict[str, object]) -> list[str]:
    period = work["period"]
    realization = work["realization"]
    evidence = work["evidence"]
    meeting = work["meeting"]
    assert isinstance(period, ReportingPeriod) and isinstance(realization, Realization)
    assert isinstance(evidence, Evidence) and isinstance(meeting, Meeting)
    return [
        reverse("plan:overview", args=[serang.pk]),
        reverse("plan:history", args=[serang.pk]),
        reverse("monitoring:grid", args=[period.pk]),
        reverse("monitoring:verification", args=[period.pk]),
        reverse("monitoring:history", args=[realization.pk]),
        reverse("monitoring:evidence_file", args=[evidence.pk]),
        reverse("meetings:detail", args=[meeting.pk]),
        reverse("achievement:dashboard") + f"?rencana={serang.pk}",
        reverse("reports:index") + f"?rencana={serang.pk}",
        reverse("regions:set_code", args=[serang.region_id]),
    ]


@pytest.mark.parametrize(
    ("role", "acronym", "clusters"),
    [
        (Profile.Role.SECRETARIAT, "", ()),
        (Profile.Role.COORDINATOR, "", ("III",)),
        (Profile.Role.OPERATOR, "Dinkes", ()),
        (Profile.Role.VIEWER, "", ()),
    ],
)
def test_every_page_of_another_city_answers_404_to_a_city_account(
    client: Client,
    cilegon_plan: Plan,
    serang: Plan,
    serang_work: dict[str, object],
    role: str,
    acronym: str,
    clusters: tuple[str, ...],
) -> None:
    agency = Agency.objects.get(region=cilegon_plan.region, acronym=acronym) if acronym else None
    profile = account("cilegon", role, region=cilegon_plan.region, agency=agency)
    if clusters:
        profile.clusters.set(cilegon_plan.clusters.filter(code__in=clusters))
    client.force_login(profile.user)
    events = AuditEvent.objects.count()
    for url in _serang_urls(serang, serang_work):
        response = client.get(url)
        # Some pages are refused to a role whatever the city (403: the grid is the
        # operator's); what matters is that no page of Serang opens for a Cilegon account.
        assert response.status_code in (403, 404), (url, response.status_code)
        assert b"Serang" not in response.content, url
    # Posting to another city's grid or meeting changes nothing.
    period = serang_work["period"]
    meeting = serang_work["meeting"]
    assert isinstance(period, ReportingPeriod) and isinstance(meeting, Meeting)
    for url in (
        reverse("monitoring:grid", args=[period.pk]),
        reverse("meetings:edit", args=[meeting.pk]),
    ):
        assert client.post(url, {"title": "diubah"}).status_code in (403, 404)
    assert AuditEvent.objects.count() == events


def test_city_pages_open_the_accounts_own_city_when_several_cities_are_loaded(
    client: Client, cilegon_plan: Plan, serang_work: dict[str, object]
) -> None:
    """Before, a second plan turned /capaian/, /lapor/, /laporan/ and meetings into 404s."""
    open_first_period(cilegon_plan)
    dinkes = Agency.objects.get(region=cilegon_plan.region, acronym="Dinkes")
    secretariat = account("sekretariat", Profile.Role.SECRETARIAT, region=cilegon_plan.region)
    operator = account("dinkes", Profile.Role.OPERATOR, region=None, agency=dinkes)
    client.force_login(secretariat.user)
    for name in (
        "achievement:dashboard",
        "reports:index",
        "meetings:list",
        "monitoring:periods",
        "monitoring:workbench",
        "evaluation:readiness",
        "monitoring:audit_log",
    ):
        page = client.get(reverse(name))
        assert page.status_code == 200, name
        text = page.content.decode()
        assert "Serang" not in text, name
    # The audit log shows Cilegon's events only, though Serang has its own.
    assert AuditEvent.objects.filter(region=serang_work["measure"].plan.region).exists()  # type: ignore[attr-defined]
    log = client.get(reverse("monitoring:audit_log")).content.decode()
    assert "Rapat koordinasi Serang" not in log and "dinkes-serang" not in log
    client.force_login(operator.user)
    assert client.get(reverse("monitoring:my_reports")).status_code == 200
    period = ReportingPeriod.objects.get(plan=cilegon_plan, number=1, year=2025)
    grid = client.get(reverse("monitoring:grid", args=[period.pk]))
    assert grid.status_code == 200 and VITAMIN_A in grid.content.decode()


def test_a_province_reader_chooses_among_its_provinces_cities(
    client: Client, cilegon_plan: Plan, serang: Plan, seed_bytes: bytes
) -> None:
    bandung = import_city(seed_bytes, "Bandung")
    banten = cilegon_plan.region.parent
    assert banten is not None and banten.level == Region.Level.PROVINSI
    assert serang.region.parent_id == banten.pk and bandung.region.parent_id != banten.pk
    reader = account("provinsi", Profile.Role.VIEWER, region=banten)
    client.force_login(reader.user)
    choice = client.get(reverse("achievement:dashboard") + "?tahun=2025")
    assert choice.status_code == 200
    text = choice.content.decode()
    assert 'id="plan-choices"' in text
    assert f"?tahun=2025&amp;rencana={cilegon_plan.pk}" in text
    assert f"rencana={serang.pk}" in text and f"rencana={bandung.pk}" not in text
    for plan in (cilegon_plan, serang):
        page = client.get(reverse("achievement:dashboard") + f"?rencana={plan.pk}")
        assert page.status_code == 200 and plan.region.name in page.content.decode()
        # The menu offers no page of one city's task force (periods, meetings, evaluation).
        for name in ("monitoring:periods", "meetings:list", "evaluation:readiness"):
            assert f'href="{reverse(name)}"' not in page.content.decode()
    assert (
        client.get(reverse("achievement:dashboard") + f"?rencana={bandung.pk}").status_code == 404
    )
    assert client.get(reverse("plan:overview", args=[bandung.pk])).status_code == 404
    # A reader writes nothing and opens no city's task-force pages.
    assert client.get(reverse("monitoring:periods")).status_code == 404

    national = account("nasional", Profile.Role.VIEWER, region=None)
    client.force_login(national.user)
    everything = client.get(reverse("achievement:dashboard")).content.decode()
    for plan in (cilegon_plan, serang, bandung):
        assert f"rencana={plan.pk}" in everything


def test_a_secretariat_imports_only_its_own_citys_regulation(
    cilegon_plan: Plan, seed_bytes: bytes
) -> None:
    secretariat = account("sekretariat", Profile.Role.SECRETARIAT, region=cilegon_plan.region)
    plans = Plan.objects.count()
    with pytest.raises(PlanImportError, match="di luar wilayah kerja"):
        import_city(seed_bytes, "Serang", scope_for(secretariat.user))
    assert Plan.objects.count() == plans
    assert not Plan.objects.filter(region__name__icontains="Serang").exists()


def test_write_roles_work_in_one_city_and_readers_anywhere(cilegon_plan: Plan) -> None:
    banten = cilegon_plan.region.parent
    for role in (Profile.Role.SECRETARIAT, Profile.Role.COORDINATOR):
        with pytest.raises(AccountError, match="hanya membaca"):
            account(f"prov-{role}", role, region=banten)
    assert scope_for(account("baca", Profile.Role.VIEWER, region=banten).user).covers(
        cilegon_plan.region_id
    )
    city = account("kota", Profile.Role.SECRETARIAT, region=cilegon_plan.region)
    assert not city.user.is_superuser  # the admin pages reach every city
    assert account("admin", Profile.Role.SECRETARIAT, region=None).user.is_superuser


def test_one_citys_save_leaves_the_other_citys_cached_figures_alone(
    cilegon_plan: Plan, serang: Plan
) -> None:
    cilegon_version = data_version(cilegon_plan.region_id)
    serang_version = data_version(serang.region_id)
    open_first_period(serang)
    assert data_version(cilegon_plan.region_id) == cilegon_version
    assert data_version(serang.region_id) > serang_version


def test_commands_name_the_city_when_several_are_loaded(cilegon_plan: Plan, serang: Plan) -> None:
    listed = StringIO()
    call_command("plan", "list", "--format", "json", stdout=listed)
    rows = json.loads(listed.getvalue())
    assert {(row["id"], row["region"]) for row in rows} == {
        (cilegon_plan.pk, "Cilegon"),
        (serang.pk, "Serang"),
    }
    with pytest.raises(CommandError, match="radkla plan list"):
        call_command("status", stdout=StringIO())
    named = StringIO()
    call_command("status", "--plan", str(serang.pk), "--format", "json", stdout=named)
    figures = json.loads(named.getvalue())["rencana"]
    assert (figures["id"], figures["wilayah"]["nama"]) == (serang.pk, "Serang")


@pytest.mark.django_db(transaction=True)
def test_a_single_city_installation_migrates_into_its_city(seed_bytes: bytes) -> None:
    """Agencies, accounts and the audit trail of an existing installation take its city."""
    plan = import_plan(
        parsed=read_plan_file(seed_bytes, "perwal-cilegon-7-2023-rad-kla.txt"), actor=None
    ).plan
    dinkes = Agency.objects.get(acronym="Dinkes")
    account("dinkes", Profile.Role.OPERATOR, region=None, agency=dinkes)
    account("sekretariat", Profile.Role.SECRETARIAT, region=None)
    before = [
        ("plan", "0004_plan_revisions"),
        ("accounts", "0002_profile_clusters"),
        ("audittrail", "0001_initial"),
    ]
    after = [
        ("plan", "0005_agency_region"),
        ("accounts", "0003_profile_region"),
        ("audittrail", "0002_event_region"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    executor = MigrationExecutor(connection)  # the graph as it now stands
    executor.migrate(after)
    agencies = Agency.objects.count()
    assert agencies > 20
    assert Agency.objects.filter(region=plan.region).count() == agencies
    assert set(Profile.objects.values_list("region_id", flat=True)) == {plan.region_id}
    assert AuditEvent.objects.exists()
    assert (
        not AuditEvent.objects.exclude(object_type="regions.region")
        .filter(region__isnull=True)
        .exists()
    )


def test_the_daily_reminder_serves_every_citys_agencies(cilegon_plan: Plan, serang: Plan) -> None:
    for plan, name in ((cilegon_plan, "cilegon"), (serang, "serang")):
        open_first_period(plan)
        dinkes = Agency.objects.get(region=plan.region, acronym="Dinkes")
        operator = account(f"dinkes-{name}", Profile.Role.OPERATOR, region=None, agency=dinkes)
        operator.user.email = f"dinkes@{name}.go.id"
        operator.user.save(update_fields=["email"])
    call_command("remind", "--date", "2025-05-20", stdout=StringIO())
    reminded = set(
        Reminder.objects.filter(agency__acronym="Dinkes").values_list(
            "recipients", "period__plan_id"
        )
    )
    assert reminded == {
        ("dinkes@cilegon.go.id", cilegon_plan.pk),
        ("dinkes@serang.go.id", serang.pk),
    }


def test_a_token_reads_its_accounts_city_only_and_is_issued_there(
    client: Client, cilegon_plan: Plan, serang: Plan
) -> None:
    dinkes = Agency.objects.get(region=cilegon_plan.region, acronym="Dinkes")
    operator = account("dinkes", Profile.Role.OPERATOR, region=None, agency=dinkes)
    serang_operator = account(
        "dinkes-serang",
        Profile.Role.OPERATOR,
        region=None,
        agency=Agency.objects.get(region=serang.region, acronym="Dinkes"),
    )
    secretariat = account("sekretariat", Profile.Role.SECRETARIAT, region=cilegon_plan.region)
    scope = scope_for(secretariat.user)
    issued = issue_token(
        user=operator.user, name="SIPD", access="write", scope=scope, actor=secretariat.user
    )
    with pytest.raises(TokenError, match="wilayah lain"):
        issue_token(user=serang_operator.user, name="X", access="read", scope=scope, actor=None)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}
    listed = client.get("/api/rencana", **bearer).json()
    assert [plan["id"] for plan in listed] == [cilegon_plan.pk]
    assert client.get(f"/api/rencana/{serang.pk}", **bearer).status_code == 404
    assert client.get(f"/api/rencana/{serang.pk}/capaian", **bearer).status_code == 404
    # The token page of Cilegon's secretariat offers and lists Cilegon's accounts only.
    issue_token(user=serang_operator.user, name="Serang", access="read", scope=SYSTEM, actor=None)
    client.force_login(secretariat.user)
    page = client.get(reverse("api:tokens")).content.decode()
    assert "dinkes-serang" not in page and "SIPD" in page


def test_every_citys_public_page_opens_for_anyone(
    client: Client, cilegon_plan: Plan, serang: Plan
) -> None:
    url = reverse("achievement:public") + f"?rencana={serang.pk}"
    assert client.get(url).status_code == 200
    secretariat = account("sekretariat", Profile.Role.SECRETARIAT, region=cilegon_plan.region)
    client.force_login(secretariat.user)
    page = client.get(url)
    assert page.status_code == 200 and "Serang" in page.content.decode()
    # Signed in and naming no plan, the public page is the account's own city's.
    own = client.get(reverse("achievement:public")).content.decode()
    assert 'id="plan-choices"' not in own and "Janji Kota Cilegon" in own
