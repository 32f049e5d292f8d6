"""Each evaluation year counts its data window: by default the year before, or as set.

On the hand-computed case (data of 2024) plus one verified 2023 file proving the
checklist item of indicator 1 that 2024 leaves missing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from radkla.accounts.access import SYSTEM, Scope
from radkla.accounts.models import Profile
from radkla.achievement.tests.conftest import _agency
from radkla.audittrail.models import AuditEvent
from radkla.evaluation.models import CityDocument, EvaluationYear
from radkla.evaluation.package import DATE_FORMAT, INDEX_NAME, write_package
from radkla.evaluation.selectors import MISSING, VERIFIED, default_evaluation_year, readiness
from radkla.evaluation.services import EvaluationError, save_window, tag_evidence, window_for
from radkla.evaluation.tests.conftest import Tagged, items
from radkla.evaluation.window import indonesian_date
from radkla.lib.localtime import local_date
from radkla.monitoring.demo import DEMO_PDF
from radkla.monitoring.models import Evidence, ReportingPeriod
from radkla.monitoring.services import (
    Entry,
    add_evidence,
    close_period,
    current_realization,
    reopen_period,
    save_entry,
    submit_realization,
    verify_realization,
)
from radkla.monitoring.tests.conftest import persona
from radkla.monitoring.values import read_value
from radkla.plan.models import Measure
from radkla.tests.json_checks import assert_no_english, assert_numbers_are_numbers

D = Decimal
OLD = "Notulen sosialisasi 2023.pdf"
OLD_IN_ZIP = "Notulen sosialisasi"  # package names are cut to length at a word


@pytest.fixture
def older(tagged: Tagged) -> Evidence:
    """A verified 2023 file (a correction of Caturwulan III 2023) proving item 3 of indicator 1."""
    period = ReportingPeriod.objects.get(plan=tagged.plan, year=2023, number=3)
    reopen_period(period=period, reason="Bukti susulan", scope=SYSTEM, actor=None)
    measure = Measure.objects.get(plan=tagged.plan, name="Cakupan sosialisasi")
    verified = current_realization(measure, period)
    assert verified is not None
    correction = save_entry(
        entry=Entry(
            measure=measure,
            value=read_value("86", unit=measure.unit, target=None),
            expected_version=verified.version,
        ),
        period=period,
        scope=_agency(measure),
        actor=None,
    )
    evidence = add_evidence(
        realization=correction,
        name=OLD,
        data=DEMO_PDF + b"2023",
        scope=_agency(measure),
        actor=None,
        max_bytes=5_000_000,
    )
    realization = submit_realization(
        realization=evidence.realization, scope=_agency(measure), actor=None
    )
    verify_realization(realization=realization, scope=SYSTEM, actor=None)
    close_period(period=period, scope=SYSTEM, actor=None)
    tag_evidence(evidence=evidence, item_ids={items(1)[2].pk}, scope=SYSTEM, actor=None)
    return evidence


def _names(result: object) -> set[str]:
    return {f.name for f in result.files}  # type: ignore[attr-defined]


def _package(plan_result: object) -> list[str]:
    out = io.BytesIO()
    write_package(plan_result, out)  # type: ignore[arg-type]
    return zipfile.ZipFile(io.BytesIO(out.getvalue())).namelist()


def test_a_2023_file_counts_for_the_2024_evaluation_and_not_for_2025(
    tagged: Tagged, older: Evidence
) -> None:
    later = readiness(tagged.plan, 2025)
    assert (later.window.first, later.window.last, later.window.configured) == (2024, 2024, False)
    assert OLD not in _names(later)
    assert "Laporan sosialisasi.pdf" in _names(later)
    perda = next(i for i in later.indicators if i.number == 1)
    assert [i.status for i in perda.items] == [VERIFIED, VERIFIED, MISSING]
    assert later.total == D(80)
    assert not any(OLD_IN_ZIP in name for name in _package(later))

    earlier = readiness(tagged.plan, 2024)
    assert (earlier.window.first, earlier.window.last) == (2023, 2023)
    assert OLD in _names(earlier)
    assert not _names(earlier) & {"Laporan sosialisasi.pdf", "Data gizi 2024.pdf"}
    perda = next(i for i in earlier.indicators if i.number == 1)
    # Item 1's proof is 2024's; the city document (May 2024) counts for the 2024 evaluation.
    assert [i.status for i in perda.items] == [MISSING, VERIFIED, VERIFIED]
    assert any(OLD_IN_ZIP in name for name in _package(earlier))
    proof = next(f for f in earlier.files if f.name == OLD)
    assert proof.period == "Caturwulan III 2023"


def test_a_two_year_window_brings_the_2023_file_into_the_2025_evaluation(
    tagged: Tagged, older: Evidence
) -> None:
    window = save_window(
        plan=tagged.plan, year=2025, first=2023, last=2024, scope=SYSTEM, actor=None
    )
    assert (window.first, window.last, window.configured) == (2023, 2024, True)
    assert window.title == "Evaluasi KLA 2025 — data tahun 2023-2024"
    result = readiness(tagged.plan, 2025)
    assert {OLD, "Laporan sosialisasi.pdf"} <= _names(result)
    perda = next(i for i in result.indicators if i.number == 1)
    assert [i.status for i in perda.items] == [VERIFIED, VERIFIED, VERIFIED]
    assert (perda.points, result.total) == (D(60), D(100))
    assert result.window.capaian_year == 2024  # the capaian of the window's last year
    assert any(OLD_IN_ZIP in name for name in _package(result))
    event = AuditEvent.objects.filter(action="evaluation.window").latest("id")
    assert event.new == {"dari": 2023, "sampai": 2024, "diatur": True}
    assert event.old == {"dari": 2024, "sampai": 2024, "diatur": False}
    # Back to the default: the year before.
    save_window(plan=tagged.plan, year=2025, first=None, last=None, scope=SYSTEM, actor=None)
    assert OLD not in _names(readiness(tagged.plan, 2025))
    assert AuditEvent.objects.filter(action="evaluation.window").count() == 2


def test_a_window_must_lie_in_the_plan_in_order_and_not_after_the_evaluation(
    tagged: Tagged,
) -> None:
    plan = tagged.plan
    for year, first, last, message in (
        (2025, 2024, 2023, r"pertama \(2024\) sesudah tahun data terakhir \(2023\)"),
        (2025, 2022, 2024, "Tahun data 2022 di luar masa rencana 2023-2026"),
        (2025, 2024, 2026, "tidak dapat menilai data tahun 2026"),
        (2025, 2024, None, "Isi tahun data pertama dan terakhir"),
        (2023, 2023, 2023, "Tahun evaluasi 2023 di luar jangkauan rencana"),
    ):
        with pytest.raises(EvaluationError, match=message):
            save_window(plan=plan, year=year, first=first, last=last, scope=SYSTEM, actor=None)
    viewer = Scope(user_id=None, role="viewer", agency_id=None, cluster_ids=frozenset())
    with pytest.raises(PermissionDenied):
        save_window(plan=plan, year=2025, first=2024, last=2024, scope=viewer, actor=None)
    assert not EvaluationYear.objects.exists()
    assert not AuditEvent.objects.filter(action="evaluation.window").exists()
    # A window-only year keeps radkla's default weights.
    save_window(plan=plan, year=2026, first=2025, last=2026, scope=SYSTEM, actor=None)
    assert readiness(plan, 2026).weights.official is False
    assert window_for(plan, 2026).last == 2026  # the evaluation's own year is allowed


def test_a_city_document_counts_from_the_evaluation_of_its_upload_year_in_wib(
    tagged: Tagged,
) -> None:
    # 17:30 UTC on 31 December 2024 is already New Year's Day 2025 in Cilegon.
    moment = dt.datetime(2024, 12, 31, 17, 30, tzinfo=dt.UTC)
    CityDocument.objects.filter(pk=tagged.document.pk).update(uploaded_at=moment)
    assert "perwal-turunan.pdf" not in _names(readiness(tagged.plan, 2024))
    proof = next(f for f in readiness(tagged.plan, 2025).files if f.name == "perwal-turunan.pdf")
    assert proof.day == dt.date(2025, 1, 1) and proof.period == ""
    assert indonesian_date(proof.day) == "1 Januari 2025"


def test_the_default_evaluation_is_the_one_after_the_newest_opened_year(tagged: Tagged) -> None:
    assert default_evaluation_year(tagged.plan) == 2025  # 2024 periods are open
    result = readiness(tagged.plan)
    assert (result.evaluation_year, result.window.first, result.window.last) == (2025, 2024, 2024)
    with pytest.raises(ValueError, match="Evaluasi KLA 2023"):
        readiness(tagged.plan, 2023)


def test_the_pages_state_the_window_and_show_each_files_period_and_date(
    tagged: Tagged, older: Evidence
) -> None:
    client = Client()
    client.force_login(persona("sekretariat", Profile.Role.SECRETARIAT).user)
    page = client.get("/evaluasi/?tahun=2025").content.decode()
    assert "Evaluasi KLA 2025 — data tahun 2024" in page
    assert "bawaan: tahun sebelum tahun evaluasi" in page
    assert "dokumen kota yang diunggah sampai 31 Desember 2025" in page
    assert '<option value="2026">2026 — data tahun 2025</option>' in page
    row = page.split(f'data-file="evidence-{tagged.stunting.pk}"')[1].split("</tr>")[0]
    assert "Caturwulan I 2024" in row
    assert indonesian_date(local_date(tagged.stunting.uploaded_at)) in row
    document = page.split(f'data-file="document-{tagged.document.pk}"')[1].split("</tr>")[0]
    assert "Dokumen kota" in document and "2 Mei 2024" in document
    assert f'data-file="evidence-{older.pk}"' not in page

    indicator = client.get("/evaluasi/indikator/1/?tahun=2024").content.decode()
    assert "Evaluasi KLA 2024 — data tahun 2023" in indicator
    row = indicator.split(f'data-file="evidence-{older.pk}"')[1].split("</tr>")[0]
    assert "Caturwulan III 2023" in row

    # The secretariat sets a two-year window on the settings page.
    response = client.post(
        "/evaluasi/bobot/?tahun=2025",
        {"action": "window", "data_first": "2023", "data_last": "2024"},
    )
    assert response.status_code == 302
    page = client.get("/evaluasi/?tahun=2025").content.decode()
    assert "Evaluasi KLA 2025 — data tahun 2023-2024" in page
    assert "jendela data diatur sekretariat" in page
    assert f'data-file="evidence-{older.pk}"' in page
    refused = client.post(
        "/evaluasi/bobot/?tahun=2025",
        {"action": "window", "data_first": "2025", "data_last": "2024"},
    ).content.decode()
    assert "sesudah tahun data terakhir" in refused
    assert window_for(tagged.plan, 2025).first == 2023
    client.post("/evaluasi/bobot/?tahun=2025", {"action": "window", "reset": "1"})
    assert window_for(tagged.plan, 2025).configured is False


def test_the_json_and_the_index_carry_the_window(
    tagged: Tagged, older: Evidence, tmp_path: Path
) -> None:
    out = io.StringIO()
    call_command("evaluasi", "readiness", "--year", "2025", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["tahun_evaluasi"] == 2025
    assert data["jendela_data"] == {
        "tahun_awal": 2024,
        "tahun_akhir": 2024,
        "tahun_capaian": 2024,
        "diatur_sekretariat": False,
        "keterangan": "Evaluasi KLA 2025 — data tahun 2024",
        "dokumen_kota_sampai": "2025-12-31",
    }
    files = [f for i in data["indikator"] for f in i["berkas"]]
    assert OLD not in {f["nama"] for f in files}
    gizi = next(f for f in files if f["nama"] == "Data gizi 2024.pdf")
    assert gizi["periode"] == "Caturwulan I 2024" and gizi["status"] == "terverifikasi"
    assert gizi["tanggal_unggah"] == local_date(tagged.stunting.uploaded_at).isoformat()
    assert_numbers_are_numbers(data)
    assert_no_english(data)

    save_window(plan=tagged.plan, year=2025, first=2023, last=2024, scope=SYSTEM, actor=None)
    out = io.StringIO()
    call_command("evaluasi", "readiness", "--year", "2025", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["jendela_data"]["tahun_awal"], data["jendela_data"]["diatur_sekretariat"]) == (
        2023,
        True,
    )
    assert OLD in {f["nama"] for i in data["indikator"] for f in i["berkas"]}
    out = io.StringIO()
    call_command("evaluasi", "readiness", "--year", "2025", stdout=out)
    assert "Evaluasi KLA 2025 — data tahun 2023-2024 (diatur sekretariat)" in out.getvalue()

    target = tmp_path / "paket.zip"
    out = io.StringIO()
    call_command(
        "evaluasi", "package", "-o", str(target), "--year", "2025", stdout=out, stderr=io.StringIO()
    )
    assert "data dukung Evaluasi KLA 2025 — data tahun 2023-2024, 4 berkas" in out.getvalue()
    sheet = load_workbook(io.BytesIO(zipfile.ZipFile(target).read(INDEX_NAME)))["Daftar isi"]
    assert sheet["A1"].value.startswith("Data dukung Evaluasi KLA 2025 — data tahun 2023-2024")
    assert "Bukti realisasi periode tahun 2023-2024" in sheet["A2"].value
    assert [c.value for c in sheet[3]][5:7] == ["Periode", "Tanggal unggah"]
    row = next(r for r in sheet.iter_rows(min_row=4) if OLD_IN_ZIP in str(r[9].value))
    assert row[5].value == "Caturwulan III 2023"
    assert row[6].value.date() == local_date(older.uploaded_at)
    assert row[6].number_format == DATE_FORMAT
