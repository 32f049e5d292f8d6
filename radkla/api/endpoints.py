"""The REST API at /api/ (schema: /api/openapi.json): thin over selectors and services.

Every call carries ``Authorization: Bearer <token>``; the token acts with exactly
its account's scope. Plans are looked up only through ``scoping.plan_for``.
Errors are ``{"detail": "..."}`` in Indonesian: 400 bad input, 401 no valid token,
403 not allowed (a read token writing), 404 not found or out of scope, 409 a
stale version or a closed period.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Status
from ninja.errors import AuthenticationError, ValidationError
from ninja.params.functions import Path, Query
from ninja.security import HttpBearer

from radkla.accounts.access import Scope, scope_for
from radkla.achievement.selectors import data_year, plan_achievement
from radkla.achievement.status import status_json
from radkla.api import schemas as s
from radkla.api.models import ApiToken
from radkla.api.scoping import (
    agency_ids,
    measures_of,
    period_for,
    plan_for,
    readable_measure,
    visible_plans,
)
from radkla.api.services import token_for_secret
from radkla.errors import NotFound
from radkla.evaluation.selectors import readiness
from radkla.evaluation.status import readiness_json
from radkla.lib.revisions import newest
from radkla.monitoring.models import Realization, ReportingPeriod
from radkla.monitoring.selectors import grid_rows, periods_of
from radkla.monitoring.services import (
    Conflict,
    Entry,
    MonitoringError,
    PeriodClosed,
    entry_texts,
    save_entry,
)
from radkla.monitoring.values import entry_warnings, read_value
from radkla.plan.models import Measure, MeasureAgency, Plan
from radkla.plan.selectors import plan_clusters

UNAUTHORIZED = "Token API tidak ada, tidak dikenal, atau sudah dicabut."
READ_ONLY = "Token ini hanya untuk membaca; minta token tulis kepada sekretariat."


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return token_for_secret(token.strip())


api = NinjaAPI(
    title="radkla API",
    version="1",
    description=(
        "Rencana aksi, ukuran dan target, periode, realisasi, capaian dan kesiapan "
        "evaluasi KLA. Setiap panggilan memakai header `Authorization: Bearer <token>`; "
        "token diterbitkan sekretariat di halaman Token API."
    ),
    auth=TokenAuth(),
    urls_namespace="rest",
    openapi_url="/openapi.json",
    docs_url="/docs",
)

# Every operation can answer with these (documented, so clients and the schema agree).
_ERRORS: dict[int, type[s.Error]] = {400: s.Error, 401: s.Error, 404: s.Error}


def _error(request: HttpRequest, status: int, detail: str, **extra: object) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = _error(request, 401, UNAUTHORIZED)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body",))
        problems.append(f"{where}: {error.get('msg', '')}" if where else str(error.get("msg")))
    return _error(request, 400, "Permintaan tidak valid: " + "; ".join(problems[:5]))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Only our own messages are shown; Django's carry internals.
    return _error(request, 404, str(exc) if isinstance(exc, NotFound) else "Tidak ditemukan.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, str(exc) or "Anda tidak berwenang melakukan ini.")


def _scope(request: HttpRequest) -> Scope:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return scope_for(token.user)


def _id(description: str) -> Any:
    return Path(..., ge=1, le=s.MAX_ID, description=description)


def _optional_id(description: str) -> Any:
    return Query(None, ge=1, le=s.MAX_ID, description=description)


# -- plans ---------------------------------------------------------------------------


def _plan(plan: Plan) -> dict[str, object]:
    return {
        "id": plan.pk,
        "judul": plan.title,
        "wilayah": plan.region.name,
        "jenis_peraturan": plan.regulation_kind,
        "nomor_peraturan": plan.regulation_number,
        "tahun_peraturan": plan.regulation_year,
        "tahun_awal": plan.start_year,
        "tahun_akhir": plan.end_year,
        "tahun_data_dasar": plan.baseline_year,
        "status": plan.status,
        "skema_pelaporan": plan.reporting_scheme,
    }


@api.get("/rencana", response={200: list[s.RencanaOut], **_ERRORS}, tags=["rencana"])
def list_plans(request: HttpRequest) -> list[dict[str, object]]:
    """Rencana aksi yang dapat dibaca token ini, terbaru dulu."""
    return [_plan(plan) for plan in visible_plans(_scope(request))]


@api.get("/rencana/{plan_id}", response={200: s.RencanaDetailOut, **_ERRORS}, tags=["rencana"])
def plan_detail(request: HttpRequest, plan_id: int = _id("ID rencana")) -> dict[str, object]:
    plan = plan_for(_scope(request), plan_id)
    return {
        **_plan(plan),
        "dasar_hukum": plan.legal_basis,
        "klaster": [{"kode": c.code, "nama": c.name} for c in plan_clusters(plan)],
        "jumlah_ukuran": Measure.objects.filter(plan=plan, retired_from__isnull=True).count(),
    }


def _measure(m: Measure) -> dict[str, object]:
    indicator = m.action.indicator
    return {
        "id": m.pk,
        "klaster": indicator.cluster.code,
        "indikator": indicator.label,
        "nama_indikator": indicator.name,
        "aksi": m.action.name,
        "ukuran": m.name,
        "satuan": m.unit,
        "data_dasar": m.baseline_raw,
        "polaritas": m.polarity,
        "agregasi": m.aggregation,
        "wilayah_pelaporan": m.area_level,
        "instansi": [link.agency.name for link in m.agency_links.all()],
        "program": m.program,
        "berlaku": m.retired_from is None,
        "target": [{"tahun": t.year, "teks": t.raw} for t in m.targets.all()],
    }


@api.get(
    "/rencana/{plan_id}/ukuran", response={200: list[s.UkuranOut], **_ERRORS}, tags=["rencana"]
)
def list_measures(
    request: HttpRequest, plan_id: int = _id("ID rencana")
) -> list[dict[str, object]]:
    """Ukuran rencana dengan target per tahun, urut seperti lampiran peraturan (4 kueri)."""
    plan = plan_for(_scope(request), plan_id)
    return [_measure(m) for m in measures_of(plan)]


def _period(p: ReportingPeriod) -> dict[str, object]:
    return {
        "id": p.pk,
        "kode": p.code,
        "nama": p.label,
        "tahun": p.year,
        "nomor": p.number,
        "mulai": p.starts_on,
        "selesai": p.ends_on,
        "batas_lapor": p.deadline,
        "status": p.state,
    }


@api.get(
    "/rencana/{plan_id}/periode", response={200: list[s.PeriodeOut], **_ERRORS}, tags=["periode"]
)
def list_periods(request: HttpRequest, plan_id: int = _id("ID rencana")) -> list[dict[str, object]]:
    plan = plan_for(_scope(request), plan_id)
    return [_period(p) for p in periods_of(plan)]


# -- realizations --------------------------------------------------------------------


def _realization(r: Realization) -> dict[str, object]:
    parts = r.value_parts
    return {
        "id": r.pk,
        "ukuran_id": r.measure_id,
        "periode_id": r.period_id,
        "wilayah_id": r.area_id,
        "revisi": r.revision,
        "nilai": r.value_raw,
        "nilai_angka": float(r.value_number) if r.value_number is not None else None,
        "nilai_bagian": {k: float(v) for k, v in parts.items()} if parts else None,
        "perkembangan": r.narrative,
        "hambatan": r.obstacles,
        "tindak_lanjut": r.follow_up,
        "catatan": r.check_note,
        "anggaran": {sp.source: float(sp.amount) for sp in r.spending.all()},
        "status": r.state,
        "alasan_dikembalikan": r.return_reason,
        "versi": r.version,
        "diubah_pada": r.updated_at,
        "diubah_oleh": r.updated_by.get_username() if r.updated_by else None,
    }


def _readable_ids(scope: Scope, plan: Plan) -> list[int] | None:
    """The plan's measures whose realizations the scope may read; None: all (two queries)."""
    if scope.reads_everything:
        return None
    owners: dict[int, set[int]] = {}
    for measure_id, agency_id in MeasureAgency.objects.filter(measure__plan=plan).values_list(
        "measure_id", "agency_id"
    ):
        owners.setdefault(measure_id, set()).add(agency_id)
    return [
        pk
        for pk, cluster_id in Measure.objects.filter(plan=plan).values_list(
            "pk", "action__indicator__cluster_id"
        )
        if scope.can_read(cluster_id, owners.get(pk, set()))
    ]


