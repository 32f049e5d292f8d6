"""Plan pages: the overview (filterable, exportable), the plan audit, the import from a file,
the polarity review."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from radkla.accounts.access import request_scope, require_secretariat, scope_for
from radkla.lib.tables import Column, download
from radkla.plan import continuation, staging
from radkla.plan.audit import FLAG_NAMES, audit_rows
from radkla.plan.exporters import plan_csv, plan_json, plan_xlsx
from radkla.plan.forms import PlanFilterForm, PlanUploadForm, RevisionForm, read_polarity_form
from radkla.plan.history import in_force_now
from radkla.plan.inforce import key_code, key_label
from radkla.plan.models import Measure, Plan
from radkla.plan.parsers.perwal import ParsedRegulation
from radkla.plan.preview import (
    DIFFERENT,
    NEW,
    ImportPreview,
    Proposal,
    import_preview,
    read_upload,
)
from radkla.plan.revisions import (
    apply_revision,
    default_effective,
    effective_choices,
    parse_period_code,
    plan_revised_by,
    preview_revision,
)
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
from radkla.plan.services import (
    PlanImportError,
    PolarityConflict,
    PolarityError,
    amended_plan,
    confirm_polarity,
    import_plan,
)

ARCHIVED = "Rencana %(years)s sudah diarsipkan dan hanya dapat dibaca."


def get_plan_for_user(request: HttpRequest, plan_id: int) -> Plan:
    """The one way views load a plan: 404 when it does not exist for this user.

    Every signed-in role may read the whole plan of the cities it covers; writes
    are scoped elsewhere.
    """
    try:
        return get_plan(plan_id, request_scope(request))
    except PlanNotFound:
        raise Http404 from None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    found = list(plans(request_scope(request)))
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
        # Counted only when the page shows it (the secretariat's notice): readers pay nothing.
        "continuing": partial(continuation.continuing_count, plan),
        "lines": table_lines(rows),
        "measure_count": len(rows),
        "years": list(plan.years),
        "query": request.GET.urlencode(),
        "can_correct": plan.status != Plan.Status.ARCHIVED,
    }
    if not request.htmx:  # type: ignore[attr-defined]
        context["in_force"] = in_force_now(plan)
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


# --- Import from a file: upload → preview (nothing written) → confirm (one transaction).


def _staging_root() -> Path:
    return staging.staging_root(settings.DATA_DIR)


def _upload_form(request: HttpRequest) -> PlanUploadForm:
    return PlanUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        max_bytes=settings.UPLOAD_MAX_BYTES,
    )


def _upload_page(
    request: HttpRequest, form: PlanUploadForm, status: int = 200, problem: str = ""
) -> HttpResponse:
    return render(
        request,
        "plan/import.html",
        {"form": form, "max_mb": settings.UPLOAD_MAX_BYTES // 1_048_576, "problem": problem},
        status=status,
    )


def _importer_id(request: HttpRequest) -> int:
    """The signed-in secretariat's user id, which every staged file is tied to."""
    scope = scope_for(request.user)
    require_secretariat(scope)
    if scope.user_id is None:
        raise PermissionDenied
    return scope.user_id


def _staged_for_user(request: HttpRequest, user_id: int, token: str) -> staging.StagedFile | None:
    """The user's own staged file; another user's token is as unknown as a forged one."""
    try:
        return staging.load_staged(_staging_root(), token, user_id=user_id)
    except staging.StagedFileMissing:
        return None


def _missing(request: HttpRequest) -> HttpResponse:
    problem = _(
        "Berkas pratinjau ini tidak ada, sudah diimpor atau sudah kedaluwarsa; "
        "unggah berkasnya lagi."
    )
    return _upload_page(
        request, PlanUploadForm(max_bytes=settings.UPLOAD_MAX_BYTES), status=404, problem=problem
    )


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """The upload form; a posted file is read (never written) and kept for its preview."""
    user_id = _importer_id(request)
    form = _upload_form(request)
    if request.method != "POST":
        return _upload_page(request, form)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    upload = form.cleaned_data["berkas"]
    name = Path(upload.name or "berkas").name
    data = upload.read()
    fmt = form.cleaned_data["format"]
    try:
        read_upload(data, name, fmt)
    except PlanImportError as error:
        form.add_error("berkas", str(error))
        return _upload_page(request, form, status=400)
    token = staging.stage(
        root=_staging_root(),
        data=data,
        user_id=user_id,
        source_name=name,
        fmt=fmt,
        region_code=form.cleaned_data["kode_wilayah"],
    )
    return redirect("plan:import_preview", token=token)


