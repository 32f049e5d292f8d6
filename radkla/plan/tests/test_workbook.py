"""Workbooks in the appendix layout: damaged, odd and foreign files, totals, percentages,
row-numbered No columns, and a workbook saved by LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook

from radkla.plan.models import Plan
from radkla.plan.parsers.appendix import AppendixError
from radkla.plan.parsers.perwal import ParsedRegulation, RegulationError
from radkla.plan.parsers.workbook import MAX_ROWS, parse_workbook
from radkla.plan.services import read_plan_file

TITLE = (
    "PERATURAN WALI KOTA CILEGON NOMOR 7 TAHUN 2023",
    "TENTANG RENCANA AKSI DAERAH PENGEMBANGAN KOTA LAYAK ANAK TAHUN 2023-2026",
)
HEADER = [
    "No",
    "INDIKATOR",
    "RENCANA AKSI",
    "UKURAN",
    "SATUAN",
    "DATA DASAR (2022)",
    "2023",
    "2024",
    "2025",
    "2026",
    "INSTANSI PENANGGUNG JAWAB",
    "PROGRAM",
]
ROWS: list[list[object]] = [
    ["1.", "Peraturan Daerah tentang KLA", "Sosialisasi Perda", "Kecamatan tersosialisasi",
     "Kecamatan", "8", "8", "8", "8", "8", "DP3AP2KB", ""],
    ["2.", "Penguatan Kelembagaan", "Fasilitasi Gugus Tugas", "Gugus Tugas KLA aktif",
     "OPD", "34", "34", "34", "34", "34", "DP3AP2KB", ""],
    ["", "", "Koordinasi Kecamatan", "Kecamatan dengan Gugus Tugas", "Kecamatan", "8", "8",
     "8", "8", "8", "DP3AP2KB", ""],
]  # fmt: skip
FIRST = 4  # the sheet row of ROWS[0]: two title rows, then the header


def workbook(
    rows: list[list[object]] | None = None, edit: Callable[[Any], None] | None = None
) -> bytes:
    """An appendix workbook as openpyxl writes it; ``edit`` gets the sheet before saving."""
    book = Workbook()
    sheet = book.active
    sheet.title = "RAD"
    for line in TITLE:
        sheet.append([line])
    sheet.append(HEADER)
    for row in ROWS if rows is None else rows:
        sheet.append(row)
    if edit is not None:
        edit(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezip(data: bytes, changes: dict[str, Callable[[bytes], bytes | None]]) -> bytes:
    """The archive with some parts changed (a change returning None removes the part)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            part: bytes | None = source.read(name)
            if name in changes:
                part = changes[name](part or b"")
            if part is not None:
                target.writestr(name, part)
    return out.getvalue()


_INLINE = re.compile(rb'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr"><is><t>(.*?)</t></is></c>')


def with_shared_strings(data: bytes) -> bytes:
    """The same workbook with its text in xl/sharedStrings.xml, as Excel and LibreOffice write."""
    strings: list[bytes] = []

    def shared(match: re.Match[bytes]) -> bytes:
        strings.append(match.group(3))
        style = match.group(2) or b""
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), style, len(strings) - 1)

    source = zipfile.ZipFile(io.BytesIO(data))
    sheet = _INLINE.sub(shared, source.read("xl/worksheets/sheet1.xml"))
    table = b"".join(b"<si><t>%s</t></si>" % s for s in strings)
    sst = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'count="%d" uniqueCount="%d">%s</sst>' % (len(strings), len(strings), table)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            part = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                part = sheet
            elif name == "[Content_Types].xml":
                part = part.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif name == "xl/_rels/workbook.xml.rels":
                part = part.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSst" Target="sharedStrings.xml" Type="http://schemas.'
                    b"openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
                    b'"/></Relationships>',
                )
            target.writestr(name, part)
        target.writestr("xl/sharedStrings.xml", sst)
    return out.getvalue()


