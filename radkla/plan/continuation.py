"""Baselines of a plan that continues the previous cycle, proposed from its verified figures.

The next regulation states each continuing measure's baseline as known when it
was drafted, often a year before the previous plan's last verified realization.
The secretariat may take that realization instead: the newest year in which the
previous plan's capaian (the figures the dashboards show) has a verified value
for the measure. Accepting writes the chosen baselines as one minor revision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from radkla.accounts.access import Scope, require_secretariat
from radkla.achievement.selectors import data_year, plan_achievement
from radkla.audittrail.services import Actor, record_event
from radkla.lib.text import shortened
from radkla.plan.models import Measure, Plan, PlanRevision
from radkla.plan.parsers.cells import format_decimal, parse_cell
from radkla.plan.services import record_outside_changes, record_revision

DEFAULT_REASON = "Data dasar diambil dari realisasi terverifikasi rencana sebelumnya"


class BaselineError(ValueError):
    """A refused acceptance: nothing was written."""


@dataclass(frozen=True, slots=True)
class BaselineProposal:
    """A continuing measure: its baseline as the document states it and the previous figure."""

    measure_id: int
    position: int
    indicator_label: str
    name: str
    unit: str
    baseline_raw: str
    previous_plan: str  # "2023-2026"
    year: int | None  # the newest year of the previous plan with a verified value
    value: Decimal | None  # that year's value; None when missing or not one number

    @property
    def per_part(self) -> bool:
        """The document's baseline has parts (``8 Kecamatan 43 Kelurahan``): one number
        would lose them, so it is not offered."""
        return bool(parse_cell(self.baseline_raw, self.unit).parts)

    @property
    def available(self) -> bool:
        return self.value is not None and not self.per_part

    @property
    def value_text(self) -> str:
        """The value as the plan writes numbers: ``97,8``."""
        return format_decimal(self.value) if self.value is not None else ""

    @property
    def unchanged(self) -> bool:
        """The document's baseline already reads as this value."""
        cell = parse_cell(self.baseline_raw, self.unit)
        return self.value is not None and cell.number == self.value and not cell.parts


def continuing_measures(plan: Plan) -> list[Measure]:
    """The plan's measures (still in the plan) that continue a measure of an earlier plan."""
    return list(
        Measure.objects.filter(plan=plan, continues__isnull=False, retired_from__isnull=True)
        .select_related("action__indicator", "continues__plan")
        .order_by("position")
    )


def continuing_count(plan: Plan) -> int:
    return Measure.objects.filter(
        plan=plan, continues__isnull=False, retired_from__isnull=True
    ).count()


Found = dict[int, tuple[int, Decimal | None]]  # measure id → (year, value)


def _newest_verified(previous: Plan, measure_ids: set[int]) -> Found:
    """For each measure, the newest year of ``previous`` with a verified value, and the value.

    The value is None when that year's value is not one number (a composite). Years
    are read newest first through the dashboards' own ``plan_achievement`` and the
    search stops once every measure has been found.
    """
    found: Found = {}
    for year in range(data_year(previous), previous.start_year - 1, -1):
        remaining = measure_ids - found.keys()
        if not remaining:
            break
        for result in plan_achievement(previous, year).measures:
            value = result.value
            if result.id in remaining and value is not None and value.total is not None:
                found[result.id] = (year, None if value.parts else value.number)
    return found


def baseline_proposals(plan: Plan) -> list[BaselineProposal]:
    """Every continuing measure of the plan with its previous plan's last verified value."""
    measures = continuing_measures(plan)
    by_previous: dict[int, set[int]] = defaultdict(set)
    previous_plans: dict[int, Plan] = {}
    for measure in measures:
        previous = measure.continues.plan  # type: ignore[union-attr]
        previous_plans[previous.pk] = previous
        by_previous[previous.pk].add(measure.continues_id)  # type: ignore[arg-type]
    values: Found = {}
    for plan_id, ids in by_previous.items():
        values.update(_newest_verified(previous_plans[plan_id], ids))
    proposals = []
    for measure in measures:
        previous = measure.continues.plan  # type: ignore[union-attr]
        year, value = values.get(measure.continues_id, (None, None))  # type: ignore[arg-type]
        proposals.append(
            BaselineProposal(
                measure_id=measure.pk,
                position=measure.position,
                indicator_label=measure.action.indicator.label,
                name=measure.name,
                unit=measure.unit,
                baseline_raw=measure.baseline_raw,
                previous_plan=f"{previous.start_year}-{previous.end_year}",
                year=year,
                value=value,
            )
        )
    return proposals


@dataclass(frozen=True, slots=True)
class BaselineResult:
    changed: int
    revision: PlanRevision | None  # None when every chosen baseline already had its value


def accept_baselines(
    *,
    plan: Plan,
    measure_ids: Sequence[int],
    reason: str,
    scope: Scope,
    actor: Actor,
) -> BaselineResult:
    """Take the previous plan's verified values as these measures' baselines, in one transaction.

    The values are computed again inside the transaction, so what is written is what
    the previous plan shows now. Writes one minor revision and one audit event.
    """
    require_secretariat(scope)
    reason = reason.strip()
    if not reason:
        raise BaselineError("Alasan wajib diisi; tidak ada yang diubah.")
    ids = list(dict.fromkeys(measure_ids))
    if not ids:
        raise BaselineError("Tidak ada ukuran yang dipilih; tidak ada yang diubah.")
    with transaction.atomic(durable=True):
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.status == Plan.Status.ARCHIVED:
            raise BaselineError(
                f"Rencana {locked.start_year}-{locked.end_year} sudah diarsipkan dan hanya dapat "
                "dibaca; tidak ada yang diubah."
            )
        proposals = {p.measure_id: p for p in baseline_proposals(locked)}
        found = {
            m.pk: m for m in Measure.objects.select_for_update().filter(plan=locked, pk__in=ids)
        }
        old: dict[str, str] = {}
        new: dict[str, str] = {}
        changed = []
        for measure_id in ids:
            proposal = proposals.get(measure_id)
            measure = found.get(measure_id)
            if proposal is None or measure is None:
                raise BaselineError(
                    f"Ukuran #{measure_id} bukan lanjutan rencana sebelumnya dalam rencana ini; "
                    "tidak ada yang diubah."
                )
            if not proposal.available:
                raise BaselineError(
                    f'Ukuran "{shortened(measure.name, 80)}" belum ada realisasi terverifikasi '
                    "berupa satu angka pada rencana sebelumnya; tidak ada yang diubah."
                )
            raw = proposal.value_text
            if measure.baseline_raw == raw:
                continue
            cell = parse_cell(raw, measure.unit)
            old[str(measure.pk)] = measure.baseline_raw
            new[str(measure.pk)] = raw
            measure.baseline_raw = raw
            measure.baseline_kind = str(cell.kind)
            measure.baseline_value = cell.value_json()
            changed.append(measure)
        if not changed:
            return BaselineResult(changed=0, revision=None)
        record_outside_changes(plan)
        Measure.objects.bulk_update(changed, ["baseline_raw", "baseline_kind", "baseline_value"])
        revision = record_revision(
            plan=locked,
            kind=PlanRevision.Kind.CORRECTION,
            actor=actor,
            reason=reason,
            minor=True,
        )
        record_event(
            actor=actor,
            action="plan.baseline",
            obj=locked,
            summary=(
                f"Data dasar {len(changed)} ukuran diambil dari realisasi terverifikasi "
                f"rencana sebelumnya (revisi {revision.label}): {reason}"
            ),
            old=old,
            new=new,
        )
    return BaselineResult(changed=len(changed), revision=revision)
