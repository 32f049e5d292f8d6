"""``radkla report [--period 2025-1 | --year 2025] --format docx|pdf|xlsx -o FILE``.

Without a period or a year: the newest year with verified data, as the pages open on.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from radkla.achievement.selectors import data_year
from radkla.lib.commands import require_migrated_database
from radkla.monitoring.selectors import find_period
from radkla.plan.selectors import PlanNotFound, get_plan
from radkla.reports.services import FORMATS, produce_report


class Command(BaseCommand):
    help = "Buat laporan pengembangan KLA (DOCX/PDF) atau buku kerja pemantauan RAD (XLSX)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--plan", type=int, help="ID rencana, bila ada lebih dari satu.")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--period", help="Periode, mis. 2025-1 (capaian sampai periode itu).")
        which.add_argument(
            "--year",
            type=int,
            help="Tahun, mis. 2025 (bawaan: tahun terakhir yang punya data terverifikasi).",
        )
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("-o", "--output", required=True, help="Berkas tujuan.")

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated_database()
        try:
            plan = get_plan(options.get("plan"))
        except PlanNotFound as error:
            raise CommandError(str(error)) from None
        period = None
        if options.get("period"):
            period = find_period(plan, options["period"])
            if period is None:
                raise CommandError(f"Periode {options['period']} tidak ada.")
        year = period.year if period else (options["year"] or data_year(plan))
        if year not in plan.years:
            raise CommandError(
                f"Tahun {year} di luar masa rencana {plan.start_year}-{plan.end_year}."
            )
        started = time.perf_counter()
        self.stderr.write(
            f"Menyusun {options['format'].upper()} untuk {period.label if period else year} ..."
        )
        report = produce_report(
            plan=plan,
            year=year,
            period=period,
            fmt=options["format"],
            progress=lambda step: self.stderr.write(
                f"  [{time.perf_counter() - started:4.1f} s] {step}"
            ),
        )
        output = Path(options["output"])
        try:
            output.write_bytes(report.data)
        except OSError as error:
            raise CommandError(f"{output}: tidak dapat ditulis ({error.strerror}).") from None
        self.stdout.write(
            f"{output} ditulis ({len(report.data) / 1024:.0f} KB, "
            f"{time.perf_counter() - started:.1f} detik)."
        )
