"""``radkla period create|open|close|reopen|list``: the secretariat's reporting periods."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from radkla.accounts.access import SYSTEM
from radkla.lib.commands import require_migrated_database
from radkla.monitoring import services
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.selectors import find_period, periods_of
from radkla.monitoring.services import MonitoringError
from radkla.plan.models import Plan
from radkla.plan.selectors import PlanNotFound, get_plan


class Command(BaseCommand):
    help = "Kelola periode pelaporan: buat, buka, tutup, buka kembali, daftar."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="create|open|close|reopen|list"
        )
        p_create = sub.add_parser("create", help="Buat periode satu tahun menurut skema rencana.")
        p_create.add_argument("--year", type=int, required=True)
        for name, text in (("open", "Buka periode."), ("close", "Tutup (kunci) periode.")):
            p = sub.add_parser(name, help=text)
            p.add_argument("period", help="Kode periode, mis. 2025-1.")
        p_reopen = sub.add_parser("reopen", help="Buka kembali periode yang ditutup (dicatat).")
        p_reopen.add_argument("period", help="Kode periode, mis. 2025-1.")
        p_reopen.add_argument("--reason", required=True, help="Alasan membuka kembali.")
        sub.add_parser("list", help="Daftar periode dan statusnya.")
        for p in sub.choices.values():
            p.add_argument("--plan", type=int, help="ID rencana, bila ada lebih dari satu.")

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated_database()
        try:
            plan = get_plan(options.get("plan"))
        except PlanNotFound as error:
            raise CommandError(str(error)) from None
        try:
            self.run(plan, options)
        except MonitoringError as error:
            raise CommandError(str(error)) from None

    def _period(self, plan: Plan, code: str) -> ReportingPeriod:
        period = find_period(plan, code)
        if period is None:
            raise CommandError(f"Periode {code} tidak ada; lihat 'radkla period list'.")
        return period

    def run(self, plan: Plan, options: dict[str, Any]) -> None:
        action = options["action"]
        if action == "list":
            for p in periods_of(plan):
                self.stdout.write(
                    f"{p.code:<8} {p.label:<22} {p.starts_on:%d-%m-%Y} s.d. {p.ends_on:%d-%m-%Y}  "
                    f"batas {p.deadline:%d-%m-%Y}  {p.get_state_display()}"
                )
            return
        if action == "create":
            created = services.create_periods(
                plan=plan, year=options["year"], scope=SYSTEM, actor=None
            )
            self.stdout.write(f"{len(created)} periode dibuat untuk {options['year']}.")
            return
        period = self._period(plan, options["period"])
        if action == "open":
            period = services.open_period(period=period, scope=SYSTEM, actor=None)
        elif action == "close":
            period = services.close_period(period=period, scope=SYSTEM, actor=None)
        else:
            period = services.reopen_period(
                period=period, reason=options["reason"], scope=SYSTEM, actor=None
            )
        self.stdout.write(f"Periode {period.label}: {period.get_state_display()}.")
