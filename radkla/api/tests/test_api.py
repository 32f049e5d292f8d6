"""The API's permission matrix, the realization write (checks, conflicts, audit) and the
numbers it serves, over the small plan."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import get_args

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from radkla.accounts.access import SYSTEM, scope_for
from radkla.accounts.models import Profile
from radkla.achievement.selectors import plan_achievement
from radkla.achievement.status import status_json
from radkla.api.models import ApiToken
from radkla.api.schemas import Source
from radkla.api.services import TokenError, issue_token, revoke_token
from radkla.api.tests.conftest import bearer, token_for
from radkla.audittrail.models import AuditEvent
from radkla.monitoring.models import FundingSource, Realization, ReportingPeriod
from radkla.plan.models import Measure, Plan

WRITE = ApiToken.Access.WRITE


def _measure(plan: Plan, name: str) -> Measure:
    return Measure.objects.get(plan=plan, name=name)


def _open_period(plan: Plan) -> ReportingPeriod:
    return ReportingPeriod.objects.get(plan=plan, year=2024, number=1)


def _url(plan: Plan, period: ReportingPeriod, measure: Measure) -> str:
    return f"/api/rencana/{plan.pk}/realisasi/{period.pk}/{measure.pk}"


def _put(api: Client, url: str, secret: str, **body: object):  # type: ignore[no-untyped-def]
    return api.put(url, json.dumps(body), content_type="application/json", **bearer(secret))


def test_every_endpoint_answers_401_without_a_valid_token(
    api: Client, small: Plan, dinkes: Profile
) -> None:
    period = _open_period(small)
    paths = [
        "/api/rencana",
        f"/api/rencana/{small.pk}",
        f"/api/rencana/{small.pk}/ukuran",
        f"/api/rencana/{small.pk}/periode",
        f"/api/rencana/{small.pk}/realisasi",
        f"/api/rencana/{small.pk}/capaian",
        f"/api/rencana/{small.pk}/kesiapan",
    ]
    secret = token_for(dinkes)
    revoke_token(token=ApiToken.objects.get(), scope=SYSTEM, actor=None)
    for headers in ({}, bearer("radkla_tidak-ada"), bearer(secret), {"HTTP_AUTHORIZATION": secret}):
        for path in paths:
            response = api.get(path, **headers)
            assert response.status_code == 401, (path, headers)
            assert response["WWW-Authenticate"] == "Bearer"
            assert "Token API" in response.json()["detail"]
        put = _put(
            api, _url(small, period, _measure(small, "Cakupan sosialisasi")), secret, nilai="90"
        )
        assert put.status_code == 401
    assert Realization.objects.get(period=period).value_raw == "88"


def test_a_deactivated_account_s_token_stops_working(
    api: Client, small: Plan, dinkes: Profile
) -> None:
    secret = token_for(dinkes)
    assert api.get("/api/rencana", **bearer(secret)).status_code == 200
    dinkes.user.is_active = False
    dinkes.user.save()
    assert api.get("/api/rencana", **bearer(secret)).status_code == 401


def test_an_operator_reads_only_its_own_agency_s_realizations(
    api: Client, small: Plan, dinkes: Profile
) -> None:
    secret = token_for(dinkes)
    rows = api.get(f"/api/rencana/{small.pk}/realisasi", **bearer(secret)).json()
    names = set(
        Measure.objects.filter(pk__in={r["ukuran_id"] for r in rows}).values_list("name", flat=True)
    )
    assert names == {"Cakupan sosialisasi", "Prevalensi stunting"}
    # Another agency's measure is not there at all: 404, as the grid and history pages.
    other = _measure(small, "Petugas terlatih")
    response = api.get(f"/api/rencana/{small.pk}/realisasi?ukuran={other.pk}", **bearer(secret))
    assert response.status_code == 404
    put = _put(api, _url(small, _open_period(small), other), token_for(dinkes, WRITE), nilai="5")
    assert put.status_code == 404
    assert not Realization.objects.filter(measure=other, period=_open_period(small)).exists()


def test_the_realization_list_is_the_newest_revision_unless_asked(
    api: Client, small: Plan, pimpinan_small: Profile
) -> None:
    secret = token_for(pimpinan_small)
    period = ReportingPeriod.objects.get(plan=small, year=2023, number=2)
    rows = api.get(f"/api/rencana/{small.pk}/realisasi?periode={period.pk}", **bearer(secret))
    assert rows.status_code == 200
    by_name = {
        _measure_name(r["ukuran_id"]): (r["nilai"], r["nilai_angka"], r["status"])
        for r in rows.json()
    }
    assert by_name == {
        "Cakupan sosialisasi": ("84", 84.0, "verified"),
        "Petugas terlatih": ("10", 10.0, "verified"),
        "Prevalensi stunting": ("19,5", 19.5, "verified"),
    }
    missing = api.get(f"/api/rencana/{small.pk}/realisasi?periode=999999", **bearer(secret))
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Periode tidak ditemukan pada rencana ini."}


def _measure_name(pk: int) -> str:
    return Measure.objects.get(pk=pk).name


def test_an_operator_writes_its_measure_through_the_grid_s_service(
    api: Client, small: Plan, dinkes: Profile
) -> None:
    period = _open_period(small)
    measure = _measure(small, "Cakupan sosialisasi")
    current = Realization.objects.get(measure=measure, period=period)
    secret = token_for(dinkes, WRITE)
    response = _put(
        api,
        _url(small, period, measure),
        secret,
        nilai="89,5",
        perkembangan="Sosialisasi di 8 kecamatan",
        anggaran={"apbd_kota": "1500000"},
        versi=current.version,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["nilai"], body["nilai_angka"], body["versi"]) == ("89,5", 89.5, 2)
    assert body["anggaran"] == {"apbd_kota": 1500000.0}
    assert body["diubah_oleh"] == "dinkes"
    saved = Realization.objects.get(pk=current.pk)
    assert saved.value_number == Decimal("89.5")
    assert saved.narrative == "Sosialisasi di 8 kecamatan"
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    # The same action, object and actor as a save from the grid.
    assert (event.action, event.object_id, event.actor_id) == (
        "realization.change",
        str(current.pk),
        dinkes.user.pk,
    )
    assert event.old["value"] == "88" and event.new["value"] == "89,5"
    # The same content again changes nothing: no new version, no event.
    again = _put(
        api,
        _url(small, period, measure),
        secret,
        nilai="89,5",
        perkembangan="Sosialisasi di 8 kecamatan",
        versi=2,
    )
    assert again.status_code == 200 and again.json()["versi"] == 2
    assert AuditEvent.objects.order_by("-id").first() == event
    # A measure not reported yet: created, as the grid's first save.
    stunting = _measure(small, "Prevalensi stunting")
    created = _put(api, _url(small, period, stunting), secret, nilai="17")
    assert created.status_code == 200, created.content
    assert AuditEvent.objects.order_by("-id").first().action == "realization.create"  # type: ignore[union-attr]


def test_a_stale_version_is_a_conflict_and_nothing_is_saved(
    api: Client, small: Plan, dinkes: Profile
) -> None:
    period = _open_period(small)
    measure = _measure(small, "Cakupan sosialisasi")
    events = AuditEvent.objects.count()
    response = _put(
        api, _url(small, period, measure), token_for(dinkes, WRITE), nilai="90", versi=7
    )
    assert response.status_code == 409
    body = response.json()
    assert body["versi_terbaru"] == 1
    assert "Muat ulang" in body["detail"]
    current = Realization.objects.get(measure=measure, period=period)
    assert (current.value_raw, current.version) == ("88", 1)
    assert AuditEvent.objects.count() == events + 1  # the token's issue only


def test_a_closed_period_and_a_bad_value_are_refused_in_indonesian(
    api: Client, small: Plan, dinkes: Profile
) -> None:
    secret = token_for(dinkes, WRITE)
    measure = _measure(small, "Cakupan sosialisasi")
    closed = ReportingPeriod.objects.get(plan=small, year=2023, number=1)
    current = Realization.objects.get(measure=measure, period=closed)
    response = _put(api, _url(small, closed, measure), secret, nilai="90", versi=current.version)
    assert response.status_code == 409
    assert "tidak dibuka untuk pelaporan" in response.json()["detail"]
    period = _open_period(small)
    bad = _put(api, _url(small, period, measure), secret, nilai="banyak", versi=1)
    assert bad.status_code == 400
    assert bad.json()["detail"] == '"banyak" bukan angka; tulis misalnya 95 atau 97,5.'
    # A percent above 100 needs the operator's note, as in the grid.
    doubt = _put(api, _url(small, period, measure), secret, nilai="150", versi=1)
    assert doubt.status_code == 400
    assert doubt.json()["peringatan"]
    invalid = _put(api, _url(small, period, measure), secret, nilai="90", versi="satu")
    assert invalid.status_code == 400
    assert invalid.json()["detail"].startswith("Permintaan tidak valid")
    assert Realization.objects.get(measure=measure, period=period).value_raw == "88"
    noted = _put(
        api,
        _url(small, period, measure),
        secret,
        nilai="150",
        catatan="Termasuk luar kota",
        versi=1,
    )
    assert noted.status_code == 200


def test_the_schema_names_every_funding_source() -> None:
    assert set(get_args(Source)) == set(FundingSource.values)


def test_a_read_token_cannot_write(api: Client, small: Plan, dinkes: Profile) -> None:
    period = _open_period(small)
    measure = _measure(small, "Cakupan sosialisasi")
    response = _put(api, _url(small, period, measure), token_for(dinkes), nilai="90", versi=1)
    assert response.status_code == 403
    assert "hanya untuk membaca" in response.json()["detail"]
    assert Realization.objects.get(measure=measure, period=period).value_raw == "88"


def test_a_viewer_reads_everything_and_writes_nothing(
    api: Client, small: Plan, pimpinan_small: Profile
) -> None:
    with pytest.raises(TokenError, match="bukan operator"):
        issue_token(user=pimpinan_small.user, name="x", access=WRITE, scope=SYSTEM, actor=None)
    secret = token_for(pimpinan_small)
    rows = api.get(f"/api/rencana/{small.pk}/realisasi", **bearer(secret)).json()
    assert len({r["ukuran_id"] for r in rows}) == 3
    period = _open_period(small)
    put = _put(api, _url(small, period, _measure(small, "Cakupan sosialisasi")), secret, nilai="1")
    assert put.status_code == 403
    readiness = api.get(f"/api/rencana/{small.pk}/kesiapan", **bearer(secret))
    assert readiness.status_code == 200
    assert readiness.json()["rencana"] == small.title


def test_only_the_secretariat_issues_tokens_and_an_operator_reads_no_readiness(
    api: Client, small: Plan, dinkes: Profile
) -> None:
    with pytest.raises(PermissionDenied):
        issue_token(
            user=dinkes.user, name="x", access="read", scope=scope_for(dinkes.user), actor=None
        )
    response = api.get(f"/api/rencana/{small.pk}/kesiapan", **bearer(token_for(dinkes)))
    assert response.status_code == 403


def test_an_unknown_plan_is_404(api: Client, small: Plan, dinkes: Profile) -> None:
    secret = token_for(dinkes)
    for path in ("", "/ukuran", "/periode", "/realisasi", "/capaian", "/kesiapan"):
        response = api.get(f"/api/rencana/{small.pk + 100}{path}", **bearer(secret))
        assert response.status_code == 404
        assert response.json() == {"detail": "Rencana tidak ditemukan."}


def test_capaian_is_the_json_of_radkla_status(api: Client, small: Plan, dinkes: Profile) -> None:
    secret = token_for(dinkes)
    expected = json.loads(json.dumps(status_json(plan_achievement(small, 2023))))
    response = api.get(f"/api/rencana/{small.pk}/capaian?tahun=2023", **bearer(secret))
    assert response.status_code == 200
    assert response.json() == expected
    period = ReportingPeriod.objects.get(plan=small, year=2023, number=2)
    running = api.get(f"/api/rencana/{small.pk}/capaian?periode={period.pk}", **bearer(secret))
    assert running.json() == json.loads(
        json.dumps(status_json(plan_achievement(small, 2023, period=period)))
    )
    outside = api.get(f"/api/rencana/{small.pk}/capaian?tahun=2030", **bearer(secret))
    assert outside.status_code == 400
    assert outside.json() == {"detail": "Tahun 2030 di luar masa rencana 2023-2026."}


def test_plans_measures_and_periods_as_the_regulation_states_them(
    api: Client, small: Plan, dinkes: Profile
) -> None:
    secret = token_for(dinkes)
    plans = api.get("/api/rencana", **bearer(secret)).json()
    assert [p["id"] for p in plans] == [small.pk]
    detail = api.get(f"/api/rencana/{small.pk}", **bearer(secret)).json()
    assert detail["jumlah_ukuran"] == 4
    assert [k["kode"] for k in detail["klaster"]] == ["K", "I", "II", "III", "IV", "V"]
    measures = api.get(f"/api/rencana/{small.pk}/ukuran", **bearer(secret)).json()
    stunting = next(m for m in measures if m["ukuran"] == "Prevalensi stunting")
    assert stunting["target"] == [
        {"tahun": 2023, "teks": "18"},
        {"tahun": 2024, "teks": "16"},
        {"tahun": 2025, "teks": "14"},
        {"tahun": 2026, "teks": "12"},
    ]
    assert stunting["instansi"] == ["Dinas Kesehatan"]
    periods = api.get(f"/api/rencana/{small.pk}/periode", **bearer(secret)).json()
    assert [(p["kode"], p["status"]) for p in periods] == [
        ("2023-1", "closed"),
        ("2023-2", "closed"),
        ("2023-3", "closed"),
        ("2024-1", "open"),
        ("2024-2", "upcoming"),
        ("2024-3", "upcoming"),
    ]


def test_list_endpoints_keep_a_bounded_number_of_queries(
    api: Client,
    small: Plan,
    dinkes: Profile,
    pimpinan_small: Profile,
    django_assert_max_num_queries,
) -> None:  # type: ignore[no-untyped-def]
    for secret in (token_for(dinkes), token_for(pimpinan_small)):
        for path in (
            "/api/rencana",
            f"/api/rencana/{small.pk}/ukuran",
            f"/api/rencana/{small.pk}/periode",
        ):
            with django_assert_max_num_queries(8):
                assert api.get(path, **bearer(secret)).status_code == 200
        with django_assert_max_num_queries(10):
            assert (
                api.get(f"/api/rencana/{small.pk}/realisasi", **bearer(secret)).status_code == 200
            )
