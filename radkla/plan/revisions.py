"""Revisions of a plan: an amended document, small corrections, and which revision is in force.

Revision 0 is the import. Applying a new document (an amendment, or the same
regulation re-issued) makes revision 1, 2, …: matched measures keep every
realisation and evidence, removed ones are retired (kept, no longer due from
the revision's effective period), added ones are due from that period. A
correction on the pages is a minor revision (1.1, 1.2) of the revision before
it. The rules are stated once in the README ("Revisi rencana").

Periods are named by their key (``inforce.period_key``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from radkla.accounts.access import Scope, require_secretariat
from radkla.audittrail.services import Actor, record_event
from radkla.lib.text import shortened
from radkla.monitoring.models import ReportingPeriod
from radkla.plan.diff import Candidate, PlanDiff, diff_states, match_measures
from radkla.plan.inforce import (
    PERIODS_PER_YEAR,
    current_revision,
    key_code,
    key_label,
    period_key,
    revision_json,
)
from radkla.plan.models import (
    Action,
    Agency,
    Cluster,
    Indicator,
    Measure,
    MeasureAgency,
    Plan,
    PlanRevision,
    Target,
)
from radkla.plan.parsers.cells import CellKind
from radkla.plan.parsers.perwal import ParsedRegulation
from radkla.plan.proposals import propose_aggregation, propose_polarity, trend_values
from radkla.plan.services import (
    PlanImportError,
    _agency_matcher,
    amended_plan,
    record_outside_changes,
    record_revision,
    state_now,
)

# How a measure is read and reported: the secretariat sets these, the document does not.
SECRETARIAT_SETS = (
    "polarity",
    "polarity_confirmed",
    "aggregation",
    "aggregation_confirmed",
    "requires_evidence",
    "area_level",
)


class RevisionError(PlanImportError):
    """A revision or correction that cannot be applied; nothing was changed."""


_CODE = re.compile(r"^\s*((?:19|20)\d{2})\s*-\s*(\d)\s*$")


def parse_period_code(plan: Plan, code: str) -> int:
    """The key of a period code (``2025-2``) of this plan, or RevisionError saying why not."""
    match = _CODE.match(code or "")
    per_year = PERIODS_PER_YEAR.get(plan.reporting_scheme, 3)
    if match is None:
        raise RevisionError(
            f'Periode berlaku "{shortened(code or "", 20)}" tidak dikenal; tulis TAHUN-PERIODE, '
            f"mis. {plan.start_year}-2. Tidak ada yang diubah."
        )
    year, number = int(match.group(1)), int(match.group(2))
    if not plan.start_year <= year <= plan.end_year or not 1 <= number <= per_year:
        raise RevisionError(
            f"Periode {year}-{number} bukan periode rencana {plan.start_year}-{plan.end_year} "
            f"({per_year} periode setahun). Tidak ada yang diubah."
        )
    return period_key(year, number)


def plan_revised_by(parsed: ParsedRegulation) -> Plan | None:
    """The plan a document revises: the same regulation, or the plan in force for its years.

    None when the region has no such plan (the caller then asks for --plan).
    """
    facts = parsed.facts
    if facts.amends is not None:
        return amended_plan(parsed)
    plans = Plan.objects.select_related("region").filter(region__name__iexact=facts.region_name)
    same = plans.filter(
        regulation_kind=facts.regulation_kind,
        regulation_number=facts.regulation_number,
        regulation_year=facts.regulation_year,
    ).first()
    if same is not None:
        return same
    return (
        plans.filter(start_year=facts.start_year, end_year=facts.end_year)
        .exclude(status=Plan.Status.ARCHIVED)
        .first()
    )


def effective_choices(plan: Plan) -> list[tuple[str, str]]:
    """The periods a new revision may take effect from: none before the last revision's."""
    floor = max(
        (r.effective_from or 0 for r in PlanRevision.objects.filter(plan=plan).defer("snapshot")),
        default=0,
    )
    per_year = PERIODS_PER_YEAR.get(plan.reporting_scheme, 3)
    keys = [
        period_key(year, number)
        for year in plan.years
        for number in range(1, per_year + 1)
        if period_key(year, number) >= floor
    ]
    return [(key_code(key), key_label(plan, key)) for key in keys]


