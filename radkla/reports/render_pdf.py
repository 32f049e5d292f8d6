"""Render a ``Report`` (see ``document.py``) to PDF bytes with reportlab's platypus. Pure.

Layout: A4 portrait, 2.5 cm margins. A cover page without a footer, then (optionally) a
"Daftar Isi" page, then the blocks. Every page after the cover carries a footer with the
region, the period and the page number. Headings feed the table of contents and the PDF
outline (bookmarks).

All text is set in DejaVu Sans, embedded from the TTF files that ship with matplotlib, so
every glyph of Indonesian text (and the odd symbol) renders; the 14 standard PDF fonts are
never used. User text is escaped for reportlab's paragraph mini-markup, so ``<``, ``>`` and
``&`` in the data print literally.
"""

from __future__ import annotations

import threading
from html import escape
from io import BytesIO
from pathlib import Path
from typing import Any

import matplotlib
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import cm  # type: ignore[import-untyped]
from reportlab.lib.utils import ImageReader  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageTemplate,
    Spacer,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle as RLTableStyle
from reportlab.platypus.tableofcontents import TableOfContents  # type: ignore[import-untyped]

from radkla.reports.document import (
    CATEGORY_COLOURS,
    Block,
    Bullets,
    Cover,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    Table,
)

__all__ = ["render_pdf"]

# --- fonts -------------------------------------------------------------------------------

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_OBLIQUE = "DejaVuSans-Oblique"
FONT_BOLD_OBLIQUE = "DejaVuSans-BoldOblique"

_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_OBLIQUE: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_OBLIQUE: "DejaVuSans-BoldOblique.ttf",
}

_fonts_registered = False
_fonts_lock = threading.Lock()


def _register_fonts() -> None:
    """Register the DejaVu family with reportlab, once per process."""
    global _fonts_registered
    with _fonts_lock:  # waitress serves from several threads
        if _fonts_registered:
            return
        font_dir = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        for name, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(font_dir / filename)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_OBLIQUE, boldItalic=FONT_BOLD_OBLIQUE
        )
        _fonts_registered = True


# --- page geometry -----------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 2.5 * cm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
FRAME_HEIGHT = PAGE_HEIGHT - 2 * MARGIN

TEXT_COLOUR = colors.HexColor("#1F2933")
MUTED_COLOUR = colors.HexColor("#616E7C")
RULE_COLOUR = colors.HexColor("#9AA5B1")
HEADER_FILL = colors.HexColor("#E4E7EB")


