"""The regulation text as tools really write it: page furniture, cut files, encodings.

Every test compares with the clean import of the shipped regulation: what the
importer reads must be the same measures, or the user is told line by line what
was not understood.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radkla.plan.parsers.appendix import AppendixError, ParsedMeasure
from radkla.plan.parsers.perwal import ParsedRegulation, RegulationError, parse_regulation
from radkla.plan.parsers.text import decode_text, normalise


def content(measure: ParsedMeasure) -> tuple[object, ...]:
    """What a measure says, without where it stands in its file."""
    return (
        measure.cluster_code,
        measure.indicator_no,
        measure.indicator_sub,
        measure.indicator,
        measure.action,
        measure.measure,
        measure.unit,
        measure.baseline.raw,
        tuple(cell.raw for _year, cell in measure.targets),
        measure.agency_raw,
        measure.program,
    )


@pytest.fixture(scope="module")
def seed_text(seed_bytes: bytes) -> str:
    return seed_bytes.decode("utf-8")


@pytest.fixture(scope="module")
def clean(seed_bytes: bytes) -> ParsedRegulation:
    return parse_regulation(seed_bytes, "perwal.txt")


def page_starts(lines: list[str]) -> list[int]:
    """Indexes of the repeated page headers inside the appendix (not the first one)."""
    headers = [i for i, line in enumerate(lines) if line.startswith("No\tINDIKATOR")]
    return headers[1:]


FURNITURE = [
    "- {n} -",
    "-{n}-",
    "{n}",
    "Halaman {n}",
    "Hal. {n} dari 30",
    "{n} / 30",
    "SALINAN",
    "BERITA DAERAH KOTA CILEGON TAHUN 2023 NOMOR 7",
    "\f",
]


@pytest.mark.parametrize("form", FURNITURE)
def test_page_furniture_at_every_page_break_changes_nothing(
    seed_text: str, clean: ParsedRegulation, form: str
) -> None:
    lines = seed_text.split("\n")
    for page, index in enumerate(reversed(page_starts(lines)), start=2):
        # Footer of one page, blank lines, header of the next: as converters write them.
        lines[index:index] = [form.format(n=page), "", "SALINAN", ""]
    parsed = parse_regulation("\n".join(lines).encode(), "perwal.txt")
    assert [content(m) for m in parsed.table.measures] == [content(m) for m in clean.table.measures]
    assert parsed.warnings == ()


def test_page_furniture_between_any_two_rows_changes_nothing(
    seed_text: str, clean: ParsedRegulation
) -> None:
    lines = seed_text.split("\n")
    first = lines.index(next(line for line in lines if line.startswith("No\tINDIKATOR")))
    last = max(i for i, line in enumerate(lines) if "\t" in line)
    out: list[str] = []
    for index, line in enumerate(lines):
        out.append(line)
        if first < index < last and "\t" in line:
            out.append(f"- {index} -")
    parsed = parse_regulation("\n".join(out).encode(), "perwal.txt")
    # A page number inside a page only marks a page break: the rows stay as they were.
    assert len(parsed.table.measures) == 195
    assert parsed.warnings == ()
    assert [content(m) for m in parsed.table.measures] == [content(m) for m in clean.table.measures]


def test_a_form_feed_at_a_line_start_is_a_page_break(seed_text: str) -> None:
    text = seed_text.replace("\nNo\tINDIKATOR", "\n\fNo\tINDIKATOR")
    parsed = parse_regulation(text.encode(), "perwal.txt")
    assert len(parsed.table.measures) == 195
    assert parsed.warnings == ()


def test_a_file_cut_inside_the_table_is_imported_with_a_warning(seed_bytes: bytes) -> None:
    cut = seed_bytes[: seed_bytes.index(b"Pelatihan KHA") + 30]
    parsed = parse_regulation(cut, "perwal.txt")
    # Ten whole rows, and the cut one kept as far as it goes, with a warning naming it.
    assert len(parsed.table.measures) == 10
    assert parsed.table.measures[-1].measure == "ASN dan Non ASN"
    assert any(
        "perwal.txt: berkas berakhir di baris 160 sebelum penutup peraturan" in w
        for w in parsed.warnings
    )


def test_a_line_the_table_does_not_understand_is_named(seed_text: str) -> None:
    lines = seed_text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("4.\t"))
    lines.insert(at, "Catatan: angka sementara menunggu data BPS")
    parsed = parse_regulation("\n".join(lines).encode(), "perwal.txt")
    assert len(parsed.table.measures) == 195
    assert parsed.warnings == (
        f'perwal.txt: baris {at + 1}: baris tanpa kolom tab di dalam tabel lampiran dilewati: "'
        'Catatan: angka sementara menunggu data BPS".',
    )


def test_rows_after_the_closing_and_before_the_header_are_named(seed_text: str) -> None:
    lines = seed_text.split("\n")
    row = next(line for line in lines if line.startswith("25.\t"))
    lines.append(row)
    lines.insert(3, "x\ty\tz")
    parsed = parse_regulation("\n".join(lines).encode(), "perwal.txt")
    assert len(parsed.table.measures) == 195
    assert any("baris 4: baris berkolom tab sebelum judul tabel" in w for w in parsed.warnings)
    assert any(
        f"baris {len(lines)}: baris berkolom tab sesudah penutup peraturan dilewati" in w
        for w in parsed.warnings
    )


def test_a_missing_indicator_and_a_missing_cluster_are_named(seed_text: str) -> None:
    lines = seed_text.split("\n")
    # Drop indicator 4's first row: its other rows fall under indicator 3, so say it.
    at = next(i for i, line in enumerate(lines) if line.startswith("4.\t"))
    del lines[at]
    parsed = parse_regulation("\n".join(lines).encode(), "perwal.txt")
    assert any(
        "indikator 5 langsung sesudah indikator 3; indikator 4 tidak ada" in w
        for w in parsed.warnings
    )
    # Without the whole of klaster I (indicators 4-6) the summary and a warning say so.
    start = next(i for i, line in enumerate(lines) if line.startswith("II\tKLASTER HAK SIPIL"))
    end = next(i for i, line in enumerate(lines) if line.startswith("7.\t"))
    kept = [line for i, line in enumerate(lines) if not (start <= i < end and "\t" in line)]
    kept.insert(start, lines[start - 1])  # keep the page header rows apart
    parsed = parse_regulation("\n".join(kept).encode(), "perwal.txt")
    assert parsed.table.measures_per_cluster()["I"] == 0
    assert any("tidak memuat satu pun ukuran Klaster I: Hak Sipil" in w for w in parsed.warnings)


HEADER = (
    "No\tINDIKATOR\tRENCANA AKSI\tUKURAN\tSATUAN\tDATA DASAR (2022)\tTARGET\t\t\t\t"
    "INSTANSI PENANGGUNG JAWAB\tPROGRAM\n\t\t\t\t\t\t2023\t2024\t2025\t2026\t\t\n"
)
TITLE = "PERATURAN WALI KOTA CILEGON NOMOR 7 TAHUN 2023 TENTANG RAD KLA TAHUN 2023-2026\n\n"
CLOSING = "\nWALI KOTA CILEGON,\nttd\n"


def regulation(body: str) -> ParsedRegulation:
    return parse_regulation((TITLE + HEADER + body + CLOSING).encode(), "uji.txt")


def other_warnings(parsed: ParsedRegulation) -> list[str]:
    """Warnings besides the clusters a small test table leaves out on purpose."""
    return [w for w in parsed.warnings if "tidak memuat satu pun ukuran" not in w]


def test_a_row_whose_numbers_continue_on_the_next_page_is_one_measure() -> None:
    parsed = regulation(
        "1.\tPerda KLA\tSosialisasi Perda\tKecamatan\tKecamatan\n"
        "- 2 -\n"
        + HEADER
        + "\t\tkepada masyarakat\tyang tersosialisasi\t\t8\t8\t8\t8\t8\tDP3AP2KB\t\n"
        "\t\tPembinaan UPTD\tUPTD PPA\tUPTD\t1\t1\t1\t1\t1\tDP3AP2KB\t\n"
    )
    first, second = parsed.table.measures
    assert first.action == "Sosialisasi Perda kepada masyarakat"
    assert first.measure == "Kecamatan yang tersosialisasi"
    assert first.unit == "Kecamatan"
    assert [c.raw for _y, c in first.targets] == ["8", "8", "8", "8"]
    assert first.agency_raw == "DP3AP2KB"
    assert second.action == "Pembinaan UPTD"
    assert other_warnings(parsed) == []


def test_an_action_split_before_its_measure_keeps_its_measure() -> None:
    parsed = regulation(
        "1.\tPerda KLA\tSosialisasi Perda\tKecamatan\tKecamatan\t8\t8\t8\t8\t8\tDP3AP2KB\t\n"
        "\t\tPembinaan dan\n"
        "\f" + HEADER + "\t\tpengawasan UPTD\tUPTD PPA\tUPTD\t1\t1\t1\t1\t1\tDP3AP2KB\t\n"
    )
    first, second = parsed.table.measures
    assert first.action == "Sosialisasi Perda"
    assert second.action == "Pembinaan dan pengawasan UPTD"
    assert second.measure == "UPTD PPA"
    assert first.action_key != second.action_key
    assert other_warnings(parsed) == []


def test_trailing_empty_cells_an_editor_dropped_are_padded(
    seed_text: str, clean: ParsedRegulation
) -> None:
    stripped = "\n".join(line.rstrip("\t") for line in seed_text.split("\n"))
    parsed = parse_regulation(stripped.encode(), "perwal.txt")
    assert [content(m) for m in parsed.table.measures] == [content(m) for m in clean.table.measures]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_byte_order_marks_are_read(
    seed_text: str, clean: ParsedRegulation, encoding: str
) -> None:
    parsed = parse_regulation(seed_text.encode(encoding), "perwal.txt")
    assert [content(m) for m in parsed.table.measures] == [content(m) for m in clean.table.measures]
    assert parsed.warnings == ()


def test_a_stray_windows_byte_is_named_and_the_rest_stays_utf8(seed_text: str) -> None:
    lines = seed_text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("5.\t"))
    lines[at] = lines[at].replace("Diskominfo", "Diskominfo – Bidang IKP")
    data = "\n".join(lines).encode("utf-8")
    # One line saved by a Windows editor: "é" as the single byte 0xE9.
    akta = next(i for i, line in enumerate(lines) if "Capaian Kepemilikan KIA" in line)
    raw_lines = data.split(b"\n")
    raw_lines[akta] = raw_lines[akta].replace(b"Kepemilikan KIA", b"Kepemilikan KIA caf\xe9")
    parsed = parse_regulation(b"\n".join(raw_lines), "perwal.txt")
    assert parsed.warnings[0].startswith(f"perwal.txt: baris {akta + 1} bukan UTF-8")
    measures = {m.location: m for m in parsed.table.measures}
    assert measures[f"baris {akta + 1}"].measure == "Capaian Kepemilikan KIA café"
    # The UTF-8 dash elsewhere is read right (as a plain hyphen), not as mojibake.
    assert measures[f"baris {at + 1}"].agency_raw == "Diskominfo - Bidang IKP"


def test_text_from_converters_reads_as_typed(seed_text: str, clean: ParsedRegulation) -> None:
    text = (
        seed_text.replace("Sosialisasi", "Sosiali\u00adsasi")
        .replace("fi", "\ufb01")
        .replace("Kota Cilegon", "Kota\u00a0Cilegon")
        .replace("\t-\t", "\t\u2013\t")
    )
    parsed = parse_regulation(text.encode(), "perwal.txt")
    assert [content(m) for m in parsed.table.measures] == [content(m) for m in clean.table.measures]


def test_normalise_reads_dashes_and_minus_signs_as_hyphens() -> None:
    assert normalise("\u2212 5 \u2013 \u2014 \ufb02 a\u00a0b c\u00add") == "- 5 - - fl a b cd"
    assert decode_text("Surabaya – ".encode("utf-16")).text == "Surabaya – "


def test_pdftotext_output_gets_a_clear_way_forward(seed_text: str) -> None:
    untabbed = seed_text.replace("\t", "\n")
    with pytest.raises(RegulationError, match=r"tidak berkolom tab.*impor berkas PDF"):
        parse_regulation(untabbed.encode(), "perwal.txt")
    with pytest.raises(RegulationError, match="berkas PDF, bukan teks"):
        parse_regulation(b"%PDF-1.7\n...", "perwal.txt")


# -- mutations of the whole regulation ----------------------------------------


def _line_of(measure: ParsedMeasure) -> int:
    match = re.fullmatch(r"baris (\d+)", measure.location)
    assert match is not None
    return int(match.group(1))


@st.composite
def mutations(draw: st.DrawFn, size: int) -> list[tuple[str, int, int, str]]:
    ops = st.tuples(
        st.sampled_from(["delete", "duplicate", "move", "furniture"]),
        st.integers(0, size - 1),
        st.integers(0, size - 1),
        st.sampled_from([f.format(n=7) for f in FURNITURE]),
    )
    return draw(st.lists(ops, min_size=1, max_size=4))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_no_mutation_loses_a_measure_silently(
    seed_text: str, clean: ParsedRegulation, data: st.DataObject
) -> None:
    # Each line remembers where it came from, so what was deleted is known.
    lines: list[tuple[int | None, str]] = [
        (n, line) for n, line in enumerate(seed_text.split("\n"), start=1)
    ]
    # Mutations aim at the appendix (from line 130 on) where loss would hurt.
    for op, i, j, furniture in data.draw(mutations(len(lines))):
        i = 130 + i % max(1, len(lines) - 130)
        j = 130 + j % max(1, len(lines) - 130)
        if i >= len(lines):
            continue
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(j, lines[i])
        elif op == "move":
            lines.insert(j, lines.pop(i))
        else:
            lines.insert(j, (None, furniture))
    text = "\n".join(line for _n, line in lines)
    # Deleted lines are gone from the document; a cut is a loss the importer must tell.
    whole = {n for n, _line in lines if n is not None}
    table_at = text.find("No\tINDIKATOR")
    cut = data.draw(st.none() | st.integers(0, len(text)) | st.integers(table_at, len(text)))
    if cut is not None:
        text = text[:cut]
    try:
        parsed = parse_regulation(text.encode(), "perwal.txt")
    except (RegulationError, AppendixError) as error:
        assert "perwal.txt" in str(error)
        return
    still_there = sum(1 for m in clean.table.measures if _line_of(m) in whole)
    if len(parsed.table.measures) < still_there:
        assert parsed.warnings, "measures were lost without a warning"
