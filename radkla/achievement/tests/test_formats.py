"""Formats: rupiah as ``Rp51.000.000``, capaian with two decimals always, and a missed
threshold that is never shown green."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from radkla.accounts.access import SYSTEM, Scope
from radkla.accounts.models import Profile
from radkla.achievement.charts import value_label
from radkla.achievement.display import capaian_text
from radkla.conftest import make_account
from radkla.lib.numbers import rupiah
from radkla.monitoring.funding import set_budget
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.services import (
    Entry,
    close_period,
    create_periods,
    open_period,
    save_entry,
    submit_realization,
    verify_realization,
)
from radkla.monitoring.values import read_value
from radkla.plan.models import Measure, Plan
from radkla.reports.document import CATEGORY_COLOURS, MISSED_THRESHOLD_COLOUR, category_fill
from radkla.reports.services import produce_report

# --- rupiah ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal(51_000_000), "Rp51.000.000"),
        (Decimal(0), "Rp0"),
        (Decimal(999), "Rp999"),
        (Decimal("1234.5"), "Rp1.235"),  # whole rupiah, half up
        (1_000, "Rp1.000"),
        (None, "–"),
    ],
)
def test_rupiah_reads_as_indonesians_write_it(amount: Decimal | int | None, text: str) -> None:
    assert rupiah(amount) == text


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_rupiah_keeps_every_digit_in_groups_of_three(amount: int) -> None:
    text = rupiah(Decimal(amount))
    assert re.fullmatch(r"Rp\d{1,3}(\.\d{3})*", text)
    assert int(text.removeprefix("Rp").replace(".", "")) == amount


# --- capaian: one decimal rule --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal(79), "79,00%"),
        (Decimal("80.3"), "80,30%"),
        (Decimal("55.13"), "55,13%"),
        (Decimal("87.245"), "87,25%"),  # half up, not half to even
        (Decimal("90.996"), "91,00%"),
        (Decimal(0), "0,00%"),
        (Decimal("1234.5"), "1234,50%"),
        (None, "–"),
    ],
)
def test_capaian_always_shows_two_decimals(value: Decimal | None, text: str) -> None:
    assert capaian_text(value) == text
    # Charts label their bars by the same rule, without the sign.
    assert value_label(value) == text.removesuffix("%")


@given(st.decimals(min_value=0, max_value=100_000, allow_nan=False, places=4))
def test_capaian_text_is_the_number_rounded_half_up_to_hundredths(value: Decimal) -> None:
    text = capaian_text(value)
    assert re.fullmatch(r"\d+,\d{2}%", text)
    shown = Decimal(text.removesuffix("%").replace(",", "."))
    assert abs(shown - value) <= Decimal("0.005")


# --- pages, a missed threshold, budgets and the laporan -------------------------------------


def _verify(measure: Measure, period: ReportingPeriod, text: str) -> None:
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
def missed(cilegon_plan: Plan) -> Measure:
    """A ``> 90%`` measure at 85 in 2023 (85 ÷ 90 = 94,44 %, capped at 90: tinggi, not met),
    and a plain measure at a round capaian, in a closed 2023."""
    threshold = Measure.objects.get(
        plan=cilegon_plan, name="Cakupan Kunjungan Nifas Lengkap", targets__year=2023
    )
    assert threshold.targets.get(year=2023).raw.startswith(">")
    periods = create_periods(plan=cilegon_plan, year=2023, scope=SYSTEM, actor=None)
    for period in periods:
        open_period(period=period, scope=SYSTEM, actor=None)
    _verify(threshold, periods[-1], "85")
    for period in periods:
        close_period(period=period, scope=SYSTEM, actor=None)
    return threshold


@pytest.fixture
def reader(db: None) -> Client:
    client = Client()
    client.force_login(make_account("pembaca", Profile.Role.VIEWER).user)
    return client


def test_a_missed_threshold_reads_belum_tercapai_and_is_never_green(
    missed: Measure, reader: Client
) -> None:
    page = reader.get(
        reverse("achievement:indicator", args=[missed.action.indicator_id]), {"tahun": 2023}
    ).content.decode()
    row = re.search(rf'<tr data-measure="{missed.pk}" class="([^"]*)">(.*?)</tr>', page, re.S)
    assert row is not None
    css, cells = row.groups()
    assert "90,00%" in cells and "belum tercapai" in cells
    assert "94,44" not in cells and "sangat tinggi" not in cells
    assert css == "cat-missed"  # not cat-t (green) nor cat-st
    assert 'class="badge cat-missed">tinggi<' in cells


def test_a_missed_threshold_is_amber_in_the_laporan_and_the_workbook(missed: Measure) -> None:
    assert category_fill("tinggi\nbelum tercapai") == MISSED_THRESHOLD_COLOUR
    assert category_fill("tinggi\ntercapai") == CATEGORY_COLOURS["tinggi"]
    assert category_fill("sangat tinggi") == CATEGORY_COLOURS["sangat tinggi"]
    plan = missed.plan
    book = load_workbook(
        io.BytesIO(produce_report(plan=plan, year=2023, period=None, fmt="xlsx").data)
    )
    found = [
        row
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        if any(c.value == "Cakupan Kunjungan Nifas Lengkap" for c in row)
    ]
    assert found
    row = found[0]
    status = next(c for c in row if c.value == "belum tercapai")
    category = row[status.column - 2]
    assert category.value == "tinggi"
    assert category.fill.fgColor.rgb.endswith(MISSED_THRESHOLD_COLOUR)
    capaian = row[status.column - 3]
    assert capaian.number_format == "0.00%" and capaian.value == pytest.approx(0.9)


def test_pages_show_capaian_with_two_decimals(missed: Measure, reader: Client) -> None:
    home = reader.get(reverse("achievement:dashboard"), {"tahun": 2023}).content.decode()
    public = Client().get(reverse("achievement:public"), {"tahun": 2023}).content.decode()
    for html in (home, public):
        shown = re.findall(r">\s*(\d+(?:,\d+)?)%\s*<", html)
        assert shown, "no capaian on the page"
        assert all(re.fullmatch(r"\d+,\d\d", s) for s in shown), shown
    assert "90,00%" in home


def test_budgets_show_as_rupiah_on_the_page_and_in_the_laporan(missed: Measure) -> None:
    plan = missed.plan
    set_budget(
        action=missed.action,
        year=2023,
        amounts={"apbd_kota": Decimal(51_000_000)},
        scope=SYSTEM,
        actor=None,
    )
    client = Client()
    client.force_login(make_account("sekretariat", Profile.Role.SECRETARIAT).user)
    page = client.get(reverse("monitoring:funding"), {"tahun": 2023}).content.decode()
    row = re.search(rf'<tr data-action="{missed.action_id}">(.*?)</tr>', page, re.S)
    assert row is not None
    assert 'value="Rp51.000.000"' in row.group(1)  # the field, read back by the form
    assert ">Rp51.000.000<" in row.group(1)  # the total
    assert "51000000" not in row.group(1)
    # Saving the page as shown keeps the amount.
    fields = dict(re.findall(r'name="(pagu-[^"]+)" value="([^"]*)"', page))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post(
        reverse("monitoring:funding") + "?tahun=2023", {**fields, "csrfmiddlewaretoken": token}
    )
    assert missed.action.budgets.get(year=2023).amount == 51_000_000
    docx = produce_report(plan=plan, year=2023, period=None, fmt="docx").data
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    text = re.sub(r"<[^>]+>", "", xml)
    assert "Rp51.000.000" in text
    assert "Rp 51" not in text
