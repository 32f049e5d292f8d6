"""The generated files, opened with their own readers, against ``radkla status``."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import pdfplumber
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from docx import Document

from radkla.accounts.models import Profile
from radkla.achievement.display import capaian_text
from radkla.achievement.selectors import plan_achievement
from radkla.conftest import make_account
from radkla.plan.models import Agency, Plan
from radkla.reports.models import ReportSettings
from radkla.reports.services import produce_report

CHAPTERS = (
    "KATA PENGANTAR",
    "DAFTAR ISI",
    "DAFTAR TABEL",
    "DAFTAR GAMBAR",
    "BAB I PENDAHULUAN",
    "BAB II GUGUS TUGAS DAN RAPAT KOORDINASI",
    "BAB III CAPAIAN RENCANA AKSI DAERAH KLA",
    "BAB IV ANGGARAN",
    "BAB V PERMASALAHAN DAN TINDAK LANJUT",
    "BAB VI KESIMPULAN DAN REKOMENDASI",
    "BAB VII PENUTUP",
    "LAMPIRAN",
)


def _status(plan: Plan, year: int, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    call_command("status", "--plan", str(plan.pk), "--year", str(year), "--format", "json")
    rencana: dict[str, object] = json.loads(capsys.readouterr().out)["rencana"]
    return rencana


def test_the_docx_and_pdf_carry_the_engines_cluster_figures(small: Plan) -> None:
    engine = plan_achievement(small, 2023)
    docx = Document(io.BytesIO(produce_report(plan=small, year=2023, period=None, fmt="docx").data))
    cells = {c.text for t in docx.tables for row in t.rows for c in row.cells}
    for group in engine.clusters:
        if group.rollup.capaian is not None:
            said = capaian_text(group.rollup.capaian)
            assert group.name in cells and said in cells
    assert "91,67%" in cells and "sangat tinggi" in cells


def test_the_cli_writes_each_format(
    small: Plan, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("docx", "pdf", "xlsx"):
        target = tmp_path / f"laporan.{fmt}"
        call_command(
            "report", "--plan", str(small.pk), "--period", "2023-2", "--format", fmt,
            "-o", str(target),
        )  # fmt: skip
        assert target.stat().st_size > 5_000
    assert "ditulis" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Periode 2031-1 tidak ada"):
        call_command(
            "report", "--plan", str(small.pk), "--period", "2031-1", "--format", "pdf",
            "-o", str(tmp_path / "x.pdf"),
        )  # fmt: skip


def test_the_reports_page_serves_secretariat_and_readers_only(small: Plan) -> None:
    reader = make_account("pembaca", Profile.Role.VIEWER, None, full_name="P")
    client = Client()
    client.force_login(reader.user)
    page = client.get(reverse("reports:index")).content.decode()
    assert 'id="report-form"' in page and "Caturwulan I 2023" in page
    response = client.get(reverse("reports:index"), {"untuk": "2023", "format": "xlsx"})
    assert response["Content-Disposition"].endswith('2023.xlsx"')
    operator = make_account(
        "op", Profile.Role.OPERATOR, Agency.objects.get(acronym="Dinkes"), full_name="O"
    )
    other = Client()
    other.force_login(operator.user)
    assert other.get(reverse("reports:index")).status_code == 403


@pytest.mark.django_db
def test_the_demo_plans_reports_match_the_dashboards(capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    call_command("demo", "--load-only")
    plan = Plan.objects.get()
    engine = plan_achievement(plan, 2024)
    expected = {g.name: g.rollup.capaian for g in engine.clusters}
    book = load_workbook(
        io.BytesIO(produce_report(plan=plan, year=2024, period=None, fmt="xlsx").data)
    )
    summary = {
        row[0]: row[4] for row in book["Ringkasan"].iter_rows(min_row=6, values_only=True) if row[0]
    }
    for name, capaian in expected.items():  # a percent cell: 80,22 % is 0.8022
        assert summary[name] == (
            pytest.approx(float(capaian) / 100) if capaian is not None else None
        )
    docx = Document(io.BytesIO(produce_report(plan=plan, year=2024, period=None, fmt="docx").data))
    text = "\n".join(p.text for p in docx.paragraphs)
    for name, capaian in expected.items():
        said = f"Capaian {name} tahun 2024: {capaian_text(capaian)}"  # type: ignore[arg-type]
        assert said in text
    stages: list[str] = []
    produce_report(plan=plan, year=2024, period=None, fmt="pdf", progress=stages.append)
    assert len(stages) == 2 and stages[1].startswith("menulis PDF")
    _the_laporan_says_what_radkla_status_says(plan, capsys)


def _the_laporan_says_what_radkla_status_says(
    plan: Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every chapter and the signature in both files; the numbers of ``radkla status``."""
    ReportSettings.objects.create(
        region=plan.region, chair_name="Dr. Hj. Siti Aminah, M.Si.", chair_nip="197001011995032001"
    )
    capsys.readouterr()
    call_command("status", "--plan", str(plan.pk), "--year", "2025", "--format", "json")
    status = json.loads(capsys.readouterr().out)["rencana"]
    capaian = capaian_text(Decimal(str(status["capaian"])))
    overall = (
        f"Capaian keseluruhan RAD KLA Kota Cilegon tahun 2025 (tahun berjalan) adalah "
        f"{capaian} dengan kategori {status['kategori']}, dihitung dari {status['diukur']} "
        "ukuran"
    )
    risk = f"Sebanyak {status['berisiko']} ukuran diproyeksikan tidak mencapai target tahun 2026"
    assert status["berisiko"] > 0 and status["diukur"] > 0

    from radkla.reports.builders import build_laporan
    from radkla.reports.layout import paginate

    assert paginate(build_laporan(plan, year=2025)).cramped == []  # no word breaks in a table
    word = Document(io.BytesIO(produce_report(plan=plan, year=2025, period=None, fmt="docx").data))
    paragraphs = [p.text for p in word.paragraphs]
    assert tuple(p.text for p in word.paragraphs if p.style.name == "Heading 1") == CHAPTERS
    text = "\n".join(paragraphs)
    assert overall in text and risk in text
    name = paragraphs.index("Dr. Hj. Siti Aminah, M.Si.", paragraphs.index("BAB VII PENUTUP"))
    assert paragraphs[name + 1] == "NIP 197001011995032001"

    pdf_data = produce_report(plan=plan, year=2025, period=None, fmt="pdf").data
    with pdfplumber.open(io.BytesIO(pdf_data)) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    firsts = [page.split("\n")[0] for page in pages]
    assert all(chapter in firsts for chapter in CHAPTERS)
    whole = re.sub(r"\s+", " ", " ".join(pages))
    assert overall in whole and risk in whole
    assert "Dr. Hj. Siti Aminah, M.Si. NIP 197001011995032001" in whole
