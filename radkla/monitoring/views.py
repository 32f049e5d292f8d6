"""Monitoring pages: the agency's reports and grid, verification, periods, evidence, history."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from radkla.accounts.access import Scope, request_scope
from radkla.achievement.selectors import data_year
from radkla.audittrail.models import AuditEvent
from radkla.audittrail.selectors import action_choices, event_rows
from radkla.lib.decimals import DecimalColumn, decimal_problem
from radkla.lib.files import serve_upload
from radkla.lib.numbers import rupiah
from radkla.lib.tables import Column, download
from radkla.lib.text import shortened
from radkla.meetings.selectors import open_follow_ups, overdue_follow_ups
from radkla.monitoring import services
from radkla.monitoring.funding import (
    BudgetConflict,
    FundingLine,
    budget_version,
    funding_lines,
    set_budget,
)
from radkla.monitoring.models import (
    Budget,
    Evidence,
    FundingSource,
    Realization,
    Reminder,
    ReportingPeriod,
    Spending,
)
from radkla.monitoring.selectors import (
    GridRow,
    agency_status,
    area_rows,
    grid_rows,
    periods_of,
    realization_history,
    secretariat_work,
    verification_queue,
)
from radkla.monitoring.services import (
    Conflict,
    Entry,
    MonitoringError,
    entry_texts,
    measure_agency_ids,
)
from radkla.monitoring.values import entry_warnings, read_value
from radkla.monitoring.workbook import (
    RowStatus,
    WorkbookError,
    period_workbook,
    read_period_workbook,
    row_status,
)
from radkla.plan.chosen import city_plan, plan_in_force
from radkla.plan.models import Agency, Plan
from radkla.plan.parsers.cells import format_decimal
from radkla.plan.selectors import PlanNotFound

SPENT_COLUMN = Spending._meta.get_field("amount")
PLANNED_COLUMN = Budget._meta.get_field("amount")


def _scope(request: HttpRequest) -> Scope:
    return request_scope(request)


def get_period_for_user(request: HttpRequest, period_id: int) -> ReportingPeriod:
    """A period of a city the user works in, or 404."""
    period = ReportingPeriod.objects.select_related("plan__region").filter(pk=period_id).first()
    if period is None or not _scope(request).covers(period.plan.region_id):
        raise Http404
    return period


def get_realization_for_user(request: HttpRequest, realization_id: int) -> Realization:
    """A realization the user may see, or 404 (never a hint that it exists)."""
    realization = (
        Realization.objects.select_related("measure__action__indicator", "period__plan")
        .prefetch_related("measure__agency_links")
        .filter(pk=realization_id)
        .first()
    )
    if realization is None or not _scope(request).covers(realization.period.plan.region_id):
        raise Http404
    measure = realization.measure
    if not _scope(request).can_read(
        measure.action.indicator.cluster_id, measure_agency_ids(measure)
    ):
        raise Http404
    return realization


# -- the agency ----------------------------------------------------------------


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """ "Laporan saya": what the operator's agency must report, and what is late."""
    scope = _scope(request)
    if not scope.is_operator or scope.agency_id is None:
        return redirect("monitoring:periods")
    plan = city_plan(request)
    agency = Agency.objects.get(pk=scope.agency_id)
    today = timezone.localdate()
    statuses = agency_status(plan, agency.pk)
    return render(
        request,
        "monitoring/my_reports.html",
        {
            "plan": plan,
            "agency": agency,
            "statuses": statuses,
            "today": today,
            "late": [s for s in statuses if s.is_late(today)],
            "follow_ups": open_follow_ups(agency.pk),
            "can_complete": True,
            "due_soon": [
                s
                for s in statuses
                if s.period.state == ReportingPeriod.State.OPEN
                and s.to_do
                and today <= s.period.deadline <= today + dt.timedelta(days=7)
            ],
        },
    )


def _amount(text: str, column: DecimalColumn) -> Decimal:
    """A rupiah amount as typed (``Rp 1.500.000``), checked against the column it goes to."""
    cleaned = text.replace(".", "").replace(" ", "").replace("Rp", "").strip()
    if not cleaned:
        return Decimal(0)
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f'"{text}" bukan jumlah rupiah.') from None
    if not value.is_finite():
        raise ValueError(f'"{text}" bukan jumlah rupiah.')
    if value < 0:
        raise ValueError("Jumlah rupiah tidak boleh negatif.")
    if problem := decimal_problem(value, column):
        raise ValueError(problem)
    return value


