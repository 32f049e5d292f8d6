"""LibreOffice opens the files, and lays the DOCX out on the pages its DAFTAR ISI names."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from radkla.plan.models import Plan
from radkla.reports.render_docx import render_docx
from radkla.reports.services import produce_report
from radkla.reports.tests.sample import sample_report


def _convert(soffice: str, source: Path) -> Path:
    profile = source.parent / "profile"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(source.parent / "out"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = source.parent / "out" / f"{source.stem}.pdf"
    assert done.returncode == 0, done.stderr
    assert converted.exists() and converted.stat().st_size > 2_000, done.stdout + done.stderr
    return converted


def _pages(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [page.extract_text() or "" for page in document.pages]


def _contents(pages: list[str]) -> dict[str, int]:
    """Each DAFTAR ISI line's text and page number (the dots between them dropped)."""
    found: dict[str, int] = {}
    start = next(i for i, text in enumerate(pages) if text.startswith("DAFTAR ISI"))
    end = next(i for i, text in enumerate(pages) if text.startswith("DAFTAR TABEL"))
    for text in pages[start:end]:  # the list may go on over a page
        for line in text.split("\n"):
            match = re.match(r"^(.*?)[\s.…]*(\d+)$", line)
            if match:
                found[match.group(1).strip()] = int(match.group(2))
    return found


def _check_headings(pages: list[str], chapters: list[str]) -> None:
    said = _contents(pages)
    for chapter in chapters:
        # No tolerance: the chapter's heading is the first line of that very page.
        assert pages[said[chapter] - 1].split("\n")[0] == chapter, chapter


def test_libreoffice_lays_out_the_docx_on_the_pages_its_daftar_isi_names(
    soffice: str, tmp_path: Path
) -> None:
    source = tmp_path / "contoh.docx"
    source.write_bytes(render_docx(sample_report()))
    pages = _pages(_convert(soffice, source))
    _check_headings(pages, ["KATA PENGANTAR", "BAB I PENDAHULUAN", "BAB II CAPAIAN",
                            "BAB III PENUTUP"])  # fmt: skip
    assert pages[0].startswith("PEMERINTAH KOTA CILEGON")


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_libreoffice_opens_the_file(small: Plan, soffice: str, tmp_path: Path, fmt: str) -> None:
    report = produce_report(plan=small, year=2023, period=None, fmt=fmt)
    source = tmp_path / f"laporan.{fmt}"
    source.write_bytes(report.data)
    converted = _convert(soffice, source)
    if fmt == "docx":
        pdf = produce_report(plan=small, year=2023, period=None, fmt="pdf").data
        (tmp_path / "langsung.pdf").write_bytes(pdf)
        pages = _pages(converted)
        assert len(pages) == len(_pages(tmp_path / "langsung.pdf"))  # the same pages as the PDF
        chapters = [line for line in _contents(pages) if line.startswith(("BAB", "LAMP"))]
        assert len(chapters) == 8
        _check_headings(pages, chapters)
