"""Rekap wilayah: each reader's cities, with the figures of each city's own Capaian.

Cilegon and Serang (Banten) report the same verified value, so they tie; Bandung
(Jawa Barat) has verified nothing, so it has no rank.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from radkla.accounts.access import SYSTEM, Scope, scope_for
from radkla.accounts.models import Profile
from radkla.achievement.display import capaian_text
from radkla.achievement.engine import Completeness
from radkla.achievement.selectors import cached_plan_achievement, forget_cached, plan_achievement
from radkla.evaluation.selectors import readiness
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.selectors import agency_statuses
from radkla.monitoring.services import Entry, save_entry, submit_realization, verify_realization
from radkla.monitoring.values import read_value
from radkla.nation.selectors import recap
from radkla.plan.models import Measure, Plan
from radkla.tests.links import links_on
from radkla.tests.test_cities import VITAMIN_A, account, import_city, open_first_period

RECAP = reverse("nation:recap")


def _verify(plan: Plan, period: ReportingPeriod, text: str, measure: Measure | None = None) -> None:
    measure = measure or Measure.objects.get(plan=plan, name=VITAMIN_A)
    agency = Scope(None, "operator", measure.agency_links.first().agency_id, frozenset())  # type: ignore[union-attr]
    draft = save_entry(
        entry=Entry(measure=measure, value=read_value(text, unit=measure.unit, target=None)),
        period=period,
        scope=agency,
        actor=None,
    )
    verify_realization(
        realization=submit_realization(realization=draft, scope=agency, actor=None),
        scope=SYSTEM,
        actor=None,
    )


@pytest.fixture
def cities(cilegon_plan: Plan, seed_bytes: bytes) -> dict[str, Plan]:
    serang = import_city(seed_bytes, "Serang")
    bandung = import_city(seed_bytes, "Bandung")
    for plan in (cilegon_plan, serang):
        _verify(plan, open_first_period(plan), "86")
    open_first_period(bandung)
    return {"Cilegon": cilegon_plan, "Serang": serang, "Bandung": bandung}


def _rows(client: Client, query: str = "") -> dict[int, str]:
    """The page's table rows by plan id."""
    page = client.get(RECAP + query)
    assert page.status_code == 200
    text = page.content.decode()
    body = text.split('id="recap"', 1)[1].split("</table>", 1)[0]
    rows: dict[int, str] = {}
    for chunk in body.split('<tr data-plan="')[1:]:
        plan_id, rest = chunk.split('"', 1)
        rows[int(plan_id)] = rest.split("</tr>", 1)[0]
    return rows


def test_a_province_reader_sees_its_provinces_cities_with_their_own_figures(
    client: Client, cities: dict[str, Plan]
) -> None:
    banten = cities["Cilegon"].region.parent
    reader = account("provinsi", Profile.Role.VIEWER, region=banten)
    client.force_login(reader.user)
    rows = _rows(client)
    assert set(rows) == {cities["Cilegon"].pk, cities["Serang"].pk}
    result = recap(scope_for(reader.user), year=None, province_id=None, today=timezone.localdate())
    assert result.year == 2025  # the newest year with a verified realization
    for row in result.rows:
        own, _key = cached_plan_achievement(row.plan, 2025)
        forget_cached()
        fresh = plan_achievement(row.plan, 2025)
        for achievement in (own, fresh):
            assert row.capaian == achievement.plan_rollup.capaian
            assert {g.key: g.rollup.capaian for g in achievement.clusters} == {
                code: r.capaian for code, r in row.figures.clusters.items()
            }
            assert row.figures.trend == {y: r.capaian for y, r in achievement.trend.items()}
        assert row.capaian is not None and row.capaian > 0
        assert row.figures.readiness_total == readiness(row.plan).total
        # Completeness is the laporan's count (every agency's statuses) for the newest period.
        newest = ReportingPeriod.objects.get(plan=row.plan, year=2025, number=1)
        statuses = [s for f in agency_statuses(row.plan).values() for s in f if s.period == newest]
        assert row.figures.period_label == newest.label
        assert row.figures.completeness == Completeness(
            sum(s.required for s in statuses),
            sum(s.reported for s in statuses),
            sum(s.on_time for s in statuses),
            sum(s.verified for s in statuses),
        )
        assert row.figures.completeness.reported == 1
        # The page shows the dashboard's figure, and the city links to its own Capaian.
        html = rows[row.plan.pk]
        assert capaian_text(row.capaian) in html
        assert f"?rencana={row.plan.pk}&amp;tahun=2025" in html
        dashboard = client.get(f"{reverse('achievement:dashboard')}?rencana={row.plan.pk}")
        assert capaian_text(row.capaian) in dashboard.content.decode()


