"""The Reports page: the secretariat and readers download the laporan and the workbook."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from radkla.accounts.access import scope_for
from radkla.monitoring.selectors import find_period, periods_of
from radkla.plan.selectors import PlanNotFound, get_plan
from radkla.reports.services import FORMATS, produce_report


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    if scope_for(request.user).is_operator:
        raise PermissionDenied("Laporan diunduh oleh sekretariat dan pimpinan.")
    try:
        plan = get_plan()
    except PlanNotFound:
        raise Http404 from None
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        which = request.GET.get("untuk", "")
        period = find_period(plan, which) if "-" in which else None
        year = period.year if period else (int(which) if which.isdigit() else 0)
        if year not in plan.years:
            raise Http404
        report = produce_report(plan=plan, year=year, period=period, fmt=fmt)
        response = HttpResponse(report.data, content_type=report.content_type)
        response["Content-Disposition"] = f'attachment; filename="{report.name}"'
        return response
    return render(
        request,
        "reports/index.html",
        {
            "plan": plan,
            "years": list(plan.years),
            "periods": [p for p in periods_of(plan) if p.state != p.State.UPCOMING],
        },
    )
