"""An amending regulation ("Perubahan atas Peraturan Wali Kota ... Nomor 7 Tahun 2023")
is read as itself, naming the regulation it amends, from text, PDF and workbook; and
the helper that writes such texts from the seed changes only what it is asked to."""

from __future__ import annotations

import dataclasses
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from radkla.plan.parsers.appendix import ParsedMeasure
from radkla.plan.parsers.pdf import parse_pdf
from radkla.plan.parsers.perwal import (
    ParsedRegulation,
    RegulationError,
    RegulationRef,
    parse_regulation,
    read_facts,
)
from radkla.plan.parsers.workbook import parse_workbook
from radkla.plan.tests.amended import (
    NewMeasure,
    amended_seed_text,
    amendment_title,
    find_measure,
    seed_regulation,
    seed_text,
    seed_text_with,
)
from radkla.plan.tests.pdf_builders import reportlab_pdf
from radkla.plan.tests.test_workbook import HEADER, ROWS

PERWAL_7 = RegulationRef("Peraturan Wali Kota", "Cilegon", "7", 2023)
PLAN_TITLE = "Rencana Aksi Daerah Pengembangan Kota Layak Anak Tahun 2023-2026"


def parse(text: str, name: str = "perubahan.txt") -> ParsedRegulation:
    return parse_regulation(text.encode("utf-8"), name)


def content(m: ParsedMeasure, *, action_key: int | None = None) -> ParsedMeasure:
    """The measure without where it stood in its file (and, given, its action's key)."""
    return dataclasses.replace(
        m,
        location="",
        indicator_location="",
        action_location="",
        action_key=m.action_key if action_key is None else action_key,
    )


# -- the amending regulation's own facts ----------------------------------------


def test_an_amending_regulation_is_itself_and_names_the_regulation_it_amends() -> None:
    parsed = parse(amended_seed_text(number="12", year=2025))
    facts = parsed.facts
    assert facts.legal_basis == "Peraturan Wali Kota Cilegon Nomor 12 Tahun 2025"
    assert (facts.region_level, facts.region_name) == ("kota", "Cilegon")
    assert facts.amends == PERWAL_7
    assert facts.amends.legal_basis == seed_regulation().facts.legal_basis
    assert facts.amendment_ordinal == ""
    assert facts.title == (
        f"Perubahan atas Peraturan Wali Kota Cilegon Nomor 7 Tahun 2023 tentang {PLAN_TITLE}"
    )
    assert (facts.start_year, facts.end_year) == (2023, 2026)
    assert parsed.warnings == ()
    # The appendix is the whole table again: unchanged, it is the same table.
    assert parsed.table.fingerprint() == seed_regulation().table.fingerprint()


def test_the_original_regulation_amends_nothing_whatever_its_preamble_cites() -> None:
    text = seed_text()
    assert "Perubahan Kedua Atas Undang-Undang" in text
    cited = text.replace(
        "\nMEMUTUSKAN ...",
        "\n8. Peraturan Wali Kota Cilegon Nomor 5 Tahun 2021 tentang Perubahan atas Peraturan "
        "Wali Kota Cilegon Nomor 3 Tahun 2020 tentang Gugus Tugas Kota Layak Anak;\n"
        "\nMEMUTUSKAN ...",
        1,
    )
    assert cited != text
    for source in (text, cited):
        facts = parse(source, "perwal.txt").facts
        assert facts.amends is None and facts.amendment_ordinal == ""
        assert facts.legal_basis == "Peraturan Wali Kota Cilegon Nomor 7 Tahun 2023"
        assert facts.title == PLAN_TITLE


@pytest.mark.parametrize(
    ("ordinal", "expected", "words"),
    [
        ("pertama", "pertama", "Perubahan Pertama atas"),
        ("kedua", "kedua", "Perubahan Kedua atas"),
        ("ke-3", "ketiga", "Perubahan Ketiga atas"),
    ],
)
def test_a_counted_amendment_keeps_its_ordinal(ordinal: str, expected: str, words: str) -> None:
    facts = parse(amended_seed_text(number="3", year=2026, ordinal=ordinal)).facts
    assert facts.amendment_ordinal == expected
    assert facts.title.startswith(f"{words} Peraturan Wali Kota Cilegon Nomor 7 Tahun 2023 ")
    assert (facts.regulation_number, facts.regulation_year, facts.amends) == ("3", 2026, PERWAL_7)


