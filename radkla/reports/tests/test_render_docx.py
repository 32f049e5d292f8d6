"""The Word renderer: a hand-built report goes in, python-docx reads the file back. No DB."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from matplotlib.figure import Figure as MplFigure

from radkla.reports.document import (
    CATEGORY_COLOURS,
    Bullets,
    Cover,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    Table,
)
from radkla.reports.render_docx import TOC_PLACEHOLDER, render_docx

INDONESIAN = (
    "Capaian klaster Perlindungan Khusus: 82,35% (tinggi); hambatan: data kelurahan terlambat."
)

COVER = Cover(
    title="Laporan Pengembangan Kabupaten/Kota Layak Anak",
    region="Kota Cilegon",
    subtitle="Caturwulan II 2025",
    legal_basis="Peraturan Menteri PPPA Nomor 12 Tahun 2022",
    date_text="29 November 2026",
    note="Disusun dari data terverifikasi radkla.",
)

TABLE = Table(
    title="Tabel 1. Capaian per klaster",
    columns=("Klaster", "Capaian", "Kategori"),
    rows=(
        ("Hak Sipil dan Kebebasan", "91,20%", "Sangat Tinggi"),
        ("Lingkungan Keluarga", "64,00%", "sedang"),
        ("Perlindungan Khusus", "12,50%", "sangat rendah"),
    ),
    category_column=2,
    widths=(3, 1, 1),
)


def _png() -> bytes:
    figure = MplFigure(figsize=(4, 3))
    axes = figure.add_subplot()
    axes.bar(["I", "II", "III"], [82.35, 64.0, 12.5], color="#53B27A")
    out = BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _report(*, toc: bool = True) -> Report:
    return Report(
        cover=COVER,
        table_of_contents=toc,
        blocks=(
            Heading("Bab I Pendahuluan", level=1),
            Paragraph("Ringkasan capaian kota.", style="lead"),
            Paragraph(INDONESIAN),
            Paragraph("Sumber: data terverifikasi.", style="note"),
            Bullets(items=("Kelembagaan", "Hak Sipil dan Kebebasan")),
            Heading("1.1 Capaian per Klaster", level=2),
            TABLE,
            Figure(title="Gambar 1. Capaian per klaster", png=_png(), width_cm=12),
            PageBreak(),
            Heading("Bab II Penutup", level=1),
        ),
    )


@pytest.fixture(scope="module")
def rendered() -> docx.document.Document:
    data = render_docx(_report())
    assert data[:2] == b"PK"
    return docx.Document(BytesIO(data))


def _by_text(document: docx.document.Document, text: str) -> docx.text.paragraph.Paragraph:
    return next(p for p in document.paragraphs if p.text == text)


def test_it_uses_a4_portrait_with_2_5_cm_margins(rendered: docx.document.Document) -> None:
    section = rendered.sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    for margin in (section.left_margin, section.right_margin, section.top_margin):
        assert round(margin.cm, 2) == 2.5
    assert round(section.bottom_margin.cm, 2) == 2.5


def test_it_sets_the_normal_font_to_calibri_11(rendered: docx.document.Document) -> None:
    normal = rendered.styles["Normal"]
    assert normal.font.name == "Calibri"
    assert normal.font.size == Pt(11)
    heading_fonts = rendered.styles["Heading 1"].element.rPr.rFonts
    assert heading_fonts.get(qn("w:ascii")) == "Calibri"
    assert heading_fonts.get(qn("w:asciiTheme")) is None


def test_it_puts_the_cover_first_with_title_style(rendered: docx.document.Document) -> None:
    first = rendered.paragraphs[0]
    assert first.text == COVER.title
    assert first.style.name == "Title"
    texts = [p.text for p in rendered.paragraphs[:8]]
    for part in (COVER.region, COVER.subtitle, COVER.legal_basis, COVER.date_text, COVER.note):
        assert part in texts


def test_it_uses_heading_styles_in_order(rendered: docx.document.Document) -> None:
    headings = [
        (p.style.name, p.text) for p in rendered.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Bab I Pendahuluan"),
        ("Heading 2", "1.1 Capaian per Klaster"),
        ("Heading 1", "Bab II Penutup"),
    ]


def test_it_writes_a_real_toc_field(rendered: docx.document.Document) -> None:
    xml = rendered.element.xml
    assert 'TOC \\o "1-2" \\h \\z \\u' in xml
    assert "Daftar Isi" in [p.text for p in rendered.paragraphs]
    toc = _by_text(rendered, TOC_PLACEHOLDER)
    kinds = [el.get(qn("w:fldCharType")) for el in toc._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]


def test_it_asks_word_to_update_fields_on_open(rendered: docx.document.Document) -> None:
    update = rendered.settings.element.find(qn("w:updateFields"))
    assert update is not None
    assert update.get(qn("w:val")) == "true"


def test_it_leaves_out_the_toc_when_not_asked() -> None:
    document = docx.Document(BytesIO(render_docx(_report(toc=False))))
    assert "TOC \\o" not in document.element.xml
    assert "Daftar Isi" not in [p.text for p in document.paragraphs]


def test_it_renders_the_table_with_header_and_rows(rendered: docx.document.Document) -> None:
    assert len(rendered.tables) == 1
    table = rendered.tables[0]
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells == [list(TABLE.columns), *(list(row) for row in TABLE.rows)]
    assert table.style.name == "Table Grid"
    title = _by_text(rendered, TABLE.title)
    assert all(run.bold for run in title.runs)


def test_it_repeats_the_header_row_and_bolds_it(rendered: docx.document.Document) -> None:
    rows = rendered.tables[0].rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    for cell in rows[0].cells:
        assert all(run.bold for run in cell.paragraphs[0].runs)
    assert all(
        run.font.size == Pt(9)
        for row in rows
        for cell in row.cells
        for run in cell.paragraphs[0].runs
    )


def _fill(cell: docx.table._Cell) -> str | None:
    shd = cell._tc.tcPr.find(qn("w:shd"))
    return None if shd is None else shd.get(qn("w:fill"))


def test_it_shades_category_cells(rendered: docx.document.Document) -> None:
    rows = rendered.tables[0].rows
    assert _fill(rows[1].cells[2]) == CATEGORY_COLOURS["sangat tinggi"]
    assert _fill(rows[2].cells[2]) == CATEGORY_COLOURS["sedang"]
    assert _fill(rows[3].cells[2]) == CATEGORY_COLOURS["sangat rendah"]
    assert _fill(rows[1].cells[0]) is None
    dark = rows[1].cells[2].paragraphs[0].runs[0]
    assert dark.bold and str(dark.font.color.rgb) == "FFFFFF"
    light = rows[2].cells[2].paragraphs[0].runs[0]
    assert not light.bold and str(light.font.color.rgb) != "FFFFFF"


def test_it_applies_relative_widths_over_16_cm(rendered: docx.document.Document) -> None:
    widths = [column.width for column in rendered.tables[0].columns]
    assert [round(w.cm, 1) for w in widths] == [9.6, 3.2, 3.2]
    assert round(sum(w.cm for w in widths), 1) == 16.0


def test_it_inserts_the_figure_with_its_width_and_caption(
    rendered: docx.document.Document,
) -> None:
    assert len(rendered.inline_shapes) == 1
    assert abs(rendered.inline_shapes[0].width - Cm(12)) < Cm(0.01)
    caption = _by_text(rendered, "Gambar 1. Capaian per klaster")
    assert caption.style.name == "Caption"


def test_it_caps_figures_to_the_text_width() -> None:
    report = Report(cover=COVER, blocks=(Figure(title="Lebar", png=_png(), width_cm=30),))
    document = docx.Document(BytesIO(render_docx(report)))
    assert abs(document.inline_shapes[0].width - Cm(16)) < Cm(0.01)


def test_it_keeps_indonesian_text_exactly(rendered: docx.document.Document) -> None:
    assert INDONESIAN in [p.text for p in rendered.paragraphs]


def test_it_styles_lead_and_note_paragraphs(rendered: docx.document.Document) -> None:
    lead = _by_text(rendered, "Ringkasan capaian kota.")
    assert lead.style.name == "Normal"
    assert lead.runs[0].font.size == Pt(12)
    note = _by_text(rendered, "Sumber: data terverifikasi.")
    assert note.runs[0].font.size == Pt(9)
    assert note.runs[0].italic


def test_it_uses_list_bullet_for_bullets(rendered: docx.document.Document) -> None:
    bullets = [p.text for p in rendered.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["Kelembagaan", "Hak Sipil dan Kebebasan"]


def test_it_breaks_pages_after_cover_toc_and_on_request(
    rendered: docx.document.Document,
) -> None:
    breaks = rendered.element.body.xpath('.//w:br[@w:type="page"]')
    assert len(breaks) == 3  # cover, table of contents, the PageBreak block


def test_it_numbers_pages_in_the_footer(rendered: docx.document.Document) -> None:
    footer = rendered.sections[0].footer
    xml = footer._element.xml
    assert "PAGE" in "".join(t.text for t in footer._element.iter(qn("w:instrText")))
    assert "Kota Cilegon · Caturwulan II 2025" in xml
    assert rendered.sections[0].different_first_page_header_footer


def test_it_drops_characters_xml_cannot_hold() -> None:
    report = Report(
        cover=COVER, blocks=(Paragraph("bel\x07 dan\x00 nol"),), table_of_contents=False
    )
    document = docx.Document(BytesIO(render_docx(report)))
    assert "bel dan nol" in [p.text for p in document.paragraphs]
