"""Evaluation pages: readiness, one national indicator, the mapping, the settings, the package.

Every page that counts evidence is for one evaluation year (``?tahun=2026``) and
says which data window it counts.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from radkla.accounts.access import Scope, request_scope, scope_for
from radkla.evaluation import jobs as package_jobs
from radkla.evaluation import reference, services
from radkla.evaluation.models import (
    ChecklistItem,
    CityDocument,
    IndicatorWeight,
    NationalIndicator,
)
from radkla.evaluation.package import write_package
from radkla.evaluation.selectors import (
    STATUS_LABELS,
    IndicatorReadiness,
    ProofFile,
    default_evaluation_year,
    readiness,
)
from radkla.evaluation.window import evaluation_years
from radkla.lib.decimals import decimal_problem
from radkla.lib.files import serve_upload
from radkla.lib.localtime import local_date
from radkla.lib.tables import Column, download
from radkla.monitoring.models import Evidence
from radkla.plan.chosen import city_plan
from radkla.plan.models import Plan
from radkla.reports.jobs import visible_jobs

WEIGHT_COLUMN = IndicatorWeight._meta.get_field("points")
SUMMARY_COLUMNS = [
    Column("No", lambda i: i.number),
    Column("Klaster", lambda i: i.cluster_name),
    Column("Indikator", lambda i: i.name),
    Column("Indikator RAD", lambda i: ", ".join(i.local)),
    Column("Bobot", lambda i: float(i.weight)),
    Column("Poin", lambda i: float(i.points)),
    Column("Poin dapat ditambah", lambda i: float(i.gain)),
    Column("Data dukung terverifikasi", lambda i: i.verified),
    Column("Menunggu verifikasi", lambda i: i.awaiting),
    Column("Belum ada", lambda i: i.missing),
    Column("Telah dilaksanakan", lambda i: "; ".join(a.name for a in i.done)),
    Column("Belum dilaksanakan", lambda i: "; ".join(a.name for a in i.not_done)),
    Column("Penanggung jawab", lambda i: ", ".join(i.agencies)),
    Column("Data yang dibutuhkan", lambda i: "; ".join(item.document for item in i.needed)),
]


CHECKLIST_COLUMNS = [
    Column("Dokumen", lambda row: row[0].document),
    Column("Status", lambda row: STATUS_LABELS.get(row[0].status, row[0].status)),
    Column("Berkas", lambda row: "; ".join(f"{f.name} ({f.agency})" for f in row[1])),
    Column("Sumber butir", lambda row: row[0].source),
]
MAPPING_COLUMNS = [
    Column("Indikator RAD", lambda row: row[0].label),
    Column("Nama indikator RAD", lambda row: row[0].name),
    Column("Indikator nasional", lambda row: row[1].number),
    Column("Nama indikator nasional", lambda row: row[1].name),
    Column("Asal", lambda row: "ditetapkan" if row[2] else "usulan otomatis"),
]


def _reader(request: HttpRequest) -> Scope:
    """The task force reads readiness; an agency's operator sees its own pages instead."""
    scope = request_scope(request)
    if scope.is_operator:
        raise PermissionDenied("Kesiapan evaluasi KLA dibaca oleh Gugus Tugas dan pimpinan.")
    return scope


def _year(request: HttpRequest, plan: Plan) -> int | None:
    """The evaluation year asked for, when the plan's data can serve it."""
    text = request.GET.get("tahun", "") or request.POST.get("tahun", "")
    years = evaluation_years(plan.start_year, plan.end_year)
    return int(text) if text.isdecimal() and int(text) in years else None


