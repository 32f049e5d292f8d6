"""Every write of the coordination meetings, each in one transaction with its audit event.

The secretariat records and changes meetings and their decisions. A follow-up
(a decision with an owner agency) is completed by that agency's operator or by
the secretariat. Input is checked before anything is written, so a refused call
leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from radkla.accounts.access import Scope, require_secretariat
from radkla.audittrail.services import Actor, record_event
from radkla.lib.text import shortened
from radkla.meetings.models import Decision, Meeting, meeting_name
from radkla.monitoring.models import ReportingPeriod
from radkla.plan.models import Agency, Plan


class MeetingError(Exception):
    """Refused input, with a message for the person who typed it."""


class DecisionInput(NamedTuple):
    """One decision as typed: its text, the owner agency's id and a due date."""

    text: str
    owner_id: int | None = None
    due_on: dt.date | None = None


def _user(actor: Actor) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def _check_meeting(
    *, plan: Plan, period: ReportingPeriod | None, held_on: dt.date | None, title: str
) -> dt.date:
    if held_on is None:
        raise MeetingError(_("Isi tanggal rapat."))
    if not title.strip():
        raise MeetingError(_("Isi judul rapat."))
    if period is not None and period.plan_id != plan.pk:
        raise MeetingError(
            _("Periode %(period)s bukan periode rencana ini.") % {"period": period.label}
        )
    return held_on


def _check_decision(number: int, row: DecisionInput, held_on: dt.date) -> None:
    if not row.text.strip():
        raise MeetingError(_("Keputusan ke-%(number)d belum berisi teks.") % {"number": number})
    if row.due_on is not None and row.due_on < held_on:
        raise MeetingError(
            _(
                "Batas waktu keputusan ke-%(number)d (%(due)s) tidak boleh sebelum "
                "tanggal rapat (%(held)s)."
            )
            % {
                "number": number,
                "due": f"{row.due_on:%d-%m-%Y}",
                "held": f"{held_on:%d-%m-%Y}",
            }
        )


def _agencies(ids: Iterable[int], region_id: int) -> dict[int, Agency]:
    """The named agencies of the meeting's city by id; every id must exist (one query)."""
    wanted = set(ids)
    if not wanted:
        return {}
    found = {a.pk: a for a in Agency.objects.filter(pk__in=wanted, region_id=region_id)}
    if len(found) != len(wanted):
        raise MeetingError(
            _("Ada instansi yang tidak dikenal; muat ulang halaman lalu pilih lagi.")
        )
    return found


def _meeting_snapshot(
    meeting: Meeting, period: ReportingPeriod | None, attendees: Iterable[Agency]
) -> dict[str, object]:
    return {
        "held_on": meeting.held_on.isoformat(),
        "period": period.code if period else None,
        "title": meeting.title,
        "place": meeting.place,
        "minutes": meeting.minutes,
        "attendees": sorted(str(a) for a in attendees),
    }


def _decision_snapshot(decision: Decision, owner: Agency | None) -> dict[str, object]:
    return {
        "meeting": decision.meeting_id,
        "position": decision.position,
        "text": decision.text,
        "owner": str(owner) if owner else None,
        "due_on": decision.due_on.isoformat() if decision.due_on else None,
        "state": decision.state,
        "done_note": decision.done_note,
    }


def _create_decision(
    *,
    meeting: Meeting,
    position: int,
    row: DecisionInput,
    agencies: dict[int, Agency],
    actor: Actor,
) -> Decision:
    owner = agencies[row.owner_id] if row.owner_id is not None else None
    decision = Decision.objects.create(
        meeting=meeting,
        position=position,
        text=row.text.strip(),
        owner=owner,
        due_on=row.due_on,
    )
    record_event(
        actor=actor,
        action="decision.create",
        obj=decision,
        summary=f"Keputusan {position} {meeting_name(shortened(meeting.title, 80))} dicatat"
        + (f"; tindak lanjut oleh {owner}" if owner else ""),
        new=_decision_snapshot(decision, owner),
    )
    return decision


def record_meeting(
    *,
    plan: Plan,
    period: ReportingPeriod | None,
    held_on: dt.date | None,
    title: str,
    place: str = "",
    minutes: str = "",
    attendee_ids: Iterable[int] = (),
    decisions: Sequence[tuple[str, int | None, dt.date | None]] = (),
    scope: Scope,
    actor: Actor,
) -> Meeting:
    """Record a coordination meeting and its decisions; a decision with an owner
    becomes a follow-up on that agency's page. All of it, or nothing."""
    require_secretariat(scope)
    day = _check_meeting(plan=plan, period=period, held_on=held_on, title=title)
    rows = [DecisionInput(*d) for d in decisions]
    for number, row in enumerate(rows, start=1):
        _check_decision(number, row, day)
    attending = set(attendee_ids)
    agencies = _agencies(
        attending | {r.owner_id for r in rows if r.owner_id is not None}, plan.region_id
    )
    with transaction.atomic():
        meeting = Meeting.objects.create(
            plan=plan,
            period=period,
            held_on=day,
            title=title.strip(),
            place=place.strip(),
            minutes=minutes.strip(),
            created_by=_user(actor),
        )
        meeting.attendees.set(attending)
        record_event(
            actor=actor,
            action="meeting.create",
            obj=meeting,
            summary=f"{meeting_name(shortened(meeting.title, 80))} ({day:%d-%m-%Y}) dicatat",
            new={
                **_meeting_snapshot(meeting, period, (agencies[i] for i in attending)),
                "decisions": len(rows),
            },
        )
        for position, row in enumerate(rows, start=1):
            _create_decision(
                meeting=meeting, position=position, row=row, agencies=agencies, actor=actor
            )
    return meeting


