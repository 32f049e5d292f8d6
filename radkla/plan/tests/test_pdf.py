"""Importing the regulation from a digital PDF, as reportlab and LibreOffice make them.

The PDFs are built from the shipped seed: its prose before the table becomes the
title pages, and its appendix, read by the text import, becomes a table of one
row per measure. Every measure read back from the PDF is compared field by field
with the text import.
"""

from __future__ import annotations

import dataclasses
import io
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from radkla.plan.models import Indicator, Measure, Plan, Target
from radkla.plan.parsers.appendix import ParsedMeasure
from radkla.plan.parsers.pdf import _HYPHEN_PREFIXES as HYPHEN_PREFIXES
from radkla.plan.parsers.pdf import _extract as extract_cells
from radkla.plan.parsers.pdf import _parse as read_pdf
from radkla.plan.parsers.pdf import join_lines, normalise
from radkla.plan.parsers.pdfium_objects import PDFIUM_LOCK, Obj, UnsupportedPage, page_objects
from radkla.plan.parsers.pdfium_objects import _compose as compose
from radkla.plan.parsers.pdfium_objects import _is_rect as is_rect
from radkla.plan.parsers.perwal import ParsedRegulation, parse_regulation
from radkla.plan.services import PlanImportError, import_plan, read_plan_file
from radkla.plan.tests.pdf_builders import (
    Row,
    appendix_rows,
    docx_for_libreoffice,
    libreoffice_pdf,
    reportlab_pdf,
)
from radkla.plan.tests.test_import import table_counts


@pytest.fixture(scope="session")
def text_import(seed_bytes: bytes) -> ParsedRegulation:
    return parse_regulation(seed_bytes, "perwal.txt")


@pytest.fixture(scope="session")
def reportlab_bytes(text_import: ParsedRegulation, seed_bytes: bytes) -> bytes:
    return reportlab_pdf(text_import.table, seed_bytes.decode())


@pytest.fixture(scope="session")
def reportlab_import(reportlab_bytes: bytes) -> ParsedRegulation:
    return read_plan_file(reportlab_bytes, "perwal-7-2023.pdf")


@pytest.fixture(scope="session")
def libreoffice_import(
    text_import: ParsedRegulation, seed_bytes: bytes, soffice: str
) -> ParsedRegulation:
    docx = docx_for_libreoffice(text_import.table, seed_bytes.decode())
    return read_plan_file(libreoffice_pdf(docx, soffice), "perwal-7-2023.pdf")


@pytest.fixture(scope="session")
def small_table(text_import: ParsedRegulation) -> ParsedRegulation:
    """The seed cut to its first three indicators: a PDF that reads in a moment."""
    table = text_import.table
    measures = tuple(m for m in table.measures if m.indicator_no <= 3)
    return dataclasses.replace(text_import, table=dataclasses.replace(table, measures=measures))


def fields(m: ParsedMeasure) -> dict[str, object]:
    return {
        "cluster": m.cluster_code,
        "indicator_no": m.indicator_no,
        "indicator_sub": m.indicator_sub,
        "indicator": m.indicator,
        "action": m.action,
        "measure": m.measure,
        "unit": m.unit,
        "baseline": m.baseline.raw,
        "targets": [(year, cell.raw) for year, cell in m.targets],
        "agency": m.agency_raw,
        "program": m.program,
    }


def differences(expected: ParsedRegulation, got: ParsedRegulation) -> list[str]:
    """Each measure that differs, with the fields that differ."""
    found = []
    for index, (want, have) in enumerate(
        zip(expected.table.measures, got.table.measures, strict=True)
    ):
        a, b = fields(want), fields(have)
        wrong = {key: (a[key], b[key]) for key in a if a[key] != b[key]}
        if wrong:
            found.append(f"measure {index + 1} ({have.location}): {wrong}")
    return found


def assert_same_plan(expected: ParsedRegulation, got: ParsedRegulation) -> None:
    assert got.facts == expected.facts
    assert got.baseline_year == expected.baseline_year == 2022
    assert got.table.years == (2023, 2024, 2025, 2026)
    assert len(got.table.measures) == len(expected.table.measures) == 195
    wrong = differences(expected, got)
    assert len(wrong) <= 1, "\n".join(wrong)
    assert got.table.measures_per_cluster() == expected.table.measures_per_cluster()


def test_it_reads_a_reportlab_pdf_as_the_text_import_reads_the_regulation(
    text_import: ParsedRegulation, reportlab_import: ParsedRegulation
) -> None:
    assert_same_plan(text_import, reportlab_import)
    # Page numbers and the running header stay out of the table.
    for m in reportlab_import.table.measures:
        text = " ".join(str(v) for v in fields(m).values())
        assert "SALINAN" not in text
        assert " - " + m.location.split()[1] + " -" not in text
    assert reportlab_import.table.measures[0].location.startswith("halaman ")


