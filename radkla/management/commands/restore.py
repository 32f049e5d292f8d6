"""``radkla restore FILE``: fill an empty installation from a ``radkla backup`` file."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from radkla.lib.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Pulihkan cadangan radkla ke instalasi kosong (basis data dan berkas unggahan)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="Berkas cadangan dari 'radkla backup'.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore_backup(Path(options["file"]), self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Dipulihkan dan diperiksa: {result.rows} baris di {len(result.manifest['rows'])} "
            f"tabel, {result.files} berkas; jumlah baris dan sha256 cocok dengan manifest."
        )
        # A backup made by an older radkla is brought up to this version's schema.
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("Menerapkan migrasi versi ini ...")
            call_command("migrate", interactive=False, verbosity=0)
