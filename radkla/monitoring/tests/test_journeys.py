"""Each role's journey in a real Chromium: report with evidence, verify, close the period."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.conftest import SCREENS, SEED_NAME, open_menu_link
from radkla.conftest import sign_in as sign_in_as
from radkla.monitoring.models import Evidence, Realization, ReportingPeriod
from radkla.monitoring.services import create_periods, open_period
from radkla.monitoring.tests.conftest import persona
from radkla.plan.models import Measure
from radkla.plan.services import import_plan, read_plan_file

pytestmark = pytest.mark.browser
State = Realization.State
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def cycle(live_server, transactional_db: None, seed_bytes: bytes) -> dict[str, object]:  # type: ignore[no-untyped-def]
    plan = import_plan(parsed=read_plan_file(seed_bytes, SEED_NAME), actor=None).plan
    period = open_period(
        period=create_periods(plan=plan, year=2025, scope=SYSTEM, actor=None)[0],
        scope=SYSTEM,
        actor=None,
    )
    people = {
        "sekretariat": persona("sekretariat", Profile.Role.SECRETARIAT),
        "dinkes": persona("dinkes", Profile.Role.OPERATOR, "Dinkes"),
        "koordinator3": persona("koordinator3", Profile.Role.COORDINATOR, clusters=("III",)),
    }
    vitamin = Measure.objects.get(
        plan=plan, name="Persentase balita yang mendapat kapsul vitamin A"
    )
    asi = Measure.objects.get(
        plan=plan, name="Persentase bayi usia kurang dari 6 bulan yang mendapat asi eksklusif"
    )
    return {
        "url": live_server.url,
        "period": period,
        "people": people,
        "vitamin": vitamin,
        "asi": asi,
    }


@pytest.fixture(params=SCREENS)
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


def sign_in(page: Page, url: str, username: str) -> None:
    sign_in_as(page, url, username, "rahasia-uji-123")


def test_the_reporting_cycle_end_to_end(
    cycle: dict[str, object], page: Page, tmp_path: Path
) -> None:
    url = str(cycle["url"])
    period: ReportingPeriod = cycle["period"]  # type: ignore[assignment]
    vitamin: Measure = cycle["vitamin"]  # type: ignore[assignment]
    asi: Measure = cycle["asi"]  # type: ignore[assignment]

    # The operator fills two rows, attaches evidence to one and submits both.
    sign_in(page, url, "dinkes")
    open_menu_link(page, "Laporan saya")
    expect(page.locator("#period-status")).to_contain_text("Caturwulan I 2025")
    page.click("#period-status >> text=Isi laporan")
    page.fill(f"#value-{vitamin.pk}", "86,5")
    page.keyboard.press("Tab")  # like Excel: on to the next cell
    page.keyboard.type("Sweeping posyandu di 8 kecamatan.")
    # A doubtful value is questioned as soon as the cell is left (htmx), before saving.
    page.fill(f"#value-{asi.pk}", "120")
    page.keyboard.press("Tab")
    expect(page.locator(f"#check-{asi.pk}")).to_contain_text("melebihi 100%")
    page.fill(f"#value-{asi.pk}", "91")
    page.click("button[value=save]")
    expect(page.locator(".messages")).to_contain_text("2 baris disimpan.")
    evidence = tmp_path / "daftar-hadir.pdf"
    evidence.write_bytes(PDF)
    row = page.locator(f"#row-{vitamin.pk}")
    row.locator("input[type=file]").set_input_files(str(evidence))
    row.locator("text=Unggah bukti").click()
    expect(page.locator(".messages")).to_contain_text("daftar-hadir.pdf diunggah")
    page.click("button[value=submit]")
    expect(page.locator(".messages")).to_contain_text("2 realisasi diajukan")
    expect(page.locator(f"#row-{vitamin.pk} .badge")).to_have_text("Diajukan")
    expect(page.locator(f"#value-{vitamin.pk}")).to_be_disabled()

    # The cluster coordinator returns one with a reason and verifies the other.
    sign_in(page, url, "koordinator3")
    page.goto(f"{url}/verifikasi/periode/{period.pk}/")
    vitamin_row = page.locator("#queue tr", has_text="kapsul vitamin A")
    expect(vitamin_row).to_contain_text("daftar-hadir.pdf")
    asi_row = page.locator("#queue tr", has_text="asi eksklusif")
    asi_row.locator("input[name=reason]").fill("Sertakan data per Puskesmas.")
    asi_row.locator("button[value=return]").click()
    expect(page.locator(".messages")).to_contain_text("dikembalikan")
    page.locator("#queue tr", has_text="kapsul vitamin A").locator("button[value=verify]").click()
    expect(page.locator(".messages")).to_contain_text("diverifikasi")
    expect(page.locator("#queue")).to_contain_text("Tidak ada yang menunggu verifikasi.")

    # The operator sees the returned item with its reason.
    sign_in(page, url, "dinkes")
    page.goto(f"{url}/lapor/periode/{period.pk}/")
    expect(page.locator(f"#row-{asi.pk}")).to_contain_text("Sertakan data per Puskesmas.")

    # The secretariat closes the period; a later edit is refused.
    sign_in(page, url, "sekretariat")
    open_menu_link(page, "Periode dan verifikasi")
    page.locator(f"tr[data-period='{period.code}'] button[value=close]").click()
    expect(page.locator("#close-confirm")).to_contain_text(f"Tutup periode {period.label}?")
    expect(page.locator(f"tr[data-period='{period.code}']")).to_contain_text("Dibuka")
    page.click("#confirm-close")
    expect(page.locator(f"tr[data-period='{period.code}']")).to_contain_text("Ditutup")
    sign_in(page, url, "dinkes")
    page.goto(f"{url}/lapor/periode/{period.pk}/")
    expect(page.locator("#locked-notice")).to_be_visible()
    expect(page.locator(f"#value-{asi.pk}")).to_be_disabled()
    # Even a hand-made request cannot change it.
    response = page.request.post(
        f"{url}/lapor/periode/{period.pk}/",
        form={"action": "save", f"value-{asi.pk}": "99", f"version-{asi.pk}": "3"},
        headers={
            "X-CSRFToken": next(
                c["value"] for c in page.context.cookies() if c["name"] == "csrftoken"
            ),
            "Referer": f"{url}/",
        },
    )
    assert "tidak dibuka untuk pelaporan" in response.text()

    states = dict(Realization.objects.values_list("measure_id", "state"))
    assert states == {vitamin.pk: State.VERIFIED, asi.pk: State.RETURNED}
    assert Realization.objects.get(measure=asi).value_raw == "91"
    # Tab from the value cell led straight into the progress cell.
    assert Realization.objects.get(measure=vitamin).narrative == "Sweeping posyandu di 8 kecamatan."
    assert Evidence.objects.get().original_name == "daftar-hadir.pdf"
    page.screenshot(path=str(tmp_path / "closed.png"))