@pytest.mark.parametrize(
    "title",
    [
        # A regency, the amended region left out as the same one, one long line.
        "PERATURAN BUPATI SERANG NOMOR 4 TAHUN 2026 TENTANG PERUBAHAN ATAS PERATURAN BUPATI "
        "NOMOR 9 TAHUN 2024 TENTANG RENCANA AKSI DAERAH KABUPATEN LAYAK ANAK TAHUN 2025-2029",
        # "WALIKOTA" spelt as one word, markdown emphasis, a break inside every name.
        "**PERATURAN WALIKOTA\nSERANG**\n**NOMOR 4 TAHUN 2026**\nTENTANG\n**PERUBAHAN ATAS "
        "PERATURAN WALI**  \n**KOTA SERANG NOMOR 9**  \nTAHUN 2024 TENTANG RENCANA AKSI\n"
        "DAERAH KOTA LAYAK ANAK TAHUN\n2025-2029",
    ],
)
def test_kind_spelling_and_line_breaks_do_not_matter(title: str) -> None:
    kind = "Peraturan Bupati" if "BUPATI" in title else "Peraturan Wali Kota"
    official = "BUPATI SERANG," if "BUPATI" in title else "WALI KOTA SERANG,"
    facts, warnings = read_facts(
        f"{title}\n\nDENGAN RAHMAT TUHAN YANG MAHA ESA\n{official}\n", (2025, 2029), "t.txt"
    )
    assert warnings == []
    assert (facts.regulation_kind, facts.region_name) == (kind, "Serang")
    assert (facts.regulation_number, facts.regulation_year) == ("4", 2026)
    assert facts.amends == RegulationRef(kind, "Serang", "9", 2024)
    assert (facts.start_year, facts.end_year) == (2025, 2029)
    assert facts.title.startswith(f"Perubahan atas {kind} Serang Nomor 9 Tahun 2024 tentang ")


def test_a_title_naming_only_the_amended_regulation_is_refused() -> None:
    # Read as it stands it would be Nomor 7 Tahun 2023 itself, the original plan.
    with pytest.raises(RegulationError) as caught:
        read_facts(amendment_title(), (2023, 2026), "rad.xlsx")
    message = str(caught.value)
    assert message.startswith("rad.xlsx: judul hanya menyebut perubahan atas Peraturan Wali")
    assert "Nomor 7 Tahun 2023" in message


def test_an_amendment_of_another_region_or_of_a_later_regulation_is_warned_about() -> None:
    text = amended_seed_text(number="12", year=2022).replace(
        "PERUBAHAN ATAS PERATURAN WALI KOTA CILEGON  \n",
        "PERUBAHAN ATAS PERATURAN WALI KOTA SERANG  \n",
    )
    parsed = parse(text)
    assert parsed.facts.amends == RegulationRef("Peraturan Wali Kota", "Serang", "7", 2023)
    assert any("bukan peraturan Peraturan Wali Kota Cilegon sendiri" in w for w in parsed.warnings)
    assert any("tidak lebih dahulu" in w for w in parsed.warnings)


_RESERVED = ("NOMOR", "TAHUN", "TENTANG", "WALI", "KOTA", "BUPATI", "PERATURAN", "DENGAN")
_WORD = st.text("ABDEGIKLMNOPRSTUY", min_size=2, max_size=9).filter(
    lambda w: not w.startswith(_RESERVED) and not w.startswith(("PERUBAHAN", "ATAS", "LAMPIRAN"))
)
_REGION = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_NUMBER = st.from_regex(r"\A[1-9][0-9]{0,2}[A-Z]?\Z")
_YEAR = st.integers(1990, 2099)


