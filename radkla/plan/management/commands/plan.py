"""``radkla plan import|export|audit|baseline``: the plan from and to files, its audit, and
the baselines a continuing plan takes from the previous one."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from radkla.accounts.access import SYSTEM
from radkla.lib.commands import require_migrated_database
from radkla.plan.audit import FLAG_NAMES, audit_rows
from radkla.plan.continuation import (
    DEFAULT_REASON,
    BaselineError,
    accept_baselines,
    baseline_proposals,
)
from radkla.plan.exporters import FORMATS as EXPORT_FORMATS
from radkla.plan.exporters import plan_csv, plan_json, plan_xlsx
from radkla.plan.parsers.appendix import NATIONAL_CLUSTERS
from radkla.plan.selectors import PlanNotFound, get_plan, measure_rows
from radkla.plan.services import FORMATS as IMPORT_FORMATS
from radkla.plan.services import PlanImportError, import_plan, read_plan_file


class Command(BaseCommand):
    help = "Impor, ekspor dan audit rencana aksi (RAD KLA)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="import|export|audit|baseline"
        )
        p_import = sub.add_parser(
            "import", help="Impor lampiran peraturan (teks atau PDF) atau buku kerja XLSX."
        )
        p_import.add_argument(
            "file",
            help="Berkas peraturan (.txt, atau .pdf digital; PDF hasil pindai perlu OCR dahulu) "
            "atau buku kerja (.xlsx).",
        )
        p_import.add_argument("--format", choices=IMPORT_FORMATS, default="auto")
        p_import.add_argument(
            "--region",
            metavar="KODE",
            help="Kode Kemendagri wilayahnya (mis. 36.72), bila nama di dokumen tidak cukup.",
        )
        p_export = sub.add_parser("export", help="Ekspor rencana sebagai JSON, XLSX atau CSV.")
        p_export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
        p_export.add_argument("-o", "--output", help="Berkas tujuan (bawaan: layar).")
        p_export.add_argument("--plan", type=int, help="ID rencana, bila ada lebih dari satu.")
        p_audit = sub.add_parser("audit", help="Periksa mutu data rencana.")
        p_audit.add_argument("--format", choices=("table", "json"), default="table")
        p_audit.add_argument("--plan", type=int, help="ID rencana, bila ada lebih dari satu.")
        p_baseline = sub.add_parser(
            "baseline",
            help="Usulan data dasar dari realisasi terverifikasi rencana sebelumnya; --accept "
            "mengambilnya.",
        )
        p_baseline.add_argument("--plan", type=int, help="ID rencana, bila ada lebih dari satu.")
        p_baseline.add_argument(
            "--accept",
            metavar="all|ID,ID",
            help="Ambil usulan semua ukuran yang dapat diambil, atau ukuran dengan ID ini.",
        )
        p_baseline.add_argument("--reason", default=DEFAULT_REASON, help="Alasan perubahan.")

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated_database()
        getattr(self, f"do_{options['action']}")(options)

    def do_import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: tidak dapat dibaca ({error.strerror}).") from None
        try:
            parsed = read_plan_file(data, str(path), options["format"])
            result = import_plan(parsed=parsed, actor=None, region_code=options.get("region"))
        except PlanImportError as error:
            raise CommandError(str(error)) from None
        plan = result.plan
        if not result.created:
            self.stdout.write(
                f"{plan.legal_basis} sudah ada sebagai rencana #{plan.pk}; tidak ada yang diubah."
            )
            return
        self.stdout.write(
            f"Rencana #{plan.pk} diimpor: {plan.legal_basis}, {plan.start_year}-{plan.end_year} "
            f"(data dasar {plan.baseline_year}).\n"
            f"  {result.indicators} indikator, {result.actions} rencana aksi, "
            f"{result.measures} ukuran, {result.targets} target."
        )
        # Per cluster, so a reader can check the counts against the document itself.
        self.stdout.write("  Ukuran per klaster:")
        counts = parsed.table.measures_per_cluster()
        for code, name, _numbers in NATIONAL_CLUSTERS:
            self.stdout.write(f"    {name}: {counts[code]}")
        for warning in result.warnings:
            self.stdout.write(f"  peringatan: {warning}")

    def _plan(self, options: dict[str, Any]) -> Any:
        try:
            return get_plan(options.get("plan"))
        except PlanNotFound as error:
            raise CommandError(str(error)) from None

    def do_export(self, options: dict[str, Any]) -> None:
        plan = self._plan(options)
        rows = measure_rows(plan)
        fmt = options["format"]
        if fmt == "xlsx":
            data = plan_xlsx(plan, rows)
        elif fmt == "csv":
            data = plan_csv(plan, rows).encode("utf-8")
        else:
            text = json.dumps(plan_json(plan, rows), ensure_ascii=False, indent=2)
            data = (text + "\n").encode("utf-8")
        if options.get("output"):
            Path(options["output"]).write_bytes(data)
            self.stderr.write(f"Rencana #{plan.pk} ditulis ke {options['output']}.")
        elif fmt == "xlsx" and sys.stdout.isatty():
            raise CommandError("XLSX tidak dapat ditampilkan di layar; pakai -o BERKAS.xlsx.")
        else:
            self.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.flush()

    def do_audit(self, options: dict[str, Any]) -> None:
        plan = self._plan(options)
        flags = audit_rows(measure_rows(plan), start_year=plan.start_year, end_year=plan.end_year)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {"plan": plan.pk, "flags": [f.to_json() for f in flags]},
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        table = Table(title=f"Audit {plan.legal_basis}: {len(flags)} catatan", show_lines=False)
        for heading in ("Letak", "Ind.", "Jenis", "Catatan"):
            table.add_column(heading, overflow="fold")
        for flag in flags:
            table.add_row(flag.location, flag.indicator, FLAG_NAMES[flag.code], flag.message)
        console = Console(width=160)
        with console.capture() as captured:
            console.print(table)
        self.stdout.write(captured.get(), ending="")

    def do_baseline(self, options: dict[str, Any]) -> None:
        plan = self._plan(options)
        proposals = baseline_proposals(plan)
        if not proposals:
            self.stdout.write(
                f"Rencana #{plan.pk} tidak punya ukuran yang melanjutkan rencana sebelumnya."
            )
            return
        accept = (options.get("accept") or "").strip()
        if not accept:
            self._baseline_table(plan.pk, proposals)
            return
        if accept == "all":
            ids = [p.measure_id for p in proposals if p.available and not p.unchanged]
            if not ids:
                self.stdout.write("Tidak ada usulan yang dapat diambil; tidak ada yang diubah.")
                return
        else:
            texts = [part.strip() for part in accept.split(",") if part.strip()]
            if not texts or not all(t.isascii() and t.isdecimal() for t in texts):
                raise CommandError(
                    f"--accept {accept!r}: tulis 'all' atau ID ukuran dipisah koma (mis. 12,15)."
                )
            ids = [int(t) for t in texts]
        try:
            result = accept_baselines(
                plan=plan, measure_ids=ids, reason=options["reason"], scope=SYSTEM, actor=None
            )
        except BaselineError as error:
            raise CommandError(str(error)) from None
        if result.revision is None:
            self.stdout.write("Data dasar yang dipilih sudah sama; tidak ada yang diubah.")
            return
        self.stdout.write(
            f"Data dasar {result.changed} ukuran rencana #{plan.pk} diperbarui "
            f"(revisi {result.revision.label})."
        )

    def _baseline_table(self, plan_id: int, proposals: list[Any]) -> None:
        table = Table(title=f"Usulan data dasar rencana #{plan_id}", show_lines=False)
        for heading in ("ID", "Ind.", "Ukuran", "Dokumen", "Realisasi terverifikasi"):
            table.add_column(heading, overflow="fold")
        for p in proposals:
            if p.available:
                found = f"{p.value_text} ({p.year})" + (", sudah sama" if p.unchanged else "")
            else:
                found = "belum ada realisasi terverifikasi"
            table.add_row(str(p.measure_id), p.indicator_label, p.name, p.baseline_raw, found)
        console = Console(width=160)
        with console.capture() as captured:
            console.print(table)
        self.stdout.write(captured.get(), ending="")
