"""The evidence package: a ZIP of the data dukung, by cluster and indicator, with its index.

Folders follow the national evaluation (``Klaster I .../04 Anak yang memiliki
kutipan akta kelahiran/``), files get readable names (checklist item, agency,
the name it was uploaded under), and ``00 Daftar isi data dukung.xlsx`` lists
exactly the files in the package, each with its period and upload date. Every
path stays under 150 characters, cut at whole words ("/" in a name becomes "-"). The
files are those the readiness counts: evidence of the evaluation's data window,
city documents uploaded by the end of the evaluation year. Verified evidence
and city documents only, unless asked for evidence awaiting verification too;
drafts never go in.
"""

from __future__ import annotations

import re
import shutil
import textwrap
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import BinaryIO

from django.core.files.storage import default_storage
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from radkla.evaluation.selectors import (
    AWAITING,
    STATUS_LABELS,
    VERIFIED,
    IndicatorReadiness,
    ProofFile,
    Readiness,
)
from radkla.lib.localtime import zone_abbreviation
from radkla.lib.spreadsheets import workbook_bytes

INDEX_NAME = "00 Daftar isi data dukung.xlsx"
# A real date, with Indonesian month names in Excel and LibreOffice alike (locale 0421).
DATE_FORMAT = "[$-421]d mmmm yyyy"
WRAP = Alignment(wrap_text=True, vertical="top")
WIDTHS = (5, 22, 34, 34, 14, 18, 17, 14, 14, 60)  # of the index's columns, in characters
# PDFs, images and Office/ODF files are compressed already: deflating them again
# costs seconds per hundred megabytes and saves little. Old binary Office files do shrink.
_DEFLATE = frozenset({".doc", ".xls", ".ppt", ".bin"})
# Characters Windows refuses in a name; "/" and "\\" become "-" instead (see name_part).
_UNSAFE = re.compile(r'[<>:"|?*\x00-\x1f]+')
_SLASH = re.compile(r"\s*[/\\]+\s*")
# Every path inside the ZIP stays under 150 characters: Windows' Explorer refuses to
# unpack longer ones once the folder the ZIP is unpacked into is added.
MAX_PATH = 149
_CLUSTER_LIMIT = 45
_INDICATOR_LIMIT = 50
_COPY_RESERVE = len(" (99)")


@dataclass(frozen=True, slots=True)
class Entry:
    path: str  # inside the ZIP
    indicator: IndicatorReadiness
    proof: ProofFile
    documents: str  # the checklist items it proves, or what it was uploaded for


@dataclass(slots=True)
class PackageSummary:
    files: int = 0
    bytes: int = 0
    unreadable: list[str] = field(default_factory=list)  # files the storage no longer has


def name_part(text: str, limit: int) -> str:
    """A readable, Windows-safe part of a path of at most ``limit`` characters.

    ``/`` becomes ``-`` (``Kabupaten/Kota`` → ``Kabupaten-Kota``, nothing before it is
    lost), and a long text is cut after its last whole word that fits; only a first
    word longer than the limit is cut inside.
    """
    text = _SLASH.sub("-", text)
    text = " ".join(_UNSAFE.sub(" ", text).split()).strip(" .")
    if len(text) > limit:
        head = text[: limit + 1]
        cut = head.rsplit(" ", 1)[0] if " " in head else ""
        text = cut or text[:limit]
    return text.rstrip(" .,;-") or "berkas"


def folder_of(indicator: IndicatorReadiness) -> str:
    return (
        f"{name_part(indicator.cluster_name, _CLUSTER_LIMIT)}/"
        f"{indicator.number:02d} {name_part(indicator.name, _INDICATOR_LIMIT)}"
    )


def _split_name(name: str) -> tuple[str, str]:
    """An uploaded file's name and extension; a "/" in the name stays part of the name."""
    stem, dot, extension = name.rpartition(".")
    if dot and stem and extension and len(extension) <= 8 and extension.isalnum():
        return stem, f".{extension.lower()}"
    return name, ""


