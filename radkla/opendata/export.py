"""``radkla opendata export``: the verified achievement as CSV files and a Frictionless package.

Which plans: every plan not archived (one installation hosts many regions),
or the one asked for. Which years: the one asked for, or every plan year up to
the newest with a verified realization (``achievement.selectors.data_year``),
the same year the dashboards open on; a plan with nothing verified yet gives
its first year, every measure ``belum ada realisasi``. Later years hold no
verified figure and are left out.

Figures come from ``plan_achievement`` with verified data only: seven queries
per plan and year whatever the plan's size. Nothing is left out silently:
every measure in force is a row, an unscored one with its state, and the
summary counts the states.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from radkla.achievement.selectors import data_year, plan_achievement
from radkla.lib.backup import radkla_version
from radkla.lib.spreadsheets import csv_text
from radkla.opendata.rows import (
    Row,
    cluster_rows,
    csv_field,
    indicator_rows,
    measure_rows,
    plan_row,
)
from radkla.opendata.schema import (
    CLUSTERS,
    INDICATORS,
    MEASURES,
    PLANS,
    STATUSES,
    TABLES,
    PackageFacts,
    Table,
    descriptor,
)
from radkla.plan.models import Plan
from radkla.plan.selectors import plans as all_plans

DESCRIPTOR = "datapackage.json"


class ExportError(Exception):
    """A reason the export cannot be made, for the user, in Indonesian."""


@dataclass
class PlanYear:
    """What one plan's year contributed: its measures counted by status."""

    region: str
    regulation: str
    year: int
    complete: bool
    statuses: Counter[str] = field(default_factory=Counter)

    @property
    def measures(self) -> int:
        return sum(self.statuses.values())


