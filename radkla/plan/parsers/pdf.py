"""Read a regulation from a digital PDF: its title block and its appendix table.

The title block and articles give the regulation's facts (``perwal.assemble``);
the appendix table is read with pdfplumber (on the characters and rules pdfium
reads, see ``pdfium_objects``), page by page, and its rows go to
``appendix.parse_appendix`` like those of the text and the workbook. A merged
cell arrives empty below its first row, which the appendix reads as "same as
above"; the first row of each page is marked as a page break, so text a row
carried over to the next page joins it. Text outside the tables (page numbers,
"SALINAN", the signature) never becomes a row. A scanned PDF has no text to read:
the reader names its first page without text and asks for OCR. Pure: no Django.
"""

from __future__ import annotations

import io
import re
from collections.abc import Generator, Iterable, Sequence
from contextlib import closing
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import Page
from pdfplumber.table import Table
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.text import extract_text

from radkla.plan.parsers.appendix import (
    AppendixError,
    Locator,
    SourceRow,
    is_header,
    is_year_row,
    parse_appendix,
)
from radkla.plan.parsers.pdfium_objects import document_pages
from radkla.plan.parsers.perwal import ParsedRegulation, RegulationError, assemble
from radkla.plan.parsers.text import normalise as normalise_text

Grid = list[list[str | None]]


class PageLocator(Locator):
    """Names a row as "halaman P, baris R": the page and the row of the table on it."""

    def __init__(self, places: dict[int, tuple[int, int]]) -> None:
        self.places = places

    def row(self, line: int) -> str:
        page, row = self.places[line]
        return f"halaman {page}, baris {row}"

    def cell(self, line: int, column: int, heading: str) -> str:
        return f"{self.row(line)}, kolom {heading}"


# --- cell text ---------------------------------------------------------------

# Prefixes Indonesian writes with a hyphen (se-Kota, ke-2, non-formal): kept at a line end.
_HYPHEN_PREFIXES = frozenset({"se", "ke", "non", "pra", "pasca", "anti", "antar", "multi", "sub"})
_WORD_END = re.compile(r"([^\W\d_]+)-$")


def normalise(text: str) -> str:
    """Text as typed (``text.normalise``: ligatures, soft hyphens, dashes), single spaces."""
    return re.sub(r"[^\S\n]+", " ", normalise_text(text))


def _hyphenated(head: str, tail: str) -> bool:
    """Whether "head-" at a line end and "tail" on the next line are one word split in two.

    A hyphen stays when it is part of the word: before a digit or a capital
    (0-17, Non-ASN, se-Kota), after a short prefix (se-, non-), or in a
    reduplication (anak-anak, sekurang-kurangnya, bentuk-bentuk).
    """
    match = _WORD_END.search(head)
    if match is None or not tail[:1].islower():
        return False
    fragment = match.group(1).lower()
    if len(fragment) < 3 or fragment in _HYPHEN_PREFIXES:
        return False
    stem = re.match(r"[^\W\d_]+", tail)
    return stem is None or stem.group(0).lower()[:3] not in fragment


def join_lines(text: str) -> str:
    """One cell's lines as one line: a space between lines, split words rejoined.

    A word broken with a soft hyphen, or with a hyphen that is not part of the
    word (see ``_hyphenated``), is joined without it; a hyphen that belongs to
    the word is kept without a space (0-17, Non-ASN, anak-anak).
    """
    joined = ""
    soft = False  # the previous line ended in a soft hyphen
    for raw in text.splitlines():
        line = normalise(raw).strip()
        if not line:
            continue
        if not joined:
            joined = line
        elif soft:
            joined += line
        elif _hyphenated(joined, line):
            joined = joined[:-1] + line
        elif joined.endswith("-") and joined[-2:-1].isalnum():
            joined += line
        else:
            joined = f"{joined} {line}"
        soft = raw.rstrip().endswith("\xad")
    return joined


# --- pages --------------------------------------------------------------------


def _cells(row: Sequence[str | None]) -> list[str]:
    return [join_lines(text or "") for text in row]


def _header_rows(grid: Grid) -> int:
    """How many rows the table header spans at the top of ``grid`` (0 when none)."""
    if not grid or not is_header(_cells(grid[0])):
        return 0
    if len(grid) > 1 and is_year_row(_cells(grid[1])):
        return 2
    return 1


