"""The Word renderer: the layout's pages written as Word paragraphs and tables. No DB."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn

from radkla.reports.document import CATEGORY_COLOURS, MISSED_THRESHOLD_COLOUR, Table
from radkla.reports.layout import paginate
from radkla.reports.render_docx import render_docx
from radkla.reports.tests.sample import CHAPTERS, sample_report

Document = docx.document.Document


@pytest.fixture(scope="module")
def rendered() -> Document:
    data = render_docx(sample_report())
    assert data[:2] == b"PK"
    return docx.Document(BytesIO(data))


def test_the_properties_name_the_task_force_now_in_indonesian(rendered: Document) -> None:
    props = rendered.core_properties
    assert props.title == "Laporan pengembangan kabupaten/kota layak anak Kota Cilegon Tahun 2025"
    assert props.author == "Gugus Tugas KLA Kota Cilegon"
    assert props.language == "id-ID"
    created = props.created
    assert created is not None
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert abs(created.replace(tzinfo=None) - now) < dt.timedelta(minutes=5)
    lang = rendered.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    assert lang is not None and lang.get(qn("w:val")) == "id-ID"


def test_the_daftar_isi_is_plain_text_with_the_layouts_page_numbers(rendered: Document) -> None:
    xml = rendered.element.xml
    assert "TOC \\o" not in xml and "Update Field" not in xml
    assert "w:updateFields" not in rendered.settings.element.xml
    report = sample_report()
    layout = paginate(report)
    said = {}
    for paragraph in rendered.paragraphs:
        text, _tab, page = paragraph.text.rpartition("\t")
        if page.isdigit():
            said[text] = int(page)
    for index, block in enumerate(report.blocks):
        title = getattr(block, "text", None) or getattr(block, "title", None)
        if title in CHAPTERS:
            assert said[title] == layout.page_of(index)
    entry = next(p for p in rendered.paragraphs if p.text.startswith("BAB I PENDAHULUAN\t"))
    tab = entry._p.find(f".//{qn('w:tab')}[@{qn('w:leader')}]")
    assert tab is not None and tab.get(qn("w:leader")) == "dot"


def test_a_page_starts_where_the_layout_starts_one(rendered: Document) -> None:
    layout = paginate(sample_report())
    body = rendered.element.body
    breaks = len(body.findall(f".//{qn('w:pageBreakBefore')}"))
    sections = len(body.findall(f".//{qn('w:pPr')}/{qn('w:sectPr')}"))
    assert breaks + sections == len(layout.pages) - 1
    orientations = [s.orientation for s in rendered.sections]
    assert [int(o) for o in orientations] == [0, 1, 0]  # portrait, landscape, portrait
    assert rendered.sections[0].different_first_page_header_footer  # the cover's empty footer


def test_headings_keep_words_styles(rendered: Document) -> None:
    ones = [p.text for p in rendered.paragraphs if p.style.name == "Heading 1"]
    assert [t for t in ones if t in CHAPTERS] == list(CHAPTERS)
    assert "1.1 Latar Belakang" in [
        p.text for p in rendered.paragraphs if p.style.name == "Heading 2"
    ]


def test_tables_have_fixed_widths_on_every_cell(rendered: Document) -> None:
    report = sample_report()
    layout = paginate(report)
    index = next(i for i, b in enumerate(report.blocks) if isinstance(b, Table))
    expected = [int(w * 20) for w in layout.widths[index]]
    for table in rendered.tables:
        tbl_pr = table._tbl.tblPr
        assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert grid == expected
        for row in table._tbl.tr_lst:
            for tc in row.tc_lst:
                assert tc.tcPr.find(qn("w:tcW")) is not None
    assert len(rendered.tables) >= 3  # the long table, continued on later pages


def test_every_piece_of_a_table_repeats_its_header_and_shades_categories(
    rendered: Document,
) -> None:
    for table in rendered.tables:
        header = table.rows[0]
        assert [c.text for c in header.cells] == ["No", "Ukuran", "Instansi", "Capaian", "Kategori"]
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    first = rendered.tables[0]
    row = next(r for r in first.rows if r.cells[0].text == "1")
    shd = row.cells[4]._tc.tcPr.find(qn("w:shd"))
    # A missed threshold is shaded amber whatever category it reads: never green.
    assert shd.get(qn("w:fill")) == MISSED_THRESHOLD_COLOUR != CATEGORY_COLOURS["sangat tinggi"]
    assert row.cells[4].text == "sangat tinggi\nbelum tercapai"
    group = first.rows[1]
    assert group.cells[0].text == "Indikator 1. Peraturan daerah"
    assert group._tr.tc_lst[0].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "5"


def test_the_signature_has_the_name_and_nip_or_a_line_to_fill(rendered: Document) -> None:
    texts = [p.text for p in rendered.paragraphs]
    name = texts.index("Dr. Hj. Siti Aminah, M.Si.")
    assert texts[name + 1] == "NIP 197001011995032001"
    assert "(" + "." * 40 + ")" in texts and "None" not in " ".join(texts)


def test_the_cover_carries_the_logo_and_every_figure_its_picture(rendered: Document) -> None:
    assert len(rendered.inline_shapes) == 2
    texts = [p.text for p in rendered.paragraphs[:8]]
    assert "PEMERINTAH KOTA CILEGON" in texts and "Kota Cilegon" in texts
