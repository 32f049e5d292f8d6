"""Rebuild a RAD KLA appendix table from its rows, whatever file they came from.

The regulation's appendix is one wide table (No, indikator, rencana aksi, ukuran,
satuan, data dasar, one target column per year, instansi, program) broken across
pages. This module turns a sequence of rows of cell text into measures with their
full texts: it skips repeated page headers, joins the text a page break carried
over to the next page, opens a section at each cluster heading, an indicator at
each number or sub-letter, an action at each non-empty action cell, and a measure
at each row with measure data. It knows nothing about files; ``perwal`` and
``workbook`` feed it. Pure: no Django.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from radkla.plan.parsers.cells import Cell, parse_cell
from radkla.plan.parsers.text import normalise


class AppendixError(ValueError):
    """The rows are not a RAD appendix table; the message names the row or cell."""


# National KLA grouping by indicator number (Perpres 25/2021): fixed for every city.
NATIONAL_CLUSTERS: tuple[tuple[str, str, range], ...] = (
    ("K", "Kelembagaan", range(1, 4)),
    ("I", "Klaster I: Hak Sipil dan Kebebasan", range(4, 7)),
    ("II", "Klaster II: Lingkungan Keluarga dan Pengasuhan Alternatif", range(7, 12)),
    ("III", "Klaster III: Kesehatan Dasar dan Kesejahteraan", range(12, 18)),
    ("IV", "Klaster IV: Pendidikan, Pemanfaatan Waktu Luang, dan Kegiatan Budaya", range(18, 21)),
    ("V", "Klaster V: Perlindungan Khusus", range(21, 26)),
)

# Words that identify a heading's cluster, most specific first.
_HEADING_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("KELEMBAGAAN", "K"),
    ("KELAMBAGAAN", "K"),  # a common misspelling, the Cilegon appendix has it
    ("PERLINDUNGAN KHUSUS", "V"),
    ("HAK SIPIL", "I"),
    ("LINGKUNGAN KELUARGA", "II"),
    ("PENGASUHAN", "II"),
    ("KESEHATAN", "III"),
    ("KESEJAHTERAAN", "III"),
    ("PENDIDIKAN", "IV"),
    ("WAKTU LUANG", "IV"),
    ("BUDAYA", "IV"),
)


def cluster_for_number(number: int) -> str | None:
    for code, _name, numbers in NATIONAL_CLUSTERS:
        if number in numbers:
            return code
    return None


def cluster_for_heading(heading: str) -> str | None:
    upper = heading.upper()
    for keyword, code in _HEADING_KEYWORDS:
        if keyword in upper:
            return code
    return None


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One row of cell texts and where it stands in its file.

    ``page_break`` marks the first row of a new page when the file says so (a form
    feed, a PDF page): text there may continue the row the previous page ended on.
    """

    line: int
    cells: Sequence[str]
    page_break: bool = False


class Locator:
    """Names a row or a cell in the words of its file type."""

    def row(self, line: int) -> str:
        return f"baris {line}"

    def cell(self, line: int, column: int, heading: str) -> str:
        return f"baris {line}, kolom {heading}"


@dataclass(frozen=True, slots=True)
class Columns:
    """Where each field sits in the table, read from its header."""

    width: int
    number: int
    indicator: int
    action: int
    measure: int
    unit: int
    baseline: int
    agency: int
    program: int | None
    years: tuple[tuple[int, int], ...]  # (year, column)
    baseline_year: int | None
    headings: tuple[str, ...]

    @property
    def year_columns(self) -> tuple[int, ...]:
        return tuple(col for _year, col in self.years)


@dataclass(frozen=True, slots=True)
class ParsedMeasure:
    location: str
    cluster_code: str
    indicator_no: int
    indicator_sub: str
    indicator: str
    indicator_location: str
    section_heading: str
    action_key: int
    action: str
    action_location: str
    measure: str
    unit: str
    baseline: Cell
    targets: tuple[tuple[int, Cell], ...]
    agency_raw: str
    program: str


@dataclass(frozen=True, slots=True)
class AppendixTable:
    columns: Columns
    header_line: int
    last_line: int
    measures: tuple[ParsedMeasure, ...]
    cluster_headings: dict[str, str]
    warnings: tuple[str, ...]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(year for year, _col in self.columns.years)

    def measures_per_cluster(self) -> dict[str, int]:
        """Measures counted per national cluster code, in the national order."""
        counts = {code: 0 for code, _name, _numbers in NATIONAL_CLUSTERS}
        for m in self.measures:
            counts[m.cluster_code] += 1
        return counts

    def fingerprint(self) -> str:
        """A digest of the table's content, the same whatever file format carried it."""
        payload = [
            [
                m.cluster_code,
                m.indicator_no,
                m.indicator_sub,
                m.indicator,
                m.action_key,
                m.action,
                m.measure,
                m.unit,
                m.baseline.raw,
                [[year, cell.raw] for year, cell in m.targets],
                m.agency_raw,
                m.program,
            ]
            for m in self.measures
        ]
        blob = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


