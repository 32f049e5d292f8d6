"""The RAD monitoring workbook, opened with openpyxl and LibreOffice and checked against the engine."""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import os
import re
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from radkla.achievement.display import INCOMPLETE, NO_TARGET, NO_VALUE, SCORED
from radkla.achievement.selectors import plan_achievement
from radkla.monitoring.demo import generate
from radkla.monitoring.models import ReportingPeriod
from radkla.plan.models import Plan
from radkla.reports.render_xlsx import (
    NO_CATEGORY,
    Percent,
    number_format,
    render_workbook,
    sheet_title,
    text_lines,
)
from radkla.reports.workbook_builder import build_workbook

CILEGON_SHEETS = [
    "Ringkasan",
    "Kelembagaan",
    "Klaster I Hak Sipil",
    "Klaster II Lingkungan Keluarga",
    "Klaster III Kesehatan Dasar",
    "Klaster IV Pendidikan",
    "Klaster V Perlindungan Khusus",
]


@pytest.fixture
def cilegon_demo(cilegon_plan: Plan) -> Plan:
    """The Cilegon plan with the demo's realizations: 2023-2024 closed, 2025 in progress."""
    generate(plan=cilegon_plan, today=dt.date(2026, 2, 1), users={})
    return cilegon_plan


def _open(data: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(data))


def _headings(sheet: Worksheet) -> list[object]:
    return [sheet.cell(row=4, column=c).value for c in range(1, sheet.max_column + 1)]


def _rows(sheet: Worksheet) -> dict[str, int]:
    return {sheet.cell(row=r, column=4).value: r for r in range(6, sheet.max_row + 1)}


def test_the_workbook_follows_the_appendix_with_the_years_realization(small: Plan) -> None:
    data = render_workbook(build_workbook(small, year=2023))
    book = _open(data)
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
    assert _headings(sheet)[-4:] == ["REALISASI TAHUN 2023", "CAPAIAN", "KATEGORI", "STATUS"]
    assert [sheet.cell(row=5, column=c).value for c in range(13, 16)] == [
        "Caturwulan I 2023",
        "Caturwulan II 2023",
        "Caturwulan III 2023",
    ]
    stunting = _rows(sheet)["Prevalensi stunting"]
    width = sheet.max_column
    capaian = sheet.cell(row=stunting, column=width - 2)
    assert capaian.value == pytest.approx(0.9167) and capaian.number_format == "0.00%"
    assert sheet.cell(row=stunting, column=width - 1).value == "sangat tinggi"
    assert sheet.cell(row=stunting, column=width - 1).fill.fgColor.rgb.endswith("12805C")
    assert sheet.cell(row=stunting, column=width).value == SCORED
    assert "A6:A7" in {str(r) for r in sheet.merged_cells.ranges}  # indicator 12's two rows
    assert sheet.freeze_panes == "E6"
    assert sheet.auto_filter.ref.startswith("A5:")
    summary = book["Ringkasan"]
    engine = plan_achievement(small, 2023)
    total = summary.cell(row=6 + len(engine.clusters), column=5)
    assert total.value == pytest.approx(float(engine.plan_rollup.capaian or 0) / 100)
    assert summary.cell(row=6 + len(engine.clusters), column=1).value == "Seluruh rencana"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert any(name.startswith("xl/charts/chart") for name in archive.namelist())


def test_numbers_are_numbers_with_the_decimals_they_were_written_with(small: Plan) -> None:
    book = _open(render_workbook(build_workbook(small, year=2023)))
    sheet = book[book.sheetnames[4]]
    rows = _rows(sheet)
    stunting = rows["Prevalensi stunting"]
    # Baseline, the four targets, then (after agency and program) three periods and the year.
    numbers = [sheet.cell(row=stunting, column=c) for c in (6, 7, 8, 9, 10, 13, 14, 15, 16)]
    assert [c.value for c in numbers] == [20, 18, 16, 14, 12, 19, 19.5, 19.5, 19.5]
    assert all(c.data_type == "n" for c in numbers)
    assert [c.number_format for c in numbers] == [*(["#,##0"] * 6), "#,##0.0", "#,##0.0", "#,##0.0"]
    profile = rows["Profil gizi"]  # its targets are "-": text, not a number or a blank
    assert [sheet.cell(row=profile, column=c).value for c in range(7, 11)] == ["-"] * 4
    assert sheet.cell(row=profile, column=6).value == 1
    assert number_format(Decimal("1234.5")) == "#,##0.0"
    assert number_format(Decimal("97.50")) == "#,##0.00"
    assert number_format(Percent(Decimal("91.67"))) == "0.00%"
    assert number_format(Percent(Decimal("90"))) == "0%"


