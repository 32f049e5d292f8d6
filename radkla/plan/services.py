"""Writes to the plan: importing a regulation, and nothing else writes plan rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from radkla.audittrail.services import Actor, record_event
from radkla.plan.agencies import AgencyEntry, AgencyMatcher, load_catalogue
from radkla.plan.models import (
    Action,
    Agency,
    Cluster,
    Indicator,
    Measure,
    MeasureAgency,
    Plan,
    Target,
)
from radkla.plan.parsers.appendix import NATIONAL_CLUSTERS, AppendixError
from radkla.plan.parsers.cells import CellKind
from radkla.plan.parsers.pdf import parse_pdf
from radkla.plan.parsers.perwal import ParsedRegulation, RegulationError, parse_regulation
from radkla.plan.parsers.workbook import parse_workbook
from radkla.plan.proposals import propose_aggregation, propose_polarity
from radkla.regions.models import Region
from radkla.regions.services import RegionError, find_region_code, load_region


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


def _region_for(parsed: ParsedRegulation, region_code: str | None = None) -> Region:
    facts = parsed.facts
    level = Region.Level.KOTA if facts.region_level == "kota" else Region.Level.KABUPATEN
    if region_code:
        # The user named the region: trust the code, but not a code of another level.
        try:
            chosen = load_region(region_code).region
        except RegionError as error:
            raise PlanImportError(f"{parsed.source_name}: {error}") from None
        if chosen.level != level:
            raise PlanImportError(
                f"{parsed.source_name}: wilayah {chosen.code} adalah {chosen.get_level_display()}, "
                f"sedangkan dokumen ini {facts.regulation_kind} ({facts.region_level})."
            )
        return chosen
    region = Region.objects.filter(level=level, name__iexact=facts.region_name).first()
    if region is not None:
        return region
    try:
        return load_region(find_region_code(facts.region_name, facts.region_level)).region
    except RegionError as error:
        raise PlanImportError(f"{parsed.source_name}: {error}") from None


def _agency_matcher() -> tuple[AgencyMatcher, dict[str, Agency], dict[str, AgencyEntry]]:
    """A matcher over the agencies already known here plus the shipped catalogue."""
    known = {agency.name: agency for agency in Agency.objects.all()}
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


def import_plan(
    *, parsed: ParsedRegulation, actor: Actor, region_code: str | None = None
) -> ImportResult:
    """Write a parsed regulation as a new plan, in one transaction.

    Importing the same regulation again changes nothing and says so; the same
    regulation with different content is refused (revisions are their own act).
    ``region_code`` (Kemendagri) names the region when the document's name alone
    does not settle it.
    """
    facts = parsed.facts
    table = parsed.table
    fingerprint = table.fingerprint()
    warnings = list(parsed.warnings)
    with transaction.atomic(durable=True):
        region = _region_for(parsed, region_code)
        existing = Plan.objects.filter(
            region=region,
            regulation_kind=facts.regulation_kind,
            regulation_number=facts.regulation_number,
            regulation_year=facts.regulation_year,
        ).first()
        if existing is not None:
            if existing.source_fingerprint != fingerprint:
                raise PlanImportError(
                    f"{parsed.source_name}: {facts.legal_basis} sudah diimpor (rencana "
                    f"#{existing.pk}) dengan isi yang berbeda; tidak ada yang diubah."
                )
            return ImportResult(existing, False, 0, 0, 0, 0, ())

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

        matcher, known_agencies, catalogue = _agency_matcher()
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
                polarity=propose_polarity(m.measure, m.unit),
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
    )
