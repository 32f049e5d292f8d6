"""Every main page on a 1366 x 768 laptop and a 390 x 844 phone: nothing runs off the side.

A page may hold a table wider than the screen, but then the table scrolls inside its own
box; the page itself never scrolls sideways, and no element sticks out of the window.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from importlib import resources

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.accounts.services import DEMO_PASSWORD, create_account
from radkla.conftest import SEED_NAME, sign_in
from radkla.meetings.models import Meeting
from radkla.monitoring.models import Realization, ReportingPeriod
from radkla.plan.models import Agency, Indicator, Measure, Plan
from radkla.plan.revisions import apply_revision, correct_measure
from radkla.plan.services import import_plan, read_plan_file
from radkla.plan.tests.cycles import next_cycle
from radkla.plan.tests.test_revisions import FIRST_TARGET, MEASURE

pytestmark = pytest.mark.browser

LAPTOP = (1366, 768)
PHONE = (390, 844)

# What sticks out: the page wider than the window, or an element past either edge of it
# that no box of its own (scrolling or clipping, itself inside the window) holds.
_STICKING_OUT = """() => {
  const width = window.innerWidth;
  const out = [];
  if (document.documentElement.scrollWidth > width) {
    out.push(`page ${document.documentElement.scrollWidth} px wide`);
  }
  const held = (el) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== 'visible') {
        const r = box.getBoundingClientRect();
        if (r.left >= -1 && r.right <= width + 1) return true;
      }
    }
    return false;
  };
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > width + 1 || r.left < -1) && !held(el)) {
      const name = el.id ? `#${el.id}` : (el.className && typeof el.className === 'string'
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      out.push(`${el.tagName.toLowerCase()}${name} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  return out.slice(0, 5);
}"""


def sticking_out(page: Page) -> list[str]:
    return list(page.evaluate(_STICKING_OUT))


@pytest.fixture
def demo(live_server, transactional_db: None) -> str:  # type: ignore[no-untyped-def]
    """The demo's plan, people and monitoring state, served."""
    call_command("demo", "--load-only", stdout=io.StringIO())
    return str(live_server.url)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": LAPTOP[0], "height": LAPTOP[1]})
    yield context.new_page()
    context.close()


def _open_period() -> ReportingPeriod:
    return ReportingPeriod.objects.filter(state=ReportingPeriod.State.OPEN).order_by("-starts_on")[
        0
    ]


def _check(page: Page, base_url: str, paths: list[str]) -> list[str]:
    """Each page at both sizes; what sticks out where."""
    problems = []
    for path in paths:
        for width, height in (LAPTOP, PHONE):
            page.set_viewport_size({"width": width, "height": height})
            response = page.goto(base_url + path)
            assert response is not None and response.status == 200, path
            found = sticking_out(page)
            if found:
                problems.append(f"{path} at {width} px: {found}")
    return problems


def _menu_folds_into_a_button_on_a_phone(demo: str, page: Page) -> None:
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    page.goto(f"{demo}/capaian/")
    button = page.locator("#menu-button")
    expect(button).to_be_visible()
    expect(button).to_have_text("Menu")
    expect(page.locator("#mainnav")).to_be_hidden()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    links = page.locator("#menu a")
    every = {"Capaian", "Rencana", "Periode dan verifikasi", "Anggaran", "Rapat koordinasi"}
    every |= {"Laporan", "Evaluasi KLA", "Log audit", "Admin"}
    assert every <= set(links.all_inner_texts())
    for i in range(links.count()):
        expect(links.nth(i)).to_be_in_viewport()
        box = links.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0]
    expect(page.locator("#menu button", has_text="Keluar")).to_be_in_viewport()
    assert sticking_out(page) == []
    page.locator("#mainnav a", has_text="Evaluasi KLA").click()
    expect(page.locator("h1")).to_contain_text("Evaluasi KLA")
    expect(page.locator("#mainnav")).to_be_hidden()  # closed again on the next page
    # Closing: the button again, or Escape.
    button.click()
    expect(page.locator("#mainnav")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#mainnav")).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    # On the laptop the menu is simply there, and there is no button.
    page.set_viewport_size({"width": LAPTOP[0], "height": LAPTOP[1]})
    expect(button).to_be_hidden()
    expect(page.locator("#mainnav a", has_text="Log audit")).to_be_in_viewport()


def _grid_row_actions_on_screen(demo: str, page: Page, period: ReportingPeriod) -> None:
    returned = Realization.objects.filter(
        period=period,
        state=Realization.State.RETURNED,
        measure__agency_links__agency__acronym="Dinkes",
    ).first()
    assert returned is not None, "the demo has a returned Dinkes row in the open period"
    page.set_viewport_size({"width": LAPTOP[0], "height": LAPTOP[1]})
    page.goto(f"{demo}/lapor/periode/{period.pk}/")
    assert sticking_out(page) == []
    # On the laptop every row's actions and the return reason are on screen as the rows come by,
    # without scrolling the page or the grid sideways.
    row = page.locator(f"#row-{returned.measure_id}")
    row.scroll_into_view_if_needed()
    for action in (
        row.get_by_role("button", name="Ajukan"),
        row.get_by_role("button", name="Unggah bukti"),
        row.locator(".status .warn"),
    ):
        expect(action).to_be_in_viewport()
        box = action.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP[0]
    assert page.evaluate("window.scrollX") == 0
    assert page.evaluate("document.querySelector('#grid-box').scrollLeft") == 0
    actions = page.locator("#grid td.status button")
    assert actions.count() > 3
    for i in range(actions.count()):
        box = actions.nth(i).bounding_box()
        assert box is not None and box["x"] + box["width"] <= LAPTOP[0]
    # On a smaller laptop the grid scrolls in its box, the measure and the actions frozen.
    page.set_viewport_size({"width": 1024, "height": 768})
    assert sticking_out(page) == []
    page.evaluate("document.querySelector('#grid-box').scrollLeft = 150")
    assert page.evaluate("document.querySelector('#grid-box').scrollLeft") > 100
    grid_box = page.locator("#grid-box").bounding_box()
    measure = row.locator("td.measure").bounding_box()
    status = row.locator("td.status").bounding_box()
    assert grid_box is not None and measure is not None and status is not None
    assert abs(measure["x"] - grid_box["x"]) <= 2
    assert abs(status["x"] + status["width"] - (grid_box["x"] + grid_box["width"])) <= 20
    # On a phone the measure column alone stays; the actions come at the end of the row.
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    assert sticking_out(page) == []
    page.evaluate("document.querySelector('#grid-box').scrollLeft = 10000")
    assert page.evaluate("document.querySelector('#grid-box').scrollLeft") > 300
    grid_box = page.locator("#grid-box").bounding_box()
    measure = row.locator("td.measure").bounding_box()
    assert grid_box is not None and measure is not None
    assert abs(measure["x"] - grid_box["x"]) <= 2
    expect(row.locator(".status .warn")).to_be_visible()


def _revised(plan: Plan) -> Measure:
    """A long amendment (a target of many measures, one text) and a correction after it."""
    seed = resources.files("radkla.plan").joinpath("seed", SEED_NAME).read_bytes()
    lines = seed.decode("utf-8").split("\n")
    changed = 0
    for i, line in enumerate(lines):
        cells = line.split("\t")
        target = cells[FIRST_TARGET + 3].strip() if len(cells) > FIRST_TARGET + 3 else ""
        if target.isdigit() and cells[MEASURE].strip() and changed < 20:
            cells[FIRST_TARGET + 3] = str(int(target) + 1)
            if changed == 0:
                cells[MEASURE] += " yang tercatat dan dilaporkan ke Gugus Tugas setiap tahun"
            lines[i] = "\t".join(cells)
            changed += 1
    apply_revision(
        plan=plan,
        parsed=read_plan_file("\n".join(lines).encode("utf-8"), "perubahan-perwal-2025.txt"),
        reason="Penyesuaian target 2026 setelah evaluasi KLA",
        actor=None,
    )
    measure = Measure.objects.filter(plan=plan, retired_from=None).order_by("position")[0]
    correct_measure(
        measure=measure,
        values={"unit": "Kecamatan dan kelurahan", "requires_evidence": True},
        reason="Satuan ditulis lengkap",
        scope=SYSTEM,
        actor=None,
    )
    return measure


def test_the_secretariat_pages_fit_a_laptop_and_a_phone_and_the_menu_folds(
    demo: str, page: Page
) -> None:
    period = _open_period()
    meeting = Meeting.objects.order_by("-held_on")[0]
    realization = Realization.objects.filter(state=Realization.State.VERIFIED).order_by("pk")[0]
    agency = Agency.objects.get(acronym="Dinkes")
    indicator = Indicator.objects.order_by("pk")[0]
    plan_id = indicator.plan_id
    corrected = _revised(Plan.objects.get(pk=plan_id))
    sign_in(page, demo, "sekretariat", DEMO_PASSWORD)
    problems = _check(
        page,
        demo,
        [
            "/capaian/",
            "/capaian/klaster/III/",
            f"/capaian/instansi/{agency.pk}/",
            f"/capaian/indikator/{indicator.pk}/",
            "/capaian/wilayah/",
            f"/rencana/{plan_id}/",
            "/periode/",
            f"/verifikasi/periode/{period.pk}/",
            "/anggaran/",
            "/rapat/",
            f"/rapat/{meeting.pk}/",
            "/rapat/baru/",
            "/laporan/",
            "/laporan/pengaturan/",
            "/evaluasi/",
            "/evaluasi/bobot/",
            "/evaluasi/pemetaan/",
            "/evaluasi/indikator/1/",
            f"/rencana/{plan_id}/audit/",
            "/log-audit/",
            "/akun/token/",
            f"/realisasi/{realization.pk}/riwayat/",
            f"/rencana/{plan_id}/riwayat/",
            f"/rencana/{plan_id}/riwayat/banding/?dari=0&ke=1.1",
            f"/rencana/{plan_id}/ukuran/{corrected.pk}/koreksi/",
        ],
    )
    assert problems == []
    _menu_folds_into_a_button_on_a_phone(demo, page)


def test_the_operator_pages_fit_and_the_grid_keeps_its_actions_on_screen(
    demo: str, page: Page
) -> None:
    period = _open_period()
    sign_in(page, demo, "dinkes", DEMO_PASSWORD)
    problems = _check(
        page,
        demo,
        [
            "/lapor/",
            f"/lapor/periode/{period.pk}/",
            "/evaluasi/instansi/",
            "/anggaran/",
            "/capaian/",
            "/rapat/",
        ],
    )
    _grid_row_actions_on_screen(demo, page, period)
    # The kecamatan grid belongs to the agency that reports per kecamatan.
    by_area = Measure.objects.filter(area_level="kecamatan").order_by("pk")[0]
    sign_in(page, demo, "dp3ap2kb", DEMO_PASSWORD)
    problems += _check(page, demo, [f"/lapor/periode/{period.pk}/wilayah/{by_area.pk}/"])
    assert problems == []


def test_the_other_roles_and_the_public_pages_fit_a_laptop_and_a_phone(
    demo: str, page: Page
) -> None:
    period = _open_period()
    sign_in(page, demo, "koordinator3", DEMO_PASSWORD)
    problems = _check(page, demo, [f"/verifikasi/periode/{period.pk}/", "/capaian/"])
    sign_in(page, demo, "pimpinan", DEMO_PASSWORD)
    plan_id = Indicator.objects.order_by("pk")[0].plan_id
    problems += _check(page, demo, ["/capaian/", "/laporan/", "/evaluasi/"])
    problems += _check(page, demo, [f"/rencana/{plan_id}/riwayat/"])
    page.context.clear_cookies()
    problems += _check(page, demo, ["/publik/", "/akun/masuk/"])
    assert problems == []


def test_two_plan_cycles_fit_a_laptop_and_a_phone(demo: str, page: Page, seed_bytes: bytes) -> None:
    # The next regulation archives the demo's plan; both stay readable, the new one takes
    # its baselines from the old one's verified figures.
    old = Plan.objects.get()
    new = import_plan(parsed=read_plan_file(next_cycle(seed_bytes), "rad-2027.txt"), actor=None)
    sign_in(page, demo, "sekretariat", DEMO_PASSWORD)
    problems = _check(
        page,
        demo,
        [
            "/rencana/",
            f"/rencana/{new.plan.pk}/",
            f"/rencana/{new.plan.pk}/data-dasar/",
            f"/rencana/{old.pk}/",
            f"/capaian/?rencana={old.pk}",
            f"/capaian/klaster/III/?rencana={old.pk}",
            f"/laporan/?rencana={old.pk}",
            f"/publik/?rencana={old.pk}",
        ],
    )
    assert problems == []


def test_a_province_readers_pages_fit_a_laptop_and_a_phone(
    demo: str, page: Page, seed_bytes: bytes
) -> None:
    # A second city of Banten beside the demo's Cilegon, and a reader of the province.
    cilegon = Plan.objects.get()
    serang = import_plan(
        parsed=read_plan_file(
            seed_bytes.replace(b"CILEGON", b"SERANG").replace(b"Cilegon", b"Serang"),
            "perwal-serang.txt",
        ),
        actor=None,
    ).plan
    create_account(
        username="provinsi",
        password=DEMO_PASSWORD,
        role=Profile.Role.VIEWER,
        agency=None,
        full_name="Pembaca Provinsi Banten",
        actor=None,
        region=cilegon.region.parent,
    )
    sign_in(page, demo, "provinsi", DEMO_PASSWORD)
    problems = _check(
        page,
        demo,
        [
            "/capaian/",
            "/laporan/",
            "/rencana/",
            f"/capaian/?rencana={serang.pk}",
            f"/capaian/?rencana={cilegon.pk}",
            f"/laporan/?rencana={cilegon.pk}",
        ],
    )
    assert problems == []
    page.goto(f"{demo}/capaian/")
    expect(page.locator("#plan-choices a")).to_have_text(["Kota Cilegon", "Kota Serang"])


def test_the_province_and_national_recap_fits_a_laptop_and_a_phone(
    demo: str, page: Page, seed_bytes: bytes
) -> None:
    from radkla.accounts.models import Profile
    from radkla.conftest import TEST_PASSWORD
    from radkla.tests.test_cities import account, import_city

    cilegon = Plan.objects.get()
    import_city(seed_bytes, "Serang")
    import_city(seed_bytes, "Bandung")
    account("nasional", Profile.Role.VIEWER, region=None)
    account("banten", Profile.Role.VIEWER, region=cilegon.region.parent)
    sign_in(page, demo, "nasional", TEST_PASSWORD)
    problems = _check(page, demo, ["/wilayah/", f"/wilayah/?provinsi={cilegon.region.parent_id}"])
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    page.goto(f"{demo}/capaian/?rencana={cilegon.pk}")
    page.locator("#menu-button").click()
    page.locator("#mainnav a", has_text="Rekap wilayah").click()
    expect(page.locator("#recap tbody tr")).to_have_count(3)
    sign_in(page, demo, "banten", TEST_PASSWORD)
    problems += _check(page, demo, ["/wilayah/"])
    expect(page.locator("#recap tbody tr")).to_have_count(2)
    assert problems == []
