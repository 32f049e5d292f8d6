"""Helpers shared by radkla's management commands."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def require_migrated_database() -> None:
    """A one-line reason instead of a traceback when the database is not set up yet."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError(
            "Basis data belum disiapkan atau belum mutakhir; jalankan 'radkla migrate' dulu."
        )
