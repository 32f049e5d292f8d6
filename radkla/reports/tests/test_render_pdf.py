"""The PDF renderer: a hand-built report with every block kind, read back with pypdf."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from matplotlib.figure import Figure as MplFigure
from pypdf import PdfReader

from radkla.reports.document import (
    Bullets,
    Cover,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    Table,
)
from radkla.reports.render_pdf import render_pdf

INDONESIAN = "Capaian klaster Perlindungan Khusus: 82,35% (tinggi)"
HEADINGS = ("Pendahuluan", "Capaian per Klaster", "Rincian Indikator", "Penutup")
TABLE_HEADER = "Nama Indikator Terperinci"


def _png() -> bytes:
    fig = MplFigure(figsize=(6, 3))
    ax = fig.add_subplot()
    ax.bar(["I", "II", "III", "IV", "V"], [70, 82.35, 64, 91, 55])
    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    return buffer.getvalue()


def _report(*, table_of_contents: bool = True) -> Report:
    categories = ("sangat tinggi", "tinggi", "sedang", "rendah", "sangat rendah")
    rows = tuple(
        (
            str(i + 1),
            f"Indikator nomor {i + 1} tentang pemenuhan hak anak yang cukup panjang agar "
            "sel tabel harus dibungkus menjadi beberapa baris",
            f"{50 + i % 50},00%",
            categories[i % 5],
        )
        for i in range(120)
    )
    return Report(
        cover=Cover(
            title="Laporan Pengembangan Kabupaten/Kota Layak Anak",
            region="Kota Cilegon",
            subtitle="Tahun 2025",
            legal_basis="Peraturan Menteri PPPA Nomor 12 Tahun 2022",
            date_text="29 November 2026",
            note="Disusun dari data terverifikasi radkla.",
        ),
        blocks=(
            Heading(HEADINGS[0]),
            Paragraph("Laporan ini merangkum capaian pengembangan KLA.", style="lead"),
            Paragraph(INDONESIAN),
            Paragraph("Teks pengguna: <b> & </b>", style="note"),
            Heading(HEADINGS[1], level=2),
            Bullets(("Klaster I: hak sipil dan kebebasan", "Klaster V: perlindungan khusus")),
            Figure(title="Gambar 1. Capaian per klaster", png=_png(), width_cm=14),
            PageBreak(),
            Heading(HEADINGS[2], level=2),
            Table(
                title="Tabel 1. Capaian indikator",
                columns=("No", TABLE_HEADER, "Capaian", "Kategori"),
                rows=rows,
                category_column=3,
                widths=(1, 8, 2, 3),
            ),
            Heading(HEADINGS[3]),
            Paragraph("Demikian laporan ini disusun."),
        ),
        table_of_contents=table_of_contents,
    )


@pytest.fixture(scope="module")
def pdf() -> PdfReader:
    data = render_pdf(_report())
    assert data.startswith(b"%PDF-")
    return PdfReader(BytesIO(data))


def _texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def _fonts(reader: PdfReader) -> list[Any]:
    return [
        ref.get_object()
        for page in reader.pages
        for ref in page["/Resources"].get_object().get("/Font", {}).values()
    ]


def test_it_spans_several_pages(pdf: PdfReader) -> None:
    assert len(pdf.pages) > 3


def test_it_has_cover_toc_and_headings(pdf: PdfReader) -> None:
    texts = _texts(pdf)
    cover = " ".join(texts[0].split())  # the long title wraps over two lines
    assert "Laporan Pengembangan Kabupaten/Kota Layak Anak" in cover
    assert "Kota Cilegon" in texts[0]
    assert "Daftar Isi" in texts[1]
    everything = "\n".join(texts)
    for heading in HEADINGS:
        assert heading in texts[1]  # listed in the table of contents
        assert everything.count(heading) >= 2  # and printed in the body


def test_it_renders_indonesian_text_without_missing_glyphs(pdf: PdfReader) -> None:
    assert INDONESIAN in "\n".join(_texts(pdf))


def test_it_repeats_the_table_header_on_every_table_page(pdf: PdfReader) -> None:
    pages_with_header = [i for i, text in enumerate(_texts(pdf)) if TABLE_HEADER in text]
    assert len(pages_with_header) >= 2
    assert "Tabel 1. Capaian indikator" in "\n".join(_texts(pdf))


def test_it_puts_a_footer_on_every_page_but_the_cover(pdf: PdfReader) -> None:
    texts = _texts(pdf)
    assert "Halaman" not in texts[0]
    assert "Halaman 2" in texts[1]
    for number, text in enumerate(texts[1:], start=2):
        assert f"Halaman {number}" in text
        assert "Kota Cilegon · Tahun 2025" in text


def test_it_embeds_dejavu_and_no_standard_font(pdf: PdfReader) -> None:
    fonts = _fonts(pdf)
    names = {str(font["/BaseFont"]) for font in fonts}
    assert names
    assert all("DejaVu" in name for name in names), names
    assert not any("Helvetica" in name for name in names)
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # the TrueType program is embedded


def test_it_embeds_one_image(pdf: PdfReader) -> None:
    images = []
    for page in pdf.pages:
        xobjects = page["/Resources"].get_object().get("/XObject", {})
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj["/Subtype"] == "/Image":
                images.append(obj)
    assert len(images) == 1
    assert "Gambar 1. Capaian per klaster" in "\n".join(_texts(pdf))


def test_it_prints_markup_in_user_text_literally(pdf: PdfReader) -> None:
    assert "Teks pengguna: <b> & </b>" in "\n".join(_texts(pdf))


def test_it_lists_headings_in_the_outline(pdf: PdfReader) -> None:
    def titles(outline: list[Any]) -> list[str]:
        out: list[str] = []
        for item in outline:
            out.extend(titles(item) if isinstance(item, list) else [str(item.title)])
        return out

    assert titles(pdf.outline) == list(HEADINGS)


def test_it_can_leave_out_the_table_of_contents() -> None:
    reader = PdfReader(BytesIO(render_pdf(_report(table_of_contents=False))))
    texts = _texts(reader)
    assert "Daftar Isi" not in "\n".join(texts)
    assert HEADINGS[0] in texts[1]
    assert "Halaman 2" in texts[1]


def test_it_rejects_a_ragged_table() -> None:
    report = Report(
        cover=Cover("Judul", "Kota Cilegon", "Tahun 2025", "Dasar hukum", "1 Januari 2026"),
        blocks=(Table(title="T", columns=("A", "B"), rows=(("1",),)),),
    )
    with pytest.raises(ValueError, match="cells"):
        render_pdf(report)