def _read_row(
    row: GridRow, data: Mapping[str, str], *, with_spending: bool = True
) -> tuple[Entry | None, list[str], list[str]]:
    """One grid row from form-like data: its entry (None when untouched), errors, warnings.

    ``data`` uses the grid's field names (``value-<measure id>`` …); the Excel upload
    builds the same mapping, so both doors read a row alike.
    """
    pk = row.measure.pk
    text = {
        name: data.get(f"{name}-{pk}", "").strip()
        for name in ("value", "narrative", "obstacles", "follow_up", "note")
    }
    parts = {label: data.get(f"part-{pk}-{i}", "") for i, label in enumerate(row.labels)}
    errors: list[str] = []
    current = row.current
    old_spending = {s.source: s.amount for s in current.spending.all()} if current else {}
    spending: dict[str, Decimal] = dict(old_spending)
    if with_spending:
        spending = {}
        for source in FundingSource:
            try:
                amount = _amount(data.get(f"spend-{pk}-{source.value}", ""), SPENT_COLUMN)
            except ValueError as error:
                errors.append(f"Anggaran {source.label}: {error}")
                continue
            if amount:
                spending[source.value] = amount
    value = read_value(
        text["value"], unit=row.measure.unit, target=row.target, parts=parts, labels=row.labels
    )
    before = entry_texts(current)
    after = (value.raw, text["narrative"], text["obstacles"], text["follow_up"], text["note"])
    if after == before and spending == old_spending and not value.error and not errors:
        return None, [], []
    if value.error:
        errors.append(value.error)
    warnings = entry_warnings(
        value,
        unit=row.measure.unit,
        target=row.target,
        previous=row.previous_value,
        is_stock=row.is_stock,
    )
    if warnings and text["note"]:
        warnings = []  # confirmed by the operator's note
    version_text = data.get(f"version-{pk}", "")
    entry = Entry(
        measure=row.measure,
        value=value,
        narrative=text["narrative"],
        obstacles=text["obstacles"],
        follow_up=text["follow_up"],
        check_note=text["note"],
        spending=spending,
        expected_version=int(version_text) if version_text.isdecimal() else None,
    )
    return entry, errors, warnings


def _read_grid(
    rows: list[GridRow], data: Mapping[str, str], *, with_spending: bool = True
) -> tuple[list[Entry], dict[int, dict[str, list[str]]]]:
    entries: list[Entry] = []
    problems: dict[int, dict[str, list[str]]] = {}
    for row in rows:
        pk = row.measure.pk
        sent = f"value-{pk}" in data or f"narrative-{pk}" in data or f"part-{pk}-0" in data
        # A row under verification shows disabled inputs, which browsers do not send;
        # a row absent from the data was not touched. Neither is read.
        if not row.editable or not sent:
            continue
        entry, errors, warnings = _read_row(row, data, with_spending=with_spending)
        if errors or warnings:
            problems[pk] = {"errors": errors, "warnings": warnings}
        if entry is not None:
            entries.append(entry)
    return entries, problems


def _save(
    request: HttpRequest,
    period: ReportingPeriod,
    scope: Scope,
    entries: list[Entry],
    problems: dict[int, dict[str, list[str]]],
    *,
    submit: bool,
) -> bool:
    """Save the entries all at once; on failure record why in ``problems``/messages."""
    try:
        services.save_grid(entries=entries, period=period, scope=scope, actor=request.user)
    except Conflict as conflict:
        problems[conflict.current.measure_id] = {"errors": [str(conflict)], "warnings": []}
        return False
    except MonitoringError as error:
        messages.error(request, str(error))
        return False
    if submit:
        _submit_all(period, scope, request)
    else:
        messages.success(request, f"{len(entries)} baris disimpan.")
    return True


def _operator_period(request: HttpRequest, period_id: int) -> tuple[Scope, ReportingPeriod, int]:
    scope = _scope(request)
    if not scope.is_operator or scope.agency_id is None:
        raise PermissionDenied("Hanya operator instansi yang mengisi laporan.")
    return scope, get_period_for_user(request, period_id), scope.agency_id


