"""What importing a parsed regulation would write, shown before anything is written.

``build_preview`` is pure: from the parsed file, the agency matcher and what is
known of the region and an earlier import, it lists the counts, the measures per
cluster with their first rows, every warning the import would record (with its
line or cell) and the proposed polarity and aggregation of every measure.
``import_preview`` is its selector: it reads the agencies, the region and a plan
of the same regulation (three queries) and never writes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from radkla.plan.agencies import AgencyMatch, AgencyMatcher
from radkla.plan.models import Plan
from radkla.plan.parsers.appendix import NATIONAL_CLUSTERS, ParsedMeasure
from radkla.plan.parsers.cells import CellKind
from radkla.plan.parsers.perwal import ParsedRegulation
from radkla.plan.proposals import propose_aggregation, propose_polarity, trend_values
from radkla.plan.services import PlanImportError, _agency_matcher, choose_region, read_plan_file

logger = logging.getLogger(__name__)

SAMPLE_ROWS = 3
NEW, IDENTICAL, DIFFERENT = "new", "identical", "different"


@dataclass(frozen=True, slots=True)
class SampleRow:
    location: str
    indicator: str
    action: str
    measure: str
    unit: str
    baseline: str
    targets: tuple[tuple[int, str], ...]
    agencies: tuple[str, ...]
    agency_raw: str


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    code: str
    name: str
    heading: str  # as the document words it; empty when it has none
    measures: int
    sample: tuple[SampleRow, ...]


@dataclass(frozen=True, slots=True)
class Proposal:
    location: str
    cluster_code: str
    measure: str
    unit: str
    polarity: str
    aggregation: str
    reason: str


@dataclass(frozen=True, slots=True)
class RegionInfo:
    """The region the plan would belong to, as far as it can be told without loading it."""

    code: str
    name: str
    loaded: bool
    problem: str  # the import's own refusal when the region cannot be settled, else ""
    provisional: bool = False  # not in the Kemendagri data: created as provisional


@dataclass(frozen=True, slots=True)
class EarlierImport:
    plan_id: int
    fingerprint: str


@dataclass(frozen=True, slots=True)
class ImportPreview:
    source_name: str
    title: str
    legal_basis: str
    regulation_kind: str
    region_name: str
    region_level: str
    start_year: int
    end_year: int
    years: tuple[int, ...]
    baseline_year: int
    indicators: int
    actions: int
    measures: int
    targets: int
    clusters: tuple[ClusterSummary, ...]
    warnings: tuple[str, ...]
    proposals: tuple[Proposal, ...]
    region: RegionInfo
    state: str  # NEW, IDENTICAL or DIFFERENT
    existing_plan_id: int | None  # a plan of the same regulation; with other content, the
    # page previews a revision of it instead (views._plan_to_revise)

    @property
    def can_confirm(self) -> bool:
        return self.state == NEW and not self.region.problem

    def proposal_counts(self, field: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for proposal in self.proposals:
            value = getattr(proposal, field)
            counts[value] = counts.get(value, 0) + 1
        return counts


def read_upload(data: bytes, source_name: str, fmt: str) -> ParsedRegulation:
    """read_plan_file for a file from a browser: any failure becomes a PlanImportError.

    The readers raise PlanImportError for what they recognise as wrong; the libraries
    under them (zip, XML, PDF) may raise anything on a damaged file, and a person
    uploading it deserves a sentence, not an error page. The traceback is logged.
    """
    try:
        return read_plan_file(data, source_name, fmt)
    except PlanImportError:
        raise
    except Exception as error:
        logger.exception("Unreadable plan upload %s", source_name)
        raise PlanImportError(
            f"{source_name}: berkas tidak dapat dibaca ({type(error).__name__}); periksa "
            "bahwa berkas utuh dan formatnya benar."
        ) from None


def propose(m: ParsedMeasure) -> Proposal:
    """The importer's first guesses for one measure: the only call into proposals.py here."""
    polarity = propose_polarity(m.measure, m.unit, trend_values(c for _y, c in m.targets))
    return Proposal(
        location=m.location,
        cluster_code=m.cluster_code,
        measure=m.measure,
        unit=m.unit,
        polarity=polarity.polarity,
        aggregation=propose_aggregation(m.measure, m.unit),
        reason=polarity.reason,
    )


