"""Text as tools write it: decoding a file and normalising what converters leave in it.

Word, LibreOffice, PDF converters and editors on Windows each leave their own
marks: a UTF-16 file with its byte-order mark, a stray Windows-1252 byte in an
otherwise UTF-8 file, ligatures (``ﬁ``), soft hyphens, non-breaking spaces and a
zoo of dashes. Every reader (text, workbook, PDF) passes cell text through
``normalise`` so that the same document gives the same cells whatever carried it.
Pure: no Django.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Ligatures that PDF converters emit for common letter pairs.
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
# Characters that are never part of the words: soft hyphen, zero-width marks, BOM.
_INVISIBLE = ("\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
# Space characters other than the plain space (no-break, figure, thin, ideographic …).
_SPACES = ("\u00a0", "\u1680", *(chr(c) for c in range(0x2000, 0x200B)), "\u202f", "\u205f")
# Dashes and minus signs, all read as the hyphen-minus the cell parser knows.
_DASHES = ("\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe58")
_DASHES_WIDE = ("\ufe63", "\uff0d")

_TABLE = str.maketrans(
    {
        **_LIGATURES,
        **dict.fromkeys(_INVISIBLE, ""),
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys(_DASHES + _DASHES_WIDE, "-"),
        "\u3000": " ",
    }
)


def normalise(text: str) -> str:
    """The same words with one spelling of each character (NFC, ligatures split, …)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text).translate(_TABLE)


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str
    # 1-based numbers of the lines that were not UTF-8 and were read as Windows-1252.
    legacy_lines: tuple[int, ...] = ()


_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'-be' when the bytes look like UTF-16 text without a BOM."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    # Latin text in UTF-16 has a zero in every other byte.
    if odd > half * 0.6 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.6 and odd < half * 0.05:
        return "utf-16-be"
    return None


class NotText(ValueError):
    """The bytes are not text in any encoding radkla reads."""


def decode_text(data: bytes) -> DecodedText:
    """Text of a file: UTF-8 (with or without BOM), UTF-16 with or without its BOM,
    or UTF-8 with some lines in Windows-1252 (read line by line, and said so)."""
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data[len(bom) :].decode(encoding), "UTF-16")
            except UnicodeDecodeError as error:
                raise NotText(f"UTF-16 yang rusak pada posisi {error.start}") from None
    if utf16 := _utf16_without_bom(data):
        try:
            return DecodedText(data.decode(utf16), "UTF-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise NotText("berkas biner")
    try:
        return DecodedText(data.decode("utf-8-sig"), "UTF-8")
    except UnicodeDecodeError:
        pass
    # Some lines are not UTF-8: read each line on its own, so one stray byte from a
    # Windows editor does not turn the whole file into mojibake.
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines: list[str] = []
    legacy: list[int] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            # Windows-1252 leaves five bytes undefined; Latin-1 reads them as controls.
            try:
                lines.append(raw.decode("cp1252"))
            except UnicodeDecodeError:
                lines.append(raw.decode("latin-1"))
            legacy.append(number)
    return DecodedText("\n".join(lines), "UTF-8", tuple(legacy))


def line_list(numbers: tuple[int, ...] | list[int], limit: int = 30) -> str:
    """'3, 7 dan 9' — every number up to ``limit``, then how many more."""
    shown = [str(n) for n in numbers[:limit]]
    rest = len(numbers) - len(shown)
    if rest > 0:
        return f"{', '.join(shown)} dan {rest} baris lain"
    if len(shown) == 1:
        return shown[0]
    return f"{', '.join(shown[:-1])} dan {shown[-1]}"
