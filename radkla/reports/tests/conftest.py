"""The reports reuse the achievement tests' hand-computed small plan, and add a year to report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from radkla.accounts.access import SYSTEM, Scope
from radkla.achievement.tests.conftest import small  # noqa: F401  (a fixture)
from radkla.meetings.services import complete_follow_up, record_meeting
from radkla.monitoring.funding import set_budget
from radkla.monitoring.models import Realization, ReportingPeriod
from radkla.monitoring.services import (
    Entry,
    open_period,
    save_entry,
    submit_realization,
    verify_realization,
)
from radkla.monitoring.values import read_value
from radkla.plan.models import Agency, Measure, Plan

SUPERSEDED = "Data posyandu terlambat masuk."
LATER = "Data posyandu lengkap setelah pendataan ulang."
SHARED = "Pelatih dari provinsi belum tersedia."


def _scope(measure: Measure) -> Scope:
    agency_id = measure.agency_links.get().agency_id
    return Scope(user_id=None, role="operator", agency_id=agency_id, cluster_ids=frozenset())


def report_entry(
    measure: Measure,
    period: ReportingPeriod,
    value: str,
    obstacles: str = "",
    follow_up: str = "",
    spending: dict[str, Decimal] | None = None,
) -> Realization:
    """Save, submit and verify one realization (a new revision when one is verified)."""
    current = (
        Realization.objects.filter(measure=measure, period=period, area__isnull=True)
        .order_by("-revision")
        .first()
    )
    draft = save_entry(
        entry=Entry(
            measure=measure,
            value=read_value(value, unit=measure.unit, target=None),
            obstacles=obstacles,
            follow_up=follow_up,
            spending=spending or {},
            expected_version=current.version if current else None,
        ),
        period=period,
        scope=_scope(measure),
        actor=None,
    )
    submitted = submit_realization(realization=draft, scope=_scope(measure), actor=None)
    return verify_realization(realization=submitted, scope=SYSTEM, actor=None)


@pytest.fixture
def year_2024(small: Plan) -> Plan:  # noqa: F811
    """2024 of the small plan: obstacles (one said twice, one revised), a budget, a meeting."""
    first, second, _third = ReportingPeriod.objects.filter(plan=small, year=2024).order_by("number")
    open_period(period=second, scope=SYSTEM, actor=None)
    petugas = Measure.objects.get(plan=small, name="Petugas terlatih")
    stunting = Measure.objects.get(plan=small, name="Prevalensi stunting")
    for period in (first, second):
        report_entry(
            petugas,
            period,
            "12",
            SHARED,
            "Meminta pelatih ke provinsi.",
            {"apbd_kota": Decimal(2_500_000)},
        )
    report_entry(stunting, first, "18", SUPERSEDED, "Menyurati puskesmas.")
    report_entry(stunting, first, "17,5", LATER, "Pendataan ulang selesai.")
    set_budget(
        action=petugas.action,
        year=2024,
        amounts={"apbd_kota": Decimal(51_000_000), "csr": Decimal(4_000_000)},
        scope=SYSTEM,
        actor=None,
    )
    dinkes = Agency.objects.get(acronym="Dinkes")
    meeting = record_meeting(
        plan=small,
        period=first,
        held_on=dt.date(2024, 5, 17),
        title="Rapat koordinasi Gugus Tugas KLA Caturwulan I 2024",
        place="Ruang rapat DP3AP2KB",
        attendee_ids=[dinkes.pk, petugas.agency_links.get().agency_id],
        decisions=[
            ("Dinkes melengkapi data posyandu.", dinkes.pk, dt.date(2024, 6, 30)),
            ("Sekretariat menyusun jadwal pelatihan.", None, None),
        ],
        scope=SYSTEM,
        actor=None,
    )
    done = meeting.decisions.get(position=1)
    complete_follow_up(decision=done, note="Data dikirim.", scope=SYSTEM, actor=None)
    record_meeting(
        plan=small,
        period=second,
        held_on=dt.date(2024, 9, 17),
        title="Rapat koordinasi Gugus Tugas KLA Caturwulan II 2024",
        attendee_ids=[dinkes.pk],
        decisions=[("Dinkes memperbaiki pencatatan gizi.", dinkes.pk, dt.date(2024, 10, 1))],
        scope=SYSTEM,
        actor=None,
    )
    return small
