"""Tests for the pure cell parser of RAD KLA target and baseline cells."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radkla.plan.parsers.cells import (
    Cell,
    CellKind,
    Part,
    format_decimal,
    is_percent_unit,
    parse_cell,
)

# --- numbers ---------------------------------------------------------------------------------


def test_it_reads_a_decimal_comma() -> None:
    cell = parse_cell("95,53")
    assert cell.kind is CellKind.NUMBER
    assert cell.number == Decimal("95.53")
    assert cell.label == ""
    assert cell.warning == ""


def test_it_reads_a_decimal_point() -> None:
    cell = parse_cell("97.50")
    assert cell.kind is CellKind.NUMBER
    assert cell.number == Decimal("97.50")


def test_it_reads_other_plain_numbers() -> None:
    assert parse_cell("97,8").number == Decimal("97.8")
    assert parse_cell("80,35").number == Decimal("80.35")
    assert parse_cell("2000").number == Decimal("2000")


def test_it_reads_an_integer() -> None:
    cell = parse_cell("2000")
    assert cell.kind is CellKind.NUMBER
    assert cell.number == Decimal(2000)


def test_it_reads_a_dot_as_indonesian_thousands() -> None:
    assert parse_cell("1.500").number == Decimal(1500)
    assert parse_cell("1.500.000").number == Decimal(1500000)


def test_it_reads_a_dot_before_a_leading_zero_as_a_decimal_point() -> None:
    cell = parse_cell("0.125")
    assert cell.kind is CellKind.NUMBER
    assert cell.number == Decimal("0.125")


def test_it_takes_the_last_separator_as_the_decimal_one() -> None:
    assert parse_cell("1.500,25").number == Decimal("1500.25")
    assert parse_cell("1,500.25").number == Decimal("1500.25")


def test_it_reads_a_single_comma_as_a_decimal_comma() -> None:
    assert parse_cell("1,500").number == Decimal("1.5")


def test_it_reads_a_sign() -> None:
    assert parse_cell("-3,25").number == Decimal("-3.25")
    assert parse_cell("+7").number == Decimal(7)


def test_it_strips_surrounding_whitespace_and_keeps_the_raw_text() -> None:
    cell = parse_cell("  95,53 \n")
    assert cell.number == Decimal("95.53")
    assert cell.raw == "  95,53 \n"


def test_it_refuses_malformed_thousands() -> None:
    assert parse_cell("1.50.0").kind is CellKind.TEXT
    assert parse_cell("1.50,25").kind is CellKind.TEXT


def test_it_refuses_non_ascii_digits() -> None:
    assert parse_cell("٣").kind is CellKind.TEXT
    assert parse_cell("１２").kind is CellKind.TEXT


def test_it_refuses_numbers_with_too_many_digits() -> None:
    assert parse_cell("1" * 30).number == Decimal("1" * 30)
    assert parse_cell("1" * 31).kind is CellKind.TEXT


# --- numbers with a label ---------------------------------------------------------------------


def test_it_reads_a_number_with_a_label() -> None:
    cell = parse_cell("43 Kelurahan")
    assert cell.kind is CellKind.NUMBER
    assert cell.number == Decimal(43)
    assert cell.label == "Kelurahan"


def test_it_keeps_the_label_as_written() -> None:
    assert parse_cell("5 paket").label == "paket"
    assert parse_cell("25 FA").label == "FA"
    assert parse_cell("1 Kota").label == "Kota"
    assert parse_cell("8 kecamatan").label == "kecamatan"
    assert parse_cell("5   paket   kegiatan").label == "paket kegiatan"


def test_a_number_with_a_label_stays_a_number_under_a_percent_unit() -> None:
    cell = parse_cell("80 anak", "%")
    assert cell.kind is CellKind.NUMBER
    assert cell.label == "anak"


# --- percents ---------------------------------------------------------------------------------


def test_it_reads_a_percent_sign() -> None:
    for raw in ("100%", "100 %"):
        cell = parse_cell(raw)
        assert cell.kind is CellKind.PERCENT
        assert cell.number == Decimal(100)
    assert parse_cell("97,5%").number == Decimal("97.5")


def test_it_reads_a_bare_number_under_a_percent_unit() -> None:
    cell = parse_cell("80", "%")
    assert cell.kind is CellKind.PERCENT
    assert cell.number == Decimal(80)
    assert parse_cell("80", "Persentase anak").kind is CellKind.PERCENT


def test_it_treats_a_percent_with_words_as_text() -> None:
    assert parse_cell("100% anak").kind is CellKind.TEXT
    assert parse_cell("100 % anak").kind is CellKind.TEXT
    assert parse_cell("% 100").kind is CellKind.TEXT


def test_it_recognises_percent_units() -> None:
    assert is_percent_unit("%")
    assert is_percent_unit(" % anak")
    assert is_percent_unit("% jumlah kunjungan pasien")
    assert is_percent_unit("Persentase")
    assert is_percent_unit("presentase balita")
    assert is_percent_unit("PROSENTASE")
    assert is_percent_unit("Persentase(%)")
    assert not is_percent_unit("")
    assert not is_percent_unit("Kelurahan")
    assert not is_percent_unit("Persentasenya")
    assert not is_percent_unit("anak %")


# --- thresholds -------------------------------------------------------------------------------


def test_it_reads_a_greater_than_percent_threshold() -> None:
    for raw in ("> 90%", ">90%"):
        cell = parse_cell(raw)
        assert cell.kind is CellKind.THRESHOLD
        assert cell.comparator == ">"
        assert cell.number == Decimal(90)
        assert cell.percent is True


def test_it_normalises_unicode_comparators() -> None:
    cell = parse_cell("≥ 95")
    assert cell.kind is CellKind.THRESHOLD
    assert cell.comparator == ">="
    assert cell.number == Decimal(95)
    assert cell.percent is False
    assert parse_cell("≤5").comparator == "<="


def test_it_reads_ascii_comparators() -> None:
    cell = parse_cell("< 5")
    assert cell.kind is CellKind.THRESHOLD
    assert cell.comparator == "<"
    assert cell.number == Decimal(5)
    assert parse_cell(">= 95").comparator == ">="
    assert parse_cell("=< 5").comparator == "<="
    assert parse_cell("=> 5").comparator == ">="


def test_a_threshold_under_a_percent_unit_is_a_percent() -> None:
    assert parse_cell("> 90", "%").percent is True


def test_a_threshold_with_a_label_is_text() -> None:
    assert parse_cell("> 90 kelurahan").kind is CellKind.TEXT


# --- composites -------------------------------------------------------------------------------


KEC_KEL = (Part("Kecamatan", Decimal(8)), Part("Kelurahan", Decimal(43)))


def test_it_reads_number_first_pairs() -> None:
    cell = parse_cell("8 Kecamatan 43 Kelurahan")
    assert cell.kind is CellKind.COMPOSITE
    assert cell.parts == KEC_KEL
    assert cell.number is None


def test_it_keeps_abbreviated_labels() -> None:
    assert parse_cell("8 Kec 43 Kelurahan").parts == (
        Part("Kec", Decimal(8)),
        Part("Kelurahan", Decimal(43)),
    )


def test_it_drops_connectives_between_pairs() -> None:
    for raw in (
        "8 Kecamatan dan 43 Kelurahan",
        "8 Kecamatan & 43 Kelurahan",
        "8 Kecamatan and 43 Kelurahan",
        "8 Kecamatan, 43 Kelurahan",
        "8 Kecamatan, dan 43 Kelurahan",
    ):
        assert parse_cell(raw).parts == KEC_KEL, raw


def test_it_keeps_several_words_in_a_label() -> None:
    assert parse_cell("8 FA Kecamatan 43 Kelurahan").parts == (
        Part("FA Kecamatan", Decimal(8)),
        Part("Kelurahan", Decimal(43)),
    )


def test_it_reads_label_first_pairs() -> None:
    cell = parse_cell("Motor 2 Molin 1")
    assert cell.kind is CellKind.COMPOSITE
    assert cell.parts == (Part("Motor", Decimal(2)), Part("Molin", Decimal(1)))


def test_a_single_label_first_pair_is_text() -> None:
    assert parse_cell("Tahun 2022").kind is CellKind.TEXT


def test_it_pairs_bare_numbers_with_the_unit_words() -> None:
    cell = parse_cell("249 399", "SD SMP")
    assert cell.kind is CellKind.COMPOSITE
    assert cell.parts == (Part("SD", Decimal(249)), Part("SMP", Decimal(399)))
    assert parse_cell("249 399", "SD/SMP").parts == cell.parts
    assert parse_cell("249 399", "SD dan SMP").parts == cell.parts


def test_bare_numbers_without_matching_unit_words_are_text() -> None:
    for unit in ("", "SD", "SD SMP SMA", "%", "SD 01"):
        cell = parse_cell("249 399", unit)
        assert cell.kind is CellKind.TEXT, unit
        assert "249 399" in cell.warning


def test_a_pair_without_a_label_is_text() -> None:
    assert parse_cell("8 43 Kelurahan").kind is CellKind.TEXT
    assert parse_cell("Motor 2 3").kind is CellKind.TEXT
    assert parse_cell("8 dan").kind is CellKind.TEXT


# --- none and text ----------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["", "   ", "-", "–", "—", "--", " - "])
def test_it_reads_an_empty_cell_as_none(raw: str) -> None:
    cell = parse_cell(raw)
    assert cell.kind is CellKind.NONE
    assert cell.raw == raw
    assert cell.warning == ""
    assert cell.value_json() is None


@pytest.mark.parametrize("raw", ["Tahun 2022 - Tahun 2027", "Kota / Kecamatan", "abc"])
def test_it_keeps_unreadable_text_with_a_warning(raw: str) -> None:
    cell = parse_cell(raw)
    assert cell.kind is CellKind.TEXT
    assert cell.raw == raw
    assert cell.warning == f'Sel "{raw}" tidak dapat dibaca sebagai angka; teks aslinya disimpan.'
    assert cell.number is None
    assert cell.canonical() == raw


def test_it_shortens_the_quote_of_a_long_text() -> None:
    cell = parse_cell("x" * 10_000)
    assert cell.kind is CellKind.TEXT
    assert len(cell.warning) < 200
    assert cell.warning.endswith(".")


def test_it_survives_huge_and_strange_inputs() -> None:
    assert parse_cell("\x00\x1f\u200b").kind is CellKind.TEXT
    assert parse_cell("9" * 100_000).kind is CellKind.TEXT
    assert parse_cell("1 a " * 20_000).kind is CellKind.COMPOSITE
    assert parse_cell("1e5").kind is CellKind.TEXT
    assert parse_cell("NaN").kind is CellKind.TEXT


# --- JSON and canonical text ------------------------------------------------------------------


def test_to_json_of_a_number() -> None:
    assert parse_cell("2000").to_json() == {"raw": "2000", "kind": "number", "value": 2000}
    assert parse_cell("97.50").to_json() == {"raw": "97.50", "kind": "number", "value": 97.5}


def test_to_json_of_a_percent() -> None:
    assert parse_cell("100%").to_json() == {"raw": "100%", "kind": "percent", "value": 100}


def test_to_json_of_a_threshold() -> None:
    assert parse_cell("> 90%").to_json() == {
        "raw": "> 90%",
        "kind": "threshold",
        "value": {"comparator": ">", "value": 90, "percent": True},
    }


def test_to_json_of_a_composite() -> None:
    assert parse_cell("8 Kecamatan 43 Kelurahan").to_json() == {
        "raw": "8 Kecamatan 43 Kelurahan",
        "kind": "composite",
        "value": {
            "parts": [{"label": "Kecamatan", "value": 8}, {"label": "Kelurahan", "value": 43}]
        },
    }


def test_to_json_of_none_and_text() -> None:
    assert parse_cell("-").to_json() == {"raw": "-", "kind": "none", "value": None}
    assert parse_cell("abc").to_json() == {"raw": "abc", "kind": "text", "value": None}


def test_to_json_is_serialisable() -> None:
    json.dumps(parse_cell("1.500,25").to_json())


def test_canonical_texts() -> None:
    assert parse_cell("97.50").canonical() == "97,5"
    assert parse_cell("43  Kelurahan").canonical() == "43 Kelurahan"
    assert parse_cell("100 %").canonical() == "100%"
    assert parse_cell("≥95").canonical() == ">= 95"
    assert parse_cell("> 90", "%").canonical() == "> 90%"
    assert parse_cell("8 Kecamatan dan 43 Kelurahan").canonical() == "8 Kecamatan 43 Kelurahan"
    assert parse_cell("Motor 2 Molin 1").canonical() == "2 Motor 1 Molin"
    assert parse_cell("249 399", "SD SMP").canonical() == "249 SD 399 SMP"
    assert parse_cell("").canonical() == "-"


def test_format_decimal_renders_the_indonesian_way() -> None:
    assert format_decimal(Decimal("97.50")) == "97,5"
    assert format_decimal(Decimal("2000")) == "2000"
    assert format_decimal(Decimal("2E+3")) == "2000"
    assert format_decimal(Decimal("-3.25")) == "-3,25"
    assert format_decimal(Decimal("0.125")) == "0,125"
    assert format_decimal(Decimal("-0.00")) == "0"


def test_format_decimal_refuses_non_finite_values() -> None:
    with pytest.raises(ValueError):
        format_decimal(Decimal("NaN"))


# --- properties -------------------------------------------------------------------------------

LABELS = ["Kecamatan", "Kelurahan", "FA", "paket", "Motor", "Molin", "FA Kecamatan", "Kec."]
UNITS = ["", "%", "Persentase", "SD SMP", "orang", "Kelurahan"]
COMPARATORS = [">", ">=", "<", "<="]

decimals = st.decimals(
    allow_nan=False, allow_infinity=False, places=2, min_value=-(10**6), max_value=10**6
)
fragments = st.sampled_from(
    [
        *(" ", "  ", "\t", "8", "43", "-5", "1.500", "97,5", "0.125", "Kec", "Kelurahan", "Motor"),
        *("dan", ",", "&", "%", ">", "≥", "=<", "-", "/", "٣", "x"),
    ]
)


@st.composite
def cells_with_units(draw: st.DrawFn) -> tuple[Cell, str]:
    unit = draw(st.sampled_from(UNITS))
    percent_unit = is_percent_unit(unit)
    kind = draw(st.sampled_from(list(CellKind)))
    if kind is CellKind.NUMBER:
        label = draw(st.sampled_from(["", *LABELS]))
        if not label and percent_unit:
            return Cell(raw="", kind=CellKind.PERCENT, number=draw(decimals)), unit
        return Cell(raw="", kind=kind, number=draw(decimals), label=label), unit
    if kind is CellKind.PERCENT:
        return Cell(raw="", kind=kind, number=draw(decimals)), unit
    if kind is CellKind.THRESHOLD:
        cell = Cell(
            raw="",
            kind=kind,
            number=draw(decimals),
            comparator=draw(st.sampled_from(COMPARATORS)),
            percent=draw(st.booleans()) or percent_unit,
        )
        return cell, unit
    if kind is CellKind.COMPOSITE:
        pairs = draw(st.lists(st.tuples(st.sampled_from(LABELS), decimals), min_size=2, max_size=5))
        parts = tuple(Part(label, value) for label, value in pairs)
        return Cell(raw="", kind=kind, parts=parts), unit
    if kind is CellKind.NONE:
        return Cell(raw="", kind=kind), unit
    return parse_cell(draw(st.sampled_from(["abc", "Kota / Kecamatan", "Tahun 2022"])), unit), unit


def without_raw(cell: Cell) -> Cell:
    return dataclasses.replace(cell, raw="")


@given(st.text(), st.text())
def test_it_never_raises_and_keeps_the_raw_text(raw: str, unit: str) -> None:
    cell = parse_cell(raw, unit)
    assert cell.raw == raw
    assert (cell.kind is CellKind.TEXT) == bool(cell.warning)
    json.dumps(cell.to_json())


@given(cells_with_units())
def test_canonical_text_reads_back_to_the_same_cell(cell_and_unit: tuple[Cell, str]) -> None:
    cell, unit = cell_and_unit
    assert without_raw(parse_cell(cell.canonical(), unit)) == without_raw(cell)


@settings(deadline=None)
@given(st.lists(fragments, max_size=8).map("".join), st.sampled_from([*UNITS, "Kec Kel"]))
def test_any_parsed_cell_reads_back_from_its_canonical_text(raw: str, unit: str) -> None:
    cell = parse_cell(raw, unit)
    again = parse_cell(cell.canonical(), unit)
    assert without_raw(again) == without_raw(cell)


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=4, min_value=-(10**12), max_value=10**12
    )
)
def test_format_decimal_reads_back_to_the_same_number(value: Decimal) -> None:
    text = format_decimal(value)
    assert "." not in text
    assert "E" not in text.upper()
    cell = parse_cell(text)
    assert cell.kind is CellKind.NUMBER
    assert cell.number == value
