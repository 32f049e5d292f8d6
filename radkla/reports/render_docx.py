"""Render a ``Report`` as an editable Word document (.docx). Pure: no Django, no queries.

The pages are the ones ``layout.paginate`` decided, so the page numbers written in
the DAFTAR ISI, DAFTAR TABEL and DAFTAR GAMBAR are the pages Word and LibreOffice
show, with no field to update. To hold that, every paragraph carries its own size,
exact line height and spacing, every table fixed column widths and cell margins,
and a page starts exactly where the layout starts one: a chapter, a landscape
section, or a table continued under ``Tabel 3.2 (lanjutan)`` with its header row.
Headings keep Word's "Heading 1"/"Heading 2" styles (the navigation pane) and
captions "Caption". The body is written as XML in one piece: python-docx's
per-cell calls cost seconds on a plan's few thousand cells.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from io import BytesIO
from xml.sax.saxutils import escape

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.parts.hdrftr import FooterPart
from docx.shared import Pt

from radkla.reports.document import (
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
from radkla.reports.layout import (
    BOLD,
    CELL_PAD_X,
    CELL_PAD_Y,
    CM,
    FIGURE_EXTRA,
    GROUP_FILL,
    HEADER_FILL,
    ITALIC,
    MARGIN,
    NUMBER_COLUMN,
    SIGNATURE_SPACE,
    STYLES,
    TEXT_COLOUR,
    WHITE_TEXT_FILLS,
    Layout,
    Style,
    cell_style,
    continued_label,
    cover_parts,
    frame_width,
    introduces_figure,
    is_number,
    page_size,
    paginate,
    picture_size,
    signature_lines,
    target,
)

FONT = "Calibri"
LANGUAGE = "id-ID"
EMU_PER_PT = 12700

# Characters XML 1.0 cannot hold (lxml refuses them); pasted spreadsheet text can carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NAMESPACES = nsdecls("w", "r", "wp", "a", "pic")


def render_docx(report: Report, layout: Layout | None = None) -> bytes:
    """The report as the bytes of a .docx file."""
    layout = layout or paginate(report)
    document = docx.Document()
    _set_up_styles(document)
    _set_properties(document, report)
    footers = _add_footers(document, report)
    writer = _Writer(document, layout, footers, report.blocks)
    writer.cover(report.cover)
    for index, block in enumerate(report.blocks):
        writer.block(index, block)
    # The body in one piece, with the last section's properties in place of the template's:
    # moving thousands of parsed elements into the template's tree one by one costs more
    # than writing the whole document part.
    root = document.element
    spaces = {**root.nsmap, **{k: nsmap[k] for k in ("w", "r", "wp", "a", "pic")}}
    namespaces = " ".join(f'xmlns:{k}="{v}"' for k, v in spaces.items() if k)
    body = f"<w:body>{''.join(writer.out)}{writer.final_section()}</w:body>"
    document.part._element = parse_xml(f"<w:document {namespaces}>{body}</w:document>")
    out = BytesIO()
    document.save(out)
    return out.getvalue()


# --- units ------------------------------------------------------------------------------------


def _tw(points: float) -> int:
    """Points → twentieths of a point, rounded down so nothing grows past the layout."""
    return int(points * 20)


def _clean(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


@lru_cache(maxsize=1024)
def _run_props(style: Style, *, colour: str | None = None, underline: bool = False) -> str:
    bold = "<w:b/><w:bCs/>" if style.font == BOLD else ""
    italic = "<w:i/><w:iCs/>" if style.font == ITALIC else ""
    size = int(style.size * 2)
    shade = colour or style.colour
    colour_xml = "" if shade == TEXT_COLOUR else f'<w:color w:val="{shade}"/>'
    line = '<w:u w:val="single"/>' if underline else ""
    sizes = f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    return f"<w:rPr>{bold}{italic}{colour_xml}{sizes}{line}</w:rPr>"


def _runs(text: str, props: str) -> str:
    """A run per line of ``text``; a line feed becomes a line break."""
    parts = [f'<w:t xml:space="preserve">{_clean(line)}</w:t>' for line in text.split("\n")]
    return f"<w:r>{props}{'<w:br/>'.join(parts)}</w:r>"


_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}


@lru_cache(maxsize=4096)
def _ppr(
    style: Style,
    *,
    word_style: str = "",
    before: float | None = None,
    page_break: bool = False,
    keep_next: bool = False,
    indent: float | None = None,
    right_indent: float = 0.0,
    hanging: float = 0.0,
    align: str | None = None,
    extra: str = "",
    tabs: str = "",
    section: str = "",
) -> str:
    pstyle = f'<w:pStyle w:val="{word_style}"/>' if word_style else ""
    keep = "<w:keepNext/>" if keep_next else ""
    brk = "<w:pageBreakBefore/>" if page_break else ""
    space_before = style.before if before is None else before
    spacing = (
        f'<w:spacing w:before="{_tw(space_before)}" w:after="{_tw(style.after)}" '
        f'w:line="{_tw(style.leading)}" w:lineRule="exact"/>'
    )
    left = style.indent if indent is None else indent
    ind = ""
    if left or right_indent or hanging:
        ind = (
            f'<w:ind w:left="{_tw(left)}" w:right="{_tw(right_indent)}"'
            + (f' w:hanging="{_tw(hanging)}"' if hanging else "")
            + "/>"
        )
    jc = f'<w:jc w:val="{_JC[align or style.align]}"/>'
    return (
        f"<w:pPr>{pstyle}{keep}<w:keepLines/>{brk}{extra}{tabs}{spacing}{ind}{jc}{section}</w:pPr>"
    )


def _paragraph(text: str, style: Style, **options: object) -> str:
    underline = bool(options.pop("underline", False))
    return (
        f"<w:p>{_ppr(style, **options)}{_runs(text, _run_props(style, underline=underline))}</w:p>"
    )


class _Writer:
    def __init__(
        self,
        document: DocxDocument,
        layout: Layout,
        footers: tuple[str, str],
        blocks: tuple[Block, ...],
    ) -> None:
        self.document = document
        self.blocks = blocks
        self.layout = layout
        self.footers = footers
        self.out: list[str] = []
        self.page = 1
        self.sections = 0
        self.bookmarks = 0
        self.pictures = 0
        self.entries = layout.entries

    # -- pages and sections

    def opens(self, index: int, part: tuple[object, ...]) -> bool:
        """Whether this unit starts a page by a page break (a new section comes first)."""
        page = self.layout.opens.get((index, part))
        if page is None or page == self.page:
            return False
        previous = self.layout.landscape_of(self.page)
        self.page = page
        if self.layout.landscape_of(page) == previous:
            return True
        # The section ends with a tiny paragraph holding its properties.
        section = self.section_properties(previous, first=self.sections == 0)
        self.sections += 1
        props = (
            '<w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
            f'<w:rPr><w:sz w:val="2"/></w:rPr>{section}</w:pPr>'
        )
        self.out.append(f"<w:p>{props}</w:p>")
        return False

    def section_properties(self, landscape: bool, *, first: bool) -> str:
        width, height = page_size(landscape)
        default, first_page = self.footers
        refs = (
            f'<w:footerReference w:type="default" r:id="{default}"/>'
            f'<w:footerReference w:type="first" r:id="{first_page}"/>'
        )
        orient = ' w:orient="landscape"' if landscape else ""
        margin = _tw(MARGIN)
        return (
            f'<w:sectPr>{refs}<w:type w:val="nextPage"/>'
            f'<w:pgSz w:w="{round(width * 20)}" w:h="{round(height * 20)}"{orient}/>'
            f'<w:pgMar w:top="{margin}" w:right="{margin}" w:bottom="{margin}" '
            f'w:left="{margin}" w:header="709" w:footer="{_tw(0.9 * CM)}" w:gutter="0"/>'
            f'<w:cols w:space="708"/>{"<w:titlePg/>" if first else ""}</w:sectPr>'
        )

    def final_section(self) -> str:
        return self.section_properties(
            self.layout.landscape_of(self.page), first=self.sections == 0
        )

    def width(self) -> float:
        return frame_width(self.layout.landscape_of(self.page))

    # -- blocks

    def block(self, index: int, block: object) -> None:
        if isinstance(block, Heading):
            self.heading(index, block.text, block.level)
        elif isinstance(block, Paragraph):
            brk = self.opens(index, ("block",))
            keep = introduces_figure(self.blocks, index)
            self.out.append(
                _paragraph(block.text, STYLES[block.style], page_break=brk, keep_next=keep)
            )
        elif isinstance(block, Bullets):
            self.bullets(index, block)
        elif isinstance(block, Table):
            self.table(index, block)
        elif isinstance(block, Figure):
            self.figure(index, block)
        elif isinstance(block, Signature):
            self.signature(index, block)
        elif isinstance(block, Contents):
            self.contents(index, block)
        elif not isinstance(block, PageBreak):
            raise TypeError(f"unknown block {block!r}")

    def bookmark(self, index: int) -> tuple[str, str]:
        self.bookmarks += 1
        n = self.bookmarks
        return (
            f'<w:bookmarkStart w:id="{n}" w:name="_{target(index)}"/>',
            f'<w:bookmarkEnd w:id="{n}"/>',
        )

    def heading(self, index: int, text: str, level: int) -> None:
        chapter = level <= 1
        style = STYLES["h1" if chapter else "h2"]
        brk = self.opens(index, ("block",))
        start, end = self.bookmark(index)
        props = _ppr(
            style,
            word_style="Heading1" if chapter else "Heading2",
            page_break=brk,
            keep_next=True,
        )
        self.out.append(f"<w:p>{props}{start}{_runs(text, _run_props(style))}{end}</w:p>")

    def bullets(self, index: int, bullets: Bullets) -> None:
        style = STYLES["item"]
        props = _run_props(style)
        for n, item in enumerate(bullets.items):
            brk = self.opens(index, ("item", n))
            marker = f"{n + 1}." if bullets.numbered else "•"
            ppr = _ppr(
                style,
                page_break=brk,
                hanging=style.indent - 4,
                tabs=f'<w:tabs><w:tab w:val="left" w:pos="{_tw(style.indent)}"/></w:tabs>',
            )
            self.out.append(
                f"<w:p>{ppr}{_runs(marker, props)}<w:r>{props}<w:tab/></w:r>"
                f"{_runs(item, props)}</w:p>"
            )

    def signature(self, index: int, signature: Signature) -> None:
        style, name_style = STYLES["signature"], STYLES["signature_name"]
        brk = self.opens(index, ("block",))
        half = self.width() / 2
        lines = signature_lines(signature, half)
        position = " ".join(text for text, kind in lines[1:-2])
        rows: list[tuple[str, Style, float, bool]] = [
            (lines[0][0], style, 12.0, False),
            (position, style, 0.0, False),
        ]
        signer, kind = lines[-2]
        rows.append(
            (signer, name_style if kind == "name" else style, SIGNATURE_SPACE, kind == "name")
        )
        rows.append((lines[-1][0], style, 0.0, False))
        for n, (text, chosen, before, underline) in enumerate(rows):
            self.out.append(
                _paragraph(
                    text,
                    chosen,
                    before=before,
                    indent=self.width() - half,
                    page_break=brk and n == 0,
                    keep_next=n < len(rows) - 1,
                    align="left",
                    underline=underline,
                )
            )

    def figure(self, index: int, figure: Figure) -> None:
        brk = self.opens(index, ("block",))
        width_px, height_px = picture_size(figure.png)
        # The same size as the layout's (its figure unit), recomputed from the same rules.
        width = min(figure.width_cm * CM, self.width())
        height = width * height_px / width_px
        limit = (page_size(self.layout.landscape_of(self.page))[1] - 2 * MARGIN - 8.0) * 0.7
        if height > limit:
            width, height = width * limit / height, limit
        start, end = self.bookmark(index)
        picture = self.picture(figure.png, width, height, figure.title)
        holder = Style(STYLES["body"].font, 1, height + FIGURE_EXTRA, align="center")
        ppr = _ppr(holder, page_break=brk, keep_next=bool(figure.title)).replace(
            'w:lineRule="exact"', 'w:lineRule="atLeast"'
        )
        ppr = ppr.replace(f'w:line="{_tw(holder.leading)}"', 'w:line="20"')
        self.out.append(f"<w:p>{ppr}{start}{picture}{end}</w:p>")
        if figure.title:
            self.out.append(
                _paragraph(figure.title, STYLES["figure_caption"], word_style="Caption")
            )

    def picture(self, data: bytes, width: float, height: float, title: str) -> str:
        rid, _image = self.document.part.get_or_add_image(BytesIO(data))
        self.pictures += 1
        n = self.pictures
        cx, cy = int(width * EMU_PER_PT), int(height * EMU_PER_PT)
        alt = _clean(title)
        return (
            '<w:r><w:rPr><w:sz w:val="2"/></w:rPr><w:drawing>'
            '<wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/>'
            f'<wp:docPr id="{n}" name="Gambar {n}" descr="{alt}"/>'
            "<wp:cNvGraphicFramePr>"
            '<a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/'
            'picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="gambar{n}.png"/>'
            "<pic:cNvPicPr/></pic:nvPicPr>"
            f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
            "</pic:blipFill>"
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )

    # -- tables

    def table(self, index: int, table: Table) -> None:
        widths = [_tw(w) for w in self.layout.widths[index]]
        if table.title:
            brk = self.opens(index, ("block",))
            start, end = self.bookmark(index)
            style = STYLES["table_caption"]
            ppr = _ppr(style, word_style="Caption", page_break=brk, keep_next=True)
            self.out.append(f"<w:p>{ppr}{start}{_runs(table.title, _run_props(style))}{end}</w:p>")
        else:
            self.opens(index, ("header",))
        header = self.row(table.columns, widths, header=True, small=table.small)
        rows: list[str] = [header]
        groups = dict(table.groups)
        for r, cells in enumerate(table.rows):
            parts = [("group", r)] if r in groups else []
            parts.append(("row", r))
            for part in parts:
                brk = self.opens(index, part)
                if brk:  # the table goes on under its number on the next page
                    self.out.append(self.grid(rows, widths))
                    label = continued_label(table)
                    self.out.append(
                        _paragraph(label, STYLES["continued"], page_break=True, keep_next=True)
                    )
                    rows = [header]
                if part[0] == "group":
                    rows.append(
                        self.row(
                            (groups[r],),
                            [sum(widths)],
                            group=True,
                            span=len(widths),
                            small=table.small,
                        )
                    )
                else:
                    rows.append(
                        self.row(cells, widths, category=table.category_column, small=table.small)
                    )
        self.out.append(self.grid(rows, widths))

    def grid(self, rows: list[str], widths: list[int]) -> str:
        border = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="9AA5B1"/>'
        borders = "".join(
            border.format(side=side)
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        pad_x, pad_y = _tw(CELL_PAD_X), _tw(CELL_PAD_Y)
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        return (
            "<w:tbl><w:tblPr>"
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            f"<w:tblBorders>{borders}</w:tblBorders>"
            f'<w:tblCellMar><w:top w:w="{pad_y}" w:type="dxa"/>'
            f'<w:left w:w="{pad_x}" w:type="dxa"/><w:bottom w:w="{pad_y}" w:type="dxa"/>'
            f'<w:right w:w="{pad_x}" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
        )

    def row(
        self,
        cells: tuple[str, ...],
        widths: list[int],
        *,
        header: bool = False,
        group: bool = False,
        category: int | None = None,
        span: int = 1,
        small: bool = False,
    ) -> str:
        style = cell_style(small, header or group)
        out = ["<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>"]
        for c, (text, width) in enumerate(zip(cells, widths, strict=True)):
            fill = HEADER_FILL if header else GROUP_FILL if group else None
            colour = None
            chosen = style
            if c == category and category_fill(text):
                fill = category_fill(text)
                if fill in WHITE_TEXT_FILLS:
                    colour, chosen = "FFFFFF", Style(BOLD, style.size, style.leading)
            grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
            align = "right" if is_number(text) and not header else "left"
            runs = _runs(text, _run_props(chosen, colour=colour))
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}{shade}</w:tcPr>'
                f"<w:p>{_ppr(chosen, align=align)}{runs}</w:p></w:tc>"
            )
        out.append("</w:tr>")
        return "".join(out)

    # -- contents and cover

    def contents(self, index: int, contents: Contents) -> None:
        self.heading(index, contents.title, 1)
        width = self.width()
        for n, entry in enumerate(self.entries[contents.kind]):
            style = STYLES["entry1" if entry.level == 1 else "entry2"]
            brk = self.opens(index, ("entry", n))
            tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{_tw(width)}"/></w:tabs>'
            ppr = _ppr(style, page_break=brk, right_indent=NUMBER_COLUMN, tabs=tabs)
            props = _run_props(style)
            page = self.layout.page_of(entry.block)
            self.out.append(
                f'<w:p>{ppr}<w:hyperlink w:anchor="_{target(entry.block)}" w:history="1">'
                f"{_runs(entry.text, props)}<w:r>{props}<w:tab/></w:r>{_runs(str(page), props)}"
                "</w:hyperlink></w:p>"
            )
        if not self.entries[contents.kind]:
            self.out.append(_paragraph("Tidak ada.", STYLES["note"]))

    def cover(self, cover: Cover) -> None:
        width = frame_width(False)
        for part in cover_parts(cover, width):
            if part.picture is not None and cover.logo:
                w, h = part.picture
                holder = Style(STYLES["body"].font, 1, h + FIGURE_EXTRA, align="center")
                ppr = _ppr(holder, before=part.before).replace(
                    'w:lineRule="exact"', 'w:lineRule="atLeast"'
                )
                ppr = ppr.replace(f'w:line="{_tw(holder.leading)}"', 'w:line="20"')
                self.out.append(f"<w:p>{ppr}{self.picture(cover.logo, w, h, 'Logo')}</w:p>")
                continue
            style = STYLES[part.style]
            self.out.append(_paragraph(" ".join(part.lines), style, before=part.before))


# --- styles, properties, footers ---------------------------------------------------------------


def _set_up_styles(document: DocxDocument) -> None:
    """Calibri and Indonesian proofing by default; the styles a user adds text with match."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if rpr is not None:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            rpr.remove(fonts)
        rpr.insert(
            0,
            parse_xml(
                f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" w:hAnsi="{FONT}" '
                f'w:eastAsia="{FONT}" w:cs="{FONT}"/>'
            ),
        )
        lang = rpr.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:val"), LANGUAGE)
    for name, key in (
        ("Normal", "body"),
        ("Heading 1", "h1"),
        ("Heading 2", "h2"),
        # Captions of tables (bold) and figures (italic) say their own weight in their runs.
        ("Caption", "figure_caption"),
    ):
        style = styles[name]
        chosen = STYLES[key]
        font = style.font
        font.name = FONT
        font.size = Pt(chosen.size)
        font.bold = chosen.font == BOLD
        font.italic = chosen.font == ITALIC and name != "Caption"
        font.color.rgb = None
        element = style.element.rPr
        if element is not None and element.rFonts is not None:
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                element.rFonts.attrib.pop(qn(attr), None)
            for attr in ("w:eastAsia", "w:cs"):
                element.rFonts.set(qn(attr), FONT)
        paragraph = style.paragraph_format
        paragraph.space_before = Pt(chosen.before)
        paragraph.space_after = Pt(chosen.after)
        paragraph.line_spacing = Pt(chosen.leading)
        paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def _set_properties(document: DocxDocument, report: Report) -> None:
    props = document.core_properties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    cover = report.cover
    props.title = _NOT_XML.sub("", f"{cover.title.capitalize()} {cover.region} {cover.subtitle}")
    props.subject = _NOT_XML.sub("", cover.subtitle)
    props.author = _NOT_XML.sub("", report.author or cover.region)
    props.last_modified_by = props.author
    props.language = LANGUAGE
    props.created = now
    props.modified = now
    props.revision = 1
    props.comments = ""
    props.keywords = "KLA; RAD KLA; laporan pengembangan"


def _add_footers(document: DocxDocument, report: Report) -> tuple[str, str]:
    """The footer of every page (its label and number) and the cover's empty one."""
    package = document.part.package
    style = STYLES["footer"]
    rpr = _run_props(style)
    text = f"{report.footer} · Halaman "
    paragraph = (
        f'<w:p {nsdecls("w")}><w:pPr><w:pBdr><w:top w:val="single" w:sz="4" '
        f'w:space="4" w:color="9AA5B1"/></w:pBdr>'
        f'<w:spacing w:before="0" w:after="0" w:line="{_tw(style.leading)}" w:lineRule="exact"/>'
        f'<w:jc w:val="right"/></w:pPr>{_runs(text, rpr)}'
        f'<w:fldSimple w:instr=" PAGE "><w:r>{rpr}<w:t>1</w:t></w:r></w:fldSimple></w:p>'
    )
    ids = []
    for content in (paragraph, f"<w:p {nsdecls('w')}/>"):
        part = FooterPart.new(package)
        footer = part.element
        for child in list(footer):
            footer.remove(child)
        footer.append(parse_xml(content))
        ids.append(document.part.relate_to(part, RT.FOOTER))
    return ids[0], ids[1]
