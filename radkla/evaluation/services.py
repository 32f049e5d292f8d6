"""Changes to the evaluation data: reference, mappings, tags, city documents, weights, windows.

Every change is one transaction and leaves an audit event. The reference is
loaded from the shipped files the first time anything asks for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from radkla.accounts.access import Scope, require_secretariat
from radkla.audittrail.services import Actor, record_event
from radkla.evaluation import reference
from radkla.evaluation.models import (
    ChecklistItem,
    CityDocument,
    EvaluationYear,
    EvidenceTag,
    IndicatorMapping,
    IndicatorWeight,
    NationalIndicator,
)
from radkla.evaluation.window import DataWindow, evaluation_years
from radkla.lib.decimals import decimal_problem
from radkla.monitoring.models import Evidence
from radkla.monitoring.services import measure_agency_ids
from radkla.monitoring.uploads import UploadError, check_upload
from radkla.plan.models import Indicator, Plan


class EvaluationError(ValueError):
    pass


def ensure_reference() -> None:
    """Load the shipped national indicators and checklist once, if the tables are empty."""
    if NationalIndicator.objects.exists():
        return
    national = reference.load_national()
    checklist = reference.load_checklist()
    try:
        with transaction.atomic():
            created = {
                n.number: NationalIndicator.objects.create(
                    number=n.number, cluster=n.cluster, name=n.name
                )
                for n in national
            }
            positions: dict[int, int] = {}
            items = []
            for entry in checklist:
                positions[entry.number] = positions.get(entry.number, 0) + 1
                items.append(
                    ChecklistItem(
                        indicator=created[entry.number],
                        document=entry.document,
                        source=entry.source,
                        position=positions[entry.number],
                    )
                )
            ChecklistItem.objects.bulk_create(items)
    except IntegrityError:
        # Another request loaded it at the same moment; theirs stands.
        if not NationalIndicator.objects.exists():
            raise


# -- mapping ---------------------------------------------------------------------


def proposed_mapping(plan: Plan) -> dict[int, tuple[NationalIndicator, bool]]:
    """Each plan indicator's national indicator and whether the secretariat set it."""
    ensure_reference()
    national = list(NationalIndicator.objects.order_by("number"))
    pure = [reference.NationalIndicator(n.number, n.cluster, n.name) for n in national]
    by_number = {n.number: n for n in national}
    saved = {
        m.indicator_id: m.national
        for m in IndicatorMapping.objects.filter(indicator__plan=plan).select_related("national")
    }
    found: dict[int, tuple[NationalIndicator, bool]] = {}
    for indicator in Indicator.objects.filter(plan=plan).order_by("position"):
        if indicator.pk in saved:
            found[indicator.pk] = (saved[indicator.pk], True)
        else:
            proposal = reference.propose_national(indicator.number, indicator.name, pure)
            found[indicator.pk] = (by_number[proposal.number], False)
    return found


def set_mapping(
    *, plan: Plan, choices: Mapping[int, int], scope: Scope, actor: Actor
) -> list[IndicatorMapping]:
    """Set every plan indicator's national indicator: {indicator id: national number}."""
    require_secretariat(scope)
    ensure_reference()
    indicators = {i.pk: i for i in Indicator.objects.filter(plan=plan)}
    national = {n.number: n for n in NationalIndicator.objects.all()}
    unknown = sorted(set(choices) - set(indicators))
    if unknown:
        raise EvaluationError(f"Indikator #{unknown[0]} bukan bagian dari rencana ini.")
    missing = sorted(set(indicators) - set(choices), key=lambda pk: indicators[pk].position)
    if missing:
        raise EvaluationError(f"Indikator {indicators[missing[0]].label} belum dipetakan.")
    for pk, number in choices.items():
        if number not in national:
            raise EvaluationError(
                f"Indikator {indicators[pk].label}: indikator nasional {number} tidak ada."
            )
    with transaction.atomic():
        old = {
            m.indicator_id: m.national.number
            for m in IndicatorMapping.objects.filter(indicator__plan=plan).select_related(
                "national"
            )
        }
        IndicatorMapping.objects.filter(indicator__plan=plan).delete()
        user = actor if actor is not None and actor.is_authenticated else None
        saved = IndicatorMapping.objects.bulk_create(
            IndicatorMapping(indicator=indicators[pk], national=national[number], set_by=user)
            for pk, number in choices.items()
        )
        record_event(
            actor=actor,
            action="evaluation.mapping",
            obj=plan,
            summary="Pemetaan indikator ke indikator nasional ditetapkan",
            old={indicators[pk].label: n for pk, n in old.items()},
            new={indicators[pk].label: n for pk, n in choices.items()},
        )
    return saved