@api.get(
    "/rencana/{plan_id}/realisasi",
    response={200: list[s.RealisasiOut], **_ERRORS},
    tags=["realisasi"],
)
def list_realizations(
    request: HttpRequest,
    plan_id: int = _id("ID rencana"),
    periode: int | None = _optional_id("Hanya periode ini (ID)."),
    ukuran: int | None = _optional_id("Hanya ukuran ini (ID)."),
    semua_revisi: bool = Query(False, description="Juga revisi lama, bukan hanya yang terbaru."),
) -> list[dict[str, object]]:
    """Realisasi yang boleh dibaca token ini, seperti di grid: revisi terbaru tiap ukuran,
    periode dan wilayah (kecamatan/kelurahan)."""
    scope = _scope(request)
    plan = plan_for(scope, plan_id)
    rows = Realization.objects.filter(period__plan=plan)
    if periode is not None:
        rows = rows.filter(period=period_for(plan, periode))
    if ukuran is not None:
        rows = rows.filter(measure=readable_measure(scope, plan, ukuran))
    ids = _readable_ids(scope, plan)
    if ids is not None:
        rows = rows.filter(measure_id__in=ids)
    found = list(
        rows.select_related("updated_by")
        .prefetch_related("spending")
        .order_by("period__year", "period__number", "measure__position", "area_id", "revision")
    )
    if not semua_revisi:
        latest = newest(
            found,
            key=lambda r: (r.measure_id, r.period_id, r.area_id),
            revision=lambda r: r.revision,
        )
        found = [r for r in found if latest[(r.measure_id, r.period_id, r.area_id)] is r]
    return [_realization(r) for r in found]


