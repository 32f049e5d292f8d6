"""Read the messy target and baseline cells of a RAD KLA table as typed values.

Every cell becomes exactly one :class:`Cell` of one :class:`CellKind`, and the raw text is
always kept. The parser is pure (no Django) and never raises: whatever it cannot read becomes a
``TEXT`` cell with a warning in Indonesian.

Choices made for ambiguous inputs (deterministic, and covered by the tests):

* A single comma is always a decimal comma: ``"1,500"`` is 1.5. A single dot is a thousands
  separator only in the shape ``"1.500"`` (one to three digits not starting with 0, then exactly
  three digits); otherwise it is a decimal point (``"97.50"``, ``"0.125"``). Repeated separators
  must be well-formed thousands groups (``"1.500.000"``). When both appear, the last one is the
  decimal separator (``"1.500,25"`` and ``"1,500.25"`` are both 1500.25).
* Numbers with more than 30 digits, and digits other than ASCII 0-9, make the cell ``TEXT``.
* ``"%"`` is only read right after a lone number (``"100%"``, ``"100 %"``) or a threshold;
  anything around it (``"100% anak"``, ``"100 % anak"``, ``"% 100"``) makes the cell ``TEXT``.
* Under a percent unit a bare number is ``PERCENT``, but a number with a label stays ``NUMBER``
  (``"80 anak"`` under ``"%"`` is 80 with label ``"anak"``).
* A threshold is a comparator and a number, optionally ``%``; a threshold with a label
  (``"> 90 kelurahan"``) is ``TEXT``.
* The connectives ``dan``, ``and``, ``&`` and ``,`` are dropped from both ends of every label;
  inside a label they are kept as written. A label that is only connectives makes the cell
  ``TEXT``.
* Label-first pairs (``"Motor 2 Molin 1"``) need at least two pairs; a single label-first pair
  such as ``"Tahun 2022"`` is ``TEXT``.
* Bare numbers (``"249 399"``) are paired with the unit's words only when the unit is not a
  percent unit. The unit is split on whitespace, ``/``, ``,`` and ``&``; the connective words are
  dropped; every remaining word must be a plain word (letters, no digits), and there must be
  exactly as many words as numbers. Otherwise the cell is ``TEXT``. A single bare number is never
  paired.
* :meth:`Cell.canonical` always writes composites number-first (``"2 Motor 1 Molin"``), which
  reads back to the same parts.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = [
    "Cell",
    "CellKind",
    "Part",
    "format_decimal",
    "is_percent_unit",
    "parse_cell",
]

_MAX_DIGITS = 30
_WARNING_QUOTE_LENGTH = 80

_NONE_TEXTS = frozenset({"", "-", "–", "—", "--"})
_CONNECTIVE_WORDS = frozenset({"dan", "and"})
_PERCENT_WORDS = frozenset({"persentase", "presentase", "prosentase"})
_COMPARATORS = {
    ">": ">",
    ">=": ">=",
    "=>": ">=",
    "≥": ">=",
    "<": "<",
    "<=": "<=",
    "=<": "<=",
    "≤": "<=",
}

_WORD = r"[^\W\d_]+(?:[./'’-][^\W\d_]+)*\.?"
_WORD_RE = re.compile(_WORD)
_LEADING_LETTERS_RE = re.compile(r"[^\W\d_]+")
_UNIT_SPLIT_RE = re.compile(r"[\s/,&]+")
_TOKEN_RE = re.compile(
    r"(?P<space>\x20)"
    r"|(?P<cmp>>=|<=|=>|=<|≥|≤|>|<)"
    r"|(?P<num>(?:(?<![^\s<>=≥≤])[+-])?[0-9]+(?:[.,][0-9]+)*)"
    rf"|(?P<word>{_WORD})"
    r"|(?P<pct>%)"
    r"|(?P<conn>[,&])"
)
_GROUPED_RE = {
    ".": re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+"),
    ",": re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+"),
}


class CellKind(enum.StrEnum):
    """The one kind a cell is read as."""

    NUMBER = "number"
    PERCENT = "percent"
    THRESHOLD = "threshold"
    COMPOSITE = "composite"
    NONE = "none"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Part:
    """One labelled number of a composite cell, e.g. ``8 Kecamatan``."""

    label: str
    value: Decimal


@dataclass(frozen=True, slots=True)
class Cell:
    """A parsed cell: the untouched raw text plus its typed reading."""

    raw: str
    kind: CellKind
    number: Decimal | None = None
    label: str = ""
    comparator: str = ""
    percent: bool = False
    parts: tuple[Part, ...] = ()
    warning: str = ""

    def value_json(self) -> object:
        """The typed value as JSON-ready data; ``None`` for ``NONE`` and ``TEXT``."""
        if self.kind in (CellKind.NUMBER, CellKind.PERCENT):
            return _json_number(self.number)
        if self.kind is CellKind.THRESHOLD:
            return {
                "comparator": self.comparator,
                "value": _json_number(self.number),
                "percent": self.percent,
            }
        if self.kind is CellKind.COMPOSITE:
            return {
                "parts": [
                    {"label": part.label, "value": _json_number(part.value)} for part in self.parts
                ]
            }
        return None

    def to_json(self) -> dict[str, object]:
        """The raw text, the kind and the typed value, ready for ``json.dumps``."""
        return {"raw": self.raw, "kind": str(self.kind), "value": self.value_json()}

    def canonical(self) -> str:
        """A tidy text that :func:`parse_cell` reads back (same unit) to an equal cell."""
        if self.kind is CellKind.NUMBER:
            text = _format_optional(self.number)
            return f"{text} {self.label}" if self.label else text
        if self.kind is CellKind.PERCENT:
            return f"{_format_optional(self.number)}%"
        if self.kind is CellKind.THRESHOLD:
            suffix = "%" if self.percent else ""
            return f"{self.comparator} {_format_optional(self.number)}{suffix}"
        if self.kind is CellKind.COMPOSITE:
            return " ".join(f"{format_decimal(part.value)} {part.label}" for part in self.parts)
        if self.kind is CellKind.NONE:
            return "-"
        return self.raw


def format_decimal(value: Decimal) -> str:
    """Render a finite decimal the Indonesian way: ``Decimal("97.50")`` -> ``"97,5"``.

    Decimal comma, no thousands separator, no trailing zeros, no exponent, and never ``"-0"``.
    Raises :class:`ValueError` for NaN and infinities.
    """
    if not value.is_finite():
        raise ValueError(f"cannot format a non-finite decimal: {value!r}")
    if value.is_zero():
        return "0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def is_percent_unit(unit: str) -> bool:
    """Whether a unit means percent: it starts with ``%`` or with the word Persentase.

    The spellings Presentase and Prosentase count too, in any letter case.
    """
    stripped = unit.strip()
    if stripped.startswith("%"):
        return True
    match = _LEADING_LETTERS_RE.match(stripped)
    return match is not None and match.group().casefold() in _PERCENT_WORDS


def parse_cell(raw: str, unit: str = "") -> Cell:
    """Read one cell as exactly one kind; never raises. See the module docstring for choices."""
    text = " ".join(raw.split())
    if text in _NONE_TEXTS:
        return Cell(raw=raw, kind=CellKind.NONE)
    tokens = _tokenize(text)
    if not tokens:
        return _text_cell(raw, text)
    percent_unit = is_percent_unit(unit)
    kinds = [token.kind for token in tokens]

    if kinds[0] == "cmp":
        if kinds in (["cmp", "num"], ["cmp", "num", "pct"]):
            return Cell(
                raw=raw,
                kind=CellKind.THRESHOLD,
                number=tokens[1].value,
                comparator=_COMPARATORS[tokens[0].text],
                percent=len(tokens) == 3 or percent_unit,
            )
        return _text_cell(raw, text)
    if "cmp" in kinds:
        return _text_cell(raw, text)
    if "pct" in kinds:
        if kinds == ["num", "pct"]:
            return Cell(raw=raw, kind=CellKind.PERCENT, number=tokens[0].value)
        return _text_cell(raw, text)
    if kinds == ["num"]:
        kind = CellKind.PERCENT if percent_unit else CellKind.NUMBER
        return Cell(raw=raw, kind=kind, number=tokens[0].value)

    if not any(token.kind == "word" and not _is_connective(token) for token in tokens):
        parts = _pair_with_unit(tokens, unit, percent_unit)
    elif tokens[0].kind == "num":
        parts = _number_first(tokens, text)
    else:
        parts = _label_first(tokens, text)
    if parts is None:
        return _text_cell(raw, text)
    if len(parts) == 1:
        return Cell(raw=raw, kind=CellKind.NUMBER, number=parts[0].value, label=parts[0].label)
    return Cell(raw=raw, kind=CellKind.COMPOSITE, parts=parts)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int
    value: Decimal | None = None


def _tokenize(text: str) -> list[_Token]:
    """Split collapsed text into tokens; an empty list when any character is not understood."""
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN_RE.match(text, position)
        if match is None or match.lastgroup is None:
            return []
        position = match.end()
        kind = match.lastgroup
        if kind == "space":
            continue
        value = None
        if kind == "num":
            value = _read_number(match.group())
            if value is None:
                return []
        tokens.append(_Token(kind, match.group(), match.start(), match.end(), value))
    return tokens


def _read_number(token: str) -> Decimal | None:
    """The value of a number token (optional sign, ASCII digits, dots and commas), if valid."""
    sign = token[0] if token[0] in "+-" else ""
    body = token[len(sign) :]
    if sum(char.isdigit() for char in body) > _MAX_DIGITS:
        return None
    if "." in body and "," in body:
        decimal_sep = "." if body.rfind(".") > body.rfind(",") else ","
        thousands_sep = "," if decimal_sep == "." else "."
        integer, _, fraction = body.rpartition(decimal_sep)
        if decimal_sep in integer or not _GROUPED_RE[thousands_sep].fullmatch(integer):
            return None
        plain = f"{integer.replace(thousands_sep, '')}.{fraction}"
    elif "," in body:
        if body.count(",") == 1:
            plain = body.replace(",", ".")
        elif _GROUPED_RE[","].fullmatch(body):
            plain = body.replace(",", "")
        else:
            return None
    elif "." in body:
        if _GROUPED_RE["."].fullmatch(body):
            plain = body.replace(".", "")
        elif body.count(".") == 1:
            plain = body
        else:
            return None
    else:
        plain = body
    try:
        return Decimal(sign + plain)
    except InvalidOperation:
        return None


def _is_connective(token: _Token) -> bool:
    return token.kind == "conn" or (
        token.kind == "word" and token.text.casefold() in _CONNECTIVE_WORDS
    )


def _label(tokens: list[_Token], text: str) -> str | None:
    """The label written by ``tokens``, without connectives at either end; None if nothing left."""
    start, stop = 0, len(tokens)
    while start < stop and _is_connective(tokens[start]):
        start += 1
    while stop > start and _is_connective(tokens[stop - 1]):
        stop -= 1
    if start == stop:
        return None
    return text[tokens[start].start : tokens[stop - 1].end]


def _number_first(tokens: list[_Token], text: str) -> tuple[Part, ...] | None:
    """Pairs written ``8 Kecamatan 43 Kelurahan``; ``tokens`` starts with a number."""
    groups: list[tuple[Decimal, list[_Token]]] = []
    for token in tokens:
        if token.value is not None:
            groups.append((token.value, []))
        else:
            groups[-1][1].append(token)
    parts: list[Part] = []
    for value, label_tokens in groups:
        label = _label(label_tokens, text)
        if label is None:
            return None
        parts.append(Part(label, value))
    return tuple(parts)


def _label_first(tokens: list[_Token], text: str) -> tuple[Part, ...] | None:
    """Pairs written ``Motor 2 Molin 1``; at least two pairs, ending with a number."""
    parts: list[Part] = []
    pending: list[_Token] = []
    for token in tokens:
        if token.value is None:
            pending.append(token)
            continue
        label = _label(pending, text)
        if label is None:
            return None
        parts.append(Part(label, token.value))
        pending = []
    if pending or len(parts) < 2:
        return None
    return tuple(parts)


def _pair_with_unit(tokens: list[_Token], unit: str, percent_unit: bool) -> tuple[Part, ...] | None:
    """Bare numbers (``249 399``) labelled by the unit's words (``SD SMP``), in order."""
    values = [token.value for token in tokens if token.value is not None]
    if percent_unit or len(values) < 2 or tokens[0].value is None or tokens[-1].value is None:
        return None
    words = [
        word
        for word in _UNIT_SPLIT_RE.split(unit.strip())
        if word and word.casefold() not in _CONNECTIVE_WORDS
    ]
    if len(words) != len(values) or not all(_WORD_RE.fullmatch(word) for word in words):
        return None
    return tuple(Part(word, value) for word, value in zip(words, values, strict=True))


def _text_cell(raw: str, text: str) -> Cell:
    shown = text
    if len(shown) > _WARNING_QUOTE_LENGTH:
        shown = shown[: _WARNING_QUOTE_LENGTH - 1] + "…"
    warning = f'Sel "{shown}" tidak dapat dibaca sebagai angka; teks aslinya disimpan.'
    return Cell(raw=raw, kind=CellKind.TEXT, warning=warning)


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _format_optional(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value)
