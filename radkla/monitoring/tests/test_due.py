"""A measure is due in a year only when that year has a target: completeness agrees everywhere."""

from __future__ import annotations

import datetime as dt

from pytest_django import DjangoAssertNumQueries

from radkla.accounts.models import Profile
from radkla.meetings.selectors import period_snapshot
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.selectors import agency_status, late_agencies
from radkla.monitoring.services import Entry, save_entry, submit_realization
from radkla.monitoring.tests.conftest import scope
from radkla.monitoring.values import read_value
from radkla.plan.models import Agency, Measure, MeasureAgency, Plan
from radkla.plan.parsers.cells import parse_cell
from radkla.reports.builders import build_laporan

RUMAH_AMAN = "Jumlah Rumah Aman Anak"  # the seed's Dinsos measure whose targets are all "-"


def _dinsos_due(plan: Plan) -> list[Measure]:
    measures = Measure.objects.filter(plan=plan, agencies__acronym="Dinsos").prefetch_related(
        "targets"
    )
    return [m for m in measures if m.targets.get(year=2025).raw.strip() not in ("", "-")]


def test_a_measure_whose_target_is_a_dash_is_not_required_nor_counted(
    cilegon_plan: Plan,
    people: dict[str, Profile],
    period: ReportingPeriod,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    dinsos = Agency.objects.get(acronym="Dinsos")
    rumah_aman = Measure.objects.get(plan=cilegon_plan, name=RUMAH_AMAN)
    assert {t.raw for t in rumah_aman.targets.all()} == {"-"}
    due = _dinsos_due(cilegon_plan)
    assert rumah_aman not in due and len(due) == dinsos.measures.count() - 1
    operator = people["dinsos"]
    for measure in (rumah_aman, due[0]):  # reported anyway, and a due one
        text = "1"
        target = parse_cell(measure.targets.get(year=2025).raw, measure.unit)
        draft = save_entry(
            entry=Entry(measure=measure, value=read_value(text, unit=measure.unit, target=target)),
            period=period,
            scope=scope(operator),
            actor=None,
        )
        submit_realization(realization=draft, scope=scope(operator), actor=None)
    with django_assert_num_queries(3):
        [status] = agency_status(cilegon_plan, dinsos.pk)
    assert (status.required, status.reported, status.missing) == (len(due), 1, len(due) - 1)
    assert status.completeness.required == len(due)
    snapshot = {row.agency.pk: row.progress for row in period_snapshot(period).rows}
    assert (snapshot[dinsos.pk].required, snapshot[dinsos.pk].submitted) == (len(due), 1)
    late = {
        x.agency_id: x.to_do for x in late_agencies(cilegon_plan, period.deadline + dt.timedelta(1))
    }
    assert late[dinsos.pk] == len(due) - 1
    links = MeasureAgency.objects.filter(
        measure__plan=cilegon_plan, measure__targets__year=2025
    ).values_list("measure__targets__raw", flat=True)
    required = sum(1 for raw in links if raw.strip() not in ("", "-"))
    assert required < links.count()
    report = build_laporan(cilegon_plan, year=2025, period=period)
    text = " ".join(getattr(b, "text", "") for b in report.blocks)
    assert f"1 dari {required} baris wajib" in text
