"""The reporting cycle through its services: periods, saves, submission, verification."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.audittrail.models import AuditEvent
from radkla.monitoring.models import Realization, ReportingPeriod
from radkla.monitoring.services import (
    Conflict,
    Entry,
    MonitoringError,
    PeriodClosed,
    close_period,
    create_periods,
    reopen_period,
    return_realization,
    save_entry,
    save_grid,
    submit_realization,
    verify_realization,
)
from radkla.monitoring.tests.conftest import scope
from radkla.monitoring.values import read_value
from radkla.plan.models import Measure, Plan

State = Realization.State


def entry(measure: Measure, text: str, version: int | None = None, **kw: str) -> Entry:
    return Entry(
        measure=measure,
        value=read_value(text, unit=measure.unit, target=None),
        expected_version=version,
        **kw,
    )


def test_periods_follow_the_plans_scheme(cilegon_plan: Plan, people: dict[str, Profile]) -> None:
    periods = create_periods(
        plan=cilegon_plan, year=2024, scope=scope(people["sekretariat"]), actor=None
    )
    assert [(p.code, p.starts_on, p.ends_on, p.deadline) for p in periods] == [
        ("2024-1", dt.date(2024, 1, 1), dt.date(2024, 4, 30), dt.date(2024, 5, 10)),
        ("2024-2", dt.date(2024, 5, 1), dt.date(2024, 8, 31), dt.date(2024, 9, 10)),
        ("2024-3", dt.date(2024, 9, 1), dt.date(2024, 12, 31), dt.date(2025, 1, 10)),
    ]
    assert all(p.state == ReportingPeriod.State.UPCOMING for p in periods)
    cilegon_plan.reporting_scheme = Plan.ReportingScheme.TRIWULAN
    cilegon_plan.save()
    quarters = create_periods(plan=cilegon_plan, year=2025, scope=SYSTEM, actor=None)
    assert [p.ends_on.month for p in quarters] == [3, 6, 9, 12]
    with pytest.raises(PermissionDenied):
        create_periods(plan=cilegon_plan, year=2026, scope=scope(people["dinkes"]), actor=None)
    with pytest.raises(MonitoringError, match="di luar masa rencana"):
        create_periods(plan=cilegon_plan, year=2030, scope=SYSTEM, actor=None)


def test_an_operator_reports_only_its_own_measures(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    dinkes = people["dinkes"]
    saved = save_entry(
        entry=entry(vitamin_a, "86,5"), period=period, scope=scope(dinkes), actor=dinkes.user
    )
    assert (saved.value_number, saved.state, saved.version) == (Decimal("86.5"), State.DRAFT, 1)
    for outsider in ("dinsos", "koordinator3", "pimpinan", "sekretariat"):
        with pytest.raises(PermissionDenied):
            save_entry(
                entry=entry(vitamin_a, "90", version=1),
                period=period,
                scope=scope(people[outsider]),
                actor=people[outsider].user,
            )
    assert Realization.objects.get().value_raw == "86,5"


def test_a_stale_page_gets_a_conflict_not_an_overwrite(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    dinkes = people["dinkes"]
    first = save_entry(
        entry=entry(vitamin_a, "80"), period=period, scope=scope(dinkes), actor=dinkes.user
    )
    save_entry(
        entry=entry(vitamin_a, "85", version=first.version),
        period=period,
        scope=scope(dinkes),
        actor=dinkes.user,
    )
    with pytest.raises(Conflict, match='nilai terbarunya "85"'):
        save_entry(
            entry=entry(vitamin_a, "99", version=first.version),
            period=period,
            scope=scope(dinkes),
            actor=dinkes.user,
        )
    assert Realization.objects.get().value_raw == "85"


def test_submit_verify_and_return_follow_the_roles(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    dinkes, coordinator = people["dinkes"], people["koordinator3"]
    draft = save_entry(
        entry=entry(vitamin_a, "86"), period=period, scope=scope(dinkes), actor=dinkes.user
    )
    submitted = submit_realization(realization=draft, scope=scope(dinkes), actor=dinkes.user)
    assert submitted.state == State.SUBMITTED and submitted.submitted_at is not None
    for outsider in ("dinkes", "dinsos", "koordinator5", "pimpinan"):
        with pytest.raises(PermissionDenied):
            verify_realization(realization=submitted, scope=scope(people[outsider]), actor=None)
    with pytest.raises(MonitoringError, match="alasan"):
        return_realization(realization=submitted, reason="  ", scope=scope(coordinator), actor=None)
    returned = return_realization(
        realization=submitted,
        reason="Lampirkan data Puskesmas.",
        scope=scope(coordinator),
        actor=coordinator.user,
    )
    assert (returned.state, returned.return_reason) == (State.RETURNED, "Lampirkan data Puskesmas.")
    fixed = save_entry(
        entry=entry(vitamin_a, "87", version=returned.version),
        period=period,
        scope=scope(dinkes),
        actor=dinkes.user,
    )
    assert fixed.state == State.DRAFT
    again = submit_realization(realization=fixed, scope=scope(dinkes), actor=dinkes.user)
    verified = verify_realization(
        realization=again, scope=scope(coordinator), actor=coordinator.user
    )
    assert verified.state == State.VERIFIED and verified.verified_by == coordinator.user
    with pytest.raises(MonitoringError, match="terverifikasi"):
        verify_realization(realization=verified, scope=scope(people["sekretariat"]), actor=None)


def test_a_verified_value_changes_only_through_a_new_revision(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    dinkes = people["dinkes"]
    first = save_entry(
        entry=entry(vitamin_a, "86"), period=period, scope=scope(dinkes), actor=dinkes.user
    )
    first = submit_realization(realization=first, scope=scope(dinkes), actor=None)
    first = verify_realization(realization=first, scope=SYSTEM, actor=None)
    revised = save_entry(
        entry=entry(vitamin_a, "88", version=first.version),
        period=period,
        scope=scope(dinkes),
        actor=dinkes.user,
    )
    assert (revised.revision, revised.state) == (2, State.DRAFT)
    first.refresh_from_db()
    assert (first.state, first.value_raw) == (State.VERIFIED, "86")
    with pytest.raises(MonitoringError, match="sedang diverifikasi"):
        submitted = submit_realization(realization=revised, scope=scope(dinkes), actor=None)
        save_entry(
            entry=entry(vitamin_a, "89", version=submitted.version),
            period=period,
            scope=scope(dinkes),
            actor=None,
        )


def test_a_closed_period_is_locked_until_an_audited_reopen(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    dinkes, secretariat = people["dinkes"], people["sekretariat"]
    draft = save_entry(
        entry=entry(vitamin_a, "86"), period=period, scope=scope(dinkes), actor=dinkes.user
    )
    with pytest.raises(PermissionDenied):
        close_period(period=period, scope=scope(dinkes), actor=dinkes.user)
    closed = close_period(period=period, scope=scope(secretariat), actor=secretariat.user)
    with pytest.raises(PeriodClosed):
        save_entry(
            entry=entry(vitamin_a, "90", version=draft.version),
            period=closed,
            scope=scope(dinkes),
            actor=None,
        )
    with pytest.raises(PeriodClosed):
        submit_realization(realization=draft, scope=scope(dinkes), actor=None)
    with pytest.raises(MonitoringError, match="alasan"):
        reopen_period(period=closed, reason="", scope=scope(secretariat), actor=None)
    reopened = reopen_period(
        period=closed,
        reason="Data Puskesmas terlambat.",
        scope=scope(secretariat),
        actor=secretariat.user,
    )
    assert reopened.state == ReportingPeriod.State.OPEN
    event = AuditEvent.objects.get(action="period.reopen")
    assert event.actor_label == "sekretariat" and event.new["reason"] == "Data Puskesmas terlambat."
    assert (
        save_entry(
            entry=entry(vitamin_a, "90", version=draft.version),
            period=reopened,
            scope=scope(dinkes),
            actor=None,
        ).value_raw
        == "90"
    )


def test_a_grid_saves_all_rows_or_none(
    cilegon_plan: Plan, people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    dinkes = people["dinkes"]
    other = (
        Measure.objects.filter(plan=cilegon_plan, agencies__acronym="Dinkes")
        .exclude(pk=vitamin_a.pk)
        .first()
    )
    assert other is not None
    with pytest.raises(MonitoringError, match="bukan angka"):
        save_grid(
            entries=[entry(vitamin_a, "88"), entry(other, "banyak")],
            period=period,
            scope=scope(dinkes),
            actor=None,
        )
    assert not Realization.objects.exists()
    saved = save_grid(
        entries=[entry(vitamin_a, "88"), entry(other, "9")],
        period=period,
        scope=scope(dinkes),
        actor=None,
    )
    assert len(saved) == 2 and Realization.objects.count() == 2


def test_every_step_leaves_an_audit_event(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    dinkes = people["dinkes"]
    draft = save_entry(
        entry=entry(vitamin_a, "86"), period=period, scope=scope(dinkes), actor=dinkes.user
    )
    submitted = submit_realization(realization=draft, scope=scope(dinkes), actor=dinkes.user)
    verify_realization(realization=submitted, scope=SYSTEM, actor=None)
    events = list(
        AuditEvent.objects.filter(object_type="monitoring.realization")
        .order_by("id")
        .values_list("action", "old", "new")
    )
    assert [e[0] for e in events] == [
        "realization.create",
        "realization.submit",
        "realization.verify",
    ]
    assert events[1][1]["state"] == "draft" and events[1][2]["state"] == "submitted"
