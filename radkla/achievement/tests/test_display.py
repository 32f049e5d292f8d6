"""A composite realization shows its parts everywhere; the JSON speaks Indonesian."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from radkla.accounts.access import SYSTEM, Scope
from radkla.accounts.models import Profile
from radkla.achievement.display import EVERY_STATUS, value_text
from radkla.achievement.engine import Value
from radkla.achievement.selectors import plan_achievement
from radkla.achievement.status import status_json
from radkla.conftest import make_account
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.selectors import grid_rows
from radkla.monitoring.services import (
    Entry,
    create_periods,
    open_period,
    save_entry,
    submit_realization,
    verify_realization,
)
from radkla.monitoring.values import read_value
from radkla.plan.models import Measure, Plan
from radkla.plan.parsers.cells import parse_cell
from radkla.reports.builders import build_laporan
from radkla.reports.workbook_builder import build_workbook
from radkla.tests.json_checks import assert_no_english, assert_numbers_are_numbers


def test_a_value_reads_as_people_write_it() -> None:
    assert value_text(Value(parts={"Motor": Decimal(1), "Molin": Decimal(0)})) == "Motor 1 Molin 0"
    assert value_text(Value(number=Decimal("97.50"))) == "97,5"
    assert value_text(None) == "–" and value_text(Value(), "") == ""
    stored = Value(parts={"Molin": Decimal(0), "Motor": Decimal(1)})  # PostgreSQL sorts JSON keys
    assert value_text(stored, labels=("Motor", "Molin")) == "Motor 1 Molin 0"


@pytest.fixture
def molin(cilegon_plan: Plan) -> Measure:
    """The Cilegon seed's composite measure: baseline and targets ``Motor 2 Molin 1``."""
    return Measure.objects.get(plan=cilegon_plan, baseline_raw="Motor 2 Molin 1")


@pytest.fixture
def reported(cilegon_plan: Plan, molin: Measure) -> ReportingPeriod:
    period = open_period(
        period=create_periods(plan=cilegon_plan, year=2025, scope=SYSTEM, actor=None)[0],
        scope=SYSTEM,
        actor=None,
    )
    agency = Scope(
        user_id=None,
        role="operator",
        agency_id=molin.agency_links.get().agency_id,
        cluster_ids=frozenset(),
    )
    target = parse_cell("Motor 2 Molin 1", molin.unit)
    value = read_value(
        "",
        unit=molin.unit,
        target=target,
        parts={"Motor": "1", "Molin": "0"},
        labels=["Motor", "Molin"],
    )
    draft = save_entry(
        entry=Entry(measure=molin, value=value), period=period, scope=agency, actor=None
    )
    verify_realization(
        realization=submit_realization(realization=draft, scope=agency, actor=None),
        scope=SYSTEM,
        actor=None,
    )
    return period


def test_a_composite_realization_shows_its_parts_in_page_json_workbook_and_report(
    cilegon_plan: Plan, molin: Measure, reported: ReportingPeriod
) -> None:
    result = next(m for m in plan_achievement(cilegon_plan, 2025).measures if m.id == molin.pk)
    assert result.value is not None and result.value.total == 1
    measure = next(
        m
        for c in status_json(plan_achievement(cilegon_plan, 2025))["klaster"]  # type: ignore[attr-defined]
        for i in c["indikator"]
        for m in i["ukuran"]
        if m["id"] == molin.pk
    )
    assert measure["realisasi_teks"] == "Motor 1 Molin 0"
    assert measure["realisasi_bagian"] == {"Motor": 1.0, "Molin": 0.0}
    assert measure["realisasi"] == 1.0  # the number scored stays the sum
    rows = [r for s in build_workbook(cilegon_plan, year=2025).sheets for r in s.rows]
    row = next(r for r in rows if r.measure == molin.name)
    assert row.year_value == "Motor 1 Molin 0" and row.periods[0] == "Motor 1 Molin 0"
    laporan = build_laporan(cilegon_plan, year=2025)
    cells = [
        cell
        for block in laporan.blocks
        for line in getattr(block, "rows", ())
        if isinstance(line, tuple) and molin.name in line
        for cell in line
    ]
    assert "Motor 1 Molin 0" in cells and "1" not in cells[2:4]


def test_the_dashboard_table_shows_the_parts(
    cilegon_plan: Plan, molin: Measure, reported: ReportingPeriod, client: Client
) -> None:
    client.force_login(make_account("lihat", Profile.Role.VIEWER).user)
    page = client.get(f"/capaian/klaster/{molin.action.indicator.cluster.code}/", {"tahun": 2025})
    assert page.status_code == 200
    assert "Motor 1 Molin 0" in page.content.decode()


def test_the_status_json_has_no_english_words_and_numbers_as_numbers(
    small: Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("status", "--plan", str(small.pk), "--year", "2023", "--format", "json")
    document = json.loads(capsys.readouterr().out)
    assert_no_english(document)
    assert_numbers_are_numbers(document)
    measures = {
        m["ukuran"]: m for c in document["klaster"] for i in c["indikator"] for m in i["ukuran"]
    }
    assert measures["Prevalensi stunting"]["status"] == "dinilai"
    assert measures["Profil gizi"]["status"] == "tanpa target"  # its targets are "-"
    assert {m["status"] for m in measures.values()} <= set(EVERY_STATUS)


def test_the_grid_shows_the_previous_periods_parts(
    cilegon_plan: Plan, molin: Measure, reported: ReportingPeriod
) -> None:
    second = ReportingPeriod.objects.get(plan=cilegon_plan, year=2025, number=2)
    open_period(period=second, scope=SYSTEM, actor=None)
    [row] = grid_rows(second, molin.agency_links.get().agency_id, measure_id=molin.pk)
    assert row.previous_text == "Motor 1 Molin 0"


def test_a_composite_projection_says_it_is_the_sum_of_its_parts(
    cilegon_plan: Plan, molin: Measure
) -> None:
    import dataclasses

    result = next(m for m in plan_achievement(cilegon_plan, 2025).measures if m.id == molin.pk)
    assert result.projection_text == "belum cukup data"  # no closed year yet
    # A bare "3" beside the target "Motor 2 Molin 1" reads as one part; the text says what it is.
    assert dataclasses.replace(result, projection=Decimal("3")).projection_text == "jumlah 3"
    plain = next(m for m in plan_achievement(cilegon_plan, 2025).measures if not m.labels)
    assert dataclasses.replace(plain, projection=Decimal("87.25")).projection_text == "87,25"
