"""Where every line, table row and picture of a report falls: one pagination for both formats.

Pure: no Django, no queries. ``paginate`` measures every line in DejaVu Sans (the
PDF's font) and breaks the report into A4 pages, portrait or landscape per chapter.
The PDF renderer draws these pages as they are. The Word renderer writes the same
content with the same sizes, exact line heights, cell margins and column widths,
and starts a page (or a landscape section) exactly where a page starts here. Word's
Calibri and LibreOffice's fallback are no wider than DejaVu Sans, so a page's
content never grows there, and the page numbers printed in the DAFTAR ISI are
the pages a reader sees in both formats, without updating anything.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from io import BytesIO

from PIL import Image as PILImage
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

from radkla.lib.fonts import dejavu
from radkla.reports.document import (
    CATEGORY_COLOURS,
    Block,
    Bullets,
    Contents,
    Cover,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    Signature,
    Table,
    category_fill,
)

# --- fonts -------------------------------------------------------------------------------

FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
}
_fonts_lock = threading.Lock()
_fonts_ready = False


def register_fonts() -> None:
    """Register DejaVu Sans with reportlab once per process (from matplotlib's own copy)."""
    global _fonts_ready
    with _fonts_lock:  # the server renders from several threads
        if _fonts_ready:
            return
        for name, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, dejavu(filename)))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
        _fonts_ready = True


_widths: dict[tuple[str, str, float], float] = {}


def text_width(text: str, font: str, size: float) -> float:
    key = (text, font, size)
    found = _widths.get(key)
    if found is None:
        found = pdfmetrics.stringWidth(text, font, size)
        if len(_widths) > 200_000:
            _widths.clear()
        _widths[key] = found
    return found


# --- geometry and styles -----------------------------------------------------------------

CM = 72 / 2.54
A4_WIDTH, A4_HEIGHT = 595.2756, 841.8898
MARGIN = 2.5 * CM
# Room the pagination leaves free at the foot of every page: what Word or LibreOffice
# may add (a section break's one-point paragraph, rounding to twips) never moves a page.
SLACK = 8.0
CELL_PAD_X = 3.0  # table cell margins, left and right (60 twips)
CELL_PAD_Y = 2.0  # top and bottom (40 twips)
BORDER = 0.5  # every grid line; LibreOffice adds one to each row's height
NUMBER_COLUMN = 1.2 * CM  # the page numbers of the DAFTAR ISI
SIGNATURE_SPACE = 54.0  # the room to sign in, above the name
FIGURE_EXTRA = 4.0  # a picture's line in Word: the picture and a little descent
TABLE_AFTER = 8.0  # room under a table before what follows

TEXT_COLOUR = "1F2933"
MUTED_COLOUR = "52606D"
RULE_COLOUR = "9AA5B1"
HEADER_FILL = "E4E7EB"
GROUP_FILL = "F5F7FA"
# The two darkest category colours carry white text; the others dark text.
WHITE_TEXT_CATEGORIES = frozenset({"sangat tinggi", "sangat rendah"})
WHITE_TEXT_FILLS = frozenset(CATEGORY_COLOURS[name] for name in WHITE_TEXT_CATEGORIES)


@dataclass(frozen=True, slots=True)
class Style:
    font: str
    size: float  # points; Word takes half points, so multiples of 0.5
    leading: float  # exact line height in points (a multiple of 0.05: whole twips)
    before: float = 0.0
    after: float = 0.0
    align: str = "left"  # left, center, right, justify
    indent: float = 0.0
    colour: str = TEXT_COLOUR