def set_cell_xml(data: bytes, coordinate: str, cell_xml: str) -> bytes:
    """Replace one cell's XML in the first sheet (what a foreign generator might write)."""
    pattern = re.compile(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % coordinate.encode())

    def change(sheet: bytes) -> bytes:
        changed, count = pattern.subn(cell_xml.encode(), sheet, count=1)
        assert count == 1, coordinate
        return changed

    return rezip(data, {"xl/worksheets/sheet1.xml": change})


def refusal(data: bytes, name: str = "rad.xlsx") -> str:
    """The reason a workbook is refused: one line, naming the file."""
    with pytest.raises((RegulationError, AppendixError)) as caught:
        parse_workbook(data, name)
    message = str(caught.value)
    assert message.startswith(name), message
    assert "\n" not in message and "Traceback" not in message
    return message


def measures(parsed: ParsedRegulation) -> list[tuple[object, ...]]:
    return [
        (m.indicator_no, m.indicator_sub, m.indicator, m.measure, m.baseline.raw,
         tuple(cell.raw for _year, cell in m.targets))
        for m in parsed.table.measures
    ]  # fmt: skip


def test_the_plain_workbook_reads_as_the_appendix() -> None:
    parsed = parse_workbook(workbook(), "rad.xlsx")
    assert parsed.facts.legal_basis == "Peraturan Wali Kota Cilegon Nomor 7 Tahun 2023"
    assert [m[:2] for m in measures(parsed)] == [(1, ""), (2, ""), (2, "")]
    # Only the clusters this small table leaves out are warned about.
    assert all("tidak memuat satu pun ukuran" in w for w in parsed.warnings)
    # The same text with shared strings (Excel's way) reads the same.
    assert measures(parse_workbook(with_shared_strings(workbook()), "rad.xlsx")) == measures(parsed)


# -- damaged and foreign files -------------------------------------------------


def _half(part: bytes) -> bytes:
    return part[: len(part) // 2]


def _zip_of(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, part in parts.items():
            archive.writestr(name, part)
    return out.getvalue()


def _docx() -> bytes:
    out = io.BytesIO()
    document = Document()
    document.add_paragraph("RAD KLA")
    document.save(out)
    return out.getvalue()


def _encrypted() -> bytes:
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(workbook())).encrypt("rahasia", out)
    return out.getvalue()


def _without_sheets() -> bytes:
    def empty(book_xml: bytes) -> bytes:
        return re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", book_xml)

    return rezip(workbook(), {"xl/workbook.xml": empty})


DAMAGED: list[tuple[str, Callable[[], bytes], str]] = [
    ("empty file", lambda: b"", "berkas kosong"),
    ("plain text", lambda: b"No\tINDIKATOR\n", "bukan buku kerja XLSX"),
    ("pdf", lambda: b"%PDF-1.7\n%...", "berkas PDF"),
    ("truncated", lambda: _half(workbook()), "rusak atau terpotong"),
    ("foreign zip", lambda: _zip_of({"foto.txt": b"x"}), "tanpa bagian buku kerja"),
    ("no workbook part", lambda: rezip(workbook(), {"xl/workbook.xml": lambda _: None}),
     "xl/workbook.xml"),
    ("broken sheet", lambda: rezip(workbook(), {"xl/worksheets/sheet1.xml": _half}),
     "lembar 'RAD' bukan XML yang utuh"),
    ("broken shared strings",
     lambda: rezip(with_shared_strings(workbook()), {"xl/sharedStrings.xml": _half}),
     "xl/sharedStrings.xml bukan XML yang utuh"),
    ("broken styles", lambda: rezip(workbook(), {"xl/styles.xml": _half}),
     "xl/styles.xml bukan XML yang utuh"),
    ("xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Excel 97-2003 (.xls)"),
    ("password", _encrypted, "dilindungi kata sandi"),
    ("ods renamed",
     lambda: _zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                      "content.xml": b"<x/>"}),
     "OpenDocument (.ods)"),
    ("docx renamed", _docx, "dokumen Word (.docx)"),
    ("no sheets", _without_sheets, "tidak memuat satu lembar kerja pun"),
    ("header without rows", lambda: workbook([]),
     "lembar 'RAD' baris 3: tabel tidak memuat satu pun ukuran"),
    ("no table", lambda: workbook([], edit=lambda s: s.delete_rows(3)),
     "tidak ada lembar yang memuat tabel RAD"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("build", "expected"), [d[1:] for d in DAMAGED], ids=[d[0] for d in DAMAGED]
)
def test_a_damaged_or_foreign_file_gets_one_line_naming_it(
    build: Callable[[], bytes], expected: str
) -> None:
    assert expected in refusal(build())


