"""Render a ``Report`` as an editable Word document (.docx). Pure: no Django, no queries.

The output is meant to be edited further by officials, so it leans on Word's own
built-in styles ("Title", "Heading 1"/"Heading 2", "Normal", "List Bullet",
"Caption", "Table Grid") rather than direct formatting wherever it can, and the
table of contents is a real TOC field that Word refreshes on open.
"""

from __future__ import annotations

import re
from io import BytesIO

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from radkla.reports.document import (
    CATEGORY_COLOURS,
    Bullets,
    Cover,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    Table,
)

FONT = "Calibri"
BODY_PT = 11
LEAD_PT = 12
NOTE_PT = 9
CELL_PT = 9
MARGIN_CM = 2.5
PAGE_WIDTH_CM = 21.0  # A4 portrait
PAGE_HEIGHT_CM = 29.7
TEXT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM  # 16 cm
MAX_FIGURE_HEIGHT_CM = 22.0  # leaves room for the caption on the same page

TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
TOC_PLACEHOLDER = "Klik kanan lalu pilih Update Field untuk memperbarui daftar isi."
TOC_HEADING = "Daftar Isi"

MUTED = RGBColor(0x59, 0x59, 0x59)
DARK_TEXT = RGBColor(0x1F, 0x29, 0x33)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
HEADER_FILL = "D9E2F3"
DARK_CATEGORIES = frozenset({"sangat tinggi", "sangat rendah"})

# Characters XML 1.0 cannot hold (lxml refuses them); pasted spreadsheet text can carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A cell that is only a number (Indonesian or English separators, optional percent sign).
_NUMBER = re.compile(r"^[-−+]?\d[\d.,]*\s?%?$")

# Children of w:settings that must come after w:updateFields (ECMA-376 CT_Settings order).
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)
# Children of w:tcPr that must come after w:shd.
_AFTER_SHD = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)
# Children of w:trPr, in schema order (they form a choice group, but Word prefers this order).
_TR_PR_ORDER = (
    "w:cnfStyle",
    "w:divId",
    "w:gridBefore",
    "w:gridAfter",
    "w:wBefore",
    "w:wAfter",
    "w:cantSplit",
    "w:trHeight",
    "w:tblHeader",
    "w:tblCellSpacing",
    "w:jc",
    "w:hidden",
)


def render_docx(report: Report) -> bytes:
    """The report as the bytes of a .docx file."""
    document = docx.Document()
    _set_up_page(document)
    _set_up_styles(document)
    _set_properties(document, report.cover)
    _add_cover(document, report.cover)
    if report.table_of_contents:
        _add_table_of_contents(document)
    for block in report.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 2)
            document.add_paragraph(_clean(block.text), style=f"Heading {level}")
        elif isinstance(block, Paragraph):
            _add_paragraph(document, block)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(_clean(item), style="List Bullet")
        elif isinstance(block, Table):
            _add_table(document, block)
        elif isinstance(block, Figure):
            _add_figure(document, block)
        elif isinstance(block, PageBreak):
            _page_break(document)
    _add_footer(document, report.cover)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


# --- document set-up --------------------------------------------------------------------------


def _set_up_page(document: DocxDocument) -> None:
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Cm(PAGE_WIDTH_CM)
        section.page_height = Cm(PAGE_HEIGHT_CM)
        section.left_margin = section.right_margin = Cm(MARGIN_CM)
        section.top_margin = section.bottom_margin = Cm(MARGIN_CM)


def _set_up_styles(document: DocxDocument) -> None:
    styles = document.styles
    # Document defaults: one explicit font (not the theme's) and Indonesian proofing.
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_font_family(rpr)
            lang = rpr.find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:val"), "id-ID")

    normal = styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _set_font_family(normal.element.get_or_add_rPr())
    for name in ("Title", "Heading 1", "Heading 2", "Caption", "TOC Heading", "Footer"):
        if _has_style(document, name):
            _set_font_family(styles[name].element.get_or_add_rPr())

    if _has_style(document, "Footer"):
        # The template's footer tabs suit US Letter; move them to the A4 text width.
        tabs = styles["Footer"].paragraph_format.tab_stops
        tabs.clear_all()
        tabs.add_tab_stop(Cm(TEXT_WIDTH_CM / 2), WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)

    # Word refreshes fields (the table of contents) when the file is opened.
    settings = document.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        _insert_before(settings, update, _AFTER_UPDATE_FIELDS)
    update.set(qn("w:val"), "true")