STYLES: dict[str, Style] = {
    "body": Style(FONT, 11, 15, after=6, align="justify"),
    "lead": Style(FONT, 12, 16.5, after=8, align="justify"),
    "note": Style(ITALIC, 9, 12, after=6, colour=MUTED_COLOUR),
    "h1": Style(BOLD, 14, 18, after=18, align="center"),
    "h2": Style(BOLD, 12, 16, before=10, after=6),
    "item": Style(FONT, 11, 15, after=3, align="justify", indent=18),
    "table_caption": Style(BOLD, 9.5, 12.5, before=6, after=4),
    "continued": Style(ITALIC, 8.5, 11, after=3, colour=MUTED_COLOUR),
    "figure_caption": Style(ITALIC, 9, 12, before=3, after=10, align="center"),
    "cell": Style(FONT, 8, 10),
    "cell_head": Style(BOLD, 8, 10),
    "cell_small": Style(FONT, 7, 8.5),
    "cell_head_small": Style(BOLD, 7, 8.5),
    "entry1": Style(BOLD, 11, 14.5, before=3, after=1),
    "entry2": Style(FONT, 11, 14.5, after=1, indent=18),
    "signature": Style(FONT, 11, 15),
    "signature_name": Style(BOLD, 11, 15),
    "cover_government": Style(BOLD, 16, 20, align="center"),
    "cover_issuer": Style(BOLD, 13, 17, before=4, align="center"),
    "cover_title": Style(BOLD, 20, 25, align="center"),
    "cover_region": Style(BOLD, 16, 20, before=14, align="center"),
    "cover_subtitle": Style(FONT, 14, 18, before=6, align="center"),
    "cover_line": Style(FONT, 10, 13, before=4, align="center", colour=MUTED_COLOUR),
    "cover_date": Style(FONT, 11, 15, align="center"),
    "footer": Style(FONT, 8, 10, align="right", colour=MUTED_COLOUR),
}

# A cell that is only a number or an amount: right-aligned in both formats.
_NUMBER = re.compile(r"^(Rp\s?)?[-−+]?\d[\d.,]*\s?%?$")


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


def page_size(landscape: bool) -> tuple[float, float]:
    return (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT)


def frame_width(landscape: bool) -> float:
    return page_size(landscape)[0] - 2 * MARGIN


