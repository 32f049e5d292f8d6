"""Readiness for the national KLA evaluation, read in a fixed number of queries.

The evaluation held in year E looks at its data window (by default the plan
year E−1, see ``window``). Per national indicator: the plan's actions behind it
with their capaian in the window's last year, the checklist items proven by
verified evidence from the window's periods (or city documents uploaded by the
end of E), awaiting verification or missing, the agencies responsible, and the
points it earns and could still gain.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from radkla.achievement.engine import Category, rollup
from radkla.achievement.selectors import MeasureResult, cached_plan_achievement
from radkla.evaluation import reference
from radkla.evaluation.models import CityDocument, EvidenceTag, NationalIndicator
from radkla.evaluation.services import Weights, proposed_mapping, weights_for, window_for
from radkla.evaluation.window import DataWindow, evaluation_years
from radkla.lib.localtime import local_date, local_zone
from radkla.monitoring.models import Evidence, Realization, ReportingPeriod
from radkla.plan.models import Action, Measure, Plan

State = Realization.State
VERIFIED, AWAITING, DRAFT, MISSING = "verified", "awaiting", "draft", "missing"
STATUS_LABELS = {
    VERIFIED: "Terverifikasi",
    AWAITING: "Menunggu verifikasi",
    DRAFT: "Draf",
    MISSING: "Belum ada",
}
STATUS_OF_STATE: dict[str, str] = {State.VERIFIED: VERIFIED, State.SUBMITTED: AWAITING}


@dataclass(frozen=True, slots=True)
class ActionStatus:
    id: int
    name: str
    indicator_label: str
    capaian: Decimal | None
    category: Category | None
    reported: bool  # a verified realization in the capaian year

    @property
    def carried_out(self) -> bool:
        """Reported, and not at zero: by its capaian, or where there is none (no scorable
        target, a summed measure in a year still in progress) by its values."""
        if self.capaian is not None:
            return self.reported and self.capaian > 0
        return self.reported and self.above_zero

    agencies: tuple[str, ...]
    above_zero: bool = True  # some verified value of the year is above zero


@dataclass(frozen=True, slots=True)
class ProofFile:
    """An evidence file of a realization, or a city document, behind a national indicator."""

    kind: str  # "evidence" or "document"
    id: int
    national: int
    name: str  # the file name as uploaded
    title: str  # what it is: its checklist items, or the measure it was uploaded for
    agency: str
    agency_id: int | None
    day: date  # uploaded, local day
    status: str  # VERIFIED, AWAITING or DRAFT
    verified_by: str
    item_ids: tuple[int, ...]
    stored: str  # the file's name in the storage
    period: str = ""  # the realization's period, for evidence: ``Caturwulan I 2025``
    cluster_id: int | None = None  # the measure's, for evidence (who may see it)
    measure_agency_ids: frozenset[int] = frozenset()


@dataclass(slots=True)
class ItemStatus:
    id: int
    document: str
    source: str
    files: list[ProofFile] = field(default_factory=list)

    @property
    def status(self) -> str:
        """Verified when any file proving it is; awaiting when one waits; else missing."""
        found = {f.status for f in self.files}
        return VERIFIED if VERIFIED in found else AWAITING if AWAITING in found else MISSING


@dataclass(slots=True)
class IndicatorReadiness:
    number: int
    cluster: str
    name: str
    local: list[str] = field(default_factory=list)  # the plan's indicator labels
    actions: list[ActionStatus] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    agency_ids: set[int] = field(default_factory=set)
    items: list[ItemStatus] = field(default_factory=list)
    files: list[ProofFile] = field(default_factory=list)
    weight: Decimal = Decimal(0)
    points: Decimal = Decimal(0)

    @property
    def cluster_name(self) -> str:
        return reference.CLUSTER_NAMES[self.cluster]

    @property
    def gain(self) -> Decimal:
        """Points still open if every missing item were supplied."""
        return self.weight - self.points if self.items else Decimal(0)

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item.status == status)

    @property
    def verified(self) -> int:
        return self.count(VERIFIED)

    @property
    def awaiting(self) -> int:
        return self.count(AWAITING)

    @property
    def missing(self) -> int:
        return self.count(MISSING)

    @property
    def done(self) -> list[ActionStatus]:
        """Telah dilaksanakan: a verified realization in the capaian year, above zero."""
        return [a for a in self.actions if a.carried_out]

    @property
    def not_done(self) -> list[ActionStatus]:
        return [a for a in self.actions if not a.carried_out]

    @property
    def needed(self) -> list[ItemStatus]:
        """Data yang dibutuhkan: items not yet proven by verified evidence."""
        return [item for item in self.items if item.status != VERIFIED]


@dataclass(frozen=True, slots=True)
class Readiness:
    plan: Plan
    evaluation_year: int
    window: DataWindow  # the plan years whose data count
    weights: Weights  # of the evaluation year
    indicators: list[IndicatorReadiness]  # the most points to gain first
    total: Decimal
    category: str | None
    what_if_total: Decimal
    what_if_category: str | None

    @property
    def files(self) -> list[ProofFile]:
        return [f for i in sorted(self.indicators, key=lambda i: i.number) for f in i.files]


def default_evaluation_year(plan: Plan) -> int:
    """The evaluation of the newest plan year with a period opened: that year + 1.

    Without any opened period, the current year's evaluation; always one the
    plan's data can serve (the year after a plan year).
    """
    years = evaluation_years(plan.start_year, plan.end_year)
    started = (
        ReportingPeriod.objects.filter(plan=plan, year__in=plan.years)
        .exclude(state=ReportingPeriod.State.UPCOMING)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    wanted = started + 1 if started else timezone.localdate().year
    return min(max(wanted, years.start), years.stop - 1)


def _evidence_files(
    plan: Plan,
    window: DataWindow,
    national_of: dict[int, int],
    measures: dict[int, MeasureResult],
) -> list[ProofFile]:
    """The evidence of realizations in the window's periods, read as plain values (two queries)."""
    # Through the plan's periods, not its measures: the database then walks the
    # window's realizations only (a tenth of the time on a large plan).
    in_window = {
        "realization__period__plan": plan,
        "realization__period__year__range": (window.first, window.last),
    }
    tags: dict[int, list[int]] = defaultdict(list)
    for evidence_id, item_id in (
        EvidenceTag.objects.filter(**{f"evidence__{k}": v for k, v in in_window.items()})
        .order_by("item_id")
        .values_list("evidence_id", "item_id")
    ):
        tags[evidence_id].append(item_id)
    rows = (
        Evidence.objects.filter(**in_window)
        .order_by("uploaded_at", "id")
        .values(
            "id",
            "original_name",
            "file",
            "uploaded_at",
            "realization__state",
            "realization__measure_id",
            "realization__period__year",
            "realization__period__number",
            "realization__period__scheme",
            "realization__verified_by__username",
            "uploaded_by__profile__agency_id",
            "uploaded_by__profile__agency__acronym",
            "uploaded_by__profile__agency__name",
        )
    )
    files = []
    for row in rows:
        measure = measures[row["realization__measure_id"]]
        # The uploader's agency; for a file uploaded by someone without one, the row's first.
        agency_id: int | None = row["uploaded_by__profile__agency_id"]
        agency = row["uploaded_by__profile__agency__acronym"]
        agency = agency or row["uploaded_by__profile__agency__name"]
        if agency_id is None and measure.agency_ids:
            agency_id, agency = measure.agency_ids[0], measure.agencies[0]
        status = STATUS_OF_STATE.get(row["realization__state"], DRAFT)
        period = ReportingPeriod(
            year=row["realization__period__year"],
            number=row["realization__period__number"],
            scheme=row["realization__period__scheme"],
        )
        files.append(
            ProofFile(
                kind="evidence",
                id=row["id"],
                national=national_of[measure.indicator_id],
                name=row["original_name"],
                title=measure.name,
                agency=agency or "",
                agency_id=agency_id,
                day=local_date(row["uploaded_at"]),
                status=status,
                verified_by=(row["realization__verified_by__username"] or "")
                if status == VERIFIED
                else "",
                item_ids=tuple(tags.get(row["id"], ())),
                stored=row["file"],
                period=period.label,
                cluster_id=measure.cluster_id,
                measure_agency_ids=frozenset(measure.agency_ids),
            )
        )
    return files


