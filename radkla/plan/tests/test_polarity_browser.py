"""The polarity page in a real Chromium, on a laptop and on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from radkla.accounts.models import Profile
from radkla.conftest import SEED_NAME, make_account, sign_in
from radkla.plan.models import Measure, Plan
from radkla.plan.services import import_plan, read_plan_file

pytestmark = pytest.mark.browser


@pytest.fixture
def secretariat_page(
    browser: Browser, live_server, transactional_db: None, seed_bytes: bytes
) -> Iterator[tuple[Page, Plan, str]]:  # type: ignore[no-untyped-def]
    plan = import_plan(parsed=read_plan_file(seed_bytes, SEED_NAME), actor=None).plan
    make_account("sekretariat", Profile.Role.SECRETARIAT, None, full_name="Sekretariat")
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(page, live_server.url, "sekretariat", "rahasia-uji-123")
    yield page, plan, live_server.url
    page.close()


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_the_secretariat_confirms_a_cluster_on_a_laptop_and_a_phone(
    secretariat_page: tuple[Page, Plan, str], tmp_path: Path, width: int, height: int
) -> None:
    page, plan, base_url = secretariat_page
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{base_url}/rencana/{plan.pk}/")
    page.click("#polarity-tab")
    page.click("#polarity-clusters >> [data-cluster=V]")
    rows = page.locator("#polarity-measures tbody tr[data-measure]")
    expect(rows.first).to_be_visible()
    count = Measure.objects.filter(plan=plan, action__indicator__cluster__code="V").count()
    expect(rows).to_have_count(count)
    needs = rows.filter(has_text="Kebutuhan dasar anak korban kekerasan terpenuhi")
    expect(needs).to_contain_text("bukan banyaknya kejadian yang merugikan anak")
    # Nothing runs off the side of the screen: the rows fit, the button can be reached.
    table = page.locator("#polarity-measures").bounding_box()
    assert table is not None and table["x"] + table["width"] <= width + 1
    page.screenshot(path=str(tmp_path / f"polaritas-{width}.png"))
    expect(page.locator("#confirm-all")).to_be_in_viewport()  # it sticks to the bottom
    prevalence = Measure.objects.get(plan=plan, name="Prevalansi kekerasan terhadap anak")
    page.select_option(f"#pol-{prevalence.pk}", "positive")
    page.click("#confirm-all")
    expect(page.locator(".messages")).to_contain_text(f"Polaritas {count} ukuran disimpan")
    expect(rows.filter(has_text="Belum dikonfirmasi")).to_have_count(0)
    page.screenshot(path=str(tmp_path / f"polaritas-{width}-dikonfirmasi.png"), full_page=True)
    prevalence.refresh_from_db()
    assert (prevalence.polarity, prevalence.polarity_confirmed) == ("positive", True)
    # The plan home still says how many other measures wait for a confirmation.
    page.goto(f"{base_url}/capaian/")
    expect(page.locator("#polarity-notice")).to_contain_text(
        f"Polaritas {195 - count} ukuran belum dikonfirmasi"
    )
    page.screenshot(path=str(tmp_path / f"capaian-{width}.png"))