@given(
    city=st.booleans(),
    one_word=st.booleans(),
    region=_REGION,
    number=_NUMBER,
    year=_YEAR,
    amended_number=_NUMBER,
    amended_year=_YEAR,
    name_region=st.booleans(),
    ordinal=st.sampled_from(["", "PERTAMA", "KEDUA", "KETIGA", "KE-4"]),
    start=st.integers(2000, 2090),
    length=st.integers(0, 6),
    breaks=st.lists(st.sampled_from([" ", "\n", "  \n", " ** ", "\n\n"]), min_size=40),
)
def test_the_facts_of_any_amendment_title_read_back_as_written(
    city: bool,
    one_word: bool,
    region: str,
    number: str,
    year: int,
    amended_number: str,
    amended_year: int,
    name_region: bool,
    ordinal: str,
    start: int,
    length: int,
    breaks: list[str],
) -> None:
    official = ("WALIKOTA" if one_word else "WALI KOTA") if city else "BUPATI"
    amended_region = f" {region}" if name_region else ""
    counted = f" {ordinal}" if ordinal else ""
    words = (
        f"PERATURAN {official} {region} NOMOR {number} TAHUN {year} TENTANG PERUBAHAN{counted} "
        f"ATAS PERATURAN {official}{amended_region} NOMOR {amended_number} TAHUN "
        f"{amended_year} TENTANG RENCANA AKSI DAERAH TAHUN {start}-{start + length}"
    ).split()
    title = words[0] + "".join(
        sep + word for sep, word in zip(breaks + [" "] * len(words), words[1:], strict=False)
    )
    text = f"{title}\nDENGAN RAHMAT TUHAN YANG MAHA ESA\n{official} {region},\nMengingat ..."
    facts, _warnings = read_facts(text, (start,), "uji.txt")
    kind = "Peraturan Wali Kota" if city else "Peraturan Bupati"
    name = " ".join(w.capitalize() for w in region.split())
    assert (facts.regulation_kind, facts.region_name) == (kind, name)
    assert (facts.regulation_number, facts.regulation_year) == (number, year)
    assert facts.amends == RegulationRef(kind, name, amended_number, amended_year)
    assert (facts.start_year, facts.end_year) == (start, start + length)
    expected = {"": "", "KE-4": "keempat"}.get(ordinal, ordinal.lower())
    assert facts.amendment_ordinal == expected
    assert facts.title.endswith(f"tentang Rencana Aksi Daerah Tahun {start}-{start + length}")


# -- the same from a PDF and a workbook -----------------------------------------


def test_a_pdf_of_the_amending_regulation_reads_as_its_text() -> None:
    text = amended_seed_text(number="12", year=2025, target_changes=[(2, 2025, "40")])
    table = parse(text).table
    small = dataclasses.replace(
        table, measures=tuple(m for m in table.measures if m.indicator_no <= 3)
    )
    caption = (
        f"LAMPIRAN PERATURAN WALI KOTA CILEGON NOMOR 12 TAHUN 2025 TENTANG {amendment_title()}"
    )
    parsed = parse_pdf(reportlab_pdf(small, text, caption=caption), "perubahan.pdf")
    assert parsed.facts == parse(text).facts
    assert parsed.facts.amends == PERWAL_7
    assert parsed.facts.regulation_number == "12"
    assert [content(m) for m in parsed.table.measures] == [content(m) for m in small.measures]
    assert {y: c.raw for y, c in parsed.table.measures[1].targets}[2025] == "40"