@login_required
def grid(request: HttpRequest, period_id: int) -> HttpResponse:
    """The agency's period grid: every measure in one form, saved all at once."""
    scope, period, agency_id = _operator_period(request, period_id)
    rows = grid_rows(period, agency_id)
    problems: dict[int, dict[str, list[str]]] = {}
    if request.method == "POST":
        entries, problems = _read_grid(rows, request.POST)
        submit = request.POST.get("action") == "submit"
        if not problems and _save(request, period, scope, entries, problems, submit=submit):
            return redirect("monitoring:grid", period_id=period.pk)
        if problems:
            messages.error(
                request,
                "Belum ada yang disimpan: perbaiki atau beri catatan pada baris yang ditandai.",
            )
    return render(
        request,
        "monitoring/grid.html",
        {
            "period": period,
            "lines": _grid_lines(request, period, rows, problems),
            "csrf_input": format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
            ),
            "max_mb": settings.UPLOAD_MAX_BYTES // 1_048_576,
        },
    )


def _url_maker(name: str, *args: int) -> Callable[[int], str]:
    """``reverse`` once; each row's URL is then a string join (reverse costs ~30 µs a call)."""
    marker = "987654321"
    head, tail = reverse(name, args=[*args, int(marker)]).split(marker)
    return lambda pk: f"{head}{pk}{tail}"


def _grid_lines(
    request: HttpRequest,
    period: ReportingPeriod,
    rows: list[GridRow],
    problems: dict[int, dict[str, list[str]]],
) -> list[dict[str, object]]:
    """What each grid row shows, its URLs and repeated markup built here, once per row.

    The grid has 11 inputs per row and a plan gives an agency up to ~60 rows: one
    template tag per input and row made rendering the page's main cost.
    """
    is_open = period.state == ReportingPeriod.State.OPEN
    area_url = _url_maker("monitoring:area_grid", period.pk)
    check_url = _url_maker("monitoring:check_row", period.pk)
    submit_url = _url_maker("monitoring:submit_measure", period.pk)
    history_url = _url_maker("monitoring:history")
    upload_url = _url_maker("monitoring:upload_evidence")
    evidence_url = _url_maker("monitoring:evidence_file")
    lines = []
    for row in rows:
        pk, measure, current = row.measure.pk, row.measure, row.current
        shown = _shown(row, request)
        off = "" if row.editable and is_open else "disabled"
        area = (
            format_html(
                '<a class="small" href="{}">{}</a>',
                area_url(pk),
                _("isi per %(level)s") % {"level": measure.area_level},
            )
            if measure.area_level
            else ""
        )
        spending = cast(list[tuple[str, str, str]], shown["spending"])
        lines.append(
            {
                "row": row,
                "pk": pk,
                "shown": shown,
                "problem": problems.get(pk),
                "off": off,
                "measure_cell": format_html(
                    '<span class="ind">{}</span> {}<span class="unit">{}</span>{}',
                    measure.action.indicator.label,
                    measure.name,
                    measure.unit,
                    area,
                ),
                "check_url": check_url(pk),
                "submit_url": submit_url(pk),
                "history_url": history_url(current.pk) if current else "",
                "upload_url": upload_url(current.pk) if current else "",
                "can_submit": is_open
                and current is not None
                and current.state in (Realization.State.DRAFT, Realization.State.RETURNED),
                "can_upload": is_open and row.accepts_evidence,
                "evidence_items": format_html_join(
                    "",
                    '<li><a href="{}">{}</a></li>',
                    ((evidence_url(ev.pk), ev.original_name) for ev in row.evidence),
                ),
                "spending_inputs": format_html_join(
                    "",
                    '<label class="spend">{} <input type="text" inputmode="numeric" '
                    'name="spend-{}-{}" value="{}" size="10" {}></label>',
                    ((label, pk, v, amount, off) for v, label, amount in spending),
                ),
            }
        )
    return lines