def update_meeting(
    *,
    meeting: Meeting,
    period: ReportingPeriod | None,
    held_on: dt.date | None,
    title: str,
    place: str,
    minutes: str,
    attendee_ids: Iterable[int],
    expected_version: int | None = None,
    scope: Scope,
    actor: Actor,
) -> Meeting:
    """Change a meeting's record (minutes, attendance, date, place); the audit event
    keeps the old and the new values. ``expected_version`` refuses a stale page."""
    require_secretariat(scope)
    day = _check_meeting(plan=meeting.plan, period=period, held_on=held_on, title=title)
    attending = set(attendee_ids)
    agencies = _agencies(attending, meeting.plan.region_id)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if expected_version is not None and expected_version != locked.version:
            raise MeetingError(
                _(
                    "Rapat ini sudah diubah orang lain sejak halaman dimuat; "
                    "muat ulang lalu ubah lagi."
                )
            )
        earliest = locked.decisions.aggregate(first=Min("due_on"))["first"]
        if earliest is not None and earliest < day:
            raise MeetingError(
                _("Ada keputusan dengan batas waktu %(due)s, sebelum tanggal rapat yang baru.")
                % {"due": f"{earliest:%d-%m-%Y}"}
            )
        old = _meeting_snapshot(locked, locked.period, locked.attendees.all())
        locked.period = period
        locked.held_on = day
        locked.title = title.strip()
        locked.place = place.strip()
        locked.minutes = minutes.strip()
        new = _meeting_snapshot(locked, period, agencies.values())
        if new == old:
            return locked
        locked.version += 1
        locked.save()
        locked.attendees.set(attending)
        record_event(
            actor=actor,
            action="meeting.change",
            obj=locked,
            summary=f"{meeting_name(shortened(locked.title, 80))} ({day:%d-%m-%Y}) diubah",
            old=old,
            new=new,
        )
    return locked


def add_decision(
    *,
    meeting: Meeting,
    text: str,
    owner_id: int | None = None,
    due_on: dt.date | None = None,
    scope: Scope,
    actor: Actor,
) -> Decision:
    """Add a decision to a recorded meeting, after the ones it has."""
    require_secretariat(scope)
    row = DecisionInput(text, owner_id, due_on)
    with transaction.atomic():
        # The lock keeps two additions from taking the same position.
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        position = (locked.decisions.aggregate(last=Max("position"))["last"] or 0) + 1
        _check_decision(position, row, locked.held_on)
        agencies = _agencies([owner_id] if owner_id is not None else [], meeting.plan.region_id)
        decision = _create_decision(
            meeting=locked, position=position, row=row, agencies=agencies, actor=actor
        )
    return decision


def can_complete_follow_up(scope: Scope, decision: Decision) -> bool:
    """The owner agency's operator or the secretariat may mark a follow-up done."""
    if scope.is_secretariat:
        return True
    return (
        scope.is_operator and decision.owner_id is not None and scope.agency_id == decision.owner_id
    )


def complete_follow_up(*, decision: Decision, note: str, scope: Scope, actor: Actor) -> Decision:
    """Mark a follow-up done, with a note on what was done."""
    if not can_complete_follow_up(scope, decision):
        raise PermissionDenied(
            _(
                "Hanya operator instansi penanggung jawab atau sekretariat yang dapat "
                "menyelesaikan tindak lanjut ini."
            )
        )
    if decision.owner_id is None:
        raise MeetingError(
            _("Keputusan ini tidak punya instansi penanggung jawab, jadi bukan tindak lanjut.")
        )
    note = note.strip()
    if not note:
        raise MeetingError(_("Tuliskan apa yang sudah dikerjakan untuk tindak lanjut ini."))
    with transaction.atomic():
        updated = Decision.objects.filter(pk=decision.pk, state=Decision.State.OPEN).update(
            state=Decision.State.DONE,
            done_note=note,
            done_at=timezone.now(),
            done_by=_user(actor),
        )
        if not updated:
            raise MeetingError(_("Tindak lanjut ini sudah selesai."))
        old = {"state": Decision.State.OPEN.value}
        decision.refresh_from_db()
        record_event(
            actor=actor,
            action="decision.complete",
            obj=decision,
            summary=f"Tindak lanjut {shortened(decision.text, 80)} selesai: {note[:200]}",
            old=old,
            new={"state": decision.state, "done_note": decision.done_note},
        )
    return decision
