"""A number too big for its column is refused where it is typed, and every page still opens.

Each door that stores a number gets the same oversized values: the cell check,
the grid (value, composite part, spending), the kecamatan/kelurahan grid, the
Excel upload, the budget (Anggaran) and the admin. Each answers with the
reason beside the cell, stores nothing, and its page reads back afterwards.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.admin import site
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from radkla.accounts.models import Profile
from radkla.audittrail.models import AuditEvent
from radkla.conftest import make_account
from radkla.monitoring.models import Budget, Realization, ReportingPeriod, Spending
from radkla.monitoring.services import Entry, save_entry, submit_realization
from radkla.monitoring.tests.conftest import persona, scope
from radkla.monitoring.values import read_value
from radkla.plan.models import Measure, Plan
from radkla.regions.models import Region

TOO_BIG = "1.000.000.000.000.000.000"  # 10^18: 19 digits before the comma
NIK = "3672011203990001"  # a 16-digit NIK typed into the wrong cell
VALUE_MESSAGE = "Angka terlalu besar: paling banyak 14 angka sebelum koma."
RUPIAH_MESSAGE = "Angka terlalu besar: paling banyak 16 angka sebelum koma."


def client_for(profile: Profile) -> Client:
    client = Client()
    client.force_login(profile.user)
    return client


def nothing_stored() -> None:
    assert not Realization.objects.exists()
    assert not Spending.objects.exists()
    assert not Budget.objects.exists()


@pytest.mark.parametrize("typed", [TOO_BIG, NIK, "9" * 40])
def test_the_cell_check_names_the_limit(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure, typed: str
) -> None:
    client = client_for(people["dinkes"])
    url = reverse("monitoring:check_row", args=[period.pk, vitamin_a.pk])
    response = client.post(url, {f"value-{vitamin_a.pk}": typed})
    assert response.status_code == 200
    assert "data-live-error" in response.content.decode()
    assert VALUE_MESSAGE in response.content.decode()
    nothing_stored()
    assert client.get(reverse("monitoring:grid", args=[period.pk])).status_code == 200


@pytest.mark.parametrize("typed", [TOO_BIG, NIK, "97,12345"])
def test_the_grid_refuses_a_value_too_big_and_keeps_what_was_typed(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure, typed: str
) -> None:
    client = client_for(people["dinkes"])
    url = reverse("monitoring:grid", args=[period.pk])
    pk = vitamin_a.pk
    response = client.post(
        url, {"action": "save", f"value-{pk}": typed, f"narrative-{pk}": "Sweeping posyandu."}
    )
    page = response.content.decode()
    assert response.status_code == 200
    message = (
        VALUE_MESSAGE
        if typed != "97,12345"
        else "Angka terlalu rinci: paling banyak 4 angka di belakang koma."
    )
    assert f'<p class="error" data-error="{pk}">{message}' in page
    assert f'value="{typed}"' in page and "Sweeping posyandu." in page
    nothing_stored()
    assert client.get(url).status_code == 200


def test_the_grid_refuses_a_spending_too_big(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    client = client_for(people["dinkes"])
    url = reverse("monitoring:grid", args=[period.pk])
    pk = vitamin_a.pk
    typed = "Rp 100.000.000.000.000.000"  # 10^17
    response = client.post(
        url, {"action": "save", f"value-{pk}": "88", f"spend-{pk}-apbd_kota": typed}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'data-error="{pk}">Anggaran APBD kota/kabupaten: {RUPIAH_MESSAGE}' in page
    assert f'value="{typed}"' in page
    assert page.count("<details open>") == 1  # the row's spending cells are shown, not folded
    nothing_stored()
    assert client.get(url).status_code == 200


def test_the_grid_refuses_a_composite_part_too_big(
    cilegon_plan: Plan, period: ReportingPeriod
) -> None:
    measure = Measure.objects.get(
        plan=cilegon_plan,
        name__startswith="Jumlah ketersediaan SDM dan sarana prasarana (Molin)",
        targets__year=2025,
        targets__kind="composite",
    )
    client = client_for(persona("dp3", Profile.Role.OPERATOR, "DP3AP2KB"))
    url = reverse("monitoring:grid", args=[period.pk])
    pk = measure.pk
    response = client.post(url, {"action": "save", f"part-{pk}-0": NIK, f"part-{pk}-1": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'data-error="{pk}">Bagian Motor: {VALUE_MESSAGE}' in page
    assert f'value="{NIK}"' in page
    # Written in one cell, as the regulation writes it, the same.
    response = client.post(url, {"action": "save", f"value-{pk}": f"Motor {NIK} Molin 1"})
    assert f"Bagian Motor: {VALUE_MESSAGE}" in response.content.decode()
    nothing_stored()
    assert client.get(url).status_code == 200


@pytest.fixture
def kelurahan_measure(cilegon_plan: Plan) -> Measure:
    measure = Measure.objects.get(
        plan=cilegon_plan, name="Kelurahan yang sudah terbentuk Gugus Tugas KELANA"
    )
    measure.area_level = Measure.AreaLevel.KELURAHAN
    measure.save()
    return measure


def test_the_area_grid_refuses_a_value_too_big(
    period: ReportingPeriod, kelurahan_measure: Measure
) -> None:
    client = client_for(persona("dp3", Profile.Role.OPERATOR, "DP3AP2KB"))
    url = reverse("monitoring:area_grid", args=[period.pk, kelurahan_measure.pk])
    area = Region.objects.get(code="36.72.01.1001")
    response = client.post(url, {f"area-{area.pk}": TOO_BIG})
    assert response.status_code == 200
    assert f'<p class="error">{VALUE_MESSAGE}</p>' in response.content.decode()
    nothing_stored()
    assert client.get(url).status_code == 200


def test_the_area_grid_keeps_every_typed_value_after_an_error(
    period: ReportingPeriod, kelurahan_measure: Measure
) -> None:
    client = client_for(persona("dp3", Profile.Role.OPERATOR, "DP3AP2KB"))
    url = reverse("monitoring:area_grid", args=[period.pk, kelurahan_measure.pk])
    first, second, third = Region.objects.filter(
        code__in=["36.72.01.1001", "36.72.01.1002", "36.72.01.1003"]
    ).order_by("code")
    client.post(url, {f"area-{third.pk}": "1"})
    stored = Realization.objects.get(area=third)
    page = client.post(
        url,
        {
            f"area-{first.pk}": "4",
            f"area-{second.pk}": "empat",
            f"area-{third.pk}": "",  # emptied on purpose: shown empty, not the stored 1
            f"version-{third.pk}": str(stored.version),
        },
    ).content.decode()
    assert "bukan angka" in page
    assert f'name="area-{first.pk}" value="4"' in page
    assert f'name="area-{second.pk}" value="empat"' in page
    assert f'name="area-{third.pk}" value=""' in page
    assert f'name="version-{third.pk}" value="{stored.version}"' in page
    assert Realization.objects.filter(area__isnull=False).count() == 1  # nothing new saved


def _upload(client: Client, period: ReportingPeriod, data: bytes) -> str:
    out = io.BytesIO(data)
    out.name = "laporan-dinkes.xlsx"
    response = client.post(reverse("monitoring:grid_upload", args=[period.pk]), {"file": out})
    assert response.status_code == 200
    return response.content.decode()


def _workbook_with(
    client: Client, period: ReportingPeriod, measure: Measure, value: object
) -> bytes:
    response = client.get(reverse("monitoring:grid_workbook", args=[period.pk]))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Laporan"]
    line = next(r for r in range(5, sheet.max_row + 1) if sheet.cell(r, 1).value == measure.pk)
    sheet.cell(row=line, column=6).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _replace_in_sheet(data: bytes, old: bytes, new: bytes) -> bytes:
    """The workbook with one stored cell value rewritten, as another program may write it."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                assert old in content
                content = content.replace(old, new)
            target.writestr(item, content)
    return out.getvalue()