def _clipped_header_chars(
    page: Page, table: Table, header: Sequence[Sequence[str]]
) -> list[dict[str, Any]]:
    """Header words a PDF writer drew but clipped away, which fall into the row below.

    LibreOffice repeats a header whose cells span two rows at a fixed height on
    later pages: the last lines of a tall heading ("JAWAB" of "INSTANSI
    PENANGGUNG JAWAB") are hidden, yet still in the page, where they would mix
    with the first data row. They are found by the lines the first page's
    heading has and this page's lacks, in the heading's font, one line height
    further down the heading's column.
    """
    clipped: list[dict[str, Any]] = []
    first_row = table.rows[0].cells
    for column, bbox in enumerate(first_row):
        if bbox is None or column >= len(header):
            continue
        x0, top, x1, bottom = bbox
        inside = [
            c
            for c in page.chars
            if x0 <= c["x0"] and c["x1"] <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
        ]
        tops = sorted({round(c["top"], 1) for c in inside})
        lines_here = len(tops)
        full = header[column]
        if not inside or lines_here >= len(full):
            continue
        step = tops[1] - tops[0] if len(tops) > 1 else inside[0]["size"] * 1.15
        fonts = {c["fontname"] for c in inside}
        for k, missing in enumerate(full[lines_here:], start=1):
            expected = tops[-1] + k * step
            candidates = sorted(
                (
                    c
                    for c in page.chars
                    if abs(c["top"] - expected) < 1.0
                    and x0 <= c["x0"]
                    and c["x1"] <= x1
                    and c["fontname"] in fonts
                ),
                key=lambda c: c["x0"],
            )
            if "".join(c["text"] for c in candidates).replace(" ", "") == missing.replace(" ", ""):
                clipped.extend(candidates)
    return clipped


def _find_tables(page: Page) -> list[Table]:
    """The page's ruled tables, with a row cut by the page's edge kept whole.

    When a row is split across pages, some writers (reportlab) draw no rule where
    the page cuts it: the columns' vertical rules still run down to the cut (or
    from it, at the top of the next page), and the cut closes the row.
    """
    tables = page.find_tables()
    if not tables:
        return tables
    left = min(t.bbox[0] for t in tables)
    right = max(t.bbox[2] for t in tables)
    rules = [e for e in page.edges if e["orientation"] == "v" and left - 1 <= e["x0"] <= right + 1]
    if not rules:
        return tables
    top, bottom = min(e["top"] for e in rules), max(e["bottom"] for e in rules)
    cuts = [
        y
        for y, open_end in (
            (top, top < min(t.bbox[1] for t in tables) - 1),
            (bottom, bottom > max(t.bbox[3] for t in tables) + 1),
        )
        if open_end
    ]
    if not cuts:
        return tables
    return page.find_tables({"explicit_horizontal_lines": cuts})


