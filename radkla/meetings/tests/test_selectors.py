"""The meeting reads: follow-ups per agency and the period's live progress snapshot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count
from pytest_django import DjangoAssertNumQueries

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.meetings.models import Meeting
from radkla.meetings.selectors import (
    meeting_detail,
    meetings_of,
    open_follow_ups,
    period_snapshot,
)
from radkla.meetings.services import add_decision, complete_follow_up
from radkla.monitoring.models import Realization, ReportingPeriod
from radkla.monitoring.services import (
    Entry,
    return_realization,
    save_entry,
    submit_realization,
    verify_realization,
)
from radkla.monitoring.tests.conftest import scope
from radkla.monitoring.values import read_value
from radkla.plan.models import Agency, Measure, MeasureAgency, Plan, Target


def test_it_lists_only_the_agencys_open_follow_ups_by_due_date(
    meeting: Meeting, people: dict[str, Profile], dinkes: Agency, dinsos: Agency
) -> None:
    secretariat = people["sekretariat"]
    later = add_decision(
        meeting=meeting,
        text="Laporkan cakupan ASI eksklusif.",
        owner_id=dinkes.pk,
        due_on=dt.date(2025, 9, 30),
        scope=scope(secretariat),
        actor=None,
    )
    undated = add_decision(
        meeting=meeting,
        text="Siapkan pojok laktasi.",
        owner_id=dinkes.pk,
        scope=scope(secretariat),
        actor=None,
    )
    sooner = add_decision(
        meeting=meeting,
        text="Kirim daftar Puskesmas ramah anak.",
        owner_id=dinkes.pk,
        due_on=dt.date(2025, 5, 31),
        scope=scope(secretariat),
        actor=None,
    )
    first = meeting.decisions.get(position=1)
    assert [d.pk for d in open_follow_ups(dinkes.pk)] == [sooner.pk, first.pk, later.pk, undated.pk]
    complete_follow_up(decision=first, note="Sudah.", scope=scope(people["dinkes"]), actor=None)
    mine = open_follow_ups(dinkes.pk)
    assert [d.pk for d in mine] == [sooner.pk, later.pk, undated.pk]
    assert all(d.owner_id == dinkes.pk for d in mine)
    assert [d.text for d in open_follow_ups(dinsos.pk)] == ["Kirim data penerima PKH."]


def test_the_list_and_the_detail_take_fixed_queries(
    meeting: Meeting, django_assert_num_queries: DjangoAssertNumQueries, cilegon_plan: Plan
) -> None:
    with django_assert_num_queries(1):
        (listed,) = meetings_of(cilegon_plan)
    assert (listed.attendee_count, listed.decision_count, listed.open_follow_up_count) == (2, 3, 2)
    with django_assert_num_queries(2):
        detail = meeting_detail(meeting)
        owners = [str(d.owner) for d in detail.decisions if d.owner]
    assert owners == ["Dinkes", "Dinsos"]
    assert [a.acronym for a in detail.attendees] == ["Dinkes", "Dinsos"]
    assert len(detail.open_follow_ups) == 2


def _dinkes_only_measures(plan: Plan, dinkes: Agency) -> list[Measure]:
    """Dinkes measures no other agency shares, so only Dinkes's row counts them."""
    measures = list(
        Measure.objects.filter(plan=plan, agencies=dinkes, requires_evidence=False)
        .annotate(agency_count=Count("agency_links"))
        .filter(agency_count=1)
        .select_related("action__indicator")
        .order_by("position")[:6]
    )
    assert len(measures) == 6
    return measures


def _report(
    measure: Measure, period: ReportingPeriod, operator: Profile, text: str = "10"
) -> Realization:
    current = (
        Realization.objects.filter(measure=measure, period=period).order_by("-revision").first()
    )
    return save_entry(
        entry=Entry(
            measure=measure,
            value=read_value(text, unit=measure.unit, target=None),
            expected_version=current.version if current else None,
        ),
        period=period,
        scope=scope(operator),
        actor=operator.user,
    )


def test_the_snapshot_counts_each_agencys_latest_revisions(
    cilegon_plan: Plan,
    people: dict[str, Profile],
    period: ReportingPeriod,
    dinkes: Agency,
    dinsos: Agency,
) -> None:
    operator = people["dinkes"]
    draft, submitted, verified, returned, revised, _untouched = _dinkes_only_measures(
        cilegon_plan, dinkes
    )
    _report(draft, period, operator)
    submit_realization(
        realization=_report(submitted, period, operator), scope=scope(operator), actor=None
    )
    for measure in (verified, revised):
        done = submit_realization(
            realization=_report(measure, period, operator), scope=scope(operator), actor=None
        )
        verify_realization(realization=done, scope=SYSTEM, actor=None)
    sent = submit_realization(
        realization=_report(returned, period, operator), scope=scope(operator), actor=None
    )
    return_realization(realization=sent, reason="Lampirkan data.", scope=SYSTEM, actor=None)
    # A verified value being revised counts as the draft it now is.
    assert _report(revised, period, operator, "12").revision == 2

    snapshot = period_snapshot(period)
    rows = {row.agency.pk: row.progress for row in snapshot.rows}
    required = Measure.objects.filter(plan=cilegon_plan, agencies=dinkes).distinct().count()
    mine = rows[dinkes.pk]
    assert (mine.required, mine.draft, mine.submitted, mine.verified, mine.returned) == (
        required,
        2,
        1,
        1,
        1,
    )
    assert mine.missing == required - 5
    theirs = rows[dinsos.pk]
    # "Jumlah Rumah Aman Anak" has "-" as its 2025 target: not due, not required.
    assert theirs.required == (
        Measure.objects.filter(plan=cilegon_plan, agencies=dinsos)
        .exclude(name="Jumlah Rumah Aman Anak")
        .count()
    )
    assert theirs.required == Measure.objects.filter(plan=cilegon_plan, agencies=dinsos).count() - 1
    assert (theirs.missing, theirs.draft, theirs.verified) == (theirs.required, 0, 0)
    every = MeasureAgency.objects.filter(measure__plan=cilegon_plan).values("measure").distinct()
    without_target = {
        t.measure_id
        for t in Target.objects.filter(measure__plan=cilegon_plan, year=2025)
        if t.raw.strip() in ("", "-")
    }
    assert len(without_target) == 2  # the seed's measures with "-" as their 2025 target
    assert snapshot.total.required == every.count() - len(without_target)
    assert (snapshot.total.draft, snapshot.total.verified) == (2, 1)
    assert snapshot.total.missing == snapshot.total.required - 5
    names = [row.agency.name for row in snapshot.rows]
    assert names == sorted(names)


@pytest.mark.parametrize("reported", [1, 6])
def test_the_snapshot_takes_three_queries_however_much_is_reported(
    cilegon_plan: Plan,
    people: dict[str, Profile],
    period: ReportingPeriod,
    dinkes: Agency,
    django_assert_num_queries: DjangoAssertNumQueries,
    reported: int,
) -> None:
    for measure in _dinkes_only_measures(cilegon_plan, dinkes)[:reported]:
        done = submit_realization(
            realization=_report(measure, period, people["dinkes"]),
            scope=scope(people["dinkes"]),
            actor=None,
        )
        verify_realization(realization=done, scope=SYSTEM, actor=None)
        _report(measure, period, people["dinkes"], "11")
    assert Realization.objects.count() == reported * 2
    with django_assert_num_queries(3):
        snapshot = period_snapshot(period)
    assert sum(row.progress.draft for row in snapshot.rows) == reported