@dataclass
class ExportSummary:
    directory: Path
    rows: dict[str, int]  # file name → data rows
    parts: list[PlanYear]
    skipped: list[str]  # plans left out (the year asked for is not theirs)
    licence: str

    @property
    def statuses(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for part in self.parts:
            total.update(part.statuses)
        return total


def plans_to_export(plan_id: int | None = None) -> list[Plan]:
    """The plan asked for, or every plan not archived; an error when there is none."""
    chosen = all_plans()
    if plan_id is not None:
        found = list(chosen.filter(pk=plan_id))
        if not found:
            raise ExportError(f"Rencana #{plan_id} tidak ada.")
        return found
    active = list(chosen.exclude(status=Plan.Status.ARCHIVED).order_by("region__code", "id"))
    if active:
        return active
    if Plan.objects.exists():
        raise ExportError("Semua rencana sudah diarsipkan; pilih satu dengan --plan ID.")
    raise ExportError("Belum ada rencana; impor dulu dengan 'radkla plan import BERKAS'.")


def years_to_export(plan: Plan, year: int | None) -> list[int]:
    """The year asked for (if it is the plan's), or the plan's years up to its data year."""
    if year is not None:
        return [year] if year in plan.years else []
    return list(range(plan.start_year, data_year(plan) + 1))


def regulation_name(plan: Plan) -> str:
    return (
        f"{plan.regulation_kind} {plan.region.name} Nomor {plan.regulation_number} "
        f"Tahun {plan.regulation_year}"
    )


def collect(
    plans: Sequence[Plan], year: int | None
) -> tuple[dict[Table, list[Row]], list[PlanYear], list[str]]:
    """Every table's rows for the plans, what each plan's year counted, and plans skipped."""
    tables: dict[Table, list[Row]] = {table: [] for table in TABLES}
    parts: list[PlanYear] = []
    skipped: list[str] = []
    for plan in plans:
        years = years_to_export(plan, year)
        if not years:
            skipped.append(
                f"{regulation_name(plan)}: tahun {year} di luar masa rencana "
                f"{plan.start_year}-{plan.end_year}"
            )
            continue
        for each in years:
            achievement = plan_achievement(plan, each)
            tables[PLANS].append(plan_row(plan, achievement))
            tables[CLUSTERS].extend(cluster_rows(plan, achievement))
            tables[INDICATORS].extend(indicator_rows(plan, achievement))
            measures = measure_rows(plan, achievement)
            tables[MEASURES].extend(measures)
            parts.append(
                PlanYear(
                    region=f"{plan.region.name} ({plan.region.code})",
                    regulation=regulation_name(plan),
                    year=each,
                    complete=achievement.cutoff.complete,
                    statuses=Counter(str(row["status"]) for row in measures),
                )
            )
    return tables, parts, skipped


def csv_bytes(table: Table, rows: Sequence[Row]) -> bytes:
    """The table as UTF-8 CSV: header row, comma, ``\\r\\n``, fields in the schema's order.

    Text that a spreadsheet would run as a formula gets a leading ``'``, as in
    every CSV radkla writes (``lib.spreadsheets``); numbers are never touched.
    """
    return csv_text(
        [table.names, *([csv_field(row[name]) for name in table.names] for row in rows)]
    ).encode("utf-8")


def package_name(plans: Sequence[Plan]) -> str:
    """A data package name ([a-z0-9-._]): ``rad-kla-capaian-36-72``, or ``-wilayah`` for many."""
    codes = sorted({plan.region.code for plan in plans})
    tail = re.sub(r"[^a-z0-9]+", "-", codes[0].lower()).strip("-") if len(codes) == 1 else "wilayah"
    return f"rad-kla-capaian-{tail}"


def package_facts(plans: Sequence[Plan], now: dt.datetime) -> PackageFacts:
    regions = sorted({plan.region.name for plan in plans})
    names = ", ".join(regions)
    return PackageFacts(
        name=package_name(plans),
        title=f"Capaian Rencana Aksi Daerah Kabupaten/Kota Layak Anak: {names}",
        description=(
            "Capaian RAD KLA per rencana, klaster, indikator dan ukuran per tahun, dihitung "
            "dari realisasi yang sudah diverifikasi Gugus Tugas KLA (realisasi yang belum "
            "diverifikasi tidak dihitung), dengan angka yang sama dengan dasbor radkla. "
            "Capaian = realisasi / target x 100, atau (2 x target - realisasi) / target x 100 "
            "bila makin rendah makin baik; kategori menurut Permendagri 86/2017."
        ),
        licence=settings.RADKLA_OPENDATA_LICENSE,
        created=now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        sources=[
            *(f"{regulation_name(plan)} tentang {plan.title}" for plan in plans),
            f"radkla {radkla_version()}: pemantauan RAD KLA, realisasi terverifikasi",
        ],
        keywords=["kota layak anak", "KLA", "RAD KLA", "hak anak", *regions],
    )


def write_package(
    directory: Path,
    *,
    plan_id: int | None = None,
    year: int | None = None,
    now: dt.datetime | None = None,
) -> ExportSummary:
    """Write the four CSV files and ``datapackage.json`` into ``directory`` (created if missing)."""
    plans = plans_to_export(plan_id)
    if plan_id is not None and year is not None and year not in plans[0].years:
        plan = plans[0]
        raise ExportError(f"Tahun {year} di luar masa rencana {plan.start_year}-{plan.end_year}.")
    tables, parts, skipped = collect(plans, year)
    if not parts:
        raise ExportError(f"Tidak ada rencana yang mencakup tahun {year}.")
    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{directory} sudah ada dan bukan folder.")
    directory.mkdir(parents=True, exist_ok=True)
    files: dict[str, tuple[int, str]] = {}
    for table, rows in tables.items():
        data = csv_bytes(table, rows)
        (directory / table.path).write_bytes(data)
        files[table.path] = (len(data), hashlib.sha256(data).hexdigest())
    exported = [plan for plan in plans if years_to_export(plan, year)] if year else plans
    facts = package_facts(exported, now or dt.datetime.now(dt.UTC))
    package = descriptor(facts, files)
    (directory / DESCRIPTOR).write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return ExportSummary(
        directory=directory,
        rows={table.path: len(rows) for table, rows in tables.items()},
        parts=parts,
        skipped=skipped,
        licence=str(package["licenses"][0]["name"]),  # type: ignore[index]
    )


def status_counts_text(statuses: Counter[str]) -> str:
    """``dinilai 3, tanpa target 1``: every status present, in the schema's order."""
    return ", ".join(f"{word} {statuses[word]}" for word in STATUSES if statuses[word])
