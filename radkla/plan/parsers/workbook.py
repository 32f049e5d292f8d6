"""Read a plan from an XLSX workbook laid out like the regulation's appendix.

Agencies keep their RAD in Excel with the appendix's columns; ``radkla plan
export --format xlsx`` writes the same layout. The rows above the table carry
the regulation's title ("PERATURAN WALI KOTA ... NOMOR ... TAHUN ..."). Merged
cells arrive empty below their first cell, which the appendix reader already
reads as "same as above".
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from radkla.plan.parsers.appendix import (
    AppendixError,
    Locator,
    SourceRow,
    is_header,
    parse_appendix,
)
from radkla.plan.parsers.cells import format_decimal
from radkla.plan.parsers.perwal import ParsedRegulation, RegulationError, assemble


class SheetLocator(Locator):
    def __init__(self, sheet: str) -> None:
        self.sheet = sheet

    def row(self, line: int) -> str:
        return f"lembar '{self.sheet}' baris {line}"

    def cell(self, line: int, column: int, heading: str) -> str:
        return f"lembar '{self.sheet}' sel {get_column_letter(column + 1)}{line} ({heading})"


def cell_text(value: object, number_format: str = "General") -> str:
    """The text a person sees in the cell, in the document's own notation."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        number = Decimal(str(value))
        if "%" in number_format:
            return f"{format_decimal(number * 100)}%"
        return format_decimal(number)
    return str(value)


def parse_workbook(data: bytes, source_name: str) -> ParsedRegulation:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise RegulationError(
            f"{source_name}: bukan berkas XLSX yang dapat dibaca ({error})."
        ) from None
    try:
        for sheet in workbook.worksheets:
            rows = [
                SourceRow(
                    index,
                    [cell_text(c.value, getattr(c, "number_format", "General")) for c in row],
                )
                for index, row in enumerate(sheet.iter_rows(), start=1)
            ]
            header_at = next((i for i, r in enumerate(rows) if is_header(r.cells)), None)
            if header_at is None:
                continue
            width = len(rows[header_at].cells)
            # Excel trims trailing empty cells differently per row: give each the header's width.
            padded = [SourceRow(r.line, [*r.cells, *([""] * (width - len(r.cells)))]) for r in rows]
            locator = SheetLocator(sheet.title)
            try:
                table = parse_appendix(padded[header_at:], locator)
            except AppendixError as error:
                raise AppendixError(f"{source_name}, {error}") from None
            above = "\n".join(" ".join(c for c in r.cells if c) for r in rows[:header_at])
            return assemble(source_name, table, above)
    finally:
        workbook.close()
    raise RegulationError(
        f'{source_name}: tidak ada lembar yang memuat tabel RAD (baris judul "No", '
        '"INDIKATOR", ...).'
    )
