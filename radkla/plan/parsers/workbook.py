"""Read a plan from an XLSX workbook laid out like the regulation's appendix.

Agencies keep their RAD in Excel with the appendix's columns; ``radkla plan
export --format xlsx`` writes the same layout. The rows above the table carry
the regulation's title ("PERATURAN WALI KOTA ... NOMOR ... TAHUN ..."). Merged
cells arrive empty below their first cell, which the appendix reader already
reads as "same as above".

What this module adds to the appendix reader is everything that is particular
to workbooks, so that a damaged, odd or foreign file ends in one Indonesian
sentence naming the file (and the sheet and cell to blame), never a traceback:

- The file is sniffed first: an OLE container (an ``.xls``, or any Office file
  protected with a password), a PDF, an OpenDocument file, a Word or PowerPoint
  file, an ``.xlsb``, a truncated or foreign ZIP each get their own reason.
- Cells are read with openpyxl's own sheet parser, one cell at a time, so an
  unreadable cell (``NaN`` where a number belongs, a shared string that does not
  exist) is named by its address; a formula is noticed even when the file stores
  no computed value for it (openpyxl and other generators write none).
- What a person sees is what is read: a cell formatted as a percentage gives
  the number shown (``0.9553`` as ``0.00%`` is "95,53", the unit column says %),
  a fixed-decimal format keeps its decimals ("97,50"). Dates, times, non-finite
  numbers and formula errors in number columns are refused, naming the cell.
- A total row (``JUMLAH``, ``TOTAL``, ``Jumlah keseluruhan`` ... , or a row of
  ``=SUM`` with no text) is skipped with a warning: totals are not measures.
- A ``No`` column that numbers every data row (1, 2, 3 ...) instead of the
  indicators is recognised; the indicator numbers are then read from the start
  of the indicator text ("1. Peraturan Daerah ...", "a. ..."), with a warning.
- The work is bounded: parts over :data:`MAX_PART_BYTES`, sheets over
  :data:`MAX_ROWS` rows or :data:`MAX_CELLS` cells are refused; columns past
  :data:`MAX_COLUMNS` and a header further down than :data:`HEADER_SEARCH_ROWS`
  rows are not looked at.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from radkla.plan.parsers.appendix import (
    AppendixError,
    Columns,
    Locator,
    SourceRow,
    clean,
    is_header,
    is_year_row,
    parse_appendix,
    read_columns,
)
from radkla.plan.parsers.cells import format_decimal, is_percent_unit
from radkla.plan.parsers.perwal import ParsedRegulation, RegulationError, assemble

MAX_PART_BYTES = 64 * 1024 * 1024  # uncompressed size of any one XML part
MAX_ROWS = 10_000  # an appendix has hundreds of rows, not tens of thousands
MAX_CELLS = 400_000
MAX_COLUMNS = 100
HEADER_SEARCH_ROWS = 200

# What openpyxl raises on content it cannot make sense of, besides our own errors.
_LIBRARY_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    SyntaxError,  # xml.etree's ParseError and lxml's XMLSyntaxError
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    EOFError,
    OSError,
    OverflowError,
    RuntimeError,  # zipfile: an entry encrypted with a ZIP password
    NotImplementedError,  # zipfile: an unknown compression method
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_VALUE_TAG = f"{{{SHEET_MAIN_NS}}}v"
_FORMULA_TAG = f"{{{SHEET_MAIN_NS}}}f"
_SAVE_AS_XLSX = (
    "buka di Excel atau LibreOffice Calc, simpan sebagai Excel Workbook (.xlsx), lalu impor lagi"
)


class SheetLocator(Locator):
    def __init__(self, sheet: str) -> None:
        self.sheet = sheet

    def row(self, line: int) -> str:
        return f"lembar '{self.sheet}' baris {line}"

    def cell(self, line: int, column: int, heading: str) -> str:
        return f"lembar '{self.sheet}' sel {get_column_letter(column + 1)}{line} ({heading})"


@dataclass(frozen=True, slots=True)
class RawCell:
    """One cell as the file stores it, before it becomes text.

    ``formula`` is the formula text ("" for a cell sharing another's formula),
    None without a formula; ``cached`` says whether the file stores a value;
    ``unreadable`` is the stored text openpyxl could not read, if any.
    """

    value: object = None
    data_type: str = "n"
    number_format: str = "General"
    formula: str | None = None
    cached: bool = True
    unreadable: str | None = None
    stored: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.value in (None, "") and self.unreadable is None and self.formula is None


_EMPTY = RawCell()


class _CellError(Exception):
    def __init__(self, coordinate: str, detail: str) -> None:
        super().__init__(coordinate, detail)
        self.coordinate = coordinate
        self.detail = detail


class _Parser(WorkSheetParser):
    """openpyxl's sheet parser, keeping what it drops: formulas and unreadable cells."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        stored = element.findtext(_VALUE_TAG, None)
        formula = element.find(_FORMULA_TAG)
        try:
            cell: dict[str, Any] = super().parse_cell(element)
        except _LIBRARY_ERRORS:
            coordinate = element.get("r")
            if not coordinate:
                raise
            cell = {
                "row": None,
                "column": None,
                "value": None,
                "data_type": "n",
                "style_id": 0,
                "unreadable": stored if stored is not None else "",
                "coordinate": coordinate,
            }
        cell["formula"] = None if formula is None else (formula.text or "")
        # A numeric result is stored as <v>number</v>; an empty <v/> (what openpyxl writes)
        # is no value. Only a text result may be empty.
        cell["cached"] = bool(stored) or (
            element.find(_VALUE_TAG) is not None and element.get("t") in ("str", "s")
        )
        cell["stored"] = stored
        return cell


@dataclass(frozen=True, slots=True)
class _Sheet:
    title: str
    rows: list[tuple[int, list[RawCell]]]  # (row number, cells from column A)


def _fail(source_name: str, reason: str) -> RegulationError:
    return RegulationError(f"{source_name}: {reason}")


def _detail(error: BaseException, limit: int = 200) -> str:
    """A library's error in one short line, to quote after our own reason."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:limit]}"


def _sniff(data: bytes, source_name: str) -> zipfile.ZipFile:
    """The file as a ZIP archive holding a workbook, or a RegulationError saying what it is."""
    if not data:
        raise _fail(source_name, "berkas kosong (0 bita), bukan buku kerja XLSX.")
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise _fail(
                source_name,
                "buku kerja dilindungi kata sandi (terenkripsi), jadi isinya tidak dapat dibaca; "
                "buka di Excel atau LibreOffice Calc, hapus kata sandinya, simpan sebagai .xlsx, "
                "lalu impor lagi.",
            )
        if "WordDocument".encode("utf-16-le") in data:
            raise _fail(source_name, "dokumen Word lama (.doc), bukan buku kerja XLSX.")
        raise _fail(source_name, f"buku kerja Excel 97-2003 (.xls), bukan .xlsx; {_SAVE_AS_XLSX}.")
    if data.startswith(b"%PDF"):
        raise _fail(
            source_name,
            "berkas PDF, bukan buku kerja XLSX; untuk teks peraturan pakai --format perwal-text.",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _LIBRARY_ERRORS:
        if data.startswith(b"PK"):
            raise _fail(
                source_name,
                "arsip XLSX rusak atau terpotong (mungkin unduhan atau salinan yang tidak "
                "lengkap); ambil lagi berkas aslinya.",
            ) from None
        raise _fail(
            source_name, "bukan buku kerja XLSX (berkas .xlsx adalah arsip ZIP, berkas ini bukan)."
        ) from None
    names = set(archive.namelist())
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype")[:100].decode("ascii", "replace")
        except _LIBRARY_ERRORS:
            mimetype = ""
        if "opendocument.spreadsheet" in mimetype:
            raise _fail(
                source_name,
                f"lembar kerja OpenDocument (.ods) yang dinamai lain, bukan .xlsx; "
                f"{_SAVE_AS_XLSX}.",
            )
        if "opendocument" in mimetype:
            raise _fail(
                source_name, "dokumen OpenDocument (teks atau presentasi), bukan buku kerja."
            )
    if "word/document.xml" in names:
        raise _fail(source_name, "dokumen Word (.docx) yang dinamai lain, bukan buku kerja XLSX.")
    if "ppt/presentation.xml" in names:
        raise _fail(source_name, "presentasi PowerPoint (.pptx), bukan buku kerja XLSX.")
    if "xl/workbook.bin" in names:
        raise _fail(source_name, f"buku kerja biner Excel (.xlsb), bukan .xlsx; {_SAVE_AS_XLSX}.")
    if not any(name.startswith("xl/") for name in names):
        raise _fail(
            source_name,
            "arsip ZIP tanpa bagian buku kerja (xl/workbook.xml), jadi bukan buku kerja XLSX.",
        )
    for info in archive.infolist():
        if info.file_size > MAX_PART_BYTES and not info.filename.startswith("xl/media/"):
            raise _fail(
                source_name,
                f"bagian {info.filename} berukuran {info.file_size // (1024 * 1024)} MiB setelah "
                f"dibuka; radkla membaca bagian sampai {MAX_PART_BYTES // (1024 * 1024)} MiB.",
            )
    return archive


def _broken_part(archive: zipfile.ZipFile) -> str | None:
    """The first XML part that is not well-formed, to name it in the message."""
    for name in archive.namelist():
        if not name.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(name) as part:
                # Only well-formedness is checked; expat bounds entity expansion itself.
                for _event, element in ElementTree.iterparse(part):  # noqa: S314
                    element.clear()
        except ElementTree.ParseError as error:
            return f"bagian {name} bukan XML yang utuh ({_xml_detail(error)})"
        except _LIBRARY_ERRORS as error:
            return f"bagian {name} tidak dapat dibuka ({_detail(error)})"
    return None


def _xml_detail(error: SyntaxError) -> str:
    line, column = getattr(error, "position", (None, None))
    if line is None:
        return " ".join(str(error).split())[:200]
    return f"baris {line} kolom {column}"


def _number_format(workbook: Any, style_id: object) -> str:
    try:
        format_id = workbook._cell_styles[int(str(style_id))].numFmtId
        if format_id < BUILTIN_FORMATS_MAX_SIZE:
            return str(BUILTIN_FORMATS.get(format_id, "General"))
        return str(workbook._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE])
    except _LIBRARY_ERRORS:
        return "General"


def _raw_cell(workbook: Any, cell: dict[str, Any]) -> RawCell:
    return RawCell(
        value=cell["value"],
        data_type=str(cell["data_type"]),
        number_format=_number_format(workbook, cell["style_id"]),
        formula=cell["formula"],
        cached=bool(cell["cached"]),
        unreadable=cell.get("unreadable"),
        stored=cell["stored"],
    )


def _column_of(cell: dict[str, Any]) -> int:
    if cell.get("column") is not None:
        return int(cell["column"])
    coordinate = str(cell["coordinate"])
    letters = re.match(r"[A-Za-z]{1,3}", coordinate)
    if letters is None:
        return MAX_COLUMNS + 1
    from openpyxl.utils import column_index_from_string

    try:
        return column_index_from_string(letters.group(0).upper())
    except ValueError:
        return MAX_COLUMNS + 1


def _sheet_rows(
    workbook: Any, sheet: Any, source_name: str, until_header: bool
) -> Iterator[tuple[int, list[RawCell]]]:
    """The sheet's rows in order, each padded from column A; bounded in rows and cells."""
    where = f"{source_name}, lembar '{sheet.title}'"
    cells_seen = 0
    previous = 0
    with sheet._get_source() as source:
        parser = _Parser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, parsed in parser.parse():
            if number <= previous:
                raise RegulationError(
                    f"{where}: baris {number} tertulis sesudah baris {previous}; urutan baris di "
                    f"berkas rusak. {_SAVE_AS_XLSX[0].upper()}{_SAVE_AS_XLSX[1:]}."
                )
            previous = number
            cells_seen += len(parsed)
            if number > MAX_ROWS or cells_seen > MAX_CELLS:
                raise RegulationError(
                    f"{where}: lembar terlalu besar (data sampai baris {number}); radkla membaca "
                    f"paling banyak {MAX_ROWS} baris dan {MAX_CELLS} sel per lembar. Hapus baris "
                    "dan kolom di luar tabel RAD, lalu impor lagi."
                )
            by_column: dict[int, RawCell] = {}
            for cell in parsed:
                column = _column_of(cell)
                if column <= MAX_COLUMNS:
                    by_column[column] = _raw_cell(workbook, cell)
            width = max(by_column, default=0)
            yield number, [by_column.get(c, _EMPTY) for c in range(1, width + 1)]
            if until_header and number >= HEADER_SEARCH_ROWS:
                return


def _read_sheet(workbook: Any, sheet: Any, source_name: str) -> _Sheet | None:
    """The sheet's rows if it holds the appendix header, else None."""
    rows: list[tuple[int, list[RawCell]]] = []
    found = False
    for number, cells in _sheet_rows(workbook, sheet, source_name, until_header=True):
        rows.append((number, cells))
        if is_header([_loose_text(c) for c in cells]):
            found = True
            break
    if not found:
        return None
    rows = []
    for number, cells in _sheet_rows(workbook, sheet, source_name, until_header=False):
        rows.append((number, cells))
    return _Sheet(sheet.title, rows)


# -- cell text ---------------------------------------------------------------

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def _format_section(number_format: str) -> str:
    """The first section of a number format without literal text, colours and conditions."""
    return _QUOTED.sub("", number_format.split(";")[0])


def _decimals(section: str) -> int:
    if "." not in section:
        return 0
    return len(re.match(r"[0#?]*", section.split(".", 1)[1]).group(0))  # type: ignore[union-attr]


def _is_percent_format(number_format: str) -> bool:
    return "%" in _format_section(number_format)


def _fixed_decimals(number_format: str) -> int | None:
    """Decimals of a plain fixed format (``0``, ``0.00``, ``#,##0.0``, ``0.00%``), else None."""
    section = _format_section(number_format).strip()
    if re.fullmatch(r"[#,]*0(?:\.0+)?%?", section):
        return _decimals(section)
    return None


def _shown(number: Decimal, decimals: int) -> str:
    """``number`` rounded as a spreadsheet shows it, decimal comma, trailing zeros kept."""
    rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)
    return format(rounded, "f").replace(".", ",")