def test_the_import_service_passes_the_reason_on() -> None:
    from radkla.plan.services import PlanImportError

    with pytest.raises(PlanImportError, match=r"^laporan\.xlsx: .*\.xls\)"):
        read_plan_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "laporan.xlsx")


@pytest.mark.parametrize(
    ("cell_xml", "expected"),
    [
        ('<c r="G4"><v>NaN</v></c>', 'G4 (2023): isi sel "NaN" tidak dapat dibaca'),
        ('<c r="G4"><v>1E+309</v></c>', "G4 (2023): angka 1E+309 di luar jangkauan"),
        ('<c r="H4"><v>-1E+400</v></c>', "H4 (2024): angka -1E+400 di luar jangkauan"),
        ('<c r="F4" t="s"><v>99</v></c>', 'F4 (DATA DASAR (2022)): isi sel "99" tidak dapat'),
        ('<c r="G4" t="e"><v>#DIV/0!</v></c>', "G4 (2023): rumus menghasilkan galat #DIV/0!"),
        ('<c r="G4" t="b"><v>x</v></c>', 'G4 (2023): isi sel "x" tidak dapat dibaca'),
    ],
)
def test_an_unreadable_cell_is_named(cell_xml: str, expected: str) -> None:
    message = refusal(set_cell_xml(workbook(), cell_xml[6:8], cell_xml))
    assert f"lembar 'RAD' sel {expected}" in message


def test_a_date_in_a_target_cell_is_refused() -> None:
    def date(sheet: Any) -> None:
        sheet["H5"] = dt.date(2024, 3, 1)

    message = refusal(workbook(edit=date))
    assert "lembar 'RAD' sel H5 (2024): sel berformat tanggal/waktu (2024-03-01" in message


def test_a_formula_without_a_computed_value_asks_to_save_once_in_a_spreadsheet() -> None:
    def formula(sheet: Any) -> None:
        sheet["J6"] = "=I6+1"  # openpyxl stores the formula, never its value

    message = refusal(workbook(edit=formula))
    assert "lembar 'RAD' sel J6 (2026): rumus tanpa nilai hasil hitungan" in message
    assert "simpan berkas sekali di Excel atau LibreOffice Calc" in message


def test_a_formula_with_its_computed_value_reads_the_value() -> None:
    data = set_cell_xml(workbook(), "J6", '<c r="J6"><f>I6+1</f><v>9</v></c>')
    assert measures(parse_workbook(data, "rad.xlsx"))[2][5] == ("8", "8", "8", "9")


def test_a_sheet_past_the_row_limit_is_refused_quickly() -> None:
    def far(sheet: Any) -> None:
        sheet.cell(row=MAX_ROWS + 5, column=1, value="catatan")

    started = time.monotonic()
    message = refusal(workbook(edit=far))
    assert f"lembar 'RAD': lembar terlalu besar (data sampai baris {MAX_ROWS + 5})" in message
    assert time.monotonic() - started < 10


