"""Recording meetings and completing follow-ups through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from radkla.accounts.models import Profile
from radkla.audittrail.models import AuditEvent
from radkla.meetings.models import Decision, Meeting
from radkla.meetings.services import (
    MeetingError,
    add_decision,
    complete_follow_up,
    record_meeting,
    update_meeting,
)
from radkla.meetings.tests.conftest import HELD_ON
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.tests.conftest import scope
from radkla.plan.models import Agency, Plan

State = Decision.State


def test_it_records_a_meeting_with_its_follow_ups_and_audit_events(
    meeting: Meeting, people: dict[str, Profile], dinkes: Agency, dinsos: Agency
) -> None:
    assert (meeting.held_on, meeting.period.code if meeting.period else None) == (
        HELD_ON,
        "2025-1",
    )
    assert meeting.created_by == people["sekretariat"].user
    assert set(meeting.attendees.values_list("pk", flat=True)) == {dinkes.pk, dinsos.pk}
    decisions = list(meeting.decisions.order_by("position"))
    assert [(d.position, d.owner_id, d.state) for d in decisions] == [
        (1, dinkes.pk, State.OPEN),
        (2, dinsos.pk, State.OPEN),
        (3, None, State.OPEN),
    ]
    assert [d.is_follow_up for d in decisions] == [True, True, False]
    events = list(AuditEvent.objects.order_by("id").filter(action__startswith="meeting."))
    assert [e.action for e in events] == ["meeting.create"]
    assert events[0].actor_label == "sekretariat"
    assert events[0].new["attendees"] == ["Dinkes", "Dinsos"]
    assert events[0].new["period"] == "2025-1"
    created = AuditEvent.objects.filter(action="decision.create").order_by("id")
    assert [e.object_id for e in created] == [str(d.pk) for d in decisions]
    assert created[0].new["owner"] == "Dinkes" and created[0].new["due_on"] == "2025-06-30"


@pytest.mark.parametrize("who", ["dinkes", "koordinator3", "pimpinan"])
def test_it_refuses_anyone_but_the_secretariat(
    cilegon_plan: Plan, people: dict[str, Profile], period: ReportingPeriod, who: str
) -> None:
    outsider = people[who]
    with pytest.raises(PermissionDenied):
        record_meeting(
            plan=cilegon_plan,
            period=period,
            held_on=HELD_ON,
            title="Rapat",
            scope=scope(outsider),
            actor=outsider.user,
        )
    assert not Meeting.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="meeting.").exists()


@pytest.mark.parametrize(
    ("held_on", "decisions", "message"),
    [
        (None, [], "Isi tanggal rapat."),
        (HELD_ON, [("Lengkapi data.", None, None), ("  ", None, None)], "ke-2 belum berisi teks"),
        (
            HELD_ON,
            [("Lengkapi data.", None, dt.date(2025, 5, 14))],
            "tidak boleh sebelum tanggal rapat",
        ),
    ],
)
def test_it_writes_nothing_for_bad_input(
    cilegon_plan: Plan,
    people: dict[str, Profile],
    period: ReportingPeriod,
    dinkes: Agency,
    held_on: dt.date | None,
    decisions: list[tuple[str, int | None, dt.date | None]],
    message: str,
) -> None:
    secretariat = people["sekretariat"]
    with pytest.raises(MeetingError, match=message):
        record_meeting(
            plan=cilegon_plan,
            period=period,
            held_on=held_on,
            title="Rapat koordinasi",
            attendee_ids=[dinkes.pk],
            decisions=decisions,
            scope=scope(secretariat),
            actor=secretariat.user,
        )
    assert not Meeting.objects.exists()
    assert not Decision.objects.exists()
    assert not AuditEvent.objects.filter(object_type__startswith="meetings.").exists()


def test_it_refuses_an_unknown_agency(
    cilegon_plan: Plan, people: dict[str, Profile], period: ReportingPeriod
) -> None:
    secretariat = people["sekretariat"]
    with pytest.raises(MeetingError, match="tidak dikenal"):
        record_meeting(
            plan=cilegon_plan,
            period=period,
            held_on=HELD_ON,
            title="Rapat",
            decisions=[("Lengkapi data.", 999_999, None)],
            scope=scope(secretariat),
            actor=None,
        )
    assert not Meeting.objects.exists()


def test_it_keeps_old_and_new_when_a_meeting_changes(
    meeting: Meeting, people: dict[str, Profile], period: ReportingPeriod, dinkes: Agency
) -> None:
    secretariat = people["sekretariat"]
    changed = update_meeting(
        meeting=meeting,
        period=period,
        held_on=HELD_ON,
        title=meeting.title,
        place=meeting.place,
        minutes="Notulen yang sudah dirapikan.",
        attendee_ids=[dinkes.pk],
        expected_version=1,
        scope=scope(secretariat),
        actor=secretariat.user,
    )
    assert changed.version == 2
    assert list(changed.attendees.values_list("pk", flat=True)) == [dinkes.pk]
    event = AuditEvent.objects.get(action="meeting.change")
    assert event.old["attendees"] == ["Dinkes", "Dinsos"] and event.new["attendees"] == ["Dinkes"]
    assert event.new["minutes"] == "Notulen yang sudah dirapikan."
    with pytest.raises(MeetingError, match="sudah diubah orang lain"):
        update_meeting(
            meeting=meeting,
            period=period,
            held_on=HELD_ON,
            title=meeting.title,
            place="",
            minutes="Versi lama.",
            attendee_ids=[],
            expected_version=1,
            scope=scope(secretariat),
            actor=None,
        )
    with pytest.raises(MeetingError, match="sebelum tanggal rapat yang baru"):
        update_meeting(
            meeting=meeting,
            period=period,
            held_on=dt.date(2025, 7, 1),
            title=meeting.title,
            place="",
            minutes="",
            attendee_ids=[],
            scope=scope(secretariat),
            actor=None,
        )
    with pytest.raises(PermissionDenied):
        update_meeting(
            meeting=meeting,
            period=period,
            held_on=HELD_ON,
            title="Diubah operator",
            place="",
            minutes="",
            attendee_ids=[],
            scope=scope(people["dinkes"]),
            actor=None,
        )
    meeting.refresh_from_db()
    assert (meeting.version, meeting.minutes) == (2, "Notulen yang sudah dirapikan.")
    assert AuditEvent.objects.filter(action="meeting.change").count() == 1


def test_it_adds_a_decision_after_the_others(
    meeting: Meeting, people: dict[str, Profile], dinsos: Agency
) -> None:
    secretariat = people["sekretariat"]
    added = add_decision(
        meeting=meeting,
        text="Susun jadwal kunjungan LKSA.",
        owner_id=dinsos.pk,
        due_on=dt.date(2025, 8, 1),
        scope=scope(secretariat),
        actor=secretariat.user,
    )
    assert (added.position, added.owner_id, added.state) == (4, dinsos.pk, State.OPEN)
    assert AuditEvent.objects.filter(action="decision.create", object_id=str(added.pk)).exists()
    with pytest.raises(MeetingError, match="ke-5 belum berisi teks"):
        add_decision(meeting=meeting, text="", scope=scope(secretariat), actor=None)
    with pytest.raises(PermissionDenied):
        add_decision(meeting=meeting, text="Lagi.", scope=scope(people["dinsos"]), actor=None)
    assert meeting.decisions.count() == 4


def test_the_owner_operator_completes_its_follow_up_and_no_other_agency_can(
    meeting: Meeting, people: dict[str, Profile], dinkes: Agency
) -> None:
    follow_up = meeting.decisions.get(owner=dinkes)
    for outsider in ("dinsos", "koordinator3", "pimpinan"):
        with pytest.raises(PermissionDenied):
            complete_follow_up(
                decision=follow_up,
                note="Sudah.",
                scope=scope(people[outsider]),
                actor=people[outsider].user,
            )
    operator = people["dinkes"]
    with pytest.raises(MeetingError, match="Tuliskan"):
        complete_follow_up(decision=follow_up, note=" ", scope=scope(operator), actor=None)
    follow_up.refresh_from_db()
    assert follow_up.state == State.OPEN
    done = complete_follow_up(
        decision=follow_up,
        note="Data 12 Puskesmas sudah diunggah.",
        scope=scope(operator),
        actor=operator.user,
    )
    assert (done.state, done.done_note, done.done_by) == (
        State.DONE,
        "Data 12 Puskesmas sudah diunggah.",
        operator.user,
    )
    assert done.done_at is not None
    event = AuditEvent.objects.get(action="decision.complete")
    assert event.old == {"state": "open"} and event.new["state"] == "done"
    assert event.actor_label == "dinkes"
    with pytest.raises(MeetingError, match="sudah selesai"):
        complete_follow_up(
            decision=follow_up, note="Lagi.", scope=scope(people["sekretariat"]), actor=None
        )


def test_the_secretariat_may_complete_any_follow_up_but_not_a_plain_decision(
    meeting: Meeting, people: dict[str, Profile], dinsos: Agency
) -> None:
    secretariat = people["sekretariat"]
    done = complete_follow_up(
        decision=meeting.decisions.get(owner=dinsos),
        note="Diterima di rapat berikutnya.",
        scope=scope(secretariat),
        actor=secretariat.user,
    )
    assert done.state == State.DONE
    with pytest.raises(MeetingError, match="bukan tindak lanjut"):
        complete_follow_up(
            decision=meeting.decisions.get(owner__isnull=True),
            note="Selesai.",
            scope=scope(secretariat),
            actor=None,
        )