@login_required
def grid_workbook(request: HttpRequest, period_id: int) -> HttpResponse:
    """The grid as an Excel workbook to fill in offline."""
    _unused, period, agency_id = _operator_period(request, period_id)
    agency = Agency.objects.get(pk=agency_id)
    response = HttpResponse(
        period_workbook(period, agency.name, grid_rows(period, agency_id)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"laporan-{agency.acronym or agency.pk}-{period.code}.xlsx".lower()
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def grid_upload(request: HttpRequest, period_id: int) -> HttpResponse:
    """Upload a filled workbook: preview with per-cell problems, then save all or nothing."""
    scope, period, agency_id = _operator_period(request, period_id)
    key = f"bulk-{period.pk}"
    upload = request.FILES.get("file")
    if upload is not None:
        if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
            messages.error(request, f"Berkas {upload.name} terlalu besar.")
            return redirect("monitoring:grid", period_id=period.pk)
        data, name = upload.read(), upload.name or "laporan.xlsx"
        request.session[key] = {"name": name, "data": base64.b64encode(data).decode("ascii")}
    elif key in request.session:
        stored = request.session[key]
        data, name = base64.b64decode(stored["data"]), stored["name"]
    else:
        messages.error(request, "Pilih buku kerja yang akan diunggah.")
        return redirect("monitoring:grid", period_id=period.pk)
    rows = grid_rows(period, agency_id)
    by_id = {row.measure.pk: row for row in rows}
    try:
        uploaded = read_period_workbook(data, name)
    except WorkbookError as error:
        request.session.pop(key, None)
        messages.error(request, str(error))
        return redirect("monitoring:grid", period_id=period.pk)
    cell_errors = [
        f"{name}, baris {u.line}: ukuran ini bukan milik instansi Anda atau tidak ada."
        for u in uploaded
        if u.measure_id not in by_id
    ]
    mapping = {}
    for u in uploaded:
        if u.measure_id in by_id:
            mapping.update(
                {
                    f"value-{u.measure_id}": u.value,
                    f"narrative-{u.measure_id}": u.narrative,
                    f"obstacles-{u.measure_id}": u.obstacles,
                    f"follow_up-{u.measure_id}": u.follow_up,
                    f"note-{u.measure_id}": u.note,
                    f"version-{u.measure_id}": u.version,
                }
            )
    listed = [by_id[u.measure_id] for u in uploaded if u.measure_id in by_id]
    entries, problems = _read_grid(listed, mapping, with_spending=False)
    confirmed = request.POST.get("confirm") and not problems and not cell_errors
    if confirmed and _save(request, period, scope, entries, problems, submit=False):
        request.session.pop(key, None)
        return redirect("monitoring:grid", period_id=period.pk)
    lines = {u.measure_id: u.line for u in uploaded}
    changed = {e.measure.pk for e in entries}
    preview = [
        {
            "row": row,
            "line": lines[row.measure.pk],
            "new": mapping.get(f"value-{row.measure.pk}", ""),
            "status": row_status(
                state=row.current.state if row.current else None,
                # A row under verification is not read for saving; compare it anyway.
                differs=row.measure.pk in changed
                or (
                    not row.editable and _read_row(row, mapping, with_spending=False)[0] is not None
                ),
            ),
            "problem": problems.get(row.measure.pk),
        }
        for row in listed
    ]
    return render(
        request,
        "monitoring/upload_preview.html",
        {
            "period": period,
            "name": name,
            "preview": preview,
            "cell_errors": cell_errors,
            "changes": len(entries),
            "untouched": sum(p["status"] == RowStatus.UNDER_VERIFICATION for p in preview),
            "can_save": not problems and not cell_errors and entries,
        },
    )


def _shown(row: GridRow, request: HttpRequest) -> dict[str, object]:
    """What each input of a row shows: what was just typed, else what is stored."""
    pk, current = row.measure.pk, row.current
    stored_parts = (current.value_parts or {}) if current else {}
    stored_spending = {s.source: s.amount for s in current.spending.all()} if current else {}
    post = request.POST
    # A row the browser did not send (disabled while under verification) shows what is stored.
    sent = f"value-{pk}" in post or f"narrative-{pk}" in post or f"part-{pk}-0" in post
    if request.method == "POST" and sent:
        return {
            "value": post.get(f"value-{pk}", ""),
            "parts": [
                (i, label, post.get(f"part-{pk}-{i}", "")) for i, label in enumerate(row.labels)
            ],
            "narrative": post.get(f"narrative-{pk}", ""),
            "obstacles": post.get(f"obstacles-{pk}", ""),
            "follow_up": post.get(f"follow_up-{pk}", ""),
            "note": post.get(f"note-{pk}", ""),
            "spending": [
                (v, label, post.get(f"spend-{pk}-{v}", "")) for v, label in FundingSource.choices
            ],
            "version": post.get(f"version-{pk}", ""),
        }
    return {
        "value": current.value_raw if current and not row.labels else "",
        "parts": [(i, label, stored_parts.get(label, "")) for i, label in enumerate(row.labels)],
        "narrative": current.narrative if current else "",
        "obstacles": current.obstacles if current else "",
        "follow_up": current.follow_up if current else "",
        "note": current.check_note if current else "",
        "spending": [
            (v, label, rupiah(stored_spending[v]) if v in stored_spending else "")
            for v, label in FundingSource.choices
        ],
        "version": current.version if current else "",
    }


def _submit_all(period: ReportingPeriod, scope: Scope, request: HttpRequest) -> None:
    """Submit the rows that are ready and say which were left, and why."""
    rows = grid_rows(period, scope.agency_id or 0)
    try:
        done = services.submit_ready(
            realizations=[row.current for row in rows if row.current is not None],
            scope=scope,
            actor=request.user,
        )
    except MonitoringError as error:
        messages.error(request, f"Tersimpan, tetapi belum diajukan: {error}")
        return
    if done.submitted:
        messages.success(request, f"{len(done.submitted)} realisasi diajukan untuk diverifikasi.")
    else:
        messages.warning(request, "Tidak ada realisasi yang diajukan.")
    if done.returned_unchanged:
        names = "; ".join(shortened(r.measure.name, 60) for r in done.returned_unchanged)
        messages.warning(
            request,
            f"{len(done.returned_unchanged)} realisasi yang dikembalikan belum diubah dan "
            f"tidak diajukan: {names}. Perbaiki sesuai alasannya, lalu ajukan lagi.",
        )
    for realization, reason in done.not_ready:
        name = shortened(realization.measure.name, 60)
        messages.warning(request, f"{name}: belum diajukan. {reason}")


@login_required
def area_grid(request: HttpRequest, period_id: int, measure_id: int) -> HttpResponse:
    """One measure reported per kecamatan or kelurahan; the areas are saved all at once."""
    scope, period, agency_id = _operator_period(request, period_id)
    row = next(iter(grid_rows(period, agency_id, measure_id)), None)
    if row is None or not row.measure.area_level:
        raise Http404
    areas = area_rows(period, row.measure)
    errors: dict[int, str] = {}
    # After a refused save each cell shows what was typed and the version it was typed on.
    typed: dict[int, tuple[str, str]] = {}
    if request.method == "POST":
        typed = {
            item.area.pk: (
                request.POST[f"area-{item.area.pk}"],
                request.POST.get(f"version-{item.area.pk}", ""),
            )
            for item in areas
            if f"area-{item.area.pk}" in request.POST
        }
        entries = []
        for item in areas:
            key = f"area-{item.area.pk}"
            text = request.POST.get(key, "").strip()
            before = item.current.value_raw if item.current else ""
            if key not in request.POST or text == before:
                continue
            if item.current is not None and item.current.state == Realization.State.SUBMITTED:
                continue
            value = read_value(text, unit=row.measure.unit, target=None)
            if value.error:
                errors[item.area.pk] = value.error
                continue
            version = request.POST.get(f"version-{item.area.pk}", "")
            entries.append(
                Entry(
                    measure=row.measure,
                    value=value,
                    area_id=item.area.pk,
                    expected_version=int(version) if version.isdecimal() else None,
                )
            )
        if not errors:
            problems: dict[int, dict[str, list[str]]] = {}
            if _save(request, period, scope, entries, problems, submit=False):
                return redirect("monitoring:area_grid", period_id=period.pk, measure_id=measure_id)
            errors.update({pk: " ".join(p["errors"]) for pk, p in problems.items()})
        else:
            messages.error(request, "Belum ada yang disimpan: perbaiki nilai yang ditandai.")
    total = sum(
        (item.current.value_number or Decimal(0) for item in areas if item.current), Decimal(0)
    )
    return render(
        request,
        "monitoring/area_grid.html",
        {
            "period": period,
            "row": row,
            "areas": areas,
            "errors": errors,
            "typed": typed,
            "total": format_decimal(total),
        },
    )


@login_required
@require_POST
def check_row(request: HttpRequest, period_id: int, measure_id: int) -> HttpResponse:
    """Checks for one grid row as it is typed (htmx): errors and warnings, nothing saved."""
    _unused, period, agency_id = _operator_period(request, period_id)
    row = next(iter(grid_rows(period, agency_id, measure_id)), None)
    if row is None:
        raise Http404
    _entry, errors, warnings = _read_row(row, request.POST)
    return render(
        request,
        "monitoring/partials/row_check.html",
        {"pk": measure_id, "errors": errors, "warnings": warnings},
    )


@login_required
@require_POST
def submit_measure(request: HttpRequest, period_id: int, measure_id: int) -> HttpResponse:
    """Submit one measure's current realization for verification."""
    scope, period, agency_id = _operator_period(request, period_id)
    row = next(iter(grid_rows(period, agency_id, measure_id)), None)
    if row is None:
        raise Http404
    if row.current is None:
        messages.error(request, "Isi dan simpan realisasinya dulu sebelum mengajukan.")
    else:
        try:
            services.submit_realization(realization=row.current, scope=scope, actor=request.user)
            messages.success(request, f"{shortened(row.measure.name, 60)}: diajukan.")
        except MonitoringError as error:
            messages.error(request, str(error))
    return redirect("monitoring:grid", period_id=period.pk)


@login_required
@require_POST
def upload_evidence(request: HttpRequest, realization_id: int) -> HttpResponse:
    realization = get_realization_for_user(request, realization_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Pilih berkas yang akan diunggah.")
    elif upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
        messages.error(
            request,
            f"Berkas {upload.name} lebih besar dari {settings.UPLOAD_MAX_BYTES // 1_048_576} MB.",
        )
    else:
        try:
            services.add_evidence(
                realization=realization,
                name=upload.name or "berkas",
                data=upload.read(),
                scope=_scope(request),
                actor=request.user,
                max_bytes=settings.UPLOAD_MAX_BYTES,
            )
            messages.success(request, f"Bukti {upload.name} diunggah.")
        except MonitoringError as error:
            messages.error(request, str(error))
    return redirect("monitoring:grid", period_id=realization.period_id)


@login_required
def evidence_file(request: HttpRequest, evidence_id: int) -> FileResponse:
    """An evidence file, to those who may see its realization; never rendered as HTML."""
    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404
    get_realization_for_user(request, evidence.realization_id)
    return serve_upload(evidence.file, evidence.original_name, evidence.content_type)


# -- the secretariat's start page ----------------------------------------------------


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    """*Beranda sekretariat*: what waits today, each item with a link to act on it."""
    scope = _scope(request)
    if not scope.is_secretariat:
        raise PermissionDenied("Beranda ini untuk sekretariat Gugus Tugas.")
    try:
        plan = plan_in_force(request, scope)
    except PlanNotFound:
        return redirect("plan:home")  # no plan yet (import one), or several to choose from
    today = timezone.localdate()
    return render(
        request,
        "monitoring/workbench.html",
        {
            "plan": plan,
            "today": today,
            "work": secretariat_work(plan, today),
            "overdue": overdue_follow_ups(plan, today),
            "scope": scope,  # the menu's, read once
        },
    )


# -- verification ----------------------------------------------------------------


@login_required
def verification(request: HttpRequest, period_id: int) -> HttpResponse:
    scope = _scope(request)
    if not scope.can_verify_anything:
        raise PermissionDenied("Hanya sekretariat dan koordinator klaster yang memverifikasi.")
    period = get_period_for_user(request, period_id)
    if request.method == "POST":
        realization = get_realization_for_user(
            request, int(request.POST.get("realization", "0") or 0)
        )
        try:
            if request.POST.get("action") == "verify":
                services.verify_realization(
                    realization=realization, scope=scope, actor=request.user
                )
                messages.success(
                    request, f"{shortened(realization.measure.name, 60)}: diverifikasi."
                )
            else:
                services.return_realization(
                    realization=realization,
                    reason=request.POST.get("reason", ""),
                    scope=scope,
                    actor=request.user,
                )
                messages.success(
                    request, f"{shortened(realization.measure.name, 60)}: dikembalikan."
                )
        except MonitoringError as error:
            messages.error(request, str(error))
        return redirect("monitoring:verification", period_id=period.pk)
    queue = verification_queue(period, scope)
    return render(
        request,
        "monitoring/verification.html",
        {"period": period, "queue": queue},
    )


# -- periods (secretariat) ---------------------------------------------------------


@login_required
def periods(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    plan = city_plan(request)
    if request.method == "POST":
        try:
            to_confirm = _period_action(request, plan, scope)
        except MonitoringError as error:
            messages.error(request, str(error))
        else:
            if to_confirm is not None:  # closing asks first
                return redirect(f"{reverse('monitoring:periods')}?tutup={to_confirm.pk}")
        return redirect("monitoring:periods")
    all_periods = list(periods_of(plan))
    closing = None
    if scope.is_secretariat and (asked := request.GET.get("tutup", "")).isdigit():
        closing = next(
            (p for p in all_periods if p.pk == int(asked) and p.state == p.State.OPEN), None
        )
    return render(
        request,
        "monitoring/periods.html",
        {
            "plan": plan,
            "closing": closing,
            "periods": all_periods,
            "years": list(plan.years),
            "scope": scope,
            "reminders": (
                list(
                    Reminder.objects.filter(period__plan=plan).select_related("agency", "period")[
                        :50
                    ]
                )
                if scope.is_secretariat
                else []
            ),
        },
    )


def _period_action(request: HttpRequest, plan: Plan, scope: Scope) -> ReportingPeriod | None:
    """Carry out the period action posted; the period to confirm closing first, if any."""
    action = request.POST.get("action", "")
    actor = request.user
    if action == "create":
        year_text = request.POST.get("year", "")
        if not year_text.isdecimal():
            raise MonitoringError("Pilih tahun.")
        created = services.create_periods(plan=plan, year=int(year_text), scope=scope, actor=actor)
        messages.success(request, f"{len(created)} periode dibuat untuk {year_text}.")
        return None
    period = get_period_for_user(request, int(request.POST.get("period", "0") or 0))
    if action == "open":
        services.open_period(period=period, scope=scope, actor=actor)
    elif action == "close":
        if request.POST.get("confirm") != "1":
            return period
        services.close_period(period=period, scope=scope, actor=actor)
    elif action == "reopen":
        services.reopen_period(
            period=period,
            reason=request.POST.get("reason", ""),
            scope=scope,
            actor=actor,
        )
    else:
        raise MonitoringError("Tindakan tidak dikenal.")
    messages.success(request, f"Periode {period.label} diperbarui.")
    return None


# -- history -----------------------------------------------------------------------


@login_required
def history(request: HttpRequest, realization_id: int) -> HttpResponse:
    """A realization in full: value, texts, evidence and every step of its history."""
    realization = get_realization_for_user(request, realization_id)
    scope = _scope(request)
    if request.method == "POST":
        services.set_obstacles_public(
            realization=realization,
            public=request.POST.get("public") == "1",
            scope=scope,
            actor=request.user,
        )
        return redirect("monitoring:history", realization_id=realization.pk)
    return render(
        request,
        "monitoring/history.html",
        {
            "realization": realization,
            "events": realization_history(realization),
            "evidence": list(realization.evidence.all()),
            "can_publish": scope.is_secretariat,
        },
    )


AUDIT_COLUMNS = (
    Column("Waktu", lambda r: r.event.at),  # with its zone, as on the page
    Column("Oleh", lambda r: r.event.actor_label),
    Column("Tindakan", lambda r: r.action_label),
    Column("Jenis objek", lambda r: r.object_kind),
    Column("Objek", lambda r: r.object_name),
    Column("Ringkasan", lambda r: r.event.summary),
)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The secretariat's filterable log of every change."""
    scope = _scope(request)
    if not scope.is_secretariat:
        raise PermissionDenied("Hanya sekretariat yang melihat log audit.")
    events = AuditEvent.objects.select_related("actor").order_by("-at", "-id")
    if scope.city_ids is not None:
        events = events.filter(region_id__in=scope.city_ids)
    action = request.GET.get("tindakan", "")
    who = request.GET.get("pelaku", "").strip()
    if action:
        events = events.filter(action=action)
    if who:
        events = events.filter(actor_label__icontains=who)
    rows = event_rows(events[:500])
    exported = download(request.GET.get("export", ""), "Log audit", AUDIT_COLUMNS, rows)
    if exported is not None:
        return exported
    return render(
        request,
        "monitoring/audit_log.html",
        {
            "events": rows,
            "actions": action_choices(),
            "action": action,
            "who": who,
        },
    )


# -- funding -----------------------------------------------------------------------


def _budget_amount(line: FundingLine, source: str, text: str) -> Decimal:
    """One typed pagu, or a ValueError holding the reason named by its action and source
    (for the message above the table) and the bare reason (beside the cell)."""
    try:
        return _amount(text, PLANNED_COLUMN)
    except ValueError as error:
        label = FundingSource(source).label
        named = f"Pagu {shortened(line.action.name, 60)}, {label}: {error}"
        raise ValueError(named, str(error)) from None


@login_required
def funding(request: HttpRequest) -> HttpResponse:
    """Planned budget (pagu) and spending per action and source, for one year."""
    scope = _scope(request)
    plan = city_plan(request)
    year_text = request.GET.get("tahun", "")
    year = (
        int(year_text)
        if year_text.isdecimal() and int(year_text) in plan.years
        else data_year(plan)
    )
    agency_id = scope.agency_id if scope.is_operator else None
    lines = funding_lines(plan, year, agency_id)
    editable = scope.is_secretariat or scope.is_operator
    versions = {line.action.pk: budget_version(line.planned) for line in lines}
    shown = {
        line.action.pk: {
            s: rupiah(line.planned[s]) if s in line.planned else "" for s in FundingSource.values
        }
        for line in lines
    }
    problems: dict[int, str] = {}
    # After a refused save every cell shows what was typed, a bad one its reason beside it.
    cell_errors: dict[int, dict[str, str]] = {}
    if request.method == "POST" and editable:
        changed: list[tuple[FundingLine, dict[str, Decimal]]] = []
        first_problem = ""
        for line in lines:
            pk = line.action.pk
            # Only the fields sent are read: a field missing from the form is left as it is.
            sent = {
                s: request.POST[f"pagu-{pk}-{s}"]
                for s in FundingSource.values
                if f"pagu-{pk}-{s}" in request.POST
            }
            shown[pk].update(sent)
            versions[pk] = request.POST.get(f"version-{pk}", versions[pk])
            amounts: dict[str, Decimal] = {}
            for source, text in sent.items():
                try:
                    amounts[source] = _budget_amount(line, source, text)
                except ValueError as error:
                    cell_errors.setdefault(pk, {})[source] = error.args[1]
                    first_problem = first_problem or error.args[0]
            if any(a != line.planned.get(s, Decimal(0)) for s, a in amounts.items()):
                changed.append((line, amounts))
        try:
            if cell_errors:
                raise ValueError(f"Belum ada yang disimpan: {first_problem}")
            with transaction.atomic():
                for line, amounts in changed:
                    set_budget(
                        action=line.action,
                        year=year,
                        amounts=amounts,
                        scope=scope,
                        actor=request.user,
                        expected_version=request.POST.get(f"version-{line.action.pk}", ""),
                    )
            messages.success(request, f"Pagu {year} disimpan.")
            return redirect(f"{request.path}?tahun={year}")
        except BudgetConflict as conflict:
            problems[conflict.action_id] = str(conflict)
            messages.error(request, "Belum ada yang disimpan: " + str(conflict))
        except (ValueError, MonitoringError) as error:
            messages.error(request, str(error))
    return render(
        request,
        "monitoring/funding.html",
        {
            "plan": plan,
            "year": year,
            "years": list(plan.years),
            "lines": lines,
            "sources": FundingSource.choices,
            "editable": editable,
            "shown": shown,
            "versions": versions,
            "problems": problems,
            "cell_errors": cell_errors,
        },
    )
