"""Text typed into radkla never comes back as a live formula in a download.

A spreadsheet program runs a cell that begins with ``=``, ``+``, ``-`` or ``@``
(and, once a CSV is opened, one that begins with a tab or a line break) as a
formula: ``=HYPERLINK(...)`` typed as an obstacle by one agency would run on
the secretariat's computer. Every XLSX and CSV radkla writes goes through this
module, which decides it in one place (:func:`formula_like`):

- in an XLSX the cell is stored as text with Excel's quote prefix, so it shows
  exactly what was typed, stays text when edited, and reads back unchanged;
- in a CSV, which has no types, the text gets a leading ``'``.

Numbers are numbers, never touched: ``-5`` stays a negative number. Text that
is a plain number or a lone sign (``-5``, ``-12,5``, ``+90%``, ``-``) cannot run
either and is left as written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HARMLESS = re.compile(r"[+-]?(\d[\d.,\s]*)?%?")


def formula_like(value: object) -> bool:
    """Whether ``value`` is text a spreadsheet could take for a formula."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and _HARMLESS.fullmatch(value) is None
    )


def csv_value(value: object) -> object:
    """A CSV field: formula-like text with a leading ``'``, anything else unchanged."""
    return f"'{value}" if formula_like(value) else value


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text, every field through :func:`csv_value`."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([csv_value(v) for v in row] for row in rows)
    return out.getvalue()


def as_text(cell: Cell) -> None:
    """Keep a formula-like cell text: stored as a string, with Excel's quote prefix."""
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def written_cells(sheet: WriteOnlyWorksheet, values: Sequence[object]) -> list[object]:
    """A row for a write-only sheet's ``append``, formula-like text made text cells."""
    row: list[object] = []
    for value in values:
        if isinstance(value, str) and formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            as_text(cell)
            row.append(cell)
        else:
            row.append(value)
    return row


def workbook_bytes(book: Workbook) -> bytes:
    """Save a workbook, every formula-like text cell first made text (:func:`as_text`).

    radkla writes no formulas of its own, so every cell holding one came from text.
    A write-only sheet keeps no cells: its rows went through :func:`written_cells`.
    """
    for sheet in [] if book.write_only else book.worksheets:
        for cell in sheet._cells.values():
            if isinstance(cell, Cell) and cell.data_type in ("s", "f"):
                as_text(cell)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
