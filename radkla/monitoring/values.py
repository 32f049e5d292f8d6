"""Reading a realization as an operator types it, and the checks made as it is typed.

The value is typed as the measure's target is: a number or a percent, or one
number per part for a composite target ("8 Kecamatan 43 Kelurahan"). Checks
that do not stop the save but need the operator's note — a percent above 100, a
value several times the target, a stock that falls sharply — are warnings.
A number, and each part of a composite, must fit the column it is stored in.
Pure apart from reading that column's size from the model.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from radkla.lib.decimals import decimal_problem
from radkla.monitoring.models import Realization
from radkla.plan.parsers.cells import Cell, CellKind, format_decimal, is_percent_unit, parse_cell

# A value above this many times the year's target is probably a typing slip.
TARGET_MULTIPLE = Decimal(3)
# A stock measure losing more than this share since the last period needs a word.
SHARP_FALL = Decimal("0.5")
# Every number read here is stored in this column (the parts too, once scored).
VALUE_COLUMN = Realization._meta.get_field("value_number")
RAW_LENGTH = Realization._meta.get_field("value_raw").max_length or 200
# Only digits, separators, a sign or a percent sign: a number, however long.
_NUMBER_LIKE = re.compile(r"[+-]?[0-9., ]+%?")
_PARSER_DIGITS = 30  # parse_cell reads no longer number


@dataclass(frozen=True, slots=True)
class EnteredValue:
    raw: str
    number: Decimal | None
    parts: dict[str, Decimal] | None
    error: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.raw and self.number is None and not self.parts and not self.error


def part_labels(target: Cell | None, baseline: Cell | None = None) -> list[str]:
    """The labels a composite measure is reported in, from its target or baseline."""
    for cell in (target, baseline):
        if cell is not None and cell.kind == CellKind.COMPOSITE:
            return [part.label for part in cell.parts]
    return []


def read_value(
    text: str,
    *,
    unit: str,
    target: Cell | None,
    parts: Mapping[str, str] | None = None,
    labels: list[str] | None = None,
) -> EnteredValue:
    """The value as typed in a grid cell (or its part cells), or an error in plain words."""
    raw = " ".join(text.split())
    if len(raw) > RAW_LENGTH:
        return EnteredValue(
            raw, None, None, f"Nilai terlalu panjang: paling banyak {RAW_LENGTH} huruf."
        )
    if labels:
        return _read_parts(raw, labels, parts or {}, unit)
    if not raw:
        return EnteredValue("", None, None)
    if target is not None and target.kind in (CellKind.TEXT, CellKind.NONE):
        # An unscorable target takes the operator's words as they are, numbers or not.
        cell = parse_cell(raw, unit)
        plain = cell.kind in (CellKind.NUMBER, CellKind.PERCENT) and not cell.label
        number = cell.number if plain else None
        if number is not None and number < 0:
            return EnteredValue(raw, None, None, "Nilai tidak boleh negatif.")
        if number is not None and (problem := decimal_problem(number, VALUE_COLUMN)):
            return EnteredValue(raw, None, None, problem)
        return EnteredValue(raw, number, None)
    cell = parse_cell(raw, unit)
    if cell.kind in (CellKind.NUMBER, CellKind.PERCENT) and cell.number is not None:
        if cell.kind == CellKind.NUMBER and cell.label:
            return EnteredValue(raw, None, None, f'Tulis angkanya saja, tanpa "{cell.label}".')
        if cell.number < 0:
            return EnteredValue(raw, None, None, "Nilai tidak boleh negatif.")
        if problem := decimal_problem(cell.number, VALUE_COLUMN):
            return EnteredValue(raw, None, None, problem)
        return EnteredValue(raw, cell.number, None)
    if _NUMBER_LIKE.fullmatch(raw) and sum(c.isdigit() for c in raw) > _PARSER_DIGITS:
        # Longer than any number the parser reads (30 digits): too big, not "not a number".
        return EnteredValue(raw, None, None, decimal_problem(Decimal("1E99"), VALUE_COLUMN))
    return EnteredValue(raw, None, None, f'"{raw}" bukan angka; tulis misalnya 95 atau 97,5.')


def _read_parts(raw: str, labels: list[str], parts: Mapping[str, str], unit: str) -> EnteredValue:
    values: dict[str, Decimal] = {}
    typed = {label: " ".join(parts.get(label, "").split()) for label in labels}
    if raw and not any(typed.values()):
        # Typed in one cell, like the regulation writes it: "8 Kecamatan 43 Kelurahan".
        cell = parse_cell(raw, unit)
        found = {p.label.lower(): p.value for p in cell.parts}
        wanted = {label.lower() for label in labels}
        if (
            cell.kind != CellKind.COMPOSITE
            or set(found) != wanted
            or len(cell.parts) != len(labels)  # a label written twice
        ):
            names = ", ".join(labels)
            return EnteredValue(raw, None, None, f"Isi angka untuk setiap bagian: {names}.")
        if any(value < 0 for value in found.values()):
            return EnteredValue(raw, None, None, "Bagian nilai tidak boleh negatif.")
        values = {label: found[label.lower()] for label in labels}
        for label, value in values.items():
            if problem := decimal_problem(value, VALUE_COLUMN):
                return EnteredValue(raw, None, None, f"Bagian {label}: {problem}")
    else:
        for label, text in typed.items():
            if not text:
                continue
            cell = parse_cell(text)
            if cell.kind != CellKind.NUMBER or cell.number is None or cell.label:
                return EnteredValue(raw, None, None, f'Bagian {label}: "{text}" bukan angka.')
            if cell.number < 0:
                return EnteredValue(raw, None, None, f"Bagian {label} tidak boleh negatif.")
            if problem := decimal_problem(cell.number, VALUE_COLUMN):
                return EnteredValue(raw, None, None, f"Bagian {label}: {problem}")
            values[label] = cell.number
        if not values:
            return EnteredValue("", None, None)
        missing = [label for label in labels if label not in values]
        if missing:
            return EnteredValue(raw, None, None, f"Bagian {', '.join(missing)} belum diisi.")
    shown = " ".join(f"{format_decimal(v)} {label}" for label, v in values.items())
    return EnteredValue(shown, None, values)


def entry_warnings(
    value: EnteredValue,
    *,
    unit: str,
    target: Cell | None,
    previous: Decimal | None,
    is_stock: bool,
) -> list[str]:
    """Doubts about a well-formed value, each a sentence the operator answers with a note."""
    warnings: list[str] = []
    number = value.number
    if number is None and value.parts:
        target_labels = part_labels(target)
        if target_labels and set(target_labels) != set(value.parts):
            warnings.append("Bagian-bagian nilai tidak sama dengan bagian-bagian target.")
        number = sum(value.parts.values(), Decimal(0))
    if number is None:
        return warnings
    percent = is_percent_unit(unit) or (
        target is not None
        and (
            target.kind == CellKind.PERCENT
            or (target.kind == CellKind.THRESHOLD and target.percent)
        )
    )
    if percent and number > 100:
        warnings.append(f"Nilai {format_decimal(number)}% melebihi 100%.")
    goal = _target_number(target)
    if goal is not None and goal > 0 and number > goal * TARGET_MULTIPLE:
        warnings.append(
            f"Nilai {format_decimal(number)} lebih dari tiga kali target tahun ini "
            f"({format_decimal(goal)})."
        )
    if is_stock and previous is not None and previous > 0 and number < previous * SHARP_FALL:
        warnings.append(
            f"Nilai turun tajam dari periode sebelumnya ({format_decimal(previous)} menjadi "
            f"{format_decimal(number)})."
        )
    return warnings


def _target_number(target: Cell | None) -> Decimal | None:
    if target is None:
        return None
    if target.kind == CellKind.COMPOSITE:
        return sum((p.value for p in target.parts), Decimal(0))
    return target.number