# -- evidence tags -----------------------------------------------------------------


def tag_evidence(
    *, evidence: Evidence, item_ids: set[int], scope: Scope, actor: Actor
) -> list[int]:
    """Set the checklist items an evidence file proves (replacing the earlier tags)."""
    measure = evidence.realization.measure
    if not scope.can_tag(measure.action.indicator.cluster_id, measure_agency_ids(measure)):
        raise PermissionDenied("Anda tidak dapat menandai bukti ini.")
    indicator = evidence.realization.measure.action.indicator
    mapped = proposed_mapping(indicator.plan)[indicator.pk][0]
    allowed = set(ChecklistItem.objects.filter(indicator=mapped).values_list("pk", flat=True))
    stray = sorted(item_ids - allowed)
    if stray:
        raise EvaluationError(
            f"Butir #{stray[0]} bukan data dukung indikator nasional {mapped.number}, "
            f"tempat indikator {indicator.label} dipetakan."
        )
    with transaction.atomic():
        old = set(EvidenceTag.objects.filter(evidence=evidence).values_list("item_id", flat=True))
        EvidenceTag.objects.filter(evidence=evidence).exclude(item_id__in=item_ids).delete()
        user = actor if actor is not None and actor.is_authenticated else None
        EvidenceTag.objects.bulk_create(
            EvidenceTag(evidence=evidence, item_id=pk, tagged_by=user)
            for pk in sorted(item_ids - old)
        )
        if old != item_ids:
            record_event(
                actor=actor,
                action="evaluation.tag",
                obj=evidence,
                summary=f"Bukti {evidence.original_name} ditandai sebagai data dukung",
                old=sorted(old),
                new=sorted(item_ids),
            )
    return sorted(item_ids)


# -- city documents ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Upload:
    name: str
    data: bytes


def add_city_document(
    *,
    plan: Plan,
    national: NationalIndicator,
    item: ChecklistItem | None,
    title: str,
    upload: Upload,
    scope: Scope,
    actor: Actor,
    max_bytes: int,
) -> CityDocument:
    require_secretariat(scope)
    if item is not None and item.indicator_id != national.pk:
        raise EvaluationError(
            f"Butir '{item.document}' bukan data dukung indikator nasional {national.number}."
        )
    try:
        checked = check_upload(upload.data, upload.name, max_bytes)
    except UploadError as error:
        raise EvaluationError(str(error)) from None
    title = " ".join(title.split()) or (item.document if item else upload.name)
    with transaction.atomic():
        stored = checked.stored_name
        document = CityDocument(
            plan=plan,
            national=national,
            item=item,
            title=title[:300],
            stored_name=stored,
            original_name=upload.name[:255],
            content_type=checked.kind.content_type,
            size=len(upload.data),
            sha256=checked.sha256,
            uploaded_by=actor if actor is not None and actor.is_authenticated else None,
        )
        document.file.save(stored, ContentFile(upload.data), save=False)
        document.save()
        record_event(
            actor=actor,
            action="evaluation.document.add",
            obj=document,
            summary=f"Dokumen kota {document.title} dilampirkan ke indikator {national.number}",
            new={"national": national.number, "name": document.original_name},
        )
    return document


def remove_city_document(*, document: CityDocument, scope: Scope, actor: Actor) -> None:
    require_secretariat(scope)
    with transaction.atomic():
        record_event(
            actor=actor,
            action="evaluation.document.remove",
            obj=document,
            summary=f"Dokumen kota {document.title} dilepas dari indikator "
            f"{document.national.number}",
            old={"national": document.national.number, "name": document.original_name},
        )
        file = document.file
        document.delete()
        transaction.on_commit(lambda: file.delete(save=False))


# -- weights ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Weights:
    year: int
    points: dict[int, Decimal]
    levels: tuple[Decimal, ...]
    source: str
    official: bool  # entered by the secretariat, not radkla's default split


def weights_for(year: int) -> Weights:
    evaluation = EvaluationYear.objects.filter(year=year).first()
    points = dict(
        IndicatorWeight.objects.filter(evaluation=evaluation).values_list(
            "national__number", "points"
        )
        if evaluation is not None
        else ()
    )
    if evaluation is None or not points:  # a year may have a data window and no weights yet
        return Weights(year, dict(reference.DEFAULT_WEIGHTS), (), "", official=False)
    return Weights(
        year,
        points,
        reference.parse_levels(evaluation.answer_levels),
        evaluation.source,
        official=True,
    )


