"""The demo's readiness page in a real Chromium, and the package it downloads."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect

from radkla.accounts.services import DEMO_PASSWORD
from radkla.conftest import SCREENS, open_menu_link, sign_in
from radkla.evaluation.package import INDEX_NAME

pytestmark = pytest.mark.browser


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))  # Indonesian: 1.000,5


def test_the_demo_readiness_page_and_its_package(
    browser: Browser,
    live_server,
    transactional_db: None,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    call_command("demo", "--load-only", stdout=io.StringIO())
    page = browser.new_page(viewport={"width": 1366, "height": 1000}, accept_downloads=True)
    sign_in(page, live_server.url, "sekretariat", DEMO_PASSWORD)
    page.click("#mainnav a[href='/evaluasi/']")
    expect(page.locator("h1")).to_contain_text("Kesiapan Evaluasi KLA 2026")
    # The demo's newest opened year is 2025: its evaluation is 2026's, which counts 2025 only.
    expect(page.locator("#window-title")).to_have_text("Evaluasi KLA 2026 — data tahun 2025")
    total = _number(page.locator("#score-total").inner_text())
    assert 0 < total < 1000
    expect(page.locator("#what-if-category")).to_have_text("KLA")
    expect(page.locator("#readiness tbody tr")).to_have_count(24)
    expect(page.locator("section.sheet")).to_have_count(24)
    gains = [_number(g) for g in page.locator("#readiness td.gain").all_inner_texts()]
    assert gains == sorted(gains, reverse=True)
    expect(page.locator("#sheet-1 th").first).to_have_text("Telah dilaksanakan")
    page.screenshot(path=str(tmp_path / "kesiapan.png"), full_page=False)

    with page.expect_download() as waiting:
        page.click("#package-button")
    download = waiting.value
    assert download.suggested_filename.endswith(".zip")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    archive = zipfile.ZipFile(target)
    assert archive.testzip() is None
    files = sorted(n for n in archive.namelist() if n != INDEX_NAME)
    assert any(n.startswith("Kelembagaan/01 ") for n in files)
    index = load_workbook(io.BytesIO(archive.read(INDEX_NAME)))["Daftar isi"]
    rows = [r for r in index.iter_rows(min_row=4, values_only=True) if r[0]]
    assert sorted(str(r[9]) for r in rows) == files
    periods = {str(r[5]) for r in rows}
    assert "-" in periods  # city documents
    assert all(p == "-" or p.endswith(" 2025") for p in periods), periods  # none from 2023

    page.click("#readiness a[href^='/evaluasi/indikator/2/']")
    expect(page.locator("#checklist tbody tr")).to_have_count(5)
    expect(page.locator("#checklist tr.verified")).not_to_have_count(0)
    page.screenshot(path=str(tmp_path / "indikator.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_an_operator_tags_its_evidence_in_the_browser(
    browser: Browser,
    live_server,
    transactional_db: None,
    tmp_path: Path,
    screen: tuple[int, int],  # type: ignore[no-untyped-def]
) -> None:
    call_command("demo", "--load-only", stdout=io.StringIO())
    width, height = screen
    page = browser.new_page(viewport={"width": width, "height": height})
    sign_in(page, live_server.url, "dinkes", DEMO_PASSWORD)
    open_menu_link(page, "Data dukung")
    expect(page.locator("h1")).to_contain_text("Data dukung evaluasi KLA")
    row = page.locator("section.sheet tr[data-file]").first
    expect(row).to_be_visible()
    boxes = row.locator("input[name=items]")
    unticked = next(i for i in range(boxes.count()) if not boxes.nth(i).is_checked())
    boxes.nth(unticked).check()
    row.locator("button[type=submit]").click()
    expect(page.locator(".messages li.success")).to_contain_text("disimpan")
    file_id = row.get_attribute("data-file")
    saved = page.locator(f"tr[data-file='{file_id}'] input[name=items]").nth(unticked)
    expect(saved).to_be_checked()
    page.screenshot(path=str(tmp_path / "data-dukung.png"), full_page=False)
    page.close()
