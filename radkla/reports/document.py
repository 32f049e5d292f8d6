"""A report as plain data: what the builders produce and every renderer reads. Pure.

Builders (``builders.py``) read the database and the achievement engine and
return a ``Report``; ``layout.py`` paginates it once, and the renderers
(``render_docx.py``, ``render_pdf.py``) print that pagination and never query
anything. Two formats can therefore never disagree, down to the page numbers
in the table of contents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Category names (lower case, as the engine has them) and their colours, for
# table cells that hold a category.
CATEGORY_COLOURS: dict[str, str] = {
    "sangat tinggi": "12805C",
    "tinggi": "53B27A",
    "sedang": "F2C94C",
    "rendah": "F2994A",
    "sangat rendah": "D64545",
}
# A missed threshold (belum tercapai) is never green, whatever its category: amber.
MISSED_THRESHOLD_COLOUR = "FDEAD7"
MISSED_THRESHOLD = "belum tercapai"


def category_fill(text: str) -> str | None:
    """The fill of a category cell (``tinggi``, or ``tinggi\nbelum tercapai``), or None."""
    if MISSED_THRESHOLD in text.lower():
        return MISSED_THRESHOLD_COLOUR
    return CATEGORY_COLOURS.get(text.split("\n")[0].strip().lower())


@dataclass(frozen=True, slots=True)
class Heading:
    text: str  # with its number: "BAB I PENDAHULUAN", "1.1 Latar Belakang"
    level: int = 1  # 1 = chapter (starts a page), 2 = section
    landscape: bool = False  # a chapter whose pages are landscape (its wide tables)


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    style: str = "body"  # "body", "lead" (larger), "note" (small, muted)


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    title: str  # the caption with its number: "Tabel 3.1 Capaian per klaster"
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # every cell already formatted as text
    category_column: int | None = None  # a column whose first line is a category name
    widths: tuple[float, ...] | None = None  # relative column widths, optional
    # A full-width group row (bold) printed before the row of that index.
    groups: tuple[tuple[int, str], ...] = ()
    small: bool = False  # a smaller type, for a matrix too wide for the usual one


@dataclass(frozen=True, slots=True)
class Figure:
    title: str  # the caption with its number: "Gambar 3.1 Capaian per klaster"
    png: bytes
    width_cm: float = 16.0


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


@dataclass(frozen=True, slots=True)
class Signature:
    """Place and date, the signer's position, a space to sign, name and NIP."""

    place: str
    date_text: str
    position: str
    name: str  # "" leaves a line to sign and fill in by hand
    nip: str


@dataclass(frozen=True, slots=True)
class Contents:
    """A list a reader finds things by, with page numbers: DAFTAR ISI / TABEL / GAMBAR."""

    kind: str  # "isi" (headings), "tabel" (table captions) or "gambar" (figure captions)

    @property
    def title(self) -> str:
        return {"isi": "DAFTAR ISI", "tabel": "DAFTAR TABEL", "gambar": "DAFTAR GAMBAR"}[self.kind]


Block = Heading | Paragraph | Bullets | Table | Figure | PageBreak | Signature | Contents


@dataclass(frozen=True, slots=True)
class Cover:
    title: str  # "LAPORAN PENGEMBANGAN KABUPATEN/KOTA LAYAK ANAK"
    region: str  # "Kota Cilegon"
    subtitle: str  # "Tahun 2025" or "Caturwulan II 2025"
    date_text: str  # "29 November 2026"
    government: str = ""  # "PEMERINTAH KOTA CILEGON"
    issuer: str = ""  # "GUGUS TUGAS KABUPATEN/KOTA LAYAK ANAK"
    lines: tuple[str, ...] = ()  # under the title: the data cut-off, the legal basis
    logo: bytes | None = None  # PNG or JPEG bytes of the region's logo


@dataclass(frozen=True, slots=True)
class Report:
    cover: Cover
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    author: str = ""  # the document's author property: "Gugus Tugas KLA Kota Cilegon"

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    @property
    def footer(self) -> str:
        return " · ".join(t for t in (self.cover.region, self.cover.subtitle) if t)
