"""The RAD monitoring workbook: the regulation's appendix with the year's realization.

One sheet per cluster laid out like the appendix (No, indikator, rencana aksi,
ukuran, satuan, data dasar, target per year, instansi, program), then the
realization per period, the year's realization, capaian, category and status,
with category colours, merged indicator cells, frozen headers, filters and a
landscape print setup; and a summary sheet with a native Excel chart that
prints on one page. The builder gives it plain rows; it never queries anything.

Numbers are stored as numbers with a number format of the decimals they were
written with, so Excel or LibreOffice in an Indonesian locale shows ``1.234,5``
and a column can be summed; a capaian is a percentage (0.9167 shown as
``91,67%``). Composite values (``Motor 1 Molin 0``) and text targets
(``> 90%``, ``-``) stay text. Excel does not grow a row to fit wrapped text it
did not type itself, and LibreOffice does not either on opening a file, so every
row gets an explicit height from an estimate of its wrapped lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from radkla.lib.spreadsheets import workbook_bytes
from radkla.reports.document import CATEGORY_COLOURS, MISSED_THRESHOLD, MISSED_THRESHOLD_COLOUR


@dataclass(frozen=True, slots=True)
class Percent:
    """A percentage as people write it (``Decimal("91.67")`` for 91,67 %).

    Stored as the fraction Excel means by a percent cell, shown with its decimals.
    """

    value: Decimal


# A cell of the workbook: a number, a percentage, text as written, or nothing.
Entry = Decimal | Percent | str | None


@dataclass(frozen=True, slots=True)
class WorkbookRow:
    indicator_no: str
    indicator: str
    action: str
    measure: str
    unit: str
    baseline: Entry
    targets: tuple[Entry, ...]  # one per plan year
    agencies: str
    program: str
    periods: tuple[Entry, ...]  # realization per period of the year
    year_value: Entry
    capaian: Percent | None
    category: str  # empty when the measure has no category
    status: str  # the status word: dinilai, tercapai, tanpa target, belum ada realisasi, ...


@dataclass(frozen=True, slots=True)
class Tally:
    """A cluster's or the plan's capaian and how many measures fall in each category."""

    capaian: Percent | None
    category: str
    measures: int
    scored: int
    counts: tuple[int, ...]  # per category, in CATEGORY_COLOURS' order


@dataclass(frozen=True, slots=True)
class WorkbookSheet:
    title: str  # the cluster's name
    code: str
    tally: Tally
    rows: tuple[WorkbookRow, ...]


@dataclass(frozen=True, slots=True)
class WorkbookData:
    title: str
    subtitle: str  # "Tahun 2025" or "Tahun 2025 s.d. Caturwulan II 2025 (tahun berjalan)"
    notes: tuple[str, ...]  # lines under the subtitle: what is counted, the data cut-off
    baseline_year: int
    years: tuple[int, ...]
    period_labels: tuple[str, ...]
    year_heading: str  # "REALISASI TAHUN 2025" or "REALISASI S.D. CATURWULAN II 2025"
    sheets: tuple[WorkbookSheet, ...]
    overall: Tally
    # Whose targets: on the summary only, the cluster sheets' title lines stay one line each.
    revision: str = ""


CATEGORIES = tuple(CATEGORY_COLOURS)
SUMMARY = "Ringkasan"
NO_CATEGORY = "–"  # the category cell of a measure that has none; its status says why

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_COLOUR = "DCE6F1"
_HEAD = PatternFill("solid", fgColor=_HEAD_COLOUR)
_SIZE = 10  # body text; the workbook's default font (Calibri 11) sets the column unit
_BODY = Font(name="Calibri", size=_SIZE)
_BOLD = Font(name="Calibri", size=_SIZE, bold=True)
_MUTED = Font(name="Calibri", size=_SIZE, color="666666")
_ON_DARK = Font(name="Calibri", size=_SIZE, color="FFFFFF", bold=True)
_TEXT = Alignment(wrap_text=True, vertical="top")
_NUMBER = Alignment(horizontal="right", vertical="top", wrap_text=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_MIDDLE = Alignment(horizontal="center", vertical="top", wrap_text=True)


# --- Estimating wrapped lines ------------------------------------------------------------
#
# Widths are in Excel's column unit, the width of "0" in the default font; LibreOffice
# sizes columns by its own font's "0" as well. The character widths below are set for
# DejaVu Sans, which LibreOffice draws when neither Calibri nor its twin Carlito is
# installed and which is the widest of the three: checked against LibreOffice's line
# breaks for every text of the Cilegon plan in columns 12, 20 and 28 wide, the estimate
# is never fewer lines than it draws, about one line in ten more. With Calibri a row is
# a little taller than it needs to be, never too short.

_NARROW = frozenset("ijlftrI.,;:'|!()[]-/ ")
_WIDE = frozenset("mwMW%@")
_SLACK = 1.0  # cell padding, and a margin for fonts a little wider than Calibri
_LINE = 1.3  # line height in points per point of font size
_PAD = 4.0  # points above and below the text of a row
_MAX_HEIGHT = 409.0  # Excel's largest row height


def _char_width(char: str) -> float:
    if char in _NARROW:
        return 0.5
    if char in _WIDE:
        return 1.45
    if char.isupper():
        return 1.15
    if char.isdigit():
        return 1.0
    return 0.95


@lru_cache(maxsize=16384)
def _word_width(word: str) -> float:
    return sum(_char_width(c) for c in word)


def text_width(text: str, size: float = _SIZE, bold: bool = False) -> float:
    """The width of the widest word of ``text`` in column units (a word cannot wrap)."""
    scale = size / 11 * (1.1 if bold else 1.0)
    return max((_word_width(w) for w in text.split()), default=0.0) * scale


def text_lines(text: str, width: float, size: float = _SIZE, bold: bool = False) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide."""
    scale = size / 11 * (1.1 if bold else 1.0)
    room = max(width - _SLACK, 1.0) / scale
    space = _char_width(" ")
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            wide = _word_width(word)
            if used and used + space + wide > room:
                lines += 1
                used = wide
            else:
                used = used + space + wide if used else wide
            while used > room:  # a word longer than the column breaks inside itself
                lines += 1
                used -= room
    return lines


