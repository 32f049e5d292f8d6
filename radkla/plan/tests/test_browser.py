"""The plan pages in a real Chromium: sign in, read the plan, filter it, open the audit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from radkla.accounts.models import Profile
from radkla.conftest import SCREENS, SEED_NAME, make_account, open_menu_link
from radkla.plan.models import Plan
from radkla.plan.services import import_plan, read_plan_file

pytestmark = pytest.mark.browser


@pytest.fixture(params=SCREENS)
def signed_in(
    browser: Browser,
    live_server,
    transactional_db: None,
    seed_bytes: bytes,
    request: pytest.FixtureRequest,  # type: ignore[no-untyped-def]
) -> Iterator[tuple[Page, Plan]]:
    plan = import_plan(parsed=read_plan_file(seed_bytes, SEED_NAME), actor=None).plan
    make_account("pimpinan", Profile.Role.VIEWER, None, full_name="Pimpinan")
    width, height = request.param
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "pimpinan")
    page.fill("#id_password", "rahasia-uji-123")
    page.click("#login-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Capaian 2023")  # pimpinan starts on Capaian
    open_menu_link(page, "Rencana")
    yield page, plan
    page.close()


def test_a_reader_signs_in_and_filters_the_plan(
    signed_in: tuple[Page, Plan], tmp_path: Path
) -> None:
    page, plan = signed_in
    expect(page.locator("h1")).to_have_text(plan.title)
    rows = page.locator("#measures tbody tr[data-measure]")
    expect(rows).to_have_count(195)
    expect(page.locator("#measures")).to_contain_text("Motor 2 · Molin 1")
    # Choosing a cluster refreshes only the table, through htmx, and keeps the URL shareable.
    page.select_option("#id_klaster", "V")
    expect(page.locator("#measures tr.section")).to_have_count(1)
    expect(page.locator("#measures tr.section")).to_contain_text("Klaster V")
    assert "klaster=V" in page.url
    assert 0 < rows.count() < 195
    shot = tmp_path / "plan.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    page.click("text=Audit data")
    expect(page.locator("#audit-flags tbody tr")).not_to_have_count(0)
    page.click("#audit-kinds >> text=Sel tidak terbaca")
    expect(page.locator("#audit-flags tbody tr")).to_have_count(1)
    expect(page.locator("#audit-flags")).to_contain_text("Tahun 2022 - Tahun 2027")
