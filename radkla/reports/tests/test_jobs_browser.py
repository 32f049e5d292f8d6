"""A large plan's workbook in a real Chromium: asked for, waiting, built by the worker, fetched."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect
from pytest_django.fixtures import Settings as SettingsWrapper

from radkla.accounts.services import DEMO_PASSWORD
from radkla.conftest import SCREENS, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("screen", SCREENS)
def test_a_large_report_shows_its_progress_and_then_its_file(
    browser: Browser,
    live_server,  # type: ignore[no-untyped-def]
    transactional_db: None,
    settings: SettingsWrapper,
    tmp_path: Path,
    screen: tuple[int, int],
) -> None:
    call_command("demo", "--load-only", stdout=io.StringIO())
    settings.REPORT_BACKGROUND_MEASURES = 100  # the demo's 195 measures count as large
    width, height = screen
    page = browser.new_page(viewport={"width": width, "height": height}, accept_downloads=True)
    sign_in(page, live_server.url, "pimpinan", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/laporan/")
    expect(page.locator("#background-note")).to_be_visible()
    page.select_option("#id_format", "xlsx")
    page.click("#report-form button[type=submit]")

    row = page.locator("#jobs li").first
    expect(row).to_have_attribute("data-state", "queued")
    expect(row.locator(".job-stage")).to_have_text("Menunggu giliran")
    expect(row.locator("progress")).to_be_visible()
    page.screenshot(path=str(tmp_path / f"menunggu-{width}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # The worker takes it (here in this process; `radkla serve` runs one beside the server).
    call_command("worker", "--batch", stdout=io.StringIO())

    # The page polls the row: it turns into the download link without a reload.
    link = row.locator("a.job-download")
    expect(link).to_be_visible(timeout=15_000)
    expect(row).to_have_attribute("data-state", "done")
    page.screenshot(path=str(tmp_path / f"selesai-{width}.png"))
    with page.expect_download() as waiting:
        link.click()
    download = waiting.value
    assert download.suggested_filename.startswith("pemantauan-rad-kla-")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    book = load_workbook(target, read_only=True)
    assert len(book.sheetnames) > 1
    book.close()
    page.close()  # no connection to the live server left open
