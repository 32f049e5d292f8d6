"""``radkla demo``: a local radkla with the Cilegon plan and demo logins, served on :8000."""

from __future__ import annotations

from argparse import ArgumentParser
from importlib import resources
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from radkla.accounts.services import ensure_demo_accounts
from radkla.evaluation.demo import generate as generate_evaluation
from radkla.lib.worker_process import worker_alongside
from radkla.monitoring.demo import generate
from radkla.plan.revisions import plan_revised_by
from radkla.plan.services import PlanImportError, import_plan, read_plan_file

SEED = "perwal-cilegon-7-2023-rad-kla.txt"


class Command(BaseCommand):
    help = "Siapkan basis data demo (RAD KLA Kota Cilegon 2023-2026, akun demo) dan jalankan."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--load-only", action="store_true", help="Muat data demo tanpa menjalankan server."
        )
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="Alamat server.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        data = resources.files("radkla.plan").joinpath("seed", SEED).read_bytes()
        try:
            parsed = read_plan_file(data, SEED)
            # A demo plan revised since (on its pages) is still the demo plan.
            plan, state = plan_revised_by(parsed), "sudah ada"
            if plan is None:
                result = import_plan(parsed=parsed, actor=None)
                plan, state = result.plan, "diimpor" if result.created else "sudah ada"
        except PlanImportError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"DEMO radkla: {plan.legal_basis} {state} (rencana #{plan.pk}).")
        self.stdout.write(f"Data di {settings.DATA_DIR}")
        logins = ensure_demo_accounts(plan)
        users = {
            u.username: u
            for u in get_user_model().objects.filter(username__in=[x.username for x in logins])
        }
        made = generate(plan=plan, today=timezone.localdate(), users=users)
        if made:
            self.stdout.write(f"DATA DEMO: {made} realisasi contoh dibuat (2023-2025).")
        if generate_evaluation(plan=plan, users=users):
            self.stdout.write(
                "DATA DEMO: data dukung evaluasi KLA contoh ditandai dan dilampirkan."
            )
        self.stdout.write("Akun demo (kata sandi sama untuk semua):")
        for login in logins:
            agency = f", {login.agency}" if login.agency else ""
            self.stdout.write(f"  {login.username:<12} {login.password}  {login.role}{agency}")
        if options["load_only"]:
            return
        # The banner in every page says this is demo data.
        settings.RADKLA_DEMO = True
        self.stdout.write(f"Buka http://{options['addrport']}/  (Ctrl+C untuk berhenti)")
        # Large reports and evidence packages are built by a worker beside the server.
        with worker_alongside():
            call_command("runserver", options["addrport"], use_reloader=False)
