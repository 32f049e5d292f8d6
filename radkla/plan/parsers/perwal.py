"""Read a regulation (Perwal/Perbup) text: its own facts and its appendix table.

The text is what a PDF-to-text conversion of the regulation gives: the body in
prose, then the appendix as tab-separated lines, one table row a line, with a
blank line and a repeated two-line header at every page break. Pure: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from radkla.plan.parsers.appendix import (
    AppendixError,
    AppendixTable,
    SourceRow,
    is_header,
    parse_appendix,
)
from radkla.plan.parsers.text import NotText, decode_text, line_list, normalise


class RegulationError(ValueError):
    """The file is not a readable regulation; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class RegulationRef:
    """Another regulation the document names, e.g. the one an amendment changes."""

    regulation_kind: str  # "Peraturan Wali Kota", "Peraturan Bupati"
    region_name: str
    regulation_number: str
    regulation_year: int

    @property
    def legal_basis(self) -> str:
        return (
            f"{self.regulation_kind} {self.region_name} Nomor {self.regulation_number} "
            f"Tahun {self.regulation_year}"
        )


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
    # An amending regulation ("Perubahan atas Peraturan ... Nomor 7 Tahun 2023"):
    # the regulation it amends, and "pertama", "kedua" ... when the title counts.
    amends: RegulationRef | None = None
    amendment_ordinal: str = ""

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
    # The title ends where the preamble or the signing official begins; "WALI KOTA"
    # right after "PERATURAN" is the amended regulation inside an amendment's title.
    r"(?:\s+TENTANG\s+(.+?))?(?<!PERATURAN)"
    r"(?=\s+DENGAN\s+RAHMAT|\s+WALI\s*KOTA|\s+BUPATI|\s+LAMPIRAN|$)",
)
# An amendment's title: "PERUBAHAN [KEDUA] ATAS PERATURAN WALI KOTA X NOMOR 7 TAHUN
# 2023 [TENTANG <the amended title>]". The region may be left out when it is the same.
_AMENDS = re.compile(
    r"PERUBAHAN\s+(?:(PERTAMA|KESATU|KEDUA|KETIGA|KEEMPAT|KELIMA|KEENAM|KETUJUH|KEDELAPAN"
    r"|KESEMBILAN|KESEPULUH|KE\s*-?\s*\d{1,2})\s+)?ATAS\s+"
    r"PERATURAN\s+(WALI\s*KOTA|WALIKOTA|BUPATI)\s+(?:(?!NOMOR\b)([A-Z][A-Z .'-]*?)\s+)?"
    r"NOMOR\s*:?\s*([0-9]+[A-Z]?)\s+TAHUN\s*:?\s*((?:19|20)\d{2})"
    r"(?:\s+TENTANG\s+(.+))?$",
)
_AMENDMENT_BEFORE = re.compile(r"PERUBAHAN\s+(?:\S+\s+)?ATAS\s+$")
_PLAN_YEARS = re.compile(r"TAHUN\s+((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})")
_MARKUP = re.compile(r"[*#_`]+")


def decode(data: bytes, source_name: str) -> tuple[str, list[str]]:
    """Text of a file and what its encoding needs said, or a RegulationError why not."""
    if data.startswith(b"%PDF-"):
        raise RegulationError(
            f"{source_name}: berkas PDF, bukan teks; impor dengan format otomatis "
            "(tanpa --format) atau --format pdf."
        )
    try:
        decoded = decode_text(data)
    except NotText as error:
        raise RegulationError(f"{source_name}: {error}, bukan teks peraturan.") from None
    warnings = []
    if decoded.legacy_lines:
        warnings.append(
            f"{source_name}: baris {line_list(decoded.legacy_lines)} bukan UTF-8 dan dibaca "
            "sebagai Windows-1252; periksa huruf khusus (é, –, “ ”) di baris itu."
        )
    return normalise(decoded.text), warnings


def _prose(text: str) -> str:
    """The document's words in one upper-case line, without markdown emphasis."""
    return re.sub(r"\s+", " ", _MARKUP.sub(" ", text)).upper().strip()


def _title_case(name: str) -> str:
    return " ".join(word.capitalize() for word in name.split())


def _kind(kind_word: str) -> tuple[str, str]:
    """The regulation kind and region level a title's "WALI KOTA"/"BUPATI" names."""
    if "KOTA" in kind_word:
        return "Peraturan Wali Kota", "kota"
    return "Peraturan Bupati", "kabupaten"


_ORDINALS = (
    "pertama",
    "kedua",
    "ketiga",
    "keempat",
    "kelima",
    "keenam",
    "ketujuh",
    "kedelapan",
    "kesembilan",
    "kesepuluh",
)


def _ordinal(word: str | None) -> str:
    """'kedua' for "KEDUA" and for "KE-2"; '' when the title does not count."""
    if not word:
        return ""
    digits = re.sub(r"\D", "", word)
    if digits and 1 <= int(digits) <= len(_ORDINALS):
        return _ORDINALS[int(digits) - 1]
    return re.sub(r"\s+", "", word).lower()