PROPOSAL_COLUMNS = (
    Column("Baris", lambda p: p.location),
    Column("Klaster", lambda p: p.cluster_code),
    Column("Ukuran", lambda p: p.measure),
    Column("Satuan", lambda p: p.unit),
    Column("Polaritas usulan", lambda p: Measure.Polarity(p.polarity).label),
    Column("Alasan usulan", lambda p: p.reason),
    Column("Cara menjumlah usulan", lambda p: Measure.Aggregation(p.aggregation).label),
)


def _proposal_rows(proposals: tuple[Proposal, ...]) -> list[tuple[Proposal, str, str]]:
    return [
        (
            p,
            str(Measure.Polarity(p.polarity).label),
            str(Measure.Aggregation(p.aggregation).label),
        )
        for p in proposals
    ]


@login_required
def import_preview_page(request: HttpRequest, token: str) -> HttpResponse:
    """What confirming would import, read again from the kept file; nothing is written."""
    staged = _staged_for_user(request, _importer_id(request), token)
    if staged is None:
        return _missing(request)
    try:
        parsed = read_upload(staged.data, staged.source_name, staged.fmt)
        preview = import_preview(parsed, region_code=staged.region_code)
        revised = _plan_to_revise(request, parsed, preview, staged.region_code)
        if revised is not None:
            return _revision_page(request, staged, parsed, revised)
    except PlanImportError as error:
        # The file was readable when staged; a changed reader or catalogue may refuse it now.
        staging.discard(_staging_root(), staged.token)
        return _upload_page(
            request, PlanUploadForm(max_bytes=settings.UPLOAD_MAX_BYTES), 400, str(error)
        )
    exported = download(
        request.GET.get("export", ""),
        f"Usulan polaritas dan cara menjumlah {staged.source_name}",
        PROPOSAL_COLUMNS,
        preview.proposals,
    )
    if exported is not None:
        return exported
    polarity = preview.proposal_counts("polarity")
    aggregation = preview.proposal_counts("aggregation")
    return render(
        request,
        "plan/import_preview.html",
        {
            "preview": preview,
            "token": staged.token,
            "region_code": staged.region_code,
            "proposals": _proposal_rows(preview.proposals),
            "polarity_counts": [
                (Measure.Polarity(value).label, polarity.get(value, 0))
                for value in Measure.Polarity.values
            ],
            "aggregation_counts": [
                (Measure.Aggregation(value).label, aggregation.get(value, 0))
                for value in Measure.Aggregation.values
                if aggregation.get(value)
            ],
        },
    )


def _plan_to_revise(
    request: HttpRequest, parsed: ParsedRegulation, preview: ImportPreview, region_code: str = ""
) -> Plan | None:
    """The plan this upload would revise: same regulation with other content, or same years.

    Another city's plan is not this secretariat's to revise (nor to see): refused.
    """
    plan = None
    if parsed.facts.amends is not None:
        plan = amended_plan(parsed, region_code)
    elif preview.state == DIFFERENT and preview.existing_plan_id is not None:
        plan = get_plan(preview.existing_plan_id)
    elif preview.state == NEW and not preview.region.problem:
        plan = plan_revised_by(parsed)
    if plan is not None and not request_scope(request).covers(plan.region_id):
        raise PlanImportError(
            f"{parsed.source_name}: peraturan ini untuk {plan.region.name}, di luar wilayah "
            "kerja akun Anda. Tidak ada yang diubah."
        )
    return plan


def _revision_page(
    request: HttpRequest,
    staged: staging.StagedFile,
    parsed: ParsedRegulation,
    plan: Plan,
    form: RevisionForm | None = None,
    status: int = 200,
    problem: str = "",
) -> HttpResponse:
    """The preview of a revision: the diff against the plan in force, and the confirmation."""
    revision = preview_revision(plan, parsed)
    if form is None:
        facts = parsed.facts
        form = RevisionForm(
            initial={
                "berlaku": key_code(default_effective(plan)),
                # An amending regulation is its own reason.
                "alasan": f"{facts.legal_basis} tentang {facts.title}" if facts.amends else "",
            },
            periods=effective_choices(plan),
        )
    return render(
        request,
        "plan/revision_preview.html",
        {
            "plan": plan,
            "preview": revision,
            "diff": revision.diff,
            "next_label": (revision.current.number + 1) if revision.current else 0,
            "form": form,
            "token": staged.token,
            "source_name": staged.source_name,
            "problem": problem,
        },
        status=status,
    )