@api.put(
    "/rencana/{plan_id}/realisasi/{periode_id}/{ukuran_id}",
    response={
        200: s.RealisasiOut,
        **_ERRORS,
        400: s.PeringatanError,
        403: s.Error,
        409: s.ConflictError,
    },
    tags=["realisasi"],
)
def save_realization(
    request: HttpRequest,
    body: s.RealisasiIn,
    plan_id: int = _id("ID rencana"),
    periode_id: int = _id("ID periode"),
    ukuran_id: int = _id("ID ukuran"),
) -> Any:
    """Simpan realisasi satu ukuran (seluruh kota) untuk satu periode, seperti grid instansi.

    Pemeriksaan sama dengan grid: nilai harus terbaca, peringatan perlu `catatan`,
    periode harus dibuka, dan `versi` harus sama dengan yang tersimpan (409 bila
    orang lain menyimpan lebih dulu). Realisasi yang sudah diverifikasi mendapat
    revisi baru. Isi yang sama persis tidak disimpan ulang.
    """
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    scope = _scope(request)
    plan = plan_for(scope, plan_id)
    period = period_for(plan, periode_id)
    measure = readable_measure(scope, plan, ukuran_id)
    if not token.can_write:
        raise PermissionDenied(READ_ONLY)
    if not scope.can_write(agency_ids(measure)):
        raise PermissionDenied("Hanya operator instansi pemilik ukuran yang mengisi laporan.")
    assert scope.agency_id is not None  # an operator's (can_write)  # noqa: S101
    rows = grid_rows(period, scope.agency_id, measure.pk)
    if not rows:
        return Status(
            400,
            {
                "detail": f"Ukuran ini tidak berlaku pada {period.label} menurut revisi rencana; "
                "realisasinya tidak dapat diisi.",
            },
        )
    row = rows[0]
    current = row.current
    value = read_value(
        body.nilai, unit=measure.unit, target=row.target, parts=body.bagian, labels=row.labels
    )
    if value.error:
        return Status(400, {"detail": value.error})
    old_spending = {sp.source: sp.amount for sp in current.spending.all()} if current else {}
    spending = (
        old_spending
        if body.anggaran is None
        else {source: amount for source, amount in body.anggaran.items() if amount}
    )
    narrative, obstacles = body.perkembangan.strip(), body.hambatan.strip()
    follow_up, note = body.tindak_lanjut.strip(), body.catatan.strip()
    before = entry_texts(current)
    after = (value.raw, narrative, obstacles, follow_up, note)
    if current is not None and after == before and spending == old_spending:
        return Status(200, _realization(current))  # nothing changed: no new version, no event
    warnings = entry_warnings(
        value,
        unit=measure.unit,
        target=row.target,
        previous=row.previous_value,
        is_stock=row.is_stock,
    )
    if warnings and not note:
        return Status(
            400,
            {
                "detail": "Nilai memicu peringatan; jelaskan dalam catatan lalu kirim lagi.",
                "peringatan": warnings,
            },
        )
    entry = Entry(
        measure=row.measure,
        value=value,
        narrative=narrative,
        obstacles=obstacles,
        follow_up=follow_up,
        check_note=note,
        spending=spending,
        expected_version=body.versi,
    )
    try:
        saved = save_entry(entry=entry, period=period, scope=scope, actor=token.user)
    except Conflict as conflict:
        return Status(409, {"detail": str(conflict), "versi_terbaru": conflict.current.version})
    except PeriodClosed as closed:
        return Status(409, {"detail": str(closed), "versi_terbaru": None})
    except MonitoringError as error:
        return Status(400, {"detail": str(error)})
    fresh = (
        Realization.objects.select_related("updated_by")
        .prefetch_related("spending")
        .get(pk=saved.pk)
    )
    return Status(200, _realization(fresh))


