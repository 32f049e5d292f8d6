"""The generated files, opened with their own readers, against the achievement engine."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from radkla.accounts.models import Profile
from radkla.achievement.selectors import plan_achievement
from radkla.conftest import make_account
from radkla.plan.models import Plan
from radkla.reports.services import produce_report


def test_the_docx_and_pdf_say_what_the_engine_says(small: Plan) -> None:
    engine = plan_achievement(small, 2023)
    docx = Document(io.BytesIO(produce_report(plan=small, year=2023, period=None, fmt="docx").data))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "Capaian keseluruhan RAD KLA Cilegon untuk tahun 2023 adalah 88,89%" in text
    assert [p.text for p in docx.paragraphs if p.style.name == "Heading 1"][1:7] == [
        g.name for g in engine.clusters
    ]
    cells = {c.text for t in docx.tables for row in t.rows for c in row.cells}
    assert "91,67%" in cells and "sangat tinggi" in cells
    pdf = PdfReader(io.BytesIO(produce_report(plan=small, year=2023, period=None, fmt="pdf").data))
    whole = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))
    assert "88,89%" in whole and "Klaster III: Kesehatan Dasar dan Kesejahteraan" in whole
    assert "Prevalensi stunting" in whole and "91,67%" in whole
    fonts = {
        str(font["/BaseFont"])
        for page in pdf.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert fonts and all("DejaVu" in name for name in fonts)


def test_the_cli_writes_each_format(
    small: Plan, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("docx", "pdf", "xlsx"):
        target = tmp_path / f"laporan.{fmt}"
        call_command(
            "report",
            "--plan",
            str(small.pk),
            "--period",
            "2023-2",
            "--format",
            fmt,
            "-o",
            str(target),
        )
        assert target.stat().st_size > 5_000
    assert "ditulis" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Periode 2031-1 tidak ada"):
        call_command(
            "report",
            "--plan",
            str(small.pk),
            "--period",
            "2031-1",
            "--format",
            "pdf",
            "-o",
            str(tmp_path / "x.pdf"),
        )


def test_the_reports_page_serves_secretariat_and_readers_only(small: Plan) -> None:
    reader = make_account("pembaca", Profile.Role.VIEWER, None, full_name="P")
    client = Client()
    client.force_login(reader.user)
    page = client.get(reverse("reports:index")).content.decode()
    assert 'id="report-form"' in page and "Caturwulan I 2023" in page
    response = client.get(reverse("reports:index"), {"untuk": "2023", "format": "xlsx"})
    assert response["Content-Disposition"].endswith('2023.xlsx"')
    from radkla.plan.models import Agency

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
    from radkla.plan.parsers.cells import format_decimal

    for name, capaian in expected.items():
        assert f"Capaian {name}: {format_decimal(capaian)}%" in text  # type: ignore[arg-type]
    stages = []
    produce_report(plan=plan, year=2024, period=None, fmt="pdf", progress=stages.append)
    assert len(stages) == 2 and stages[1].startswith("menulis PDF")