def row_height(lines: int, size: float = _SIZE) -> float:
    return min(lines * size * _LINE + _PAD, _MAX_HEIGHT)


# --- Numbers -------------------------------------------------------------------------------


_INDONESIAN = str.maketrans({",": ".", ".": ","})


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return min(-exponent, 4) if isinstance(exponent, int) and exponent < 0 else 0


def number_format(entry: Decimal | Percent) -> str:
    """``#,##0.0`` for 97,5; ``0.00%`` for a capaian of 91,67 %: Excel's codes, any locale."""
    if isinstance(entry, Percent):
        places = _decimals(entry.value)
        return "0." + "0" * places + "%" if places else "0%"
    places = _decimals(entry)
    return "#,##0." + "0" * places if places else "#,##0"


def _shown(entry: Decimal | Percent) -> str:
    """The number as an Indonesian Excel shows it: ``1.234,5``, ``91,67%``."""
    value = entry.value if isinstance(entry, Percent) else entry
    text = f"{value:,.{_decimals(value)}f}".translate(_INDONESIAN)
    return f"{text}%" if isinstance(entry, Percent) else text


def _stored(entry: Entry) -> float | str | None:
    if isinstance(entry, Percent):
        return float(entry.value / 100)
    if isinstance(entry, Decimal):
        return float(entry)
    return entry or None


def _entry_text(entry: Entry) -> str:
    if isinstance(entry, Decimal | Percent):
        return _shown(entry)
    return entry or ""


# --- Sheet names ---------------------------------------------------------------------------

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# A name cut before one of these ends mid-phrase ("Hak Sipil dan"): cut before it instead.
_JOINERS = frozenset({"dan", "serta", "atau", "di", "ke", "dari", "untuk", "yang", "dengan", "&"})
_LIMIT = 31  # Excel's limit for a sheet name


