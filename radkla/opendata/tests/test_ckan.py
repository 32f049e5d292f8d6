"""Pushing the package to a CKAN portal: a stand-in portal started here records what arrives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from radkla.opendata.ckan import CkanConfig, CkanError, push_package
from radkla.opendata.export import write_package
from radkla.opendata.schema import TABLES
from radkla.opendata.tests.ckan_server import API_KEY, FakeCkan
from radkla.plan.models import Plan

FILES = [*(t.path for t in TABLES), "datapackage.json"]


def config(portal: FakeCkan, **changes: str) -> CkanConfig:
    values = {"url": portal.url, "api_key": API_KEY, "dataset": "rad-kla-cilegon"}
    return CkanConfig(**{**values, **changes})


def test_first_push_creates_the_dataset_and_every_file(
    mixed: Plan, tmp_path: Path, ckan: FakeCkan
) -> None:
    write_package(tmp_path)
    summary = push_package(tmp_path, config(ckan, organization="diskominfo-cilegon"))
    assert summary.created
    assert [c.action for c in ckan.calls] == [
        "package_show",
        "package_create",
        *["resource_create"] * len(FILES),
    ]
    assert {c.authorization for c in ckan.calls} == {API_KEY}
    dataset = ckan.datasets["rad-kla-cilegon"]
    assert dataset["license_id"] == "cc-by"
    assert dataset["owner_org"] == "diskominfo-cilegon"
    assert dataset["title"].startswith("Capaian Rencana Aksi Daerah")
    arrived = ckan.files_of("rad-kla-cilegon")
    assert list(arrived) == FILES
    for name in FILES:
        assert arrived[name] == (tmp_path / name).read_bytes(), name
    formats = {c.fields["name"]: c.fields["format"] for c in ckan.calls[2:]}
    assert formats["capaian_ukuran.csv"] == "CSV" and formats["datapackage.json"] == "JSON"


def test_second_push_updates_the_same_resources(
    mixed: Plan, tmp_path: Path, ckan: FakeCkan
) -> None:
    write_package(tmp_path)
    push_package(tmp_path, config(ckan))
    first_ids = [r["id"] for r in ckan.datasets["rad-kla-cilegon"]["resources"]]
    ckan.calls.clear()
    with override_settings(RADKLA_OPENDATA_LICENSE="CC0-1.0"):
        write_package(tmp_path, year=2023)
    summary = push_package(tmp_path, config(ckan))
    assert not summary.created
    assert [c.action for c in ckan.calls] == [
        "package_show",
        "package_patch",
        *["resource_update"] * len(FILES),
    ]
    dataset = ckan.datasets["rad-kla-cilegon"]
    assert [r["id"] for r in dataset["resources"]] == first_ids  # replaced, not duplicated
    assert dataset["license_id"] == "cc-zero"
    arrived = ckan.files_of("rad-kla-cilegon")
    assert arrived["capaian_rencana.csv"] == (tmp_path / "capaian_rencana.csv").read_bytes()
    assert arrived["capaian_rencana.csv"].count(b"\r\n") == 2  # header and 2023 only


def test_an_error_names_the_address_and_the_action(
    mixed: Plan, tmp_path: Path, ckan: FakeCkan
) -> None:
    write_package(tmp_path)
    ckan.failures["package_create"] = (
        403,
        {"message": "Access denied: not authorized", "__type": "Authorization Error"},
    )
    with pytest.raises(CkanError) as caught:
        push_package(tmp_path, config(ckan))
    assert str(caught.value) == (
        f"CKAN {ckan.url}/api/3/action/package_create menolak (403): Access denied: not authorized"
    )
    ckan.failures = {"resource_create": (409, {"__type": "Validation Error", "url": ["Wajib"]})}
    with pytest.raises(CkanError, match=r"resource_create menolak \(409\): url: Wajib"):
        push_package(tmp_path, config(ckan))


def test_an_unreachable_portal_and_a_missing_package(tmp_path: Path, ckan: FakeCkan) -> None:
    with pytest.raises(CkanError, match=r"datapackage\.json tidak ada"):
        push_package(tmp_path, config(ckan))
    (tmp_path / "datapackage.json").write_text(json.dumps({"resources": []}), "utf-8")
    ckan.stop()
    with pytest.raises(CkanError, match=f"CKAN {ckan.url}/api/3/action/package_show tidak dapat"):
        push_package(tmp_path, config(ckan))


def test_settings_come_from_the_environment(ckan: FakeCkan) -> None:
    with (
        override_settings(RADKLA_CKAN_URL="", RADKLA_CKAN_API_KEY="", RADKLA_CKAN_DATASET=""),
        pytest.raises(CkanError) as caught,
    ):
        CkanConfig.from_settings()
    assert str(caught.value) == (
        "Portal CKAN belum diatur: isi RADKLA_CKAN_URL, RADKLA_CKAN_API_KEY, RADKLA_CKAN_DATASET."
    )
    with (
        override_settings(
            RADKLA_CKAN_URL="ftp://data.example", RADKLA_CKAN_API_KEY="k", RADKLA_CKAN_DATASET="ok"
        ),
        pytest.raises(CkanError, match="harus diawali http"),
    ):
        CkanConfig.from_settings()
    with (
        override_settings(
            RADKLA_CKAN_URL=ckan.url, RADKLA_CKAN_API_KEY="k", RADKLA_CKAN_DATASET="Data Saya"
        ),
        pytest.raises(CkanError, match="bukan nama dataset CKAN"),
    ):
        CkanConfig.from_settings()
    with override_settings(
        RADKLA_CKAN_URL=ckan.url + "/", RADKLA_CKAN_API_KEY="k", RADKLA_CKAN_DATASET="rad-kla"
    ):
        assert CkanConfig.from_settings().url == ckan.url


def test_export_with_ckan_from_the_command(mixed: Plan, tmp_path: Path, ckan: FakeCkan) -> None:
    with override_settings(
        RADKLA_CKAN_URL=ckan.url, RADKLA_CKAN_API_KEY=API_KEY, RADKLA_CKAN_DATASET="rad-kla"
    ):
        call_command("opendata", "export", "-o", str(tmp_path), "--ckan", stdout=(out := _Out()))
        assert f"Dataset CKAN dibuat: {ckan.url}/dataset/rad-kla" in out.text
        assert list(ckan.files_of("rad-kla")) == FILES
        ckan.failures["package_show"] = (500, {"message": "Internal Server Error"})
        with pytest.raises(CommandError, match=r"package_show menolak \(500\)"):
            call_command("opendata", "push", str(tmp_path), stdout=_Out())
    # Without settings, --ckan fails before writing anything.
    with pytest.raises(CommandError, match="Portal CKAN belum diatur"):
        call_command("opendata", "export", "-o", str(tmp_path / "baru"), "--ckan")
    assert not (tmp_path / "baru").exists()


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass
