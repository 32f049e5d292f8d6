"""Picking the newest revision of each realization from rows read in one query."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

Row = TypeVar("Row")
Key = TypeVar("Key", bound=Hashable)


def newest(
    rows: Iterable[Row], key: Callable[[Row], Key], revision: Callable[[Row], int]
) -> dict[Key, Row]:
    """For each key, the row with the highest revision (a revision replaces the ones before)."""
    found: dict[Key, Row] = {}
    for row in rows:
        k = key(row)
        if k not in found or revision(row) > revision(found[k]):
            found[k] = row
    return found