def _fits(words: Sequence[str], limit: int) -> bool:
    return len(" ".join(words)) <= limit


def _phrases(words: Sequence[str]) -> list[int]:
    """Where a name may end: after a word ending a phrase, before a joining word."""
    ends = []
    for i, word in enumerate(words, start=1):
        following = words[i] if i < len(words) else ""
        if word.endswith(",") or following.lower() in _JOINERS or i == len(words):
            ends.append(i)
    return ends


def _short_name(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, in whole words and whole phrases."""
    clean = " ".join(_FORBIDDEN.sub(" ", text).replace("'", " ").split())
    words = clean.split(" ") if clean else []
    if _fits(words, limit):
        return clean
    # "Klaster I: Hak Sipil" keeps "Klaster I" and the whole phrases that fit after it.
    lead = 2 if words[0].lower() == "klaster" and _fits(words[:2], limit) else 1
    fitting = [end for end in _phrases(words) if end > lead and _fits(words[:end], limit)]
    if fitting:
        kept = words[: fitting[-1]]
    else:
        kept = list(words[:lead])
        for word in words[lead:]:
            if not _fits([*kept, word], limit):
                break
            kept.append(word)
        while len(kept) > lead and kept[-1].lower() in _JOINERS:
            kept.pop()
    name = " ".join(kept).rstrip(", ")
    return name if len(name) <= limit else name[:limit]  # one word longer than the limit


def sheet_title(text: str, used: set[str]) -> str:
    """A unique sheet name of whole words within Excel's 31 characters.

    ``used`` holds the names taken so far, in lower case (Excel ignores case).
    """
    name = _short_name(text, _LIMIT) or "Klaster"
    number = 2
    candidate = name
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate = _short_name(name, _LIMIT - len(suffix)) + suffix
        number += 1
    used.add(candidate.lower())
    return candidate


# --- Cluster sheets ------------------------------------------------------------------------


class _Styles:
    """Named cell styles, each made once per workbook.

    Setting a cell's font, border, alignment and format one by one makes openpyxl hash
    each style object every time, most of the time it takes; one named style is one step.
    """

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.made: dict[tuple[int, int, str, str], str] = {}

    def get(self, font: Font, alignment: Alignment, fmt: str = "General", colour: str = "") -> str:
        key = (id(font), id(alignment), fmt, colour)
        name = self.made.get(key)
        if name is None:
            name = f"Pemantauan {len(self.made) + 1}"
            style = NamedStyle(name, font=font, alignment=alignment, border=_BORDER)
            style.number_format = fmt
            if colour:
                style.fill = PatternFill("solid", fgColor=colour)
            self.book.add_named_style(style)
            self.made[key] = name
        return name


@dataclass(frozen=True, slots=True)
class _Layout:
    years: int
    periods: int

    @property
    def target_start(self) -> int:
        return 7

    @property
    def agencies(self) -> int:
        return self.target_start + self.years

    @property
    def period_start(self) -> int:
        return self.agencies + 2

    @property
    def year_value(self) -> int:
        return self.period_start + self.periods

    @property
    def width(self) -> int:
        return self.year_value + 3  # capaian, kategori, status

    def numeric(self) -> set[int]:
        """Columns of numbers (and the text that stands for one, like ``> 90%``)."""
        return {
            6,
            *range(self.target_start, self.agencies),
            *range(self.period_start, self.width - 1),
        }


def _widths(layout: _Layout, rows: Sequence[WorkbookRow]) -> list[float]:
    """Column widths: the appendix's proportions, widened to fit the longest word or number."""
    widths = [5.0, 22.0, 26.0, 28.0, 11.0, 11.0, *([9.0] * layout.years), 15.0, 20.0]
    widths += [*([10.0] * layout.periods), 12.0, 10.0, 12.0, 12.0]
    for row in rows:
        for column, entry in enumerate(_values(row), start=1):
            if isinstance(entry, Decimal | Percent):
                need = len(_shown(entry)) + 2.0
            elif entry:
                need = text_width(str(entry)) + _SLACK + 0.5
            else:
                continue
            if need > widths[column - 1]:
                widths[column - 1] = min(need, 40.0)
    return widths


def _values(row: WorkbookRow) -> list[Entry]:
    return [
        row.indicator_no,
        row.indicator,
        row.action,
        row.measure,
        row.unit,
        row.baseline,
        *row.targets,
        row.agencies,
        row.program,
        *row.periods,
        row.year_value,
        row.capaian,
        row.category or NO_CATEGORY,
        row.status,
    ]


def _header(
    sheet: Worksheet, data: WorkbookData, layout: _Layout, widths: list[float], styles: _Styles
) -> int:
    """Two header rows like the regulation's; returns the first data row."""
    years, periods = [str(y) for y in data.years], list(data.period_labels)
    first = [
        "No",
        "INDIKATOR",
        "RENCANA AKSI",
        "UKURAN",
        "SATUAN",
        f"DATA DASAR ({data.baseline_year})",
        "TARGET TAHUNAN",
        *([""] * (len(years) - 1)),
        "INSTANSI PENANGGUNG JAWAB",
        "PROGRAM",
        *(["REALISASI PER PERIODE", *([""] * (len(periods) - 1))] if periods else []),
        data.year_heading,
        "CAPAIAN",
        "KATEGORI",
        "STATUS",
    ]
    second = ["", "", "", "", "", "", *years, "", "", *periods, "", "", "", ""]
    top = 4
    for offset, values in enumerate((first, second)):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=top + offset, column=column, value=value or None)
            cell.style = styles.get(_BOLD, _CENTER, colour=_HEAD_COLOUR)
    groups = [(layout.target_start, len(years))]
    if periods:
        groups.append((layout.period_start, len(periods)))
    for start, span in groups:
        _merge(sheet, top, start, top, start + span - 1)
    grouped = {c for start, span in groups for c in range(start, start + span)}
    single = [c for c in range(1, layout.width + 1) if c not in grouped]
    for column in single:
        _merge(sheet, top, column, top + 1, column)
    # Heights: the second row fits the years and period labels; the first row then
    # fits the group headings, and both together fit each heading spanning both.
    second_lines = max(
        (text_lines(second[c - 1], widths[c - 1], bold=True) for c in grouped), default=1
    )
    second_height = row_height(second_lines)
    first_height = row_height(1)
    for start, span in groups:
        lines = text_lines(first[start - 1], sum(widths[start - 1 : start + span - 1]), bold=True)
        first_height = max(first_height, row_height(lines))
    for column in single:
        whole = row_height(text_lines(first[column - 1], widths[column - 1], bold=True))
        first_height = max(first_height, whole - second_height)
    sheet.row_dimensions[top].height = first_height
    sheet.row_dimensions[top + 1].height = second_height
    return top + 2


