"""Which evidence files are accepted, judged by content rather than name (pure, no Django)."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from radkla.monitoring.uploads import (
    ALLOWED,
    DOCX,
    INLINE_TYPES,
    JPEG,
    ODS,
    ODT,
    PDF,
    PNG,
    PPTX,
    WEBP,
    XLSX,
    FileKind,
    UploadError,
    sniff,
)

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

CONTENT_TYPES_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def zipped(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ooxml(prefix: str, main: str) -> bytes:
    return zipped(
        {
            "[Content_Types].xml": CONTENT_TYPES_XML,
            "_rels/.rels": b"<Relationships/>",
            f"{prefix}{main}": b"<?xml version='1.0'?><root/>",
        }
    )


def opendocument(mimetype: str) -> bytes:
    # The ODF spec writes the mimetype entry first and uncompressed.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.create_sheet("Realisasi")["A1"] = 86.5
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- accepted ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "bukti.pdf", PDF),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20, "foto.png", PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 20, "foto.jpg", JPEG),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 20, "foto.webp", WEBP),
    ],
)
def test_it_accepts_documents_and_images_by_their_first_bytes(
    data: bytes, name: str, kind: FileKind
) -> None:
    assert sniff(data, name) == kind


def test_it_accepts_a_real_xlsx() -> None:
    assert sniff(xlsx_bytes(), "rekap.xlsx") == XLSX


def test_it_accepts_a_docx() -> None:
    assert sniff(ooxml("word/", "document.xml"), "laporan.docx") == DOCX


def test_it_accepts_a_pptx() -> None:
    assert sniff(ooxml("ppt/", "presentation.xml"), "paparan.pptx") == PPTX


def test_it_accepts_odt_and_ods_by_their_mimetype_entry() -> None:
    assert sniff(opendocument(ODT.content_type), "laporan.odt") == ODT
    assert sniff(opendocument(ODS.content_type), "rekap.ods") == ODS


def test_it_judges_the_content_not_the_name() -> None:
    assert sniff(xlsx_bytes(), "bukti.pdf") == XLSX
    assert sniff(b"%PDF-1.7\n", "foto.png") == PDF


@pytest.mark.parametrize(
    ("name", "extension"),
    [
        ("lama.doc", ".doc"),
        ("LAMA.XLS", ".xls"),
        ("paparan.ppt", ".ppt"),
        ("lama.exe", ".bin"),
        ("lama", ".bin"),
    ],
)
def test_it_accepts_an_old_office_file_keeping_a_known_extension(name: str, extension: str) -> None:
    kind = sniff(OLE_HEADER + b"\x00" * 504, name)
    assert kind.extension == extension
    assert kind.content_type == "application/octet-stream"
    assert kind.inline is False


def test_it_shows_only_pdf_and_images_inline() -> None:
    assert {"application/pdf", "image/png", "image/jpeg", "image/webp"} == INLINE_TYPES
    for kind in (DOCX, XLSX, PPTX, ODT, ODS):
        assert kind.content_type not in INLINE_TYPES
        assert kind.inline is False
    for kind in (PDF, PNG, JPEG, WEBP):
        assert kind.inline is True


# --- refused -----------------------------------------------------------------------------------

HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (HTML, "bukti.html"),
        (SVG, "gambar.svg"),
        (SVG[SVG.index(b"<svg") :], "gambar.svg"),
        (zipped({"catatan.txt": b"halo"}), "arsip.zip"),
        (zipped({"word/document.xml": b"<w/>"}), "palsu.docx"),
        (zipped({"[Content_Types].xml": CONTENT_TYPES_XML, "lain/a.xml": b"<a/>"}), "palsu.docx"),
        (opendocument("application/vnd.oasis.opendocument.presentation"), "paparan.odp"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50, "setup.exe"),
        (HTML, "laporan.pdf"),
        (b"PK\x03\x04 bukan zip sungguhan", "laporan.docx"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "suara.webp"),
        (b"", "kosong.pdf"),
        (b"  %PDF-1.4\n", "spasi.pdf"),
    ],
)
def test_it_refuses_anything_else(data: bytes, name: str) -> None:
    with pytest.raises(UploadError):
        sniff(data, name)


def test_the_refusal_names_the_file_and_what_is_allowed() -> None:
    with pytest.raises(UploadError) as caught:
        sniff(HTML, "laporan.pdf")
    message = str(caught.value)
    assert "laporan.pdf" in message
    assert ALLOWED in message
    for allowed in ("PDF", "JPG", "PNG", "WebP", "Word", "Excel", "PowerPoint", "ODT/ODS"):
        assert allowed in message


def test_an_upload_error_is_a_value_error() -> None:
    assert issubclass(UploadError, ValueError)


def test_it_refuses_a_zip_whose_mimetype_entry_is_corrupt() -> None:
    data = bytearray(zipped({"mimetype": ODT.content_type.encode() * 10}))
    start = 30 + len("mimetype")  # the compressed bytes follow the local file header
    for i in range(start, start + 10):
        data[i] ^= 0xFF
    with pytest.raises(UploadError):
        sniff(bytes(data), "rusak.odt")


# --- properties --------------------------------------------------------------------------------


@settings(database=None, deadline=None)
@given(data=st.binary(max_size=2000), name=st.text(max_size=40))
def test_sniff_raises_only_upload_error_for_any_bytes(data: bytes, name: str) -> None:
    try:
        kind = sniff(data, name)
    except UploadError:
        return
    assert isinstance(kind, FileKind)


@settings(database=None, deadline=None)
@given(data=st.binary(max_size=2000), name=st.text(max_size=40))
def test_sniff_raises_only_upload_error_for_bytes_that_look_like_a_zip(
    data: bytes, name: str
) -> None:
    try:
        kind = sniff(b"PK\x03\x04" + data, name)
    except UploadError:
        return
    assert kind in (DOCX, XLSX, PPTX, ODT, ODS)


def test_it_reads_only_a_little_of_a_huge_mimetype_entry() -> None:
    # 50 MB of zeros compresses to about 50 kB; reading it whole would take the memory.
    data = zipped({"mimetype": b"\x00" * 50_000_000})
    with pytest.raises(UploadError):
        sniff(data, "bom.odt")
