"""``radkla serve``: radkla behind a production WSGI server.

gunicorn with several worker processes on Linux and macOS, waitress (one process,
threads) on Windows; ``radkla/lib/serving.py`` says why. The background worker
(``radkla worker``) runs alongside as a child process, so one command serves
everything; ``--no-worker`` when the worker runs on its own (a systemd unit, see
docs/DEPLOY.md).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from radkla.lib import serving
from radkla.lib.commands import require_migrated_database
from radkla.lib.worker_process import worker_alongside


class Command(BaseCommand):
    help = (
        "Jalankan radkla dengan server WSGI produksi (untuk dipakai di balik nginx): "
        "gunicorn dengan beberapa proses pekerja di Linux/macOS, waitress di Windows."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--listen", "--bind", dest="listen", default="127.0.0.1:8000", help="Alamat:port."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            help=(
                "Jumlah proses pekerja gunicorn (bawaan: jumlah inti prosesor + 1, "
                f"di mesin ini {serving.default_workers()})."
            ),
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=0,
            help="Jumlah thread per pekerja (bawaan: 4 untuk gunicorn, 8 untuk waitress).",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=120,
            help="Detik sebelum gunicorn menghentikan pekerja yang macet.",
        )
        parser.add_argument(
            "--server",
            choices=["auto", "gunicorn", "waitress"],
            default="auto",
            help="auto: gunicorn bila tersedia (Linux/macOS), selain itu waitress.",
        )
        parser.add_argument(
            "--no-worker",
            action="store_false",
            dest="worker",
            help="Jangan jalankan pekerja latar belakang (radkla worker berjalan tersendiri).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("workers", "threads", "timeout"):
            if options[name] < 0 or (name == "timeout" and options[name] == 0):
                raise CommandError(f"--{name} harus bilangan bulat positif.")
        require_migrated_database()
        server = options["server"]
        if server == "auto":
            server = "gunicorn" if serving.gunicorn_available() else "waitress"
        elif server == "gunicorn" and not serving.gunicorn_available():
            raise CommandError("gunicorn tidak tersedia di sistem ini; pakai --server waitress.")
        from radkla.wsgi import application

        serving.warm_up()
        listen = options["listen"]
        with worker_alongside(options["worker"]):
            if server == "gunicorn":
                workers = options["workers"] or serving.default_workers()
                threads = options["threads"] or 4
                self.stdout.write(
                    f"radkla melayani di http://{listen}/ dengan gunicorn, {workers} pekerja × "
                    f"{threads} thread (Ctrl+C untuk berhenti)"
                )
                self.stdout.flush()
                serving.serve_gunicorn(
                    application,
                    serving.ServeOptions(listen, workers, threads, options["timeout"]),
                )
            else:
                threads = options["threads"] or 8
                self.stdout.write(
                    f"radkla melayani di http://{listen}/ dengan waitress, {threads} thread "
                    "(Ctrl+C untuk berhenti)"
                )
                self.stdout.flush()
                serving.serve_waitress(
                    application, serving.ServeOptions(listen, 1, threads, options["timeout"])
                )