def _amendment(title: str, own_region: str) -> tuple[RegulationRef, str, str] | None:
    """The amended regulation, the ordinal and the amended title, when ``title`` amends."""
    found = _AMENDS.match(title)
    if found is None:
        return None
    ordinal, kind_word, region, number, year, amended_title = found.groups()
    ref = RegulationRef(
        regulation_kind=_kind(kind_word)[0],
        region_name=_title_case(region) if region else own_region,
        regulation_number=number,
        regulation_year=int(year),
    )
    return ref, _ordinal(ordinal), (amended_title or "").strip(" .")


def read_facts(
    text: str, years: tuple[int, ...], source_name: str
) -> tuple[RegulationFacts, list[str]]:
    """The regulation's kind, region, number, year, title and plan years.

    Only the regulation's own title is read. An amending regulation ("... TENTANG
    PERUBAHAN ATAS PERATURAN WALI KOTA X NOMOR 7 TAHUN 2023 TENTANG ...") keeps its
    own number and year, names the amended regulation in ``amends`` and takes the
    plan years from the amended title.
    """
    prose = _prose(text)
    match = _REGULATION.search(prose)
    if match is None:
        raise RegulationError(
            f"{source_name}: tidak ditemukan judul peraturan "
            '("PERATURAN WALI KOTA/BUPATI ... NOMOR ... TAHUN ...").'
        )
    kind_word, region, number, year, title = match.groups()
    kind, level = _kind(kind_word)
    region_name = _title_case(region)
    if _AMENDMENT_BEFORE.search(prose[: match.start()]):
        # Reading the amended regulation's number as this file's would import the
        # amendment as the original.
        raise RegulationError(
            f"{source_name}: judul hanya menyebut perubahan atas {kind} {region_name} Nomor "
            f"{number} Tahun {year}, tanpa nomor dan tahun peraturan perubahannya sendiri; "
            'tulis judul lengkapnya ("PERATURAN WALI KOTA/BUPATI ... NOMOR ... TAHUN ... '
            'TENTANG PERUBAHAN ATAS ...").'
        )
    warnings: list[str] = []
    title = (title or "").strip(" .")
    amendment = _amendment(title, region_name) if title else None
    amends, ordinal = None, ""
    plan_title = title
    if amendment is not None:
        amends, ordinal, plan_title = amendment
        if (amends.regulation_kind, amends.region_name.upper()) != (kind, region_name.upper()):
            warnings.append(
                f"{source_name}: judul mengubah {amends.legal_basis}, bukan peraturan "
                f"{kind} {region_name} sendiri; periksa judulnya."
            )
        if (amends.regulation_year, amends.regulation_number) == (int(year), number) or (
            amends.regulation_year > int(year)
        ):
            warnings.append(
                f"{source_name}: peraturan yang diubah ({amends.legal_basis}) tidak lebih "
                f"dahulu daripada peraturan ini (Nomor {number} Tahun {year}); periksa "
                "nomor dan tahunnya."
            )
    elif not title:
        # Workbooks carry the title on its own line: take the plan's heading line.
        heading = re.search(r"RENCANA AKSI DAERAH[^.]*?TAHUN\s+\d{4}\s*[-–—]\s*\d{4}", prose)
        title = heading.group(0) if heading else "RENCANA AKSI DAERAH PENGEMBANGAN KOTA LAYAK ANAK"
        plan_title = title
    in_title = _PLAN_YEARS.search(plan_title)
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
    if amends is None:
        full_title = _title_case(title)
    else:
        # Written as the regulation writes it in running text, so it reads back the same.
        counted = f" {ordinal.capitalize()}" if ordinal else ""
        about = f" tentang {_title_case(plan_title)}" if plan_title else ""
        full_title = f"Perubahan{counted} atas {amends.legal_basis}{about}"
    return (
        RegulationFacts(
            regulation_kind=kind,
            region_level=level,
            region_name=region_name,
            regulation_number=number,
            regulation_year=int(year),
            title=full_title,
            start_year=start,
            end_year=end,
            amends=amends,
            amendment_ordinal=ordinal,
        ),
        warnings,
    )


# Page furniture: what a page carries besides the table, wherever a page breaks.
_PAGE_NUMBER = re.compile(
    r"^(?:-\s*\d{1,4}\s*-|\d{1,4}|\[\s*\d{1,4}\s*\]|\(\s*\d{1,4}\s*\)"
    r"|(?:halaman|hal\.?|page)\s*:?\s*\d{1,4}(?:\s*(?:dari|of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*(?:/|dari|of)\s*\d{1,4})$",
    re.IGNORECASE,
)
_RUNNING = re.compile(
    r"^(?:SALINAN|SALINAN SESUAI DENGAN ASLINYA|BERITA DAERAH\b.*|LEMBARAN DAERAH\b.*"
    r"|LAMPIRAN\b.*|TAHUN\s*:?\s*(?:19|20)\d{2}|NOMOR\s*:?\s*\d+[A-Z]?|-{3,})$",
)
# The regulation's closing: the signature block after the appendix.
_CLOSING = re.compile(
    r"^(?:(?:PJ\.?\s+|PLT\.?\s+|PENJABAT\s+)?(?:WALI\s*KOTA|BUPATI)\s+[A-Z][A-Z .'-]*,?"
    r"|TTD\.?|DITETAPKAN DI\b.*|DIUNDANGKAN DI\b.*)$",
)


