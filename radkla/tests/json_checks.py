"""Checks shared by the tests of the commands' JSON: Indonesian words, numbers as numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Keys and values the JSON once carried in English; none may come back.
ENGLISH_KEYS = frozenset(
    {
        "plan",
        "year",
        "weights",
        "category",
        "what_if_total",
        "what_if_category",
        "indicators",
        "number",
        "cluster",
        "name",
        "local_indicators",
        "weight",
        "points",
        "gain",
        "verified",
        "awaiting",
        "missing",
        "missing_items",
        "agencies",
        "actions_done",
        "actions_not_done",
    }
)
ENGLISH_VALUES = frozenset(
    {"scored", "met", "not met", "not scored", "official", "default", "verified", "awaiting"}
)
# Keys whose value is text by nature even when it looks like a number: indicator
# label ("12", "12a"), a region's Kemendagri code ("36.72"), the regulation's target
# cell as written, a value as read.
TEXT_KEYS = frozenset({"nomor", "kode", "indikator_lokal", "target", "realisasi_teks"})
_NUMBER_TEXT = re.compile(r"-?\d+([.,]\d+)?%?")


def walk(document: object, key: str = "") -> Iterator[tuple[str, object]]:
    """Every (key, value) of a JSON document; list items carry their list's key."""
    if isinstance(document, dict):
        for k, v in document.items():
            yield k, v
            yield from walk(v, k)
    elif isinstance(document, list):
        for item in document:
            yield key, item
            yield from walk(item, key)


def keys_of(document: object) -> set[str]:
    return {k for k, _v in walk(document)}


def assert_numbers_are_numbers(document: object) -> None:
    for key, value in walk(document):
        if isinstance(value, str) and key not in TEXT_KEYS:
            assert not _NUMBER_TEXT.fullmatch(value.strip()), f"{key}: {value!r} is a string"


def assert_no_english(document: object) -> None:
    found_keys = keys_of(document) & ENGLISH_KEYS
    assert not found_keys, f"English keys: {sorted(found_keys)}"
    values = {v for _k, v in walk(document) if isinstance(v, str)} & ENGLISH_VALUES
    assert not values, f"English values: {sorted(values)}"
