"""The XLSX and DOCX open in LibreOffice without error (headless conversion to PDF)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from radkla.plan.models import Plan
from radkla.reports.services import produce_report


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_libreoffice_opens_the_file(small: Plan, soffice: str, tmp_path: Path, fmt: str) -> None:
    report = produce_report(plan=small, year=2023, period=None, fmt=fmt)
    source = tmp_path / f"laporan.{fmt}"
    source.write_bytes(report.data)
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = tmp_path / "out" / "laporan.pdf"
    assert done.returncode == 0, done.stderr
    assert converted.exists() and converted.stat().st_size > 2_000, done.stdout + done.stderr
