"""Read a regulation (Perwal/Perbup) text: its own facts and its appendix table.

The text is what a PDF-to-text conversion of the regulation gives: the body in
prose, then the appendix as tab-separated lines, one table row a line, with a
blank line and a repeated two-line header at every page break. Pure: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from radkla.plan.parsers.appendix import AppendixError, AppendixTable, SourceRow, parse_appendix


class RegulationError(ValueError):
    """The file is not a readable regulation; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class RegulationFacts:
    """What the document says about itself: who enacted it and for which years."""

    regulation_kind: str  # "Peraturan Wali Kota", "Peraturan Bupati"
    region_level: str  # "kota" or "kabupaten"
    region_name: str  # "Cilegon"
    regulation_number: str
    regulation_year: int
    title: str
    start_year: int
    end_year: int

    @property
    def legal_basis(self) -> str:
        return (
            f"{self.regulation_kind} {self.region_name} Nomor {self.regulation_number} "
            f"Tahun {self.regulation_year}"
        )


@dataclass(frozen=True, slots=True)
class ParsedRegulation:
    source_name: str
    facts: RegulationFacts
    baseline_year: int
    table: AppendixTable
    warnings: tuple[str, ...]


_REGULATION = re.compile(
    r"PERATURAN\s+(WALI\s*KOTA|WALIKOTA|BUPATI)\s+([A-Z][A-Z .'-]*?)\s+"
    r"NOMOR\s*:?\s*([0-9]+[A-Z]?)\s+TAHUN\s*:?\s*((?:19|20)\d{2})"
    r"(?:\s+TENTANG\s+(.+?))?(?=\s+DENGAN\s+RAHMAT|\s+WALI\s*KOTA|\s+BUPATI|\s+LAMPIRAN|$)",
)
_PLAN_YEARS = re.compile(r"TAHUN\s+((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})")
_MARKUP = re.compile(r"[*#_`]+")


def decode(data: bytes, source_name: str) -> str:
    """Text of a file, or a RegulationError saying why it is not text."""
    if b"\x00" in data[:65536]:
        raise RegulationError(f"{source_name}: berkas biner, bukan teks peraturan.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        try:
            # Documents saved from Windows Word are often cp1252.
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise RegulationError(
                f"{source_name}: bukan teks yang dapat dibaca (bita tidak sah pada posisi "
                f"{error.start})."
            ) from None


def _prose(text: str) -> str:
    """The document's words in one upper-case line, without markdown emphasis."""
    return re.sub(r"\s+", " ", _MARKUP.sub(" ", text)).upper().strip()


def _title_case(name: str) -> str:
    return " ".join(word.capitalize() for word in name.split())


def read_facts(
    text: str, years: tuple[int, ...], source_name: str
) -> tuple[RegulationFacts, list[str]]:
    """The regulation's kind, region, number, year, title and plan years."""
    prose = _prose(text)
    match = _REGULATION.search(prose)
    if match is None:
        raise RegulationError(
            f"{source_name}: tidak ditemukan judul peraturan "
            '("PERATURAN WALI KOTA/BUPATI ... NOMOR ... TAHUN ...").'
        )
    kind_word, region, number, year, title = match.groups()
    warnings: list[str] = []
    is_city = "KOTA" in kind_word
    title = (title or "").strip(" .")
    if not title:
        # Workbooks carry the title on its own line: take the plan's heading line.
        heading = re.search(r"RENCANA AKSI DAERAH[^.]*?TAHUN\s+\d{4}\s*[-–—]\s*\d{4}", prose)
        title = heading.group(0) if heading else "RENCANA AKSI DAERAH PENGEMBANGAN KOTA LAYAK ANAK"
    in_title = _PLAN_YEARS.search(title)
    span = in_title or _PLAN_YEARS.search(prose)
    if span is not None:
        start, end = int(span.group(1)), int(span.group(2))
    else:
        start, end = min(years), max(years)
        warnings.append(
            f"{source_name}: tahun rencana tidak tertulis di judul; dipakai tahun kolom target "
            f"{start}-{end}."
        )
    if start > end:
        raise RegulationError(f"{source_name}: tahun rencana {start}-{end} terbalik.")
    if span is not None and years and (start, end) != (min(years), max(years)):
        # The plan keeps the years its title states; the targets stay under their columns.
        where = "judul" if in_title else "teks peraturan"
        warnings.append(
            f"{source_name}: {where} menyebut tahun rencana {start}-{end}, sedangkan kolom "
            f"target tabel {min(years)}-{max(years)}; periksa judul atau tabelnya."
        )
    return (
        RegulationFacts(
            regulation_kind="Peraturan Wali Kota" if is_city else "Peraturan Bupati",
            region_level="kota" if is_city else "kabupaten",
            region_name=_title_case(region),
            regulation_number=number,
            regulation_year=int(year),
            title=_title_case(title),
            start_year=start,
            end_year=end,
        ),
        warnings,
    )


def table_rows(text: str) -> list[SourceRow]:
    """The tab-separated lines of the appendix, numbered as in the file.

    Blank lines between pages are kept out; the table ends at the first line of
    prose after it began (the signature block).
    """
    rows: list[SourceRow] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line:
            rows.append(SourceRow(number, line.split("\t")))
        elif rows and line.strip():
            break
    return rows


def parse_regulation(data: bytes, source_name: str) -> ParsedRegulation:
    """Read a regulation file: raise RegulationError or AppendixError naming the line."""
    text = decode(data, source_name)
    rows = table_rows(text)
    if not rows:
        raise RegulationError(
            f"{source_name}: tidak ada tabel lampiran (baris berkolom tab) di berkas ini."
        )
    try:
        table = parse_appendix(rows)
    except AppendixError as error:
        raise AppendixError(f"{source_name}, {error}") from None
    body = "\n".join(text.split("\n")[: rows[0].line - 1])
    return assemble(source_name, table, body)


def assemble(
    source_name: str,
    table: AppendixTable,
    title_text: str,
    extra_warnings: Sequence[str] = (),
) -> ParsedRegulation:
    """Join the appendix table with the facts the text around it states.

    ``extra_warnings`` are what the file reader itself noticed (encoding, skipped
    rows); they come first, already naming the file.
    """
    facts, warnings = read_facts(title_text, table.years, source_name)
    warnings = [*extra_warnings, *warnings]
    baseline_year = table.columns.baseline_year
    if baseline_year is None:
        baseline_year = facts.start_year - 1
        warnings.append(
            f"{source_name}: tahun data dasar tidak tertulis di judul kolom; dipakai "
            f"{baseline_year}."
        )
    return ParsedRegulation(
        source_name=source_name,
        facts=facts,
        baseline_year=baseline_year,
        table=table,
        warnings=(*warnings, *(f"{source_name}, {w}" for w in table.warnings)),
    )