def _extract(table: Table) -> Grid:
    """``table.extract()``, the same cells in the same way, several times faster.

    pdfplumber tests every character of the page against every row and cell; here
    each character's middle is computed once and kept as plain numbers.
    """
    middles = [((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2, c) for c in table.page.chars]
    grid: Grid = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        inside = [m for m in middles if top <= m[0] < bottom and x0 <= m[1] < x1]
        cells: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            x0, top, x1, bottom = cell
            chars = [c for v, h, c in inside if top <= v < bottom and x0 <= h < x1]
            cells.append(extract_text(chars) if chars else "")
        grid.append(cells)
    return grid


def _without(page: Page, chars: Sequence[dict[str, Any]]) -> Page:
    hidden = {id(c) for c in chars}
    return page.filter(lambda obj: id(obj) not in hidden)


def _header_lines(row: Sequence[str | None]) -> list[list[str]]:
    """Each column's heading in the header's first row, as its lines."""
    return [
        [normalise(line).strip() for line in (text or "").splitlines() if line.strip()]
        for text in row
    ]


def _damaged(source_name: str, error: BaseException) -> RegulationError:
    cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return RegulationError(
            f"{source_name}: PDF ini terkunci dengan kata sandi; simpan ulang tanpa kata sandi "
            "lalu impor lagi."
        )
    return RegulationError(
        f"{source_name}: bukan PDF yang dapat dibaca (berkas rusak atau terpotong)."
    )


def _picture_page(page: Page) -> bool:
    """Whether an image covers a large part of the page, as a scan does."""
    area = page.width * page.height
    return any(
        (image["x1"] - image["x0"]) * (image["bottom"] - image["top"]) > area / 3
        for image in page.images
    )


def _scanned_page(page: Page) -> bool:
    """A page that is a picture of text: an image over most of it, and (almost) no text.

    A few characters may be there all the same: a stamp or a page number the
    publisher added over the scan.
    """
    return len(page.chars) <= 40 and _picture_page(page)


def _scanned(source_name: str, page: int) -> RegulationError:
    return RegulationError(
        f"{source_name}: halaman {page} tidak memuat teks (hasil pindai); jalankan OCR "
        "lebih dahulu, misalnya ocrmypdf, lalu impor lagi."
    )


def parse_pdf(data: bytes, source_name: str) -> ParsedRegulation:
    """Read a regulation PDF: raise RegulationError or AppendixError naming the page.

    The pages are read with pdfium first (``pdfium_objects``), several times
    faster than pdfminer; when that fails in any way (pdfium cannot open the file,
    a page is rotated, no appendix is found, a cell is refused), the PDF is read
    again with pdfminer, whose reading and messages are the reference.
    """
    try:
        return _parse(data, source_name, fast=True)
    except Exception:  # any failure: pdfminer reads it again and says what is wrong
        return _parse(data, source_name, fast=False)


def _parse(data: bytes, source_name: str, fast: bool) -> ParsedRegulation:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if fast:
                with closing(_with_pdfium_objects(pdf.pages, data)) as pages:
                    title, rows, places = _read(pages, source_name)
            else:
                title, rows, places = _read(pdf.pages, source_name)
    except (RegulationError, AppendixError):
        raise
    except Exception as error:  # pdfminer raises many kinds on a damaged file
        raise _damaged(source_name, error) from None
    try:
        table = parse_appendix(rows, PageLocator(places))
    except AppendixError as error:
        raise AppendixError(f"{source_name}, {error}") from None
    return assemble(source_name, table, title)


def _with_pdfium_objects(pages: Sequence[Page], data: bytes) -> Generator[Page, None, None]:
    """pdfplumber's pages, each given the objects pdfium reads on it when it is reached.

    A page pdfium's reading does not handle is left to pdfminer, which reads it
    when pdfplumber first asks for its objects.
    """
    with closing(document_pages(data, [page.initial_doctop for page in pages])) as objects:
        for page, found in zip(pages, objects, strict=True):
            if found is not None:
                page._objects = found
            yield page


def _read(
    pages: Iterable[Page], source_name: str
) -> tuple[str, list[SourceRow], dict[int, tuple[int, int]]]:
    """The text before the appendix, the appendix rows, and each row's page and row."""
    title: list[str] = []
    rows: list[SourceRow] = []
    places: dict[int, tuple[int, int]] = {}
    header: list[list[str]] | None = None
    width = 0
    first_picture = 0  # a scanned page under a publisher's text watermark
    for number, page in enumerate(pages, start=1):
        if _scanned_page(page):
            raise _scanned(source_name, number)
        if not first_picture and _picture_page(page):
            first_picture = number
        if not page.chars:
            continue  # a blank page
        tables = _find_tables(page)
        if header is None:
            found = next(
                (
                    (t, grid, i)
                    for t in tables
                    for grid in [_extract(t)]
                    for i, row in enumerate(grid)
                    if is_header(_cells(row))
                ),
                None,
            )
            if found is None:
                title.append(page.extract_text() or "")
                continue
            table, grid, at = found
            title.append(page.crop((0, 0, page.width, table.bbox[1])).extract_text() or "")
            title.extend(" ".join(_cells(row)) for row in grid[:at])
            grid = grid[at:]
            header = _header_lines(grid[0])
            width = len(grid[0])
            grids = [grid, *(_extract(t) for t in tables[tables.index(table) + 1 :])]
        else:
            if not tables:
                break  # prose after the table: the closing
            first = tables[0]
            grid = _extract(first)
            if _header_rows(grid) and (clipped := _clipped_header_chars(page, first, header)):
                page = _without(page, clipped)
                tables = _find_tables(page)
                grids = [_extract(t) for t in tables]
            else:
                grids = [grid, *(_extract(t) for t in tables[1:])]  # each table extracted once
        row_no = 0
        for grid in grids:
            if not grid or len(grid[0]) != width:
                break  # another table: the appendix has ended
            for row in grid:
                row_no += 1
                line = len(rows) + 1
                cells = _cells(row)
                cells += [""] * (width - len(cells))
                # A page's first row may continue the row the previous page ended on.
                rows.append(SourceRow(line, cells, page_break=bool(rows) and row_no == 1))
                places[line] = (number, row_no)
        else:
            continue
        break
    if header is None:
        if first_picture:
            raise _scanned(source_name, first_picture)
        raise RegulationError(
            f'{source_name}: tidak ada tabel lampiran (baris judul "No", "INDIKATOR", ...) '
            "di PDF ini."
        )
    return "\n".join(title), rows, places
