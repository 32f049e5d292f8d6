"""The plan pages: signed-in only, filterable, exportable, a fixed number of queries."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from radkla.accounts.models import Profile
from radkla.plan.models import Agency, Measure, Plan
from radkla.plan.services import import_plan, read_plan_file
from radkla.plan.tests.test_appendix import FIVE_YEAR_PLAN


@pytest.fixture
def reader(client: Client, pimpinan: Profile) -> Client:
    client.force_login(pimpinan.user)
    return client


def test_anonymous_visitors_are_sent_to_login(client: Client, cilegon_plan: Plan) -> None:
    for url in (
        reverse("plan:home"),
        reverse("plan:overview", args=[cilegon_plan.pk]),
        reverse("plan:audit", args=[cilegon_plan.pk]),
        reverse("plan:export", args=[cilegon_plan.pk, "xlsx"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_login_with_the_right_password_opens_the_plan(client: Client, sekretariat: Profile) -> None:
    response = client.post(
        reverse("accounts:login"),
        {"username": "sekretariat", "password": "rahasia-uji-123"},
        follow=True,
    )
    assert response.status_code == 200
    assert b"Rencana Aksi Daerah Pengembangan Kota Layak Anak" in response.content
    wrong = Client().post(
        reverse("accounts:login"), {"username": "sekretariat", "password": "salah"}
    )
    assert "Nama pengguna atau kata sandi salah." in wrong.content.decode()


def test_home_goes_straight_to_the_only_plan(reader: Client, cilegon_plan: Plan) -> None:
    response = reader.get(reverse("plan:home"))
    assert response["Location"] == reverse("plan:overview", args=[cilegon_plan.pk])


def test_the_overview_shows_every_measure_raw_and_typed(reader: Client, cilegon_plan: Plan) -> None:
    response = reader.get(reverse("plan:overview", args=[cilegon_plan.pk]))
    html = response.content.decode()
    assert html.count('<tr data-measure="') == 195
    assert "97,50" in html  # raw, as the regulation wrote it
    assert "97,5%" in html  # typed reading
    assert "Motor 2 · Molin 1" in html
    assert "Tahun 2022 - Tahun 2027" in html and "tidak terbaca" in html
    assert html.count('class="section"') == 6


def test_filters_narrow_the_table_and_htmx_gets_only_the_table(
    reader: Client, cilegon_plan: Plan
) -> None:
    url = reverse("plan:overview", args=[cilegon_plan.pk])
    dinsos = Agency.objects.get(acronym="Dinsos")
    by_agency = reader.get(url, {"instansi": dinsos.pk}).content.decode()
    expected = Measure.objects.filter(plan=cilegon_plan, agencies=dinsos).count()
    assert by_agency.count('<tr data-measure="') == expected
    by_cluster = reader.get(url, {"klaster": "III"}, headers={"HX-Request": "true"})
    html = by_cluster.content.decode()
    assert "<html" not in html
    assert "Klaster III" in html and "Klaster IV" not in html
    found = reader.get(url, {"q": "akta kelahiran"}).content.decode()
    assert 0 < found.count('<tr data-measure="') < 10
    ignored = reader.get(url, {"instansi": "bukan-angka"}).content.decode()
    assert ignored.count('<tr data-measure="') == 195


def test_the_overview_costs_the_same_queries_for_any_plan_size(
    reader: Client, cilegon_plan: Plan, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("plan:overview", args=[cilegon_plan.pk])
    reader.get(url)  # warm the session
    # Session, user, profile and its clusters (for the menu), plan, clusters, agencies,
    # then measures, targets and agency links, and the revisions and periods that tell the
    # revision in force.
    with django_assert_num_queries(13):  # 12, and the menu's: one city?
        reader.get(url)
    small = import_plan(parsed=read_plan_file(FIVE_YEAR_PLAN.encode(), "kecil.txt"), actor=None)
    with django_assert_num_queries(13):  # 12, and the menu's: one city?
        reader.get(reverse("plan:overview", args=[small.plan.pk]))


def test_exports_carry_the_same_filter(reader: Client, cilegon_plan: Plan) -> None:
    dinkes = Agency.objects.get(acronym="Dinkes")
    expected = Measure.objects.filter(plan=cilegon_plan, agencies=dinkes).count()
    url = reverse("plan:export", args=[cilegon_plan.pk, "xlsx"])
    response = reader.get(url, {"instansi": dinkes.pk})
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    data_rows = [r for r in sheet.iter_rows(min_row=6, values_only=True) if r[3]]
    assert len(data_rows) == expected
    text = reader.get(
        reverse("plan:export", args=[cilegon_plan.pk, "csv"]), {"instansi": dinkes.pk}
    ).content.decode()
    assert len(list(csv.reader(io.StringIO(text)))) == expected + 1
    document = json.loads(
        reader.get(reverse("plan:export", args=[cilegon_plan.pk, "json"])).content
    )
    assert len(document["measures"]) == 195
    assert reader.get(reverse("plan:export", args=[cilegon_plan.pk, "pdf"])).status_code == 404


def test_the_audit_page_lists_flags_and_filters_by_kind(reader: Client, cilegon_plan: Plan) -> None:
    url = reverse("plan:audit", args=[cilegon_plan.pk])
    html = reader.get(url).content.decode()
    assert "Data dasar sama dengan jumlah target" in html
    assert "Indikator di bawah judul klaster lain" in html
    # What the import could not fully read is on the page, not only in the admin.
    assert 'id="import-warnings"' in html
    assert "PIC Cilegon Cerdas" in html
    only = reader.get(url, {"jenis": "unparsed-cell"}).content.decode()
    assert only.count('data-code="') == 1
    assert "Tahun 2022 - Tahun 2027" in only


def test_an_unknown_plan_is_not_found(reader: Client, cilegon_plan: Plan) -> None:
    assert reader.get(reverse("plan:overview", args=[cilegon_plan.pk + 99])).status_code == 404


def test_pages_speak_english_when_asked(reader: Client, cilegon_plan: Plan) -> None:
    reader.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = reader.get(reverse("plan:overview", args=[cilegon_plan.pk])).content.decode()
    assert 'lang="en"' in html


def test_indonesian_is_the_default_whatever_the_browser_says(
    reader: Client, cilegon_plan: Plan
) -> None:
    url = reverse("plan:overview", args=[cilegon_plan.pk])
    html = reader.get(url, headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert 'lang="id"' in html and "Audit data" in html
