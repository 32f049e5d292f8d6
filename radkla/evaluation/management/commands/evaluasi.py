"""``radkla evaluasi``: readiness for the national KLA evaluation, and its evidence package."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from radkla.evaluation.package import write_package
from radkla.evaluation.selectors import Readiness, readiness
from radkla.evaluation.status import readiness_json
from radkla.evaluation.window import evaluation_years
from radkla.lib.commands import require_migrated_database
from radkla.lib.localtime import zone_abbreviation
from radkla.plan.parsers.cells import format_decimal
from radkla.plan.selectors import PlanNotFound, get_plan


class Command(BaseCommand):
    help = "Kesiapan evaluasi KLA nasional: data dukung, poin dan kategori; paket data dukung."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        ready = sub.add_parser(
            "readiness", help="Per indikator nasional: data dukung, butir kurang dan poin."
        )
        ready.add_argument("--format", choices=("table", "json"), default="table")
        package = sub.add_parser("package", help="Paket ZIP data dukung dengan daftar isinya.")
        package.add_argument("-o", "--output", required=True, help="Berkas ZIP yang dibuat.")
        package.add_argument(
            "--include-unverified",
            action="store_true",
            help="Sertakan juga bukti yang menunggu verifikasi (draf tidak pernah).",
        )
        for each in (ready, package):
            each.add_argument("--plan", type=int, help="ID rencana, bila ada lebih dari satu.")
            each.add_argument(
                "--year",
                type=int,
                help="Tahun evaluasi; dihitung data jendela datanya, bawaan tahun sebelumnya "
                "(bawaan: tahun sesudah tahun rencana terbaru yang periodenya sudah dibuka).",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated_database()
        try:
            plan = get_plan(options.get("plan"))
        except PlanNotFound as error:
            raise CommandError(str(error)) from None
        year = options.get("year")
        years = evaluation_years(plan.start_year, plan.end_year)
        if year is not None and year not in years:
            raise CommandError(
                f"Tahun evaluasi {year} di luar jangkauan rencana {plan.start_year}-"
                f"{plan.end_year}: pilih {years.start}-{years.stop - 1} "
                "(tiap evaluasi menilai data tahun sebelumnya)."
            )
        result = readiness(plan, year)
        if options["action"] == "package":
            self._package(result, Path(options["output"]), options["include_unverified"])
        elif options["format"] == "json":
            self.stdout.write(json.dumps(readiness_json(result), ensure_ascii=False, indent=2))
        else:
            self._table(result)

    def _table(self, result: Readiness) -> None:
        weights = "resmi" if result.weights.official else "bawaan radkla, belum resmi"
        table = Table(title=f"Kesiapan {result.window.title} — bobot {weights}")
        for heading in ("No", "Indikator", "Terverifikasi", "Menunggu", "Belum ada", "Poin"):
            table.add_column(heading)
        table.add_column("Butir kurang", overflow="fold")
        for i in sorted(result.indicators, key=lambda i: i.number):
            table.add_row(
                str(i.number),
                i.name,
                str(i.verified),
                str(i.awaiting),
                str(i.missing),
                f"{format_decimal(i.points)}/{format_decimal(i.weight)}",
                "; ".join(item.document for item in i.needed),
            )
        console = Console(width=160)
        with console.capture() as captured:
            console.print(table)
        self.stdout.write(captured.get(), ending="")
        window = "diatur sekretariat" if result.window.configured else "bawaan: tahun sebelumnya"
        self.stdout.write(
            f"{result.window.title} ({window}); capaian tahun {result.window.capaian_year}. "
            f"{result.window.note(zone_abbreviation())}"
        )
        self.stdout.write(
            f"Jumlah: {format_decimal(result.total)} dari 1000 — "
            f"{result.category or 'belum berkategori'}. "
            f"Bila semua butir kurang dilengkapi: {format_decimal(result.what_if_total)} — "
            f"{result.what_if_category or 'belum berkategori'}."
        )

    def _package(self, result: Readiness, output: Path, include_unverified: bool) -> None:
        if output.suffix.lower() != ".zip":
            raise CommandError(f"{output}: nama berkas paket harus berakhiran .zip.")
        if not output.parent.is_dir():
            raise CommandError(f"{output.parent}: folder tidak ada.")
        partial = output.with_name(output.name + ".part")

        def progress(done: int, total: int) -> None:
            if done == total or done % 50 == 0:
                self.stderr.write(f"  {done}/{total} berkas")

        try:
            with partial.open("wb") as out:
                summary = write_package(
                    result, out, include_unverified=include_unverified, progress=progress
                )
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)  # nothing half-written is left behind
        for name in summary.unreadable:
            self.stderr.write(f"Peringatan: berkas {name} tidak ada di penyimpanan; dilewati.")
        kind = "terverifikasi dan menunggu verifikasi" if include_unverified else "terverifikasi"
        size = (Decimal(summary.bytes) / 1_048_576).quantize(Decimal("0.1"), ROUND_HALF_UP)
        megabytes = f"{size:f}".replace(".", ",")  # one decimal, Indonesian comma
        self.stdout.write(
            f"{output}: data dukung {result.window.title}, {summary.files} berkas {kind} "
            f"({megabytes} MB) dan daftar isinya."
        )
