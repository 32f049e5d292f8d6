"""``radkla status``: the plan's achievement in the terminal, or as JSON."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from radkla.achievement.display import capaian_text
from radkla.achievement.selectors import data_year, plan_achievement
from radkla.achievement.status import status_json
from radkla.lib.commands import require_migrated_database
from radkla.monitoring.selectors import find_period
from radkla.plan.inforce import revision_sentence
from radkla.plan.selectors import PlanNotFound, get_plan


class Command(BaseCommand):
    help = "Tampilkan capaian rencana per klaster, indikator dan ukuran."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--plan", type=int, help="ID rencana, bila ada lebih dari satu.")
        parser.add_argument(
            "--year",
            type=int,
            help="Tahun (bawaan: tahun terakhir yang punya data terverifikasi).",
        )
        parser.add_argument("--period", help="Sampai periode ini, mis. 2025-2 (capaian berjalan).")
        parser.add_argument("--format", choices=("table", "json"), default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated_database()
        try:
            plan = get_plan(options.get("plan"))
        except PlanNotFound as error:
            raise CommandError(str(error)) from None
        period = None
        if options.get("period"):
            period = find_period(plan, options["period"])
            if period is None:
                raise CommandError(f"Periode {options['period']} tidak ada.")
        year = options.get("year") or (period.year if period else data_year(plan))
        if period is not None and period.year != year:
            raise CommandError(f"Periode {period.code} bukan bagian dari tahun {year}.")
        if year not in plan.years:
            raise CommandError(
                f"Tahun {year} di luar masa rencana {plan.start_year}-{plan.end_year}."
            )
        achievement = plan_achievement(plan, year, period=period)
        if options["format"] == "json":
            self.stdout.write(json.dumps(status_json(achievement), ensure_ascii=False, indent=2))
            return
        title = f"Capaian {plan.title} — {year}" + (f" s.d. {period.label}" if period else "")
        table = Table(title=title)
        for heading in ("Klaster / indikator", "Capaian", "Kategori", "Diukur", "Berisiko"):
            table.add_column(heading)

        def row(name: str, rollup: Any, at_risk: str = "", style: str = "") -> None:
            capaian = capaian_text(rollup.capaian)
            table.add_row(
                name,
                capaian,
                str(rollup.category or "–"),
                f"{rollup.scored}/{rollup.total}",
                at_risk,
                style=style,
            )

        row("RENCANA", achievement.plan_rollup, str(len(achievement.at_risk)), "bold")
        for cluster in achievement.clusters:
            risky = sum(1 for m in cluster.measures if m.at_risk)
            row(cluster.name, cluster.rollup, str(risky), "bold")
            for indicator in achievement.indicators:
                if indicator.measures[0].cluster_code == cluster.key:
                    row(f"  {indicator.label} {indicator.name[:60]}", indicator.rollup)
        end = plan.end_year
        risky_table = Table(
            title=f"{len(achievement.at_risk)} ukuran diproyeksikan tidak mencapai target {end}"
        )
        for heading in ("Ind.", "Ukuran", "Instansi", f"Target {end}", f"Proyeksi {end}"):
            risky_table.add_column(heading)
        for m in achievement.at_risk:
            risky_table.add_row(
                m.indicator_label,
                m.name[:70],
                ", ".join(m.agencies) or "–",
                m.targets[end].raw if end in m.targets else "–",
                m.projection_text,
            )
        console = Console(width=140)
        with console.capture() as captured:
            console.print(table)
            console.print(achievement.cutoff.sentence)
            console.print(revision_sentence(plan, achievement.revision))
            if achievement.at_risk:
                console.print(risky_table)
        self.stdout.write(captured.get(), ending="")
