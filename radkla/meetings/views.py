"""Meeting pages: the list, the record form, a meeting with its live progress snapshot."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from radkla.accounts.access import Scope, request_scope, require_secretariat
from radkla.lib.text import shortened
from radkla.meetings import selectors, services
from radkla.meetings.forms import DecisionRowForm, MeetingForm, decision_forms
from radkla.meetings.models import Meeting
from radkla.meetings.services import MeetingError
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.selectors import periods_of
from radkla.plan.chosen import city_plan
from radkla.plan.selectors import plan_agencies


def _scope(request: HttpRequest) -> Scope:
    return request_scope(request)


def get_meeting_for_user(request: HttpRequest, pk: int) -> Meeting:
    """The one way views load a meeting: 404 when it does not exist for this user.

    Every signed-in role reads every meeting of its city; the services decide who writes.
    """
    meeting = selectors.find_meeting(pk)
    if meeting is None or not _scope(request).covers(meeting.plan.region_id):
        raise Http404
    return meeting


def _meeting_fields(form: MeetingForm) -> dict[str, Any]:
    """The meeting form's values as the record and update services take them."""
    data = form.cleaned_data
    return {
        "period": data["period"],
        "held_on": data["held_on"],
        "title": data["title"],
        "place": data["place"],
        "minutes": data["minutes"],
        "attendee_ids": data["attendees"],
    }


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    plan = city_plan(request)
    return render(
        request,
        "meetings/list.html",
        {"plan": plan, "meetings": list(selectors.meetings_of(plan)), "scope": _scope(request)},
    )


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    require_secretariat(scope)
    plan = city_plan(request)
    periods = list(periods_of(plan))
    agencies = list(plan_agencies(plan))
    data = request.POST if request.method == "POST" else None
    # The meeting usually reviews the period being reported now.
    current = [p.pk for p in periods if p.state == ReportingPeriod.State.OPEN][-1:]
    form = MeetingForm(
        data,
        periods=periods,
        agencies=agencies,
        initial={"period": current[0] if current else None},
    )
    rows = decision_forms(data, agencies)
    if data is not None:
        valid = [form.is_valid()] + [row.is_valid() for row in rows]
        if all(valid):
            try:
                meeting = services.record_meeting(
                    plan=plan,
                    **_meeting_fields(form),
                    decisions=[d for row in rows if (d := row.decision()) is not None],
                    scope=scope,
                    actor=request.user,
                )
            except MeetingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("%(meeting)s dicatat.") % {"meeting": meeting.name})
                return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(
        request, "meetings/create.html", {"form": form, "rows": rows, "plan": plan, "scope": scope}
    )


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    scope = _scope(request)
    meeting = get_meeting_for_user(request, meeting_id)
    detail = selectors.meeting_detail(meeting)
    new_decision = (
        DecisionRowForm(prefix="baru", agencies=list(plan_agencies(meeting.plan)))
        if scope.is_secretariat
        else None
    )
    return render(
        request,
        "meetings/detail.html",
        {
            "scope": scope,
            "meeting": meeting,
            "detail": detail,
            "snapshot": selectors.period_snapshot(meeting.period) if meeting.period else None,
            "completable": {
                d.pk for d in detail.open_follow_ups if services.can_complete_follow_up(scope, d)
            },
            "new_decision": new_decision,
        },
    )


@login_required
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Correct a recorded meeting: minutes, attendance, date, place, period."""
    scope = _scope(request)
    require_secretariat(scope)
    meeting = get_meeting_for_user(request, meeting_id)
    periods = list(periods_of(meeting.plan))
    agencies = list(plan_agencies(meeting.plan))
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(
        data,
        periods=periods,
        agencies=agencies,
        initial={
            "held_on": meeting.held_on,
            "period": meeting.period_id,
            "title": meeting.title,
            "place": meeting.place,
            "minutes": meeting.minutes,
            "attendees": [a.pk for a in meeting.attendees.all()],
        },
    )
    # The version the page was loaded with: a change made since then is a conflict.
    version = request.POST.get("version", "") if data is not None else str(meeting.version)
    if data is not None and form.is_valid():
        try:
            services.update_meeting(
                meeting=meeting,
                **_meeting_fields(form),
                expected_version=int(version) if version.isdecimal() else 0,
                scope=scope,
                actor=request.user,
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(meeting)s diubah.") % {"meeting": meeting.name})
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/edit.html",
        {"form": form, "meeting": meeting, "version": version, "scope": scope},
    )


@login_required
@require_POST
def add_decision(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A decision taken at the meeting but recorded later, after the ones it has."""
    scope = _scope(request)
    require_secretariat(scope)
    meeting = get_meeting_for_user(request, meeting_id)
    row = DecisionRowForm(request.POST, prefix="baru", agencies=list(plan_agencies(meeting.plan)))
    decision = row.decision() if row.is_valid() else None
    if decision is None:
        problems = [str(e) for errors in row.errors.values() for e in errors]
        messages.error(request, " ".join(problems) or _("Isi teks keputusan."))
        return redirect("meetings:detail", meeting_id=meeting.pk)
    text, owner_id, due_on = decision
    try:
        services.add_decision(
            meeting=meeting,
            text=text,
            owner_id=owner_id,
            due_on=due_on,
            scope=scope,
            actor=request.user,
        )
    except MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Keputusan ditambahkan."))
    return redirect("meetings:detail", meeting_id=meeting.pk)


def _back(request: HttpRequest, meeting: Meeting) -> str:
    """Where the form was posted from (an agency page or the meeting), if it is ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("meetings:detail", args=[meeting.pk])


@login_required
@require_POST
def complete_follow_up(request: HttpRequest, meeting_id: int, decision_id: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, meeting_id)
    decision = selectors.find_decision(meeting, decision_id)
    if decision is None:
        raise Http404
    try:
        services.complete_follow_up(
            decision=decision,
            note=request.POST.get("note", ""),
            scope=_scope(request),
            actor=request.user,
        )
    except MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _('Tindak lanjut "%(text)s" ditandai selesai.')
            % {"text": shortened(decision.text, 80)},
        )
    return redirect(_back(request, meeting))
