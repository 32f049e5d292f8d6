"""``radkla worker``: run the background jobs (large reports, evidence packages).

The queue is django-tasks': the database by default, Redis (RQ) when
``RADKLA_REDIS_URL`` is set. Before taking tasks, and every half minute while it
runs, the worker queues again the jobs whose worker died (see ``jobs.recover``).
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import threading
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from radkla.lib.commands import require_migrated_database
from radkla.lib.worker_process import PARENT_OPTION, stop_with_parent
from radkla.reports import jobs

logger = logging.getLogger(__name__)
RECOVER_EVERY = 30  # seconds


def _recover_periodically(stop: threading.Event) -> None:
    while not stop.wait(RECOVER_EVERY):
        try:
            jobs.recover()
        except Exception:  # a database hiccup must not end the worker
            logger.exception("recovering background jobs failed")
        finally:
            connections.close_all()  # this thread's own connection


class Command(BaseCommand):
    help = "Jalankan pekerja latar belakang: laporan besar dan paket data dukung."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Kerjakan semua tugas yang menunggu, lalu berhenti.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Detik menunggu sebelum memeriksa antrean lagi bila kosong.",
        )
        # Given by `radkla serve` and `radkla demo`, whose child the worker then is.
        parser.add_argument(PARENT_OPTION, type=int, default=0, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated_database()
        if options["parent"]:
            stop_with_parent(options["parent"])
        again = jobs.recover()
        if again:
            self.stdout.write(f"Diulang setelah pekerja sebelumnya berhenti: {len(again)} tugas.")
        stop = threading.Event()
        if not options["batch"]:
            threading.Thread(
                target=_recover_periodically, args=(stop,), name="pemulih", daemon=True
            ).start()
        try:
            if jobs.uses_database_queue():
                self._database_worker(batch=options["batch"], interval=options["interval"])
            else:
                call_command(
                    "rqworker",
                    "default",
                    job_class="django_tasks_rq.Job",
                    burst=options["batch"],
                    verbosity=options["verbosity"],
                )
        finally:
            stop.set()

    def _database_worker(self, *, batch: bool, interval: float) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(
            queue_names=["default"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{socket.gethostname()[:40]}-{os.getpid()}",
            excluded_queue_names=[],
        )
        if not batch:
            self.stdout.write("Pekerja latar belakang radkla berjalan (Ctrl+C untuk berhenti).")
            worker.configure_signals()
        worker.run()
