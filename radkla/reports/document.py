"""A report as plain data: what the builders produce and every renderer reads. Pure.

Builders (``builders.py``) read the database and the achievement engine and
return a ``Report``; renderers (``render_docx.py``, ``render_pdf.py``) turn it
into a file and never query anything. Two formats can therefore never disagree.
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


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1  # 1 = chapter, 2 = section


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    style: str = "body"  # "body", "lead" (larger), "note" (small, muted)


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # every cell already formatted as text
    category_column: int | None = None  # a column whose text is a category name
    widths: tuple[float, ...] | None = None  # relative column widths, optional


@dataclass(frozen=True, slots=True)
class Figure:
    title: str
    png: bytes
    width_cm: float = 16.0


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Bullets | Table | Figure | PageBreak


@dataclass(frozen=True, slots=True)
class Cover:
    title: str  # "Laporan Pengembangan Kabupaten/Kota Layak Anak"
    region: str  # "Kota Cilegon"
    subtitle: str  # "Caturwulan II 2025" or "Tahun 2025"
    legal_basis: str
    date_text: str  # "29 November 2026"
    note: str = ""  # e.g. "Disusun dari data terverifikasi radkla."


@dataclass(frozen=True, slots=True)
class Report:
    cover: Cover
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    table_of_contents: bool = True

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]
