"""One table definition for a page and its downloads: columns once, then HTML, XLSX or CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from radkla.lib.localtime import local_time
from radkla.lib.spreadsheets import as_text, csv_text, workbook_bytes, written_cells

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class Column:
    heading: str
    value: Callable[[Any], object]
    # An Excel number format for the column's numbers, e.g. "0.00" for capaian, which
    # the pages always show with two decimals.
    number_format: str = ""


def _shown(value: object) -> object:
    # A moment reads as on the page, with its zone (a spreadsheet cell keeps none).
    return local_time(value) if isinstance(value, dt.datetime) else value


def cell_values(columns: Sequence[Column], rows: Sequence[Any]) -> list[list[object]]:
    return [[_shown(column.value(row)) for column in columns] for row in rows]


def _formatted(sheet: Any, row: list[object], formats: Sequence[str]) -> list[object]:
    """Numbers of a column with a number format become cells carrying it."""
    for i, fmt in enumerate(formats):
        value = row[i]
        if fmt and isinstance(value, int | float) and not isinstance(value, bool):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = fmt
            row[i] = cell
    return row


def download(
    fmt: str, title: str, columns: Sequence[Column], rows: Sequence[Any]
) -> HttpResponse | None:
    """The table as an XLSX or CSV response, or None for any other format."""
    values = cell_values(columns, rows)
    headings = [c.heading for c in columns]
    name = slugify(title) or "tabel"
    if fmt == "csv":
        text = csv_text([headings, *values])
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        book = Workbook(write_only=True)
        # Excel forbids some characters in sheet names and allows 31 of the rest.
        sheet_name = "".join(c for c in title if c not in "[]:*?/\\")[:31].strip()
        sheet = book.create_sheet(sheet_name or "Tabel")
        sheet.append(written_cells(sheet, [title]))
        sheet.append([])
        bold = []
        for heading in headings:
            cell = WriteOnlyCell(sheet, value=heading)
            cell.font = Font(bold=True)
            as_text(cell)
            bold.append(cell)
        sheet.append(bold)
        formats = [c.number_format for c in columns]
        for row in values:
            sheet.append(_formatted(sheet, written_cells(sheet, row), formats))
        response = HttpResponse(workbook_bytes(book), content_type=XLSX_TYPE)
    else:
        return None
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
