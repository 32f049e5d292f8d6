"""Revising a plan from a new document: the diff, the revision, and nothing monitored lost."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from radkla.accounts.access import SYSTEM, Scope
from radkla.achievement.selectors import forget_cached, plan_achievement
from radkla.audittrail.models import AuditEvent
from radkla.monitoring.models import Realization, ReportingPeriod
from radkla.monitoring.selectors import grid_rows
from radkla.monitoring.services import (
    Entry,
    MonitoringError,
    close_period,
    create_periods,
    open_period,
    save_entry,
    submit_realization,
    verify_realization,
)
from radkla.monitoring.values import read_value
from radkla.plan.diff import diff_states
from radkla.plan.inforce import period_key
from radkla.plan.models import Measure, Plan, PlanRevision, Target
from radkla.plan.revisions import RevisionError, apply_revision, preview_revision
from radkla.plan.selectors import get_plan, measure_rows
from radkla.plan.services import (
    PlanImportError,
    confirm_polarity,
    import_plan,
    read_plan_file,
)
from radkla.plan.tests.amended import amended_seed_text
from radkla.plan.tests.cycles import next_cycle
from radkla.plan.tests.test_import import table_counts
from radkla.reports.builders import build_laporan
from radkla.reports.workbook_builder import build_workbook

AKTA = "Capaian Kepemilikan Akta Kelahiran"
# Columns of the seed's appendix rows (tab-separated).
MEASURE, UNIT, BASELINE, FIRST_TARGET, AGENCY = 3, 4, 5, 6, 10


def edited(data: bytes, changes: list[tuple[str, int, str]], drop: tuple[str, ...] = ()) -> bytes:
    """The seed with cells replaced: (a unique text of the row, column, new cell text)."""
    lines = data.decode("utf-8").split("\n")
    for needle, column, value in changes:
        hits = [i for i, line in enumerate(lines) if needle in line and "\t" in line]
        assert len(hits) == 1, f"{needle!r} is on {len(hits)} appendix rows"
        cells = lines[hits[0]].split("\t")
        cells[column] = value
        lines[hits[0]] = "\t".join(cells)
    for needle in drop:
        hits = [i for i, line in enumerate(lines) if needle in line and "\t" in line]
        assert len(hits) == 1, f"{needle!r} is on {len(hits)} appendix rows"
        cells = lines[hits[0]].split("\t")
        if cells[0].strip() or cells[1].strip():
            raise AssertionError("drop only rows that carry no indicator")
        del lines[hits[0]]
    return "\n".join(lines).encode("utf-8")


FOUR_CHANGES = [
    (AKTA, FIRST_TARGET + 1, "97,90"),  # 2024
    ("Jumlah kecamatan dan kelurahan yang tersosialisasikan", FIRST_TARGET + 2, "50"),  # 2025
    ("\tJumlah Inovasi\t", FIRST_TARGET + 3, "12"),  # 2026
]
RENAMED = ("Capaian Kepemilikan Akta Kelahiran", MEASURE, "Capaian Kepemilikan Akta Kelahiran Anak")


@pytest.fixture
def four_changes(seed_bytes: bytes) -> bytes:
    return edited(seed_bytes, [*FOUR_CHANGES[1:], (AKTA, FIRST_TARGET + 1, "97,90"), RENAMED])


def test_three_targets_and_one_measure_give_exactly_four_changes(
    cilegon_plan: Plan, four_changes: bytes
) -> None:
    before = table_counts()
    preview = preview_revision(cilegon_plan, read_plan_file(four_changes, "perubahan.txt"))
    diff = preview.diff
    assert (len(diff.added), len(diff.removed)) == (0, 0)
    found = sorted((c.name, ch.label, ch.old, ch.new) for c in diff.changed for ch in c.changes)
    assert found == sorted(
        [
            ("Capaian Kepemilikan Akta Kelahiran Anak", "target 2024", "97,75", "97,90"),
            ("Capaian Kepemilikan Akta Kelahiran Anak", "ukuran", AKTA, RENAMED[2]),
            (
                "Jumlah kecamatan dan kelurahan yang tersosialisasikan kebijakan pemenuhan hak "
                "sipil anak",
                "target 2025",
                "51",
                "50",
            ),
            ("Jumlah Inovasi", "target 2026", "10", "12"),
        ]
    )
    assert diff.field_changes == 4
    assert len(diff.changed) == 3  # the renamed measure also has a changed target
    assert table_counts() == before  # a preview writes nothing


def test_importing_changed_content_without_revise_says_what_differs(
    cilegon_plan: Plan, four_changes: bytes
) -> None:
    with pytest.raises(PlanImportError) as refused:
        import_plan(parsed=read_plan_file(four_changes, "perubahan.txt"), actor=None)
    message = str(refused.value)
    assert "3 ukuran diubah (4 isian), 0 ditambah, 0 dihapus" in message
    assert "--revise" in message


def _agency_scope(measure: Measure) -> Scope:
    agency_id = measure.agency_links.order_by("position").first().agency_id  # type: ignore[union-attr]
    return Scope(user_id=None, role="operator", agency_id=agency_id, cluster_ids=frozenset())


def _verified(measure: Measure, period: ReportingPeriod, text: str) -> Realization:
    draft = save_entry(
        entry=Entry(measure=measure, value=read_value(text, unit=measure.unit, target=None)),
        period=period,
        scope=_agency_scope(measure),
        actor=None,
    )
    submitted = submit_realization(realization=draft, scope=_agency_scope(measure), actor=None)
    return verify_realization(realization=submitted, scope=SYSTEM, actor=None)


def _year(plan: Plan, year: int, *, close: bool = True) -> list[ReportingPeriod]:
    periods = create_periods(plan=plan, year=year, scope=SYSTEM, actor=None)
    for period in periods:
        open_period(period=period, scope=SYSTEM, actor=None)
    return periods


def test_a_revision_keeps_realizations_and_capaian_uses_the_targets_in_force_then(
    cilegon_plan: Plan, seed_bytes: bytes
) -> None:
    plan = cilegon_plan
    akta = Measure.objects.get(plan=plan, name=AKTA)
    periods_2024 = _year(plan, 2024)
    realization = _verified(akta, periods_2024[-1], "97,80")
    for period in periods_2024:
        close_period(period=period, scope=SYSTEM, actor=None)
    forget_cached()
    before = plan_achievement(plan, 2024)
    akta_2024 = next(m for m in before.measures if m.id == akta.pk)
    assert akta_2024.score.capaian == Decimal("100.05")  # 97,80 / 97,75

    untouched = set(Target.objects.exclude(measure=akta).values_list("pk", flat=True))
    # The amendment raises 2024 and 2025 and takes effect from 2025-1.
    amended = edited(seed_bytes, [(AKTA, FIRST_TARGET + 1, "99"), (AKTA, FIRST_TARGET + 2, "99,5")])
    result = apply_revision(
        plan=plan,
        parsed=read_plan_file(amended, "perubahan.txt"),
        reason="Perubahan target akta",
        actor=None,
        effective_from=period_key(2025, 1),
    )
    assert (result.revision.number, result.revision.effective_from) == (1, 20251)
    akta.refresh_from_db()
    assert Target.objects.get(measure=akta, year=2024).raw == "99"
    # Only what the document changed is rewritten.
    assert set(Target.objects.exclude(measure=akta).values_list("pk", flat=True)) == untouched
    # The realization is the same row, still the measure's, still verified.
    realization.refresh_from_db()
    assert (realization.measure_id, realization.state) == (akta.pk, Realization.State.VERIFIED)
    forget_cached()
    after = plan_achievement(plan, 2024)
    assert after.revision is not None and after.revision.number == 0
    assert next(m for m in after.measures if m.id == akta.pk).score.capaian == Decimal("100.05")
    later = plan_achievement(plan, 2025)
    assert later.revision is not None and later.revision.number == 1
    assert str(next(m for m in later.measures if m.id == akta.pk).target.raw) == "99,5"  # type: ignore[union-attr]
    assert AuditEvent.objects.filter(action="plan.revise", object_id=str(plan.pk)).count() == 1
    # The terminal and the report name the revision whose targets they use.
    out = io.StringIO()
    call_command("status", "--year", "2025", stdout=out)
    assert (
        "Target menurut revisi 1 rencana, berlaku sejak Caturwulan I 2025; alasan: Perubahan "
        "target akta." in " ".join(out.getvalue().split())
    )
    out = io.StringIO()
    call_command("status", "--year", "2024", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["rencana"]["revisi"]["nomor"] == "0"
    report = build_laporan(plan, year=2025)
    text = " ".join(
        str(getattr(block, "text", "")) for block in report.blocks if hasattr(block, "text")
    )
    assert "Rencana aksi itu telah direvisi. Target menurut revisi 1 rencana" in text
    assert report.cover.lines[-1].endswith(", revisi 1")
    assert build_workbook(plan, year=2025).revision.startswith("Target menurut revisi 1")


SOCIALISED = "Jumlah kecamatan dan kelurahan yang tersosialisasikan kebijakan pemenuhan hak"


def test_a_removed_measure_is_retired_with_its_history_and_no_longer_due(
    cilegon_plan: Plan, seed_bytes: bytes
) -> None:
    plan = cilegon_plan
    gone = Measure.objects.get(plan=plan, name__startswith=SOCIALISED)
    periods = _year(plan, 2024)
    draft = save_entry(
        entry=Entry(measure=gone, value=read_value("51", unit=gone.unit, target=None)),
        period=periods[0],
        scope=_agency_scope(gone),
        actor=None,
    )
    apply_revision(
        plan=plan,
        parsed=read_plan_file(edited(seed_bytes, [], drop=(SOCIALISED,)), "perubahan.txt"),
        reason="Sosialisasi tidak dilanjutkan",
        actor=None,
        effective_from=period_key(2024, 2),
    )
    gone.refresh_from_db()
    assert gone.retired_from == 20242 and gone.retired_in is not None
    assert Realization.objects.filter(pk=draft.pk, measure=gone).exists()
    scope = _agency_scope(gone)
    assert scope.agency_id is not None
    assert gone.pk in {row.measure.pk for row in grid_rows(periods[0], scope.agency_id)}
    assert gone.pk not in {row.measure.pk for row in grid_rows(periods[1], scope.agency_id)}
    with pytest.raises(MonitoringError, match="tidak berlaku"):
        save_entry(
            entry=Entry(measure=gone, value=read_value("51", unit=gone.unit, target=None)),
            period=periods[1],
            scope=scope,
            actor=None,
        )
    assert gone.pk not in {row.id for row in measure_rows(plan)}
    assert len(measure_rows(plan)) == 194
    forget_cached()
    assert gone.pk not in {m.id for m in plan_achievement(plan, 2024).measures}
    # Before it was retired it was part of the plan, and the year's workbook says so.
    assert gone.pk in {m.id for m in plan_achievement(plan, 2023).measures}
    rows = [row.measure for sheet in build_workbook(plan, year=2023).sheets for row in sheet.rows]
    assert gone.name in rows


def test_an_added_measure_is_due_from_the_effective_period(
    cilegon_plan: Plan, seed_bytes: bytes
) -> None:
    plan = cilegon_plan
    text = seed_bytes.decode("utf-8")
    row = next(line for line in text.split("\n") if SOCIALISED in line)
    cells = row.split("\t")
    cells[MEASURE] = "Jumlah posyandu ramah anak yang baru dibentuk"
    cells[UNIT] = "Posyandu"
    added = text.replace(row, row + "\n" + "\t".join(cells)).encode("utf-8")
    periods = _year(plan, 2024)
    result = apply_revision(
        plan=plan,
        parsed=read_plan_file(added, "perubahan.txt"),
        reason="Posyandu ramah anak",
        actor=None,
        effective_from=period_key(2024, 3),
    )
    assert [e.name for e in result.diff.added] == ["Jumlah posyandu ramah anak yang baru dibentuk"]
    assert not result.diff.removed and not result.diff.changed
    new = Measure.objects.get(plan=plan, name="Jumlah posyandu ramah anak yang baru dibentuk")
    assert new.due_from == 20243
    scope = _agency_scope(new)
    assert scope.agency_id is not None
    assert new.pk not in {r.measure.pk for r in grid_rows(periods[1], scope.agency_id)}
    assert new.pk in {r.measure.pk for r in grid_rows(periods[2], scope.agency_id)}


def test_the_same_document_again_is_no_revision(cilegon_plan: Plan, seed_bytes: bytes) -> None:
    before = table_counts()
    with pytest.raises(RevisionError, match="isinya sama"):
        apply_revision(
            plan=cilegon_plan,
            parsed=read_plan_file(seed_bytes, "lagi.txt"),
            reason="Tidak ada",
            actor=None,
        )
    assert table_counts() == before


def test_a_revision_needs_a_reason(cilegon_plan: Plan, four_changes: bytes) -> None:
    with pytest.raises(RevisionError, match="Alasan"):
        apply_revision(
            plan=cilegon_plan,
            parsed=read_plan_file(four_changes, "x.txt"),
            reason="  ",
            actor=None,
        )
    assert PlanRevision.objects.filter(plan=cilegon_plan).count() == 1


def test_the_next_plan_cycle_archives_the_previous_plan(
    cilegon_plan: Plan, seed_bytes: bytes
) -> None:
    periods = _year(cilegon_plan, 2026)
    result = import_plan(parsed=read_plan_file(next_cycle(seed_bytes), "rad-2027.txt"), actor=None)
    new = result.plan
    assert (new.start_year, new.end_year) == (2027, 2030)
    cilegon_plan.refresh_from_db()
    assert cilegon_plan.status == Plan.Status.ARCHIVED
    assert [p.pk for p in result.archived] == [cilegon_plan.pk]
    assert get_plan() == new
    assert get_plan(cilegon_plan.pk) == cilegon_plan
    # Every measure of the new cycle continues one of the old: the seed is the same table.
    assert result.continuing == 195
    akta_new = Measure.objects.get(plan=new, name=AKTA)
    assert akta_new.continues == Measure.objects.get(plan=cilegon_plan, name=AKTA)
    # Read-only: its open periods were closed and cannot open again.
    assert set(
        ReportingPeriod.objects.filter(plan=cilegon_plan).values_list("state", flat=True)
    ) == {ReportingPeriod.State.CLOSED}
    with pytest.raises(MonitoringError, match="diarsipkan"):
        open_period(period=periods[0], scope=SYSTEM, actor=None)
    assert AuditEvent.objects.filter(action="plan.archive", object_id=str(cilegon_plan.pk)).exists()


def test_a_second_plan_for_the_same_years_is_refused(cilegon_plan: Plan, seed_bytes: bytes) -> None:
    before = table_counts()
    renumbered = seed_bytes.replace(b"NOMOR 7 TAHUN 2023", b"NOMOR 8 TAHUN 2023")
    with pytest.raises(PlanImportError, match="bertumpuk"):
        import_plan(parsed=read_plan_file(renumbered, "nomor-8.txt"), actor=None)
    assert table_counts() == before


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command("plan", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_prints_the_diff_and_writes_nothing(
    cilegon_plan: Plan, four_changes: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "perwal-perubahan.txt"
    path.write_bytes(four_changes)
    before = table_counts()
    text = _command("import", str(path), "--dry-run")
    assert "3 ukuran diubah (4 isian), 0 ditambah, 0 dihapus" in text
    assert "target 2024: 97,75 → 97,90" in text
    assert "tidak ada yang diubah" in text
    report = json.loads(_command("import", str(path), "--dry-run", "--format", "json"))
    assert report["summary"] == {"changed": 3, "fields_changed": 4, "added": 0, "removed": 0}
    assert report["next_revision"] == 1
    assert table_counts() == before


def test_revise_from_the_command_line(
    cilegon_plan: Plan, four_changes: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "perwal-perubahan.txt"
    path.write_bytes(four_changes)
    with pytest.raises(CommandError, match="Alasan revisi wajib"):
        _command("import", str(path), "--revise")
    with pytest.raises(CommandError, match="Periode 2031-1 bukan periode rencana"):
        _command("import", str(path), "--revise", "--reason", "x", "--effective", "2031-1")
    text = _command(
        "import", str(path), "--revise", "--reason", "Perwal perubahan", "--effective", "2024-2"
    )
    assert "revisi 1 diterapkan, berlaku sejak Caturwulan II 2024" in text
    revision = PlanRevision.objects.get(plan=cilegon_plan, number=1)
    assert (revision.reason, revision.source_name) == ("Perwal perubahan", path.name)
    _command("export", "--format", "json", "-o", str(tmp_path / "plan.json"))
    exported = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert exported["plan"]["revision"]["number"] == 1
    assert exported["plan"]["revision"]["reason"] == "Perwal perubahan"
    assert exported["plan"]["revision"]["effective_from"] == "2024-2"
    # The same document again is the plan as it stands: nothing to import, nothing refused.
    again = _command("import", str(path))
    assert "sudah ada" in again


def test_an_amending_regulation_is_a_revision_of_the_plan_it_amends(cilegon_plan: Plan) -> None:
    text = amended_seed_text(number="12", year=2025, target_changes=((AKTA, 2026, "99"),))
    result = import_plan(parsed=read_plan_file(text.encode(), "perwal-12-2025.txt"), actor=None)
    assert result.plan == cilegon_plan and not result.created
    assert Plan.objects.count() == 1
    revision = result.revision
    assert revision is not None and revision.number == 1
    assert revision.legal_basis == "Peraturan Wali Kota Cilegon Nomor 12 Tahun 2025"
    assert revision.reason.startswith("Peraturan Wali Kota Cilegon Nomor 12 Tahun 2025 tentang")
    assert result.diff is not None
    assert [(c.label, c.old, c.new) for e in result.diff.changed for c in e.changes] == [
        ("target 2026", "98", "99")
    ]
    # Imported again, it is the plan as it stands: nothing changes.
    again = import_plan(parsed=read_plan_file(text.encode(), "lagi.txt"), actor=None)
    assert again.revision is None and not again.created
    assert PlanRevision.objects.filter(plan=cilegon_plan).count() == 2


def test_an_amendment_of_a_plan_not_here_is_refused(db: None) -> None:
    text = amended_seed_text(number="12", year=2025)
    with pytest.raises(PlanImportError, match="belum diimpor"):
        import_plan(parsed=read_plan_file(text.encode(), "perwal-12-2025.txt"), actor=None)
    assert not Plan.objects.exists()


def test_edits_outside_revisions_are_kept_apart_from_the_next_revision(
    cilegon_plan: Plan, four_changes: bytes
) -> None:
    inovasi = Measure.objects.get(plan=cilegon_plan, name="Jumlah Inovasi")
    Measure.objects.filter(pk=inovasi.pk).update(unit="Inovasi daerah")  # as the admin would
    confirm_polarity(
        plan=cilegon_plan,
        measure_ids=[inovasi.pk],
        polarity_by_id={inovasi.pk: "positive"},
        scope=SYSTEM,
        actor=None,
    )
    apply_revision(
        plan=cilegon_plan,
        parsed=read_plan_file(four_changes, "x.txt"),
        reason="Perubahan",
        actor=None,
    )
    revisions = list(PlanRevision.objects.filter(plan=cilegon_plan).order_by("number", "minor"))
    assert [r.label for r in revisions] == ["0", "0.1", "0.2", "1"]
    outside, polarity, document = revisions[1:]
    assert outside.reason.startswith("Perubahan di luar revisi sejak revisi 0")
    # Every revision is an audit event.
    assert list(
        AuditEvent.objects.filter(object_id=str(cilegon_plan.pk), action__startswith="plan.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["plan.import", "plan.correct", "plan.polarity", "plan.revise"]

    def changes(a: PlanRevision, b: PlanRevision) -> list[tuple[str, str, str]]:
        diff = diff_states(a.snapshot["measures"], b.snapshot["measures"])
        return sorted((c.label, c.old, c.new) for e in diff.changed for c in e.changes)

    assert changes(revisions[0], outside) == [("satuan", "Inovasi", "Inovasi daerah")]
    assert changes(outside, polarity) == [("polaritas dikonfirmasi", "tidak", "ya")]
    # The document's own revision shows only the document's changes, its unit included:
    # the document says "Inovasi" again.
    assert ("satuan", "Inovasi daerah", "Inovasi") in changes(polarity, document)
    assert len(changes(polarity, document)) == 5