def test_a_row_the_page_cuts_without_a_rule_stays_whole(
    text_import: ParsedRegulation, seed_bytes: bytes
) -> None:
    # Tall rows: reportlab splits several across pages and draws no rule at the cut
    # (one of them with a repeated header in mid-page); pdfplumber alone drops such rows.
    pdf = reportlab_pdf(text_import.table, seed_bytes.decode(), padding=19)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 28
    assert_same_plan(text_import, read_plan_file(pdf, "perwal-panjang.pdf"))


def test_it_reads_a_word_table_saved_as_pdf_by_libreoffice(
    text_import: ParsedRegulation, libreoffice_import: ParsedRegulation
) -> None:
    # Merged indicator and action cells, a row split across pages, the repeated
    # header (whose clipped last line LibreOffice leaves in the page), page numbers.
    assert_same_plan(text_import, libreoffice_import)
    agencies = {m.agency_raw for m in libreoffice_import.table.measures}
    assert not any("JAWAB" in agency for agency in agencies)


def test_it_imports_the_pdf_into_the_database(db: None, reportlab_import: ParsedRegulation) -> None:
    result = import_plan(parsed=reportlab_import, actor=None)
    plan = result.plan
    assert result.created
    assert plan.legal_basis == "Peraturan Wali Kota Cilegon Nomor 7 Tahun 2023"
    assert (plan.start_year, plan.end_year, plan.baseline_year) == (2023, 2026, 2022)
    assert Indicator.objects.filter(plan=plan).count() == 28
    assert plan.actions.count() == 177
    assert Measure.objects.filter(plan=plan).count() == 195
    assert Target.objects.filter(measure__plan=plan).count() == 195 * 4
    again = import_plan(parsed=reportlab_import, actor=None)
    assert not again.created and Plan.objects.count() == 1


def test_the_command_recognises_a_pdf_by_its_content(
    db: None, small_table: ParsedRegulation, seed_bytes: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "unduhan"  # no suffix: the %PDF- header decides
    path.write_bytes(reportlab_pdf(small_table.table, seed_bytes.decode()))
    call_command("plan", "import", str(path))
    plan = Plan.objects.get()
    assert plan.legal_basis == "Peraturan Wali Kota Cilegon Nomor 7 Tahun 2023"
    assert Measure.objects.filter(plan=plan).count() == len(small_table.table.measures) == 15


def test_a_scanned_page_gets_a_message_asking_for_ocr(
    small_table: ParsedRegulation, seed_bytes: bytes
) -> None:
    pdf = reportlab_pdf(small_table.table, seed_bytes.decode(), title_lines=20, scanned_page=True)
    with pytest.raises(PlanImportError) as caught:
        read_plan_file(pdf, "pindaian.pdf")
    message = str(caught.value)
    assert message.startswith("pindaian.pdf: halaman 2 tidak memuat teks")
    assert "ocrmypdf" in message and "impor lagi" in message
    assert "\n" not in message


def test_a_scan_under_a_text_watermark_is_still_a_scan() -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    scan = Image.new("L", (600, 800), 230)
    for _page in range(2):
        canvas.drawImage(ImageReader(scan), 40, 60, width=520, height=720)
        canvas.drawString(40, 30, "Salinan sesuai dengan aslinya - JDIH Kota Cilegon - diunduh")
        canvas.showPage()
    canvas.save()
    with pytest.raises(PlanImportError, match=r"^scan\.pdf: halaman 1 tidak memuat teks"):
        read_plan_file(out.getvalue(), "scan.pdf")


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("truncated", "bukan PDF yang dapat dibaca"),
        ("noise", "bukan PDF yang dapat dibaca"),
        ("header-only", "bukan PDF yang dapat dibaca"),
        ("password", "terkunci dengan kata sandi"),
    ],
)
def test_a_damaged_or_locked_pdf_is_refused_with_a_sentence(
    db: None,
    small_table: ParsedRegulation,
    seed_bytes: bytes,
    tmp_path: Path,
    damage: str,
    expected: str,
) -> None:
    if damage == "truncated":
        whole = reportlab_pdf(small_table.table, seed_bytes.decode())
        data = whole[: len(whole) // 3]
    elif damage == "noise":
        data = b"%PDF-1.7\n" + bytes(range(256)) * 64
    elif damage == "header-only":
        data = b"%PDF-1.4\n%%EOF\n"
    else:
        data = locked_pdf()
    before = table_counts()
    with pytest.raises(PlanImportError) as caught:
        read_plan_file(data, "rusak.pdf")
    assert str(caught.value).startswith("rusak.pdf: ")
    assert expected in str(caught.value)
    path = tmp_path / "rusak.pdf"
    path.write_bytes(data)
    with pytest.raises(CommandError, match=expected):
        call_command("plan", "import", str(path))
    assert table_counts() == before


def locked_pdf() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, encrypt=StandardEncryption("rahasia"))
    canvas.drawString(72, 720, "PERATURAN WALI KOTA CILEGON NOMOR 7 TAHUN 2023")
    canvas.save()
    return out.getvalue()