def test_a_cell_far_to_the_right_and_a_huge_dimension_cost_nothing() -> None:
    def wide(sheet: Any) -> None:
        sheet.cell(row=1, column=16_000, value="catatan di luar tabel")

    data = rezip(
        workbook(edit=wide),
        {"xl/worksheets/sheet1.xml": lambda x: re.sub(rb'ref="[^"]*"', b'ref="A1:XFD1048576"', x)},
    )
    started = time.monotonic()
    assert len(parse_workbook(data, "rad.xlsx").table.measures) == 3
    assert time.monotonic() - started < 5


# -- what the cells say --------------------------------------------------------


def test_total_rows_are_skipped_with_a_warning_naming_sheet_and_row() -> None:
    rows = [
        *ROWS,
        ["JUMLAH", "", "", "", "", "=SUM(F4:F6)", "=SUM(G4:G6)", "", "", "", "", ""],
        ["", "TOTAL", "", "", "", "50", "50", "50", "50", "50", "", ""],
        ["", "", "", "Jumlah keseluruhan", "", "100", "", "", "", "", "", ""],
        ["", "", "", "", "", "=SUM(F4:F6)", "", "", "", "", "", ""],
    ]
    parsed = parse_workbook(workbook(rows), "rad.xlsx")
    assert measures(parsed) == measures(parse_workbook(workbook(), "rad.xlsx"))
    skipped = [w for w in parsed.warnings if "baris jumlah" in w]
    assert skipped == [
        "rad.xlsx, lembar 'RAD' baris 7: baris jumlah (\"JUMLAH\") dilewati; jumlah bukan "
        "ukuran rencana.",
        "rad.xlsx, lembar 'RAD' baris 8: baris jumlah (\"TOTAL\") dilewati; jumlah bukan "
        "ukuran rencana.",
        "rad.xlsx, lembar 'RAD' baris 9: baris jumlah (\"Jumlah keseluruhan\") dilewati; "
        "jumlah bukan ukuran rencana.",
        "rad.xlsx, lembar 'RAD' baris 10: baris jumlah (rumus SUM tanpa nama ukuran) "
        "dilewati; jumlah bukan ukuran rencana.",
    ]


def test_a_measure_named_like_a_count_is_not_a_total() -> None:
    rows = [*ROWS, ["", "", "", "Jumlah Kader PATBM", "Orang", "10", "12", "14", "16", "18",
                    "DP3AP2KB", ""]]  # fmt: skip
    parsed = parse_workbook(workbook(rows), "rad.xlsx")
    assert measures(parsed)[-1][3] == "Jumlah Kader PATBM"
    assert not any("baris jumlah" in w for w in parsed.warnings)


def test_a_percent_cell_reads_as_the_number_shown() -> None:
    def percent(sheet: Any) -> None:
        sheet["E4"] = "%"
        for coordinate, value, number_format in (
            ("F4", 0.9553, "0.00%"),
            ("G4", 0.975, "0.00%"),
            ("H4", 0.9775, "0.0%"),
            ("I4", 0.98, "0%"),
            ("J4", 0.98, "General"),
        ):
            sheet[coordinate] = value
            sheet[coordinate].number_format = number_format
        sheet["E5"] = "OPD"
        sheet["F5"] = 0.5
        sheet["F5"].number_format = "0%"

    parsed = parse_workbook(workbook(edit=percent), "rad.xlsx")
    first = parsed.table.measures[0]
    # As the regulation's text gives them: the unit column says %, the cell the number.
    assert first.baseline.raw == "95,53"
    assert (str(first.baseline.kind), first.baseline.value_json()) == ("percent", 95.53)
    assert [cell.raw for _y, cell in first.targets] == ["97,50", "97,8", "98", "0,98"]
    # Where the unit does not say percent, the sign stays so nothing is lost.
    assert parsed.table.measures[1].baseline.raw == "50%"


