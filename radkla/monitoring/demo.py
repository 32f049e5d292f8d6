"""Demo monitoring data: a realistic, deterministic state of the Cilegon plan.

2023 and 2024 fully reported and verified (periods closed); 2025 open and partly
done, with submitted, returned and draft items and agencies that are late. The
same seed always gives the same numbers. Everything it writes is labelled as
demo data in its audit event; it is for ``radkla demo`` only.

It writes rows in bulk rather than through the services: thousands of service
calls would make the demo slow to start, and the states it sets are ones the
services would have produced.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from radkla.accounts.access import SYSTEM
from radkla.audittrail.services import record_event
from radkla.meetings.services import complete_follow_up, record_meeting
from radkla.monitoring.models import Budget, Evidence, FundingSource, Realization, ReportingPeriod
from radkla.monitoring.services import create_periods
from radkla.plan.models import Agency, Measure, Plan, PlanRevision
from radkla.plan.parsers.cells import Cell, CellKind, format_decimal, is_percent_unit, parse_cell
from radkla.plan.services import record_revision

State = Realization.State
SEED = 20230207  # the regulation's date
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _target_value(cell: Cell | None) -> Decimal | None:
    if cell is None:
        return None
    if cell.kind == CellKind.COMPOSITE:
        return sum((p.value for p in cell.parts), Decimal(0))
    return cell.number


def _value_for(
    rng: random.Random, measure: Measure, target: Cell, period_count: int, number: int
) -> tuple[str, Decimal | None, dict[str, str] | None]:
    """A plausible realization for one period: flows split the year, stocks approach it."""
    percent = is_percent_unit(measure.unit) or target.kind == CellKind.PERCENT or target.percent
    if target.kind == CellKind.COMPOSITE:
        parts = {p.label: str(int(p.value * Decimal(rng.uniform(0.85, 1.0)))) for p in target.parts}
        raw = " ".join(f"{v} {label}" for label, v in parts.items())
        return raw, None, parts
    goal = _target_value(target) or Decimal(1)
    if measure.aggregation == Measure.Aggregation.SUM:
        share = goal / period_count * Decimal(rng.uniform(0.6, 1.25))
        whole = goal == goal.to_integral_value() and not percent
        value = share.quantize(Decimal(1) if whole or goal >= 10 else Decimal("0.1"))
    else:
        progress = Decimal(rng.uniform(0.88, 1.1)) * (Decimal(number) / period_count) ** Decimal(
            "0.2"
        )
        # Counts of things (Puskesmas, kelurahan) stay whole numbers.
        step = Decimal("0.1") if percent or goal != goal.to_integral_value() else Decimal(1)
        value = (goal * progress).quantize(step)
    if percent:
        value = min(value, Decimal(100))
    value = max(value, Decimal(0))
    return format_decimal(value), value, None


def _meetings(plan: Plan, periods: list[ReportingPeriod], rng: random.Random) -> None:
    """One coordination meeting after each period, with decisions that became follow-ups."""
    agencies = {a.acronym: a for a in Agency.objects.filter(measures__plan=plan).distinct()}
    owners = [agencies[k] for k in ("Dinkes", "Dinsos", "Disdukcapil", "DP3AP2KB") if k in agencies]
    for period in periods:
        held_on = period.deadline + dt.timedelta(days=7)
        meeting = record_meeting(
            plan=plan,
            period=period,
            held_on=held_on,
            title=f"Rapat koordinasi Gugus Tugas KLA {period.label}",
            place="Ruang rapat DP3AP2KB",
            minutes=(
                "Sekretariat memaparkan capaian periode ini dari radkla. Instansi menyampaikan "
                "hambatan; disepakati tindak lanjut berikut."
            ),
            attendee_ids=[a.pk for a in agencies.values()][: rng.randint(8, 15)],
            decisions=[
                (
                    f"{owner} melengkapi bukti dukung realisasi {period.label}.",
                    owner.pk,
                    held_on + dt.timedelta(days=30),
                )
                for owner in rng.sample(owners, k=min(2, len(owners)))
            ],
            scope=SYSTEM,
            actor=None,
        )
        if period.year < max(p.year for p in periods):
            for decision in meeting.decisions.all():
                complete_follow_up(
                    decision=decision, note="Sudah dilengkapi.", scope=SYSTEM, actor=None
                )


def generate(*, plan: Plan, today: dt.date, users: dict[str, User]) -> int:
    """Periods, realizations, evidence and budgets for the demo; returns realizations made."""
    if Realization.objects.filter(period__plan=plan).exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311  (demo numbers, not secrets)
    with transaction.atomic():
        # Measures that count kecamatan or kelurahan are reported per area in the demo.
        for level in (Measure.AreaLevel.KECAMATAN, Measure.AreaLevel.KELURAHAN):
            Measure.objects.filter(plan=plan, unit__iexact=level).update(area_level=level)
        revision = record_revision(
            plan=plan,
            kind=PlanRevision.Kind.CORRECTION,
            actor=None,
            reason="Data demo: ukuran bersatuan kecamatan atau kelurahan dilaporkan per wilayah",
            minor=True,
        )
        record_event(
            actor=None,
            action="plan.correct",
            obj=plan,
            summary=f"Data demo: ukuran per wilayah ditetapkan (revisi {revision.label})",
            new={"revision": revision.label, "reason": revision.reason},
        )
        periods: list[ReportingPeriod] = []
        for year in range(plan.start_year, min(plan.end_year, today.year - 1) + 1):
            periods.extend(create_periods(plan=plan, year=year, scope=SYSTEM, actor=None))
        measures = list(
            Measure.objects.filter(plan=plan)
            .prefetch_related("targets", "agency_links__agency")
            .select_related("action__indicator__cluster")
            .order_by("position")
        )
        last_year = max(p.year for p in periods)
        rows: list[Realization] = []
        verifier = users.get("koordinator3") or users.get("sekretariat")
        for period in periods:
            count = sum(1 for p in periods if p.year == period.year)
            current = period.year == last_year
            for measure in measures:
                targets = {t.year: parse_cell(t.raw, measure.unit) for t in measure.targets.all()}
                target = targets.get(period.year)
                if target is None or target.kind in (CellKind.NONE, CellKind.TEXT):
                    continue
                state = State.VERIFIED
                if current:
                    roll = rng.random()
                    # The open year thins out towards its last period.
                    done = {1: 0.9, 2: 0.6, 3: 0.25}.get(period.number, 0.3)
                    if roll > done:
                        continue
                    if period.number > 1:
                        state = rng.choices(
                            [State.VERIFIED, State.SUBMITTED, State.RETURNED, State.DRAFT],
                            weights=[5, 3, 1, 2],
                        )[0]
                raw, number, parts = _value_for(rng, measure, target, count, period.number)
                submitted = timezone.make_aware(
                    dt.datetime.combine(
                        period.deadline - dt.timedelta(days=rng.randint(0, 9)), dt.time(9)
                    )
                )
                rows.append(
                    Realization(
                        measure=measure,
                        period=period,
                        value_raw=raw,
                        value_number=number,
                        value_parts=parts,
                        narrative="Kegiatan berjalan sesuai rencana."
                        if state != State.RETURNED
                        else "",
                        obstacles=rng.choice(
                            ["", "", "Anggaran terbatas.", "Data dari kelurahan terlambat."]
                        ),
                        state=state,
                        return_reason=(
                            "Lengkapi data per kelurahan dan lampirkan bukti."
                            if state == State.RETURNED
                            else ""
                        ),
                        submitted_at=submitted if state != State.DRAFT else None,
                        verified_at=submitted + dt.timedelta(days=5)
                        if state == State.VERIFIED
                        else None,
                        verified_by=verifier if state == State.VERIFIED else None,
                    )
                )
        created = Realization.objects.bulk_create(rows)
        for realization in rng.sample(created, k=min(40, len(created))):
            if realization.state in (State.VERIFIED, State.SUBMITTED):
                evidence = Evidence(
                    realization=realization,
                    stored_name=f"demo-{realization.pk}.pdf",
                    original_name=f"Laporan kegiatan {realization.period.code}.pdf",
                    content_type="application/pdf",
                    size=len(DEMO_PDF),
                    sha256="demo",
                )
                evidence.file.save(evidence.stored_name, ContentFile(DEMO_PDF), save=False)
                evidence.save()
                # Uploaded with the report, so the evaluation pages show believable dates.
                Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=realization.submitted_at)
        budgets = [
            Budget(
                action=measure.action,
                year=year,
                source=FundingSource.APBD_KOTA,
                amount=Decimal(rng.randrange(5, 150) * 1_000_000),
            )
            for measure in measures
            if measure.position % 3 == 0
            for year in range(plan.start_year, plan.end_year + 1)
        ]
        Budget.objects.bulk_create(budgets, ignore_conflicts=True)
        for period in periods:
            period.state = (
                ReportingPeriod.State.OPEN
                if period.year == last_year
                else ReportingPeriod.State.CLOSED
            )
        ReportingPeriod.objects.bulk_update(periods, ["state"])
        _meetings(plan, periods, rng)
        record_event(
            actor=None,
            action="demo.generate",
            obj=plan,
            summary=f"DATA DEMO: {len(created)} realisasi contoh dibuat (benih {SEED})",
            new={"realizations": len(created), "periods": [p.code for p in periods]},
        )
    return len(created)