def _cluster_sheet(
    sheet: Worksheet, data: WorkbookData, part: WorkbookSheet, styles: _Styles
) -> None:
    layout = _Layout(len(data.years), len(data.period_labels))
    widths = _widths(layout, part.rows)
    for index, value in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = value
    tally = part.tally
    said = f"capaian klaster {_entry_text(tally.capaian) or 'belum dapat dihitung'}"
    if tally.category:
        said += f" ({tally.category})"
    said += f"; {tally.scored} dari {tally.measures} ukuran dinilai"
    _titles(
        sheet,
        [f"{data.title} — {part.title}", f"{data.subtitle}; {said}.", " ".join(data.notes)],
    )
    first_row = _header(sheet, data, layout, widths, styles)
    numeric = layout.numeric()
    row_number = first_row
    group_start = first_row
    group_lines = 0
    previous: tuple[str, str] | None = None
    for row in part.rows:
        key = (row.indicator_no, row.indicator)
        opens = key != previous  # the indicator's first row: its No and name, merged below
        if opens:
            _merge_indicator(sheet, group_start, row_number - 1, group_lines)
            group_start, previous = row_number, key
            group_lines = max(
                text_lines(row.indicator_no, widths[0]), text_lines(row.indicator, widths[1])
            )
        lines = 1
        values = _values(row)
        for column, entry in enumerate(values, start=1):
            stored = _stored(entry) if column > 2 or opens else None
            cell = sheet.cell(row=row_number, column=column, value=stored)
            if isinstance(entry, Decimal | Percent):
                cell.style = styles.get(_BODY, _NUMBER, number_format(entry))
                continue
            if column == len(values) - 1:  # the category
                colour = (
                    MISSED_THRESHOLD_COLOUR
                    if row.status == MISSED_THRESHOLD
                    else CATEGORY_COLOURS.get(row.category.lower(), "")
                )
                dark = row.category.lower() in ("sangat tinggi", "sangat rendah")
                font = _ON_DARK if dark else _BODY if colour else _MUTED
                cell.style = styles.get(font, _MIDDLE, colour=colour)
            else:
                cell.style = styles.get(_BODY, _NUMBER if column in numeric else _TEXT)
            if entry and column > 2:
                lines = max(lines, text_lines(entry, widths[column - 1]))
        sheet.row_dimensions[row_number].height = row_height(lines)
        row_number += 1
    _merge_indicator(sheet, group_start, row_number - 1, group_lines)
    last = get_column_letter(layout.width)
    sheet.freeze_panes = f"E{first_row}"
    sheet.auto_filter.ref = f"A{first_row - 1}:{last}{max(row_number - 1, first_row)}"
    sheet.print_title_rows = f"{first_row - 2}:{first_row - 1}"
    _print_setup(sheet, fit_height=0)
    _footer(sheet, part.title)