@login_required
def readiness_page(request: HttpRequest) -> HttpResponse:
    scope = _reader(request)
    plan = city_plan(request)
    result = readiness(plan, _year(request, plan))
    response = download(
        request.GET.get("export", ""),
        f"Kesiapan {result.window.title}",
        SUMMARY_COLUMNS,
        result.indicators,
    )
    if response is not None:
        return response
    return render(
        request,
        "evaluation/readiness.html",
        {
            "plan": plan,
            "result": result,
            "windows": services.windows_for(plan).values(),
            # Only files the reader may open, as on the indicator page: no link to a 404.
            "files": sorted(
                _visible(result.files, scope), key=lambda f: (f.national, f.day, f.kind, f.name)
            ),
            "may_package": scope.reads_everything,
            "jobs": list(
                visible_jobs(scope).filter(plan=plan, fmt="zip", year=result.evaluation_year)[:10]
            )
            if scope.reads_everything
            else [],
        },
    )


@login_required
def package_download(request: HttpRequest) -> HttpResponseBase:
    """The ZIP in the response; a package of many files is built as a job the page follows."""
    scope = _reader(request)
    if not scope.reads_everything:
        raise PermissionDenied("Paket data dukung diunduh oleh sekretariat dan pimpinan.")
    plan = city_plan(request)
    result = readiness(plan, _year(request, plan))
    unverified = request.GET.get("menunggu") == "1"
    if package_jobs.runs_in_background(result, include_unverified=unverified):
        job, started = package_jobs.start_package(
            plan=plan,
            year=result.evaluation_year,
            include_unverified=unverified,
            user=request.user,
        )
        if not started and job.requested_by_id != request.user.pk:
            messages.warning(
                request,
                _(
                    "Paket yang sama sedang disusun atas permintaan pengguna lain; "
                    "unduh lagi setelah selesai."
                ),
            )
        return redirect(f"{reverse('evaluation:readiness')}?tahun={result.evaluation_year}#jobs")
    # Spooled to disk: a package of scanned documents can be large.
    out = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    write_package(result, out, include_unverified=unverified)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=package_jobs.package_name(plan, result))


def _visible(files: list[ProofFile], scope: Scope) -> list[ProofFile]:
    return [
        f
        for f in files
        if f.kind == "document"
        or f.cluster_id is None
        or scope.can_read(f.cluster_id, f.measure_agency_ids)
    ]


@login_required
def indicator_page(request: HttpRequest, number: int) -> HttpResponse:
    scope = _reader(request)
    plan = city_plan(request)
    year = _year(request, plan)
    if request.method == "POST":
        _indicator_post(request, plan, number, scope, year)
        suffix = f"?tahun={year}" if year else ""
        return redirect(f"{request.path}{suffix}")
    result = readiness(plan, year)
    found = [i for i in result.indicators if i.number == number]
    if not found:
        raise Http404
    indicator: IndicatorReadiness = found[0]
    files = _visible(indicator.files, scope)
    shown = {(f.kind, f.id) for f in files}
    taggable = {
        f.id
        for f in files
        if f.kind == "evidence"
        and f.cluster_id is not None
        and scope.can_tag(f.cluster_id, f.measure_agency_ids)
    }
    checklist = [
        (item, [f for f in item.files if (f.kind, f.id) in shown]) for item in indicator.items
    ]
    response = download(
        request.GET.get("export", ""),
        f"Data dukung indikator {indicator.number}",
        CHECKLIST_COLUMNS,
        checklist,
    )
    if response is not None:
        return response
    return render(
        request,
        "evaluation/indicator.html",
        {
            "plan": plan,
            "result": result,
            "indicator": indicator,
            "files": files,
            "item_names": {item.id: item.document for item in indicator.items},
            "taggable": taggable,
            "checklist": checklist,
            "items": indicator.items,
            "max_mb": settings.UPLOAD_MAX_BYTES // 1_048_576,
        },
    )


def _posted_id(request: HttpRequest, name: str) -> int:
    text = request.POST.get(name, "")
    return int(text) if text.isdecimal() else 0


def _tag(request: HttpRequest, plan: Plan, scope: Scope) -> None:
    """Set the checklist items of one evidence file from the posted checkboxes."""
    evidence = (
        Evidence.objects.filter(pk=_posted_id(request, "evidence"), realization__measure__plan=plan)
        .select_related("realization__measure__action__indicator__plan")
        .first()
    )
    if evidence is None:
        raise Http404
    chosen = {int(v) for v in request.POST.getlist("items") if v.isdecimal()}
    services.tag_evidence(evidence=evidence, item_ids=chosen, scope=scope, actor=request.user)
    messages.success(request, f"Tanda data dukung {evidence.original_name} disimpan.")