def test_numbers_read_as_shown_without_float_noise() -> None:
    def numbers(sheet: Any) -> None:
        sheet["G4"] = 0.1 + 0.2
        sheet["H4"] = 97.5
        sheet["H4"].number_format = "0.00"
        sheet["I4"] = 1234567
        sheet["I4"].number_format = "#,##0"
        sheet["J4"] = 12

    first = parse_workbook(workbook(edit=numbers), "rad.xlsx").table.measures[0]
    assert [cell.raw for _y, cell in first.targets] == ["0,3", "97,50", "1234567", "12"]


def test_a_no_column_numbering_every_row_is_understood() -> None:
    rows: list[list[object]] = [
        ["", "KELEMBAGAAN", "", "", "", "", "", "", "", "", "", ""],
        [1, "1. Peraturan Daerah tentang KLA", "Sosialisasi Perda", "Kecamatan tersosialisasi",
         "Kecamatan", "8", "8", "8", "8", "8", "DP3AP2KB", ""],
        [2, "", "Pembinaan", "Kelurahan tersosialisasi", "Kelurahan", "43", "43", "43", "43",
         "43", "DP3AP2KB", ""],
        [3, "2. Penguatan Kelembagaan", "Fasilitasi Gugus Tugas", "Gugus Tugas KLA aktif",
         "OPD", "34", "34", "34", "34", "34", "DP3AP2KB", ""],
        [4, "2. Penguatan Kelembagaan", "Koordinasi", "Kecamatan dengan Gugus Tugas",
         "Kecamatan", "8", "8", "8", "8", "8", "DP3AP2KB", ""],
        ["", "KLASTER V: PERLINDUNGAN KHUSUS", "", "", "", "", "", "", "", "", "", ""],
        [1, "21. Anak korban kekerasan", "Pendampingan", "Anak didampingi", "Anak", "10",
         "10", "10", "10", "10", "UPTD PPA", ""],
        [2, "a. yang terlayani", "Layanan", "Anak terlayani", "Anak", "5", "5", "5", "5",
         "5", "UPTD PPA", ""],
    ]  # fmt: skip
    parsed = parse_workbook(workbook(rows), "rad.xlsx")
    assert [(n, s, name) for n, s, name, *_ in measures(parsed)] == [
        (1, "", "Peraturan Daerah tentang KLA"),
        (1, "", "Peraturan Daerah tentang KLA"),
        (2, "", "Penguatan Kelembagaan"),
        (2, "", "Penguatan Kelembagaan"),
        (21, "", "Anak korban kekerasan"),
        (21, "a", "yang terlayani"),
    ]
    assert [m.cluster_code for m in parsed.table.measures] == ["K", "K", "K", "K", "V", "V"]
    assert parsed.warnings[0] == (
        "rad.xlsx, lembar 'RAD': kolom No berisi nomor urut baris (1, 2, 3, ... pada 6 baris "
        "data), bukan nomor indikator; nomor indikator dibaca dari awal teks kolom INDIKATOR "
        '("1. ...", "a. ...").'
    )


def test_indicator_numbers_in_the_no_column_are_left_alone() -> None:
    # One measure per indicator, numbered 1, 2, 3: that is indicator numbering.
    rows: list[list[object]] = [
        [n, f"Indikator {n}", f"Aksi {n}", f"Ukuran {n}", "Dokumen", "1", "1", "1", "1", "1",
         "DP3AP2KB", ""]
        for n in (1, 2, 3)
    ]  # fmt: skip
    parsed = parse_workbook(workbook(rows), "rad.xlsx")
    assert [m[:3] for m in measures(parsed)] == [
        (1, "", "Indikator 1"),
        (2, "", "Indikator 2"),
        (3, "", "Indikator 3"),
    ]
    assert not any("nomor urut" in w for w in parsed.warnings)


