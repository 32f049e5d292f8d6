"""``radkla backup -o FILE``: the database and every uploaded file in one ZIP file."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from radkla.lib.backup import BackupError, create_backup
from radkla.lib.commands import require_migrated_database


class Command(BaseCommand):
    help = "Cadangkan basis data dan semua berkas unggahan ke satu berkas ZIP."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="Berkas cadangan (.zip).")

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated_database()
        try:
            result = create_backup(Path(options["output"]), self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        for name in result.missing:
            self.stderr.write(
                f"PERINGATAN: berkas {name} tercatat di basis data tetapi tidak ada; "
                f"dicatat di manifest (missing_files)."
            )
        size = result.path.stat().st_size
        self.stdout.write(
            f"Cadangan tersimpan: {result.path} ({size:,} bita; "
            f"{sum(manifest['rows'].values())} baris, {len(manifest['files'])} berkas)."
        )
