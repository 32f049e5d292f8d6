"""Whether a number fits the decimal column it is stored in, and what to say when it does not.

A ``DecimalField(max_digits=18, decimal_places=4)`` holds at most 14 digits
before the comma and 4 after it; a longer number fails the database write (or,
where the database does not check, every later read of the row). Every place
that stores a typed number asks :func:`decimal_problem` first and shows its
message beside the cell. Trailing zeros after the comma do not count
(``1.500.000,00`` fits a column without decimals).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from django.utils.translation import gettext


class DecimalColumn(Protocol):
    """What is read of a model ``DecimalField`` (or anything shaped like one)."""

    @property
    def max_digits(self) -> int | None: ...

    @property
    def decimal_places(self) -> int | None: ...


def decimal_problem(value: Decimal, field: DecimalColumn) -> str:
    """Empty when ``value`` is stored exactly in ``field``; else why not, in plain words."""
    if not value.is_finite():
        return gettext("Bukan angka yang dapat disimpan.")
    places = field.decimal_places or 0
    before = (field.max_digits or 0) - places
    integer_digits, fraction_digits = _digits(value)
    if integer_digits > before:
        return gettext("Angka terlalu besar: paling banyak %(n)d angka sebelum koma.") % {
            "n": before
        }
    if fraction_digits > places:
        if places == 0:
            return gettext("Tulis bilangan bulat, tanpa angka di belakang koma.")
        return gettext("Angka terlalu rinci: paling banyak %(n)d angka di belakang koma.") % {
            "n": places
        }
    return ""


def _digits(value: Decimal) -> tuple[int, int]:
    """The digits before the comma (0 for a value below 1) and the significant ones after it."""
    _sign, digits, raw_exponent = value.as_tuple()
    exponent = int(raw_exponent)  # finite, so a number
    # Trailing zeros say nothing (1,50 is 1,5; 1E+3 is 1000); counted exactly, not rounded.
    significant = len(digits)
    while significant and digits[significant - 1] == 0:
        significant -= 1
        exponent += 1
    if significant == 0:
        return 0, 0
    if exponent >= 0:
        return significant + exponent, 0
    return max(significant + exponent, 0), -exponent
