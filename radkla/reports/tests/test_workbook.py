"""The RAD monitoring workbook, opened with openpyxl and checked against the engine."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from radkla.achievement.selectors import plan_achievement
from radkla.plan.models import Plan
from radkla.reports.render_xlsx import render_workbook
from radkla.reports.workbook_builder import build_workbook


def test_the_workbook_follows_the_appendix_with_the_years_realization(small: Plan) -> None:
    data = render_workbook(build_workbook(small, year=2023))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == "Ringkasan"
    assert len(book.sheetnames) == 7  # the summary and the six clusters
    sheet = book[book.sheetnames[4]]  # Klaster III
    assert sheet["A4"].value == "No" and sheet["F4"].value == "DATA DASAR (2022)"
    assert [sheet.cell(row=5, column=c).value for c in range(7, 11)] == [
        "2023",
        "2024",
        "2025",
        "2026",
    ]
    headings = [sheet.cell(row=4, column=c).value for c in range(1, sheet.max_column + 1)]
    assert headings[-3:] == ["REALISASI TAHUN", "CAPAIAN (%)", "KATEGORI"]
    assert [sheet.cell(row=5, column=c).value for c in range(13, 16)] == [
        "Caturwulan I 2023",
        "Caturwulan II 2023",
        "Caturwulan III 2023",
    ]
    rows = {sheet.cell(row=r, column=4).value: r for r in range(6, sheet.max_row + 1)}
    stunting = rows["Prevalensi stunting"]
    width = sheet.max_column
    assert sheet.cell(row=stunting, column=width - 1).value == 91.67
    assert sheet.cell(row=stunting, column=width).value == "sangat tinggi"
    assert sheet.cell(row=stunting, column=width).fill.fgColor.rgb.endswith("12805C")
    assert "A6:A7" in {str(r) for r in sheet.merged_cells.ranges}  # indicator 12's two rows
    assert sheet.freeze_panes == "E6"
    assert sheet.auto_filter.ref.startswith("A5:")
    assert sheet.print_title_rows == "$4:$5"
    assert sheet.page_setup.orientation == "landscape"
    summary = book["Ringkasan"]
    engine = plan_achievement(small, 2023)
    assert summary.cell(row=5 + len(engine.clusters), column=3).value == float(
        engine.plan_rollup.capaian or 0
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert any(name.startswith("xl/charts/chart") for name in archive.namelist())
