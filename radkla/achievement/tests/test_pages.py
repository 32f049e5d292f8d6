"""Dashboards: they render, they cost the same queries for any plan, their tables download."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from radkla.accounts.models import Profile
from radkla.conftest import make_account
from radkla.plan.models import Agency, Indicator, Plan


@pytest.fixture
def reader(db: None) -> Client:
    profile = make_account("pembaca", Profile.Role.VIEWER, None, full_name="Pembaca")
    client = Client()
    client.force_login(profile.user)
    return client


def test_the_plan_home_shows_cards_charts_and_risks(small: Plan, reader: Client) -> None:
    html = reader.get(reverse("achievement:dashboard"), {"tahun": 2023}).content.decode()
    assert "88,89%" in html  # the plan's capaian, as the engine computes it
    assert html.count('data-cluster="') == 6
    assert html.count("<svg") >= 2  # cluster and trend charts, drawn on the server
    assert "2022" in html and "proyeksi" in html
    # One closed year is no trend: no measure is at risk yet, and the list says so.
    assert "0 ukuran berisiko tidak mencapai target akhir" in html
    assert 'data-measure="' not in html
    assert 'id="late-agencies"' in html


def test_cluster_indicator_and_agency_pages(small: Plan, reader: Client) -> None:
    cluster = reader.get(
        reverse("achievement:cluster", args=["III"]), {"tahun": 2023}
    ).content.decode()
    assert "91,67%" in cluster and "Profil gizi" in cluster
    assert 'class="spark"' not in cluster or "<polyline" in cluster
    assert reader.get(reverse("achievement:cluster", args=["IX"])).status_code == 404
    indicator = Indicator.objects.get(plan=small, number=12)
    page = reader.get(
        reverse("achievement:indicator", args=[indicator.pk]), {"tahun": 2023}
    ).content.decode()
    assert page.count('<tr data-measure="') == 2
    dinsos = Agency.objects.get(acronym="Dinsos")
    agency = reader.get(
        reverse("achievement:agency", args=[dinsos.pk]), {"tahun": 2023}
    ).content.decode()
    assert "75,00%" in agency and 'id="completeness-chart"' in agency


def test_every_table_downloads_with_the_same_filter(small: Plan, reader: Client) -> None:
    url = reverse("achievement:cluster", args=["III"])
    book = load_workbook(io.BytesIO(reader.get(url, {"tahun": 2023, "export": "xlsx"}).content))
    rows = list(book.active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[2][:2] == ("Ind.", "Ukuran")
    assert {r[1] for r in rows[3:]} == {"Prevalensi stunting", "Profil gizi"}
    stunting = next(r for r in rows[3:] if r[1] == "Prevalensi stunting")
    assert stunting[6] == 91.67 and stunting[7] == "sangat tinggi"
    # Excel shows the capaian with the pages' two decimals (80,30 never as 80,3).
    capaian = next(
        r for r in book.active.iter_rows(min_row=4) if r[1].value == "Prevalensi stunting"
    )[6]  # type: ignore[union-attr]
    assert capaian.number_format == "0.00"
    text = reader.get(url, {"tahun": 2023, "export": "csv"}).content.decode()
    assert len(list(csv.reader(io.StringIO(text)))) == 3


def test_the_public_page_needs_no_login_and_shows_aggregates_only(small: Plan) -> None:
    response = Client().get(reverse("achievement:public"), {"tahun": 2023})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Janji Kota Cilegon untuk anak-anak" in html
    assert "<svg" in html
    # No staff names, agencies, evidence or measures: only what was promised per cluster.
    for private in ("Dinkes", "Dinsos", "Prevalensi stunting", "bukti", "riwayat"):
        assert private not in html
    assert reverse("achievement:dashboard") not in html


def test_dashboards_need_a_login(small: Plan) -> None:
    for url in (reverse("achievement:dashboard"), reverse("achievement:cluster", args=["K"])):
        assert Client().get(url).status_code == 302


PAGES = [
    ("achievement:dashboard", ()),
    ("achievement:cluster", ("III",)),
]


@pytest.mark.parametrize("size", ["small", "cilegon"])
@pytest.mark.parametrize(("page", "args"), PAGES)
def test_dashboard_queries_do_not_grow_with_the_plan(
    request: pytest.FixtureRequest,
    reader: Client,
    django_assert_max_num_queries,
    size: str,
    page: str,
    args: tuple[str, ...],
) -> None:  # type: ignore[no-untyped-def]
    # The same bound for a 4-measure plan and the 195-measure Cilegon plan.
    from django.core.cache import cache

    from radkla.achievement.selectors import forget_cached

    request.getfixturevalue("small" if size == "small" else "cilegon_plan")
    url = reverse(page, args=args)
    reader.get(url, {"tahun": 2023})  # warm the session and the charts
    cache.clear()
    forget_cached()
    with django_assert_max_num_queries(QUERIES[page]):  # computed afresh
        assert reader.get(url, {"tahun": 2023}).status_code == 200
    with django_assert_max_num_queries(QUERIES[page] - 6):  # served from the cache
        assert reader.get(url, {"tahun": 2023}).status_code == 200


# Session, user, profile (+ clusters) for the menu, the plan, the data version, then
# plan_achievement's seven reads (none when cached: the revisions, measures, targets,
# agency links, periods, realizations, clusters); the home page adds the late agencies
# (periods; with an open period past its deadline also links and rows).
QUERIES = {"achievement:dashboard": 16, "achievement:cluster": 13}


def test_the_kecamatan_view_adds_kelurahan_up_to_their_kecamatan(
    small: Plan, reader: Client
) -> None:
    from radkla.accounts.access import SYSTEM, Scope
    from radkla.monitoring.models import ReportingPeriod
    from radkla.monitoring.services import Entry, save_entry, submit_realization, verify_realization
    from radkla.monitoring.values import read_value
    from radkla.plan.models import Measure
    from radkla.regions.models import Region

    measure = Measure.objects.get(plan=small, name="Petugas terlatih")
    measure.area_level = Measure.AreaLevel.KELURAHAN
    measure.save()
    period = ReportingPeriod.objects.get(plan=small, year=2024, number=1)
    operator = Scope(
        user_id=None,
        role="operator",
        agency_id=measure.agency_links.get().agency_id,
        cluster_ids=frozenset(),
    )
    for code, value in (("36.72.01.1001", "3"), ("36.72.01.1002", "4"), ("36.72.02.1001", "5")):
        saved = save_entry(
            entry=Entry(
                measure=measure,
                value=read_value(value, unit="Orang", target=None),
                area_id=Region.objects.get(code=code).pk,
            ),
            period=period,
            scope=operator,
            actor=None,
        )
        verify_realization(
            realization=submit_realization(realization=saved, scope=operator, actor=None),
            scope=SYSTEM,
            actor=None,
        )
    html = reader.get(reverse("achievement:areas"), {"tahun": 2024}).content.decode()
    assert html.count('data-kecamatan="') == 8
    cibeber = html.split('data-kecamatan="36.72.01"')[1].split("</div>")[0]
    assert '<span class="big">7</span>' in cibeber  # 3 + 4 from two of its kelurahan
    assert "shade-4" in html and "shade-none" in html
    assert "jumlah 12" in html
    text = reader.get(
        reverse("achievement:areas"), {"tahun": 2024, "export": "csv"}
    ).content.decode()
    assert len(text.strip().splitlines()) == 9  # heading + 8 kecamatan


def test_obstacles_reach_the_public_page_only_when_the_secretariat_says_so(small: Plan) -> None:
    from radkla.accounts.access import SYSTEM
    from radkla.monitoring.models import Realization
    from radkla.monitoring.services import set_obstacles_public

    realization = Realization.objects.filter(
        state="verified", measure__name="Petugas terlatih"
    ).first()
    assert realization is not None
    Realization.objects.filter(pk=realization.pk).update(
        obstacles="Pelatih dari provinsi terlambat datang."
    )
    realization.refresh_from_db()
    url = reverse("achievement:public")
    assert "Pelatih dari provinsi" not in Client().get(url, {"tahun": 2023}).content.decode()
    secretariat = make_account("sekre", Profile.Role.SECRETARIAT, None, full_name="S")
    client = Client()
    client.force_login(secretariat.user)
    client.post(reverse("monitoring:history", args=[realization.pk]), {"public": "1"})
    assert "Pelatih dari provinsi" in Client().get(url, {"tahun": 2023}).content.decode()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        from radkla.accounts.access import Scope

        set_obstacles_public(
            realization=realization,
            public=False,
            scope=Scope(None, "viewer", None, frozenset()),
            actor=None,
        )
    set_obstacles_public(realization=realization, public=False, scope=SYSTEM, actor=None)
    assert "Pelatih dari provinsi" not in Client().get(url, {"tahun": 2023}).content.decode()


def test_only_the_newest_verified_revision_speaks_on_the_public_page(small: Plan) -> None:
    from radkla.monitoring.models import Realization, ReportingPeriod
    from radkla.monitoring.selectors import verified_notes

    first = Realization.objects.filter(state="verified", measure__name="Petugas terlatih").first()
    assert first is not None
    Realization.objects.filter(pk=first.pk).update(
        obstacles="Pelatih dari provinsi terlambat datang.", obstacles_public=True
    )
    first.refresh_from_db()
    second = Realization.objects.get(pk=first.pk)
    second.pk = None
    second.revision = first.revision + 1
    second.obstacles = "Anggaran pelatihan baru cair pada bulan Juni."
    second.save()
    url = reverse("achievement:public")
    page = Client().get(url, {"tahun": 2023}).content.decode()
    assert "Anggaran pelatihan baru cair" in page
    assert "Pelatih dari provinsi" not in page  # the superseded revision's words
    periods = list(ReportingPeriod.objects.filter(plan=small, year=2023))
    said = [n.obstacles for n in verified_notes(periods) if n.measure_id == first.measure_id]
    assert said == ["Anggaran pelatihan baru cair pada bulan Juni."]


def test_a_year_in_progress_says_its_cut_off_and_waits_for_summed_measures(
    small: Plan, reader: Client
) -> None:
    from radkla.monitoring.models import ReportingPeriod

    closed = reader.get(reverse("achievement:cluster", args=["I"]), {"tahun": 2023})
    assert "(tahun lengkap)" in closed.content.decode()
    assert "75,00%" in closed.content.decode()  # Petugas terlatih: 30 of 40
    from django.core.cache import cache

    from radkla.achievement.selectors import forget_cached

    # Straight to the table, as no service would (a service's audit event renews the figures).
    ReportingPeriod.objects.filter(plan=small, year=2023, number=3).update(state="open")
    forget_cached()
    cache.clear()
    html = reader.get(reverse("achievement:cluster", args=["I"]), {"tahun": 2023}).content.decode()
    cutoff = html.split('id="cutoff">')[1].split("</p>")[0]
    assert cutoff.startswith("Data terverifikasi sampai dengan Caturwulan")
    assert "(tahun berjalan); periode yang dihitung: Caturwulan I–III 2023." in cutoff
    row = html.split("Petugas terlatih")[1].split("</tr>")[0]
    assert "belum lengkap" in row and "sedang" not in row