def _stem(document: str, agency: str, original: str, room: int) -> str:
    """``document - agency - file name`` in ``room`` characters; the document is cut first."""
    agency = name_part(agency, 30) if agency.strip() else ""
    used = len(agency) + 3 if agency else 0
    own = name_part(original, max(room // 2, room - used - 23))
    rest = room - len(own) - used - 3
    document = name_part(document, rest) if document.strip() and rest >= 10 else ""
    return name_part(" - ".join(p for p in (document, agency, own) if p), room)


def entries(readiness: Readiness, *, include_unverified: bool = False) -> list[Entry]:
    """What goes into the package, each under a unique readable path."""
    wanted = {VERIFIED, AWAITING} if include_unverified else {VERIFIED}
    found: list[Entry] = []
    taken: set[str] = set()
    for indicator in sorted(readiness.indicators, key=lambda i: i.number):
        names = {item.id: item.document for item in indicator.items}
        folder = folder_of(indicator)
        for proof in indicator.files:
            if proof.status not in wanted:
                continue
            documents = "; ".join(names[i] for i in proof.item_ids if i in names)
            original, original_suffix = _split_name(proof.name)
            suffix = (PurePath(proof.stored).suffix or original_suffix)[:9]
            room = MAX_PATH - len(folder) - 1 - len(suffix) - _COPY_RESERVE
            first = documents.split("; ")[0] if documents else ""
            stem = _stem(first, proof.agency, original, room)
            path = f"{folder}/{stem}{suffix}"
            copy = 2
            while path.lower() in taken:
                path = f"{folder}/{stem} ({copy}){suffix}"
                copy += 1
            taken.add(path.lower())
            found.append(Entry(path, indicator, proof, documents or proof.title))
    return found


def index_workbook(readiness: Readiness, listed: list[Entry]) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])
    sheet = book.create_sheet("Daftar isi")
    plan = readiness.plan
    sheet.append([f"Data dukung {readiness.window.title} · {plan.title}"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([readiness.window.note(zone_abbreviation())])
    headings = [
        "No",
        "Klaster",
        "Indikator",
        "Dokumen",
        "Instansi",
        "Periode",
        "Tanggal unggah",
        "Status",
        "Diverifikasi oleh",
        "Nama berkas",
    ]
    sheet.append(headings)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = WRAP
    sheet.row_dimensions[3].height = 30
    for number, entry in enumerate(listed, start=1):
        proof = entry.proof
        sheet.append(
            [
                number,
                entry.indicator.cluster_name,
                f"{entry.indicator.number}. {entry.indicator.name}",
                entry.documents,
                proof.agency,
                proof.period or "-",
                proof.day,
                STATUS_LABELS.get(proof.status, proof.status),
                proof.verified_by,
                entry.path,
            ]
        )
        sheet.cell(row=sheet.max_row, column=7).number_format = DATE_FORMAT
        lines = 1
        for cell, width in zip(sheet[sheet.max_row], WIDTHS, strict=True):
            cell.alignment = WRAP
            if isinstance(cell.value, str):
                lines = max(lines, len(textwrap.wrap(cell.value, int(width * 1.1))))
        # Neither Excel nor LibreOffice grows a row for wrapped text it did not lay out itself.
        sheet.row_dimensions[sheet.max_row].height = 15 * lines
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A4"
    sheet.auto_filter.ref = f"A3:J{max(sheet.max_row, 3)}"
    # Printed as one landscape page wide, its heading row on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "3:3"

    summary = book.create_sheet("Kesiapan")
    summary.append([f"Kesiapan {readiness.window.title} · {plan.title}"])
    summary["A1"].font = Font(bold=True, size=12)
    summary.append([readiness.window.note(zone_abbreviation())])
    summary.append(["No", "Indikator", "Bobot", "Poin", "Terverifikasi", "Menunggu", "Belum ada"])
    for cell in summary[3]:
        cell.font = Font(bold=True)
    for i in sorted(readiness.indicators, key=lambda i: i.number):
        summary.append([i.number, i.name, i.weight, i.points, i.verified, i.awaiting, i.missing])
        for cell in summary[summary.max_row]:
            cell.alignment = WRAP
        summary.row_dimensions[summary.max_row].height = 15 * len(textwrap.wrap(i.name, 66))
    summary.append(["", "Jumlah", sum(i.weight for i in readiness.indicators), readiness.total])
    summary.append(["", "Kategori", "", readiness.category or "Belum berkategori"])
    for column, width in enumerate((5, 60, 10, 10, 13, 11, 11), start=1):
        summary.column_dimensions[get_column_letter(column)].width = width
    summary.page_setup.paperSize = summary.PAPERSIZE_A4
    summary.sheet_properties.pageSetUpPr.fitToPage = True  # one page, as a summary should
    return workbook_bytes(book)


def _member(path: str, day: date) -> zipfile.ZipInfo:
    member = zipfile.ZipInfo(path, (day.year, day.month, day.day, 0, 0, 0))
    member.external_attr = 0o644 << 16  # readable once unpacked on Linux too
    deflate = PurePath(path).suffix.lower() in _DEFLATE
    member.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    return member


def write_package(
    readiness: Readiness,
    out: BinaryIO,
    *,
    include_unverified: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> PackageSummary:
    """Write the ZIP to ``out``; files the storage has lost are left out and named."""
    summary = PackageSummary()
    listed = entries(readiness, include_unverified=include_unverified)
    included: list[Entry] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, entry in enumerate(listed, start=1):
            # Copied in chunks: a scanned document can be large.
            try:
                with (
                    default_storage.open(entry.proof.stored, "rb") as source,
                    archive.open(_member(entry.path, entry.proof.day), "w") as target,
                ):
                    shutil.copyfileobj(source, target, 1 << 20)
                    size = source.tell()
            except OSError:
                summary.unreadable.append(entry.proof.name)
                continue
            included.append(entry)
            summary.files += 1
            summary.bytes += size
            if progress is not None:
                progress(done, len(listed))
        archive.writestr(INDEX_NAME, index_workbook(readiness, included))
    return summary