@pytest.mark.parametrize("value", [10**18, 1e25, NIK, TOO_BIG])
def test_the_excel_upload_refuses_a_value_too_big(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure, value: object
) -> None:
    client = client_for(people["dinkes"])
    page = _upload(client, period, _workbook_with(client, period, vitamin_a, value))
    assert VALUE_MESSAGE in page
    assert 'id="confirm-upload"' not in page
    client.post(reverse("monitoring:grid_upload", args=[period.pk]), {"confirm": "1"})
    nothing_stored()
    assert client.get(reverse("monitoring:grid", args=[period.pk])).status_code == 200


@pytest.mark.parametrize("stored", [b"1E+400", b"-1E+400"])
def test_the_excel_upload_reads_an_infinite_cell_as_not_a_number(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure, stored: bytes
) -> None:
    client = client_for(people["dinkes"])
    data = _workbook_with(client, period, vitamin_a, 7777.125)
    page = _upload(
        client, period, _replace_in_sheet(data, b"<v>7777.125</v>", b"<v>" + stored + b"</v>")
    )
    assert "bukan angka" in page
    assert 'id="confirm-upload"' not in page
    nothing_stored()


@pytest.mark.parametrize("stored", [b"nan", b"inf"])
def test_the_excel_upload_refuses_a_cell_no_program_writes(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure, stored: bytes
) -> None:
    client = client_for(people["dinkes"])
    data = _workbook_with(client, period, vitamin_a, 7777.125)
    out = io.BytesIO(_replace_in_sheet(data, b"<v>7777.125</v>", b"<v>" + stored + b"</v>"))
    out.name = "laporan-dinkes.xlsx"
    url = reverse("monitoring:grid_upload", args=[period.pk])
    response = client.post(url, {"file": out}, follow=True)
    assert response.status_code == 200
    assert "ada sel yang isinya tidak dapat dibaca" in response.content.decode()
    nothing_stored()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (TOO_BIG, "Angka terlalu besar: paling banyak 16 angka sebelum koma."),
        ("1.500.000,50", "Tulis bilangan bulat, tanpa angka di belakang koma."),
        ("NaN", "bukan jumlah rupiah"),
    ],
)
def test_the_budget_refuses_an_amount_too_big_beside_its_cell(
    people: dict[str, Profile], vitamin_a: Measure, typed: str, message: str
) -> None:
    client = client_for(people["dinkes"])
    url = f"{reverse('monitoring:funding')}?tahun=2025"
    field = f"pagu-{vitamin_a.action_id}-apbd_kota"
    other = f"pagu-{vitamin_a.action_id}-apbn"
    response = client.post(url, {field: typed, other: "25.000.000"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<p class="error" data-error="{field}">' in page and message in page
    assert f'name="{field}" value="{typed}"' in page
    assert f'name="{other}" value="25.000.000"' in page  # the good cell keeps its typing too
    nothing_stored()
    # The Anggaran page still opens, for the agency and for everyone else.
    assert client.get(url).status_code == 200
    assert client_for(people["pimpinan"]).get(url).status_code == 200


def test_every_admin_number_field_refuses_a_number_too_big(cilegon_plan: Plan) -> None:
    """Each admin form's number fields answer with a form error, never a failed write."""
    request = RequestFactory().get("/")
    request.user = make_account("admin-uji", Profile.Role.SECRETARIAT).user
    checked = []
    for model, model_admin in site._registry.items():
        form_class = model_admin.get_form(request, None)
        for name in form_class.base_fields:
            model_field = getattr(model, name, None) and model._meta._forward_fields_map.get(name)
            if isinstance(model_field, models.IntegerField | models.DecimalField):
                form = form_class(data={name: "9" * 30})
                assert not form.is_valid() and name in form.errors, (model.__name__, name)
                checked.append(f"{model.__name__}.{name}")
    assert "Plan.start_year" in checked and len(checked) >= 5


def test_the_admin_answers_a_number_too_big_with_a_form_error(cilegon_plan: Plan) -> None:
    profile = make_account("admin", Profile.Role.SECRETARIAT)
    profile.user.is_staff = profile.user.is_superuser = True
    profile.user.save()
    client = client_for(profile)
    url = reverse("admin:plan_plan_change", args=[cilegon_plan.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "start_year": "9" * 20,
            "clusters-TOTAL_FORMS": "0",
            "clusters-INITIAL_FORMS": "0",
        }
    )
    before = AuditEvent.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["start_year"]
    cilegon_plan.refresh_from_db()
    assert cilegon_plan.start_year == 2023
    assert AuditEvent.objects.count() == before
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("typed", ["²", "١٢", "9" * 30, "-1", "2025.0"])
def test_a_number_in_an_address_or_a_hidden_field_never_fails_a_page(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure, typed: str
) -> None:
    """Digits Python calls digits but cannot read ("²") are treated as no number at all."""
    secretariat = client_for(people["sekretariat"])
    for name in ("monitoring:funding", "achievement:dashboard", "achievement:public"):
        assert secretariat.get(reverse(name), {"tahun": typed}).status_code == 200, name
    for name in ("evaluation:readiness", "evaluation:weights", "reports:index"):
        assert secretariat.get(reverse(name), {"tahun": typed}).status_code == 200, name
    response = secretariat.post(reverse("monitoring:periods"), {"action": "create", "year": typed})
    assert response.status_code == 302
    operator = client_for(people["dinkes"])
    url = reverse("monitoring:grid", args=[period.pk])
    pk = vitamin_a.pk
    response = operator.post(url, {"action": "save", f"value-{pk}": "88", f"version-{pk}": typed})
    assert response.status_code in (200, 302)


def test_after_an_error_the_grid_shows_typed_rows_as_typed_and_others_as_stored(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    dinkes = people["dinkes"]
    submitted = submit_realization(
        realization=save_entry(
            entry=Entry(measure=vitamin_a, value=read_value("86", unit="%", target=None)),
            period=period,
            scope=scope(dinkes),
            actor=dinkes.user,
        ),
        scope=scope(dinkes),
        actor=dinkes.user,
    )
    other = (
        Measure.objects.filter(plan=period.plan, agencies__acronym="Dinkes")
        .exclude(pk=vitamin_a.pk)
        .first()
    )
    assert other is not None
    # The submitted row's inputs are disabled: the browser sends only its hidden version.
    data = {"action": "save", f"version-{vitamin_a.pk}": str(submitted.version)}
    data |= {f"value-{other.pk}": NIK, f"narrative-{other.pk}": "Data Dukcapil."}
    page = client_for(dinkes).post(reverse("monitoring:grid", args=[period.pk]), data)
    html = page.content.decode()
    assert VALUE_MESSAGE in html
    assert f'name="value-{other.pk}" id="value-{other.pk}" value="{NIK}"' in html
    assert f'name="value-{vitamin_a.pk}" id="value-{vitamin_a.pk}" value="86"' in html
    assert Realization.objects.get() == submitted


def test_a_value_longer_than_its_column_is_refused(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure
) -> None:
    client = client_for(people["dinkes"])
    url = reverse("monitoring:grid", args=[period.pk])
    typed = "sembilan puluh " * 14  # 210 characters
    response = client.post(url, {"action": "save", f"value-{vitamin_a.pk}": typed})
    assert response.status_code == 200
    assert "Nilai terlalu panjang: paling banyak 200 huruf." in response.content.decode()
    nothing_stored()


@pytest.mark.parametrize("field", ["value", "narrative", "obstacles", "follow_up", "note"])
def test_a_nul_character_in_any_grid_cell_is_refused_with_a_page_and_nothing_saved(
    people: dict[str, Profile], period: ReportingPeriod, vitamin_a: Measure, field: str
) -> None:
    # PostgreSQL cannot store NUL in text: without the refusal this was a server error.
    client = Client(raise_request_exception=False)
    client.force_login(people["dinkes"].user)
    url = reverse("monitoring:grid", args=[period.pk])
    data = {"action": "save", f"value-{vitamin_a.pk}": "80", f"version-{vitamin_a.pk}": ""}
    data[f"{field}-{vitamin_a.pk}"] = "ada\x00nul" if field != "value" else "8\x000"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Permintaan tidak sah" in response.content.decode()
    assert not Realization.objects.exists()
    assert client.get(url).status_code == 200
