"""``radkla remind [--date YYYY-MM-DD]``: e-mail agencies whose reports are due or late.

Without ``--plan`` it reminds the agencies of every kabupaten/kota's plan in force,
so one daily job serves a multi-city installation.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from radkla.lib.commands import require_migrated_database
from radkla.monitoring.reminders import send_reminders
from radkla.plan.models import Plan
from radkla.plan.selectors import PlanNotFound, get_plan, plans


class Command(BaseCommand):
    help = "Kirim pengingat ke instansi yang laporannya segera jatuh tempo atau terlambat."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--date", help="Tanggal acuan (bawaan: hari ini), YYYY-MM-DD.")
        parser.add_argument(
            "--plan",
            type=int,
            help="ID rencana (bawaan: rencana yang berlaku di setiap kabupaten/kota).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated_database()
        try:
            today = (
                dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
            )
        except ValueError:
            raise CommandError(f"Tanggal {options['date']} tidak sah; tulis YYYY-MM-DD.") from None
        # One daily job for the whole installation: every city's plan in force.
        chosen = list(plans().exclude(status=Plan.Status.ARCHIVED))
        try:
            if options.get("plan") or not chosen:
                chosen = [get_plan(options.get("plan"))]  # the plan named, or why there is none
        except PlanNotFound as error:
            raise CommandError(str(error)) from None
        reminders = [r for plan in chosen for r in send_reminders(plan=plan, today=today)]
        sent = [r for r in reminders if r.recipients]
        unaddressed = [r for r in reminders if not r.recipients]
        for reminder in sent:
            self.stdout.write(
                f"{reminder.agency}: {reminder.get_kind_display()} {reminder.period.label} "
                f"({reminder.pending} ukuran) → {reminder.recipients}"
            )
        self.stdout.write(f"{len(sent)} pengingat dikirim.")
        if unaddressed:
            names = ", ".join(f"{r.agency} ({r.period.label})" for r in unaddressed)
            self.stdout.write(
                f"{len(unaddressed)} pengingat tidak terkirim karena instansinya tidak punya "
                f"operator aktif dengan alamat e-mail: {names}. Isi alamat e-mail operatornya "
                "di halaman admin."
            )
