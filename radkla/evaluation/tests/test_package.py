"""The evidence package: what goes in, its readable names, and an index that lists exactly it."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import load_workbook
from pytest_django.fixtures import Settings as SettingsWrapper

from radkla.evaluation.package import INDEX_NAME, MAX_PATH, entries, name_part, write_package
from radkla.evaluation.selectors import readiness
from radkla.evaluation.tests.conftest import Tagged
from radkla.tests.json_checks import assert_no_english, assert_numbers_are_numbers


def _package(tagged: Tagged, include_unverified: bool = False) -> zipfile.ZipFile:
    out = io.BytesIO()
    write_package(readiness(tagged.plan, 2025), out, include_unverified=include_unverified)
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


def _index(archive: zipfile.ZipFile) -> list[tuple[object, ...]]:
    book = load_workbook(io.BytesIO(archive.read(INDEX_NAME)))
    return [row for row in book["Daftar isi"].iter_rows(min_row=4, values_only=True) if row[0]]


def test_the_package_holds_verified_files_by_cluster_and_indicator(tagged: Tagged) -> None:
    archive = _package(tagged)
    assert archive.testzip() is None
    names = sorted(n for n in archive.namelist() if n != INDEX_NAME)
    assert names == [
        "Kelembagaan/01 Peraturan daerah tentang Kabupaten-Kota Layak Anak/"
        "Peraturan daerah tentang Kabupaten-Kota - Dinkes - Laporan sosialisasi.pdf",
        "Kelembagaan/01 Peraturan daerah tentang Kabupaten-Kota Layak Anak/"
        "Peraturan kepala daerah - Sekretariat Gugus Tugas KLA - perwal-turunan.pdf",
        "Klaster III Kesehatan Dasar dan Kesejahteraan/12 Persalinan di fasilitas kesehatan/"
        "Data persalinan di fasilitas - Dinkes - Data gizi 2024.pdf",
    ]
    stunting = next(n for n in names if n.endswith("Data gizi 2024.pdf"))
    with tagged.stunting.file.open("rb") as stored:
        assert archive.read(stunting) == stored.read()
    member = archive.getinfo(stunting)
    assert member.external_attr >> 16 == 0o644  # readable when unpacked
    assert member.compress_type == zipfile.ZIP_STORED  # a PDF is compressed already


def test_the_index_lists_exactly_the_files_in_the_package(tagged: Tagged) -> None:
    for include_unverified in (False, True):
        archive = _package(tagged, include_unverified)
        rows = _index(archive)
        assert sorted(str(r[9]) for r in rows) == sorted(
            n for n in archive.namelist() if n != INDEX_NAME
        )
    stunting = next(r for r in rows if str(r[9]).endswith("Data gizi 2024.pdf"))
    assert stunting[2] == "12. Persalinan di fasilitas kesehatan"
    assert "Data persalinan" in str(stunting[3]) and "Kebijakan persalinan" in str(stunting[3])
    assert stunting[4] == "Dinkes"
    assert stunting[7] == "Terverifikasi"


def test_unverified_files_only_when_asked_and_drafts_never(tagged: Tagged) -> None:
    verified_only = " ".join(_package(tagged).namelist())
    assert "Daftar petugas" not in verified_only
    with_awaiting = _package(tagged, include_unverified=True)
    names = " ".join(with_awaiting.namelist())
    assert "Daftar petugas" in names  # Dinsos, submitted and awaiting verification
    assert "Draf rahasia dinsos" not in names  # Dinsos's draft, never
    assert all("rahasia" not in str(r) for r in _index(with_awaiting))


def test_radkla_evaluasi_package_and_readiness(tagged: Tagged, tmp_path: Path) -> None:
    target = tmp_path / "paket.zip"
    out = io.StringIO()
    call_command(
        "evaluasi", "package", "-o", str(target), "--year", "2025", stdout=out, stderr=io.StringIO()
    )
    assert "3 berkas terverifikasi" in out.getvalue()
    assert len(zipfile.ZipFile(target).namelist()) == 4
    out = io.StringIO()
    call_command("evaluasi", "readiness", "--year", "2025", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["total"], data["kategori"], data["total_bila_lengkap"]) == (80, None, 1000)
    assert data["bobot_acuan"] in ("resmi", "bawaan")
    perda = data["indikator"][0]
    assert (perda["nomor"], perda["poin"], perda["terverifikasi"], perda["kurang"]) == (
        1,
        40,
        2,
        1,
    )
    assert len(perda["dokumen_kurang"]) == perda["kurang"]
    assert_numbers_are_numbers(data)
    assert_no_english(data)
    out = io.StringIO()
    call_command("evaluasi", "readiness", "--year", "2025", stdout=out)
    assert "Jumlah: 80 dari 1000 — belum berkategori" in out.getvalue()  # Indonesian numbers
    assert "Tanggal unggah dalam WIB." in out.getvalue()


def test_the_command_names_the_installations_zone(
    tagged: Tagged, settings: SettingsWrapper
) -> None:
    settings.TIME_ZONE = "Asia/Makassar"
    out = io.StringIO()
    call_command("evaluasi", "readiness", "--year", "2025", stdout=out)
    assert "Tanggal unggah dalam WITA." in out.getvalue()


def test_a_file_lost_from_storage_is_named_and_left_out_of_package_and_index(
    tagged: Tagged,
) -> None:
    tagged.stunting.file.storage.delete(tagged.stunting.file.name)
    out = io.BytesIO()
    summary = write_package(readiness(tagged.plan, 2025), out)
    assert summary.unreadable == ["Data gizi 2024.pdf"]
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    files = sorted(n for n in archive.namelist() if n != INDEX_NAME)
    assert len(files) == 2 and not any("Data gizi" in n for n in files)
    assert sorted(str(r[9]) for r in _index(archive)) == files


@given(st.text(max_size=200), st.integers(10, 120))
@example("0" * 11, 10)  # one long word: cut inside it, not left whole
@example("Peraturan daerah tentang Kabupaten/Kota Layak Anak", 30)
def test_names_in_the_package_are_safe_on_windows_and_bounded(text: str, limit: int) -> None:
    name = name_part(text, limit)
    assert name and len(name) <= limit
    assert not set(name) & set('<>:"/\\|?*')
    assert all(ord(c) >= 32 for c in name)
    assert name == name.strip(" .")


@given(
    st.lists(
        st.text(st.characters(codec="utf-8", exclude_categories=("Z", "C")), min_size=1),
        min_size=1,
        max_size=30,
    ),
    st.integers(10, 120),
)
@example(["Peraturan", "daerah", "tentang", "Kabupaten/Kota", "Layak", "Anak"], 30)
@example(["Laporan", "2024/2025"], 12)
def test_names_keep_whole_words_and_what_stood_before_a_slash(words: list[str], limit: int) -> None:
    text = " ".join(words)
    name = name_part(text, limit)
    whole = name_part(text, 10_000).split(" ")  # the name uncut, slashes made hyphens
    assert "/" not in name and len(name) <= limit
    if name == "berkas" or len(whole[0]) > limit:
        return  # nothing readable, or one first word longer than the limit
    kept = name.split(" ")
    assert kept[:-1] == whole[: len(kept) - 1]
    assert kept[-1] == whole[len(kept) - 1].rstrip(" .,;-")


def test_a_file_name_with_a_slash_keeps_both_sides_and_long_paths_stay_short(
    tagged: Tagged,
) -> None:
    from radkla.evaluation.models import NationalIndicator

    tagged.stunting.original_name = "Gizi/2025.pdf"
    tagged.stunting.save(update_fields=["original_name"])
    listed = entries(readiness(tagged.plan, 2025))
    assert any(e.path.endswith("- Dinkes - Gizi-2025.pdf") for e in listed)
    tagged.stunting.original_name = "Laporan gizi 2024/2025 Puskesmas Cibeber.pdf"
    tagged.stunting.save(update_fields=["original_name"])
    NationalIndicator.objects.filter(number=12).update(
        name="Persalinan di fasilitas kesehatan yang memenuhi standar pelayanan minimal "
        "bagi ibu hamil, bersalin dan nifas di seluruh kecamatan dan kelurahan/desa"
    )
    listed = entries(readiness(tagged.plan, 2025), include_unverified=True)
    assert listed and all(len(e.path) <= MAX_PATH for e in listed)
    stunting = next(e.path for e in listed if e.proof.id == tagged.stunting.pk)
    folder, stem = stunting.split("/")[1:]
    assert folder == "12 Persalinan di fasilitas kesehatan yang memenuhi"
    assert stem == "Data persalinan di - Dinkes - Laporan gizi.pdf"  # each part cut at a word


def test_radkla_evaluasi_says_what_is_wrong(tagged: Tagged, tmp_path: Path) -> None:
    with pytest.raises(
        CommandError,
        match="Tahun evaluasi 2030 di luar jangkauan rencana 2023-2026: pilih 2024-2027",
    ):
        call_command("evaluasi", "readiness", "--year", "2030")
    with pytest.raises(CommandError, match="Tahun evaluasi 2023"):
        call_command("evaluasi", "readiness", "--year", "2023")  # would look at 2022
    with pytest.raises(CommandError, match=r"paket.txt: nama berkas paket harus berakhiran \.zip"):
        call_command("evaluasi", "package", "-o", str(tmp_path / "paket.txt"))
    with pytest.raises(CommandError, match="folder tidak ada"):
        call_command("evaluasi", "package", "-o", str(tmp_path / "tidak-ada" / "paket.zip"))
    assert list(tmp_path.iterdir()) == []


def test_a_formula_typed_as_a_document_name_is_text_in_the_index(tagged: Tagged) -> None:
    from radkla.evaluation.tests.conftest import items

    item = items(12)[0]
    item.document = "=1+2"
    item.save(update_fields=["document"])
    book = load_workbook(io.BytesIO(_package(tagged).read(INDEX_NAME)))
    cells = [c for row in book["Daftar isi"].iter_rows(min_row=4) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    documents = next(c for c in cells if str(c.value).startswith("=1+2"))
    assert documents.data_type == "s" and documents.value.startswith("=1+2; ")
    assert all(c.data_type == "n" for c in book["Daftar isi"]["A"][3:])  # numbers stay numbers
