"""The agency's period workbook: download, fill in Excel, upload.

The workbook lists the agency's measures with their targets and empty
realization columns; the ID and version columns are locked so the upload finds
each row again and notices a row that changed since the download. Reading it
back names the cell of every problem.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from radkla.lib.spreadsheets import workbook_bytes
from radkla.monitoring.models import Realization, ReportingPeriod
from radkla.monitoring.selectors import GridRow
from radkla.plan.parsers.workbook import cell_text

SHEET = "Laporan"
HEADER_ROW = 4
COLUMNS = (
    "ID",
    "Ind.",
    "Ukuran",
    "Satuan",
    "Target",
    "Realisasi",
    "Perkembangan",
    "Hambatan",
    "Tindak lanjut",
    "Catatan atas peringatan",
    "Versi",
)
# Columns the agency fills in (1-based, as Excel counts).
INPUT_COLUMNS = (6, 7, 8, 9, 10)
_FILL = PatternFill("solid", fgColor="FFF9DB")


class WorkbookError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class UploadedRow:
    line: int
    measure_id: int
    version: str
    value: str
    narrative: str
    obstacles: str
    follow_up: str
    note: str

    def cell(self, column: int) -> str:
        return f"{'ABCDEFGHIJK'[column - 1]}{self.line}"


class RowStatus(StrEnum):
    """What saving an uploaded row would do, as the preview names it."""

    SAME = "same"  # sama
    CHANGED = "changed"  # berubah
    REVISION = "revision"  # verified: the change becomes a new revision to verify
    UNDER_VERIFICATION = "under_verification"  # submitted: the change cannot be saved now


def row_status(*, state: str | None, differs: bool) -> RowStatus:
    """The preview's word for a row whose uploaded cells ``differs`` from what is stored.

    A row under verification is never changed by an upload, so a difference there is
    said out loud instead of being shown as ``sama``.
    """
    if not differs:
        return RowStatus.SAME
    if state == Realization.State.SUBMITTED:
        return RowStatus.UNDER_VERIFICATION
    if state == Realization.State.VERIFIED:
        return RowStatus.REVISION
    return RowStatus.CHANGED


def period_workbook(period: ReportingPeriod, agency_name: str, rows: Sequence[GridRow]) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])
    sheet = book.create_sheet(SHEET)
    sheet.append([f"Laporan {agency_name}"])
    sheet.append(
        [f"{period.label} · batas lapor {period.deadline:%d-%m-%Y} · isi kolom kuning saja"]
    )
    sheet.append([])
    sheet.append([f"Target {period.year}" if c == "Target" else c for c in COLUMNS])
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    numbers = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        showErrorMessage=True,
        errorTitle="Bukan angka",
        error="Isi angka realisasi, misalnya 95 atau 97,5.",
    )
    sheet.add_data_validation(numbers)
    for row in rows:
        current = row.current
        sheet.append(
            [
                row.measure.pk,
                row.measure.action.indicator.label,
                row.measure.name,
                row.measure.unit,
                row.target.raw if row.target else "",
                current.value_raw if current else "",
                current.narrative if current else "",
                current.obstacles if current else "",
                current.follow_up if current else "",
                current.check_note if current else "",
                current.version if current else "",
            ]
        )
        line = sheet.max_row
        for column in INPUT_COLUMNS:
            cell = sheet.cell(row=line, column=column)
            cell.protection = Protection(locked=False)
            cell.fill = _FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        value_cell = sheet.cell(row=line, column=6)
        if row.labels:
            value_cell.number_format = "@"  # "8 Kecamatan 43 Kelurahan" is text
        else:
            numbers.add(value_cell)
    for letter, width in zip("ABCDEFGHIJK", (8, 6, 45, 16, 12, 14, 30, 30, 30, 24, 7), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["K"].hidden = True
    sheet.freeze_panes = "F5"
    # Locked cells (IDs, targets) cannot be changed; the yellow ones can. No password:
    # the lock prevents slips, not determined edits, which the upload checks anyway.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    return workbook_bytes(book)


def read_period_workbook(data: bytes, name: str) -> list[UploadedRow]:
    """The filled rows of an agency workbook, or WorkbookError naming the cell."""
    if not data:
        raise WorkbookError(f"{name}: berkas kosong (0 bita), bukan buku kerja Excel (.xlsx).")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        raise WorkbookError(f"{name}: bukan berkas Excel (.xlsx) yang dapat dibaca.") from None
    try:
        if SHEET not in book.sheetnames:
            raise WorkbookError(
                f"{name}: lembar '{SHEET}' tidak ada; unggah buku kerja yang diunduh dari radkla."
            )
        try:
            rows = list(book[SHEET].iter_rows(values_only=False))
        except ValueError:
            # A cell whose stored value is no number Excel writes (``<v>nan</v>``).
            raise WorkbookError(
                f"{name}: ada sel yang isinya tidak dapat dibaca; buka dan simpan berkas sekali "
                "di Excel atau LibreOffice, lalu unggah lagi."
            ) from None
    finally:
        book.close()
    if len(rows) < HEADER_ROW or cell_text(rows[HEADER_ROW - 1][0].value) != "ID":
        raise WorkbookError(f"{name}: baris judul (sel A{HEADER_ROW} = ID) tidak ditemukan.")
    found = []
    for line, row in enumerate(rows[HEADER_ROW:], start=HEADER_ROW + 1):
        cells = [cell_text(c.value, getattr(c, "number_format", "General")) for c in row]
        cells += [""] * (len(COLUMNS) - len(cells))
        if not any(cells):
            continue
        if not cells[0].isdecimal():
            raise WorkbookError(f'{name}, sel A{line}: ID baris "{cells[0]}" tidak sah.')
        found.append(
            UploadedRow(
                line=line,
                measure_id=int(cells[0]),
                version=cells[10],
                value=cells[5],
                narrative=cells[6],
                obstacles=cells[7],
                follow_up=cells[8],
                note=cells[9],
            )
        )
    return found
