"""Reads of the coordination meetings, each a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet, prefetch_related_objects

from radkla.lib.revisions import newest
from radkla.meetings.models import Decision, Meeting
from radkla.monitoring.models import Realization, ReportingPeriod
from radkla.monitoring.selectors import target_is_due
from radkla.plan.inforce import measures_in_force, period_key
from radkla.plan.models import Agency, MeasureAgency, Plan

State = Realization.State


def meetings_of(plan: Plan) -> QuerySet[Meeting]:
    """The plan's meetings, newest first, with their counts (one query)."""
    return (
        Meeting.objects.filter(plan=plan)
        .select_related("period")
        .annotate(
            attendee_count=Count("attendees", distinct=True),
            decision_count=Count("decisions", distinct=True),
            open_follow_up_count=Count(
                "decisions",
                filter=Q(decisions__owner__isnull=False, decisions__state=Decision.State.OPEN),
                distinct=True,
            ),
        )
        .order_by("-held_on", "-id")
    )


def find_meeting(meeting_id: int) -> Meeting | None:
    return (
        Meeting.objects.select_related("plan", "period", "created_by").filter(pk=meeting_id).first()
    )


def find_decision(meeting: Meeting, decision_id: int) -> Decision | None:
    """A decision of this meeting only: an id from another meeting finds nothing."""
    return Decision.objects.select_related("owner").filter(meeting=meeting, pk=decision_id).first()


@dataclass(frozen=True, slots=True)
class MeetingDetail:
    meeting: Meeting
    attendees: list[Agency]
    decisions: list[Decision]

    @property
    def open_follow_ups(self) -> list[Decision]:
        return [d for d in self.decisions if d.is_follow_up and d.is_open]


def meeting_detail(meeting: Meeting) -> MeetingDetail:
    """The meeting with its attendees and its decisions and their owners (two queries)."""
    prefetch_related_objects(
        [meeting],
        Prefetch("attendees", queryset=Agency.objects.order_by("name")),
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related("owner", "done_by").order_by("position"),
        ),
    )
    return MeetingDetail(
        meeting=meeting,
        attendees=list(meeting.attendees.all()),
        decisions=list(meeting.decisions.all()),
    )


def open_follow_ups(agency_id: int) -> list[Decision]:
    """The agency's open follow-ups, the most urgent first (one query).

    Follow-ups without a due date come last.
    """
    return list(
        Decision.objects.filter(owner_id=agency_id, state=Decision.State.OPEN)
        .select_related("meeting", "owner")
        .order_by(F("due_on").asc(nulls_last=True), "meeting__held_on", "meeting_id", "position")
    )


def overdue_follow_ups(plan: Plan, today: dt.date) -> list[Decision]:
    """The plan's open follow-ups past their due date, the oldest due first (one query)."""
    return list(
        Decision.objects.filter(meeting__plan=plan, state=Decision.State.OPEN, due_on__lt=today)
        .select_related("meeting", "owner")
        .order_by("due_on", "meeting__held_on", "meeting_id", "position")
    )


@dataclass(frozen=True, slots=True)
class Progress:
    """Counts of a set of measures by the state of their realization in one period."""

    required: int
    draft: int
    submitted: int
    verified: int
    returned: int

    @property
    def missing(self) -> int:
        return self.required - self.draft - self.submitted - self.verified - self.returned


@dataclass(frozen=True, slots=True)
class AgencyProgress:
    agency: Agency
    progress: Progress


@dataclass(frozen=True, slots=True)
class PeriodSnapshot:
    """Where a period's reporting stands, per agency and for the whole plan.

    ``total`` counts each measure once, even when several agencies share it,
    so it is not the sum of the agency rows.
    """

    period: ReportingPeriod
    rows: list[AgencyProgress]
    total: Progress


def _progress(measure_ids: Collection[int], states: Mapping[int, str]) -> Progress:
    counts = Counter(states[m] for m in measure_ids if m in states)
    return Progress(
        required=len(measure_ids),
        draft=counts[State.DRAFT],
        submitted=counts[State.SUBMITTED],
        verified=counts[State.VERIFIED],
        returned=counts[State.RETURNED],
    )


def period_snapshot(period: ReportingPeriod) -> PeriodSnapshot:
    """Per agency: the measures it must report and its realizations by state (three queries).

    Only city-wide realizations count (per-area rows are parts of one report),
    and of each measure only its latest revision: a verified value being revised
    counts as the draft it now is.
    """
    measures_of: dict[int, set[int]] = defaultdict(set)
    links = MeasureAgency.objects.filter(
        measures_in_force(period_key(period.year, period.number), "measure__"),
        measure__plan_id=period.plan_id,
        measure__targets__year=period.year,
    ).values_list("agency_id", "measure_id", "measure__targets__raw", "measure__unit")
    for agency_id, measure_id, raw, unit in links:
        if target_is_due(raw, unit):  # only measures with a target this year are due
            measures_of[agency_id].add(measure_id)
    rows = Realization.objects.filter(period=period, area__isnull=True).values_list(
        "measure_id", "revision", "state"
    )
    states = {
        measure_id: row[2]
        for measure_id, row in newest(rows, key=lambda r: r[0], revision=lambda r: r[1]).items()
    }
    agencies = Agency.objects.filter(pk__in=list(measures_of)).order_by("name")
    every_measure: set[int] = set().union(*measures_of.values())
    return PeriodSnapshot(
        period=period,
        rows=[
            AgencyProgress(agency=a, progress=_progress(measures_of[a.pk], states))
            for a in agencies
        ],
        total=_progress(every_measure, states),
    )