@login_required
@require_POST
def import_revise(request: HttpRequest, token: str) -> HttpResponse:
    """Apply the previewed document as the plan's next revision, in one transaction."""
    staged = _staged_for_user(request, _importer_id(request), token)
    if staged is None:
        return _missing(request)
    try:
        parsed = read_upload(staged.data, staged.source_name, staged.fmt)
        preview = import_preview(parsed, region_code=staged.region_code)
        plan = _plan_to_revise(request, parsed, preview, staged.region_code)
    except PlanImportError as error:
        messages.error(request, str(error))
        return redirect("plan:import")
    if plan is None:
        return redirect("plan:import_preview", token=staged.token)
    form = RevisionForm(request.POST, periods=effective_choices(plan))
    if not form.is_valid():
        return _revision_page(request, staged, parsed, plan, form, status=400)
    try:
        result = apply_revision(
            plan=plan,
            parsed=parsed,
            reason=form.cleaned_data["alasan"],
            actor=request.user,
            effective_from=parse_period_code(plan, form.cleaned_data["berlaku"]),
        )
    except PlanImportError as error:
        return _revision_page(request, staged, parsed, plan, form, status=400, problem=str(error))
    staging.discard(_staging_root(), staged.token)
    messages.success(
        request,
        _("Revisi %(label)s diterapkan, berlaku sejak %(period)s: %(summary)s.")
        % {
            "label": result.revision.label,
            "period": key_label(plan, result.revision.effective_from),
            "summary": result.diff.summary(),
        },
    )
    return redirect("plan:overview", plan_id=plan.pk)


@login_required
@require_POST
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Import the previewed file in one transaction, then open the plan."""
    staged = _staged_for_user(request, _importer_id(request), token)
    if staged is None:
        return _missing(request)
    try:
        parsed = read_upload(staged.data, staged.source_name, staged.fmt)
        result = import_plan(
            parsed=parsed,
            actor=request.user,
            region_code=staged.region_code or None,
            scope=request_scope(request),
        )
    except PlanImportError as error:
        messages.error(request, str(error))
        return redirect("plan:import_preview", token=staged.token)
    except IntegrityError:
        # A second click while the first confirmation was still writing (PostgreSQL lets
        # both start; the unique regulation stops the second). The first one imported it.
        messages.info(request, _("Rencana ini baru saja diimpor; tidak ada yang berubah."))
        return redirect("plan:home")
    staging.discard(_staging_root(), staged.token)
    if result.created:
        messages.success(
            request,
            _(
                "%(basis)s diimpor: %(indicators)s indikator, %(actions)s rencana aksi, "
                "%(measures)s ukuran, %(targets)s target."
            )
            % {
                "basis": result.plan.legal_basis,
                "indicators": result.indicators,
                "actions": result.actions,
                "measures": result.measures,
                "targets": result.targets,
            },
        )
    else:
        messages.info(
            request,
            _("%(basis)s sudah diimpor sebelumnya; tidak ada yang berubah.")
            % {"basis": result.plan.legal_basis},
        )
    return redirect("plan:overview", plan_id=result.plan.pk)


@login_required
def polarity(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The secretariat confirms the proposed polarities, a cluster at a time."""
    scope = scope_for(request.user)
    require_secretariat(scope)
    plan = get_plan_for_user(request, plan_id)
    if plan.status == Plan.Status.ARCHIVED:
        raise PermissionDenied(ARCHIVED % {"years": f"{plan.start_year}-{plan.end_year}"})
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


# --- Baselines of a continuing plan, from the previous plan's verified realizations.


@login_required
def baselines(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The secretariat takes the previous plan's last verified values as baselines."""
    scope = scope_for(request.user)
    require_secretariat(scope)
    plan = get_plan_for_user(request, plan_id)
    error, status = "", 200
    reason = continuation.DEFAULT_REASON
    chosen: set[int] = set()
    if request.method == "POST":
        reason = request.POST.get("alasan", "")
        try:
            chosen = {int(v) for v in request.POST.getlist("ukuran")}
            result = continuation.accept_baselines(
                plan=plan,
                measure_ids=sorted(chosen),
                reason=reason,
                scope=scope,
                actor=request.user,
            )
        except (continuation.BaselineError, ValueError) as refused:
            error, status = str(refused), 400
        else:
            if result.revision is None:
                messages.info(request, _("Tidak ada yang berubah."))
            else:
                messages.success(
                    request,
                    ngettext(
                        "Data dasar %(count)d ukuran diperbarui (revisi %(label)s).",
                        "Data dasar %(count)d ukuran diperbarui (revisi %(label)s).",
                        result.changed,
                    )
                    % {"count": result.changed, "label": result.revision.label},
                )
            return redirect("plan:baselines", plan_id=plan.pk)
    proposals = continuation.baseline_proposals(plan)
    return render(
        request,
        "plan/baselines.html",
        {
            "plan": plan,
            "proposals": proposals,
            "available": sum(1 for p in proposals if p.available and not p.unchanged),
            "previous": proposals[0].previous_plan if proposals else "",
            "reason": reason,
            "chosen": chosen,
            "error": error,
            "read_only": plan.status == Plan.Status.ARCHIVED,
        },
        status=status,
    )
