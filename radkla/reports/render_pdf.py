"""Render a ``Report`` to PDF bytes: the pages of ``layout.paginate``, drawn as they are. Pure.

A4, portrait or landscape per chapter, 2.5 cm margins. The cover has no footer;
every other page carries the region, the period and its number. Headings are
bookmarks in the PDF outline, and every line of the DAFTAR ISI, DAFTAR TABEL and
DAFTAR GAMBAR links to its page. All text is DejaVu Sans, embedded, so every glyph
of Indonesian text prints; the 14 standard PDF fonts are never used.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from reportlab.lib.colors import HexColor  # type: ignore[import-untyped]
from reportlab.lib.utils import ImageReader  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from radkla.reports.document import Report
from radkla.reports.layout import (
    BORDER,
    CM,
    FONT,
    MARGIN,
    MUTED_COLOUR,
    RULE_COLOUR,
    STYLES,
    TEXT_COLOUR,
    Anchor,
    Box,
    Layout,
    Line,
    Link,
    Page,
    PageNumber,
    Picture,
    Rule,
    paginate,
    text_width,
)

__all__ = ["render_pdf"]

FOOTER_Y = MARGIN - 1.2 * CM


def render_pdf(report: Report, layout: Layout | None = None) -> bytes:
    """The report as a PDF file (bytes)."""
    layout = layout or paginate(report)
    buffer = BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=layout.pages[0].size,
        pageCompression=1,
        initialFontName=FONT,  # not Helvetica, which would be listed on every page
        initialFontSize=10,
    )
    canvas.setTitle(f"{report.cover.title.capitalize()} — {report.cover.region}")
    canvas.setSubject(report.cover.subtitle)
    canvas.setAuthor(report.author or report.cover.region)
    canvas.setCreator("radkla")
    _Painter(canvas, report.footer).pages(layout.pages)
    canvas.save()
    return buffer.getvalue()


class _Painter:
    def __init__(self, canvas: Any, footer: str) -> None:
        self.canvas = canvas
        self.footer = footer
        self.font: tuple[str, float] | None = None
        self.text: Any = None
        self.text_fill: str | None = None
        self.fill: str | None = None
        self.stroke: str | None = None
        self.images: dict[int, Any] = {}
        self.outline_level = -1

    def pages(self, pages: list[Page]) -> None:
        for page in pages:
            self.canvas.setPageSize(page.size)
            self.fill = self.stroke = None  # a new page resets the graphics state
            self.canvas.setLineWidth(BORDER)
            # All of a page's text in one text object, drawn over its boxes and rules:
            # a text object per line costs more than the rest of the page.
            self.text = self.canvas.beginText()
            self.font = self.text_fill = None
            for item in page.items:
                self.item(item)
            if not page.cover:
                self.draw_footer(page)
            self.canvas.drawText(self.text)
            self.canvas.showPage()

    def item(self, item: object) -> None:
        if isinstance(item, Line):
            self.line(item)
        elif isinstance(item, Box):
            self.box(item)
        elif isinstance(item, Rule):
            self.rule(item)
        elif isinstance(item, Picture):
            self.picture(item)
        elif isinstance(item, PageNumber):
            width = text_width(item.text, item.font, item.size)
            self.write(item.text, item.x - width, item.y, item.font, item.size, TEXT_COLOUR)
        elif isinstance(item, Link):
            self.canvas.linkRect(
                "", item.target, (item.x, item.y, item.x + item.w, item.y + item.h), thickness=0
            )
        elif isinstance(item, Anchor):
            self.anchor(item)

    def write(self, text: str, x: float, y: float, font: str, size: float, colour: str) -> None:
        if self.font != (font, size):
            self.text.setFont(font, size)
            self.font = (font, size)
        if self.text_fill != colour:
            self.text.setFillColor(HexColor(f"#{colour}"))
            self.text_fill = colour
        self.text.setTextOrigin(x, y)
        self.text.textOut(text)

    def set_fill(self, colour: str) -> None:
        if self.fill != colour:
            self.canvas.setFillColor(HexColor(f"#{colour}"))
            self.fill = colour

    def set_stroke(self, colour: str) -> None:
        if self.stroke != colour:
            self.canvas.setStrokeColor(HexColor(f"#{colour}"))
            self.stroke = colour

    def line(self, line: Line) -> None:
        if not line.gap:
            self.write(line.text, line.x, line.y, line.font, line.size, line.colour)
            return
        # A justified line: each word where Word would put it.
        space = text_width(" ", line.font, line.size) + line.gap
        x = line.x
        for word in line.text.split(" "):
            self.write(word, x, line.y, line.font, line.size, line.colour)
            x += text_width(word, line.font, line.size) + space

    def box(self, box: Box) -> None:
        if box.fill is not None:
            self.set_fill(box.fill)
        if box.stroke is not None:
            self.set_stroke(box.stroke)
        self.canvas.rect(
            box.x, box.y, box.w, box.h, stroke=box.stroke is not None, fill=box.fill is not None
        )

    def rule(self, rule: Rule) -> None:
        self.set_stroke(rule.colour)
        if rule.dotted:
            self.canvas.saveState()
            self.canvas.setDash(0.6, 2.6)
            self.canvas.setLineCap(1)
            self.canvas.setLineWidth(0.9)
            self.canvas.line(rule.x1, rule.y1 + 1, rule.x2, rule.y2 + 1)
            self.canvas.restoreState()
            self.fill = self.stroke = None
            return
        self.canvas.line(rule.x1, rule.y1, rule.x2, rule.y2)

    def picture(self, picture: Picture) -> None:
        reader = self.images.get(id(picture.data))
        if reader is None:
            reader = self.images[id(picture.data)] = ImageReader(BytesIO(picture.data))
        self.canvas.drawImage(reader, picture.x, picture.y, picture.w, picture.h, mask="auto")

    def anchor(self, anchor: Anchor) -> None:
        self.canvas.bookmarkPage(anchor.target, fit="XYZ", top=anchor.y + 6, left=0)
        if anchor.level < 0:
            return
        # An outline entry may only go one level deeper than the one before it.
        level = min(anchor.level, self.outline_level + 1)
        self.outline_level = level
        self.canvas.addOutlineEntry(anchor.title, anchor.target, level=level, closed=False)

    def draw_footer(self, page: Page) -> None:
        width = page.size[0]
        style = STYLES["footer"]
        self.set_stroke(RULE_COLOUR)
        self.canvas.line(MARGIN, FOOTER_Y + 11, width - MARGIN, FOOTER_Y + 11)
        text = f"{self.footer} · Halaman {page.number}"
        used = text_width(text, style.font, style.size)
        self.write(text, width - MARGIN - used, FOOTER_Y, style.font, style.size, MUTED_COLOUR)
