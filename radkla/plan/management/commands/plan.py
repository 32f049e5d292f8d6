"""``radkla plan import|export|audit|history|diff|baseline``: the plan from and to files, its
audit, its revisions, and the baselines a continuing plan takes from the previous one."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from radkla.accounts.access import SYSTEM
from radkla.lib.commands import require_migrated_database
from radkla.lib.localtime import local_time
from radkla.plan.audit import FLAG_NAMES, audit_rows
from radkla.plan.continuation import (
    DEFAULT_REASON,
    BaselineError,
    accept_baselines,
    baseline_proposals,
)
from radkla.plan.diff import PlanDiff
from radkla.plan.exporters import FORMATS as EXPORT_FORMATS
from radkla.plan.exporters import plan_csv, plan_json, plan_xlsx
from radkla.plan.history import RevisionNotFound, compare, history
from radkla.plan.inforce import key_label
from radkla.plan.parsers.appendix import NATIONAL_CLUSTERS
from radkla.plan.revisions import (
    apply_revision,
    default_effective,
    parse_period_code,
    plan_revised_by,
    preview_revision,
)
from radkla.plan.selectors import PlanNotFound, get_plan, measure_rows, plans
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
        p_import.add_argument(
            "--format",
            choices=(*IMPORT_FORMATS, "json"),
            default="auto",
            help="Jenis berkas (bawaan: dikenali sendiri); 'json' dengan --dry-run mencetak "
            "perbedaannya sebagai JSON.",
        )
        p_import.add_argument(
            "--region",
            metavar="KODE",
            help="Kode Kemendagri wilayahnya (mis. 36.72), bila nama di dokumen tidak cukup.",
        )
        p_import.add_argument(
            "--revise",
            action="store_true",
            help="Jadikan dokumen ini revisi rencana yang berlaku (perubahan peraturan).",
        )
        p_import.add_argument("--reason", default="", help="Alasan revisi (wajib dengan --revise).")
        p_import.add_argument(
            "--effective",
            metavar="TAHUN-PERIODE",
            help="Periode mulai berlakunya revisi, mis. 2025-2 (bawaan: periode yang dibuka, "
            "atau sesudah periode terakhir yang ditutup).",
        )
        p_import.add_argument(
            "--dry-run",
            action="store_true",
            help="Tampilkan perbedaan dengan rencana yang berlaku tanpa mengubah apa pun.",
        )
        p_import.add_argument("--plan", type=int, help="ID rencana yang direvisi.")
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
        self._add_history_parsers(sub)
        sub.metavar = f"{sub.metavar}|list"
        p_list = sub.add_parser("list", help="Daftar rencana semua kabupaten/kota, dengan ID-nya.")
        p_list.add_argument("--format", choices=("table", "json"), default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated_database()
        getattr(self, f"do_{options['action']}")(options)

    def do_import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: tidak dapat dibaca ({error.strerror}).") from None
        as_json = options["format"] == "json"
        if as_json and not options["dry_run"]:
            raise CommandError(
                "--format json hanya untuk --dry-run: perbedaan dicetak sebagai JSON."
            )
        try:
            parsed = read_plan_file(data, str(path), "auto" if as_json else options["format"])
            if options["revise"] or options["dry_run"]:
                self._revise(parsed, options, as_json)
                return
            result = import_plan(parsed=parsed, actor=None, region_code=options.get("region"))
        except (PlanImportError, PlanNotFound) as error:
            raise CommandError(str(error)) from None
        plan = result.plan
        if result.revision is not None and result.diff is not None:
            self._print_revision(plan, result.revision, result.diff, result.warnings)
            return
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
        for old in result.archived:
            self.stdout.write(
                f"Rencana #{old.pk} ({old.start_year}-{old.end_year}) diarsipkan: tetap dapat "
                f"dibaca dengan --plan {old.pk}. {result.continuing} ukuran melanjutkan ukuran "
                "rencana itu."
            )

    def _revise(self, parsed: Any, options: dict[str, Any], as_json: bool) -> None:
        plan_id = options.get("plan")
        plan = get_plan(plan_id) if plan_id else plan_revised_by(parsed)
        if plan is None:
            plan = get_plan()
        effective = (
            parse_period_code(plan, options["effective"])
            if options.get("effective")
            else default_effective(plan)
        )
        if options["dry_run"]:
            preview = preview_revision(plan, parsed)
            if as_json:
                text = json.dumps(preview.to_json(effective), ensure_ascii=False, indent=2)
                self.stdout.write(text)
                return
            label = preview.current.label if preview.current else "0"
            self.stdout.write(
                f"Perbedaan {Path(parsed.source_name).name} dengan rencana #{plan.pk} "
                f"(revisi {label} yang berlaku): {preview.diff.summary()}."
            )
            if preview.diff:
                self.stdout.write(
                    f"Bila diterapkan: revisi {int(label.split('.')[0]) + 1}, berlaku sejak "
                    f"{key_label(plan, effective)}."
                )
            self._print_diff(preview.diff)
            for warning in preview.warnings:
                self.stdout.write(f"  peringatan: {warning}")
            self.stdout.write("Uji coba (--dry-run): tidak ada yang diubah.")
            return
        result = apply_revision(
            plan=plan,
            parsed=parsed,
            reason=options["reason"],
            actor=None,
            effective_from=effective,
        )
        self._print_revision(plan, result.revision, result.diff, result.warnings)

    def _print_revision(
        self, plan: Any, revision: Any, diff: PlanDiff, warnings: Sequence[str]
    ) -> None:
        self.stdout.write(
            f"Rencana #{plan.pk}: revisi {revision.label} diterapkan, berlaku sejak "
            f"{key_label(plan, revision.effective_from)} ({diff.summary()})."
        )
        self._print_diff(diff)
        for warning in warnings:
            self.stdout.write(f"  peringatan: {warning}")

    def _print_diff(self, diff: PlanDiff) -> None:
        for entry in diff.entries:
            where = f" ({entry.location})" if entry.location else ""
            self.stdout.write(f"  {entry.kind_label}: Ind. {entry.indicator} {entry.name}{where}")
            for change in entry.changes:
                old = change.old or "(kosong)"
                new = change.new or "(kosong)"
                self.stdout.write(f"      {change.label}: {old} → {new}")

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

    # -- revisions: the history and any two compared ----------------------------

    def _add_history_parsers(self, sub: Any) -> None:
        sub.metavar = f"{sub.metavar}|history|diff"
        p_history = sub.add_parser("history", help="Riwayat revisi rencana.")
        p_history.add_argument("--format", choices=("table", "json"), default="table")
        p_history.add_argument("--plan", type=int, help="ID rencana, bila ada lebih dari satu.")
        p_diff = sub.add_parser("diff", help="Bandingkan dua revisi rencana, mis. 0 dan 1.1.")
        p_diff.add_argument("old", metavar="A", help="Revisi awal (nomor revisi, mis. 0 atau 1.1).")
        p_diff.add_argument("new", metavar="B", help="Revisi yang dibandingkan.")
        p_diff.add_argument("--format", choices=("table", "json"), default="table")
        p_diff.add_argument("--plan", type=int, help="ID rencana, bila ada lebih dari satu.")

    @staticmethod
    def _row(table: Table, *cells: str) -> None:
        # Cells are the plan's own text: brackets in it are words, not console markup.
        table.add_row(*(escape(cell) for cell in cells))

    def _print(self, table: Table) -> None:
        console = Console(width=160)
        with console.capture() as captured:
            console.print(table)
        self.stdout.write(captured.get(), ending="")

    def do_list(self, options: dict[str, Any]) -> None:
        found = list(plans())
        if options["format"] == "json":
            rows = [
                {
                    "id": plan.pk,
                    "region_code": plan.region.code,
                    "region": plan.region.name,
                    "legal_basis": plan.legal_basis,
                    "years": [plan.start_year, plan.end_year],
                    "status": plan.status,
                }
                for plan in found
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        table = Table(title=f"{len(found)} rencana")
        for heading in ("ID", "Kode", "Wilayah", "Dasar hukum", "Tahun", "Status"):
            table.add_column(heading, overflow="fold")
        for plan in found:
            self._row(
                table,
                str(plan.pk),
                plan.region.code,
                f"{plan.region.get_level_display()} {plan.region.name}",
                plan.legal_basis,
                f"{plan.start_year}-{plan.end_year}",
                str(plan.get_status_display()),
            )
        self._print(table)

    def do_history(self, options: dict[str, Any]) -> None:
        plan = self._plan(options)
        entries = history(plan)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {"plan": plan.pk, "revisions": [e.to_json() for e in entries]},
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        table = Table(title=escape(f"Riwayat revisi {plan.legal_basis}: {len(entries)} revisi"))
        for heading in ("Revisi", "Jenis", "Waktu", "Oleh", "Berlaku sejak", "Alasan", "Isi"):
            table.add_column(heading, overflow="fold")
        for entry in entries:
            revision = entry.revision
            self._row(
                table,
                revision.label,
                str(revision.get_kind_display()),
                local_time(revision.created_at),
                entry.who,
                entry.effective_label,
                revision.reason or "–",
                entry.diff.summary() if entry.diff is not None else f"{entry.measure_count} ukuran",
            )
        self._print(table)

    def do_diff(self, options: dict[str, Any]) -> None:
        plan = self._plan(options)
        try:
            comparison = compare(plan, options["old"], options["new"])
        except RevisionNotFound as error:
            raise CommandError(str(error)) from None
        diff = comparison.diff
        if options["format"] == "json":
            self.stdout.write(json.dumps(comparison.to_json(), ensure_ascii=False, indent=2))
            return
        table = Table(
            title=f"Revisi {comparison.old.label} → {comparison.new.label}: {diff.summary()}"
        )
        for heading in ("Ukuran", "Letak", "Perubahan"):
            table.add_column(heading, overflow="fold")
        for entry in diff.entries:
            lines = [f"{c.label}: {c.old or '–'} → {c.new or '–'}" for c in entry.changes]
            if entry.kind == "added":
                lines = [f"{c.label}: {c.new}" for c in entry.changes]
            self._row(
                table,
                f"[{entry.kind_label}] {entry.indicator} {entry.name}",
                entry.location,
                "\n".join(lines) or "–",
            )
        self._print(table)

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