def plan_revisions(plan: Plan) -> list[PlanRevision]:
    """Every revision of the plan, oldest first, without their snapshots (one query)."""
    return list(
        PlanRevision.objects.filter(plan=plan)
        .defer("snapshot")
        .select_related("created_by")
        .order_by("number", "minor")
    )


def default_effective(plan: Plan) -> int:
    """Where a revision takes effect unless told: the open period, else the next one.

    Periods already closed were monitored against the targets of their time.
    """
    periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("year", "number"))
    opened = [p for p in periods if p.state == ReportingPeriod.State.OPEN]
    if opened:
        return period_key(opened[0].year, opened[0].number)
    closed = [p for p in periods if p.state == ReportingPeriod.State.CLOSED]
    if not closed:
        return period_key(plan.start_year, 1)
    last = closed[-1]
    if last.number < PERIODS_PER_YEAR.get(plan.reporting_scheme, 3):
        return period_key(last.year, last.number + 1)
    return period_key(min(last.year + 1, plan.end_year), 1)


# -- a new document against the plan in force -----------------------------------


@dataclass(frozen=True, slots=True)
class RevisionPreview:
    """What applying a document would change, computed without writing anything."""

    plan: Plan
    parsed: ParsedRegulation
    diff: PlanDiff
    pairs: Mapping[str, str]  # "+index" of the document's measure → id of the plan's measure
    agencies: Sequence[Sequence[str]]  # per document measure, the agencies it names
    new_agencies: Sequence[str]
    warnings: Sequence[str]
    current: PlanRevision | None

    def to_json(self, effective_from: int | None = None) -> dict[str, Any]:
        return {
            "plan": self.plan.pk,
            "revision_in_force": revision_json(self.current, self.plan),
            "next_revision": (self.current.number + 1) if self.current else 0,
            "effective_from": key_code(effective_from),
            "source": Path(self.parsed.source_name).name,
            "fingerprint": self.parsed.table.fingerprint(),
            **self.diff.to_json(),
            "warnings": list(self.warnings),
        }


def _check_document_fits(plan: Plan, parsed: ParsedRegulation) -> None:
    facts = parsed.facts
    source = parsed.source_name
    if (facts.start_year, facts.end_year) != (plan.start_year, plan.end_year):
        raise RevisionError(
            f"{source}: dokumen ini untuk tahun {facts.start_year}-{facts.end_year}, sedangkan "
            f"rencana #{plan.pk} untuk {plan.start_year}-{plan.end_year}. Rencana periode "
            "berikutnya diimpor sebagai rencana baru (tanpa --revise). Tidak ada yang diubah."
        )
    if facts.region_name.casefold() != plan.region.name.casefold():
        raise RevisionError(
            f"{source}: dokumen ini untuk {facts.region_level} {facts.region_name}, sedangkan "
            f"rencana #{plan.pk} untuk {plan.region.name}. Tidak ada yang diubah."
        )