def test_a_bad_cell_is_named_by_page_and_row(
    small_table: ParsedRegulation, seed_bytes: bytes
) -> None:
    rows = appendix_rows(small_table.table)
    bad = rows[3]
    rows[3] = Row(("A1", *bad.cells[1:]))
    pdf = reportlab_pdf(small_table.table, seed_bytes.decode(), rows=rows)
    page = next(
        number
        for number, sheet in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1)
        if "A1" in sheet.extract_text().split()
    )
    with pytest.raises(PlanImportError) as caught:
        read_plan_file(pdf, "perwal.pdf")
    # Two header rows and the section row come first on the page: the bad row is the sixth.
    assert str(caught.value) == (
        f'perwal.pdf, halaman {page}, baris 6, kolom No: "A1" bukan nomor indikator.'
    )


# --- cell text -----------------------------------------------------------------

words = st.text(
    alphabet=st.characters(categories=["L", "N"], max_codepoint=0x24F), min_size=1, max_size=12
)


@given(st.lists(words, min_size=1, max_size=12), st.data())
def test_lines_broken_at_spaces_join_back_to_the_text(
    parts: list[str], data: st.DataObject
) -> None:
    text = " ".join(parts)
    breaks = data.draw(st.lists(st.booleans(), min_size=len(parts) - 1, max_size=len(parts) - 1))
    wrapped = parts[0] + "".join(
        ("\n" if wrap else " ") + part for wrap, part in zip(breaks, parts[1:], strict=True)
    )
    assert join_lines(wrapped) == normalise(text)


@given(words, words)
def test_a_word_broken_with_a_soft_hyphen_is_rejoined(head: str, tail: str) -> None:
    assert join_lines(f"{head}\xad\n{tail}") == normalise(head + tail)


@given(st.from_regex(r"[a-z]{4,9}", fullmatch=True), st.from_regex(r"[a-z]{3,9}", fullmatch=True))
def test_a_word_hyphenated_at_a_line_end_is_rejoined(head: str, tail: str) -> None:
    joined = join_lines(f"{head}-\n{tail}")
    # A reduplication (anak-anak, sekurang-kurangnya) and a prefix (non-, anti-) keep it.
    if tail[:3] in head or head in HYPHEN_PREFIXES:
        assert joined == f"{head}-{tail}"
    else:
        assert joined == head + tail


@given(st.text(max_size=60))
def test_a_joined_cell_is_one_clean_line(text: str) -> None:
    joined = join_lines(text)
    assert "\n" not in joined and "\xad" not in joined and "\xa0" not in joined
    assert joined == joined.strip()
    assert "  " not in joined
    assert join_lines(joined) == joined


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        ("penduduk 0-\n17 tahun", "penduduk 0-17 tahun"),
        ("ASN dan Non-\nASN", "ASN dan Non-ASN"),
        ("SMP se-\nkota Cilegon", "SMP se-kota Cilegon"),
        ("bentuk-\nbentuk", "bentuk-bentuk"),
        ("sekurang-\nkurangnya 95%", "sekurang-kurangnya 95%"),
        ("kepemi-\nlikan akta", "kepemilikan akta"),
        ("Cerdas -\nBaznas", "Cerdas - Baznas"),
        ("- FLS2N\n- Bintek lit", "- FLS2N - Bintek lit"),
        ("Pro\ufb01l Anak", "Profil Anak"),
        ("Kota\u00a0Layak  Anak", "Kota Layak Anak"),
    ],
)
def test_cell_lines_join_as_a_reader_would(lines: str, joined: str) -> None:
    assert join_lines(lines) == joined


# --- pdfium's reading of the pages --------------------------------------------


def pdfium_pages(pdf: bytes) -> list[dict[str, list[Obj]]]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page_objects(document[i], 0.0, i + 1) for i in range(len(document))]
    finally:
        document.close()