def save_weights(
    *,
    year: int,
    points: Mapping[int, Decimal],
    levels: str,
    source: str,
    scope: Scope,
    actor: Actor,
) -> Weights:
    """Store one evaluation year's point split; the 24 weights must total 1000."""
    require_secretariat(scope)
    column = IndicatorWeight._meta.get_field("points")
    for number, weight in sorted(points.items()):
        if problem := decimal_problem(weight, column):
            raise EvaluationError(f"Bobot indikator {number}: {problem}")
    try:
        reference.check_weights(points)
        parsed_levels = reference.parse_levels(levels)
    except reference.ReferenceError as error:
        raise EvaluationError(str(error)) from None
    ensure_reference()
    national = {n.number: n for n in NationalIndicator.objects.all()}
    with transaction.atomic():
        before = weights_for(year)
        evaluation, _created = EvaluationYear.objects.update_or_create(
            year=year,
            defaults={
                "answer_levels": "; ".join(f"{level:f}" for level in parsed_levels),
                "source": " ".join(source.split())[:300],
            },
        )
        IndicatorWeight.objects.filter(evaluation=evaluation).delete()
        IndicatorWeight.objects.bulk_create(
            IndicatorWeight(evaluation=evaluation, national=national[n], points=points[n])
            for n in sorted(points)
        )
        record_event(
            actor=actor,
            action="evaluation.weights",
            obj=evaluation,
            summary=f"Bobot evaluasi KLA tahun {year} ditetapkan",
            old={str(n): f"{p:f}" for n, p in before.points.items()} if before.official else None,
            new={str(n): f"{p:f}" for n, p in sorted(points.items())},
        )
    return weights_for(year)


# -- data windows ----------------------------------------------------------------------


def _window(plan: Plan, year: int, first: int | None, last: int | None) -> DataWindow:
    if first is not None and last is not None:
        window = DataWindow(year, first, last, configured=True)
        if window.fits(plan.years):
            return window
    # Never set, or set for another plan's years: the default.
    return DataWindow.default(year)


def windows_for(plan: Plan) -> dict[int, DataWindow]:
    """The data window of every evaluation the plan's data can serve, in one query."""
    years = evaluation_years(plan.start_year, plan.end_year)
    saved = {
        year: (first, last)
        for year, first, last in EvaluationYear.objects.filter(year__in=years).values_list(
            "year", "data_first", "data_last"
        )
    }
    return {year: _window(plan, year, *saved.get(year, (None, None))) for year in years}


def window_for(plan: Plan, year: int) -> DataWindow:
    """The plan years whose data the evaluation held in ``year`` looks at."""
    saved = EvaluationYear.objects.filter(year=year).values_list("data_first", "data_last").first()
    return _window(plan, year, *(saved or (None, None)))


def save_window(
    *,
    plan: Plan,
    year: int,
    first: int | None,
    last: int | None,
    scope: Scope,
    actor: Actor,
) -> DataWindow:
    """Set the data window of the evaluation held in ``year``; no years: back to the default."""
    require_secretariat(scope)
    if year not in evaluation_years(plan.start_year, plan.end_year):
        raise EvaluationError(
            f"Tahun evaluasi {year} di luar jangkauan rencana {plan.start_year}-{plan.end_year}."
        )
    if (first is None) != (last is None):
        raise EvaluationError("Isi tahun data pertama dan terakhir, atau kosongkan keduanya.")
    if first is not None and last is not None:
        for each in (first, last):
            if each not in plan.years:
                raise EvaluationError(
                    f"Tahun data {each} di luar masa rencana {plan.start_year}-{plan.end_year}."
                )
        if first > last:
            raise EvaluationError(
                f"Tahun data pertama ({first}) sesudah tahun data terakhir ({last})."
            )
        if last > year:
            raise EvaluationError(
                f"Evaluasi KLA {year} tidak dapat menilai data tahun {last} yang belum tiba."
            )
    with transaction.atomic():
        before = window_for(plan, year)
        evaluation, _created = EvaluationYear.objects.update_or_create(
            year=year, defaults={"data_first": first, "data_last": last}
        )
        after = window_for(plan, year)
        if (before.first, before.last, before.configured) != (
            after.first,
            after.last,
            after.configured,
        ):
            record_event(
                actor=actor,
                action="evaluation.window",
                obj=evaluation,
                summary=f"Jendela data {after.title}"
                + ("" if after.configured else " (bawaan: tahun sebelumnya)"),
                old={"dari": before.first, "sampai": before.last, "diatur": before.configured},
                new={"dari": after.first, "sampai": after.last, "diatur": after.configured},
            )
    return after
