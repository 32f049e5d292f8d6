"""Plan revision pages: the history, two revisions compared, a measure corrected."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from radkla.accounts.access import require_secretariat, scope_for
from radkla.errors import NotFound
from radkla.plan.forms import MeasureCorrectionForm
from radkla.plan.history import RevisionNotFound, compare, history
from radkla.plan.models import Measure, Plan
from radkla.plan.revisions import RevisionError, correct_measure, measure_fingerprint
from radkla.plan.views import get_plan_for_user

# Past this many measures a revision's diff starts folded, so the list of revisions stays short.
OPEN_UP_TO = 8


@login_required
def plan_history(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id)
    entries = history(plan)
    labels = [e.revision.label for e in entries]
    return render(
        request,
        "plan/history.html",
        {
            "plan": plan,
            "entries": entries,
            "labels": labels,
            "open_up_to": OPEN_UP_TO,
            # The form offers the newest against the one before it.
            "dari": labels[1] if len(labels) > 1 else (labels[0] if labels else ""),
            "ke": labels[0] if labels else "",
        },
    )


@login_required
def plan_compare(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id)
    try:
        comparison = compare(plan, request.GET.get("dari"), request.GET.get("ke"))
    except RevisionNotFound as error:
        raise NotFound(str(error)) from None
    labels = [e.revision.label for e in history(plan)]
    return render(
        request,
        "plan/compare.html",
        {
            "plan": plan,
            "comparison": comparison,
            "diff": comparison.diff,
            "labels": labels,
            "dari": comparison.old.label,
            "ke": comparison.new.label,
            # Here the diff is what was asked for: every group open.
            "open_up_to": len(comparison.diff.entries),
        },
    )


def _measure_of(plan: Plan, measure_id: int) -> Measure:
    measure = (
        Measure.objects.filter(plan=plan, pk=measure_id).select_related("action__indicator").first()
    )
    if measure is None:
        raise NotFound(_("Ukuran ini tidak ada pada rencana ini."))
    return measure


@login_required
def correct(request: HttpRequest, plan_id: int, measure_id: int) -> HttpResponse:
    """The secretariat corrects one measure as a minor revision, with a reason."""
    scope = scope_for(request.user)
    require_secretariat(scope)
    plan = get_plan_for_user(request, plan_id)
    measure = _measure_of(plan, measure_id)
    archived = plan.status == Plan.Status.ARCHIVED
    error, status = "", 200
    if request.method == "POST":
        form = MeasureCorrectionForm(request.POST)
        if not form.is_valid():
            status = 400
        else:
            try:
                revision = correct_measure(
                    measure=measure,
                    values=form.values(measure),
                    reason=form.cleaned_data["reason"],
                    scope=scope,
                    actor=request.user,
                    shown=form.cleaned_data["shown"],
                )
            except RevisionError as refused:
                measure = _measure_of(plan, measure_id)
                stale = form.cleaned_data["shown"] != measure_fingerprint(measure)
                error, status = str(refused), 409 if stale else 400
            else:
                if revision is None:
                    error = _("Isiannya sama dengan yang tersimpan; tidak ada revisi baru.")
                else:
                    messages.success(
                        request,
                        _("Koreksi disimpan sebagai revisi %(label)s.") % {"label": revision.label},
                    )
                    return redirect("plan:history", plan_id=plan.pk)
    else:
        form = MeasureCorrectionForm.for_measure(measure, measure_fingerprint(measure))
    return render(
        request,
        "plan/correct.html",
        {
            "plan": plan,
            "measure": measure,
            "form": form,
            "error": error,
            "archived": archived,
        },
        status=status,
    )
