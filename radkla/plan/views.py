"""Plan pages: the overview (filterable, exportable), the plan audit, the polarity review."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from radkla.accounts.access import require_secretariat, scope_for
from radkla.plan.audit import FLAG_NAMES, audit_rows
from radkla.plan.exporters import plan_csv, plan_json, plan_xlsx
from radkla.plan.forms import PlanFilterForm, read_polarity_form
from radkla.plan.models import Measure, Plan
from radkla.plan.rows import table_lines
from radkla.plan.selectors import (
    PlanNotFound,
    get_plan,
    measure_rows,
    plan_agencies,
    plan_clusters,
    plans,
    polarity_rows,
    unconfirmed_polarity,
)
from radkla.plan.services import PolarityConflict, PolarityError, confirm_polarity


def get_plan_for_user(request: HttpRequest, plan_id: int) -> Plan:
    """The one way views load a plan: 404 when it does not exist for this user.

    Every signed-in role may read the whole plan; writes are scoped elsewhere.
    """
    try:
        return get_plan(plan_id)
    except PlanNotFound:
        raise Http404 from None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    found = list(plans())
    if len(found) == 1:
        return redirect("plan:overview", plan_id=found[0].pk)
    return render(request, "plan/list.html", {"plans": found})


def _filtered(request: HttpRequest, plan: Plan) -> tuple[PlanFilterForm, list]:  # type: ignore[type-arg]
    form = PlanFilterForm(
        request.GET or None,
        clusters=list(plan_clusters(plan)),
        agencies=list(plan_agencies(plan)),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    rows = measure_rows(
        plan,
        cluster=filters.get("klaster") or "",
        agency_id=filters.get("instansi"),
        search=(filters.get("q") or "").strip(),
    )
    return form, rows


@login_required
def overview(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id)
    form, rows = _filtered(request, plan)
    context = {
        "plan": plan,
        "form": form,
        "lines": table_lines(rows),
        "measure_count": len(rows),
        "years": list(plan.years),
        "query": request.GET.urlencode(),
    }
    template = "plan/partials/measure_table.html" if request.htmx else "plan/overview.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def export(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    """The overview's rows, with the same filters, as a file."""
    plan = get_plan_for_user(request, plan_id)
    _form, rows = _filtered(request, plan)
    name = slugify(f"rad-kla-{plan.region.name}-{plan.start_year}-{plan.end_year}")
    if fmt == "xlsx":
        response = HttpResponse(
            plan_xlsx(plan, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "csv":
        response = HttpResponse(plan_csv(plan, rows), content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        response = HttpResponse(
            json.dumps(plan_json(plan, rows), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def audit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id)
    flags = audit_rows(measure_rows(plan), start_year=plan.start_year, end_year=plan.end_year)
    code = request.GET.get("jenis", "")
    counts = dict.fromkeys(FLAG_NAMES, 0)
    for flag in flags:
        counts[flag.code] += 1
    shown = [(f, FLAG_NAMES[f.code]) for f in flags if code not in FLAG_NAMES or f.code == code]
    return render(
        request,
        "plan/audit.html",
        {
            "plan": plan,
            "flags": shown,
            "total": len(flags),
            "kinds": [(c, FLAG_NAMES[c], n) for c, n in counts.items() if n],
            "selected": code,
        },
    )


@login_required
def polarity(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The secretariat confirms the proposed polarities, a cluster at a time."""
    scope = scope_for(request.user)
    require_secretariat(scope)
    plan = get_plan_for_user(request, plan_id)
    clusters = list(plan_clusters(plan))
    pending = unconfirmed_polarity(plan)
    codes = [c.code for c in clusters]
    code = request.GET.get("klaster", "")
    if code not in codes:
        code = next((c for c in codes if pending.get(c)), codes[0] if codes else "")
    error, status = "", 200
    if request.method == "POST":
        try:
            choice = read_polarity_form(request.POST)
            changed = confirm_polarity(
                plan=plan,
                measure_ids=choice.measure_ids,
                polarity_by_id=choice.polarity_by_id,
                shown=choice.shown,
                scope=scope,
                actor=request.user,
            )
        except PolarityConflict as conflict:
            error, status = str(conflict), 409
        except (PolarityError, ValueError) as refused:
            error, status = str(refused), 400
        else:
            messages.success(
                request,
                ngettext(
                    "Polaritas %(count)d ukuran disimpan dan dikonfirmasi.",
                    "Polaritas %(count)d ukuran disimpan dan dikonfirmasi.",
                    changed,
                )
                % {"count": changed}
                if changed
                else _("Tidak ada yang berubah."),
            )
            return redirect(f"{reverse('plan:polarity', args=[plan.pk])}?klaster={code}")
    rows = polarity_rows(plan, code) if code else []
    return render(
        request,
        "plan/polarity.html",
        {
            "plan": plan,
            "clusters": [(c, pending.get(c.code, 0)) for c in clusters],
            "code": code,
            "rows": rows,
            "years": list(plan.years),
            "choices": Measure.Polarity.choices,
            "pending": sum(pending.values()),
            "cluster_pending": pending.get(code, 0),
            "error": error,
        },
        status=status,
    )