def test_a_national_reader_sees_every_city_ranked_by_the_rule(
    client: Client, cities: dict[str, Plan]
) -> None:
    national = account("nasional", Profile.Role.VIEWER, region=None)
    client.force_login(national.user)
    page = client.get(RECAP)
    text = page.content.decode()
    assert 'id="ranking-rule"' in text and "(1, 2, 2, 4)" in text
    assert reverse("nation:recap") in text  # the menu names the page
    rows = _rows(client)
    assert list(rows) == [cities["Cilegon"].pk, cities["Serang"].pk, cities["Bandung"].pk]
    # The same figure: the same rank, then by name; nothing verified: no rank, last.
    assert 'data-rank="1"' in rows[cities["Cilegon"].pk]
    assert 'data-rank="1"' in rows[cities["Serang"].pk]
    assert 'data-rank=""' in rows[cities["Bandung"].pk]
    assert "belum ada ukuran terverifikasi yang dinilai" in rows[cities["Bandung"].pk]
    # The province filter: Jawa Barat alone.
    west_java = cities["Bandung"].region.parent
    assert west_java is not None
    assert list(_rows(client, f"?provinsi={west_java.pk}")) == [cities["Bandung"].pk]
    for bad in ("?provinsi=999999", "?provinsi=abc", "?provinsi=%C2%B2"):
        assert client.get(RECAP + bad).status_code == 404
    # A year the plans do not cover opens on the default year.
    assert list(_rows(client, "?tahun=1999")) == list(rows)
    # Every link of the page's own content leads somewhere this reader may go: the cities'
    # Capaian, the downloads (the menu is the layout's, tested with it).
    for query in ("", f"?provinsi={west_java.pk}"):
        content = client.get(RECAP + query).content.decode().split("<main", 1)[1]
        links = links_on(content, RECAP + query)
        assert links
        assert {url: client.get(url).status_code for url in links} == dict.fromkeys(links, 200)


def test_a_city_account_goes_to_its_own_capaian(client: Client, cities: dict[str, Plan]) -> None:
    secretariat = account("sek-cilegon", Profile.Role.SECRETARIAT, region=cities["Cilegon"].region)
    client.force_login(secretariat.user)
    response = client.get(RECAP)
    assert response.status_code == 302
    assert response["Location"] == reverse("achievement:dashboard")
    assert f'href="{RECAP}"' not in client.get(reverse("achievement:dashboard")).content.decode()


def test_the_downloads_have_the_pages_rows(client: Client, cities: dict[str, Plan]) -> None:
    national = account("nasional", Profile.Role.VIEWER, region=None)
    client.force_login(national.user)
    result = recap(scope_for(national.user), year=None, province_id=None, today=dt.date.today())  # noqa: DTZ011
    expected = [(row.rank, row.city, row.capaian) for row in result.rows]

    text = client.get(RECAP + "?export=csv").content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    heading = table[0]
    overall = heading.index("Capaian keseluruhan 2025 (%)")
    got = [
        (int(r[0]) if r[0] else None, r[1], Decimal(r[overall]) if r[overall] else None)
        for r in table[1:]
    ]
    assert got == expected
    assert "Capaian klaster V (%)" in heading and "Nilai kesiapan (dari 1000)" in heading

    book = load_workbook(io.BytesIO(client.get(RECAP + "?export=xlsx").content))
    sheet = book.active
    assert sheet is not None
    cells = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert cells[0] == heading
    assert [
        (r[0], r[1], Decimal(str(r[overall])) if r[overall] is not None else None)
        for r in cells[1:]
    ] == expected


def test_a_save_in_one_city_recomputes_that_city_only(
    cities: dict[str, Plan], django_assert_max_num_queries: object
) -> None:
    today = timezone.localdate()
    first = {
        row.plan.pk: row for row in recap(SYSTEM, year=2025, province_id=None, today=today).rows
    }
    # Every row kept: the plans, the cities' data versions, whatever the number of cities.
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        again = recap(SYSTEM, year=2025, province_id=None, today=today)
    assert all(row.figures is first[row.plan.pk].figures for row in again.rows)

    serang = cities["Serang"]
    period = ReportingPeriod.objects.get(plan=serang, year=2025, number=1)
    # A second measure far below its target: Serang's overall capaian falls.
    other = (
        Measure.objects.filter(plan=serang, unit="%", polarity="positive", targets__year=2025)
        .exclude(name=VITAMIN_A)
        .order_by("position")
        .first()
    )
    assert other is not None
    _verify(serang, period, "1", other)
    after = {
        row.plan.pk: row for row in recap(SYSTEM, year=2025, province_id=None, today=today).rows
    }
    assert after[cities["Cilegon"].pk].figures is first[cities["Cilegon"].pk].figures
    assert after[cities["Bandung"].pk].figures is first[cities["Bandung"].pk].figures
    assert after[serang.pk].figures is not first[serang.pk].figures
    assert after[serang.pk].capaian == cached_plan_achievement(serang, 2025)[0].plan_rollup.capaian
    assert after[serang.pk].capaian != first[serang.pk].capaian
    assert after[cities["Cilegon"].pk].rank == 1 and after[serang.pk].rank == 2