def preview_revision(plan: Plan, parsed: ParsedRegulation) -> RevisionPreview:
    """Match the document's measures to the plan's and list every difference (reads only)."""
    _check_document_fits(plan, parsed)
    current_state = state_now(plan)["measures"]
    present = {k: v for k, v in current_state.items() if v.get("retired_from") is None}
    old = [Candidate(k, v["indicator"], v["action"], v["name"]) for k, v in present.items()]
    table = parsed.table
    new = [
        Candidate(f"+{i}", f"{m.indicator_no}{m.indicator_sub}", m.action, m.measure)
        for i, m in enumerate(table.measures)
    ]
    pairs = match_measures(old, new)
    matcher, known, _catalogue = _agency_matcher(plan.region_id)
    warnings = list(parsed.warnings)
    document_state: dict[str, dict[str, Any]] = {}
    agencies: list[tuple[str, ...]] = []
    for i, m in enumerate(table.measures):
        match = matcher.match(m.agency_raw)
        agencies.append(tuple(match.agencies))
        where = f"{parsed.source_name}, {m.location}"
        cells = (m.baseline, *(c for _y, c in m.targets))
        warnings.extend(f"{where}: {c.warning}" for c in cells if c.kind == CellKind.TEXT)
        warnings.extend(
            f'{where}: instansi "{phrase}" tidak dikenal; tambahkan sebagai alias instansi '
            "bila perlu."
            for phrase in match.unmatched
        )
        key = pairs.get(f"+{i}", f"+{i}")
        state: dict[str, Any] = {
            "indicator": f"{m.indicator_no}{m.indicator_sub}",
            "action": m.action,
            "name": m.measure,
            "unit": m.unit,
            "baseline": m.baseline.raw,
            "program": m.program,
            "targets": {str(year): cell.raw for year, cell in m.targets},
            "agencies": list(match.agencies),
            "position": i,
            "location": m.location,
        }
        if key in present:
            # What the document does not state stays as the secretariat set it.
            for field in SECRETARIAT_SETS:
                state[field] = present[key][field]
        document_state[key] = state
    new_agencies = sorted({n for names in agencies for n in names} - set(known))
    return RevisionPreview(
        plan=plan,
        parsed=parsed,
        diff=diff_states(current_state, document_state),
        pairs=pairs,
        agencies=agencies,
        new_agencies=new_agencies,
        warnings=warnings,
        current=current_revision(plan),
    )


@dataclass(frozen=True, slots=True)
class RevisionResult:
    revision: PlanRevision
    diff: PlanDiff
    warnings: tuple[str, ...]


