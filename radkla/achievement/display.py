"""How a realization and a score read in words, the same on every page, table and file.

Pure: no Django. A composite realization shows its parts in the regulation's
label-first writing (``Motor 1 Molin 0``), never only their sum; a score's status
is one of a few fixed Indonesian words (``STATUS_WORDS``), which the JSON of
``radkla status`` and the downloads carry.

Capaian has one decimal rule everywhere (``capaian_text``): half up to two
decimals, both always shown (``79,00%``, ``80,30%``, ``55,13%``). Two, because
the engine scores and picks the category on exactly that number: a capaian of
90,96 is tinggi, and one decimal would show it as ``91,0%``, a sangat tinggi number.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from radkla.achievement.engine import Score, Value
from radkla.plan.parsers.cells import Cell, CellKind, format_decimal

SCORED = "dinilai"  # scored against a number: capaian r / t × 100
MET = "tercapai"  # a threshold target (> 90%) reached
NOT_MET = "belum tercapai"  # a threshold target missed
NO_TARGET = "tanpa target"  # the year's target is empty, "-" or text: nothing to score against
NO_VALUE = "belum ada realisasi"  # a target, but no verified realization yet
ZERO_TARGET = "target nol"  # a target of zero: no ratio can be taken
INCOMPLETE = "belum lengkap"  # a summed measure in a year still in progress

CAPAIAN_PLACES = 2
_CENT = Decimal(1).scaleb(-CAPAIAN_PLACES)
# The same two decimals in a downloaded workbook's capaian column.
CAPAIAN_FORMAT = "0." + "0" * CAPAIAN_PLACES

STATUS_WORDS = {"scored": SCORED, "met": MET, "not met": NOT_MET, "incomplete": INCOMPLETE}
EVERY_STATUS = (SCORED, MET, NOT_MET, INCOMPLETE, NO_TARGET, NO_VALUE, ZERO_TARGET)


def value_text(value: Value | None, empty: str = "–", labels: Sequence[str] = ()) -> str:
    """A realization as people read it: ``97,5``, or ``Motor 1 Molin 0`` for a composite.

    Parts follow ``labels`` (the target's order; the database may not keep the order
    they were typed in), then any others as stored.
    """
    if value is None:
        return empty
    if value.parts:
        rank = {label.lower(): i for i, label in enumerate(labels)}
        parts = sorted(value.parts.items(), key=lambda item: rank.get(item[0].lower(), len(rank)))
        return " ".join(f"{label} {format_decimal(amount)}" for label, amount in parts)
    if value.number is None:
        return empty
    return format_decimal(value.number)


def capaian_number(value: Decimal) -> Decimal:
    """A capaian (or any share in percent) as it is scored and shown: half up to 0,01."""
    return value.quantize(_CENT, ROUND_HALF_UP)


def capaian_text(value: Decimal | None, *, sign: str = "%", empty: str = "–") -> str:
    """``79,00%``: two decimals always, decimal comma, no thousands separator; ``–`` for none."""
    if value is None:
        return empty
    number = capaian_number(value)
    if number.is_zero():
        number = abs(number)  # never "-0,00"
    return f"{number:.{CAPAIAN_PLACES}f}".replace(".", ",") + sign


def is_composite(value: Value | None) -> bool:
    return value is not None and bool(value.parts)


def status_word(score: Score, target: Cell | None, value: Value | None) -> str:
    """The score's status in Indonesian; an unscored one says why in two or three words."""
    if score.status in STATUS_WORDS:
        return STATUS_WORDS[score.status]
    if target is None or target.kind in (CellKind.NONE, CellKind.TEXT):
        return NO_TARGET
    if value is None or value.total is None:
        return NO_VALUE
    return ZERO_TARGET