def test_a_row_numbered_no_column_with_an_unnumbered_indicator_names_the_cell() -> None:
    rows: list[list[object]] = [
        [1, "1. Peraturan Daerah", "Aksi", "Ukuran", "Dokumen", "1", "1", "1", "1", "1",
         "DP3AP2KB", ""],
        [2, "", "Aksi 2", "Ukuran 2", "Dokumen", "1", "1", "1", "1", "1", "DP3AP2KB", ""],
        [3, "Penguatan Kelembagaan", "Aksi 3", "Ukuran 3", "OPD", "1", "1", "1", "1", "1",
         "DP3AP2KB", ""],
    ]  # fmt: skip
    message = refusal(workbook(rows))
    assert "lembar 'RAD' sel B6 (INDIKATOR): kolom No bernomor urut baris" in message


def test_trailing_empty_cells_missing_from_a_row_are_padded() -> None:
    def trim(sheet: bytes) -> bytes:
        # Drop row 6's last cells, as editors do when they are empty.
        return re.sub(rb'<c r="[JKL]6"[^>]*>.*?</c>', b"", sheet)

    rows = [list(r) for r in ROWS]
    rows[2][9:] = ["", "", ""]
    data = rezip(workbook(rows), {"xl/worksheets/sheet1.xml": trim})
    assert measures(parse_workbook(data, "rad.xlsx"))[2][5] == ("8", "8", "8", "")


# -- hunting for tracebacks ----------------------------------------------------

_VALID = workbook()
_BASES = (_VALID, with_shared_strings(_VALID))  # inline strings (openpyxl), shared strings
_PARTS = (
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "_rels/.rels",
    "[Content_Types].xml",
)
_XML_BITS = st.sampled_from(
    [
        "<", ">", "/>", '"', "&", "&amp;", "]]>", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "&a;",
        "<v>NaN</v>", "<v>1E+309</v>", "<v>-inf</v>", "<v>99999</v>", "<v></v>", "<f>SUM(A1)</f>",
        ' t="s"', ' t="e"', ' t="b"', ' t="d"', ' t="str"', ' t="inlineStr"', ' t="zz"',
        ' s="999"', ' s="-1"', ' r="A0"', ' r="XFE1"', ' r="ZZZZ9"', ' r="1.5"', ' r="-3"',
        '<row r="1048576">', '<row r="2">', "</row>", "<c>", "</c>", "\x00", "\ufffd",
        'numFmtId="9"', 'numFmtId="14"', 'numFmtId="99999"', 'formatCode="0.00%"',
        '<sheet name="X" sheetId="1" r:id="rId9"/>', "Target=\"/xl/none.xml\"",
    ]
)  # fmt: skip


def _attempt(data: bytes) -> None:
    try:
        parse_workbook(data, "acak.xlsx")
    except (RegulationError, AppendixError) as error:
        message = str(error)
        assert message.startswith("acak.xlsx"), message
        assert "\n" not in message, message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from([0, 1]),
    part=st.sampled_from(_PARTS),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 40), _XML_BITS | st.text(max_size=8)),
        min_size=1,
        max_size=4,
    ),
)
def test_mutated_xml_never_ends_in_a_traceback(
    base: int, part: str, edits: list[tuple[float, int, str]]
) -> None:
    def mutate(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        for where, cut, bit in edits:
            at = int(where * len(text))
            text = text[:at] + bit + text[at + cut :]
        return text.encode("utf-8", "surrogatepass")

    if part not in zipfile.ZipFile(io.BytesIO(_BASES[base])).namelist():
        part = "xl/worksheets/sheet1.xml"
    _attempt(rezip(_BASES[base], {part: mutate}))


@settings(max_examples=100, deadline=None)
@given(
    base=st.sampled_from([0, 1]),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=6),
    cut=st.none() | st.floats(0, 1),
)
def test_mutated_bytes_never_end_in_a_traceback(
    base: int, flips: list[tuple[float, int]], cut: float | None
) -> None:
    data = bytearray(_BASES[base])
    for where, value in flips:
        data[min(int(where * len(data)), len(data) - 1)] = value
    if cut is not None:
        data = data[: int(cut * len(data))]
    _attempt(bytes(data))


