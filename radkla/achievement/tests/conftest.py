"""The hand-computed small plan shared by the achievement tests."""

from __future__ import annotations

import pytest

from radkla.accounts.access import SYSTEM, Scope
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.services import (
    Entry,
    close_period,
    create_periods,
    open_period,
    save_entry,
    submit_realization,
    verify_realization,
)
from radkla.monitoring.values import read_value
from radkla.plan.models import Measure, Plan
from radkla.plan.services import import_plan, read_plan_file

SMALL_PLAN = """\
PERATURAN WALI KOTA CILEGON
NOMOR 99 TAHUN 2024
TENTANG
RENCANA AKSI DAERAH KOTA LAYAK ANAK TAHUN 2023-2026

No\tINDIKATOR\tRENCANA AKSI\tUKURAN\tSATUAN\tDATA DASAR (2022)\tTARGET\t\t\t\tINSTANSI PENANGGUNG JAWAB\tPROGRAM
\t\t\t\t\t\t2023\t2024\t2025\t2026\t\t
I\tKELEMBAGAAN\t\t\t\t\t\t\t\t\t\t
1.\tPerda KLA\tSosialisasi\tCakupan sosialisasi\t%\t80\t85\t90\t95\t100\tDinkes\t
II\tKLASTER HAK SIPIL\t\t\t\t\t\t\t\t\t\t
4.\tAkta\tPelatihan\tPetugas terlatih\tOrang\t100\t40\t40\t40\t40\tDinsos\t
III\tKLASTER KESEHATAN\t\t\t\t\t\t\t\t\t\t
12.\tGizi\tPenurunan stunting\tPrevalensi stunting\t%\t20\t18\t16\t14\t12\tDinkes\t
\t\tPendataan\tProfil gizi\tDokumen\t1\t-\t-\t-\t-\tDinkes\t

WALI KOTA CILEGON,
"""


@pytest.fixture
def small(db: None) -> Plan:
    plan = import_plan(parsed=read_plan_file(SMALL_PLAN.encode(), "kecil.txt"), actor=None).plan
    values = {
        "Cakupan sosialisasi": ["82", "84", "86"],
        "Petugas terlatih": ["10", "10", "10"],
        "Prevalensi stunting": ["19", "19,5", "19,5"],
    }
    periods = create_periods(plan=plan, year=2023, scope=SYSTEM, actor=None)
    for number, period in enumerate(periods):
        open_period(period=period, scope=SYSTEM, actor=None)
        for name, series in values.items():
            measure = Measure.objects.get(plan=plan, name=name)
            draft = _save(measure, period, series[number])
            verify_realization(
                realization=submit_realization(
                    realization=draft, scope=_agency(measure), actor=None
                ),
                scope=SYSTEM,
                actor=None,
            )
        close_period(period=period, scope=SYSTEM, actor=None)
    # A draft in 2024 that only the "all states" view may count.
    later = open_period(
        period=create_periods(plan=plan, year=2024, scope=SYSTEM, actor=None)[0],
        scope=SYSTEM,
        actor=None,
    )
    _save(Measure.objects.get(plan=plan, name="Cakupan sosialisasi"), later, "88")
    return plan


def _agency(measure: Measure) -> Scope:
    """Only agencies report: act as the measure's agency."""
    agency_id = measure.agency_links.get().agency_id
    return Scope(user_id=None, role="operator", agency_id=agency_id, cluster_ids=frozenset())


def _save(measure: Measure, period: ReportingPeriod, text: str):  # type: ignore[no-untyped-def]
    return save_entry(
        entry=Entry(measure=measure, value=read_value(text, unit=measure.unit, target=None)),
        period=period,
        scope=_agency(measure),
        actor=None,
    )