# --- line breaking -----------------------------------------------------------------------


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy line breaking; the same cell text recurs, so results are remembered."""
    return list(_wrap(text, font, size, round(width, 3)))


@lru_cache(maxsize=65536)
def _wrap(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """Greedy line breaking at spaces (and inside a word only when it cannot fit).

    Word and LibreOffice break at spaces and hyphens with narrower or equal glyphs,
    so they never need more lines than this.
    """
    lines: list[str] = []
    space = text_width(" ", font, size)
    for segment in text.split("\n"):
        words = segment.split()
        if not words:
            lines.append("")
            continue
        line: list[str] = []
        used = 0.0
        for word in words:
            w = text_width(word, font, size)
            if line and used + space + w <= width:
                line.append(word)
                used += space + w
                continue
            if line:
                lines.append(" ".join(line))
            if w <= width:
                line, used = [word], w
                continue
            pieces = _break_word(word, font, size, width)
            lines.extend(pieces[:-1])
            line, used = [pieces[-1]], text_width(pieces[-1], font, size)
        lines.append(" ".join(line))
    return tuple(lines)


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    pieces, current = [], ""
    for char in word:
        if current and text_width(current + char, font, size) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return [*pieces, current]


def cell_style(small: bool, bold: bool) -> Style:
    return STYLES[("cell_head" if bold else "cell") + ("_small" if small else "")]


def longest_word(text: str, font: str, size: float) -> float:
    return max((text_width(w, font, size) for w in text.split()), default=0.0)


def least_widths(table: Table) -> list[float]:
    """Each column's longest word (header or cell) with the cell's margins and borders."""
    head, cell = cell_style(table.small, True), cell_style(table.small, False)
    extra = 2 * CELL_PAD_X + 2 * BORDER + 0.5
    return [
        max(
            longest_word(table.columns[c], head.font, head.size),
            max((longest_word(row[c], cell.font, cell.size) for row in table.rows), default=0.0),
        )
        + extra
        for c in range(len(table.columns))
    ]


def column_widths(table: Table, width: float) -> list[float]:
    """Column widths in points that fill ``width`` and hold each column's longest word.

    The table's relative widths say how the room left over is shared.
    """
    n = len(table.columns)
    least = least_widths(table)
    wanted = list(table.widths) if table.widths and len(table.widths) == n else [1.0] * n
    if sum(least) >= width:
        # Not every word fits: share the width by the longest words (some break).
        return [width * w / sum(least) for w in least]
    fixed: dict[int, float] = {}
    while True:
        free = [c for c in range(n) if c not in fixed]
        room = width - sum(fixed.values())
        share = sum(wanted[c] for c in free)
        grown = {c: room * wanted[c] / share for c in free}
        short = {c: least[c] for c in free if grown[c] < least[c]}
        if not short:
            return [fixed.get(c, grown.get(c, 0.0)) for c in range(n)]
        fixed.update(short)


def picture_size(data: bytes) -> tuple[int, int]:
    with PILImage.open(BytesIO(data)) as image:
        return image.size


# --- what a page holds -------------------------------------------------------------------


@dataclass(slots=True)
class Line:
    """One line of text; ``x`` is its left edge, ``y`` its baseline (PDF coordinates)."""

    text: str
    x: float
    y: float
    font: str
    size: float
    colour: str
    gap: float = 0.0  # extra width at each space of a justified line


@dataclass(slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None


@dataclass(slots=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str = RULE_COLOUR
    dotted: bool = False


@dataclass(slots=True)
class Picture:
    x: float
    y: float
    w: float
    h: float
    data: bytes


@dataclass(slots=True)
class Link:
    x: float
    y: float
    w: float
    h: float
    target: str


@dataclass(slots=True)
class Anchor:
    """A place a link or the PDF outline goes to; ``level`` -1 is not in the outline."""

    target: str
    y: float
    title: str
    level: int


@dataclass(slots=True)
class PageNumber:
    """The page number of ``target``, right-aligned at ``x``; known once all is laid out."""

    target: str
    x: float
    y: float
    font: str
    size: float
    text: str = ""


Item = Line | Box | Rule | Picture | Link | Anchor | PageNumber


@dataclass(slots=True)
class Page:
    """A page: its units are placed only when someone draws it (the PDF, not the DOCX)."""

    number: int
    landscape: bool
    cover: bool = False
    pending: list[tuple[Place, float, float, float]] = field(default_factory=list)
    block_pages: dict[int, int] = field(default_factory=dict)  # for the daftar isi's numbers
    placed: list[Item] | None = None

    @property
    def size(self) -> tuple[float, float]:
        return page_size(self.landscape)

    @property
    def items(self) -> list[Item]:
        if self.placed is None:
            self.placed = [item for place, *at in self.pending for item in place(*at)]
            for item in self.placed:
                if isinstance(item, PageNumber):
                    item.text = str(self.block_pages.get(int(item.target[1:]), ""))
        return self.placed


@dataclass(frozen=True, slots=True)
class Entry:
    """A line of DAFTAR ISI / TABEL / GAMBAR: its text, level and the block it points to."""

    text: str
    level: int
    block: int


@dataclass(slots=True)
class Layout:
    pages: list[Page]
    # Units that open a page, by (block index, part): ("block",), ("row", i),
    # ("group", i), ("item", i), ("entry", i). The Word renderer breaks there.
    opens: dict[tuple[int, tuple[object, ...]], int]
    block_pages: dict[int, int]  # the page each block starts on
    widths: dict[int, list[float]]  # a table's column widths in points, by block index
    entries: dict[str, list[Entry]]  # per Contents kind
    cramped: list[int]  # tables too wide for their page: some of their words break

    def page_of(self, block: int) -> int:
        return self.block_pages[block]

    def landscape_of(self, page: int) -> bool:
        return self.pages[page - 1].landscape


def target(block: int) -> str:
    return f"b{block}"


def entries_of(report: Report) -> dict[str, list[Entry]]:
    """What the DAFTAR ISI, DAFTAR TABEL and DAFTAR GAMBAR list, in document order."""
    found: dict[str, list[Entry]] = {"isi": [], "tabel": [], "gambar": []}
    for index, block in enumerate(report.blocks):
        if isinstance(block, Heading):
            found["isi"].append(Entry(block.text, min(max(block.level, 1), 2), index))
        elif isinstance(block, Contents):
            found["isi"].append(Entry(block.title, 1, index))
        elif isinstance(block, Table) and block.title:
            found["tabel"].append(Entry(block.title, 2, index))
        elif isinstance(block, Figure) and block.title:
            found["gambar"].append(Entry(block.title, 2, index))
    return found


# --- units: what cannot be split, and what must stay together -----------------------------

Place = Callable[[float, float, float], list[Item]]  # (left x, top y, width) → items


@dataclass(slots=True)
class _Unit:
    height: float
    place: Place
    tag: tuple[int, tuple[object, ...]]
    keep_with_next: bool = False
    new_page: bool = False
    landscape: bool | None = None  # with new_page: the orientation; None keeps it
    # When this unit starts a page it did not ask for (a table row), these go first.
    repeat: Callable[[], list[_Unit]] | None = None


def text_lines(text: str, style: Style, width: float) -> list[str]:
    return wrap(text, style.font, style.size, width - style.indent)


def text_height(lines: list[str], style: Style) -> float:
    return style.before + len(lines) * style.leading + style.after


def _baseline(top: float, style: Style) -> float:
    # The baseline sits a font's ascent below the middle-aligned line box.
    return top - (style.leading - style.size) / 2 - style.size * 0.8


def place_lines(
    lines: list[str], style: Style, x: float, top: float, width: float, *, bold_last: bool = False
) -> list[Line]:
    """Lines of a paragraph from ``top`` (its space before included)."""
    items: list[Line] = []
    y = top - style.before
    left = x + style.indent
    room = width - style.indent
    for n, text in enumerate(lines):
        used = text_width(text, style.font, style.size)
        gap = 0.0
        if style.align == "center":
            start = left + (room - used) / 2
        elif style.align == "right":
            start = left + room - used
        else:
            start = left
            spaces = text.count(" ")
            last = n == len(lines) - 1 or lines[n + 1] == ""
            if style.align == "justify" and spaces and not last:
                gap = (room - used) / spaces
        font = BOLD if bold_last and n == len(lines) - 1 else style.font
        items.append(Line(text, start, _baseline(y, style), font, style.size, style.colour, gap))
        y -= style.leading
    return items


class _Paginator:
    def __init__(self) -> None:
        self.pages: list[Page] = []
        self.top = 0.0  # the top of the free space on the current page
        self.bottom = 0.0
        self.opens: dict[tuple[int, tuple[object, ...]], int] = {}
        self.block_pages: dict[int, int] = {}
        self.empty = True

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self, landscape: bool, *, cover: bool = False) -> None:
        page = Page(len(self.pages) + 1, landscape, cover, block_pages=self.block_pages)
        self.pages.append(page)
        height = page.size[1]
        self.top = height - MARGIN
        self.bottom = MARGIN + SLACK
        self.empty = True

    def room(self) -> float:
        return self.top - self.bottom

    def run(self, units: list[_Unit]) -> None:
        for i, unit in enumerate(units):
            if unit.new_page or not self.pages:
                landscape = unit.landscape if unit.landscape is not None else self._landscape()
                self.new_page(landscape, cover=unit.tag[1] == ("cover",))
            else:
                need = unit.height
                j = i
                while units[j].keep_with_next and j + 1 < len(units):
                    j += 1
                    if units[j].new_page:
                        break
                    need += units[j].height
                full = self.page.size[1] - 2 * MARGIN - SLACK
                if need > full:  # a chain taller than a page keeps nothing together
                    need = unit.height
                if need > self.room() and not self.empty:
                    self.new_page(self._landscape())
                    if unit.repeat is not None:
                        for extra in unit.repeat():
                            self._put(extra)
                        self.opens[unit.tag] = self.page.number
            self._put(unit)

    def _landscape(self) -> bool:
        return self.page.landscape if self.pages else False

    def _put(self, unit: _Unit) -> None:
        if self.empty:
            self.opens[unit.tag] = self.page.number
        self.block_pages.setdefault(unit.tag[0], self.page.number)
        width = frame_width(self.page.landscape)
        self.page.pending.append((unit.place, MARGIN, self.top, width))
        self.top -= unit.height
        self.empty = False


class _Units:
    """Turns each block into units of known height."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.entries = entries_of(report)
        self.widths: dict[int, list[float]] = {}
        self.cramped: list[int] = []
        self.landscape = False

    def all(self) -> Iterator[_Unit]:
        yield self.cover(self.report.cover)
        force = False
        for index, block in enumerate(self.report.blocks):
            if isinstance(block, PageBreak):
                force = True
                continue
            units = self.block(index, block)
            if force and units:
                units[0].new_page = True
                force = False
            if introduces_figure(self.report.blocks, index) and units:
                units[-1].keep_with_next = True
            yield from units

    def width(self) -> float:
        return frame_width(self.landscape)

    def block(self, index: int, block: Block) -> list[_Unit]:
        if isinstance(block, Heading):
            return [self.heading(index, block)]
        if isinstance(block, Paragraph):
            style = STYLES[block.style] if block.style in ("body", "lead", "note") else None
            if style is None:
                raise ValueError(f"unknown paragraph style {block.style!r}")
            return [self.text(index, ("block",), block.text, style)]
        if isinstance(block, Bullets):
            return [
                self.text(index, ("item", n), item, STYLES["item"], marker=_marker(block, n))
                for n, item in enumerate(block.items)
            ]
        if isinstance(block, Table):
            return self.table(index, block)
        if isinstance(block, Figure):
            return [self.figure(index, block)]
        if isinstance(block, Signature):
            return [self.signature(index, block)]
        if isinstance(block, Contents):
            return self.contents(index, block)
        raise TypeError(f"unknown block {block!r}")

    # -- text

    def heading(self, index: int, heading: Heading) -> _Unit:
        chapter = heading.level <= 1
        if chapter:
            self.landscape = heading.landscape
        style = STYLES["h1" if chapter else "h2"]
        lines = text_lines(heading.text, style, self.width())
        level = 0 if chapter else 1

        def place(x: float, top: float, width: float) -> list[Item]:
            return [
                Anchor(target(index), top, heading.text, level),
                *place_lines(lines, style, x, top, width),
            ]

        return _Unit(
            text_height(lines, style),
            place,
            (index, ("block",)),
            keep_with_next=True,
            new_page=chapter,
            landscape=heading.landscape if chapter else None,
        )

    def text(
        self,
        index: int,
        part: tuple[object, ...],
        text: str,
        style: Style,
        *,
        marker: str = "",
    ) -> _Unit:
        lines = text_lines(text, style, self.width())

        def place(x: float, top: float, width: float) -> list[Item]:
            placed = place_lines(lines, style, x, top, width)
            items: list[Item] = [*placed]
            if marker:
                y = placed[0].y
                items.append(Line(marker, x + 4, y, style.font, style.size, style.colour))
            return items

        return _Unit(text_height(lines, style), place, (index, part))

    # -- tables

    def table(self, index: int, table: Table) -> list[_Unit]:
        n = len(table.columns)
        if n == 0:
            raise ValueError(f"table {table.title!r} has no columns")
        for row in table.rows:
            if len(row) != n:
                raise ValueError(f"table {table.title!r}: row {row!r} has not {n} cells")
        widths = column_widths(table, self.width())
        self.widths[index] = widths
        if sum(least_widths(table)) >= self.width():
            self.cramped.append(index)
        units: list[_Unit] = []
        if table.title:
            style = STYLES["table_caption"]
            lines = text_lines(table.title, style, self.width())
            units.append(
                _Unit(
                    text_height(lines, style),
                    _placer(lines, style, anchor=(target(index), table.title)),
                    (index, ("block",)),
                    keep_with_next=True,
                )
            )

        def header() -> _Unit:
            return self.row(
                index, ("header",), table.columns, widths, header=True, small=table.small
            )

        def repeat() -> list[_Unit]:
            style = STYLES["continued"]
            lines = [continued_label(table)]
            return [
                _Unit(text_height(lines, style), _placer(lines, style), (index, ("continued",))),
                _with_keep(header()),
            ]

        head = header()
        head.keep_with_next = True
        units.append(head)
        groups = dict(table.groups)
        for r, row in enumerate(table.rows):
            if r in groups:
                group = self.row(
                    index, ("group", r), (groups[r],), [sum(widths)], group=True, small=table.small
                )
                group.keep_with_next = True
                group.repeat = repeat
                units.append(group)
            unit = self.row(
                index, ("row", r), row, widths, category=table.category_column, small=table.small
            )
            unit.repeat = repeat
            units.append(unit)
        units[-1].height += TABLE_AFTER
        return units

    def row(
        self,
        index: int,
        part: tuple[object, ...],
        cells: tuple[str, ...],
        widths: list[float],
        *,
        header: bool = False,
        group: bool = False,
        category: int | None = None,
        small: bool = False,
    ) -> _Unit:
        style = cell_style(small, header or group)
        wrapped = [
            wrap(text, style.font, style.size, w - 2 * CELL_PAD_X - BORDER)
            for text, w in zip(cells, widths, strict=True)
        ]
        height = max(len(lines) for lines in wrapped) * style.leading + 2 * CELL_PAD_Y + BORDER

        def place(x: float, top: float, width: float) -> list[Item]:
            items: list[Item] = []
            left = x
            for c, (text, lines, w) in enumerate(zip(cells, wrapped, widths, strict=True)):
                fill = HEADER_FILL if header else GROUP_FILL if group else None
                colour = style.colour
                font = style.font
                if c == category and category_fill(text):
                    fill = category_fill(text)
                    if fill in WHITE_TEXT_FILLS:
                        colour, font = "FFFFFF", BOLD
                items.append(Box(left, top - height, w, height, fill, RULE_COLOUR))
                cell_style = Style(
                    font,
                    style.size,
                    style.leading,
                    align="right" if is_number(text) and not header else "left",
                    colour=colour,
                )
                items += place_lines(
                    lines, cell_style, left + CELL_PAD_X, top - CELL_PAD_Y, w - 2 * CELL_PAD_X
                )
                left += w
            return items

        return _Unit(height, place, (index, part))

    # -- pictures and signatures

    def figure(self, index: int, figure: Figure) -> _Unit:
        width_px, height_px = picture_size(figure.png)
        width = min(figure.width_cm * CM, self.width())
        height = width * height_px / width_px
        limit = (page_size(self.landscape)[1] - 2 * MARGIN - SLACK) * 0.7
        if height > limit:
            width, height = width * limit / height, limit
        caption = STYLES["figure_caption"]
        lines = text_lines(figure.title, caption, self.width()) if figure.title else []
        total = height + FIGURE_EXTRA + (text_height(lines, caption) if lines else 0.0)

        def place(x: float, top: float, frame: float) -> list[Item]:
            left = x + (frame - width) / 2
            items: list[Item] = [
                Anchor(target(index), top, figure.title, -1),
                Picture(left, top - height, width, height, figure.png),
            ]
            if lines:
                items += place_lines(lines, caption, x, top - height - FIGURE_EXTRA, frame)
            return items

        return _Unit(total, place, (index, ("block",)))

    def signature(self, index: int, signature: Signature) -> _Unit:
        style, name_style = STYLES["signature"], STYLES["signature_name"]
        half = self.width() / 2
        lines = signature_lines(signature, half)
        height = (len(lines) - 2) * style.leading + SIGNATURE_SPACE + 2 * style.leading + 12

        def place(x: float, top: float, width: float) -> list[Item]:
            left = x + width - half
            y = top - 12
            items: list[Item] = []
            for text, kind in lines:
                if kind in ("name", "blank"):
                    y -= SIGNATURE_SPACE
                chosen = name_style if kind == "name" else style
                items += place_lines([text], chosen, left, y, half)
                if kind == "name":
                    used = text_width(text, chosen.font, chosen.size)
                    line_y = _baseline(y, chosen) - 2
                    items.append(Rule(left, line_y, left + used, line_y, TEXT_COLOUR))
                y -= style.leading
            return items

        return _Unit(height, place, (index, ("block",)))

    # -- contents

    def contents(self, index: int, contents: Contents) -> list[_Unit]:
        heading = self.heading(index, Heading(contents.title, 1))
        units = [heading]
        for n, entry in enumerate(self.entries[contents.kind]):
            style = STYLES["entry1" if entry.level == 1 else "entry2"]
            room = self.width() - NUMBER_COLUMN
            lines = wrap(entry.text, style.font, style.size, room - style.indent)

            def place(
                x: float,
                top: float,
                width: float,
                lines: list[str] = lines,
                style: Style = style,
                entry: Entry = entry,
            ) -> list[Item]:
                placed = place_lines(lines, style, x, top, width - NUMBER_COLUMN)
                items: list[Item] = [*placed]
                last = placed[-1]
                end = last.x + text_width(last.text, style.font, style.size) + 4
                right = x + width
                items.append(Rule(end, last.y, right - 24, last.y, MUTED_COLOUR, dotted=True))
                items.append(PageNumber(target(entry.block), right, last.y, style.font, style.size))
                height = len(lines) * style.leading
                items.append(
                    Link(x, top - style.before - height, width, height, target(entry.block))
                )
                return items

            units.append(_Unit(text_height(lines, style), place, (index, ("entry", n))))
        if len(units) == 1:
            note = STYLES["note"]
            units.append(self.text(index, ("empty",), "Tidak ada.", note))
        return units

    # -- the cover

    def cover(self, cover: Cover) -> _Unit:
        parts = cover_parts(cover, frame_width(False))

        def place(x: float, top: float, width: float) -> list[Item]:
            items: list[Item] = []
            y = top
            for part in parts:
                y -= part.before
                if part.picture is not None:
                    w, h = part.picture
                    items.append(Picture(x + (width - w) / 2, y - h, w, h, cover.logo or b""))
                    y -= h
                    continue
                style = STYLES[part.style]
                items += place_lines(part.lines, replace(style, before=0), x, y, width)
                y -= len(part.lines) * style.leading
            return items

        return _Unit(0.0, place, (-1, ("cover",)), new_page=True, landscape=False)


