"""``radkla serve``: radkla behind a production WSGI server (waitress), on Linux or Windows.

The background worker (``radkla worker``) runs alongside as a child process, so
one command serves everything; ``--no-worker`` when the worker runs on its own
(a systemd unit, see docs/DEPLOY.md).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from waitress import serve

from radkla.lib.commands import require_migrated_database
from radkla.lib.worker_process import worker_alongside
from radkla.wsgi import application


class Command(BaseCommand):
    help = "Jalankan radkla dengan server WSGI waitress (untuk dipakai di balik nginx)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--listen", default="127.0.0.1:8000", help="Alamat:port.")
        parser.add_argument("--threads", type=int, default=8, help="Jumlah thread pekerja.")
        parser.add_argument(
            "--no-worker",
            action="store_false",
            dest="worker",
            help="Jangan jalankan pekerja latar belakang (radkla worker berjalan tersendiri).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated_database()
        self.stdout.write(f"radkla melayani di http://{options['listen']}/ (Ctrl+C untuk berhenti)")
        with worker_alongside(options["worker"]):
            serve(application, listen=options["listen"], threads=options["threads"], ident="radkla")
