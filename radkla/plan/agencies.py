"""Map the free-text agency cell of a RAD KLA row to canonical agencies.

Plans name the responsible agencies (OPD/instansi) as they please: several in one
cell, by full name or acronym, in any case, joined by "/", "," or "dan". The catalogue
(``data/agencies.csv``: name, acronym, "|"-separated aliases) lists the canonical
agencies; :class:`AgencyMatcher` splits a cell into words and scans it left to right,
taking the longest catalogue phrase at each position. Words that name no agency come
back as unmatched phrases, as written, without list connectors ("dan", "&", "serta")
and "instansi terkait" filler. Pure: no Django.
"""

from __future__ import annotations

import csv
import io
import pathlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "CATALOGUE_PATH",
    "AgencyEntry",
    "AgencyMatch",
    "AgencyMatcher",
    "load_catalogue",
    "parse_catalogue",
]

CATALOGUE_PATH = pathlib.Path(__file__).parent / "data" / "agencies.csv"

_HEADER = ("name", "acronym", "aliases")
_ALIAS_SEPARATOR = "|"

# A word is "&" or a run of characters that are neither whitespace nor separators.
_WORD = re.compile(r"&|[^\s&.,/()\[\]{};:+\"\-\u2010-\u2015]+")
# Punctuation between two unknown words that separates two unmatched phrases.
_LIST_PUNCTUATION = frozenset(",/;")

_CONNECTORS = frozenset({"dan", "serta"})  # "&" is read as "dan"
_FILLER_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(phrase.split())
            for phrase in (
                "instansi terkait lainnya",
                "instansi terkait",
                "opd terkait lainnya",
                "opd terkait",
                "perangkat daerah terkait lainnya",
                "perangkat daerah terkait",
            )
        ),
        key=len,
        reverse=True,
    )
)


@dataclass(frozen=True, slots=True)
class AgencyEntry:
    """One canonical agency of the catalogue."""

    name: str
    acronym: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AgencyMatch:
    """What one agency text named.

    ``agencies`` holds canonical names in the order the text names them, each once (the
    lead agency first); ``unmatched`` holds the phrases that named no known agency, as
    written with whitespace collapsed.
    """

    agencies: tuple[str, ...]
    unmatched: tuple[str, ...]


def _word_key(word: str) -> str:
    if word == "&":
        return "dan"
    return unicodedata.normalize("NFKC", word).casefold()