def introduces_figure(blocks: tuple[Block, ...], index: int) -> bool:
    """A paragraph right before a figure stays on its page (it says what the figure shows)."""
    return (
        isinstance(blocks[index], Paragraph)
        and index + 1 < len(blocks)
        and isinstance(blocks[index + 1], Figure)
    )


def continued_label(table: Table) -> str:
    """``Tabel 3.2 (lanjutan)`` over a table's rows on a following page."""
    number = " ".join(table.title.split()[:2]) if table.title.startswith("Tabel ") else ""
    return f"{number} (lanjutan)".strip()


def _with_keep(unit: _Unit) -> _Unit:
    unit.keep_with_next = True
    return unit


def _placer(lines: list[str], style: Style, *, anchor: tuple[str, str] | None = None) -> Place:
    def place(x: float, top: float, width: float) -> list[Item]:
        items: list[Item] = [*place_lines(lines, style, x, top, width)]
        if anchor is not None:
            items.insert(0, Anchor(anchor[0], top, anchor[1], -1))
        return items

    return place


def _marker(bullets: Bullets, n: int) -> str:
    return f"{n + 1}." if bullets.numbered else "•"


def signature_lines(signature: Signature, width: float) -> list[tuple[str, str]]:
    """The signature block's lines and their kind (``text`` or ``name``)."""
    style = STYLES["signature"]
    lines = [(f"{signature.place}, {signature.date_text}", "text")]
    lines += [(line, "text") for line in wrap(signature.position, style.font, style.size, width)]
    name = signature.name.strip()
    signer = (name, "name") if name else ("(" + "." * 40 + ")", "blank")
    nip = signature.nip.strip() or "." * 30
    return [*lines, signer, (f"NIP {nip}", "text")]


