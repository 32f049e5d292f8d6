"""The secretariat imports the regulation in a real Chromium: upload, preview, confirm."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from radkla.accounts.models import Profile
from radkla.conftest import SEED_NAME, make_account, sign_in
from radkla.plan.models import Measure, Plan

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


@pytest.fixture
def secretariat_page(
    browser: Browser, live_server, transactional_db: None
) -> Iterator[tuple[Page, str]]:  # type: ignore[no-untyped-def]
    make_account("sekretariat", Profile.Role.SECRETARIAT, None, full_name="Sekretariat")
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(page, live_server.url, "sekretariat", "rahasia-uji-123")
    yield page, live_server.url
    page.close()


_WIDER_THAN_WINDOW = """() => {
  if (document.documentElement.scrollWidth <= window.innerWidth) return [];
  const inside = (el) => el.closest('.table-scroll, .scroll-box, .warnings');
  return [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !inside(el))
    .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`);
}"""


def _wider_than_window(page: Page) -> list[str]:
    """What makes the page wider than the window (wide tables must scroll inside their box)."""
    return list(page.evaluate(_WIDER_THAN_WINDOW))


def _shoot(page: Page, name: str, folder: Path) -> None:
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        assert _wider_than_window(page) == [], f"{name} at {width} px"
        shot = folder / f"{name}-{size}.png"
        page.screenshot(path=str(shot), full_page=True)
        page.screenshot(path=str(folder / f"{name}-{size}-top.png"))
        assert shot.stat().st_size > 10_000
    page.set_viewport_size({"width": 1366, "height": 768})


def test_the_secretariat_uploads_the_regulation_previews_it_and_confirms(
    secretariat_page: tuple[Page, str], seed_bytes: bytes, tmp_path: Path
) -> None:
    page, base_url = secretariat_page
    seed = tmp_path / SEED_NAME
    seed.write_bytes(seed_bytes)
    page.goto(f"{base_url}/")
    page.click("#plan-import-link")
    expect(page.locator("h1")).to_have_text("Impor rencana dari berkas")
    _shoot(page, "upload", tmp_path)
    page.set_input_files("#id_berkas", str(seed))
    page.click("#import-form button[type=submit]")

    expect(page.locator("h1")).to_have_text("Pratinjau impor")
    expect(page.locator('[data-count="measures"]')).to_have_text("195")
    expect(page.locator("#cluster-counts tbody tr")).to_have_count(6)
    expect(page.locator('#cluster-counts tr[data-cluster="III"] td.num')).to_have_text("52")
    expect(page.locator("#sample-rows tr[data-sample]")).to_have_count(18)
    expect(page.locator("#state-new")).to_be_visible()
    assert not Plan.objects.exists()
    _shoot(page, "preview", tmp_path)
    page.click("#proposals summary")
    expect(page.locator("#proposals tbody tr")).to_have_count(195)
    assert _wider_than_window(page) == []

    page.click("#confirm-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("195 ukuran")
    plan = Plan.objects.get()
    expect(page.locator("h1")).to_have_text(plan.title)
    expect(page.locator("#measures tbody tr[data-measure]")).to_have_count(195)
    assert Measure.objects.filter(plan=plan).count() == 195