def _merge(sheet: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    """Merge a range whose covered cells are empty and already bordered.

    ``Worksheet.merge_cells`` also re-borders every edge cell, one style at a time, which
    grows faster than the sheet does (seconds for a plan ten times Cilegon's size).
    """
    if (top, left) == (bottom, right):
        return  # one cell: nothing to merge, and Excel would call the file damaged
    first, last = get_column_letter(left), get_column_letter(right)
    sheet.merged_cells.add(MergedCellRange(sheet, f"{first}{top}:{last}{bottom}"))


def _merge_indicator(sheet: Worksheet, start: int, end: int, lines: int) -> None:
    """Merge an indicator's No and name over its measure rows, as the regulation prints them.

    Its text needs ``lines`` lines: the group's last row grows when its rows are too short.
    """
    if end < start:
        return
    if end > start:
        for column in (1, 2):
            _merge(sheet, start, column, end, column)
    have = sum(sheet.row_dimensions[r].height or 0 for r in range(start, end + 1))
    need = row_height(lines)
    if need > have:
        last = sheet.row_dimensions[end]
        last.height = min((last.height or 0) + need - have, _MAX_HEIGHT)


def _titles(sheet: Worksheet, lines: Sequence[str]) -> None:
    """The title, subtitle and notes above a table; long ones spill to the right."""
    for index, text in enumerate(lines, start=1):
        cell = sheet.cell(row=index, column=1, value=text or None)
        cell.font = Font(name="Calibri", size=12, bold=True) if index == 1 else _BODY


def _print_setup(sheet: Worksheet, *, fit_height: int) -> None:
    """A4 landscape, fit to the page width (and to one page tall when ``fit_height``)."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = fit_height
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = PageMargins(
        left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.25, footer=0.3
    )
    sheet.print_options.horizontalCentered = True
    _footer(sheet)


def _footer(sheet: Worksheet, left: str = "") -> None:
    """The sheet's name on the left of each printed page, its page number on the right."""
    footer = sheet.oddFooter
    if footer is None:  # openpyxl always makes one; its type allows none
        return
    footer.right.text, footer.right.size = "Halaman &P dari &N", 8
    if left:
        footer.left.text, footer.left.size = left, 8


# --- The summary sheet ---------------------------------------------------------------------

_SUMMARY_HEAD = (
    "Klaster",
    "Kode",
    "Ukuran",
    "Dinilai",
    "Capaian",
    "Kategori",
    *(c.capitalize() for c in CATEGORIES),
    "Tidak dinilai",
)
_SUMMARY_WIDTHS = (46.0, 7.0, 9.0, 9.0, 10.0, 14.0, *([9.0] * len(CATEGORIES)), 9.0)


def _tally_row(name: str, code: str, tally: Tally) -> list[Entry]:
    return [
        name,
        code,
        Decimal(tally.measures),
        Decimal(tally.scored),
        tally.capaian,
        tally.category or NO_CATEGORY,
        *(Decimal(n) for n in tally.counts),
        Decimal(tally.measures - tally.scored),
    ]


def _summary(sheet: Worksheet, data: WorkbookData) -> None:
    width = len(_SUMMARY_HEAD)
    for index, size in enumerate(_SUMMARY_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = size
    whole = sum(_SUMMARY_WIDTHS)
    lines = [data.title, data.subtitle, " ".join([*data.notes, data.revision]).strip()]
    for index, text in enumerate(lines, start=1):
        cell = sheet.cell(row=index, column=1, value=text or None)
        cell.font = Font(name="Calibri", size=13, bold=True) if index == 1 else _BODY
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=width)
        size = 13 if index == 1 else _SIZE
        sheet.row_dimensions[index].height = row_height(
            text_lines(text, whole, size=size, bold=index == 1), size
        )
    head = 5
    for column, value in enumerate(_SUMMARY_HEAD, start=1):
        cell = sheet.cell(row=head, column=column, value=value)
        cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEAD, _BORDER, _CENTER
    sheet.row_dimensions[head].height = row_height(
        max(
            text_lines(v, w, bold=True) for v, w in zip(_SUMMARY_HEAD, _SUMMARY_WIDTHS, strict=True)
        )
    )
    rows = [_tally_row(p.title, p.code, p.tally) for p in data.sheets]
    rows.append(_tally_row("Seluruh rencana", "", data.overall))
    for offset, values in enumerate(rows, start=1):
        number = head + offset
        total = offset == len(rows)
        for column, entry in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column, value=_stored(entry))
            cell.border = _BORDER
            cell.font = _BOLD if total else _BODY
            if isinstance(entry, Decimal | Percent):
                cell.number_format = number_format(entry)
                cell.alignment = _NUMBER
            else:
                cell.alignment = _TEXT if column == 1 else _CENTER
        category = str(values[5]).lower()
        colour = CATEGORY_COLOURS.get(category)
        if colour:
            marked = sheet.cell(row=number, column=6)
            marked.fill = PatternFill("solid", fgColor=colour)
            if category in ("sangat tinggi", "sangat rendah"):
                marked.font = _ON_DARK
        sheet.row_dimensions[number].height = row_height(
            text_lines(str(values[0]), _SUMMARY_WIDTHS[0], bold=total)
        )
    last = head + len(data.sheets)  # the clusters, without the whole plan
    chart = BarChart()
    chart.type = "col"
    chart.title = "Capaian per klaster"
    chart.y_axis.title = "capaian"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.majorUnit = 0.2
    chart.y_axis.number_format = "0%"
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=5, min_row=head, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=2, min_row=head + 1, max_row=last))
    chart.dataLabels = DataLabelList(
        showVal=True, showSerName=False, showCatName=False, showLegendKey=False
    )
    chart.height, chart.width = 7.5, 24
    anchor = head + len(rows) + 2
    sheet.add_chart(chart, f"A{anchor}")
    # The chart's 7.5 cm are about 15 default rows: the print area ends below it.
    sheet.print_area = f"A1:{get_column_letter(width)}{anchor + 16}"
    _print_setup(sheet, fit_height=1)


def render_workbook(data: WorkbookData) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])
    _summary(book.create_sheet(SUMMARY), data)
    used = {SUMMARY.lower()}
    styles = _Styles(book)
    for part in data.sheets:
        _cluster_sheet(book.create_sheet(sheet_title(part.title, used)), data, part, styles)
    return workbook_bytes(book)