@settings(max_examples=120, deadline=None)
@given(
    coordinate=st.sampled_from(["A4", "B4", "F4", "G5", "K6", "A1", "E5"]),
    kind=st.sampled_from(["", ' t="s"', ' t="b"', ' t="e"', ' t="str"', ' t="d"', ' t="n"']),
    style=st.sampled_from(["", ' s="0"', ' s="1"', ' s="77"']),
    value=st.sampled_from(
        ["NaN", "1E+309", "-1E+309", "1e-400", "0", "-0", "3", "99999999999999999999999",
         "2023-01-01", "#N/A", "abc", "", "1.5", "9" * 400]
    ),
    formula=st.sampled_from(["", "<f>SUM(F4:F6)</f>", "<f/>", '<f t="shared" si="0"/>']),
)  # fmt: skip
def test_odd_cells_never_end_in_a_traceback(
    coordinate: str, kind: str, style: str, value: str, formula: str
) -> None:
    cell = f'<c r="{coordinate}"{kind}{style}>{formula}<v>{value}</v></c>'
    _attempt(set_cell_xml(_VALID, coordinate, cell))


# -- a workbook saved by LibreOffice --------------------------------------------


def _convert(soffice: str, source: Path, to: str, tmp_path: Path) -> bytes:
    out = tmp_path / "out"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = out / f"{source.stem}.{to.split(':')[0]}"
    assert done.returncode == 0 and converted.exists(), done.stdout + done.stderr
    return converted.read_bytes()


def test_the_export_saved_by_libreoffice_imports_back_with_the_same_measures(
    cilegon_plan: Plan, soffice: str, tmp_path: Path
) -> None:
    exported = tmp_path / "rad.xlsx"
    call_command("plan", "export", "--format", "xlsx", "-o", str(exported))
    saved = _convert(soffice, exported, "xlsx", tmp_path)
    names = zipfile.ZipFile(io.BytesIO(saved)).namelist()
    assert "xl/sharedStrings.xml" in names  # LibreOffice's own writing, not openpyxl's
    parsed = read_plan_file(saved, "rad-libreoffice.xlsx")
    assert len(parsed.table.measures) == 195
    assert parsed.table.fingerprint() == cilegon_plan.source_fingerprint
    assert parsed.warnings == ()


def test_libreoffice_formulas_totals_and_percentages_read_as_shown(
    soffice: str, tmp_path: Path
) -> None:
    def spreadsheet_work(sheet: Any) -> None:
        sheet["E4"] = "%"
        sheet["F4"] = 0.9553
        sheet["F4"].number_format = "0.00%"
        sheet["G6"] = "=F6*2"
        sheet.append(["JUMLAH", "", "", "", "", "=SUM(F4:F6)", "=SUM(G4:G6)"])

    source = tmp_path / "olah.xlsx"
    source.write_bytes(workbook(edit=spreadsheet_work))
    with pytest.raises(RegulationError, match="rumus tanpa nilai"):
        parse_workbook(source.read_bytes(), source.name)
    parsed = parse_workbook(_convert(soffice, source, "xlsx", tmp_path), "olah.xlsx")
    assert measures(parsed)[0][4] == "95,53"
    assert measures(parsed)[2][5] == ("16", "8", "8", "8")
    assert any('baris jumlah ("JUMLAH")' in w for w in parsed.warnings)


@pytest.mark.parametrize(("to", "expected"), [("xls", ".xls"), ("ods", ".ods")])
def test_a_real_xls_or_ods_renamed_xlsx_is_refused(
    soffice: str, tmp_path: Path, to: str, expected: str
) -> None:
    source = tmp_path / "rad.xlsx"
    source.write_bytes(workbook())
    assert expected in refusal(_convert(soffice, source, to, tmp_path), "rad.xlsx")
