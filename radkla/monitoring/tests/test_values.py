"""Reading a realization as typed, and the warnings raised as it is typed (pure, no Django)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radkla.monitoring.values import EnteredValue, entry_warnings, part_labels, read_value
from radkla.plan.parsers.cells import Cell, CellKind, parse_cell

LABELS = ["Kecamatan", "Kelurahan"]
COMPOSITE_TARGET = parse_cell("8 Kecamatan 43 Kelurahan")


def value_of(number: str) -> EnteredValue:
    return EnteredValue(number, Decimal(number), None)


# --- read_value: plain numbers and percents ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("86,5", Decimal("86.5")),
        ("86.5", Decimal("86.5")),
        ("  86,5  ", Decimal("86.5")),
        ("0", Decimal(0)),
        ("1.500", Decimal(1500)),
        ("1.500,25", Decimal("1500.25")),
    ],
)
def test_it_reads_a_plain_number_with_a_decimal_comma_or_dot(text: str, expected: Decimal) -> None:
    value = read_value(text, unit="orang", target=parse_cell("90"))
    assert value.number == expected
    assert value.parts is None
    assert value.error == ""
    assert not value.is_empty


def test_it_keeps_the_typed_text_with_whitespace_collapsed() -> None:
    value = read_value("  86,5\t", unit="orang", target=None)
    assert value.raw == "86,5"


@pytest.mark.parametrize("text", ["97,5%", "97,5 %", "97,5"])
def test_it_reads_a_percent_typed_with_or_without_the_sign_under_a_percent_unit(text: str) -> None:
    value = read_value(text, unit="%", target=parse_cell("90"))
    assert value.number == Decimal("97.5")
    assert value.error == ""


def test_it_reads_a_percent_under_a_persentase_unit() -> None:
    value = read_value("80%", unit="Persentase", target=None)
    assert value.number == Decimal(80)
    assert value.error == ""


@pytest.mark.parametrize("text", ["-5", "-0,5", "-12%"])
def test_it_refuses_a_negative_number_in_indonesian(text: str) -> None:
    value = read_value(text, unit="%", target=parse_cell("90"))
    assert value.number is None
    assert value.error == "Nilai tidak boleh negatif."
    assert not value.is_empty


def test_it_refuses_a_number_with_a_label_word() -> None:
    value = read_value("80 anak", unit="%", target=parse_cell("90"))
    assert value.number is None
    assert "Tulis angkanya saja" in value.error
    assert '"anak"' in value.error


@pytest.mark.parametrize("text", ["sembilan puluh", "abc", "> 90", "100 % anak", "12/3"])
def test_it_refuses_garbage_quoting_it(text: str) -> None:
    value = read_value(text, unit="orang", target=parse_cell("90"))
    assert value.number is None
    assert value.parts is None
    assert f'"{text}"' in value.error
    assert "bukan angka" in value.error


def test_it_refuses_garbage_when_there_is_no_target() -> None:
    value = read_value("banyak", unit="orang", target=None)
    assert value.error == '"banyak" bukan angka; tulis misalnya 95 atau 97,5.'


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_it_reads_an_empty_cell_as_empty(text: str) -> None:
    value = read_value(text, unit="%", target=parse_cell("90"))
    assert value.is_empty
    assert value.raw == ""
    assert value.error == ""


@pytest.mark.parametrize("target_text", ["Tahun 2022 - Tahun 2027", "-"])
def test_it_accepts_free_text_for_an_unscorable_target(target_text: str) -> None:
    target = parse_cell(target_text)
    assert target.kind in (CellKind.TEXT, CellKind.NONE)
    value = read_value("Perda sudah disahkan", unit="dokumen", target=target)
    assert value.error == ""
    assert value.number is None
    assert value.parts is None
    assert value.raw == "Perda sudah disahkan"


def test_it_does_not_call_accepted_free_text_empty() -> None:
    value = read_value("Perda sudah disahkan", unit="dokumen", target=parse_cell("-"))
    assert value.error == ""
    assert not value.is_empty


def test_it_still_reads_a_number_for_an_unscorable_target() -> None:
    value = read_value("3", unit="dokumen", target=parse_cell("-"))
    assert value.number == Decimal(3)
    assert value.error == ""


def test_it_still_refuses_a_negative_number_for_an_unscorable_target() -> None:
    value = read_value("-3", unit="dokumen", target=parse_cell("-"))
    assert value.error == "Nilai tidak boleh negatif."


# --- read_value: composite measures ------------------------------------------------------------


def test_it_reads_every_part_typed_in_its_own_cell() -> None:
    value = read_value(
        "",
        unit="Kecamatan/Kelurahan",
        target=COMPOSITE_TARGET,
        parts={"Kecamatan": "8", "Kelurahan": "43"},
        labels=LABELS,
    )
    assert value.error == ""
    assert value.number is None
    assert value.parts == {"Kecamatan": Decimal(8), "Kelurahan": Decimal(43)}
    assert value.raw == "8 Kecamatan 43 Kelurahan"
    assert not value.is_empty


def test_it_renders_parts_canonically_with_a_decimal_comma() -> None:
    value = read_value(
        "",
        unit="",
        target=COMPOSITE_TARGET,
        parts={"Kecamatan": " 8,50 ", "Kelurahan": "43.0"},
        labels=LABELS,
    )
    assert value.parts == {"Kecamatan": Decimal("8.50"), "Kelurahan": Decimal("43.0")}
    assert value.raw == "8,5 Kecamatan 43 Kelurahan"


def test_it_names_the_part_left_empty() -> None:
    value = read_value(
        "",
        unit="",
        target=COMPOSITE_TARGET,
        parts={"Kecamatan": "8", "Kelurahan": " "},
        labels=LABELS,
    )
    assert value.parts is None
    assert value.error == "Bagian Kelurahan belum diisi."


def test_it_names_the_part_missing_from_the_mapping() -> None:
    value = read_value("", unit="", target=None, parts={"Kelurahan": "43"}, labels=LABELS)
    assert "Kecamatan" in value.error
    assert "belum diisi" in value.error


@pytest.mark.parametrize("typed", ["delapan", "8 kecamatan", "80%", "> 8"])
def test_it_refuses_a_part_that_is_not_a_number(typed: str) -> None:
    value = read_value(
        "",
        unit="",
        target=COMPOSITE_TARGET,
        parts={"Kecamatan": typed, "Kelurahan": "43"},
        labels=LABELS,
    )
    assert value.parts is None
    assert value.error == f'Bagian Kecamatan: "{typed}" bukan angka.'


def test_it_refuses_a_negative_part() -> None:
    value = read_value(
        "", unit="", target=None, parts={"Kecamatan": "8", "Kelurahan": "-1"}, labels=LABELS
    )
    assert value.parts is None
    assert value.error == "Bagian Kelurahan tidak boleh negatif."


def test_it_reads_empty_part_cells_as_empty() -> None:
    value = read_value(
        "", unit="", target=COMPOSITE_TARGET, parts={"Kecamatan": " "}, labels=LABELS
    )
    assert value.is_empty


def test_it_reads_no_parts_and_no_text_as_empty() -> None:
    assert read_value("", unit="", target=COMPOSITE_TARGET, labels=LABELS).is_empty


@pytest.mark.parametrize(
    "text",
    [
        "8 Kecamatan 43 Kelurahan",
        "8 kecamatan 43 KELURAHAN",
        "43 Kelurahan 8 Kecamatan",
        "Kecamatan 8 Kelurahan 43",
        "8 Kecamatan dan 43 Kelurahan",
    ],
)
def test_it_reads_a_composite_typed_in_one_cell(text: str) -> None:
    value = read_value(text, unit="Kecamatan/Kelurahan", target=COMPOSITE_TARGET, labels=LABELS)
    assert value.error == ""
    assert value.parts == {"Kecamatan": Decimal(8), "Kelurahan": Decimal(43)}
    assert value.raw == "8 Kecamatan 43 Kelurahan"


@pytest.mark.parametrize(
    "text", ["8 Kec 43 Kel", "8 Kecamatan", "8 Kecamatan 43 Desa", "51", "delapan kecamatan"]
)
def test_it_refuses_a_one_cell_composite_whose_labels_do_not_match(text: str) -> None:
    value = read_value(text, unit="", target=COMPOSITE_TARGET, labels=LABELS)
    assert value.parts is None
    assert value.error == "Isi angka untuk setiap bagian: Kecamatan, Kelurahan."


def test_it_prefers_the_part_cells_over_the_one_cell_text() -> None:
    value = read_value(
        "1 Kecamatan 2 Kelurahan",
        unit="",
        target=COMPOSITE_TARGET,
        parts={"Kecamatan": "8", "Kelurahan": "43"},
        labels=LABELS,
    )
    assert value.parts == {"Kecamatan": Decimal(8), "Kelurahan": Decimal(43)}


def test_it_refuses_a_negative_part_typed_in_one_cell() -> None:
    value = read_value("-8 Kecamatan 43 Kelurahan", unit="", target=COMPOSITE_TARGET, labels=LABELS)
    assert value.error != ""


# --- part_labels -------------------------------------------------------------------------------


def test_it_takes_part_labels_from_the_target() -> None:
    assert part_labels(COMPOSITE_TARGET) == LABELS


def test_it_takes_part_labels_from_the_baseline_when_the_target_is_not_composite() -> None:
    assert part_labels(parse_cell("-"), parse_cell("2 Motor 1 Molin")) == ["Motor", "Molin"]
    assert part_labels(None, COMPOSITE_TARGET) == LABELS


def test_it_prefers_the_targets_labels_over_the_baselines() -> None:
    assert part_labels(COMPOSITE_TARGET, parse_cell("2 Motor 1 Molin")) == LABELS


def test_it_finds_no_part_labels_for_plain_cells() -> None:
    assert part_labels(parse_cell("90"), parse_cell("85%")) == []
    assert part_labels(None) == []


# --- entry_warnings ----------------------------------------------------------------------------


def test_it_warns_of_a_percent_above_100_under_a_percent_unit() -> None:
    warnings = entry_warnings(value_of("101"), unit="%", target=None, previous=None, is_stock=False)
    assert warnings == ["Nilai 101% melebihi 100%."]


def test_it_does_not_warn_of_exactly_100_percent() -> None:
    assert (
        entry_warnings(value_of("100"), unit="%", target=None, previous=None, is_stock=False) == []
    )


def test_it_warns_of_a_percent_above_100_under_a_percent_threshold_target() -> None:
    warnings = entry_warnings(
        value_of("120.5"), unit="anak", target=parse_cell("> 90%"), previous=None, is_stock=False
    )
    assert warnings == ["Nilai 120,5% melebihi 100%."]


def test_it_warns_of_a_percent_above_100_under_a_percent_target() -> None:
    warnings = entry_warnings(
        value_of("101"), unit="", target=parse_cell("90%"), previous=None, is_stock=False
    )
    assert warnings == ["Nilai 101% melebihi 100%."]


def test_it_does_not_treat_a_plain_threshold_as_percent() -> None:
    assert (
        entry_warnings(
            value_of("101"), unit="anak", target=parse_cell("> 90"), previous=None, is_stock=False
        )
        == []
    )


def test_it_warns_of_a_value_more_than_three_times_the_target() -> None:
    warnings = entry_warnings(
        value_of("271"), unit="orang", target=parse_cell("90"), previous=None, is_stock=False
    )
    assert warnings == ["Nilai 271 lebih dari tiga kali target tahun ini (90)."]


def test_it_does_not_warn_of_exactly_three_times_the_target() -> None:
    assert (
        entry_warnings(
            value_of("270"), unit="orang", target=parse_cell("90"), previous=None, is_stock=False
        )
        == []
    )


def test_it_does_not_compare_with_a_zero_target() -> None:
    assert (
        entry_warnings(
            value_of("1000"), unit="orang", target=parse_cell("0"), previous=None, is_stock=False
        )
        == []
    )


def test_it_compares_a_composite_with_the_sum_of_the_targets_parts() -> None:
    over = EnteredValue("x", None, {"Kecamatan": Decimal(100), "Kelurahan": Decimal(54)})
    assert entry_warnings(
        over, unit="", target=COMPOSITE_TARGET, previous=None, is_stock=False
    ) == ["Nilai 154 lebih dari tiga kali target tahun ini (51)."]


def test_it_warns_of_a_stock_falling_below_half_of_the_previous_period() -> None:
    warnings = entry_warnings(
        value_of("49"), unit="orang", target=None, previous=Decimal(100), is_stock=True
    )
    assert warnings == ["Nilai turun tajam dari periode sebelumnya (100 menjadi 49)."]


def test_it_does_not_warn_of_a_stock_falling_to_exactly_half() -> None:
    assert (
        entry_warnings(
            value_of("50"), unit="orang", target=None, previous=Decimal(100), is_stock=True
        )
        == []
    )


def test_it_does_not_warn_of_the_same_fall_for_a_flow() -> None:
    assert (
        entry_warnings(
            value_of("49"), unit="orang", target=None, previous=Decimal(100), is_stock=False
        )
        == []
    )


def test_it_does_not_warn_of_a_fall_from_zero_or_without_a_previous_value() -> None:
    assert (
        entry_warnings(value_of("0"), unit="orang", target=None, previous=Decimal(0), is_stock=True)
        == []
    )
    assert (
        entry_warnings(value_of("0"), unit="orang", target=None, previous=None, is_stock=True) == []
    )


def test_it_warns_when_the_parts_differ_from_the_targets_parts() -> None:
    value = EnteredValue("x", None, {"Kecamatan": Decimal(8), "Desa": Decimal(43)})
    warnings = entry_warnings(
        value, unit="", target=COMPOSITE_TARGET, previous=None, is_stock=False
    )
    assert warnings == ["Bagian-bagian nilai tidak sama dengan bagian-bagian target."]


def test_it_does_not_warn_when_the_parts_match_the_targets_parts() -> None:
    value = read_value("9 Kecamatan 40 Kelurahan", unit="", target=COMPOSITE_TARGET, labels=LABELS)
    assert (
        entry_warnings(value, unit="", target=COMPOSITE_TARGET, previous=None, is_stock=False) == []
    )


@pytest.mark.parametrize(
    ("text", "unit", "target", "previous", "is_stock"),
    [
        ("86,5", "%", "90", Decimal(80), True),
        ("95", "orang", "> 90%", None, False),
        ("120", "orang", "100", Decimal(130), True),
        ("Perda sudah disahkan", "dokumen", "Tahun 2022 - Tahun 2027", None, True),
    ],
)
def test_it_does_not_warn_of_a_normal_value(
    text: str, unit: str, target: str, previous: Decimal | None, is_stock: bool
) -> None:
    value = read_value(text, unit=unit, target=parse_cell(target, unit))
    assert value.error == ""
    assert (
        entry_warnings(
            value, unit=unit, target=parse_cell(target, unit), previous=previous, is_stock=is_stock
        )
        == []
    )


def test_it_gives_no_warnings_for_an_empty_value() -> None:
    empty = read_value("", unit="%", target=None)
    assert (
        entry_warnings(
            empty, unit="%", target=parse_cell("90"), previous=Decimal(100), is_stock=True
        )
        == []
    )


# --- properties --------------------------------------------------------------------------------

units = st.sampled_from(
    ["", "%", "Persentase", "orang", "Kecamatan/Kelurahan", "SD SMP"]
) | st.text(max_size=20)
label_lists = st.none() | st.lists(st.text(min_size=1, max_size=12), max_size=3)
part_maps = st.none() | st.dictionaries(st.text(max_size=12), st.text(max_size=20), max_size=4)
target_texts = ["90", "> 90%", "8 Kecamatan 43 Kelurahan", "-", "Tahun 2022 - Tahun 2027", "0"]
amounts = st.decimals(min_value=0, max_value=10**9, places=2)


@settings(database=None, deadline=None)
@given(
    text=st.text(),
    unit=units,
    target=st.none() | st.sampled_from(target_texts).map(parse_cell),
    labels=label_lists,
    parts=part_maps,
)
def test_read_value_never_raises_and_never_returns_a_negative_number(
    text: str,
    unit: str,
    target: Cell | None,
    labels: list[str] | None,
    parts: dict[str, str] | None,
) -> None:
    value = read_value(text, unit=unit, target=target, parts=parts, labels=labels)
    assert isinstance(value, EnteredValue)
    if not value.error and value.number is not None:
        assert value.number >= 0
    if value.error:
        assert value.number is None
        assert value.parts is None


@st.composite
def entered_values(draw: st.DrawFn) -> EnteredValue:
    if draw(st.booleans()):
        number = draw(amounts)
        return EnteredValue(str(number), number, None)
    labels = draw(st.sampled_from([LABELS, ["Kecamatan", "Desa"], ["Motor", "Molin", "Lain"]]))
    parts = {label: draw(amounts) for label in labels}
    return EnteredValue("x", None, parts)


@settings(database=None, deadline=None)
@given(
    value=entered_values(),
    unit=st.sampled_from(["", "%", "orang", "Persentase"]),
    target=st.sampled_from(target_texts).map(parse_cell),
    previous=st.none() | amounts,
    is_stock=st.booleans(),
)
def test_entry_warnings_never_raises_for_a_well_formed_value(
    value: EnteredValue, unit: str, target: Cell, previous: Decimal | None, is_stock: bool
) -> None:
    warnings = entry_warnings(value, unit=unit, target=target, previous=previous, is_stock=is_stock)
    assert all(isinstance(w, str) and w for w in warnings)


def test_it_refuses_a_label_written_twice_in_one_cell() -> None:
    value = read_value(
        "8 Kecamatan 43 Kelurahan 5 kecamatan", unit="", target=COMPOSITE_TARGET, labels=LABELS
    )
    assert "setiap bagian" in value.error


def test_free_text_starting_with_a_number_is_accepted_for_an_unscorable_target() -> None:
    value = read_value("5 kegiatan", unit="dokumen", target=parse_cell("-"))
    assert value.error == "" and value.raw == "5 kegiatan" and value.number is None
