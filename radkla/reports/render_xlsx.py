"""The RAD monitoring workbook: the regulation's appendix with the year's realization.

One sheet per cluster laid out like the appendix (No, indikator, rencana aksi,
ukuran, satuan, data dasar, target per year, instansi, program), then the
realization per period, the year's realization, capaian and category, with
category colours, merged indicator cells, frozen headers, filters and a
landscape print setup; and a summary sheet with a native Excel chart.
The builder gives it plain rows; it never queries anything.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from radkla.reports.document import CATEGORY_COLOURS


@dataclass(frozen=True, slots=True)
class WorkbookRow:
    indicator_no: str
    indicator: str
    action: str
    measure: str
    unit: str
    baseline: str
    targets: tuple[str, ...]  # one per plan year
    agencies: str
    program: str
    periods: tuple[str, ...]  # realization per period of the year
    year_value: str
    capaian: float | None
    category: str


@dataclass(frozen=True, slots=True)
class WorkbookSheet:
    title: str  # the cluster's name
    code: str
    capaian: float | None
    category: str
    rows: tuple[WorkbookRow, ...]


@dataclass(frozen=True, slots=True)
class WorkbookData:
    title: str
    subtitle: str  # "Tahun 2025" or "Caturwulan II 2025"
    baseline_year: int
    years: tuple[int, ...]
    period_labels: tuple[str, ...]
    sheets: tuple[WorkbookSheet, ...]
    overall: float | None
    overall_category: str


_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="DCE6F1")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _sheet_name(text: str, used: set[str]) -> str:
    name = "".join(c for c in text if c not in "[]:*?/\\")[:28].strip() or "Klaster"
    candidate, n = name, 2
    while candidate in used:
        candidate, n = f"{name[:25]} {n}", n + 1
    used.add(candidate)
    return candidate


def _header(sheet: Worksheet, data: WorkbookData) -> int:
    """Two header rows like the regulation's; returns the first data row."""
    years, periods = list(data.years), list(data.period_labels)
    first = [
        "No",
        "INDIKATOR",
        "RENCANA AKSI",
        "UKURAN",
        "SATUAN",
        f"DATA DASAR ({data.baseline_year})",
        "TARGET TAHUNAN",
        *([""] * (len(years) - 1)),
        "INSTANSI PENANGGUNG JAWAB",
        "PROGRAM",
        f"REALISASI {data.subtitle.upper()}",
        *([""] * (len(periods) - 1)),
        "REALISASI TAHUN",
        "CAPAIAN (%)",
        "KATEGORI",
    ]
    second = ["", "", "", "", "", "", *map(str, years), "", "", *periods, "", "", ""]
    top = 4
    for offset, values in enumerate((first, second)):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=top + offset, column=column, value=value)
            cell.font = Font(bold=True)
            cell.fill = _HEAD
            cell.border = _BORDER
            cell.alignment = _CENTER
    width = len(first)
    year_start = 7
    period_start = year_start + len(years) + 2
    sheet.merge_cells(
        start_row=top, start_column=year_start, end_row=top, end_column=year_start + len(years) - 1
    )
    if periods:
        sheet.merge_cells(
            start_row=top,
            start_column=period_start,
            end_row=top,
            end_column=period_start + len(periods) - 1,
        )
    single = [
        *range(1, 7),
        year_start + len(years),
        year_start + len(years) + 1,
        width - 2,
        width - 1,
        width,
    ]
    for column in single:
        sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
    return top + 2