def _words(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Return the normalised words of ``text`` and where each one stands in it."""
    keys: list[str] = []
    spans: list[tuple[int, int]] = []
    for found in _WORD.finditer(text):
        keys.append(_word_key(found.group()))
        spans.append(found.span())
    return keys, spans


def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(_words(phrase)[0])


def _entry_phrases(entry: AgencyEntry) -> Iterable[tuple[str, str]]:
    yield "name", entry.name
    if entry.acronym.strip():
        yield "acronym", entry.acronym
    for alias in entry.aliases:
        if alias.strip():
            yield "alias", alias


def _index_phrases(
    entries: Sequence[AgencyEntry], labels: Sequence[str]
) -> dict[tuple[str, ...], int]:
    """Map every name, acronym and alias key to its entry; reject keys naming two."""
    index: dict[tuple[str, ...], int] = {}
    for position, entry in enumerate(entries):
        label = labels[position]
        if not entry.name.strip():
            raise ValueError(f"{label}: agency without a name")
        for kind, phrase in _entry_phrases(entry):
            key = _phrase_key(phrase)
            if not key:
                raise ValueError(f"{label}: {kind} {phrase!r} of {entry.name!r} has no words")
            owner = index.setdefault(key, position)
            if owner != position:
                raise ValueError(
                    f"{label}: {kind} {phrase!r} of {entry.name!r} already names "
                    f"{entries[owner].name!r} ({labels[owner]})"
                )
    return index


def parse_catalogue(text: str) -> tuple[AgencyEntry, ...]:
    """Read catalogue CSV text (header ``name,acronym,aliases``).

    Raises ValueError naming the line for a missing header, a row with too many
    columns or without a name, and a name, acronym or alias that would map to two
    agencies.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    entries: list[AgencyEntry] = []
    labels: list[str] = []
    header_seen = False
    try:
        for row in reader:
            cells = [" ".join(cell.split()) for cell in row]
            if not any(cells):
                continue
            label = f"line {reader.line_num}"
            if not header_seen:
                if tuple(cell.casefold() for cell in cells) != _HEADER:
                    raise ValueError(
                        f"{label}: expected the header {','.join(_HEADER)!r}, got {row!r}"
                    )
                header_seen = True
                continue
            if len(cells) > len(_HEADER):
                raise ValueError(f"{label}: expected {len(_HEADER)} columns, got {len(cells)}")
            name, acronym, aliases = [*cells, "", ""][:3]
            if not name:
                raise ValueError(f"{label}: agency without a name")
            entries.append(
                AgencyEntry(
                    name=name,
                    acronym=acronym,
                    aliases=tuple(
                        alias.strip() for alias in aliases.split(_ALIAS_SEPARATOR) if alias.strip()
                    ),
                )
            )
            labels.append(label)
    except csv.Error as error:
        raise ValueError(f"line {reader.line_num}: {error}") from error
    if not header_seen:
        raise ValueError(f"line 1: expected the header {','.join(_HEADER)!r}")
    _index_phrases(entries, labels)
    return tuple(entries)


def load_catalogue(path: pathlib.Path | None = None) -> tuple[AgencyEntry, ...]:
    """Read the catalogue at ``path``, by default the one shipped with this package."""
    return parse_catalogue((path or CATALOGUE_PATH).read_text(encoding="utf-8"))


class _Node:
    __slots__ = ("agency", "children")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.agency: int | None = None


class AgencyMatcher:
    """Finds catalogue agencies in free text; build once, call :meth:`match` often."""

    def __init__(self, catalogue: Iterable[AgencyEntry]) -> None:
        self._entries = tuple(catalogue)
        index = _index_phrases(
            self._entries,
            [f"entry {n} ({entry.name!r})" for n, entry in enumerate(self._entries, 1)],
        )
        # Plans drop the connector now and then ("Dinas Pendidikan Kebudayaan"): a key
        # without its inner "dan" also matches, unless it is a key of its own or two
        # agencies would share it.
        loose: dict[tuple[str, ...], int | None] = {}
        for key, agency in index.items():
            inner = key[1:-1]
            if "dan" not in inner:
                continue
            bare = (key[0], *(word for word in inner if word != "dan"), key[-1])
            if bare not in index:
                loose[bare] = agency if loose.get(bare, agency) == agency else None
        self._root = _Node()
        for key, agency in index.items():
            self._insert(key, agency)
        for key, owner in loose.items():
            if owner is not None:
                self._insert(key, owner)

    def _insert(self, key: tuple[str, ...], agency: int) -> None:
        node = self._root
        for word in key:
            node = node.children.setdefault(word, _Node())
        node.agency = agency

    def _longest(self, keys: Sequence[str], start: int) -> tuple[int, int]:
        """Return (agency, word count) of the longest key at ``start``; count 0 if none."""
        node = self._root
        agency, length = -1, 0
        for position in range(start, len(keys)):
            child = node.children.get(keys[position])
            if child is None:
                break
            node = child
            if node.agency is not None:
                agency, length = node.agency, position - start + 1
        return agency, length

    def match(self, text: str) -> AgencyMatch:
        """Return the agencies ``text`` names, in order, and what named none."""
        keys, spans = _words(text)
        agencies: dict[str, None] = {}
        unmatched: dict[str, None] = {}
        run_start = position = 0
        while position < len(keys):
            agency, length = self._longest(keys, position)
            if not length:
                position += 1
                continue
            _unmatched_phrases(text, keys, spans, run_start, position, unmatched)
            agencies.setdefault(self._entries[agency].name)
            position += length
            run_start = position
        _unmatched_phrases(text, keys, spans, run_start, len(keys), unmatched)
        return AgencyMatch(tuple(agencies), tuple(unmatched))


def _unmatched_phrases(
    text: str,
    keys: Sequence[str],
    spans: Sequence[tuple[int, int]],
    start: int,
    stop: int,
    out: dict[str, None],
) -> None:
    """Add the phrases of the unknown words ``keys[start:stop]`` to ``out``.

    The run splits at list punctuation and at filler phrases; connectors are trimmed
    from each piece's ends (a "dan" inside may belong to an unknown agency's name).
    """
    pieces: list[tuple[int, int]] = []
    piece_start = position = start
    while position < stop:
        if position > piece_start and _LIST_PUNCTUATION.intersection(
            text[spans[position - 1][1] : spans[position][0]]
        ):
            pieces.append((piece_start, position))
            piece_start = position
        filler = next(
            (
                len(phrase)
                for phrase in _FILLER_PHRASES
                if tuple(keys[position : position + len(phrase)]) == phrase
                and position + len(phrase) <= stop
            ),
            0,
        )
        if filler:
            pieces.append((piece_start, position))
            position += filler
            piece_start = position
        else:
            position += 1
    pieces.append((piece_start, stop))
    for first, end in pieces:
        while first < end and keys[first] in _CONNECTORS:
            first += 1
        while end > first and keys[end - 1] in _CONNECTORS:
            end -= 1
        if first < end:
            out.setdefault(_as_written(text, spans[first][0], spans[end - 1][1]))


def _as_written(text: str, begin: int, end: int) -> str:
    """Return ``text[begin:end]`` with whitespace collapsed, closing a bracket it opened."""
    while text.count("(", begin, end) > text.count(")", begin, end) and text[end : end + 1] == ")":
        end += 1
    return " ".join(text[begin:end].split())