def test_composite_values_and_text_targets_stay_text(cilegon_plan: Plan) -> None:
    data = build_workbook(cilegon_plan, year=2025)
    rows = [row for sheet in data.sheets for row in sheet.rows]
    molin = next(r for r in rows if r.baseline == "Motor 2 Molin 1")
    assert molin.targets[2] == "Motor 2 Molin 1"
    thresholds = [r for r in rows if "> 90%" in r.targets]
    assert thresholds and all(r.targets[2] == "> 90%" for r in thresholds)
    book = _open(render_workbook(data))
    cells = [
        cell
        for sheet in book.worksheets[1:]
        for line in sheet.iter_rows(min_row=6, min_col=6, max_col=10)
        for cell in line
        if cell.value is not None
    ]
    assert {c.value for c in cells if c.data_type == "s"} >= {"Motor 2 Molin 1", "> 90%", "-"}
    # Everything else in the baseline and target columns is a number, never text like "97,5".
    assert not [c.value for c in cells if c.data_type == "s" and re.fullmatch(r"[\d.,]+", c.value)]


def test_every_row_says_its_status_and_no_category_is_left_empty(small: Plan) -> None:
    book = _open(render_workbook(build_workbook(small, year=2024)))  # 2024: nothing verified
    sheet = book[book.sheetnames[4]]
    rows = _rows(sheet)
    width = sheet.max_column
    profile, stunting = rows["Profil gizi"], rows["Prevalensi stunting"]
    assert sheet.cell(row=profile, column=width).value == NO_TARGET
    assert sheet.cell(row=stunting, column=width).value == NO_VALUE
    for row in (profile, stunting):
        assert sheet.cell(row=row, column=width - 1).value == NO_CATEGORY
        assert sheet.cell(row=row, column=width - 2).value is None  # no capaian, not 0
    statuses = {
        sheet.cell(row=r, column=sheet.max_column).value
        for sheet in book.worksheets[1:]
        for r in range(6, sheet.max_row + 1)
    }
    assert None not in statuses and "" not in statuses


def test_a_period_workbook_says_year_to_date(small: Plan) -> None:
    period = ReportingPeriod.objects.get(plan=small, year=2023, number=2)
    data = build_workbook(small, year=2023, period=period)
    assert data.year_heading == "REALISASI S.D. CATURWULAN II 2023"
    assert "tahun berjalan" in data.subtitle
    book = _open(render_workbook(data))
    texts = [
        str(cell.value)
        for sheet in book.worksheets
        for line in sheet.iter_rows(max_row=5)
        for cell in line
        if cell.value
    ]
    assert "REALISASI S.D. CATURWULAN II 2023" in texts
    assert not [t for t in texts if "REALISASI TAHUN" in t]
    whole = build_workbook(small, year=2023)  # every period of 2023 closed
    assert whole.year_heading == "REALISASI TAHUN 2023" and whole.subtitle == "Tahun 2023"
    assert whole.notes[0].startswith("Data terverifikasi sampai dengan Caturwulan III 2023")
    assert data.notes[0] == (
        "Data terverifikasi sampai dengan Caturwulan II 2023 (tahun berjalan); "
        "periode yang dihitung: Caturwulan I–II 2023."
    )
    assert book["Ringkasan"]["A3"].value.startswith(data.notes[0])


def test_a_year_still_in_progress_is_year_to_date_and_its_sums_belum_lengkap(
    cilegon_demo: Plan,
) -> None:
    data = build_workbook(cilegon_demo, year=2025)  # 2025's periods are still open
    assert data.year_heading == "REALISASI S.D. CATURWULAN III 2025"
    assert data.subtitle == "Tahun 2025 s.d. Caturwulan III 2025 (tahun berjalan)"
    assert "belum lengkap" in data.notes[-1]
    summed = [r for s in data.sheets for r in s.rows if r.status == INCOMPLETE]
    assert summed and all(r.capaian is None and r.category == "" for r in summed)
    assert any(isinstance(r.year_value, Decimal) for r in summed)  # the sum so far shows


def test_a_first_period_and_a_year_without_periods_make_whole_headers(small: Plan) -> None:
    first = ReportingPeriod.objects.get(plan=small, year=2023, number=1)
    book = _open(render_workbook(build_workbook(small, year=2023, period=first)))
    sheet = book[book.sheetnames[4]]
    assert _headings(sheet)[12:14] == ["REALISASI PER PERIODE", "REALISASI S.D. CATURWULAN I 2023"]
    merged = [r for s in book.worksheets for r in s.merged_cells.ranges]
    assert merged and all(r.size != {"columns": 1, "rows": 1} for r in merged)
    book = _open(render_workbook(build_workbook(small, year=2026)))  # no periods yet
    sheet = book[book.sheetnames[4]]
    assert _headings(sheet)[10:] == [
        "INSTANSI PENANGGUNG JAWAB",
        "PROGRAM",
        "REALISASI TAHUN 2026",
        "CAPAIAN",
        "KATEGORI",
        "STATUS",
    ]


