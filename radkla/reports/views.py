"""The Reports page: the secretariat and readers download the laporan and the workbook.

A large plan's file is built by the background worker (``jobs``) and the page
follows its progress (an evidence package's job too: its row and download are
here); the secretariat also sets, once, who signs the laporan.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from radkla.accounts.access import Scope, require_secretariat, scope_for
from radkla.achievement.selectors import data_year
from radkla.lib.files import protect
from radkla.monitoring.selectors import find_period, periods_of
from radkla.plan.chosen import PARAM, ChosenPlan, chosen_plan, city_plan
from radkla.reports import jobs
from radkla.reports.forms import ReportSettingsForm
from radkla.reports.identity import identity_for
from radkla.reports.models import ReportJob, ReportSettings
from radkla.reports.report_settings import save_report_settings
from radkla.reports.services import FORMATS, produce_report


def _reader(request: HttpRequest) -> tuple[Scope, ChosenPlan]:
    scope = scope_for(request.user)
    if scope.is_operator:
        raise PermissionDenied("Laporan diunduh oleh sekretariat dan pimpinan.")
    return scope, chosen_plan(request)


def _index_url(chosen: ChosenPlan) -> str:
    """The Reports page of the plan shown, an archived one named again."""
    index = reverse("reports:index")
    return f"{index}?{PARAM}={chosen.plan.pk}" if chosen.explicit else index


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    scope, chosen = _reader(request)
    plan = chosen.plan
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        which = request.GET.get("untuk", "")
        period = find_period(plan, which) if "-" in which else None
        year = period.year if period else (int(which) if which.isdecimal() else 0)
        if year not in plan.years:
            raise Http404
        if jobs.runs_in_background(plan):
            job, started = jobs.start_build(
                plan=plan, year=year, period=period, fmt=fmt, user=request.user
            )
            if not started and job.requested_by_id != request.user.pk:
                messages.warning(
                    request,
                    _(
                        "Berkas yang sama sedang disusun atas permintaan pengguna lain; "
                        "unduh lagi setelah selesai."
                    ),
                )
            return redirect(_index_url(chosen))
        report = produce_report(plan=plan, year=year, period=period, fmt=fmt)
        response = HttpResponse(report.data, content_type=report.content_type)
        response["Content-Disposition"] = f'attachment; filename="{report.name}"'
        return response
    jobs.tidy()
    return render(
        request,
        "reports/index.html",
        {
            **chosen.context(),
            "active_url": reverse("reports:index"),
            "years": list(plan.years),
            "year": data_year(plan),
            "periods": [p for p in periods_of(plan) if p.state != p.State.UPCOMING],
            "jobs": list(jobs.visible_jobs(scope).filter(plan=plan)[:20]),
            "background": jobs.runs_in_background(plan),
        },
    )


def _job(request: HttpRequest, job_id: int) -> ReportJob:
    """A job its requester or the secretariat may see: 403 for others, 404 if unknown."""
    scope = scope_for(request.user)
    if scope.is_operator:
        raise PermissionDenied("Berkas ini diunduh oleh sekretariat dan pimpinan.")
    job = (
        ReportJob.objects.defer("data")
        .select_related("requested_by", "plan")
        .filter(pk=job_id)
        .first()
    )
    if job is None or not scope.covers(job.plan.region_id):
        raise Http404
    if not (scope.is_secretariat or job.requested_by_id == scope.user_id):
        raise PermissionDenied("Berkas ini disusun untuk pengguna lain.")
    return job


@login_required
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """One job's row, polled by the Reports page while the file is being built."""
    jobs.tidy()
    return render(request, "reports/_job.html", {"job": _job(request, job_id)})


@login_required
def job_download(request: HttpRequest, job_id: int) -> HttpResponseBase:
    job = _job(request, job_id)
    if job.state != ReportJob.State.DONE:
        raise Http404
    if job.stored:
        try:
            kept = (jobs.jobs_dir() / job.stored).open("rb")
        except OSError:
            raise Http404 from None
        return FileResponse(kept, as_attachment=True, filename=job.file_name)
    data = ReportJob.objects.values_list("data", flat=True).get(pk=job.pk)
    response = HttpResponse(bytes(data), content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    return response


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """The secretariat sets the laporan's signer, place, foreword and logo."""
    scope = scope_for(request.user)
    require_secretariat(scope)
    plan = city_plan(request)
    region = plan.region
    identity = identity_for(region)
    form = ReportSettingsForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "chair_name": identity.chair_name,
            "chair_nip": identity.chair_nip,
            "chair_position": identity.chair_position,
            "place": identity.place,
            "foreword": identity.foreword,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _saved, changed = save_report_settings(
            region=region,
            chair_name=data["chair_name"],
            chair_nip=data["chair_nip"],
            chair_position=data["chair_position"],
            place=data["place"],
            foreword=data["foreword"],
            logo=data["logo"],
            remove_logo=data["remove_logo"],
            scope=scope,
            actor=request.user,
        )
        if changed:
            messages.success(
                request, _("Pengaturan laporan disimpan: %(what)s.") % {"what": ", ".join(changed)}
            )
        else:
            messages.info(request, _("Tidak ada yang berubah."))
        return redirect("reports:settings")
    updated = ReportSettings.objects.filter(region=region).values_list("updated_at", flat=True)
    version = updated[0].timestamp() if updated else 0
    return render(
        request,
        "reports/settings.html",
        {
            "plan": plan,
            "form": form,
            "identity": identity,
            "logo_url": f"{reverse('reports:settings_logo')}?v={int(version)}"
            if identity.logo
            else "",
        },
    )


@login_required
def settings_logo(request: HttpRequest) -> HttpResponse:
    """The uploaded logo, for the settings page's preview."""
    require_secretariat(scope_for(request.user))
    plan = city_plan(request)
    identity = identity_for(plan.region)
    if identity.logo is None:
        raise Http404
    response = HttpResponse(identity.logo, content_type=identity.logo_type)
    protect(response, identity.logo_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