def apply_revision(
    *,
    plan: Plan,
    parsed: ParsedRegulation,
    reason: str,
    actor: Actor,
    effective_from: int | None = None,
    legal_basis: str = "",
) -> RevisionResult:
    """Make the document the plan's next revision, in one transaction.

    Matched measures are updated in place (their realisations, evidence and
    budgets stay theirs); removed ones are retired from ``effective_from``;
    added ones are due from it. Refused when nothing differs.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise RevisionError("Alasan revisi wajib diisi; tidak ada yang diubah.")
    with transaction.atomic(durable=True):
        plan = Plan.objects.select_for_update().select_related("region").get(pk=plan.pk)
        if plan.status == Plan.Status.ARCHIVED:
            raise RevisionError(
                f"Rencana #{plan.pk} sudah diarsipkan dan hanya dapat dibaca; tidak ada yang "
                "diubah."
            )
        record_outside_changes(plan)
        preview = preview_revision(plan, parsed)
        if not preview.diff:
            label = preview.current.label if preview.current else "0"
            raise RevisionError(
                f"{parsed.source_name}: isinya sama dengan rencana yang berlaku (revisi {label}); "
                "tidak ada yang diubah."
            )
        if effective_from is None:
            effective_from = default_effective(plan)
        earlier = [
            r.effective_from
            for r in plan_revisions(plan)
            if r.effective_from is not None and r.effective_from > effective_from
        ]
        if earlier:
            raise RevisionError(
                f"Revisi sebelumnya sudah berlaku sejak {key_label(plan, max(earlier))}; revisi "
                "baru tidak dapat berlaku lebih awal. Tidak ada yang diubah."
            )
        _write_document(plan, preview, effective_from)
        fingerprint = parsed.table.fingerprint()
        revision = record_revision(
            plan=plan,
            kind=PlanRevision.Kind.DOCUMENT,
            actor=actor,
            reason=reason,
            effective_from=effective_from,
            source_name=Path(parsed.source_name).name,
            fingerprint=fingerprint,
            legal_basis=legal_basis or parsed.facts.legal_basis,
            warnings=preview.warnings,
        )
        Measure.objects.filter(plan=plan, retired_from=effective_from, retired_in=None).update(
            retired_in=revision
        )
        # The plan now stands on this document: its name, content and warnings.
        plan.source_name = revision.source_name
        plan.source_fingerprint = fingerprint
        plan.import_warnings = list(preview.warnings)
        plan.save(update_fields=["source_name", "source_fingerprint", "import_warnings"])
        diff = preview.diff
        record_event(
            actor=actor,
            action="plan.revise",
            obj=plan,
            summary=f"Revisi {revision.label} rencana: {diff.summary()}",
            old={"revision": preview.current.label if preview.current else None},
            new={
                "revision": revision.label,
                "reason": reason,
                "effective_from": key_code(effective_from),
                "source": revision.source_name,
                "fingerprint": fingerprint,
                "changed": len(diff.changed),
                "added": len(diff.added),
                "removed": len(diff.removed),
            },
        )
    return RevisionResult(revision, diff, tuple(preview.warnings))


def _write_document(plan: Plan, preview: RevisionPreview, effective_from: int) -> None:
    """Bring the plan's rows to the document's content (inside apply_revision's transaction)."""
    table = preview.parsed.table
    clusters = {c.code: c for c in Cluster.objects.filter(plan=plan)}
    for code, heading in table.cluster_headings.items():
        if code in clusters and clusters[code].heading != heading:
            clusters[code].heading = heading
            clusters[code].save(update_fields=["heading"])

    indicators = {(i.number, i.sub): i for i in Indicator.objects.filter(plan=plan)}
    seen_indicators: list[Indicator] = []
    dirty: set[int] = set()  # id() of the rows to save: only what changed is written
    for m in table.measures:
        key = (m.indicator_no, m.indicator_sub)
        indicator = indicators.get(key)
        if indicator is None:
            indicator = Indicator(plan=plan, number=m.indicator_no, sub=m.indicator_sub)
            indicators[key] = indicator
        if indicator in seen_indicators:
            continue
        if _assign(
            indicator,
            cluster_id=clusters[m.cluster_code].pk,
            name=m.indicator,
            section_heading=m.section_heading,
            source_line=m.indicator_location,
        ):
            dirty.add(id(indicator))
        seen_indicators.append(indicator)
    dirty |= _place(seen_indicators, list(indicators.values()))
    for indicator in indicators.values():
        if id(indicator) in dirty or indicator.pk is None:
            indicator.save()

    old_measures = {str(m.pk): m for m in Measure.objects.filter(plan=plan)}
    # An action keeps its row (and its budgets) when the document's action holds the
    # same measures: the old action most of its matched measures stood under.
    actions = {a.pk: a for a in Action.objects.filter(plan=plan)}
    by_key: dict[int, Action] = {}
    claimed: set[int] = set()
    first_of: dict[int, Any] = {}
    members: dict[int, list[int]] = {}
    for i, m in enumerate(table.measures):
        first_of.setdefault(m.action_key, m)
        members.setdefault(m.action_key, []).append(i)
    for action_key, m in first_of.items():
        votes = Counter(
            old_measures[preview.pairs[f"+{i}"]].action_id
            for i in members[action_key]
            if f"+{i}" in preview.pairs
        )
        reuse = next((pk for pk, _n in votes.most_common() if pk not in claimed), None)
        action = actions[reuse] if reuse is not None else Action(plan=plan)
        if reuse is not None:
            claimed.add(reuse)
        if _assign(
            action,
            indicator_id=indicators[(m.indicator_no, m.indicator_sub)].pk,
            name=m.action,
            source_line=m.action_location,
        ):
            dirty.add(id(action))
        by_key[action_key] = action
    ordered_actions = list(by_key.values())
    dirty |= _place(
        ordered_actions, [*ordered_actions, *(a for pk, a in actions.items() if pk not in claimed)]
    )
    for action in [*ordered_actions, *actions.values()]:
        if id(action) in dirty or action.pk is None:
            action.save()
            dirty.discard(id(action))

    matched = {old_key: int(new_key[1:]) for new_key, old_key in preview.pairs.items()}
    kept: list[Measure] = []
    created: list[Measure] = []
    for i, m in enumerate(table.measures):
        old_key = preview.pairs.get(f"+{i}")
        measure = old_measures[old_key] if old_key else Measure(plan=plan, due_from=effective_from)
        if old_key is None:
            measure.polarity = propose_polarity(
                m.measure, m.unit, trend_values(c for _y, c in m.targets)
            ).polarity
            measure.aggregation = propose_aggregation(m.measure, m.unit)
        changed = _assign(
            measure,
            action_id=by_key[m.action_key].pk,
            name=m.measure,
            unit=m.unit,
            baseline_raw=m.baseline.raw,
            baseline_kind=str(m.baseline.kind),
            baseline_value=m.baseline.value_json(),
            agency_raw=m.agency_raw,
            program=m.program,
            position=i,
            source_line=m.location,
        )
        if old_key is None:
            created.append(measure)
        elif changed:
            kept.append(measure)
    retired = [
        m for key, m in old_measures.items() if key not in matched and m.retired_from is None
    ]
    already_retired = [m for key, m in old_measures.items() if m.retired_from is not None]
    moved = [
        measure
        for offset, measure in enumerate([*retired, *already_retired], start=len(table.measures))
        if _assign(measure, position=offset)
    ]
    for measure in retired:
        measure.retired_from = effective_from
    Measure.objects.bulk_update(
        kept,
        [
            "action",
            "name",
            "unit",
            "baseline_raw",
            "baseline_kind",
            "baseline_value",
            "agency_raw",
            "program",
            "position",
            "source_line",
        ],
    )
    Measure.objects.bulk_update(
        list({id(m): m for m in [*retired, *moved]}.values()), ["position", "retired_from"]
    )
    Measure.objects.bulk_create(created)

    # Targets and agency links are replaced only where the document differs.
    stored_targets: dict[int, list[tuple[int, str]]] = {}
    for measure_id, year, raw in (
        Target.objects.filter(measure__plan=plan)
        .order_by("measure_id", "year")
        .values_list("measure_id", "year", "raw")
    ):
        stored_targets.setdefault(measure_id, []).append((year, raw))
    stored_links: dict[int, list[str]] = {}
    for measure_id, name in (
        MeasureAgency.objects.filter(measure__plan=plan)
        .order_by("measure_id", "position")
        .values_list("measure_id", "agency__name")
    ):
        stored_links.setdefault(measure_id, []).append(name)
    in_document = {int(old_key): index for old_key, index in matched.items()}
    for measure in created:
        in_document[measure.pk] = measure.position
    new_targets = {
        measure_id
        for measure_id, index in in_document.items()
        if stored_targets.get(measure_id, [])
        != [(year, cell.raw) for year, cell in table.measures[index].targets]
    }
    new_links = {
        measure_id
        for measure_id, index in in_document.items()
        if stored_links.get(measure_id, []) != list(preview.agencies[index])
    }
    Target.objects.filter(measure_id__in=list(new_targets)).delete()
    MeasureAgency.objects.filter(measure_id__in=list(new_links)).delete()
    _matcher, known, catalogue = _agency_matcher(plan.region_id)
    for name in preview.new_agencies:
        entry = catalogue[name]
        known[name] = Agency.objects.create(
            region_id=plan.region_id,
            name=name,
            acronym=entry.acronym,
            aliases="\n".join(entry.aliases),
        )
    Target.objects.bulk_create(
        Target(
            measure_id=measure_id,
            year=year,
            raw=cell.raw,
            kind=str(cell.kind),
            value=cell.value_json(),
        )
        for measure_id in new_targets
        for year, cell in table.measures[in_document[measure_id]].targets
    )
    MeasureAgency.objects.bulk_create(
        MeasureAgency(measure_id=measure_id, agency=known[name], position=position)
        for measure_id in new_links
        for position, name in enumerate(preview.agencies[in_document[measure_id]])
    )


def _assign(row: Any, **values: Any) -> bool:
    """Set these fields on a row; whether any of them changed."""
    changed = False
    for field, value in values.items():
        if getattr(row, field) != value:
            setattr(row, field, value)
            changed = True
    return changed


def _place(in_document: Sequence[Any], every: Sequence[Any]) -> set[int]:
    """Number rows in the document's order, then the rows only older revisions hold.

    Returns the ``id()`` of the rows whose position changed.
    """
    mine = {id(row) for row in in_document}
    rest = [row for row in every if id(row) not in mine]
    return {
        id(row)
        for position, row in enumerate([*in_document, *rest])
        if _assign(row, position=position)
    }


# -- small corrections on the pages ----------------------------------------------

CORRECTABLE = ("name", "unit", *SECRETARIAT_SETS)


def measure_fingerprint(measure: Measure) -> str:
    """The correctable fields as the page showed them, to refuse a stale correction."""
    return "|".join(str(getattr(measure, field)) for field in CORRECTABLE)


def correct_measure(
    *,
    measure: Measure,
    values: Mapping[str, Any],
    reason: str,
    scope: Scope,
    actor: Actor,
    shown: str | None = None,
) -> PlanRevision | None:
    """Correct one measure's text, unit or reading as a minor revision (one transaction).

    Returns the revision, or None when nothing differs. ``shown`` is
    ``measure_fingerprint`` as the page had it: a change since is refused.
    """
    require_secretariat(scope)
    reason = " ".join((reason or "").split())
    if not reason:
        raise RevisionError("Alasan koreksi wajib diisi; tidak ada yang diubah.")
    unknown = set(values) - set(CORRECTABLE)
    if unknown:
        raise RevisionError(f"Isian {', '.join(sorted(unknown))} tidak dapat dikoreksi di sini.")
    if "name" in values and not str(values["name"]).strip():
        raise RevisionError("Teks ukuran tidak boleh kosong; tidak ada yang diubah.")
    with transaction.atomic(durable=True):
        locked = Measure.objects.select_for_update().select_related("plan").get(pk=measure.pk)
        plan = locked.plan
        if plan.status == Plan.Status.ARCHIVED:
            raise RevisionError(
                f"Rencana #{plan.pk} sudah diarsipkan dan hanya dapat dibaca; tidak ada yang "
                "diubah."
            )
        if shown is not None and shown != measure_fingerprint(locked):
            raise RevisionError(
                f'Ukuran "{shortened(locked.name, 80)}" sudah diubah orang lain sejak halaman ini '
                "dibuka; tidak ada yang diubah. Periksa lagi halaman yang dimuat ulang."
            )
        old = {field: getattr(locked, field) for field in values}
        changed = {f: v for f, v in values.items() if getattr(locked, f) != v}
        if not changed:
            return None
        record_outside_changes(plan)
        for field, value in changed.items():
            setattr(locked, field, value)
        locked.full_clean(exclude=["plan", "action", "baseline_kind", "continues", "retired_in"])
        locked.save(update_fields=list(changed))
        revision = record_revision(
            plan=plan, kind=PlanRevision.Kind.CORRECTION, actor=actor, reason=reason, minor=True
        )
        record_event(
            actor=actor,
            action="plan.correct",
            obj=plan,
            summary=f'Koreksi ukuran "{shortened(locked.name, 80)}" (revisi {revision.label})',
            old={"measure": locked.pk, **{f: old[f] for f in changed}},
            new={"measure": locked.pk, "revision": revision.label, "reason": reason, **changed},
        )
    return revision
