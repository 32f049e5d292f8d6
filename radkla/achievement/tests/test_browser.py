"""The demo's dashboards in a real Chromium, charts drawn, and a screenshot to look at."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from radkla.accounts.services import DEMO_PASSWORD
from radkla.conftest import sign_in

pytestmark = pytest.mark.browser


def test_the_demo_dashboards_render_with_charts(
    browser: Browser,
    live_server,
    transactional_db: None,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    call_command("demo", "--load-only", stdout=io.StringIO())
    page = browser.new_page(viewport={"width": 1366, "height": 1000})
    sign_in(page, live_server.url, "pimpinan", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/capaian/?tahun=2024")
    expect(page.locator("#cards .card")).to_have_count(7)
    bars = page.locator("#cluster-chart svg path, #cluster-chart svg rect")
    assert bars.count() >= 6
    box = page.locator("#trend-chart svg").bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100
    shot = tmp_path / "capaian.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 30_000
    page.click("#cards a[data-cluster='III']")
    expect(page.locator("h1")).to_contain_text("Klaster III")
    expect(page.locator("#measure-results tbody tr").first).to_be_visible()
    assert page.locator("#measure-results svg.spark").count() > 10
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/publik/?tahun=2024")
    expect(page.locator("#public-cards .card")).to_have_count(6)
    expect(page.locator("#public-chart svg")).to_be_visible()
    page.close()