_TAGS = re.compile(r"</?(?:b|i|u|em|strong|span|br)\b[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"^(?:TAHUN\s+)?((?:19|20)\d{2})$", re.IGNORECASE)
_YEAR_IN = re.compile(r"\(((?:19|20)\d{2})\)")
_INDICATOR_NO = re.compile(r"^(\d{1,3})\s*[.)]?$")
_SUB = re.compile(r"^([a-z])\s*[.)]\s*(.*)$", re.DOTALL)
_SECTION_NO = re.compile(r"^(?:[IVX]{1,4}|[A-H])\s*[.)]?$")
_SECTION_TEXT_NO = re.compile(r"^(?:[IVX]{1,4}|[A-H])\s*[.)]?\s+(.*)$")


def clean(text: str) -> str:
    """Cell text without extraction markup, in one spelling, with single spaces."""
    return _SPACES.sub(" ", _TAGS.sub("", normalise(text))).strip()


def join_text(head: str, tail: str) -> str:
    if not head:
        return tail
    if not tail:
        return head
    return f"{head} {tail}"


def read_columns(row: SourceRow, next_row: SourceRow | None, locator: Locator) -> Columns:
    """Map the header row (and the year row under it) to column positions."""
    names = [clean(c).upper() for c in row.cells]
    found: dict[str, int] = {}
    baseline_year: int | None = None
    years: list[tuple[int, int]] = []

    def take(key: str, index: int) -> None:
        found.setdefault(key, index)

    for index, name in enumerate(names):
        if not name:
            continue
        if name in {"NO", "NO.", "NOMOR"}:
            take("number", index)
        elif "RENCANA AKSI" in name or name == "KEGIATAN":
            take("action", index)
        elif "INDIKATOR" in name and "KINERJA" not in name:
            take("indicator", index)
        elif "UKURAN" in name or "INDIKATOR KINERJA" in name:
            take("measure", index)
        elif "SATUAN" in name:
            take("unit", index)
        elif "DATA DASAR" in name or "BASELINE" in name:
            take("baseline", index)
            if match := _YEAR_IN.search(name):
                baseline_year = int(match.group(1))
        elif "INSTANSI" in name or "PENANGGUNG" in name or name == "OPD":
            take("agency", index)
        elif name.startswith("PRO"):
            # The regulation's narrow last column is cut to "PRO" by the extraction.
            take("program", index)
        elif match := _YEAR.match(name):
            years.append((int(match.group(1)), index))
    if next_row is not None:
        for index, text in enumerate(next_row.cells):
            if match := _YEAR.match(clean(text)):
                years.append((int(match.group(1)), index))
    missing = [
        label
        for key, label in (
            ("number", "No"),
            ("indicator", "INDIKATOR"),
            ("action", "RENCANA AKSI"),
            ("measure", "UKURAN"),
            ("unit", "SATUAN"),
            ("baseline", "DATA DASAR"),
            ("agency", "INSTANSI PENANGGUNG JAWAB"),
        )
        if key not in found
    ]
    if missing:
        raise AppendixError(
            f"{locator.row(row.line)}: judul tabel tidak memuat kolom {', '.join(missing)}."
        )
    if not years:
        raise AppendixError(
            f"{locator.row(row.line)}: judul tabel tidak memuat kolom target tahunan "
            "(tahun seperti 2023, 2024, ... di baris judul atau di bawahnya)."
        )
    years.sort()
    if len({year for year, _ in years}) != len(years):
        raise AppendixError(f"{locator.row(row.line)}: ada tahun target yang tertulis dua kali.")
    return Columns(
        width=len(row.cells),
        number=found["number"],
        indicator=found["indicator"],
        action=found["action"],
        measure=found["measure"],
        unit=found["unit"],
        baseline=found["baseline"],
        agency=found["agency"],
        program=found.get("program"),
        years=tuple(years),
        baseline_year=baseline_year,
        headings=tuple(clean(c) for c in row.cells),
    )


def is_header(cells: Sequence[str]) -> bool:
    texts = [clean(c).upper() for c in cells]
    return (
        bool(texts) and texts[0] in {"NO", "NO.", "NOMOR"} and any("INDIKATOR" in t for t in texts)
    )


def is_year_row(cells: Sequence[str]) -> bool:
    texts = [clean(c) for c in cells if clean(c)]
    return bool(texts) and all(_YEAR.match(t) or t.upper().startswith("TARGET") for t in texts)


@dataclass
class _Measure:
    line: int
    indicator: _Indicator
    action: _Action
    measure: str
    unit: str
    baseline: str
    targets: list[str]
    agency: str
    program: str


@dataclass
class _Indicator:
    line: int
    number: int
    sub: str
    name: str
    section_heading: str


@dataclass
class _Action:
    line: int
    key: int
    indicator: _Indicator
    name: str
    measures: list[_Measure] = field(default_factory=list)


class _Builder:
    """Walks the rows once, keeping the current section, indicator and action."""

    def __init__(self, columns: Columns, locator: Locator) -> None:
        self.columns = columns
        self.locator = locator
        self.heading = ""
        self.cluster_headings: dict[str, str] = {}
        self.indicators: list[_Indicator] = []
        self.seen_indicators: dict[tuple[int, str], int] = {}
        self.indicator: _Indicator | None = None
        self.action: _Action | None = None
        self.actions: list[_Action] = []
        self.measures: list[_Measure] = []
        self.warnings: list[str] = []
        # What the last data row did, to tell how a page break may have split it.
        self.last_was_action = False
        self.last_was_measure = False

    # -- row kinds ---------------------------------------------------------

    def field(self, cells: Sequence[str], index: int | None) -> str:
        if index is None:
            return ""
        return cells[index]

    def measure_fields(self, cells: Sequence[str]) -> list[str]:
        c = self.columns
        return [
            cells[c.measure],
            cells[c.unit],
            cells[c.baseline],
            *(cells[col] for col in c.year_columns),
            cells[c.agency],
        ]

    def is_section(self, cells: Sequence[str]) -> bool:
        c = self.columns
        rest = [
            text
            for index, text in enumerate(cells)
            if index not in (c.number, c.indicator) and text
        ]
        if rest:
            return False
        number, text = cells[c.number], cells[c.indicator]
        if number and _SECTION_NO.match(number):
            return True
        whole = join_text(number, text)
        return (
            not _INDICATOR_NO.match(number)
            and cluster_for_heading(whole) is not None
            and (
                "KLASTER" in whole.upper()
                or "KLUSTER" in whole.upper()
                or "LEMBAGAAN" in whole.upper()
                or "LAMBAGAAN" in whole.upper()
                or "PERLINDUNGAN KHUSUS" in whole.upper()
            )
        )

    def open_section(self, line: int, cells: Sequence[str]) -> None:
        c = self.columns
        number, text = cells[c.number], cells[c.indicator]
        if not text and (match := _SECTION_TEXT_NO.match(number)):
            text = match.group(1)
        heading = text or number
        self.heading = heading
        code = cluster_for_heading(heading)
        if code is None:
            self.warnings.append(
                f'{self.locator.row(line)}: judul bagian "{heading}" tidak dikenali sebagai '
                "kelembagaan atau salah satu klaster; indikatornya dikelompokkan menurut nomornya."
            )
        elif code not in self.cluster_headings:
            self.cluster_headings[code] = heading

    def action_without_measure(self) -> bool:
        """The page ended on a row that opened an action but had no measure yet."""
        return self.action is not None and not self.action.measures and self.last_was_action

    def last_row_lacks_numbers(self) -> bool:
        """The last measure has no target at all: its numbers are still to come."""
        return bool(self.measures) and self.last_was_measure and not any(self.measures[-1].targets)

    def continue_previous(self, line: int, cells: Sequence[str]) -> None:
        """Join the row a page break split: its text, and its numbers if they came late."""
        c = self.columns
        if self.action_without_measure():
            assert self.action is not None  # noqa: S101 - checked just above
            # The action's text runs on; the measure of the action starts here.
            self.action.name = join_text(self.action.name, cells[c.action])
            if text := cells[c.indicator]:
                self.action.indicator.name = join_text(self.action.indicator.name, text)
            rest = list(cells)
            rest[c.action] = rest[c.indicator] = ""
            self.row(line, rest)
            return
        previous = self.measures[-1]
        if text := cells[c.indicator]:
            previous.indicator.name = join_text(previous.indicator.name, text)
        if text := cells[c.action]:
            previous.action.name = join_text(previous.action.name, text)
        previous.measure = join_text(previous.measure, cells[c.measure])
        previous.unit = join_text(previous.unit, cells[c.unit])
        previous.baseline = join_text(previous.baseline, cells[c.baseline])
        previous.targets = [
            join_text(old, cells[col])
            for old, col in zip(previous.targets, c.year_columns, strict=True)
        ]
        previous.agency = join_text(previous.agency, cells[c.agency])
        previous.program = join_text(previous.program, self.field(cells, c.program))

    def open_indicator(self, line: int, number: int, text: str) -> None:
        sub = ""
        if match := _SUB.match(text):
            sub, text = match.group(1), match.group(2).strip()
        key = (number, sub)
        if key in self.seen_indicators:
            raise AppendixError(
                f"{self.locator.row(line)}: indikator {number}{sub} sudah ada di "
                f"{self.locator.row(self.seen_indicators[key])}."
            )
        if self.indicator is not None and number < self.indicator.number:
            self.warnings.append(
                f"{self.locator.row(line)}: indikator {number} tertulis sesudah indikator "
                f"{self.indicator.number}; urutan nomor dalam dokumen tidak naik."
            )
        elif self.indicator is not None and number > self.indicator.number + 1:
            missing = range(self.indicator.number + 1, number)
            named = ", ".join(str(n) for n in missing)
            self.warnings.append(
                f"{self.locator.row(line)}: indikator {number} langsung sesudah indikator "
                f"{self.indicator.number}; indikator {named} tidak ada di tabel. Periksa "
                "apakah ada baris yang hilang."
            )
        elif self.indicator is None and number > 1:
            self.warnings.append(
                f"{self.locator.row(line)}: tabel dimulai dengan indikator {number}; indikator "
                f"sebelumnya tidak ada di tabel. Periksa apakah ada baris yang hilang."
            )
        self.seen_indicators[key] = line
        self.indicator = _Indicator(line, number, sub, text, self.heading)
        self.indicators.append(self.indicator)
        self.action = None

    def row(self, line: int, cells: Sequence[str]) -> None:
        c = self.columns
        number, indicator_text, action_text = cells[c.number], cells[c.indicator], cells[c.action]
        if number:
            match = _INDICATOR_NO.match(number)
            if match is None:
                raise AppendixError(
                    f'{self.locator.cell(line, c.number, "No")}: "{number}" bukan nomor indikator.'
                )
            self.open_indicator(line, int(match.group(1)), indicator_text)
        elif indicator_text:
            if (match := _SUB.match(indicator_text)) and self.indicator is not None:
                self.open_indicator(line, self.indicator.number, indicator_text)
            elif self.indicator is not None:
                # A wrapped indicator name inside a page: keep the words, say so.
                self.indicator.name = join_text(self.indicator.name, indicator_text)
                self.warnings.append(
                    f'{self.locator.row(line)}: teks indikator "{indicator_text}" tanpa nomor '
                    f"digabung ke indikator {self.indicator.number}{self.indicator.sub}."
                )
            else:
                raise AppendixError(
                    f'{self.locator.row(line)}: indikator "{indicator_text}" tidak bernomor.'
                )
        if self.indicator is None:
            raise AppendixError(
                f"{self.locator.row(line)}: baris data sebelum indikator pertama (kolom No kosong)."
            )
        self.last_was_action = bool(action_text)
        self.last_was_measure = False
        if action_text:
            self.action = _Action(line, len(self.actions), self.indicator, action_text)
            self.actions.append(self.action)
        if any(self.measure_fields(cells)):
            self.last_was_measure = True
            if self.action is None:
                raise AppendixError(
                    f"{self.locator.cell(line, c.action, 'RENCANA AKSI')}: ukuran "
                    f'"{cells[c.measure]}" tidak punya rencana aksi di atasnya.'
                )
            measure = _Measure(
                line=line,
                indicator=self.indicator,
                action=self.action,
                measure=cells[c.measure],
                unit=cells[c.unit],
                baseline=cells[c.baseline],
                targets=[cells[col] for col in c.year_columns],
                agency=cells[c.agency],
                program=self.field(cells, c.program),
            )
            self.action.measures.append(measure)
            self.measures.append(measure)
        elif (program := self.field(cells, c.program)) and self.measures and not action_text:
            self.measures[-1].program = join_text(self.measures[-1].program, program)

    # -- result ------------------------------------------------------------

    def finish(self, header_line: int, last_line: int) -> AppendixTable:
        if not self.measures:
            raise AppendixError(
                f"{self.locator.row(header_line)}: tabel tidak memuat satu pun ukuran."
            )
        for action in self.actions:
            if not action.measures:
                self.warnings.append(
                    f'{self.locator.row(action.line)}: rencana aksi "{action.name}" '
                    "tidak punya ukuran."
                )
        measures = []
        years = [year for year, _col in self.columns.years]
        for m in self.measures:
            code = cluster_for_number(m.indicator.number) or cluster_for_heading(
                m.indicator.section_heading
            )
            if code is None:
                raise AppendixError(
                    f"{self.locator.row(m.indicator.line)}: indikator {m.indicator.number} "
                    "di luar nomor 1-25 dan judul bagiannya tidak menyebut klaster."
                )
            measures.append(
                ParsedMeasure(
                    location=self.locator.row(m.line),
                    cluster_code=code,
                    indicator_no=m.indicator.number,
                    indicator_sub=m.indicator.sub,
                    indicator=m.indicator.name,
                    indicator_location=self.locator.row(m.indicator.line),
                    section_heading=m.indicator.section_heading,
                    action_key=m.action.key,
                    action=m.action.name,
                    action_location=self.locator.row(m.action.line),
                    measure=m.measure,
                    unit=m.unit,
                    baseline=parse_cell(m.baseline, m.unit),
                    targets=tuple(
                        (year, parse_cell(raw, m.unit))
                        for year, raw in zip(years, m.targets, strict=True)
                    ),
                    agency_raw=m.agency,
                    program=m.program,
                )
            )
        present = {m.cluster_code for m in measures}
        for code, name, _numbers in NATIONAL_CLUSTERS:
            if code not in present:
                self.warnings.append(
                    f"{self.locator.row(header_line)}: tabel tidak memuat satu pun ukuran "
                    f"{name}; periksa apakah bagian itu hilang dari berkas."
                )
        return AppendixTable(
            columns=self.columns,
            header_line=header_line,
            last_line=last_line,
            measures=tuple(measures),
            cluster_headings=dict(self.cluster_headings),
            warnings=tuple(self.warnings),
        )


def parse_appendix(rows: Iterable[SourceRow], locator: Locator | None = None) -> AppendixTable:
    """Read the appendix table from rows; raise AppendixError naming the bad row or cell."""
    locator = locator or Locator()
    pending = list(rows)
    header_index = next((i for i, r in enumerate(pending) if is_header(r.cells)), None)
    if header_index is None:
        raise AppendixError(
            "tidak ditemukan tabel lampiran: tidak ada baris judul yang dimulai dengan "
            '"No" dan memuat "INDIKATOR".'
        )
    header = pending[header_index]
    after = pending[header_index + 1] if header_index + 1 < len(pending) else None
    year_row = after if after is not None and is_year_row(after.cells) else None
    columns = read_columns(header, year_row, locator)
    builder = _Builder(columns, locator)
    after_page_header = True
    last_line = header.line
    for row in pending[header_index + 1 :]:
        if row.page_break:
            after_page_header = True
        cells = [clean(text) for text in row.cells]
        if not any(cells):
            continue
        if len(cells) > columns.width:
            extra = [t for t in cells[columns.width :] if t]
            if extra:
                raise AppendixError(
                    f"{locator.row(row.line)}: {len(cells)} kolom, padahal tabel punya "
                    f'{columns.width} kolom (kelebihan "{extra[0]}").'
                )
            cells = cells[: columns.width]
        if len(cells) < columns.width:
            # Editors and converters drop trailing empty cells; a row cut short by the
            # end of the file is told apart by the closing that never came.
            cells = [*cells, *([""] * (columns.width - len(cells)))]
        last_line = row.line
        if is_header(cells):
            after_page_header = True
            continue
        if is_year_row(cells):
            # The year row of a page header whose first row went missing: never data.
            after_page_header = True
            continue
        if builder.is_section(cells):
            builder.open_section(row.line, cells)
            after_page_header = False
            continue
        carried_over = (
            after_page_header
            and (builder.measures or builder.action_without_measure())
            and not cells[columns.number]
            and not _SUB.match(cells[columns.indicator])
            and (
                not any(cells[col] for col in columns.year_columns)
                or builder.last_row_lacks_numbers()
                or builder.action_without_measure()
            )
        )
        if carried_over:
            after_page_header = False
            builder.continue_previous(row.line, cells)
            continue
        after_page_header = False
        builder.row(row.line, cells)
    return builder.finish(header.line, last_line)
