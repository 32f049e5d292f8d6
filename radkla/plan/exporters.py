"""The plan out of radkla: JSON (a contract other tools rely on), CSV and XLSX.

The XLSX has the regulation's appendix layout, title rows included, so the
workbook an agency edits can be imported again (``radkla plan import``).
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from radkla.lib.spreadsheets import csv_text, workbook_bytes
from radkla.plan.inforce import current_revision, revision_json
from radkla.plan.models import Plan
from radkla.plan.rows import MeasureRow

FORMATS = ("json", "csv", "xlsx")


def plan_json(plan: Plan, rows: Sequence[MeasureRow]) -> dict[str, object]:
    return {
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "region": {"code": plan.region.code, "name": plan.region.name},
            "legal_basis": plan.legal_basis,
            "regulation": {
                "kind": plan.regulation_kind,
                "number": plan.regulation_number,
                "year": plan.regulation_year,
            },
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "baseline_year": plan.baseline_year,
            "status": plan.status,
            "revision": revision_json(current_revision(plan), plan),
        },
        "measures": [
            {
                "indicator_no": row.indicator_no,
                "indicator_sub": row.indicator_sub or None,
                "indicator": row.indicator,
                "cluster": row.cluster,
                "cluster_code": row.cluster_code,
                "action": row.action,
                "measure": row.measure,
                "unit": row.unit,
                "baseline": row.baseline.to_json(),
                "targets": {str(year): cell.to_json() for year, cell in row.targets.items()},
                "agencies": list(row.agencies),
                "agency_raw": row.agency_raw,
                "program": row.program,
                "polarity": row.polarity,
                "aggregation": row.aggregation,
                "source": row.location,
            }
            for row in rows
        ],
    }


def _flat_headings(plan: Plan) -> list[str]:
    return [
        "klaster",
        "no_indikator",
        "sub_indikator",
        "indikator",
        "rencana_aksi",
        "ukuran",
        "satuan",
        f"data_dasar_{plan.baseline_year}",
        *(f"target_{year}" for year in plan.years),
        "instansi",
        "instansi_teks_asli",
        "program",
    ]


def plan_csv(plan: Plan, rows: Sequence[MeasureRow]) -> str:
    lines: list[list[object]] = [
        [
            row.cluster,
            row.indicator_no,
            row.indicator_sub,
            row.indicator,
            row.action,
            row.measure,
            row.unit,
            row.baseline.raw,
            *(row.targets[year].raw if year in row.targets else "" for year in plan.years),
            "; ".join(row.agencies),
            row.agency_raw,
            row.program,
        ]
        for row in rows
    ]
    return csv_text([_flat_headings(plan), *lines])


_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def plan_xlsx(plan: Plan, rows: Sequence[MeasureRow]) -> bytes:
    """The plan as the regulation's appendix, in a workbook that imports back unchanged."""
    years = list(plan.years)
    width = 6 + len(years) + 2
    book = Workbook()
    book.remove(book.worksheets[0])
    sheet = book.create_sheet("RAD KLA")
    regulation = (
        f"{plan.regulation_kind} {plan.region.name} Nomor {plan.regulation_number} "
        f"Tahun {plan.regulation_year}"
    ).upper()
    sheet.append([regulation])
    sheet.append([f"TENTANG {plan.title.upper()}"])
    sheet.append([])
    head = [
        "No",
        "INDIKATOR",
        "RENCANA AKSI",
        "UKURAN",
        "SATUAN",
        f"DATA DASAR ({plan.baseline_year})",
        "TARGET TAHUNAN",
        *([""] * (len(years) - 1)),
        "INSTANSI PENANGGUNG JAWAB",
        "PROGRAM",
    ]
    sheet.append(head)
    sheet.append([""] * 6 + [str(y) for y in years] + ["", ""])
    header_rows = (4, 5)
    for column in range(1, width + 1):
        for r in header_rows:
            cell = sheet.cell(row=r, column=column)
            cell.font = Font(bold=True)
            cell.fill = _HEAD_FILL
            cell.border = _BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(start_row=4, start_column=7, end_row=4, end_column=6 + len(years))
    for column in [*range(1, 7), width - 1, width]:
        sheet.merge_cells(start_row=4, start_column=column, end_row=5, end_column=column)

    heading = None
    indicator = None
    action = None
    section_count = 0
    for row in rows:
        if row.section_heading != heading:
            heading = row.section_heading
            if heading:
                sheet.append([_ROMAN[section_count % len(_ROMAN)], heading])
                section_count += 1
                for column in range(1, width + 1):
                    sheet.cell(row=sheet.max_row, column=column).fill = _SECTION_FILL
                sheet.cell(row=sheet.max_row, column=2).font = Font(bold=True)
        number = indicator_text = action_text = ""
        if (row.indicator_no, row.indicator_sub) != indicator:
            first_of_number = indicator is None or indicator[0] != row.indicator_no
            indicator = (row.indicator_no, row.indicator_sub)
            number = f"{row.indicator_no}." if first_of_number else ""
            prefix = f"{row.indicator_sub}." if row.indicator_sub else ""
            indicator_text = f"{prefix}{row.indicator}"
        if row.action_id != action:
            action = row.action_id
            action_text = row.action
        sheet.append(
            [
                number,
                indicator_text,
                action_text,
                row.measure,
                row.unit,
                row.baseline.raw,
                *(row.targets[y].raw if y in row.targets else "" for y in years),
                row.agency_raw,
                row.program,
            ]
        )
        for column in range(1, width + 1):
            cell = sheet.cell(row=sheet.max_row, column=column)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            # Keep "97,50" and "> 90%" as the regulation wrote them, not as Excel numbers.
            cell.number_format = "@"
    widths = [6, 36, 40, 40, 16, 14, *([10] * len(years)), 28, 28]
    for index, value in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = value
    sheet.freeze_panes = "C6"
    sheet.print_title_rows = "4:5"
    sheet.page_setup.orientation = "landscape"
    sheet.auto_filter.ref = f"A5:{get_column_letter(width)}{sheet.max_row}"
    return workbook_bytes(book)
