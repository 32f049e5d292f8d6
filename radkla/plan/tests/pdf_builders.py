"""Build PDFs of a regulation from the shipped seed, the ways cities produce them.

Used by the PDF import tests and the import benchmark. The appendix rows come
from the text import of the seed (one table row per measure), the title pages
from the seed's prose before its table. Two producers:

- ``reportlab_pdf``: a gridded platypus table with its two header rows repeated
  on every page, a running header "SALINAN" and the page number ("- 6 -") drawn
  by the canvas;
- ``docx_for_libreoffice``: a Word table (python-docx) with a repeated header row,
  vertically merged indicator and action cells and a PAGE field in the footer,
  which ``libreoffice_pdf`` converts with ``soffice --headless``.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from radkla.plan.parsers.appendix import AppendixTable, ParsedMeasure

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
HEADINGS = (
    "No",
    "INDIKATOR",
    "RENCANA AKSI",
    "UKURAN",
    "SATUAN",
    "DATA DASAR ({baseline})",
    "TARGET TAHUNAN",
    "",
    "",
    "",
    "INSTANSI PENANGGUNG JAWAB",
    "PROGRAM",
)


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the appendix as a producer lays it out."""

    cells: tuple[str, ...]
    section: bool = False
    indicator_key: tuple[int, str] | None = None  # same key = one merged indicator cell
    action_key: int | None = None  # same key = one merged action cell


def appendix_rows(table: AppendixTable) -> list[Row]:
    """Section rows and one row per measure, numbers and names on the first row only."""
    rows: list[Row] = []
    heading = None
    indicator: tuple[int, str] | None = None
    action: int | None = None
    sections = 0
    for m in table.measures:
        if m.section_heading != heading:
            heading = m.section_heading
            rows.append(Row((ROMAN[sections], heading, *[""] * 10), section=True))
            sections += 1
        key = (m.indicator_no, m.indicator_sub)
        number = name = act = ""
        if key != indicator:
            if indicator is None or indicator[0] != m.indicator_no:
                number = f"{m.indicator_no}."
            name = f"{m.indicator_sub}. {m.indicator}" if m.indicator_sub else m.indicator
            indicator, action = key, None
        if m.action_key != action:
            act, action = m.action, m.action_key
        rows.append(
            Row(
                (number, name, act, *measure_cells(m)),
                indicator_key=key,
                action_key=m.action_key,
            )
        )
    return rows


def measure_cells(m: ParsedMeasure) -> tuple[str, ...]:
    return (
        m.measure,
        m.unit,
        m.baseline.raw,
        *(cell.raw for _year, cell in m.targets),
        m.agency_raw,
        m.program,
    )


_MARKUP = re.compile(r"^[-#>\s]*|[*`]+|\s{2,}$")


