"""The Content-Security-Policy in a real browser: main pages load and htmx works, nothing blocked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.conftest import SEED_NAME, TEST_PASSWORD, sign_in
from radkla.monitoring.services import create_periods, open_period
from radkla.monitoring.tests.conftest import persona
from radkla.plan.models import Measure
from radkla.plan.services import import_plan, read_plan_file

pytestmark = pytest.mark.browser

# Recorded before any page script runs (Playwright's init scripts are not subject to the CSP).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def site(live_server, transactional_db: None, seed_bytes: bytes) -> dict[str, object]:  # type: ignore[no-untyped-def]
    plan = import_plan(parsed=read_plan_file(seed_bytes, SEED_NAME), actor=None).plan
    period = open_period(
        period=create_periods(plan=plan, year=2025, scope=SYSTEM, actor=None)[0],
        scope=SYSTEM,
        actor=None,
    )
    persona("sekretariat", Profile.Role.SECRETARIAT)
    persona("dinkes", Profile.Role.OPERATOR, "Dinkes")
    asi = Measure.objects.get(
        plan=plan, name="Persentase bayi usia kurang dari 6 bulan yang mendapat asi eksklusif"
    )
    return {"url": live_server.url, "plan": plan, "period": period, "asi": asi}


class Watched:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        page.on(
            "console",
            lambda m: (
                self.console.append(f"{page.url}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )

    def visit(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        self.check()

    def check(self) -> None:
        violations = self.page.evaluate("window.__violations || []")
        assert violations == [], f"{self.page.url}: {violations}"
        assert self.console == []


@pytest.fixture(params=[(1366, 768), (390, 844)], ids=["laptop", "phone"])
def watched(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Watched]:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(LISTEN)
    yield Watched(context.new_page())
    context.close()


def test_main_pages_run_under_the_policy_with_htmx_working(
    site: dict[str, object], watched: Watched
) -> None:
    url = str(site["url"])
    page = watched.page
    watched.visit(f"{url}/publik/")
    watched.visit(f"{url}/akun/masuk/")

    sign_in(page, url, "sekretariat", TEST_PASSWORD)
    for path in (
        "/",
        "/capaian/",
        "/capaian/klaster/III/",
        "/capaian/wilayah/",
        "/periode/",
        "/anggaran/",
        "/rapat/",
        "/rapat/baru/",
        "/laporan/",
        "/laporan/pengaturan/",
        "/evaluasi/",
        "/evaluasi/bobot/",
        "/log-audit/",
    ):
        watched.visit(url + path)
    # htmx: the plan table is filtered in place.
    watched.visit(f"{url}/rencana/{site['plan'].pk}/")  # type: ignore[attr-defined]
    page.select_option("#id_klaster", "V")
    expect(page.locator("#measures tr.section")).to_have_count(1)
    assert "klaster=V" in page.url
    watched.check()
    # Closing a period asks first; the confirmation is a page, no script needed.
    watched.visit(f"{url}/periode/")
    period = site["period"]
    page.locator(f"tr[data-period='{period.code}'] button[value=close]").click()  # type: ignore[attr-defined]
    expect(page.locator("#close-confirm")).to_be_visible()
    page.click("#confirm-close")
    expect(page.locator(f"tr[data-period='{period.code}']")).to_contain_text("Ditutup")  # type: ignore[attr-defined]
    watched.check()
    page.locator(f"tr[data-period='{period.code}'] input[name=reason]").fill("Uji")  # type: ignore[attr-defined]
    page.locator(f"tr[data-period='{period.code}'] button[value=reopen]").click()  # type: ignore[attr-defined]
    expect(page.locator(f"tr[data-period='{period.code}']")).to_contain_text("Dibuka")  # type: ignore[attr-defined]

    # The operator's grid: the row check runs through htmx as the value is typed.
    sign_in(page, url, "dinkes", TEST_PASSWORD)
    watched.visit(f"{url}/lapor/")
    watched.visit(f"{url}/lapor/periode/{period.pk}/")  # type: ignore[attr-defined]
    asi = site["asi"]
    page.fill(f"#value-{asi.pk}", "120")  # type: ignore[attr-defined]
    page.keyboard.press("Tab")
    expect(page.locator(f"#check-{asi.pk}")).to_contain_text("melebihi 100%")  # type: ignore[attr-defined]
    watched.check()
    watched.visit(f"{url}/evaluasi/instansi/")