@dataclass(frozen=True, slots=True)
class CoverPart:
    style: str
    lines: list[str]
    before: float  # space above, in points
    picture: tuple[float, float] | None = None  # the logo's width and height


LOGO_HEIGHT = 3.2 * CM


def cover_parts(cover: Cover, width: float) -> list[CoverPart]:
    """The cover top to bottom, each part with the space above it; the date at the foot."""
    parts: list[CoverPart] = []
    if cover.logo:
        w_px, h_px = picture_size(cover.logo)
        w = LOGO_HEIGHT * w_px / h_px
        h = LOGO_HEIGHT
        if w > 6 * CM:
            w, h = 6 * CM, 6 * CM * h_px / w_px
        parts.append(CoverPart("", [], 0.0, (w, h)))
    first = 0.8 * CM if cover.logo else 1.5 * CM

    def add(style: str, text: str, before: float | None = None) -> None:
        if not text:
            return
        chosen = STYLES[style]
        lines = wrap(text, chosen.font, chosen.size, width)
        parts.append(CoverPart(style, lines, chosen.before if before is None else before))

    add("cover_government", cover.government, first)
    add("cover_issuer", cover.issuer)
    add("cover_title", cover.title, 3.5 * CM)
    add("cover_region", cover.region)
    add("cover_subtitle", cover.subtitle)
    for n, line in enumerate(cover.lines):
        add("cover_line", line, 1.5 * CM if n == 0 else None)
    used = sum(p.before + (p.picture[1] if p.picture else 0) for p in parts) + sum(
        len(p.lines) * STYLES[p.style].leading for p in parts if p.lines
    )
    date = STYLES["cover_date"]
    room = A4_HEIGHT - 2 * MARGIN - SLACK - used - date.leading - 2 * CM
    add("cover_date", cover.date_text, max(room, 1.0 * CM))
    return parts


def paginate(report: Report) -> Layout:
    """Lay the report out on pages; the renderers print what this decides."""
    register_fonts()
    units = _Units(report)
    paginator = _Paginator()
    paginator.run(list(units.all()))
    layout = Layout(
        pages=paginator.pages,
        opens=paginator.opens,
        block_pages=paginator.block_pages,
        widths=units.widths,
        entries=units.entries,
        cramped=units.cramped,
    )
    return layout