def test_print_setup_fits_the_page_width_and_rows_fit_their_wrapped_text(small: Plan) -> None:
    book = _open(render_workbook(build_workbook(small, year=2023)))
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert setup.fitToWidth == 1
        assert setup.fitToHeight == (1 if sheet.title == "Ringkasan" else 0)
        assert sheet.page_margins.left < 0.75  # narrower than Excel's default
    sheet = book[book.sheetnames[4]]
    assert sheet.print_title_rows == "$4:$5"
    for row in range(4, sheet.max_row + 1):
        height = sheet.row_dimensions[row].height
        assert height is not None and height >= 15
        for cell in sheet[row]:
            if isinstance(cell.value, str) and cell.coordinate not in sheet.merged_cells:
                width = sheet.column_dimensions[cell.column_letter].width
                assert height >= text_lines(cell.value, width) * 13


def test_text_lines_wraps_whole_words() -> None:
    assert text_lines("Prevalensi stunting", 30) == 1
    assert text_lines("Prevalensi stunting", 12) == 2
    assert text_lines("Jumlah UPTD Puskesmas mampu melakukan deteksi dini kesehatan jiwa", 28) == 3
    assert text_lines("satu\ndua", 30) == 2


def test_sheet_names_of_the_cilegon_clusters_are_whole_words(cilegon_plan: Plan) -> None:
    data = build_workbook(cilegon_plan, year=2025)
    names = _open(render_workbook(data)).sheetnames
    assert names == CILEGON_SHEETS
    for name, sheet in zip(names[1:], data.sheets, strict=True):
        title = sheet.title.replace(":", "").replace(",", "").split()
        assert name.split() == title[: len(name.split())]  # whole words, from the start
        assert name.split()[-1].lower() not in ("dan", "serta", "atau")  # no phrase cut
        assert len(name) <= 31


_WORD = st.sampled_from(["Klaster", "I", "IV:", "dan", "serta", "Hak", "Sipil,", "Anak"]) | st.text(
    st.sampled_from(list("abcdefghijklmnopqrstuvwxyzKI:,/[]*?'")), min_size=1, max_size=40
)
_TITLES = st.lists(st.lists(_WORD, max_size=12).map(" ".join), min_size=1, max_size=8)


@given(_TITLES)
@example(["Klaster " + "x" * 30 + " dan y"])  # a long second word: not "Klaster xxx…" cut
def test_sheet_names_are_unique_whole_words_within_excels_limit(titles: list[str]) -> None:
    used = {"ringkasan"}
    names = [sheet_title(t, used) for t in titles]
    assert len({n.lower() for n in names}) == len(names)
    for title, name in zip(titles, names, strict=True):
        assert 0 < len(name) <= 31
        assert not set(name) & set("[]:*?/\\") and not name.startswith("'")
        words = re.sub(r"[\[\]:*?/\\']", " ", title).split()
        own = re.sub(r" \(\d+\)$", "", name).split()
        if words and len(words[0]) <= 31 and own != ["Klaster"]:
            assert own[:-1] == words[: len(own) - 1]  # whole words from the start,
            last = words[len(own) - 1]
            assert own[-1] in (last, last.rstrip(","))  # less a comma ending a phrase


def _libreoffice(
    soffice: str, source: Path, target: str, outdir: Path
) -> subprocess.CompletedProcess[str]:
    """Convert with LibreOffice in an Indonesian locale, as a user in Indonesia opens it."""
    environment = {**os.environ, "LANG": "id_ID.UTF-8", "LC_ALL": "id_ID.UTF-8"}
    return subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(outdir / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env=environment,
    )


def _indonesian(value: Decimal, places: int | None = None) -> str:
    if places is None:
        places = max(0, -int(value.normalize().as_tuple().exponent))
    return f"{value:,.{places}f}".translate(str.maketrans({",": ".", ".": ","}))


