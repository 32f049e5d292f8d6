"""Bulk entry by Excel: download the period workbook, fill it, preview the upload, save all or nothing."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.monitoring.models import Realization, ReportingPeriod
from radkla.monitoring.services import Entry, save_entry, submit_realization, verify_realization
from radkla.monitoring.tests.conftest import scope
from radkla.monitoring.values import read_value
from radkla.monitoring.workbook import WorkbookError, read_period_workbook
from radkla.plan.models import Measure


@pytest.fixture
def operator(people: dict[str, Profile]) -> Client:
    client = Client()
    client.force_login(people["dinkes"].user)
    return client


def download(client: Client, period: ReportingPeriod):  # type: ignore[no-untyped-def]
    response = client.get(reverse("monitoring:grid_workbook", args=[period.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-2025-1.xlsx"')
    return load_workbook(io.BytesIO(response.content))


def upload(client: Client, period: ReportingPeriod, book, **extra: str) -> str:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "laporan-dinkes.xlsx"
    return client.post(
        reverse("monitoring:grid_upload", args=[period.pk]), {"file": out, **extra}
    ).content.decode()


def row_of(sheet, measure: Measure) -> int:  # type: ignore[no-untyped-def]
    return next(
        r for r in range(5, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == measure.pk
    )


def test_the_workbook_lists_the_agencys_measures_with_locked_ids(
    operator: Client, period: ReportingPeriod, vitamin_a: Measure
) -> None:
    book = download(operator, period)
    sheet = book["Laporan"]
    ids = [sheet.cell(row=r, column=1).value for r in range(5, sheet.max_row + 1)]
    expected = set(
        Measure.objects.filter(plan=period.plan, agencies__acronym="Dinkes").values_list(
            "pk", flat=True
        )
    )
    assert set(ids) == expected
    line = row_of(sheet, vitamin_a)
    assert sheet.cell(row=line, column=5).value == "90"  # the 2025 target
    assert sheet.protection.sheet
    assert sheet.cell(row=line, column=1).protection.locked
    assert not sheet.cell(row=line, column=6).protection.locked
    assert any(f"F{line}" in str(dv.sqref) for dv in sheet.data_validations.dataValidation)


def test_an_upload_is_previewed_then_saved(
    operator: Client, period: ReportingPeriod, vitamin_a: Measure
) -> None:
    book = download(operator, period)
    sheet = book["Laporan"]
    line = row_of(sheet, vitamin_a)
    sheet.cell(row=line, column=6).value = 88.5
    sheet.cell(row=line, column=7).value = "Sweeping posyandu."
    page = upload(operator, period, book)
    assert "1 baris berubah" in page and 'id="confirm-upload"' in page
    assert not Realization.objects.exists()  # a preview saves nothing
    operator.post(reverse("monitoring:grid_upload", args=[period.pk]), {"confirm": "1"})
    saved = Realization.objects.get()
    assert (saved.measure_id, saved.value_number, saved.narrative) == (
        vitamin_a.pk,
        88.5,
        "Sweeping posyandu.",
    )


def test_problems_are_named_by_cell_and_nothing_is_saved(
    operator: Client, period: ReportingPeriod, vitamin_a: Measure
) -> None:
    book = download(operator, period)
    sheet = book["Laporan"]
    line = row_of(sheet, vitamin_a)
    sheet.cell(row=line, column=6).value = "banyak sekali"
    other_line = line + 1 if line < sheet.max_row else line - 1
    sheet.cell(row=other_line, column=6).value = 5
    page = upload(operator, period, book)
    assert f"sel F{line}" in page and "bukan angka" in page
    assert 'id="confirm-upload"' not in page
    operator.post(reverse("monitoring:grid_upload", args=[period.pk]), {"confirm": "1"})
    assert not Realization.objects.exists()


def test_a_row_of_another_agency_is_refused(
    operator: Client, period: ReportingPeriod, vitamin_a: Measure
) -> None:
    book = download(operator, period)
    sheet = book["Laporan"]
    foreign = Measure.objects.filter(plan=period.plan, agencies__acronym="Dinsos").first()
    assert foreign is not None
    sheet.cell(row=row_of(sheet, vitamin_a), column=1).value = foreign.pk
    page = upload(operator, period, book)
    assert "bukan milik instansi Anda" in page
    assert 'id="confirm-upload"' not in page


def test_a_file_that_is_not_the_workbook_is_refused_clearly() -> None:
    with pytest.raises(WorkbookError, match=r"x\.xlsx: bukan berkas Excel"):
        read_period_workbook(b"not a zip", "x.xlsx")
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    with pytest.raises(WorkbookError, match="lembar 'Laporan' tidak ada"):
        read_period_workbook(out.getvalue(), "lain.xlsx")


def test_a_change_to_a_row_under_verification_is_named_not_called_sama(
    people: dict[str, Profile], operator: Client, period: ReportingPeriod, vitamin_a: Measure
) -> None:
    dinkes = scope(people["dinkes"])
    submitted = submit_realization(
        realization=save_entry(
            entry=Entry(measure=vitamin_a, value=read_value("86", unit="%", target=None)),
            period=period,
            scope=dinkes,
            actor=None,
        ),
        scope=dinkes,
        actor=None,
    )
    book = download(operator, period)
    sheet = book["Laporan"]
    line = row_of(sheet, vitamin_a)
    others = [r for r in range(5, sheet.max_row + 1) if r != line]
    verified_line, draft_line = others[0], others[1]
    verified_measure = Measure.objects.get(pk=sheet.cell(row=verified_line, column=1).value)
    verified = verify_realization(
        realization=submit_realization(
            realization=save_entry(
                entry=Entry(
                    measure=verified_measure,
                    value=read_value("5", unit=verified_measure.unit, target=None),
                ),
                period=period,
                scope=dinkes,
                actor=None,
            ),
            scope=dinkes,
            actor=None,
        ),
        scope=SYSTEM,
        actor=None,
    )
    book = download(operator, period)  # versions as they are now
    sheet = book["Laporan"]
    sheet.cell(row=line, column=6).value = 90
    sheet.cell(row=verified_line, column=6).value = 6
    sheet.cell(row=draft_line, column=7).value = "Kegiatan berjalan."
    page = upload(operator, period, book)

    def status(row: int) -> str:
        measure_id = sheet.cell(row=row, column=1).value
        return page.split(f'data-measure="{measure_id}"')[1].split("</tr>")[0]

    assert 'data-status="under_verification"' in status(line)
    assert "sedang diverifikasi — tidak diubah" in status(line)
    assert "berubah — revisi baru" in status(verified_line)
    assert 'data-status="changed"' in status(draft_line)
    assert "2 baris berubah" in page and "1 baris sedang diverifikasi, tidak diubah" in page
    operator.post(reverse("monitoring:grid_upload", args=[period.pk]), {"confirm": "1"})
    submitted.refresh_from_db()
    assert (submitted.state, submitted.value_raw) == (Realization.State.SUBMITTED, "86")
    newest = Realization.objects.filter(measure=verified_measure).latest("revision")
    assert (newest.revision, newest.value_raw) == (verified.revision + 1, "6")