def _luminance(hex_rgb: str) -> float:
    """Relative luminance (WCAG) of an ``RRGGBB`` colour."""

    def channel(pair: str) -> float:
        c = int(pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(hex_rgb[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


# The two darkest category colours carry white text; the others dark text.
_WHITE_TEXT_CATEGORIES = frozenset(
    sorted(CATEGORY_COLOURS, key=lambda name: _luminance(CATEGORY_COLOURS[name]))[:2]
)


# --- styles ------------------------------------------------------------------------------


def _styles() -> dict[str, Any]:
    def style(name: str, **kw: Any) -> Any:
        base: dict[str, Any] = {
            "fontName": FONT,
            "fontSize": 10,
            "leading": 14,
            "textColor": TEXT_COLOUR,
            "bulletFontName": FONT,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    return {
        "body": style("body", spaceAfter=6),
        "lead": style("lead", fontSize=12, leading=17, spaceAfter=8),
        "note": style(
            "note",
            fontName=FONT_OBLIQUE,
            fontSize=8.5,
            leading=11.5,
            textColor=MUTED_COLOUR,
            spaceAfter=6,
        ),
        "h1": style(
            "h1",
            fontName=FONT_BOLD,
            fontSize=16,
            leading=20,
            spaceBefore=10,
            spaceAfter=8,
            keepWithNext=1,
        ),
        "h2": style(
            "h2",
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=16,
            spaceBefore=8,
            spaceAfter=5,
            keepWithNext=1,
        ),
        "bullet": style("bullet", spaceAfter=2),
        "table_title": style(
            "table_title",
            fontName=FONT_BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=4,
            spaceAfter=4,
        ),
        "cell": style("cell", fontSize=8, leading=10),
        "cell_head": style("cell_head", fontName=FONT_BOLD, fontSize=8, leading=10),
        "cell_light": style("cell_light", fontSize=8, leading=10, textColor=colors.white),
        "caption": style(
            "caption",
            fontName=FONT_OBLIQUE,
            fontSize=8.5,
            leading=11,
            textColor=MUTED_COLOUR,
            alignment=TA_CENTER,
            spaceBefore=3,
            spaceAfter=8,
        ),
        "toc_title": style("toc_title", fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=12),
        "toc1": style("toc1", fontName=FONT_BOLD, fontSize=10.5, leading=15, spaceBefore=4),
        "toc2": style("toc2", fontSize=10, leading=14, leftIndent=14),
        "cover_title": style(
            "cover_title",
            fontName=FONT_BOLD,
            fontSize=24,
            leading=30,
            alignment=TA_CENTER,
            spaceAfter=18,
        ),
        "cover_region": style(
            "cover_region",
            fontName=FONT_BOLD,
            fontSize=18,
            leading=24,
            alignment=TA_CENTER,
            spaceAfter=8,
        ),
        "cover_subtitle": style(
            "cover_subtitle", fontSize=14, leading=19, alignment=TA_CENTER, spaceAfter=36
        ),
        "cover_text": style("cover_text", alignment=TA_CENTER, spaceAfter=10),
        "cover_note": style(
            "cover_note",
            fontName=FONT_OBLIQUE,
            fontSize=8.5,
            leading=11.5,
            textColor=MUTED_COLOUR,
            alignment=TA_CENTER,
        ),
    }


def _markup(text: str) -> str:
    """Plain text → reportlab paragraph markup that shows exactly that text."""
    return escape(text, quote=False).replace("\n", "<br/>")


# --- document template -------------------------------------------------------------------


class _ReportDoc(BaseDocTemplate):  # type: ignore[misc]
    """Cover template without footer, body template with footer; headings → TOC + outline."""

    def __init__(self, buffer: BytesIO, cover: Cover) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=f"{cover.title} — {cover.region}",
            subject=cover.subtitle,
            author=cover.region,
            creator="radkla",
            initialFontName=FONT,
        )
        self._footer_text = " · ".join(t for t in (cover.region, cover.subtitle) if t)
        self._outline_level = -1

        def frame() -> Any:
            return Frame(
                MARGIN,
                MARGIN,
                FRAME_WIDTH,
                FRAME_HEIGHT,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )

        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[frame()]),
                PageTemplate(id="body", frames=[frame()], onPage=self._draw_footer),
            ]
        )

    def beforeDocument(self) -> None:
        # multiBuild runs several passes over one template: start each outline afresh.
        self._outline_level = -1

    def _draw_footer(self, canvas: Any, doc: Any) -> None:
        canvas.saveState()
        y = MARGIN - 1.2 * cm
        canvas.setStrokeColor(RULE_COLOUR)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, y + 11, PAGE_WIDTH - MARGIN, y + 11)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED_COLOUR)
        canvas.drawString(MARGIN, y, self._footer_text)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, y, f"Halaman {canvas.getPageNumber()}")
        canvas.restoreState()

    def afterFlowable(self, flowable: Any) -> None:
        info = getattr(flowable, "_radkla_heading", None)
        if info is None:
            return
        level, key, text, markup = info
        # An outline may only go one level deeper than its previous entry.
        outline_level = min(level, self._outline_level + 1)
        self._outline_level = outline_level
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=outline_level, closed=False)
        self.notify("TOCEntry", (level, markup, self.page, key))


# --- blocks ------------------------------------------------------------------------------