def title_paragraphs(seed_text: str) -> list[str]:
    """The seed's prose before its table, one paragraph a line, without markdown marks."""
    prose = seed_text.split("\nNo\tINDIKATOR", 1)[0]
    paragraphs = []
    for line in prose.splitlines():
        text = _MARKUP.sub("", line).strip()
        if text and set(text) != {"-"}:
            paragraphs.append(text)
    return paragraphs


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def reportlab_pdf(
    table: AppendixTable,
    seed_text: str,
    *,
    font_size: float = 6.5,
    padding: float = 3,
    title_lines: int | None = None,
    scanned_page: bool = False,
    rows: list[Row] | None = None,
    caption: str = "LAMPIRAN PERATURAN WALI KOTA CILEGON NOMOR 7 TAHUN 2023",
) -> bytes:
    """The regulation as reportlab lays it out: portrait body, landscape appendix.

    A larger ``padding`` (points above and below each cell's text) spreads the
    table over more pages; ``title_lines`` keeps
    only the first lines of prose; ``scanned_page`` puts a page that is only an
    image (as a scanner makes it) after the title block; ``rows`` replaces the
    table's rows; ``caption`` is the line above the table.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    folio = (215 * mm, 330 * mm)
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=4)
    centre = ParagraphStyle("centre", parent=body, alignment=1, fontName="Helvetica-Bold")
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=font_size, leading=font_size * 1.2)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold", alignment=1)

    def furniture(canvas: object, doc: BaseDocTemplate) -> None:
        width, height = canvas._pagesize  # type: ignore[attr-defined]
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont("Helvetica-Bold", 9)  # type: ignore[attr-defined]
        canvas.drawRightString(width - 15 * mm, height - 10 * mm, "SALINAN")  # type: ignore[attr-defined]
        canvas.setFont("Helvetica", 9)  # type: ignore[attr-defined]
        canvas.drawCentredString(width / 2, 8 * mm, f"- {doc.page} -")  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    doc = BaseDocTemplate(
        io.BytesIO(),
        pagesize=folio,
        title="Peraturan Wali Kota",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    portrait = Frame(20 * mm, 18 * mm, folio[0] - 40 * mm, folio[1] - 36 * mm, id="portrait")
    wide = landscape(folio)
    land = Frame(12 * mm, 16 * mm, wide[0] - 24 * mm, wide[1] - 32 * mm, id="landscape")
    doc.addPageTemplates(
        [
            PageTemplate("body", [portrait], onPage=furniture, pagesize=folio),
            PageTemplate("appendix", [land], onPage=furniture, pagesize=wide),
        ]
    )
    story: list[object] = []
    paragraphs = title_paragraphs(seed_text)
    if title_lines is not None:
        paragraphs = paragraphs[:title_lines]
    for index, text in enumerate(paragraphs):
        style = centre if index < 12 or text.isupper() else body
        story.append(Paragraph(_escape(text), style))
    if scanned_page:
        story += [PageBreak(), _scan_image()]
    story += [NextPageTemplate("appendix"), PageBreak()]
    baseline = table.columns.baseline_year
    years = [str(year) for year in table.years]
    header = [Paragraph(_escape(h.format(baseline=baseline)), head) for h in HEADINGS]
    data: list[list[object]] = [header, ["", "", "", "", "", "", *years, "", ""]]
    styles: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 2), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 2), (-1, -1), padding),
        ("FONT", (0, 0), (-1, 1), "Helvetica-Bold", font_size),
        ("ALIGN", (0, 1), (-1, 1), "CENTER"),
        ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#dddddd")),
        ("SPAN", (6, 0), (9, 0)),
        *[("SPAN", (col, 0), (col, 1)) for col in (0, 1, 2, 3, 4, 5, 10, 11)],
    ]
    for row in appendix_rows(table) if rows is None else rows:
        if row.section:
            styles.append(("SPAN", (1, len(data)), (-1, len(data))))
            styles.append(("FONT", (0, len(data)), (-1, len(data)), "Helvetica-Bold", font_size))
        data.append([Paragraph(_escape(text), cell) if text else "" for text in row.cells])
    widths = [m * mm for m in (9, 38, 44, 40, 22, 18, 13, 13, 13, 13, 32, 34)]
    story.append(Paragraph(_escape(caption), centre))
    story.append(Spacer(1, 4 * mm))
    grid = Table(data, colWidths=widths, repeatRows=2, splitInRow=1)
    grid.setStyle(TableStyle(styles))
    story += [grid, Spacer(1, 10 * mm)]
    for text in ("WALI KOTA CILEGON,", "ttd", "HELLDY AGUSTIAN"):
        story.append(Paragraph(text, centre))
    out = io.BytesIO()
    doc.filename = out
    doc.build(story)
    return out.getvalue()


def _scan_image() -> object:
    """A grey page image with dark strokes, as a scanner gives a printed page: no text."""
    from PIL import Image, ImageDraw
    from reportlab.lib.units import mm
    from reportlab.platypus import Image as Picture

    scan = Image.new("L", (850, 1300), 235)
    draw = ImageDraw.Draw(scan)
    for y in range(120, 1200, 38):
        draw.line((90, y, 760 - (y * 7) % 180, y), fill=40, width=9)
    out = io.BytesIO()
    scan.save(out, format="PNG")
    out.seek(0)
    return Picture(out, width=160 * mm, height=245 * mm)


def docx_for_libreoffice(table: AppendixTable, seed_text: str) -> bytes:
    """A Word document: the title text, then the appendix as a Word table."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Liberation Sans"
    style.font.size = Pt(10)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(215), Mm(330)
    for index, text in enumerate(title_paragraphs(seed_text)):
        paragraph = document.add_paragraph(text)
        if index < 12 or text.isupper():
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    appendix = document.add_section()
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Mm(330), Mm(215)
    for s in (appendix,):
        s.left_margin = s.right_margin = Mm(12)
        s.top_margin = s.bottom_margin = Mm(15)
    # The appendix section's header and footer are linked to the first section's.
    for s in document.sections[:1]:
        footer = s.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("- ")
        run = footer.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), ("end", None)):
            if kind is None:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
            else:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)
        footer.add_run(" -")
        header = s.header.paragraphs[0]
        header.text = "SALINAN"
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(
        "LAMPIRAN PERATURAN WALI KOTA CILEGON NOMOR 7 TAHUN 2023"
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    rows = appendix_rows(table)
    grid = document.add_table(rows=2 + len(rows), cols=12)
    grid.style = "Table Grid"
    grid.autofit = False
    widths = [Mm(m) for m in (9, 38, 46, 44, 24, 20, 13, 13, 13, 13, 34, 37)]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width

    def put(r: int, c: int, text: str, size: float = 6.5, bold: bool = False) -> None:
        target = grid.cell(r, c)
        target.width = widths[c]
        paragraph = target.paragraphs[0]
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        paragraph.paragraph_format.space_after = Pt(0)

    baseline = table.columns.baseline_year
    for c, heading in enumerate(HEADINGS):
        if heading:
            put(0, c, heading.format(baseline=baseline), bold=True)
    for c, year in enumerate(table.years, start=6):
        put(1, c, str(year), bold=True)
    for row_el in grid.rows[:2]:
        properties = row_el._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)
    grid.cell(0, 6).merge(grid.cell(0, 9))
    for c in (0, 1, 2, 3, 4, 5, 10, 11):
        grid.cell(0, c).merge(grid.cell(1, c))
    for r, row in enumerate(rows, start=2):
        if row.section:
            put(r, 0, row.cells[0], bold=True)
            put(r, 1, row.cells[1], bold=True)
            grid.cell(r, 1).merge(grid.cell(r, 11))
            continue
        for c, text in enumerate(row.cells):
            if text:
                put(r, c, text)
    # Merge the indicator (No and name) and action cells of consecutive rows.
    for columns, key in (((0, 1), "indicator_key"), ((2,), "action_key")):
        start = 0
        for r in range(1, len(rows) + 1):
            same = (
                r < len(rows)
                and not rows[r].section
                and getattr(rows[r], key) == getattr(rows[start], key)
            )
            if not same:
                if r - 1 > start and not rows[start].section:
                    for c in columns:
                        grid.cell(start + 2, c).merge(grid.cell(r - 1 + 2, c))
                start = r
    for text in ("WALI KOTA CILEGON,", "ttd", "HELLDY AGUSTIAN"):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def libreoffice_pdf(docx: bytes, soffice: str) -> bytes:
    """Convert a Word document with LibreOffice, as a city's staff would save it as PDF."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "perwal.docx")
        source.write_bytes(docx)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={Path(folder, 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        return Path(folder, "perwal.pdf").read_bytes()