def _number_text(value: int | float, number_format: str, percent_unit: bool) -> str:
    """The number as the cell shows it, in the document's notation."""
    number = Decimal(value) if isinstance(value, int) else Decimal(f"{value:.15g}")
    decimals = _fixed_decimals(number_format)
    if _is_percent_format(number_format):
        shown = number * 100
        text = _shown(shown, decimals) if decimals is not None else format_decimal(shown)
        # The unit column already says percent: the cell gives the number, as the text does.
        return text if percent_unit else f"{text}%"
    if decimals is not None and number_format != "General":
        return _shown(number, decimals)
    return format_decimal(number)


def _loose_text(cell: RawCell) -> str:
    """A cell's text for recognising headers and labels: never raises."""
    value = cell.value
    if value is None or cell.unreadable is not None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        try:
            return _number_text(value, cell.number_format, percent_unit=False)
        except (InvalidOperation, ValueError):
            return ""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def cell_text(value: object, number_format: str = "General") -> str:
    """The text of a cell openpyxl read, for the agencies' period workbooks (monitoring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        number = Decimal(str(value))
        if not number.is_finite():
            return str(value)  # "inf" or "nan": read as text, refused as "not a number"
        if "%" in number_format:
            return f"{format_decimal(number * 100)}%"
        return format_decimal(number)
    return str(value)


def checked_cell_text(
    cell: RawCell,
    where: Callable[[], str],
    *,
    numeric: bool = False,
    percent_unit: bool = False,
) -> str:
    """The text a person sees in the cell, or a RegulationError naming it.

    ``numeric`` marks the columns that hold numbers (No, baseline, targets): a
    date, a time or a formula error there is refused instead of read as text.
    """
    if cell.unreadable is not None:
        raise RegulationError(
            f'{where()}: isi sel "{cell.unreadable[:40]}" tidak dapat dibaca sebagai nilai '
            f"(tipe {cell.data_type}); ketik ulang nilainya di Excel atau LibreOffice."
        )
    value = cell.value
    if cell.formula is not None and not cell.cached:
        raise RegulationError(
            f"{where()}: rumus tanpa nilai hasil hitungan (berkas ditulis oleh program yang tidak "
            "menghitung rumus); buka dan simpan berkas sekali di Excel atau LibreOffice Calc agar "
            "nilainya dihitung, lalu impor lagi."
        )
    if value is None:
        return ""
    if cell.data_type == "e":
        raise RegulationError(
            f"{where()}: rumus menghasilkan galat {value}; perbaiki rumusnya atau ketik nilainya."
        )
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise RegulationError(
                f"{where()}: angka {cell.stored or value} di luar jangkauan (tak terhingga); "
                "ketik angka yang sebenarnya."
            )
        return _number_text(value, cell.number_format, percent_unit)
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        if numeric:
            raise RegulationError(
                f"{where()}: sel berformat tanggal/waktu ({value}), padahal kolom ini berisi "
                "angka; ubah format sel menjadi Number atau Text dan ketik ulang nilainya."
            )
        return value.isoformat() if not isinstance(value, dt.timedelta) else str(value)
    return str(value)


# -- the table ---------------------------------------------------------------

_TOTAL_LABEL = re.compile(
    r"(?:SUB\s*)?(?:JUMLAH|TOTAL)(?:\s+(?:KESELURUHAN|SELURUHNYA|SEMUA|TOTAL|AKHIR|UMUM))?"
    r"|GRAND\s+TOTAL",
    re.IGNORECASE,
)
_NUMBERED_TEXT = re.compile(r"^(\d{1,3})\s*[.)]\s*(\S.*)$", re.DOTALL)
_SUB_TEXT = re.compile(r"^[a-z]\s*[.)]\s", re.DOTALL)
_ROW_NUMBER = re.compile(r"^(\d{1,5})\s*\.?$")
_SECTION_NO = re.compile(r"^(?:[IVX]{1,4}|[A-H])\s*[.)]?$")


def _total_label(texts: Sequence[str], columns: Columns) -> str | None:
    """The label of a total row ("JUMLAH", "TOTAL", ...), or None for any other row."""
    label_columns = (columns.number, columns.indicator, columns.action, columns.measure)
    labels = [clean(texts[i]) for i in label_columns if i < len(texts) and clean(texts[i])]
    if len(labels) == 1 and _TOTAL_LABEL.fullmatch(labels[0].rstrip(": ")):
        return labels[0]
    return None


def _sums_only(cells: Sequence[RawCell], texts: Sequence[str], columns: Columns) -> bool:
    """A row of =SUM formulas under the number columns and no text where a measure is named."""
    label_columns = (columns.number, columns.indicator, columns.action, columns.measure)
    if any(i < len(texts) and clean(texts[i]) for i in label_columns):
        return False
    number_columns = (columns.baseline, *columns.year_columns)
    return any(
        i < len(cells) and "SUM(" in (cells[i].formula or "").upper() for i in number_columns
    )


@dataclass(frozen=True, slots=True)
class _Table:
    columns: Columns
    rows: list[SourceRow]
    warnings: list[str]


def _table_rows(sheet: _Sheet, header_index: int, source_name: str) -> _Table:
    """The rows from the header down as text, totals left out, each cell checked."""
    locator = SheetLocator(sheet.title)
    header_line, header_cells = sheet.rows[header_index]
    header = SourceRow(header_line, [_loose_text(c) for c in header_cells])
    after = sheet.rows[header_index + 1] if header_index + 1 < len(sheet.rows) else None
    after_row = SourceRow(after[0], [_loose_text(c) for c in after[1]]) if after else None
    year_row = after_row if after_row is not None and is_year_row(after_row.cells) else None
    try:
        columns = read_columns(header, year_row, locator)
    except AppendixError as error:
        raise AppendixError(f"{source_name}, {error}") from None
    numeric = {columns.number, columns.baseline, *columns.year_columns}
    width = columns.width
    rows = [SourceRow(header.line, [*header.cells, *([""] * (width - len(header.cells)))])]
    notes: list[str] = []
    for line, cells in sheet.rows[header_index + 1 :]:
        loose = [_loose_text(c) for c in cells]
        label = _total_label(loose, columns)
        if label is not None or _sums_only(cells, loose, columns):
            named = f' ("{label}")' if label else " (rumus SUM tanpa nama ukuran)"
            notes.append(
                f"{source_name}, {locator.row(line)}: baris jumlah{named} dilewati; jumlah "
                "bukan ukuran rencana."
            )
            continue
        unit = loose[columns.unit] if columns.unit < len(loose) else ""
        percent_unit = is_percent_unit(unit)
        texts = []
        for index, cell in enumerate(cells):
            heading = columns.headings[index] if index < width else ""

            def where(index: int = index, heading: str = heading, line: int = line) -> str:
                return f"{source_name}, {locator.cell(line, index, heading or 'di luar tabel')}"

            texts.append(
                checked_cell_text(cell, where, numeric=index in numeric, percent_unit=percent_unit)
            )
        # Editors drop trailing empty cells row by row: give every row the header's width.
        rows.append(SourceRow(line, [*texts, *([""] * (width - len(texts)))]))
    return _Table(columns, rows, notes)


def _data_rows(rows: Sequence[SourceRow], columns: Columns) -> list[int]:
    """Indexes of the rows that carry an indicator, an action or a measure."""
    c = columns
    found = []
    for index, row in enumerate(rows[1:], start=1):
        cells = [clean(t) for t in row.cells]
        if not any(cells) or is_header(cells) or is_year_row(cells):
            continue
        number = cells[c.number]
        rest = [t for i, t in enumerate(cells) if i not in (c.number, c.indicator) and t]
        if not rest and (not number or _SECTION_NO.match(number)):
            continue  # a section heading, or an indicator text alone
        found.append(index)
    return found


def _renumber(rows: list[SourceRow], columns: Columns, source_name: str, sheet: str) -> list[str]:
    """Read indicator numbers from the indicator text when ``No`` numbers every row.

    The rule: the ``No`` column is a running row number when every data row has a
    number there, the numbers go 1, 2, 3 ... (starting again at 1 is allowed) and
    the table shows it is not indicator numbering: a data row leaves the indicator
    cell empty or an indicator text starts with its own number or letter. The
    number then comes from the indicator text ("1. Peraturan Daerah ..." is
    indicator 1, "a. ..." a sub-indicator of the one above); a text repeated from
    the row above continues that indicator. ``rows`` is rewritten in place.
    """
    c = columns
    data = _data_rows(rows, columns)
    if len(data) < 2:
        return []
    numbers = []
    for index in data:
        match = _ROW_NUMBER.match(clean(rows[index].cells[c.number]))
        if match is None:
            return []
        numbers.append(int(match.group(1)))
    if numbers[0] != 1 or any(b not in (a + 1, 1) for a, b in itertools.pairwise(numbers)):
        return []
    indicator_texts = [clean(rows[i].cells[c.indicator]) for i in data]
    if not any(
        not text or _NUMBERED_TEXT.match(text) or _SUB_TEXT.match(text) for text in indicator_texts
    ):
        return []
    locator = SheetLocator(sheet)
    previous = ""
    for index in data:
        row = rows[index]
        cells = list(row.cells)
        text = clean(cells[c.indicator])
        if text and text == previous:
            cells[c.number] = cells[c.indicator] = ""
        elif match := _NUMBERED_TEXT.match(text):
            cells[c.number], cells[c.indicator] = match.group(1), match.group(2)
        elif not text or _SUB_TEXT.match(text):
            cells[c.number] = ""
        else:
            raise AppendixError(
                f"{source_name}, {locator.cell(row.line, c.indicator, 'INDIKATOR')}: kolom No "
                f'bernomor urut baris, dan teks indikator "{text[:60]}" tidak diawali nomor '
                'indikatornya; tulis nomornya di depan teks (mis. "1. ...").'
            )
        previous = text or previous
        rows[index] = SourceRow(row.line, cells, row.page_break)
    return [
        f"{source_name}, lembar '{sheet}': kolom No berisi nomor urut baris (1, 2, 3, ... pada "
        f"{len(data)} baris data), bukan nomor indikator; nomor indikator dibaca dari awal teks "
        'kolom INDIKATOR ("1. ...", "a. ...").'
    ]


def _parse_sheet(sheet: _Sheet, source_name: str) -> ParsedRegulation:
    header_index = next(
        i
        for i, (_line, cells) in enumerate(sheet.rows)
        if is_header([_loose_text(c) for c in cells])
    )
    table = _table_rows(sheet, header_index, source_name)
    locator = SheetLocator(sheet.title)
    rows = table.rows
    notes = [*table.warnings, *_renumber(rows, table.columns, source_name, sheet.title)]
    try:
        parsed_table = parse_appendix(rows, locator)
    except AppendixError as error:
        raise AppendixError(f"{source_name}, {error}") from None
    above = []
    for line, cells in sheet.rows[:header_index]:
        texts = []
        for index, cell in enumerate(cells):

            def where(line: int = line, index: int = index) -> str:
                return f"{source_name}, {locator.cell(line, index, 'judul')}"

            texts.append(checked_cell_text(cell, where))
        above.append(" ".join(t for t in texts if t))
    return assemble(source_name, parsed_table, "\n".join(above), extra_warnings=notes)


def parse_workbook(data: bytes, source_name: str) -> ParsedRegulation:
    """Read the appendix table from a workbook: raise RegulationError or AppendixError.

    The reason is always one line, even where it quotes a part or sheet name that
    holds a line break.
    """
    try:
        return _parse_workbook(data, source_name)
    except (RegulationError, AppendixError) as error:
        message = str(error)
        if len(message.splitlines()) > 1:
            raise type(error)(" ".join(message.split())) from None
        raise


def _parse_workbook(data: bytes, source_name: str) -> ParsedRegulation:
    archive = _sniff(data, source_name)
    with warnings.catch_warnings():
        # openpyxl warns about parts it skips (extensions, odd styles): nothing to tell the user.
        warnings.simplefilter("ignore")
        try:
            workbook: Any = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except KeyError as error:
            reason = f"bagian yang wajib ada tidak ditemukan dalam arsip ({_detail(error)})"
            raise _fail(source_name, f"buku kerja tidak dapat dibuka: {reason[:300]}.") from None
        except _LIBRARY_ERRORS as error:
            reason = _broken_part(archive) or f"isinya rusak ({_detail(error)})"
            raise _fail(source_name, f"buku kerja tidak dapat dibuka: {reason[:300]}.") from None
        try:
            sheets = list(workbook.worksheets)
            if not sheets:
                raise _fail(source_name, "buku kerja tidak memuat satu lembar kerja pun.")
            for sheet in sheets:
                try:
                    found = _read_sheet(workbook, sheet, source_name)
                except ElementTree.ParseError as error:
                    raise _fail(
                        source_name,
                        f"lembar '{sheet.title}' bukan XML yang utuh ({_xml_detail(error)}); "
                        "berkas rusak.",
                    ) from None
                except _LIBRARY_ERRORS as error:
                    if isinstance(error, RegulationError | AppendixError):
                        raise
                    raise _fail(
                        source_name,
                        f"lembar '{sheet.title}' rusak dan tidak dapat dibaca ({_detail(error)}).",
                    ) from None
                if found is not None:
                    return _parse_sheet(found, source_name)
        finally:
            workbook.close()
    titles = ", ".join(f"'{s.title}'" for s in sheets[:10])
    raise RegulationError(
        f'{source_name}: tidak ada lembar yang memuat tabel RAD (baris judul "No", '
        f'"INDIKATOR", ... dalam {HEADER_SEARCH_ROWS} baris pertama); lembar yang diperiksa: '
        f"{titles}."
    )
