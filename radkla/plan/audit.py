"""Plan audit: the data-quality flags a task force must see before it monitors.

Each rule reads the plan's rows as the regulation wrote them and says, in plain
Indonesian, which row is doubtful and why. Nothing here changes the plan.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from radkla.plan.parsers.appendix import cluster_for_heading
from radkla.plan.parsers.cells import Cell, CellKind, format_decimal
from radkla.plan.rows import MeasureRow

_SCALAR = {CellKind.NUMBER, CellKind.PERCENT}


@dataclass(frozen=True, slots=True)
class AuditFlag:
    code: str
    location: str
    indicator: str
    measure: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {
            "code": self.code,
            "location": self.location,
            "indicator": self.indicator,
            "measure": self.measure,
            "message": self.message,
        }


# Codes and their short names, for filters and the summary.
FLAG_NAMES: dict[str, str] = {
    "target-below-baseline": "Target di bawah data dasar",
    "target-falls": "Target turun dari tahun ke tahun",
    "target-rises": "Target naik padahal makin rendah makin baik",
    "percent-over-100": "Persen di atas 100",
    "baseline-is-total": "Data dasar sama dengan jumlah target",
    "composite-vs-number": "Data dasar majemuk, target angka tunggal",
    "unparsed-cell": "Sel tidak terbaca",
    "year-outside-plan": "Tahun di luar masa rencana",
    "no-agency": "Tanpa instansi",
    "heading-mismatch": "Indikator di bawah judul klaster lain",
}


def _value(cell: Cell) -> Decimal | None:
    return cell.number if cell.kind in _SCALAR else None


def _fmt(cell: Cell) -> str:
    return cell.raw or "-"


Finding = tuple[str, str]  # (code, message)


def _baseline_total(row: MeasureRow) -> Decimal | None:
    """The targets' sum when it equals the baseline: a multi-year total taken for a baseline."""
    return baseline_total(row.baseline, row.targets.values())


def baseline_total(baseline: Cell, targets: Iterable[Cell]) -> Decimal | None:
    """The rule "Data dasar sama dengan jumlah target" on bare cells (projections use it too)."""
    base = _value(baseline)
    values = [_value(cell) for cell in targets]
    if base is None or len(values) < 2 or any(v is None for v in values):
        return None
    total = sum((v for v in values if v is not None), Decimal(0))
    return total if total == base and total != 0 else None


def _direction(row: MeasureRow) -> list[Finding]:
    years = sorted(row.targets)
    base = _value(row.baseline)
    negative = row.polarity == "negative"
    findings: list[Finding] = []
    if base is not None and not negative and _baseline_total(row) is None:
        below = [y for y in years if (v := _value(row.targets[y])) is not None and v < base]
        if below:
            findings.append(
                (
                    "target-below-baseline",
                    f"Target {below[0]} ({_fmt(row.targets[below[0]])}) lebih rendah dari data "
                    f"dasar ({_fmt(row.baseline)}), padahal ukuran ini makin tinggi makin baik.",
                )
            )
    for earlier, later in itertools.pairwise(years):
        a, b = _value(row.targets[earlier]), _value(row.targets[later])
        if a is None or b is None or a == b or (b < a) == negative:
            continue
        said = f"Target {later} ({_fmt(row.targets[later])})"
        before = f"target {earlier} ({_fmt(row.targets[earlier])})"
        if negative:
            message = f"{said} lebih tinggi dari {before}, padahal makin rendah makin baik."
            findings.append(("target-rises", message))
        else:
            findings.append(("target-falls", f"{said} lebih rendah dari {before}."))
        break
    return findings


def _cells(row: MeasureRow) -> list[Finding]:
    findings: list[Finding] = []
    labelled = [
        ("data dasar", row.baseline),
        *((str(y), row.targets[y]) for y in sorted(row.targets)),
    ]
    for label, cell in labelled:
        percent = cell.kind == CellKind.PERCENT or (
            cell.kind == CellKind.THRESHOLD and cell.percent
        )
        if percent and cell.number is not None and cell.number > 100:
            findings.append(("percent-over-100", f"Nilai {label} ({_fmt(cell)}) lebih dari 100%."))
        if cell.kind == CellKind.TEXT:
            findings.append(
                (
                    "unparsed-cell",
                    f'Sel {label} "{cell.raw}" bukan angka, persen, ambang atau nilai majemuk; '
                    "teksnya disimpan apa adanya dan tidak dapat dinilai.",
                )
            )
    return findings


def _shape(row: MeasureRow, start_year: int, end_year: int) -> list[Finding]:
    findings: list[Finding] = []
    years = sorted(row.targets)
    if (total := _baseline_total(row)) is not None:
        findings.append(
            (
                "baseline-is-total",
                f"Data dasar ({_fmt(row.baseline)}) sama dengan jumlah target {len(years)} "
                f"tahun ({format_decimal(total)}); mungkin jumlah beberapa tahun tertulis "
                "sebagai data dasar.",
            )
        )
    plain = [y for y in years if row.targets[y].kind in _SCALAR]
    if row.baseline.kind == CellKind.COMPOSITE and plain:
        parts_total = sum((p.value for p in row.baseline.parts), Decimal(0))
        findings.append(
            (
                "composite-vs-number",
                f'Data dasar "{row.baseline.raw}" terdiri atas beberapa bagian (jumlahnya '
                f"{format_decimal(parts_total)}), sedangkan target {plain[0]} angka tunggal "
                f'"{row.targets[plain[0]].raw}"; capaiannya perlu dibandingkan dengan hati-hati.',
            )
        )
    outside = [y for y in years if not start_year <= y <= end_year]
    if outside:
        findings.append(
            (
                "year-outside-plan",
                f"Ada target untuk tahun {', '.join(map(str, outside))}, di luar masa rencana "
                f"{start_year}-{end_year}.",
            )
        )
    if not row.agencies:
        findings.append(
            (
                "no-agency",
                "Tidak ada instansi penanggung jawab yang dikenali "
                f'(teks: "{row.agency_raw or "-"}").',
            )
        )
    return findings


def audit_rows(rows: Sequence[MeasureRow], *, start_year: int, end_year: int) -> list[AuditFlag]:
    """All flags for the plan's rows, in document order, then the heading flags."""
    flags = [
        AuditFlag(code, row.location, row.indicator_label, row.measure, message)
        for row in rows
        for code, message in (
            *_direction(row),
            *_cells(row),
            *_shape(row, start_year, end_year),
        )
    ]
    flags.extend(_heading_flags(rows))
    return flags


def _heading_flags(rows: Iterable[MeasureRow]) -> list[AuditFlag]:
    """Indicators the document put under another cluster's heading (once per indicator)."""
    flags = []
    seen: set[str] = set()
    for row in rows:
        if row.indicator_label in seen or not row.section_heading:
            continue
        seen.add(row.indicator_label)
        heading_code = cluster_for_heading(row.section_heading)
        if heading_code is not None and heading_code != row.cluster_code:
            flags.append(
                AuditFlag(
                    code="heading-mismatch",
                    location=row.location,
                    indicator=row.indicator_label,
                    measure="",
                    message=(
                        f"Indikator {row.indicator_label} tertulis di bawah judul "
                        f'"{row.section_heading}", tetapi menurut nomornya termasuk {row.cluster}.'
                    ),
                )
            )
    return flags
