"""Plan audit: each rule on a hand-made row, and the flags on the Cilegon plan."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from radkla.plan.audit import audit_rows
from radkla.plan.models import Plan
from radkla.plan.parsers.cells import parse_cell
from radkla.plan.rows import MeasureRow
from radkla.plan.selectors import measure_rows


def row(
    baseline: str,
    targets: list[str],
    *,
    unit: str = "Orang",
    polarity: str = "positive",
    agencies: tuple[str, ...] = ("Dinas Sosial",),
    years: tuple[int, ...] = (2023, 2024, 2025, 2026),
    heading: str = "",
    number: int = 8,
) -> MeasureRow:
    return MeasureRow(
        id=1,
        location="baris 10",
        cluster_code="II",
        cluster="Klaster II: Lingkungan Keluarga dan Pengasuhan Alternatif",
        indicator_no=number,
        indicator_sub="",
        indicator="Indikator",
        section_heading=heading,
        action_id=1,
        action="Aksi",
        measure="Ukuran uji",
        unit=unit,
        baseline=parse_cell(baseline, unit),
        targets={y: parse_cell(t, unit) for y, t in zip(years, targets, strict=True)},
        agencies=agencies,
        agency_acronyms=agencies,
        agency_raw=" ".join(agencies),
        program="",
        polarity=polarity,
        polarity_confirmed=False,
        aggregation="sum",
        aggregation_confirmed=False,
    )


def codes(*rows: MeasureRow) -> list[str]:
    return [f.code for f in audit_rows(list(rows), start_year=2023, end_year=2026)]


def test_a_clean_row_has_no_flags() -> None:
    assert codes(row("10", ["11", "12", "13", "14"])) == []


def test_target_below_baseline_is_flagged_only_where_higher_is_better() -> None:
    assert codes(row("10", ["8", "12", "13", "14"])) == ["target-below-baseline"]
    assert "target-below-baseline" not in codes(
        row("10", ["8", "7", "6", "5"], polarity="negative")
    )


def test_targets_moving_the_wrong_way_are_flagged() -> None:
    assert codes(row("10", ["12", "11", "13", "14"])) == ["target-falls"]
    assert codes(row("10", ["8", "9", "7", "6"], polarity="negative")) == ["target-rises"]


def test_a_percent_above_100_is_flagged() -> None:
    assert codes(row("90", ["95", "101", "100", "100"], unit="%")) == [
        "target-falls",
        "percent-over-100",
    ]
    assert (
        codes(row("> 90%", ["> 120%", "> 120%", "> 120%", "> 120%"], unit="%"))
        == ["percent-over-100"] * 4
    )


def test_a_four_year_total_taken_for_a_baseline_is_flagged_once() -> None:
    flags = audit_rows([row("200", ["50", "50", "50", "50"])], start_year=2023, end_year=2026)
    assert [f.code for f in flags] == ["baseline-is-total"]
    assert "200" in flags[0].message and "jumlah target 4 tahun" in flags[0].message


def test_a_composite_baseline_against_a_plain_target_is_flagged() -> None:
    flags = audit_rows(
        [row("8 Kecamatan 43 Kelurahan", ["51", "51", "51", "51"], unit="Kecamatan Kelurahan")],
        start_year=2023,
        end_year=2026,
    )
    assert [f.code for f in flags] == ["composite-vs-number"]
    assert "jumlahnya 51" in flags[0].message


def test_unparsed_cells_years_outside_the_plan_and_missing_agencies_are_flagged() -> None:
    assert codes(row("5", ["6", "7", "8", "Tahun 2022 - Tahun 2027"])) == ["unparsed-cell"]
    assert codes(row("5", ["6", "7", "8", "9", "10"], years=(2023, 2024, 2025, 2026, 2027))) == [
        "year-outside-plan"
    ]
    assert codes(row("5", ["6", "7", "8", "9"], agencies=())) == ["no-agency"]


def test_an_indicator_under_another_clusters_heading_is_flagged_once() -> None:
    under = "KLASTER HAK SIPIL DAN KEBEBASAN"
    assert codes(
        row("1", ["2", "3", "4", "5"], heading=under), row("1", ["2", "3", "4", "5"], heading=under)
    ) == ["heading-mismatch"]
    assert codes(row("1", ["2", "3", "4", "5"], heading="KLUSTER LINGKUNGAN KELUARGA")) == []


def test_every_flag_names_its_row_and_ends_with_a_period() -> None:
    flags = audit_rows(
        [row("200", ["50", "40", "x", "50"], agencies=())], start_year=2023, end_year=2026
    )
    assert flags
    assert all(f.location == "baris 10" and f.message.endswith(".") for f in flags)


def test_the_cilegon_plan_audit(cilegon_plan: Plan) -> None:
    flags = audit_rows(measure_rows(cilegon_plan), start_year=2023, end_year=2026)
    counted = Counter(f.code for f in flags)
    # Ten measures carry a four-year total as baseline (e.g. Rapat Koordinasi 200 = 4 × 50).
    assert counted["baseline-is-total"] == 10
    assert counted["composite-vs-number"] == 8
    assert counted["unparsed-cell"] == 1
    # Indicators 6 and 12-17 sit under the "lingkungan keluarga" heading in the document.
    mismatched = sorted(f.indicator for f in flags if f.code == "heading-mismatch")
    assert mismatched == ["12", "13", "14", "15", "16", "17", "6"]
    assert counted["no-agency"] == 0
    apk = next(f for f in flags if f.code == "target-below-baseline" and "98,42" in f.message)
    assert apk.location == "baris 317"


def test_the_cli_prints_the_audit(cilegon_plan: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("plan", "audit")
    table = capsys.readouterr().out
    assert "Data dasar sama dengan jumlah target" in table
    call_command("plan", "audit", "--format", "json")
    assert '"code": "heading-mismatch"' in capsys.readouterr().out