def measure_warnings(source_name: str, m: ParsedMeasure, match: AgencyMatch) -> list[str]:
    """What import_plan adds for one measure: unreadable cells and unknown agencies.

    Worded exactly as import_plan words them; a test compares the two lists.
    """
    where = f"{source_name}, {m.location}"
    cells = (m.baseline, *(c for _y, c in m.targets))
    warnings = [f"{where}: {c.warning}" for c in cells if c.kind == CellKind.TEXT]
    warnings.extend(
        f'{where}: instansi "{phrase}" tidak dikenal; tambahkan sebagai alias instansi bila perlu.'
        for phrase in match.unmatched
    )
    return warnings


def _sample_row(m: ParsedMeasure, match: AgencyMatch) -> SampleRow:
    number = f"{m.indicator_no}{m.indicator_sub}"
    return SampleRow(
        location=m.location,
        indicator=f"{number}. {m.indicator}",
        action=m.action,
        measure=m.measure,
        unit=m.unit,
        baseline=m.baseline.raw,
        targets=tuple((year, cell.raw) for year, cell in m.targets),
        agencies=match.agencies,
        agency_raw=m.agency_raw,
    )


def build_preview(
    parsed: ParsedRegulation,
    *,
    matcher: AgencyMatcher,
    region: RegionInfo,
    earlier: EarlierImport | None,
) -> ImportPreview:
    """Everything the preview page shows, from the parse and what is already known. Pure."""
    facts = parsed.facts
    table = parsed.table
    warnings = list(parsed.warnings)
    samples: dict[str, list[SampleRow]] = {code: [] for code, _n, _r in NATIONAL_CLUSTERS}
    for m in table.measures:
        match = matcher.match(m.agency_raw)
        warnings.extend(measure_warnings(parsed.source_name, m, match))
        if len(samples[m.cluster_code]) < SAMPLE_ROWS:
            samples[m.cluster_code].append(_sample_row(m, match))
    per_cluster = table.measures_per_cluster()
    clusters = tuple(
        ClusterSummary(
            code=code,
            name=name,
            heading=table.cluster_headings.get(code, ""),
            measures=per_cluster[code],
            sample=tuple(samples[code]),
        )
        for code, name, _numbers in NATIONAL_CLUSTERS
    )
    state = NEW
    if earlier is not None:
        state = IDENTICAL if earlier.fingerprint == table.fingerprint() else DIFFERENT
    return ImportPreview(
        source_name=parsed.source_name,
        title=facts.title,
        legal_basis=facts.legal_basis,
        regulation_kind=facts.regulation_kind,
        region_name=facts.region_name,
        region_level=facts.region_level,
        start_year=facts.start_year,
        end_year=facts.end_year,
        years=table.years,
        baseline_year=parsed.baseline_year,
        indicators=len({(m.indicator_no, m.indicator_sub) for m in table.measures}),
        actions=len({m.action_key for m in table.measures}),
        measures=len(table.measures),
        targets=sum(len(m.targets) for m in table.measures),
        clusters=clusters,
        warnings=tuple(warnings),
        proposals=tuple(propose(m) for m in table.measures),
        region=region,
        state=state,
        existing_plan_id=earlier.plan_id if earlier is not None else None,
    )


def _region_info(parsed: ParsedRegulation, region_code: str) -> tuple[RegionInfo, int | None]:
    """The region import_plan would choose (the same decision), read only."""
    choice = choose_region(parsed, region_code)
    loaded = choice.region is not None
    info = RegionInfo(choice.code, choice.name, loaded, choice.problem, choice.provisional)
    return info, choice.region.pk if choice.region is not None and not choice.problem else None


def import_preview(parsed: ParsedRegulation, *, region_code: str = "") -> ImportPreview:
    """The preview of importing ``parsed``: reads agencies, region and plans, writes nothing.

    Raises PlanImportError when the agency catalogue itself is inconsistent, as the
    import would.
    """
    region_info, region_id = _region_info(parsed, region_code.strip())
    matcher, _known, _catalogue = _agency_matcher(region_id)
    earlier = None
    if region_id is not None:
        facts = parsed.facts
        existing = (
            Plan.objects.filter(
                region_id=region_id,
                regulation_kind=facts.regulation_kind,
                regulation_number=facts.regulation_number,
                regulation_year=facts.regulation_year,
            )
            .only("pk", "source_fingerprint")
            .first()
        )
        if existing is not None:
            earlier = EarlierImport(existing.pk, existing.source_fingerprint)
    return build_preview(parsed, matcher=matcher, region=region_info, earlier=earlier)
