"""Producing a report file: the one function the CLI and the Reports page both call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from radkla.monitoring.models import ReportingPeriod
from radkla.plan.models import Plan

FORMATS = ("docx", "pdf", "xlsx")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True, slots=True)
class ReportFile:
    name: str
    content_type: str
    data: bytes


def produce_report(
    *,
    plan: Plan,
    year: int,
    period: ReportingPeriod | None,
    fmt: str,
    progress: Callable[[str], None] = lambda _step: None,
) -> ReportFile:
    """The laporan (DOCX/PDF) or the monitoring workbook (XLSX) for a year or a period.

    ``progress`` hears each stage, so a long run can show where it is.
    """
    # The builders and renderers (python-docx, reportlab, openpyxl, the chart
    # drawing) load with the first report, not with every page and command.
    from radkla.reports.builders import build_laporan
    from radkla.reports.render_docx import render_docx
    from radkla.reports.render_pdf import render_pdf
    from radkla.reports.render_xlsx import render_workbook
    from radkla.reports.workbook_builder import build_workbook

    scope = period.code if period else str(year)
    if fmt == "xlsx":
        progress("membaca capaian dan menyusun baris")
        workbook = build_workbook(plan, year=year, period=period)
        progress("menulis buku kerja")
        data = render_workbook(workbook)
        name = f"pemantauan-rad-kla-{plan.region.name}-{scope}.xlsx"
    elif fmt in ("docx", "pdf"):
        progress("membaca capaian, kelengkapan, rapat dan audit; menggambar grafik")
        report = build_laporan(plan, year=year, period=period)
        progress(f"menulis {fmt.upper()} ({len(report.blocks)} bagian)")
        data = render_docx(report) if fmt == "docx" else render_pdf(report)
        name = f"laporan-pengembangan-kla-{plan.region.name}-{scope}.{fmt}"
    else:
        raise ValueError(f"Format {fmt} tidak dikenal; pilih docx, pdf atau xlsx.")
    return ReportFile(name.lower().replace(" ", "-"), CONTENT_TYPES[fmt], data)