def test_pdfium_gives_the_characters_and_rules_pdfminer_gives(reportlab_bytes: bytes) -> None:
    # The table finder and the cell text run on these objects: the same characters
    # in the same order, boxes a fraction of a point apart, the same rules.
    fast = pdfium_pages(reportlab_bytes)
    with pdfplumber.open(io.BytesIO(reportlab_bytes)) as pdf:
        assert len(pdf.pages) == len(fast)
        for page, objects in zip(pdf.pages, fast, strict=True):
            chars = page.chars
            assert "".join(c["text"] for c in chars) == "".join(c["text"] for c in objects["char"])
            for want, have in zip(chars, objects["char"], strict=True):
                assert abs(want["x0"] - have["x0"]) < 0.25
                assert abs(want["x1"] - have["x1"]) < 0.25
                middle = (have["top"] + have["bottom"]) / 2
                assert abs((want["top"] + want["bottom"]) / 2 - middle) < 1.0
            for kind in ("line", "rect"):
                want_boxes = sorted(
                    tuple(round(o[k], 1) for k in ("x0", "top", "x1", "bottom"))
                    for o in page.objects.get(kind, [])
                )
                have_boxes = sorted(
                    tuple(round(o[k], 1) for k in ("x0", "top", "x1", "bottom"))
                    for o in objects[kind]
                )
                assert have_boxes == want_boxes


def test_pdfium_and_pdfminer_read_the_same_plan(
    reportlab_bytes: bytes, reportlab_import: ParsedRegulation
) -> None:
    assert reportlab_import == read_pdf(reportlab_bytes, "perwal-7-2023.pdf", fast=False)
    assert reportlab_import == read_pdf(reportlab_bytes, "perwal-7-2023.pdf", fast=True)


def test_a_hyphen_at_a_line_end_or_a_rotated_page_is_left_to_pdfminer() -> None:
    # pdfium gives a line-end hyphen and soft hyphen alike; the cell text needs which.
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 700, "Anak-anak dan bentuk\xad")
    page.drawString(72, 688, "bentuk pekerjaan")
    page.showPage()
    page.setPageRotation(90)
    page.drawString(72, 700, "Halaman yang diputar")
    page.showPage()
    page.setPageRotation(0)
    page.drawString(72, 700, "Anak-anak dan remaja")
    page.save()
    document = pypdfium2.PdfDocument(out.getvalue())
    with pytest.raises(UnsupportedPage, match="hyphen"):
        page_objects(document[0], 0.0, 1)
    with pytest.raises(UnsupportedPage, match="rotated"):
        page_objects(document[1], 0.0, 2)
    text = "".join(c["text"] for c in page_objects(document[2], 0.0, 3)["char"])
    assert text == "Anak-anak dan remaja"
    document.close()


Point = tuple[float, float]
coordinate = st.floats(min_value=-1000, max_value=1000, allow_nan=False).map(lambda v: round(v, 2))
matrices = st.tuples(*[coordinate] * 6)


def apply(m: tuple[float, ...], point: Point) -> Point:
    a, b, c, d, e, f = m
    return (a * point[0] + c * point[1] + e, b * point[0] + d * point[1] + f)


@given(matrices, matrices, st.tuples(coordinate, coordinate))
def test_a_form_inside_a_page_moves_its_paths_as_both_matrices_do(
    inner: tuple[float, ...], outer: tuple[float, ...], point: Point
) -> None:
    both = compose(inner, outer)
    for got, want in zip(apply(both, point), apply(outer, apply(inner, point)), strict=True):
        assert got == pytest.approx(want, rel=1e-9, abs=1e-3)


@given(coordinate, coordinate, coordinate, coordinate, st.booleans(), st.booleans())
def test_a_closed_axis_aligned_path_of_four_corners_is_a_rect(
    x0: float, y0: float, x1: float, y1: float, closed: bool, clockwise: bool
) -> None:
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    if clockwise:
        corners.reverse()
    path = [*corners, corners[0]] if closed else corners
    assert is_rect(path) == (x0 != x1 and y0 != y1)
    slanted = [(x0, y0), (x1 + 1, y0), (x1, y1 + 1), (x0 - 1, y1)]
    assert not is_rect(slanted)


def test_the_quick_cell_extraction_gives_what_pdfplumber_gives(reportlab_bytes: bytes) -> None:
    tables = 0
    with pdfplumber.open(io.BytesIO(reportlab_bytes)) as document:
        for page in document.pages[:8]:
            for table in page.find_tables():
                tables += 1
                assert extract_cells(table) == table.extract()
    assert tables >= 2


def test_pdfium_is_called_by_one_thread_at_a_time(
    small_table: ParsedRegulation, seed_bytes: bytes
) -> None:
    # pdfium is not thread-safe, and the web server reads uploads in several threads:
    # a read waits while another thread holds pdfium, then reads the whole plan.
    pdf = reportlab_pdf(small_table.table, seed_bytes.decode(), title_lines=20)
    alone = read_plan_file(pdf, "perwal.pdf")
    with ThreadPoolExecutor(max_workers=2) as pool:
        with PDFIUM_LOCK:
            waiting = pool.submit(read_plan_file, pdf, "perwal.pdf")
            time.sleep(0.5)
            assert not waiting.done()
        assert waiting.result(timeout=30) == alone
    assert len(alone.table.measures) == 15