def _document_files(plan: Plan, window: DataWindow) -> list[ProofFile]:
    """City documents have no data year: those uploaded by the end of the evaluation year."""
    documents = (
        CityDocument.objects.filter(
            plan=plan, uploaded_at__lt=window.documents_before(local_zone())
        )
        .select_related("national", "uploaded_by")
        .order_by("uploaded_at", "id")
    )
    return [
        ProofFile(
            kind="document",
            id=d.pk,
            national=d.national.number,
            name=d.original_name,
            title=d.title,
            agency="Sekretariat Gugus Tugas KLA",
            agency_id=None,
            day=local_date(d.uploaded_at),
            status=VERIFIED,
            verified_by=d.uploaded_by.get_username() if d.uploaded_by else "",
            item_ids=(d.item_id,) if d.item_id else (),
            stored=d.file.name or "",
        )
        for d in documents
    ]


def readiness(plan: Plan, evaluation_year: int | None = None) -> Readiness:
    """The plan's readiness for the evaluation held in ``evaluation_year``.

    Weights of that evaluation; evidence from its data window's periods; the
    capaian of the window's last year.
    """
    mapping = proposed_mapping(plan)  # loads the reference on first use
    year = evaluation_year if evaluation_year is not None else default_evaluation_year(plan)
    if year not in evaluation_years(plan.start_year, plan.end_year):
        raise ValueError(f"Evaluasi KLA {year} tidak dilayani data rencana ini.")
    window = window_for(plan, year)
    weights = weights_for(year)
    national_of = {pk: national.number for pk, (national, _set) in mapping.items()}
    found = {
        n.number: IndicatorReadiness(
            n.number,
            n.cluster,
            n.name,
            items=[ItemStatus(c.pk, c.document, c.source) for c in n.checklist.all()],
            weight=weights.points.get(n.number, Decimal(0)),
        )
        for n in NationalIndicator.objects.prefetch_related("checklist").order_by("number")
    }
    achievement, _key = cached_plan_achievement(plan, window.capaian_year)
    by_action = defaultdict(list)
    action_of = dict(Measure.objects.filter(plan=plan).values_list("id", "action_id"))
    for measure in achievement.measures:
        by_action[action_of[measure.id]].append(measure)
    actions = (
        Action.objects.filter(plan=plan)
        .order_by("position")
        .values("id", "name", "indicator_id", "indicator__number", "indicator__sub")
    )
    for action in actions:
        target = found[national_of[action["indicator_id"]]]
        label = f"{action['indicator__number']}{action['indicator__sub']}"
        if label not in target.local:
            target.local.append(label)
        measures = by_action.get(action["id"], [])
        result = rollup(m.score for m in measures)
        agencies = tuple(dict.fromkeys(a for m in measures for a in m.agencies))
        target.actions.append(
            ActionStatus(
                action["id"],
                action["name"],
                label,
                result.capaian,
                result.category,
                reported=any(m.value is not None for m in measures),
                agencies=agencies,
                above_zero=any((m.value.total or 0) > 0 for m in measures if m.value is not None),
            )
        )
        for agency in agencies:
            if agency not in target.agencies:
                target.agencies.append(agency)
        target.agency_ids.update(pk for m in measures for pk in m.agency_ids)
    by_id = {m.id: m for m in achievement.measures}
    proofs = _document_files(plan, window) + _evidence_files(plan, window, national_of, by_id)
    for proof in proofs:
        target = found[proof.national]
        target.files.append(proof)
        for item in target.items:
            if item.id in proof.item_ids:
                item.files.append(proof)
    evidence = [
        reference.IndicatorEvidence(i.number, len(i.items), i.verified) for i in found.values()
    ]
    assessment = reference.assess(evidence, weights.points, weights.levels)
    for number, points in assessment.points.items():
        found[number].points = points
    ordered = sorted(found.values(), key=lambda i: (-i.gain, i.number))
    return Readiness(
        plan,
        year,
        window,
        weights,
        ordered,
        assessment.total,
        assessment.category,
        assessment.what_if_total,
        assessment.what_if_category,
    )
