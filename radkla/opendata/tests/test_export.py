"""The exported package: the engine's numbers, verified data only, valid under frictionless."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import override_settings
from frictionless import Package, validate
from hypothesis import given
from hypothesis import strategies as st

from radkla.achievement.display import EVERY_STATUS
from radkla.achievement.selectors import plan_achievement
from radkla.achievement.status import status_json
from radkla.opendata.export import ExportError, csv_bytes, write_package
from radkla.opendata.rows import csv_field
from radkla.opendata.schema import CLUSTERS, INDICATORS, MEASURES, PLANS, STATUSES, TABLES
from radkla.opendata.tests.conftest import UNVERIFIED_DRAFT, UNVERIFIED_SUBMITTED
from radkla.plan.models import Plan
from radkla.plan.services import import_plan, read_plan_file

NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)


def read(directory: Path, name: str) -> list[dict[str, str]]:
    with (directory / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def test_the_numbers_are_the_engines_for_every_year(mixed: Plan, tmp_path: Path) -> None:
    summary = write_package(tmp_path, now=NOW)
    # Every plan year up to the newest with a verified value: 2023 and 2024.
    assert [(p.year, p.complete) for p in summary.parts] == [(2023, True), (2024, False)]
    measures = read(tmp_path, MEASURES.path)
    clusters = read(tmp_path, CLUSTERS.path)
    indicators = read(tmp_path, INDICATORS.path)
    plans = read(tmp_path, PLANS.path)
    for year in (2023, 2024):
        achievement = plan_achievement(mixed, year)
        rows = [r for r in measures if r["tahun"] == str(year)]
        assert [int(r["urutan_ukuran"]) for r in rows] == [m.position for m in achievement.measures]
        for row, m in zip(rows, achievement.measures, strict=True):
            assert number(row["capaian"]) == m.score.capaian, row
            assert row["status"] == m.status
            assert number(row["realisasi"]) == (m.value.total if m.value else None)
            assert row["kategori"] == (str(m.score.category) if m.score.category else "")
        # Clusters and the plan as `radkla status --format json` gives them.
        status = status_json(achievement)
        cluster_rows = [r for r in clusters if r["tahun"] == str(year)]
        assert [r["kode_klaster"] for r in cluster_rows] == [c["kode"] for c in status["klaster"]]
        for row, cluster in zip(cluster_rows, status["klaster"], strict=True):
            expected = cluster["capaian"]
            assert (float(row["capaian"]) if row["capaian"] else None) == expected
            assert int(row["ukuran_dinilai"]) == cluster["diukur"]
            assert int(row["jumlah_ukuran"]) == cluster["diukur"] + cluster["tidak_diukur"]
        plan_row = next(r for r in plans if r["tahun"] == str(year))
        expected_plan = status["rencana"]["capaian"]
        assert (float(plan_row["capaian"]) if plan_row["capaian"] else None) == expected_plan
        assert len([r for r in indicators if r["tahun"] == str(year)]) == len(
            achievement.indicators
        )
    # 2023 by hand (achievement tests): coverage 86/85, trained 30/40, stunting (36-19.5)/18.
    by_name = {r["ukuran"]: r for r in measures if r["tahun"] == "2023"}
    assert by_name["Cakupan sosialisasi"]["capaian"] == "101.18"
    assert by_name["Petugas terlatih"]["realisasi"] == "30"
    assert by_name["Petugas terlatih"]["capaian"] == "75.00"
    assert by_name["Prevalensi stunting"]["capaian"] == "91.67"
    assert by_name["Profil gizi"]["status"] == "tanpa target"
    # The regulation's '-' is no target: empty fields, the state in its own columns.
    assert (by_name["Profil gizi"]["target_teks"], by_name["Profil gizi"]["target"]) == ("", "")
    assert (by_name["Profil gizi"]["jenis_target"], by_name["Profil gizi"]["ada_target"]) == (
        "kosong",
        "false",
    )
    # Capaian is written as it is shown: always two decimals.
    for row in [*measures, *clusters, *indicators, *plans]:
        assert row["capaian"] == "" or len(row["capaian"].split(".")[1]) == 2, row


def test_unverified_values_never_appear(mixed: Plan, tmp_path: Path) -> None:
    write_package(tmp_path, now=NOW)
    rows = {r["ukuran"]: r for r in read(tmp_path, MEASURES.path) if r["tahun"] == "2024"}
    for name in ("Prevalensi stunting", "Cakupan sosialisasi"):  # submitted / draft only
        row = rows[name]
        assert (row["realisasi"], row["realisasi_teks"], row["capaian"]) == ("", "", ""), row
        assert row["ada_realisasi"] == "false"
        assert row["status"] == "belum ada realisasi"
    # The one verified value counts, but a summed measure in a year in progress is not scored.
    trained = rows["Petugas terlatih"]
    assert (trained["realisasi"], trained["status"], trained["capaian"]) == (
        "12",
        "belum lengkap",
        "",
    )
    every_file = "".join((tmp_path / t.path).read_text(encoding="utf-8") for t in TABLES)
    assert UNVERIFIED_SUBMITTED.replace(",", ".") not in every_file
    assert UNVERIFIED_SUBMITTED not in every_file
    # Counting every state would have shown them: the test above is not empty.
    everything = plan_achievement(mixed, 2024, verified_only=False)
    seen = {m.name: m.value for m in everything.measures}
    assert seen["Prevalensi stunting"] is not None and seen["Cakupan sosialisasi"] is not None
    assert str(seen["Cakupan sosialisasi"].total).startswith(UNVERIFIED_DRAFT)
    plan_2024 = next(r for r in read(tmp_path, PLANS.path) if r["tahun"] == "2024")
    assert plan_2024["tahun_lengkap"] == "false"
    assert int(plan_2024["ukuran_belum_ada_realisasi"]) == 2
    assert int(plan_2024["ukuran_belum_lengkap"]) == 1
    assert int(plan_2024["ukuran_tanpa_target"]) == 1


def test_the_package_is_valid_under_frictionless(mixed: Plan, tmp_path: Path) -> None:
    write_package(tmp_path, now=NOW)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.stats["errors"] == 0
    assert report.stats["tasks"] == len(TABLES)
    package = Package(str(tmp_path / "datapackage.json"))
    assert package.licenses[0]["name"] == "CC-BY-4.0"
    assert package.created == "2026-12-03T12:00:00Z"
    assert "Peraturan Wali Kota Cilegon Nomor 99 Tahun 2024" in package.sources[0]["title"]
    capaian = package.get_resource("capaian-ukuran").schema.get_field("capaian")
    assert (capaian.type, capaian.title) == ("number", "Capaian (%)")
    # The validator reads the data: a changed figure breaks the file's recorded hash.
    path = tmp_path / MEASURES.path
    path.write_text(path.read_text(encoding="utf-8").replace("101.18", "99.18"), "utf-8")
    assert not validate(str(tmp_path / "datapackage.json")).valid


def test_the_schema_is_the_files_and_frictionless_reads_the_types(
    mixed: Plan, tmp_path: Path
) -> None:
    write_package(tmp_path, now=NOW)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in descriptor["resources"]] == [t.path for t in TABLES]
    for table, resource in zip(TABLES, descriptor["resources"], strict=True):
        header = (tmp_path / table.path).read_bytes().split(b"\r\n", 1)[0].decode()
        assert header.split(",") == [f["name"] for f in resource["schema"]["fields"]]
        assert resource["schema"]["primaryKey"][0] == "kode_wilayah"
        assert all(f["title"] and f["description"] for f in resource["schema"]["fields"])
    rows = Package(str(tmp_path / "datapackage.json")).get_resource("capaian-ukuran").read_rows()
    first = next(r for r in rows if r["ukuran"] == "Prevalensi stunting")
    assert first["capaian"] == Decimal("91.67")
    assert first["tahun"] == 2023 and first["ada_target"] is True
    assert first["polaritas"] == "negatif" and first["cara_menjumlah"] == "terakhir"
    assert first["kode_wilayah"] == mixed.region.code


def test_csv_round_trip_utf8_empty_for_missing(mixed: Plan, tmp_path: Path) -> None:
    write_package(tmp_path, now=NOW)
    numeric = {f.name for t in TABLES for f in t.fields if f.type in ("number", "integer")}
    for table in TABLES:
        raw = (tmp_path / table.path).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM
        for row in read(tmp_path, table.path):
            assert set(row) == set(table.names)
            for name in numeric & set(row):
                assert row[name] == "" or Decimal(row[name]) == Decimal(row[name].strip())
                assert "," not in row[name] and row[name] not in ("-", "–")
    plan = read(tmp_path, PLANS.path)[0]
    assert plan["periode_dihitung"] == "Caturwulan I–III 2023"  # an en dash survives UTF-8
    assert plan["revisi_rencana"] == "0"


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=4, max_value=10**14, min_value=-(10**14)
    )
)
def test_a_number_is_written_with_a_point_and_reads_back(value: Decimal) -> None:
    text = csv_field(value)
    assert "E" not in text and "," not in text
    assert Decimal(text) == value
    assert not text.startswith("-") or value < 0


def test_csv_field_words() -> None:
    assert (csv_field(None), csv_field(True), csv_field(False)) == ("", "true", "false")
    assert csv_field(Decimal("-0.00")) == "0.00"


def test_status_words_are_the_engines() -> None:
    assert set(STATUSES) == set(EVERY_STATUS)


def test_a_plan_with_nothing_reported_exports_its_first_year(db: None, tmp_path: Path) -> None:
    from radkla.achievement.tests.conftest import SMALL_PLAN

    plan = import_plan(parsed=read_plan_file(SMALL_PLAN.encode(), "kecil.txt"), actor=None).plan
    summary = write_package(tmp_path, now=NOW)
    assert [p.year for p in summary.parts] == [plan.start_year]
    measures = read(tmp_path, MEASURES.path)
    # The engine's words: a summed measure waits for its year to be complete.
    assert [r["status"] for r in measures] == [
        "belum ada realisasi",
        "belum lengkap",
        "belum ada realisasi",
        "tanpa target",
    ]
    assert all(r["capaian"] == "" and r["realisasi"] == "" for r in measures)
    clusters = read(tmp_path, CLUSTERS.path)
    assert all(r["capaian"] == "" and r["kategori"] == "" for r in clusters)
    assert validate(str(tmp_path / "datapackage.json")).valid


def test_year_and_plan_choices(mixed: Plan, tmp_path: Path) -> None:
    summary = write_package(tmp_path, year=2026, now=NOW)
    assert [p.year for p in summary.parts] == [2026]
    assert {r["status"] for r in read(tmp_path, MEASURES.path)} == {
        "belum ada realisasi",
        "belum lengkap",
        "tanpa target",
    }
    with pytest.raises(ExportError, match="Tahun 2030 di luar masa rencana 2023-2026"):
        write_package(tmp_path, plan_id=mixed.pk, year=2030)
    with pytest.raises(ExportError, match="Tidak ada rencana yang mencakup tahun 2030"):
        write_package(tmp_path, year=2030)
    with pytest.raises(ExportError, match=f"Rencana #{mixed.pk + 100} tidak ada"):
        write_package(tmp_path, plan_id=mixed.pk + 100)
    mixed.status = Plan.Status.ARCHIVED
    mixed.save(update_fields=["status"])
    with pytest.raises(ExportError, match="Semua rencana sudah diarsipkan"):
        write_package(tmp_path)
    assert write_package(tmp_path / "arsip", plan_id=mixed.pk, now=NOW).rows[PLANS.path] == 2


def test_no_plan_at_all(db: None, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="Belum ada rencana"):
        write_package(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_licence_from_the_environment(mixed: Plan, tmp_path: Path) -> None:
    with override_settings(RADKLA_OPENDATA_LICENSE="cc0-1.0"):
        write_package(tmp_path, now=NOW)
    licence = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))["licenses"]
    assert licence == [
        {
            "name": "CC0-1.0",
            "title": "Creative Commons CC0 1.0 Universal",
            "path": "https://creativecommons.org/publicdomain/zero/1.0/",
        }
    ]


def test_queries_per_plan_year_are_fixed(
    mixed: Plan, tmp_path: Path, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    # The plans, then per year the engine's seven reads.
    with django_assert_num_queries(1 + 7):
        write_package(tmp_path, year=2023, now=NOW)
    with django_assert_num_queries(1 + 1 + 2 * 7):  # + the data year
        write_package(tmp_path, now=NOW)


def test_plans_of_many_regions_concatenate(mixed: Plan, tmp_path: Path) -> None:
    from radkla.achievement.tests.conftest import SMALL_PLAN

    serang = import_plan(
        parsed=read_plan_file(SMALL_PLAN.replace("CILEGON", "SERANG").encode(), "serang.txt"),
        actor=None,
    ).plan
    assert serang.region.code != mixed.region.code
    summary = write_package(tmp_path, now=NOW)
    assert [(p.region, p.year) for p in summary.parts] == [
        (f"Cilegon ({mixed.region.code})", 2023),
        (f"Cilegon ({mixed.region.code})", 2024),
        (f"Serang ({serang.region.code})", 2023),
    ]
    measures = read(tmp_path, MEASURES.path)
    assert {(r["kode_wilayah"], r["nama_wilayah"], r["tingkat_wilayah"]) for r in measures} == {
        (mixed.region.code, "Cilegon", "kota"),
        (serang.region.code, "Serang", "kota"),
    }
    serang_rows = [r for r in measures if r["kode_wilayah"] == serang.region.code]
    assert {r["status"] for r in serang_rows} <= {
        "belum ada realisasi",
        "belum lengkap",
        "tanpa target",
    }
    report = validate(str(tmp_path / "datapackage.json"))  # primary keys stay unique
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    assert descriptor["name"] == "rad-kla-capaian-wilayah"
    assert [s["title"].split(" tentang")[0] for s in descriptor["sources"][:2]] == [
        "Peraturan Wali Kota Cilegon Nomor 99 Tahun 2024",
        "Peraturan Wali Kota Serang Nomor 99 Tahun 2024",
    ]
    # One plan only, with --plan.
    only = write_package(tmp_path / "serang", plan_id=serang.pk, now=NOW)
    assert {p.region for p in only.parts} == {f"Serang ({serang.region.code})"}


def test_formula_like_text_is_written_as_text_and_numbers_as_numbers() -> None:
    row: dict[str, object] = dict.fromkeys(PLANS.names)
    row.update(judul_rencana="=HYPERLINK(1)", capaian=Decimal("-0.50"), tahun_lengkap=True)
    text = csv_bytes(PLANS, [row]).decode("utf-8")
    parsed = dict(zip(*csv.reader(io.StringIO(text, newline="")), strict=True))
    assert parsed["judul_rencana"] == "'=HYPERLINK(1)"
    assert (parsed["capaian"], parsed["tahun_lengkap"], parsed["kategori"]) == ("-0.50", "true", "")
