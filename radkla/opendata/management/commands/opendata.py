"""``radkla opendata``: verified achievement as open data (CSV + datapackage.json), and CKAN."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from radkla.lib.commands import require_migrated_database
from radkla.opendata.ckan import CkanConfig, CkanError, PushSummary, push_package
from radkla.opendata.export import (
    ExportError,
    ExportSummary,
    status_counts_text,
    write_package,
)


class Command(BaseCommand):
    help = "Data terbuka: capaian terverifikasi sebagai CSV dengan datapackage.json; kirim ke CKAN."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        export = sub.add_parser(
            "export",
            help="Tulis capaian per rencana, klaster, indikator dan ukuran per tahun ke FOLDER.",
        )
        export.add_argument(
            "-o", "--output", required=True, help="Folder tujuan (dibuat bila belum ada)."
        )
        export.add_argument(
            "--plan", type=int, help="ID rencana (bawaan: semua rencana yang tidak diarsipkan)."
        )
        export.add_argument(
            "--year",
            type=int,
            help="Satu tahun (bawaan: tiap tahun rencana sampai tahun terakhir yang punya data "
            "terverifikasi).",
        )
        export.add_argument(
            "--ckan",
            action="store_true",
            help="Sesudah menulis, kirim ke portal CKAN yang diatur RADKLA_CKAN_*.",
        )
        push = sub.add_parser("push", help="Kirim paket yang sudah diekspor ke portal CKAN.")
        push.add_argument("directory", help="Folder berisi datapackage.json.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "push":
            self._push(Path(options["directory"]))
            return
        require_migrated_database()
        config = None
        if options["ckan"]:
            config = self._config()  # before any work: a missing setting fails first
        try:
            summary = write_package(
                Path(options["output"]), plan_id=options.get("plan"), year=options.get("year")
            )
        except ExportError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Tidak dapat menulis ke {options['output']}: {error}") from None
        self._report(summary)
        if config is not None:
            self._push(summary.directory, config)

    def _config(self) -> CkanConfig:
        try:
            return CkanConfig.from_settings()
        except CkanError as error:
            raise CommandError(str(error)) from None

    def _push(self, directory: Path, config: CkanConfig | None = None) -> None:
        try:
            pushed = push_package(directory, config or self._config())
        except CkanError as error:
            raise CommandError(str(error)) from None
        self._report_push(pushed)

    def _report(self, summary: ExportSummary) -> None:
        write = self.stdout.write
        write(f"Paket data terbuka ditulis ke {summary.directory}:")
        for name, count in summary.rows.items():
            write(f"  {name}: {count} baris")
        write("  datapackage.json")
        for part in summary.parts:
            state = "tahun lengkap" if part.complete else "tahun berjalan"
            write(
                f"{part.region}, {part.regulation}, {part.year} ({state}): "
                f"{part.measures} ukuran — {status_counts_text(part.statuses) or 'tanpa ukuran'}"
            )
        total = summary.statuses
        unscored = sum(
            n for word, n in total.items() if word not in ("dinilai", "tercapai", "belum tercapai")
        )
        write(
            f"Baris ukuran tidak dinilai (ditulis dengan statusnya): {unscored} dari "
            f"{sum(total.values())}."
        )
        for note in summary.skipped:
            write(f"Dilewati: {note}.")
        write(f"Lisensi: {summary.licence}. Hanya realisasi terverifikasi yang dihitung.")

    def _report_push(self, pushed: PushSummary) -> None:
        write = self.stdout.write
        state = "dibuat" if pushed.created else "diperbarui"
        write(f"Dataset CKAN {state}: {pushed.dataset_url}")
        for name, what in pushed.resources:
            write(f"  {name}: {what}")
