"""Monitoring pages through HTTP: the grid, verification, periods, evidence, and who sees what."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.audittrail.models import AuditEvent
from radkla.monitoring.models import Evidence, Realization, ReportingPeriod
from radkla.monitoring.services import Entry, add_evidence, save_entry, submit_realization
from radkla.monitoring.tests.conftest import scope
from radkla.monitoring.values import read_value
from radkla.plan.models import Measure

State = Realization.State
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(profile: Profile) -> Client:
    client = Client()
    client.force_login(profile.user)
    return client


@pytest.fixture
def reported(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> Realization:
    """A Dinkes realization, submitted, with one evidence file."""
    dinkes = people["dinkes"]
    draft = save_entry(
        entry=Entry(measure=vitamin_a, value=read_value("86", unit="%", target=None)),
        period=period,
        scope=scope(dinkes),
        actor=dinkes.user,
    )
    add_evidence(
        realization=draft,
        name="laporan.pdf",
        data=PDF,
        scope=scope(dinkes),
        actor=None,
        max_bytes=10_000,
    )
    return submit_realization(realization=draft, scope=scope(dinkes), actor=dinkes.user)


def grid_post(
    period: ReportingPeriod, measure: Measure, value: str, version: str = "", **extra: str
) -> dict[str, str]:
    data = {"action": "save", f"value-{measure.pk}": value, f"version-{measure.pk}": version}
    data.update(extra)
    return data


def test_the_operator_fills_and_submits_the_grid(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    client = client_for(people["dinkes"])
    url = reverse("monitoring:grid", args=[period.pk])
    page = client.get(url).content.decode()
    assert f'name="value-{vitamin_a.pk}"' in page
    dinkes_rows = (
        Measure.objects.filter(plan=period.plan, agencies__acronym="Dinkes").distinct().count()
    )
    assert page.count('<tr id="row-') == dinkes_rows
    response = client.post(
        url,
        grid_post(period, vitamin_a, "88,5", **{f"narrative-{vitamin_a.pk}": "Sweeping posyandu."}),
    )
    assert response.status_code == 302
    saved = Realization.objects.get(measure=vitamin_a)
    assert (saved.value_raw, saved.narrative, saved.state) == (
        "88,5",
        "Sweeping posyandu.",
        State.DRAFT,
    )
    assert Realization.objects.count() == 1  # untouched rows create nothing
    client.post(
        url,
        {
            "action": "submit",
            f"value-{vitamin_a.pk}": "88,5",
            f"version-{vitamin_a.pk}": str(saved.version),
            f"narrative-{vitamin_a.pk}": "Sweeping posyandu.",
        },
    )
    assert Realization.objects.get(measure=vitamin_a).state == State.SUBMITTED


def test_bad_values_and_unconfirmed_warnings_are_shown_at_the_cell_and_nothing_is_saved(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    client = client_for(people["dinkes"])
    url = reverse("monitoring:grid", args=[period.pk])
    page = client.post(url, grid_post(period, vitamin_a, "banyak")).content.decode()
    assert f'data-error="{vitamin_a.pk}"' in page and "bukan angka" in page
    page = client.post(url, grid_post(period, vitamin_a, "120")).content.decode()
    assert f'data-warning="{vitamin_a.pk}"' in page and "melebihi 100%" in page
    assert 'value="120"' in page  # what was typed stays in the cell
    assert not Realization.objects.exists()
    response = client.post(
        url,
        grid_post(
            period, vitamin_a, "120", **{f"note-{vitamin_a.pk}": "Termasuk balita luar kota."}
        ),
    )
    assert response.status_code == 302
    assert Realization.objects.get().check_note == "Termasuk balita luar kota."


def test_a_stale_grid_shows_the_newer_value(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    first, second = client_for(people["dinkes"]), client_for(people["dinkes"])
    url = reverse("monitoring:grid", args=[period.pk])
    first.post(url, grid_post(period, vitamin_a, "80"))
    first.post(url, grid_post(period, vitamin_a, "82", version="1"))
    page = second.post(url, grid_post(period, vitamin_a, "99", version="1")).content.decode()
    assert "nilai terbarunya &quot;82&quot;" in page
    assert Realization.objects.get().value_raw == "82"


def test_the_coordinator_returns_and_verifies(
    people: dict[str, Profile], period: ReportingPeriod, reported: Realization
) -> None:
    client = client_for(people["koordinator3"])
    url = reverse("monitoring:verification", args=[period.pk])
    page = client.get(url).content.decode()
    assert f'data-realization="{reported.pk}"' in page and "laporan.pdf" in page
    client.post(
        url, {"realization": reported.pk, "action": "return", "reason": "Data belum lengkap."}
    )
    reported.refresh_from_db()
    assert (reported.state, reported.return_reason) == (State.RETURNED, "Data belum lengkap.")
    operator = client_for(people["dinkes"])
    grid = operator.get(reverse("monitoring:grid", args=[period.pk])).content.decode()
    assert "Data belum lengkap." in grid
    operator.post(
        reverse("monitoring:grid", args=[period.pk]),
        {
            "action": "submit",
            f"value-{reported.measure_id}": "87",
            f"version-{reported.measure_id}": str(reported.version),
        },
    )
    client.post(url, {"realization": reported.pk, "action": "verify"})
    reported.refresh_from_db()
    assert reported.state == State.VERIFIED


def test_evidence_is_served_safely_and_only_to_those_who_may_see_it(
    people: dict[str, Profile], reported: Realization
) -> None:
    evidence = Evidence.objects.get()
    assert evidence.stored_name.endswith(".pdf") and "laporan" not in evidence.file.name
    url = reverse("monitoring:evidence_file", args=[evidence.pk])
    response = client_for(people["koordinator3"]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    # Chrome's PDF viewer does not run in a sandbox; the pinned type is the guard.
    assert response["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    for outsider in ("dinsos", "koordinator5"):
        assert client_for(people[outsider]).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_an_empty_upload_is_called_empty(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    dinkes = people["dinkes"]
    draft = save_entry(
        entry=Entry(measure=vitamin_a, value=read_value("86", unit="%", target=None)),
        period=period,
        scope=scope(dinkes),
        actor=None,
    )
    client = client_for(dinkes)
    empty = io.BytesIO(b"")
    empty.name = "kosong.pdf"
    page = client.post(
        reverse("monitoring:upload_evidence", args=[draft.pk]), {"file": empty}, follow=True
    ).content.decode()
    assert "Berkas kosong.pdf kosong (0 bita)" in page
    assert "bukan dokumen" not in page
    assert not Evidence.objects.exists()
    workbook = io.BytesIO(b"")
    workbook.name = "laporan.xlsx"
    page = client.post(
        reverse("monitoring:grid_upload", args=[period.pk]), {"file": workbook}, follow=True
    ).content.decode()
    assert "laporan.xlsx: berkas kosong (0 bita)" in page


def test_an_upload_outside_the_allow_list_is_refused(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    dinkes = people["dinkes"]
    draft = save_entry(
        entry=Entry(measure=vitamin_a, value=read_value("86", unit="%", target=None)),
        period=period,
        scope=scope(dinkes),
        actor=None,
    )
    client = client_for(dinkes)
    html = io.BytesIO(b"<!doctype html><script>alert(1)</script>")
    html.name = "laporan.pdf"
    response = client.post(
        reverse("monitoring:upload_evidence", args=[draft.pk]), {"file": html}, follow=True
    )
    assert "bukan dokumen atau gambar yang diterima" in response.content.decode()
    assert not Evidence.objects.exists()
    good = io.BytesIO(PDF)
    good.name = "surat.pdf"
    client.post(reverse("monitoring:upload_evidence", args=[draft.pk]), {"file": good})
    assert Evidence.objects.get().original_name == "surat.pdf"
    other = io.BytesIO(PDF)
    other.name = "x.pdf"
    assert (
        client_for(people["dinsos"])
        .post(reverse("monitoring:upload_evidence", args=[draft.pk]), {"file": other})
        .status_code
        == 404
    )


def test_the_secretariat_manages_periods_from_the_page(
    people: dict[str, Profile], period: ReportingPeriod
) -> None:
    url = reverse("monitoring:periods")
    secretariat = client_for(people["sekretariat"])
    secretariat.post(url, {"action": "close", "period": period.pk, "confirm": "1"})
    period.refresh_from_db()
    assert period.state == ReportingPeriod.State.CLOSED
    page = secretariat.post(
        url, {"action": "reopen", "period": period.pk, "reason": ""}, follow=True
    ).content.decode()
    assert "wajib disertai alasan" in page
    secretariat.post(
        url, {"action": "reopen", "period": period.pk, "reason": "Revisi data Dinkes."}
    )
    period.refresh_from_db()
    assert period.state == ReportingPeriod.State.OPEN
    client_for(people["dinkes"]).post(url, {"action": "close", "period": period.pk, "confirm": "1"})
    period.refresh_from_db()
    assert period.state == ReportingPeriod.State.OPEN


def test_closing_a_period_asks_first(people: dict[str, Profile], period: ReportingPeriod) -> None:
    url = reverse("monitoring:periods")
    secretariat = client_for(people["sekretariat"])
    page = secretariat.post(url, {"action": "close", "period": period.pk}, follow=True)
    period.refresh_from_db()
    assert period.state == ReportingPeriod.State.OPEN  # not yet
    html = page.content.decode()
    assert 'id="close-confirm"' in html and f"Tutup periode {period.label}?" in html
    assert 'id="confirm-close"' in html and 'name="confirm" value="1"' in html
    assert 'id="close-confirm"' not in secretariat.get(url).content.decode()
    # Only an open period is offered for closing, and only to the secretariat.
    assert 'id="close-confirm"' not in (
        client_for(people["dinkes"]).get(f"{url}?tutup={period.pk}").content.decode()
    )
    secretariat.post(url, {"action": "close", "period": period.pk, "confirm": "1"})
    period.refresh_from_db()
    assert period.state == ReportingPeriod.State.CLOSED
    assert 'id="close-confirm"' not in secretariat.get(f"{url}?tutup={period.pk}").content.decode()


def test_the_periods_page_title_is_its_name_alone(
    people: dict[str, Profile], period: ReportingPeriod
) -> None:
    from radkla.monitoring.reminders import send_reminders

    send_reminders(plan=period.plan, today=period.deadline)  # the page then lists reminders
    html = client_for(people["sekretariat"]).get(reverse("monitoring:periods")).content.decode()
    assert 'id="reminders"' in html
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.split() == ["Periode", "pelaporan", "·", "radkla"]


def test_a_closed_period_refuses_a_later_edit_from_the_grid(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    client = client_for(people["dinkes"])
    url = reverse("monitoring:grid", args=[period.pk])
    client.post(url, grid_post(period, vitamin_a, "80"))
    client_for(people["sekretariat"]).post(
        reverse("monitoring:periods"), {"action": "close", "period": period.pk, "confirm": "1"}
    )
    page = client.get(url).content.decode()
    assert "tidak dibuka" in page and "disabled" in page
    response = client.post(url, grid_post(period, vitamin_a, "95", version="1"), follow=True)
    assert "tidak dibuka untuk pelaporan" in response.content.decode()
    assert Realization.objects.get().value_raw == "80"


def test_history_lists_every_step(people: dict[str, Profile], reported: Realization) -> None:
    page = (
        client_for(people["pimpinan"])
        .get(reverse("monitoring:history", args=[reported.pk]))
        .content.decode()
    )
    assert page.count("data-action=") == 2
    assert 'data-action="realization.submit"' in page
    # In words: the action and the states, not the codes the trail stores.
    rows = page.split('id="history"')[1]
    assert "Realisasi diajukan" in rows and "(Draf)" in rows and "(Diajukan)" in rows
    assert "(draft)" not in rows and "(submitted)" not in rows


def test_the_audit_log_filters_by_action_and_person(
    people: dict[str, Profile], reported: Realization
) -> None:
    client = client_for(people["sekretariat"])
    page = client.get(
        reverse("monitoring:audit_log"), {"tindakan": "evidence.add"}
    ).content.decode()
    assert "laporan.pdf" in page and "realization.submit" not in page.split("<tbody>")[1]
    page = client.get(reverse("monitoring:audit_log"), {"pelaku": "dinkes"}).content.decode()
    assert "diajukan" in page
    assert AuditEvent.objects.filter(actor_label="dinkes").exists()


def test_my_reports_shows_the_agencys_progress(
    people: dict[str, Profile], reported: Realization
) -> None:
    page = client_for(people["dinkes"]).get(reverse("monitoring:my_reports")).content.decode()
    assert "Caturwulan I 2025" in page
    assert 'id="period-status"' in page
    assert client_for(people["pimpinan"]).get(reverse("monitoring:my_reports")).status_code == 302


# -- the permission matrix ------------------------------------------------------------

ROLES = ("sekretariat", "koordinator3", "koordinator5", "dinkes", "dinsos", "pimpinan")

MATRIX = {
    # page: expected status per role, in ROLES order
    "grid": (403, 403, 403, 200, 200, 403),
    "verification": (200, 200, 200, 403, 403, 403),
    "periods": (200, 200, 200, 200, 200, 200),
    "audit_log": (200, 403, 403, 403, 403, 403),
    "history": (200, 200, 404, 200, 404, 200),
    "evidence": (200, 200, 404, 200, 404, 200),
    "overview": (200, 200, 200, 200, 200, 200),
}


@pytest.mark.parametrize("page", sorted(MATRIX))
def test_permission_matrix(
    people: dict[str, Profile], period: ReportingPeriod, reported: Realization, page: str
) -> None:
    evidence = Evidence.objects.get()
    urls = {
        "grid": reverse("monitoring:grid", args=[period.pk]),
        "verification": reverse("monitoring:verification", args=[period.pk]),
        "periods": reverse("monitoring:periods"),
        "audit_log": reverse("monitoring:audit_log"),
        "history": reverse("monitoring:history", args=[reported.pk]),
        "evidence": reverse("monitoring:evidence_file", args=[evidence.pk]),
        "overview": reverse("plan:overview", args=[period.plan_id]),
    }
    got = []
    for role in ROLES:
        response = client_for(people[role]).get(urls[page])
        if response.streaming:
            # Reading a served file to its end closes it, as a WSGI server would.
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
        got.append(response.status_code)
    assert tuple(got) == MATRIX[page]
    assert Client().get(urls[page]).status_code == 302  # anonymous: to the login page


@pytest.mark.parametrize("role", ROLES)
def test_only_verifiers_in_scope_can_verify_by_post(
    people: dict[str, Profile], period: ReportingPeriod, reported: Realization, role: str
) -> None:
    response = client_for(people[role]).post(
        reverse("monitoring:verification", args=[period.pk]),
        {"realization": reported.pk, "action": "verify"},
    )
    reported.refresh_from_db()
    verified = reported.state == State.VERIFIED
    assert verified == (role in ("sekretariat", "koordinator3"))
    if role in ("dinkes", "dinsos", "pimpinan"):
        assert response.status_code == 403


def test_the_system_scope_is_the_cli(period: ReportingPeriod) -> None:
    assert SYSTEM.is_secretariat


def test_a_row_under_verification_does_not_block_saving_the_others(
    people: dict[str, Profile], period: ReportingPeriod, reported: Realization
) -> None:
    client = client_for(people["dinkes"])
    other = (
        Measure.objects.filter(plan=period.plan, agencies__acronym="Dinkes")
        .exclude(pk=reported.measure_id)
        .first()
    )
    assert other is not None
    # The submitted row's inputs are disabled, so the browser sends only its hidden version.
    data = {"action": "save", f"version-{reported.measure_id}": str(reported.version)}
    data.update({f"value-{other.pk}": "7", f"version-{other.pk}": ""})
    response = client.post(reverse("monitoring:grid", args=[period.pk]), data)
    assert response.status_code == 302
    assert Realization.objects.get(measure=other).value_raw == "7"
    reported.refresh_from_db()
    assert (reported.state, reported.value_raw) == (State.SUBMITTED, "86")


def test_values_are_checked_as_they_are_typed(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    client = client_for(people["dinkes"])
    url = reverse("monitoring:check_row", args=[period.pk, vitamin_a.pk])
    warned = client.post(url, {f"value-{vitamin_a.pk}": "120"}).content.decode()
    assert "data-live-warning" in warned and "melebihi 100%" in warned
    wrong = client.post(url, {f"value-{vitamin_a.pk}": "sembilan puluh"}).content.decode()
    assert "data-live-error" in wrong
    fine = client.post(url, {f"value-{vitamin_a.pk}": "88"}).content.decode()
    assert "data-live" not in fine
    assert not Realization.objects.exists()
    assert client_for(people["dinsos"]).post(url, {f"value-{vitamin_a.pk}": "1"}).status_code == 404


def test_a_measure_split_by_kelurahan_is_reported_per_area(
    cilegon_plan,
    people: dict[str, Profile],
    period: ReportingPeriod,  # type: ignore[no-untyped-def]
) -> None:
    measure = Measure.objects.get(
        plan=cilegon_plan, name="Kelurahan yang sudah terbentuk Gugus Tugas KELANA"
    )
    measure.area_level = Measure.AreaLevel.KELURAHAN
    measure.save()
    from radkla.monitoring.tests.conftest import persona

    operator = persona("dp3", Profile.Role.OPERATOR, "DP3AP2KB")
    client = client_for(operator)
    url = reverse("monitoring:area_grid", args=[period.pk, measure.pk])
    page = client.get(url).content.decode()
    assert page.count("data-area=") == 43
    from radkla.regions.models import Region

    first, second = Region.objects.filter(code__in=["36.72.01.1001", "36.72.01.1002"]).order_by(
        "code"
    )
    response = client.post(url, {f"area-{first.pk}": "1", f"area-{second.pk}": "1"})
    assert response.status_code == 302
    assert Realization.objects.filter(measure=measure, area__isnull=False).count() == 2
    page = client.get(url).content.decode()
    assert '<th id="area-total">2</th>' in page
    bad = client.post(
        url, {f"area-{first.pk}": "satu", f"version-{first.pk}": "1"}
    ).content.decode()
    assert "bukan angka" in bad
    assert client_for(people["dinkes"]).get(url).status_code == 404


def test_office_files_are_downloaded_never_shown(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    dinkes = people["dinkes"]
    draft = save_entry(
        entry=Entry(measure=vitamin_a, value=read_value("86", unit="%", target=None)),
        period=period,
        scope=scope(dinkes),
        actor=None,
    )
    evidence = add_evidence(
        realization=draft,
        name="rekap.xlsx",
        data=out.getvalue(),
        scope=scope(dinkes),
        actor=None,
        max_bytes=10**6,
    )
    response = client_for(dinkes).get(reverse("monitoring:evidence_file", args=[evidence.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    b"".join(response.streaming_content)  # type: ignore[attr-defined]
