"""The PDF renderer: the layout's pages drawn as they are, read back with pdfplumber and pypdf."""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader

from radkla.reports.document import Cover, Report, Table
from radkla.reports.layout import paginate
from radkla.reports.render_pdf import render_pdf
from radkla.reports.tests.sample import CHAPTERS, INDONESIAN, sample_report


@pytest.fixture(scope="module")
def data() -> bytes:
    pdf = render_pdf(sample_report())
    assert pdf.startswith(b"%PDF-")
    return pdf


@pytest.fixture(scope="module")
def pages(data: bytes) -> list[str]:
    with pdfplumber.open(BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def contents_pages(pages: list[str]) -> dict[str, int]:
    """What the DAFTAR ISI says: each entry's text and its page number."""
    found: dict[str, int] = {}
    for text in pages:
        if "DAFTAR ISI" not in text.split("\n")[0]:
            continue
        for line in text.split("\n")[1:]:
            match = re.match(r"^(.*?)\s*(\d+)$", line)
            if match:
                found[match.group(1).strip()] = int(match.group(2))
    return found


def test_every_chapter_is_on_the_page_the_daftar_isi_says(pages: list[str]) -> None:
    said = contents_pages(pages)
    for chapter in CHAPTERS:
        assert pages[said[chapter] - 1].split("\n")[0] == chapter
    assert said["DAFTAR TABEL"] == said["DAFTAR ISI"] + 1


def test_the_pages_are_the_layouts(data: bytes) -> None:
    layout = paginate(sample_report())
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) == len(layout.pages)
    for page, planned in zip(reader.pages, layout.pages, strict=True):
        landscape = float(page.mediabox.width) > float(page.mediabox.height)
        assert landscape == planned.landscape


def test_the_cover_names_the_government_and_has_no_footer(pages: list[str]) -> None:
    cover = " ".join(pages[0].split())
    assert cover.startswith("PEMERINTAH KOTA CILEGON GUGUS TUGAS KABUPATEN/KOTA LAYAK ANAK")
    assert "LAPORAN PENGEMBANGAN KABUPATEN/KOTA LAYAK ANAK" in cover
    assert "Halaman" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert text.rstrip().endswith(f"Kota Cilegon · Tahun 2025 · Halaman {number}")


def test_a_long_table_repeats_its_header_under_its_number(pages: list[str]) -> None:
    continued = [t for t in pages if t.startswith("Tabel 2.1 (lanjutan)")]
    assert len(continued) >= 3
    assert all("No Ukuran Instansi Capaian Kategori" in t for t in continued)


def test_the_signature_block_names_the_signer_or_leaves_a_line(pages: list[str]) -> None:
    whole = "\n".join(pages)
    assert "Dr. Hj. Siti Aminah, M.Si.\nNIP 197001011995032001" in whole
    assert "(" + "." * 40 + ")" in whole and "None" not in whole


def test_text_and_markup_print_literally(pages: list[str]) -> None:
    whole = " ".join(" ".join(pages).split())
    assert INDONESIAN in whole
    assert "Teks pengguna: <b> & </b>" in whole


def _fonts(reader: PdfReader) -> list[Any]:
    return [
        ref.get_object()
        for page in reader.pages
        for ref in page["/Resources"].get_object().get("/Font", {}).values()
    ]


def test_it_embeds_dejavu_and_no_standard_font(data: bytes) -> None:
    reader = PdfReader(BytesIO(data))
    fonts = _fonts(reader)
    assert fonts and all("DejaVu" in str(font["/BaseFont"]) for font in fonts)
    for font in fonts:
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
    assert reader.metadata is not None
    assert reader.metadata.author == "Gugus Tugas KLA Kota Cilegon"


def test_the_outline_holds_the_headings_in_order(data: bytes) -> None:
    def titles(outline: list[Any]) -> list[str]:
        out: list[str] = []
        for item in outline:
            out.extend(titles(item) if isinstance(item, list) else [str(item.title)])
        return out

    found = titles(PdfReader(BytesIO(data)).outline)
    assert [t for t in found if t in CHAPTERS] == list(CHAPTERS)
    assert "1.1 Latar Belakang" in found and "DAFTAR ISI" in found


def test_it_rejects_a_ragged_table() -> None:
    report = Report(
        cover=Cover("Judul", "Kota Cilegon", "Tahun 2025", "1 Januari 2026"),
        blocks=(Table(title="T", columns=("A", "B"), rows=(("1",),)),),
    )
    with pytest.raises(ValueError, match="cells"):
        render_pdf(report)