def _indicator_post(
    request: HttpRequest, plan: Plan, number: int, scope: Scope, year: int | None
) -> None:
    national = NationalIndicator.objects.filter(number=number).first()
    if national is None:
        raise Http404
    action = request.POST.get("action", "")
    try:
        if action == "tag":
            _tag(request, plan, scope)
        elif action == "upload":
            upload = request.FILES.get("file")
            if upload is None:
                raise services.EvaluationError("Pilih berkas yang akan dilampirkan.")
            if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
                raise services.EvaluationError(
                    f"Berkas {upload.name} lebih besar dari "
                    f"{settings.UPLOAD_MAX_BYTES // 1_048_576} MB."
                )
            item_id = request.POST.get("item", "")
            item = (
                ChecklistItem.objects.filter(pk=int(item_id)).first()
                if item_id.isdecimal()
                else None
            )
            document = services.add_city_document(
                plan=plan,
                national=national,
                item=item,
                title=request.POST.get("title", ""),
                upload=services.Upload(upload.name or "dokumen", upload.read()),
                scope=scope,
                actor=request.user,
                max_bytes=settings.UPLOAD_MAX_BYTES,
            )
            messages.success(request, f"Dokumen {document.title} dilampirkan.")
            counted_from = local_date(document.uploaded_at).year
            if year is not None and counted_from > year:
                messages.warning(
                    request,
                    f"Dokumen kota dihitung untuk evaluasi pada tahun unggahnya dan sesudahnya: "
                    f"{document.title} terhitung mulai Evaluasi KLA {counted_from}, "
                    f"tidak pada Evaluasi KLA {year}.",
                )
        elif action == "remove":
            attached = CityDocument.objects.filter(
                pk=_posted_id(request, "document"), plan=plan
            ).first()
            if attached is None:
                raise Http404
            services.remove_city_document(document=attached, scope=scope, actor=request.user)
            messages.success(request, f"Dokumen {attached.title} dilepas.")
    except services.EvaluationError as error:
        messages.error(request, str(error))


@login_required
def agency_page(request: HttpRequest) -> HttpResponse:
    """An agency's part of the evaluation: what it must still supply, and its files to tag."""
    scope = scope_for(request.user)
    if not scope.is_operator or scope.agency_id is None:
        raise PermissionDenied("Halaman ini untuk operator instansi.")
    plan = city_plan(request)
    year = _year(request, plan)
    if request.method == "POST":
        try:
            _tag(request, plan, scope)
        except services.EvaluationError as error:
            messages.error(request, str(error))
        return redirect(f"{request.path}?tahun={year}" if year else request.path)
    result = readiness(plan, year)
    sections = [
        (i, [f for f in i.files if f.kind == "evidence" and scope.can_write(f.measure_agency_ids)])
        for i in sorted(result.indicators, key=lambda i: i.number)
        if scope.agency_id in i.agency_ids
    ]
    return render(
        request,
        "evaluation/agency.html",
        {
            "plan": plan,
            "result": result,
            "sections": sections,
            "windows": services.windows_for(plan).values(),
        },
    )


@login_required
def mapping_page(request: HttpRequest) -> HttpResponse:
    scope = _reader(request)
    plan = city_plan(request)
    if request.method == "POST":
        choices: dict[int, int] = {}
        for key in request.POST:
            value = request.POST.get(key, "")
            if key.startswith("ind-") and key[4:].isdecimal() and value.isdecimal():
                choices[int(key[4:])] = int(value)
        try:
            services.set_mapping(plan=plan, choices=choices, scope=scope, actor=request.user)
        except services.EvaluationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Pemetaan indikator disimpan.")
            return redirect("evaluation:mapping")
    mapping = services.proposed_mapping(plan)
    indicators = list(plan.indicators.select_related("cluster").order_by("position"))
    rows = [(i, *mapping[i.pk]) for i in indicators]
    response = download(request.GET.get("export", ""), "Pemetaan indikator", MAPPING_COLUMNS, rows)
    if response is not None:
        return response
    return render(
        request,
        "evaluation/mapping.html",
        {
            "plan": plan,
            "rows": rows,
            "national": NationalIndicator.objects.order_by("number"),
            "editable": scope.is_secretariat,
        },
    )


