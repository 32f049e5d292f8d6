"""Report benchmark: each format for Cilegon and for a plan ten times larger.

    .venv/bin/python bench/bench_reports.py [--runs N]

Four years of verified realizations (the demo generator with its clock at the
plan's end), then the laporan as DOCX and PDF and the monitoring workbook as
XLSX for the year 2025, each timed end to end (engine, builder, renderer). The
laporan's first run in the process ("cold": charts drawn, fonts loaded, text
measured for the first time) is printed split into building the document,
laying it out and rendering each format; the medians and bests are of the runs
after it (charts and line breaks remembered by their inputs). Then the XLSX
again with every cache cleared first, split into building its rows and writing
the file.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    sys.path.insert(0, str(Path(__file__).parent))
    from boot import start

    seed = start()
    from bench_dashboards import synthetic
    from django.db import connection
    from setup import drop_plan, load_plan

    from radkla.plan.models import Measure
    from radkla.reports.builders import build_laporan
    from radkla.reports.layout import paginate
    from radkla.reports.render_docx import render_docx
    from radkla.reports.render_pdf import render_pdf
    from radkla.reports.services import produce_report

    print(f"{connection.vendor}, {os.cpu_count()} cores, {runs} runs, medians")
    for name, text in (("Cilegon", seed), ("10x Cilegon", synthetic(seed, 10))):
        plan, _users, _made = load_plan(name, text)
        measures = Measure.objects.filter(plan=plan).count()
        print(f"\n{name}: {measures} measures")
        started = time.perf_counter()
        report = build_laporan(plan, year=2025)
        built = time.perf_counter()
        layout = paginate(report)
        laid = time.perf_counter()
        render_docx(report, layout)
        word = time.perf_counter()
        render_pdf(report, layout)
        done = time.perf_counter()
        print(
            f"  cold laporan: build {built - started:.2f} s, layout {laid - built:.2f} s "
            f"({len(layout.pages)} pages), DOCX {word - laid:.2f} s, PDF {done - word:.2f} s"
        )
        for fmt in ("xlsx", "docx", "pdf"):
            times, size = [], 0
            for _ in range(runs):
                start_at = time.perf_counter()
                size = len(produce_report(plan=plan, year=2025, period=None, fmt=fmt).data)
                times.append(time.perf_counter() - start_at)
            print(
                f"  {fmt:<5} median {statistics.median(times):6.2f} s   "
                f"best {min(times):6.2f} s   {size / 1024:8.0f} KB"
            )
        _xlsx_cold(plan, runs)
        drop_plan(plan)


def _xlsx_cold(plan, runs: int) -> None:  # type: ignore[no-untyped-def]
    """The workbook with nothing cached (the engine reads the database again), in two parts."""
    from django.core.cache import cache

    from radkla.achievement.selectors import forget_cached
    from radkla.reports.render_xlsx import render_workbook
    from radkla.reports.workbook_builder import build_workbook

    built, rendered, whole = [], [], []
    for _ in range(runs):
        cache.clear()
        forget_cached()
        start = time.perf_counter()
        data = build_workbook(plan, year=2025)
        middle = time.perf_counter()
        render_workbook(data)
        end = time.perf_counter()
        built.append(middle - start)
        rendered.append(end - middle)
        whole.append(end - start)
    print(
        f"  xlsx cold median {statistics.median(whole):6.2f} s   "
        f"best {min(whole):6.2f} s   (engine and rows {statistics.median(built):.2f} s, "
        f"writing {statistics.median(rendered):.2f} s)"
    )


if __name__ == "__main__":
    main()
