"""A title whose plan years differ from the table's target columns is flagged."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from radkla.plan.parsers.perwal import parse_regulation, read_facts

TITLE = (
    "PERATURAN WALI KOTA PULAU HARAPAN NOMOR 3 TAHUN 2024 TENTANG RENCANA AKSI DAERAH "
    "PENGEMBANGAN KOTA LAYAK ANAK TAHUN {start}-{end}\nDENGAN RAHMAT TUHAN YANG MAHA ESA"
)


def test_a_title_that_disagrees_with_the_table_gets_a_warning(seed_bytes: bytes) -> None:
    data = seed_bytes.replace(b"TAHUN 2023-2026", b"TAHUN 2023-2027")
    parsed = parse_regulation(data, "perwal-2027.txt")
    assert parsed.table.years == (2023, 2024, 2025, 2026)
    assert (parsed.facts.start_year, parsed.facts.end_year) == (2023, 2027)
    assert (
        "perwal-2027.txt: judul menyebut tahun rencana 2023-2027, sedangkan kolom target "
        "tabel 2023-2026; periksa judul atau tabelnya."
    ) in parsed.warnings


def test_the_shipped_regulation_agrees_with_its_table(seed_bytes: bytes) -> None:
    parsed = parse_regulation(seed_bytes, "perwal.txt")
    assert not any("menyebut tahun rencana" in w for w in parsed.warnings)


@given(
    start=st.integers(2000, 2090),
    length=st.integers(0, 6),
    table_start=st.integers(2000, 2090),
    table_length=st.integers(0, 6),
)
def test_the_warning_appears_exactly_when_the_spans_differ(
    start: int, length: int, table_start: int, table_length: int
) -> None:
    years = tuple(range(table_start, table_start + table_length + 1))
    text = TITLE.format(start=start, end=start + length)
    facts, warnings = read_facts(text, years, "uji.txt")
    assert (facts.start_year, facts.end_year) == (start, start + length)
    mismatch = [w for w in warnings if "menyebut tahun rencana" in w]
    differs = (start, start + length) != (years[0], years[-1])
    assert bool(mismatch) is differs
    if differs:
        assert mismatch[0].startswith(f"uji.txt: judul menyebut tahun rencana {start}-")
        assert f"tabel {years[0]}-{years[-1]}" in mismatch[0]