def _set_properties(document: DocxDocument, cover: Cover) -> None:
    props = document.core_properties
    props.title = _clean(" — ".join(p for p in (cover.title, cover.region) if p))
    props.subject = _clean(cover.subtitle)
    props.author = "radkla"
    props.last_modified_by = "radkla"
    props.language = "id-ID"
    props.comments = _clean(cover.note)


# --- cover and table of contents --------------------------------------------------------------


def _add_cover(document: DocxDocument, cover: Cover) -> None:
    title = document.add_paragraph(_clean(cover.title), style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Cm(5)

    region = _centred(document, cover.region, size=20, bold=True)
    region.paragraph_format.space_before = Pt(24)
    _centred(document, cover.subtitle, size=16)

    legal = _centred(document, cover.legal_basis, size=BODY_PT)
    legal.paragraph_format.space_before = Cm(4)
    _centred(document, cover.date_text, size=BODY_PT)
    if cover.note:
        note = _centred(document, cover.note, size=NOTE_PT, italic=True, color=MUTED)
        note.paragraph_format.space_before = Pt(24)
    _page_break(document)


def _centred(
    document: DocxDocument,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    color: RGBColor | None = None,
) -> DocxParagraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(_clean(text))
    run.font.size = Pt(size)
    run.bold = bold or None
    run.italic = italic or None
    if color is not None:
        run.font.color.rgb = color
    return paragraph


def _page_break(document: DocxDocument) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _add_table_of_contents(document: DocxDocument) -> None:
    style = "TOC Heading" if _has_style(document, "TOC Heading") else "Title"
    document.add_paragraph(TOC_HEADING, style=style)
    paragraph = document.add_paragraph()
    _add_field(paragraph, TOC_INSTRUCTION, TOC_PLACEHOLDER)
    _page_break(document)


def _add_field(paragraph: DocxParagraph, instruction: str, placeholder: str) -> list[Run]:
    """A complex field (begin / instruction / separate / result / end); returns its runs."""
    begin = paragraph.add_run()
    begin._r.append(_fld_char("begin"))
    instr = paragraph.add_run()
    instr_text = OxmlElement("w:instrText")
    instr_text.set(qn("xml:space"), "preserve")
    instr_text.text = f" {instruction} "
    instr._r.append(instr_text)
    separate = paragraph.add_run()
    separate._r.append(_fld_char("separate"))
    result = paragraph.add_run(placeholder)
    end = paragraph.add_run()
    end._r.append(_fld_char("end"))
    return [begin, instr, separate, result, end]


def _fld_char(kind: str) -> BaseOxmlElement:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


# --- blocks -----------------------------------------------------------------------------------


def _add_paragraph(document: DocxDocument, block: Paragraph) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(_clean(block.text))
    if block.style == "lead":
        run.font.size = Pt(LEAD_PT)
    elif block.style == "note":
        run.font.size = Pt(NOTE_PT)
        run.italic = True
        run.font.color.rgb = MUTED


def _add_table(document: DocxDocument, block: Table) -> None:
    caption = document.add_paragraph()
    caption.paragraph_format.keep_with_next = True
    caption.add_run(_clean(block.title)).bold = True

    n_cols = max([len(block.columns), *(len(row) for row in block.rows)], default=0)
    if n_cols == 0:
        return
    header = [*block.columns, *([""] * (n_cols - len(block.columns)))]
    rows = [[*row, *([""] * (n_cols - len(row)))] for row in block.rows]

    table = document.add_table(rows=1 + len(rows), cols=n_cols)
    table.style = document.styles["Table Grid"]

    for row in table.rows:
        _set_row_flag(row._tr, "w:cantSplit")
    _set_row_flag(table.rows[0]._tr, "w:tblHeader")

    for cell, text in zip(table.rows[0].cells, header, strict=True):
        run = _fill_cell(cell, text)
        run.bold = True
        first: DocxParagraph = cell.paragraphs[0]
        first.paragraph_format.keep_with_next = True
        _shade(cell, HEADER_FILL)

    for row, values in zip(table.rows[1:], rows, strict=True):
        for index, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            run = _fill_cell(cell, text)
            if index == block.category_column:
                category = text.strip().lower()
                fill = CATEGORY_COLOURS.get(category)
                if fill is not None:
                    _shade(cell, fill)
                    run.bold = category in DARK_CATEGORIES or None
                    run.font.color.rgb = WHITE if category in DARK_CATEGORIES else DARK_TEXT

    widths = _column_widths(block.widths, n_cols)
    if widths is not None:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
            for cell in column.cells:
                cell.width = width


def _fill_cell(cell: _Cell, text: str) -> Run:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph: DocxParagraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_before = Pt(1)
    paragraph.paragraph_format.space_after = Pt(1)
    if _NUMBER.match(text.strip()):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(_clean(text))
    run.font.size = Pt(CELL_PT)
    return run


def _column_widths(relative: tuple[float, ...] | None, n_cols: int) -> list[Cm] | None:
    if relative is None or len(relative) != n_cols or any(w <= 0 for w in relative):
        return None
    total = sum(relative)
    return [Cm(TEXT_WIDTH_CM * w / total) for w in relative]


def _add_figure(document: DocxDocument, block: Figure) -> None:
    width_cm = block.width_cm if 0 < block.width_cm <= TEXT_WIDTH_CM else TEXT_WIDTH_CM
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    shape = paragraph.add_run().add_picture(BytesIO(block.png), width=Cm(width_cm))
    max_height = Cm(MAX_FIGURE_HEIGHT_CM)
    if shape.height > max_height:
        shape.width = Cm(width_cm * max_height / shape.height)
        shape.height = max_height

    if _has_style(document, "Caption"):
        caption = document.add_paragraph(_clean(block.title), style="Caption")
    else:
        caption = document.add_paragraph()
        caption.add_run(_clean(block.title)).italic = True
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _add_footer(document: DocxDocument, cover: Cover) -> None:
    label = " · ".join(_clean(p) for p in (cover.region, cover.subtitle) if p.strip())
    for section in document.sections:
        # The cover page carries no footer; every other page has the label and its number.
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        if _has_style(document, "Footer"):
            paragraph.style = document.styles["Footer"]
        runs = [paragraph.add_run(f"{label}\t\tHalaman ")]
        runs += _add_field(paragraph, "PAGE", "1")
        for run in runs:
            run.font.size = Pt(NOTE_PT)
            run.font.color.rgb = MUTED


# --- XML helpers ------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _has_style(document: DocxDocument, name: str) -> bool:
    return any(style.name == name for style in document.styles)


def _set_font_family(rpr: BaseOxmlElement) -> None:
    """Name the font explicitly for every script, dropping theme-font references."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = tc_pr.find(qn("w:shd"))
    if shd is None:
        shd = OxmlElement("w:shd")
        _insert_before(tc_pr, shd, _AFTER_SHD)
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def _set_row_flag(tr: BaseOxmlElement, tag: str) -> None:
    tr_pr = tr.get_or_add_trPr()
    if tr_pr.find(qn(tag)) is None:
        later = _TR_PR_ORDER[_TR_PR_ORDER.index(tag) + 1 :]
        _insert_before(tr_pr, OxmlElement(tag), later)


def _insert_before(parent: BaseOxmlElement, child: BaseOxmlElement, later: tuple[str, ...]) -> None:
    """Insert ``child`` before the first existing element whose tag is in ``later``."""
    later_tags = {qn(tag) for tag in later}
    for index, existing in enumerate(parent):
        if existing.tag in later_tags:
            parent.insert(index, child)
            return
    parent.append(child)