def _cluster_sheet(sheet: Worksheet, data: WorkbookData, part: WorkbookSheet) -> None:
    sheet.append([f"{data.title} — {part.title}"])
    sheet["A1"].font = Font(bold=True, size=12)
    capaian = "–" if part.capaian is None else f"{part.capaian:.2f}".replace(".", ",")
    sheet.append([f"{data.subtitle}; capaian klaster {capaian}% {part.category}".strip()])
    first_row = _header(sheet, data)
    width = 6 + len(data.years) + 2 + len(data.period_labels) + 3
    row_number = first_row
    indicator_start = first_row
    previous = None
    for row in part.rows:
        values: list[str | float | None] = [
            row.indicator_no,
            row.indicator,
            row.action,
            row.measure,
            row.unit,
            row.baseline,
            *row.targets,
            row.agencies,
            row.program,
            *row.periods,
            row.year_value,
            row.capaian,
            row.category,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column, value=value)
            cell.border = _BORDER
            cell.alignment = _WRAP_TOP
        capaian_cell = sheet.cell(row=row_number, column=width - 1)
        capaian_cell.number_format = "0.00"
        colour = CATEGORY_COLOURS.get(row.category.lower())
        if colour:
            category_cell = sheet.cell(row=row_number, column=width)
            category_cell.fill = PatternFill("solid", fgColor=colour)
            if row.category.lower() in ("sangat tinggi", "sangat rendah"):
                category_cell.font = Font(color="FFFFFF", bold=True)
        key = (row.indicator_no, row.indicator)
        if key != previous:
            _merge_indicator(sheet, indicator_start, row_number - 1)
            indicator_start, previous = row_number, key
        row_number += 1
    _merge_indicator(sheet, indicator_start, row_number - 1)
    widths = [6, 30, 32, 34, 14, 14, *([9] * len(data.years)), 22, 22]
    widths += [*([11] * len(data.period_labels)), 12, 11, 14]
    for index, value in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = value
    last = get_column_letter(width)
    sheet.freeze_panes = f"E{first_row}"
    sheet.auto_filter.ref = f"A{first_row - 1}:{last}{max(row_number - 1, first_row)}"
    sheet.print_title_rows = f"{first_row - 2}:{first_row - 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _merge_indicator(sheet: Worksheet, start: int, end: int) -> None:
    """Merge an indicator's No and name over its measure rows, as the regulation prints them."""
    if end > start:
        for column in (1, 2):
            sheet.merge_cells(start_row=start, start_column=column, end_row=end, end_column=column)


def _summary(sheet: Worksheet, data: WorkbookData) -> None:
    sheet.append([data.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([data.subtitle])
    sheet.append([])
    sheet.append(["Klaster", "Kode", "Capaian (%)", "Kategori", "Ukuran"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.fill = _HEAD
    for part in data.sheets:
        sheet.append([part.title, part.code, part.capaian, part.category, len(part.rows)])
        colour = CATEGORY_COLOURS.get(part.category.lower())
        if colour:
            sheet.cell(row=sheet.max_row, column=4).fill = PatternFill("solid", fgColor=colour)
    sheet.append(
        [
            "Seluruh rencana",
            "",
            data.overall,
            data.overall_category,
            sum(len(p.rows) for p in data.sheets),
        ]
    )
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for row in sheet.iter_rows(min_row=5, min_col=3, max_col=3):
        for cell in row:
            cell.number_format = "0.00"
    sheet.column_dimensions["A"].width = 58
    sheet.column_dimensions["C"].width = 14
    sheet.column_dimensions["D"].width = 16
    chart = BarChart()
    chart.type = "col"
    chart.title = "Capaian per klaster (%)"
    chart.y_axis.title = "capaian (%)"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 120
    last = 4 + len(data.sheets)
    chart.add_data(Reference(sheet, min_col=3, min_row=4, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=2, min_row=5, max_row=last))
    chart.height, chart.width = 8, 16
    sheet.add_chart(chart, f"A{last + 3}")


def render_workbook(data: WorkbookData) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])
    summary = book.create_sheet("Ringkasan")
    _summary(summary, data)
    used = {"Ringkasan"}
    for part in data.sheets:
        _cluster_sheet(book.create_sheet(_sheet_name(part.title, used)), data, part)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_names(data: WorkbookData) -> Sequence[str]:
    used = {"Ringkasan"}
    return ["Ringkasan", *(_sheet_name(p.title, used) for p in data.sheets)]
