"""The one check of a number against the decimal column it is stored in."""

from __future__ import annotations

from decimal import Context, Decimal, InvalidOperation

from django.db import models
from hypothesis import given
from hypothesis import strategies as st

from radkla.lib.decimals import decimal_problem
from radkla.monitoring.models import Budget, Realization

VALUE = Realization._meta.get_field("value_number")
AMOUNT = Budget._meta.get_field("amount")


def _stored_exactly(value: Decimal, max_digits: int, places: int) -> bool:
    """What a NUMERIC(max_digits, places) column keeps: the value rounded to ``places``."""
    try:
        rounded = value.quantize(Decimal(1).scaleb(-places), context=Context(prec=max_digits))
    except InvalidOperation:
        return False
    return rounded == value


columns = st.integers(min_value=1, max_value=30).flatmap(
    lambda digits: st.tuples(st.just(digits), st.integers(min_value=0, max_value=digits))
)
numbers = st.decimals(allow_nan=False, allow_infinity=False) | st.builds(
    lambda digits, exponent: Decimal(f"{digits}E{exponent}"),
    st.integers(min_value=-(10**35), max_value=10**35),
    st.integers(min_value=-40, max_value=40),
)


@given(numbers, columns)
def test_a_number_passes_exactly_when_its_column_keeps_it_unchanged(
    value: Decimal, column: tuple[int, int]
) -> None:
    max_digits, places = column
    field = models.DecimalField(max_digits=max_digits, decimal_places=places)
    assert (decimal_problem(value, field) == "") == _stored_exactly(value, max_digits, places)


@given(st.sampled_from(["NaN", "sNaN", "Infinity", "-Infinity"]), columns)
def test_what_is_not_a_number_never_passes(text: str, column: tuple[int, int]) -> None:
    field = models.DecimalField(max_digits=column[0], decimal_places=column[1])
    assert decimal_problem(Decimal(text), field) == "Bukan angka yang dapat disimpan."


def test_the_message_says_how_many_digits_the_column_holds() -> None:
    nik = Decimal("3672011203990001")  # a 16-digit NIK typed by mistake
    assert (
        decimal_problem(nik, VALUE) == "Angka terlalu besar: paling banyak 14 angka sebelum koma."
    )
    assert decimal_problem(Decimal("1E+18"), AMOUNT) == (
        "Angka terlalu besar: paling banyak 16 angka sebelum koma."
    )
    assert decimal_problem(Decimal("97.12345"), VALUE) == (
        "Angka terlalu rinci: paling banyak 4 angka di belakang koma."
    )
    assert decimal_problem(Decimal("1500000.5"), AMOUNT) == (
        "Tulis bilangan bulat, tanpa angka di belakang koma."
    )
    for fits in ("99999999999999.9999", "0.0001", "-5", "0E-30", "97.50000000"):
        assert decimal_problem(Decimal(fits), VALUE) == ""
    assert decimal_problem(Decimal("1500000.00"), AMOUNT) == ""
    assert decimal_problem(Decimal("9999999999999999"), AMOUNT) == ""