class _Builder:
    def __init__(self, styles: dict[str, Any]) -> None:
        self.styles = styles
        self._heading_count = 0

    def cover(self, cover: Cover) -> list[Any]:
        s = self.styles
        story: list[Any] = [Spacer(1, 5 * cm)]
        story.append(RLParagraph(_markup(cover.title), s["cover_title"]))
        if cover.region:
            story.append(RLParagraph(_markup(cover.region), s["cover_region"]))
        if cover.subtitle:
            story.append(RLParagraph(_markup(cover.subtitle), s["cover_subtitle"]))
        if cover.legal_basis:
            story.append(RLParagraph(_markup(cover.legal_basis), s["cover_text"]))
        if cover.date_text:
            story.append(RLParagraph(_markup(cover.date_text), s["cover_text"]))
        if cover.note:
            story.append(Spacer(1, 1.5 * cm))
            story.append(RLParagraph(_markup(cover.note), s["cover_note"]))
        return story

    def table_of_contents(self) -> list[Any]:
        toc = TableOfContents(
            levelStyles=[self.styles["toc1"], self.styles["toc2"]],
            # The TOC lays itself out as a table; without an explicit cell font the
            # table would switch the canvas to Helvetica.
            tableStyle=RLTableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
            dotsMinLevel=0,
        )
        return [RLParagraph("Daftar Isi", self.styles["toc_title"]), toc, RLPageBreak()]

    def block(self, block: Block) -> list[Any]:
        if isinstance(block, Heading):
            return [self.heading(block)]
        if isinstance(block, Paragraph):
            if block.style not in ("body", "lead", "note"):
                raise ValueError(f"unknown paragraph style {block.style!r}")
            return [RLParagraph(_markup(block.text), self.styles[block.style])]
        if isinstance(block, Bullets):
            return self.bullets(block)
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Figure):
            return self.figure(block)
        if isinstance(block, PageBreak):
            return [RLPageBreak()]
        raise TypeError(f"unknown block {block!r}")

    def heading(self, heading: Heading) -> Any:
        level = 0 if heading.level <= 1 else 1
        self._heading_count += 1
        markup = _markup(heading.text)
        para = RLParagraph(markup, self.styles["h1" if level == 0 else "h2"])
        para._radkla_heading = (level, f"h{self._heading_count}", heading.text, markup)
        return para

    def bullets(self, bullets: Bullets) -> list[Any]:
        if not bullets.items:
            return []
        items = [
            ListItem(RLParagraph(_markup(item), self.styles["bullet"])) for item in bullets.items
        ]
        return [
            ListFlowable(
                items,
                bulletType="bullet",
                start="•",
                bulletFontName=FONT,
                bulletFontSize=10,
                bulletColor=TEXT_COLOUR,
                leftIndent=14,
                spaceAfter=6,
            )
        ]

    def table(self, table: Table) -> list[Any]:
        n = len(table.columns)
        if n == 0:
            raise ValueError(f"table {table.title!r} has no columns")
        for row in table.rows:
            if len(row) != n:
                raise ValueError(f"table {table.title!r}: row {row!r} has not {n} cells")
        if table.widths is not None:
            if len(table.widths) != n or any(w <= 0 for w in table.widths):
                raise ValueError(f"table {table.title!r}: bad widths {table.widths!r}")
            total = sum(table.widths)
            col_widths = [FRAME_WIDTH * w / total for w in table.widths]
        else:
            col_widths = [FRAME_WIDTH / n] * n

        s = self.styles
        data: list[list[Any]] = [[RLParagraph(_markup(c), s["cell_head"]) for c in table.columns]]
        commands: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),  # not the Helvetica default
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE_COLOUR),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        cat = table.category_column
        for r, row in enumerate(table.rows, start=1):
            cells: list[Any] = []
            for c, text in enumerate(row):
                style = s["cell"]
                if c == cat:
                    name = text.strip().lower()
                    colour = CATEGORY_COLOURS.get(name)
                    if colour is not None:
                        commands.append(
                            ("BACKGROUND", (c, r), (c, r), colors.HexColor(f"#{colour}"))
                        )
                        if name in _WHITE_TEXT_CATEGORIES:
                            style = s["cell_light"]
                cells.append(RLParagraph(_markup(text), style))
            data.append(cells)

        flowable = RLTable(
            data, colWidths=col_widths, repeatRows=1, style=RLTableStyle(commands), hAlign="LEFT"
        )
        flowable.spaceAfter = 10
        # Not keepWithNext: that would push a long table whole onto a fresh page. Start a
        # new page only when the title plus the header and a few rows would not fit.
        story: list[Any] = [CondPageBreak(3 * cm)]
        if table.title:
            story.append(RLParagraph(_markup(table.title), s["table_title"]))
        story.append(flowable)
        return story

    def figure(self, figure: Figure) -> list[Any]:
        img_w, img_h = ImageReader(BytesIO(figure.png)).getSize()
        width = min(figure.width_cm * cm, FRAME_WIDTH)
        height = width * img_h / img_w
        max_height = FRAME_HEIGHT * 0.85  # leave room for the caption on the same page
        if height > max_height:
            width, height = width * max_height / height, max_height
        image = Image(BytesIO(figure.png), width=width, height=height)
        parts: list[Any] = [image]
        if figure.title:
            parts.append(RLParagraph(_markup(figure.title), self.styles["caption"]))
        return [KeepTogether(parts)]


def _story(report: Report, builder: _Builder) -> list[Any]:
    story = builder.cover(report.cover)
    story += [NextPageTemplate("body"), RLPageBreak()]
    if report.table_of_contents:
        story += builder.table_of_contents()
    for block in report.blocks:
        story += builder.block(block)
    return story


def render_pdf(report: Report) -> bytes:
    """The report as a PDF file (bytes)."""
    _register_fonts()
    buffer = BytesIO()
    doc = _ReportDoc(buffer, report.cover)
    story = _story(report, _Builder(_styles()))
    if report.table_of_contents:
        doc.multiBuild(story)  # a second pass fills in the TOC page numbers
    else:
        doc.build(story)
    return buffer.getvalue()