def _posted_year(request: HttpRequest, name: str) -> int | None:
    text = request.POST.get(name, "").strip()
    return int(text) if text.isdecimal() else None


def _save_window(request: HttpRequest, plan: Plan, year: int, scope: Scope) -> list[str]:
    """The data window form: two plan years, or back to the default with ``reset``."""
    reset = "reset" in request.POST
    try:
        window = services.save_window(
            plan=plan,
            year=year,
            first=None if reset else _posted_year(request, "data_first"),
            last=None if reset else _posted_year(request, "data_last"),
            scope=scope,
            actor=request.user,
        )
    except services.EvaluationError as error:
        return [str(error)]
    messages.success(request, f"Jendela data disimpan: {window.title}.")
    return []


@login_required
def weights_page(request: HttpRequest) -> HttpResponse:
    """The settings of one evaluation year: its data window, weights and answer levels."""
    scope = _reader(request)
    plan = city_plan(request)
    year = _year(request, plan) or default_evaluation_year(plan)
    services.ensure_reference()
    national = list(NationalIndicator.objects.order_by("number"))
    errors: list[str] = []
    window_errors: list[str] = []
    entered: dict[int, str] = {}
    if request.method == "POST" and request.POST.get("action") == "window":
        window_errors = _save_window(request, plan, year, scope)
        if not window_errors:
            return redirect(f"{request.path}?tahun={year}")
    elif request.method == "POST":
        points: dict[int, Decimal] = {}
        for n in national:
            entered[n.number] = request.POST.get(f"w-{n.number}", "").strip()
            text = entered[n.number].replace(",", ".")
            try:
                points[n.number] = Decimal(text)
            except InvalidOperation:
                errors.append(f"Bobot indikator {n.number}: '{text}' bukan angka.")
                continue
            if problem := decimal_problem(points[n.number], WEIGHT_COLUMN):
                errors.append(f"Bobot indikator {n.number}: {problem}")
        if not errors:
            try:
                services.save_weights(
                    year=year,
                    points=points,
                    levels=request.POST.get("levels", ""),
                    source=request.POST.get("source", ""),
                    scope=scope,
                    actor=request.user,
                )
            except services.EvaluationError as error:
                errors.append(str(error))
            else:
                messages.success(request, f"Bobot evaluasi KLA {year} disimpan.")
                return redirect(f"{request.path}?tahun={year}")
    weights = services.weights_for(year)
    windows = services.windows_for(plan)
    rows = [
        (n, entered.get(n.number, f"{weights.points.get(n.number, Decimal(0)):f}"))
        for n in national
    ]
    return render(
        request,
        "evaluation/weights.html",
        {
            "plan": plan,
            "year": year,
            "windows": windows.values(),
            "window": windows[year],
            "data_years": [y for y in plan.years if y <= year],
            "window_errors": window_errors,
            "weights": weights,
            "rows": rows,
            "levels": request.POST.get("levels")
            if errors
            else "; ".join(f"{level:f}" for level in weights.levels),
            "source": request.POST.get("source") if errors else weights.source,
            "errors": errors,
            "editable": scope.is_secretariat,
            "total": reference.TOTAL_POINTS,
            "clusters": reference.CLUSTER_NAMES,
        },
    )


@login_required
def document_file(request: HttpRequest, document_id: int) -> FileResponse:
    scope = _reader(request)
    document = CityDocument.objects.select_related("plan").filter(pk=document_id).first()
    if document is None or not scope.covers(document.plan.region_id):
        raise Http404
    return serve_upload(document.file, document.original_name, document.content_type)