def amendment_workbook(title: list[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    for line in title:
        sheet.append([line])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "title",
    [
        # As the plan export writes a title: the regulation, then "TENTANG <title>".
        ["PERATURAN WALI KOTA CILEGON NOMOR 12 TAHUN 2025", f"TENTANG {amendment_title()}"],
        [f"PERATURAN WALI KOTA CILEGON NOMOR 12 TAHUN 2025 TENTANG {amendment_title()}"],
    ],
)
def test_a_workbook_titled_as_the_amendment_reads_as_the_amendment(title: list[str]) -> None:
    facts = parse_workbook(amendment_workbook(title), "perubahan.xlsx").facts
    assert facts.legal_basis == "Peraturan Wali Kota Cilegon Nomor 12 Tahun 2025"
    assert facts.amends == PERWAL_7
    assert facts.title == f"Perubahan atas {PERWAL_7.legal_basis} tentang {PLAN_TITLE}"
    assert (facts.start_year, facts.end_year) == (2023, 2026)
    # The title the plan keeps reads back the same from an exported workbook.
    again = ["PERATURAN WALI KOTA CILEGON NOMOR 12 TAHUN 2025", f"TENTANG {facts.title.upper()}"]
    assert parse_workbook(amendment_workbook(again), "ekspor.xlsx").facts == facts


def test_a_workbook_titled_only_with_the_amended_regulation_is_refused() -> None:
    with pytest.raises(RegulationError, match="tanpa nomor dan tahun peraturan perubahannya"):
        parse_workbook(amendment_workbook([amendment_title()]), "perubahan.xlsx")


# -- the helper -----------------------------------------------------------------


def test_without_changes_the_helper_writes_the_seed_table_again() -> None:
    seed = seed_regulation()
    same = parse(seed_text_with(), "perwal.txt")
    assert same.facts == seed.facts
    assert same.table.fingerprint() == seed.table.fingerprint()
    assert same.warnings == ()
    # The table is paged: its two header lines repeat, as at a page break.
    assert seed_text_with().count("No\tINDIKATOR\t") > 5


def test_changed_cells_are_read_and_every_other_measure_is_untouched() -> None:
    seed = seed_regulation().table.measures
    changes = [(1, 2025, "60"), ("Jumlah Rumah Aman Anak", 2026, "2")]
    text = amended_seed_text(target_changes=changes, rename=[(4, "UPTD PPA terakreditasi")])
    measures = parse(text).table.measures
    assert len(measures) == len(seed)
    aman = find_measure(seed_regulation().table, "Jumlah Rumah Aman Anak")
    changed = {0: {2025: "60"}, aman: {2026: "2"}}
    for index, (old, new) in enumerate(zip(seed, measures, strict=True)):
        targets = {year: cell.raw for year, cell in new.targets}
        expected = {year: cell.raw for year, cell in old.targets} | changed.get(index, {})
        assert targets == expected, index
        if index == 3:
            assert new.measure == "UPTD PPA terakreditasi"
            assert content(dataclasses.replace(new, measure=old.measure)) == content(old)
        elif index not in changed:
            assert content(new) == content(old), index


def test_dropped_and_added_measures_leave_the_rest_in_order() -> None:
    seed = seed_regulation().table.measures
    text = seed_text_with(
        drop=[3, "Jumlah APSAI"],
        add=[
            NewMeasure(
                after=5, measure="Jumlah UPTD PPA terakreditasi", targets=("1", "1", "2", "2")
            ),
            NewMeasure(after=5, measure="Rapat evaluasi", action="Evaluasi UPTD PPA"),
        ],
    )
    measures = parse(text, "perwal.txt").table.measures
    apsai = find_measure(seed_regulation().table, "Jumlah APSAI")
    # Action keys count the actions in order, so a dropped action shifts the later ones.
    kept = [content(m, action_key=0) for i, m in enumerate(seed) if i not in (2, apsai)]
    new = [m for m in measures if m.measure in ("Jumlah UPTD PPA terakreditasi", "Rapat evaluasi")]
    assert [content(m, action_key=0) for m in measures if m not in new] == kept
    first, second = new
    assert [measures.index(m) for m in new] == [4, 5]  # right after the old fifth (now fourth)
    assert first.action == seed[4].action and first.action_key == measures[3].action_key
    assert [c.raw for _y, c in first.targets] == ["1", "1", "2", "2"]
    assert second.action == "Evaluasi UPTD PPA" and second.action_key != first.action_key
    assert (second.indicator_no, second.agency_raw) == (seed[4].indicator_no, seed[4].agency_raw)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target_changes": [(999, 2025, "1")]}, "measures 1..195"),
        ({"target_changes": [(1, 2030, "1")]}, "year 2030"),
        ({"rename": [("Kelurahan", "x")]}, "names"),
        ({"drop": ["tidak ada ukuran seperti ini"]}, "names 0 measures"),
        ({"drop": [1], "target_changes": [(1, 2025, "1")]}, "both dropped and changed"),
    ],
)
def test_a_reference_that_names_no_single_measure_is_refused(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        seed_text_with(**kwargs)  # type: ignore[arg-type]