def _bare(line: str) -> str:
    """A line without markup, form feeds and surrounding space, for classifying it."""
    return re.sub(r"\s+", " ", _MARKUP.sub(" ", line.replace("\f", " "))).strip()


@dataclass(frozen=True, slots=True)
class TableText:
    """The appendix rows of a regulation text and what the reading noticed."""

    rows: list[SourceRow]
    body: str  # the text before the table: title block and articles
    warnings: list[str]
    closed: bool  # the signature block after the table was found


def read_table_text(text: str, source_name: str = "") -> TableText:
    """Split a regulation text into its body and the tab-separated appendix rows.

    The table begins at its header row and ends at the regulation's closing (the
    signature block) or the end of the file. Inside it, blank lines and page
    furniture (page numbers, running headers and footers, form feeds) are skipped
    wherever they fall, and a page break lets the next row continue the row the
    page ended on. Every other line that is not a table row is skipped with a
    warning naming it, as is any table row outside the table.
    """
    where = f"{source_name}: " if source_name else ""
    lines = text.split("\n")
    bare = [_bare(line) for line in lines]
    counts: dict[str, int] = {}
    for line, plain in zip(lines, bare, strict=True):
        if plain and "\t" not in line:
            key = plain.upper()
            counts[key] = counts.get(key, 0) + 1
    header_at = next(
        (i for i, line in enumerate(lines) if "\t" in line and is_header(line.split("\t"))),
        None,
    )
    if header_at is None:
        # No header: hand every tabbed line on and let the appendix reader say why.
        tabbed = [
            SourceRow(i + 1, line.split("\t")) for i, line in enumerate(lines) if "\t" in line
        ]
        return TableText(tabbed, text, [], False)

    warnings: list[str] = []
    before = [i + 1 for i, line in enumerate(lines[:header_at]) if "\t" in line and bare[i]]
    if before:
        warnings.append(
            f"{where}baris {line_list(before)}: baris berkolom tab sebelum judul tabel "
            "lampiran dilewati."
        )
    rows: list[SourceRow] = []
    closed = False
    page_break = False
    after: list[int] = []
    for index in range(header_at, len(lines)):
        line, plain, number = lines[index], bare[index], index + 1
        if closed:
            if "\t" in line and plain:
                after.append(number)
            continue
        if "\f" in line:
            page_break = True
        if "\t" in line:
            cells = line.replace("\f", "").rstrip("\r").split("\t")
            if plain:
                rows.append(SourceRow(number, cells, page_break))
                page_break = False
            continue
        if not plain:
            continue
        upper = plain.upper()
        if _CLOSING.match(upper):
            closed = True
            continue
        if _PAGE_NUMBER.match(plain) or _RUNNING.match(upper):
            page_break = True
            continue
        if counts.get(upper, 0) > 1 and len(plain) <= 160:
            # A line the document repeats is a running header or footer.
            page_break = True
            continue
        warnings.append(
            f'{where}baris {number}: baris tanpa kolom tab di dalam tabel lampiran dilewati: "'
            f'{plain[:80]}{"…" if len(plain) > 80 else ""}".'
        )
    if after:
        warnings.append(
            f"{where}baris {line_list(after)}: baris berkolom tab sesudah penutup peraturan "
            "dilewati."
        )
    if not closed and rows:
        warnings.append(
            f"{where}berkas berakhir di baris {rows[-1].line} sebelum penutup peraturan "
            "(tanda tangan); periksa apakah berkas terpotong dan baris terakhir lengkap."
        )
    return TableText(rows, "\n".join(lines[:header_at]), warnings, closed)


def table_rows(text: str) -> list[SourceRow]:
    """The appendix rows of a regulation text, numbered as in the file."""
    return read_table_text(text).rows


def _looks_like_untabbed_table(text: str) -> bool:
    """Text from a PDF converter that lost the table's columns (e.g. pdftotext)."""
    upper = text.upper()
    return "LAMPIRAN" in upper and "INDIKATOR" in upper and "RENCANA AKSI" in upper


def parse_regulation(data: bytes, source_name: str) -> ParsedRegulation:
    """Read a regulation file: raise RegulationError or AppendixError naming the line."""
    text, decode_warnings = decode(data, source_name)
    found = read_table_text(text, source_name)
    if not found.rows:
        if _looks_like_untabbed_table(text):
            raise RegulationError(
                f"{source_name}: tabel lampiran tidak berkolom tab (seperti hasil pdftotext); "
                "impor berkas PDF peraturannya langsung, atau salin tabelnya dari Word/Excel."
            )
        raise RegulationError(
            f"{source_name}: tidak ada tabel lampiran (baris berkolom tab) di berkas ini."
        )
    try:
        table = parse_appendix(found.rows)
    except AppendixError as error:
        raise AppendixError(f"{source_name}, {error}") from None
    return assemble(source_name, table, found.body, [*decode_warnings, *found.warnings])


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