def test_libreoffice_shows_indonesian_numbers_and_sums_a_realization_column(
    cilegon_demo: Plan, soffice: str, tmp_path: Path
) -> None:
    engine = plan_achievement(cilegon_demo, 2025)
    book = _open(render_workbook(build_workbook(cilegon_demo, year=2025)))
    sheet = book["Klaster IV Pendidikan"]
    column = len(_headings(sheet)) - 3  # the year's realization
    cells = [sheet.cell(row=r, column=column) for r in range(6, sheet.max_row + 1)]
    numbers = [c.value for c in cells if c.data_type == "n" and c.value is not None]
    assert len(numbers) > 20 and not [c for c in cells if c.data_type == "s"]
    letter = cells[0].column_letter
    below = sheet.max_row + 2
    total = sheet.cell(row=below, column=column, value=f"=SUM({letter}6:{letter}{below - 2})")
    total.number_format = "#,##0.####"
    source = tmp_path / "pemantauan.xlsx"
    book.save(source)
    done = _libreoffice(
        soffice,
        source,
        "csv:Text - txt - csv (StarCalc):59,34,76,1,,1057,false,true,true,false,false,-1",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "pemantauan-Klaster IV Pendidikan.csv", encoding="utf-8") as handle:
        shown = list(csv.reader(handle, delimiter=";"))
    cluster = next(g for g in engine.clusters if g.key == "IV")
    expected = sum(
        (m.value.number for m in cluster.measures if m.value and m.value.number), Decimal(0)
    )
    assert shown[below - 1][column - 1] == _indonesian(expected)
    for m, line in zip(cluster.measures, shown[5:], strict=False):
        assert line[3] == m.name
        if m.value is not None and m.value.number is not None:
            assert line[column - 1] == _indonesian(m.value.number)  # e.g. 1.192 and 70,3
        if m.score.capaian is not None:
            assert line[column] == f"{_indonesian(m.score.capaian, 2)}%"  # 75,00%


def _page_words(page) -> list[dict]:  # type: ignore[no-untyped-def]
    # Lines at this scale are 5 points apart: tolerances under that keep them apart.
    return page.extract_words(x_tolerance=1, y_tolerance=1)


def test_libreoffice_prints_the_summary_on_one_page_and_shows_every_wrapped_line(
    cilegon_demo: Plan, soffice: str, tmp_path: Path
) -> None:
    data = build_workbook(cilegon_demo, year=2025)
    source = tmp_path / "pemantauan.xlsx"
    source.write_bytes(render_workbook(data))
    done = _libreoffice(soffice, source, "pdf", tmp_path)
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(tmp_path / "pemantauan.pdf") as pdf:
        pages = [_page_words(page) for page in pdf.pages]
    texts = [" ".join(w["text"] for w in words) for words in pages]
    assert "Seluruh rencana" in texts[0] and "RENCANA AKSI" not in texts[0]
    assert texts[1].startswith(f"{data.title} — {data.sheets[0].title}")
    assert len(pages) > len(data.sheets) + 1  # the larger clusters run over two pages
    assert not [t for t in texts if "###" in t]  # no column too narrow for its number
    # Each cell of the UKURAN column, between the borders LibreOffice draws, holds its whole
    # measure: a row too short would leave its last line below its border, hidden.
    expected = [row.measure.replace(" ", "") for sheet in data.sheets for row in sheet.rows]
    with pdfplumber.open(tmp_path / "pemantauan.pdf") as pdf:
        cells = [cell for page in pdf.pages[1:] for cell in _column_cells(page, "UKURAN")]
    assert cells == expected


def _column_cells(page, heading: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of each cell below ``heading``, spaces left out, split at the row borders.

    Text below the table's last border comes last, as one more cell.
    """
    words = _page_words(page)
    head = next(w for w in words if w["text"] == heading)
    middle = (head["x0"] + head["x1"]) / 2
    left = max(e["x0"] for e in page.vertical_edges if e["x0"] < head["x0"])
    right = min(e["x0"] for e in page.vertical_edges if e["x0"] > head["x1"])
    borders: list[float] = []
    for edge in sorted(page.horizontal_edges, key=lambda e: e["top"]):
        crosses = edge["x0"] <= middle <= edge["x1"] and edge["top"] > head["bottom"]
        if crosses and (not borders or edge["top"] - borders[-1] > 0.5):
            borders.append(edge["top"])
    cells: list[list[dict]] = [[] for _ in borders]
    for word in words:
        if left < word["x0"] < right and word["top"] > head["bottom"]:
            cells[bisect.bisect(borders, (word["top"] + word["bottom"]) / 2) - 1].append(word)
    # LibreOffice may break a line after a hyphen ("(5-"), so spaces do not count.
    texts = [
        "".join(w["text"] for w in sorted(cell, key=lambda w: (round(w["top"]), w["x0"])))
        for cell in cells
    ]
    return texts[:-1] + texts[-1:] * bool(texts[-1])