# -- capaian and readiness -----------------------------------------------------------


@api.get("/rencana/{plan_id}/capaian", response={200: s.CapaianOut, **_ERRORS}, tags=["capaian"])
def achievement(
    request: HttpRequest,
    plan_id: int = _id("ID rencana"),
    tahun: int | None = Query(None, ge=1900, le=2200, description="Bawaan: tahun data terakhir."),
    periode: int | None = _optional_id("Capaian berjalan sampai periode ini (ID)."),
) -> Any:
    """Capaian per klaster, indikator dan ukuran: angka yang sama dengan
    `radkla status --format json` (hanya data terverifikasi)."""
    plan = plan_for(_scope(request), plan_id)
    period = period_for(plan, periode) if periode is not None else None
    year = tahun or (period.year if period else data_year(plan))
    if period is not None and period.year != year:
        return Status(400, {"detail": f"Periode {period.code} bukan bagian dari tahun {year}."})
    if year not in plan.years:
        return Status(
            400, {"detail": f"Tahun {year} di luar masa rencana {plan.start_year}-{plan.end_year}."}
        )
    return Status(200, status_json(plan_achievement(plan, year, period=period)))


@api.get(
    "/rencana/{plan_id}/kesiapan",
    response={200: s.KesiapanOut, **_ERRORS, 403: s.Error},
    tags=["evaluasi"],
)
def evaluation_readiness(
    request: HttpRequest,
    plan_id: int = _id("ID rencana"),
    tahun: int | None = Query(None, ge=1900, le=2200, description="Tahun evaluasi KLA."),
) -> Any:
    """Kesiapan evaluasi KLA per indikator nasional, seperti `radkla evaluasi readiness
    --format json`; berkas yang tidak boleh dibaca token ini tidak dicantumkan."""
    scope = _scope(request)
    plan = plan_for(scope, plan_id)
    if scope.is_operator:
        raise PermissionDenied("Kesiapan evaluasi KLA dibaca oleh Gugus Tugas dan pimpinan.")
    try:
        result = readiness(plan, tahun)
    except ValueError as error:
        return Status(400, {"detail": str(error)})
    if not scope.reads_everything:
        for indicator in result.indicators:
            indicator.files = [
                f
                for f in indicator.files
                if f.kind == "document"
                or f.cluster_id is None
                or scope.can_read(f.cluster_id, f.measure_agency_ids)
            ]
    return Status(200, readiness_json(result))
