"""The ranking rule of the province and national recap, stated once (pure).

Cities are ranked by their overall capaian as shown (two decimals), highest
first. Cities with the same figure share a rank and the next rank skips as many
places (1, 2, 2, 4); among them the list follows the name. A city without an
overall capaian (nothing verified and scored in the year, or a plan that does not
cover the year) gets no rank and is listed after the ranked cities, by name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

T = TypeVar("T")
_CENT = Decimal("0.01")


def ranked(
    items: Sequence[T], capaian: Callable[[T], Decimal | None], name: Callable[[T], str]
) -> list[tuple[int | None, T]]:
    """The items in ranking order, each with its rank (None: not ranked), by ``RULE``."""
    scored: list[tuple[Decimal, T]] = []
    unscored: list[T] = []
    for item in items:
        value = capaian(item)
        if value is None:
            unscored.append(item)
        else:
            # Rank on the figure as read (rollups are already rounded so; a caller's
            # unrounded figure is rounded the same way).
            scored.append((value.quantize(_CENT, ROUND_HALF_UP), item))
    scored.sort(key=lambda pair: (-pair[0], name(pair[1]).lower(), name(pair[1])))
    unscored.sort(key=lambda item: (name(item).lower(), name(item)))
    result: list[tuple[int | None, T]] = []
    previous: Decimal | None = None
    rank = 0
    for place, (value, item) in enumerate(scored, start=1):
        if value != previous:
            rank, previous = place, value
        result.append((rank, item))
    result.extend((None, item) for item in unscored)
    return result
