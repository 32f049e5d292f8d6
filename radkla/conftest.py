"""Shared fixtures: the shipped regulation, the imported Cilegon plan, and personas."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, sync_playwright

from radkla.accounts.models import Profile
from radkla.accounts.services import create_account
from radkla.plan.models import Agency, Plan
from radkla.plan.services import import_plan, read_plan_file

SEED_NAME = "perwal-cilegon-7-2023-rad-kla.txt"
CHROMIUM = Path("/usr/bin/chromium")


def pytest_configure() -> None:
    # Fast hashing: tests create accounts, and PBKDF2 would dominate their time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    return resources.files("radkla.plan").joinpath("seed", SEED_NAME).read_bytes()


@pytest.fixture
def cilegon_plan(db: None, seed_bytes: bytes) -> Plan:
    return import_plan(parsed=read_plan_file(seed_bytes, SEED_NAME), actor=None).plan


TEST_PASSWORD = "rahasia-uji-123"


def make_account(
    username: str, role: str, agency: Agency | None = None, full_name: str = ""
) -> Profile:
    """An account made through the real service, with the tests' one password."""
    return create_account(
        username=username,
        password=TEST_PASSWORD,
        role=role,
        agency=agency,
        full_name=full_name or username.title(),
        actor=None,
    )


def _persona(plan: Plan, username: str, role: str, acronym: str = "") -> Profile:
    agency = Agency.objects.get(acronym=acronym, region=plan.region) if acronym else None
    return make_account(username, role, agency)


@pytest.fixture
def sekretariat(cilegon_plan: Plan) -> Profile:
    return _persona(cilegon_plan, "sekretariat", Profile.Role.SECRETARIAT)


@pytest.fixture
def dinkes_operator(cilegon_plan: Plan) -> Profile:
    return _persona(cilegon_plan, "dinkes", Profile.Role.OPERATOR, "Dinkes")


@pytest.fixture
def pimpinan(cilegon_plan: Plan) -> Profile:
    return _persona(cilegon_plan, "pimpinan", Profile.Role.VIEWER)


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    """Sign in through the login page, as a person would."""
    page.context.clear_cookies()
    page.goto(f"{base_url}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-form button[type=submit]")


# The screens every journey runs on: the usual government laptop and a phone.
SCREENS = [pytest.param((1366, 768), id="laptop"), pytest.param((390, 844), id="phone")]


def open_menu_link(page: Page, link: str) -> None:
    """Follow a main-menu link as the reader would: on a phone, through the Menu button."""
    button = page.locator("#menu-button")
    if button.is_visible():
        button.click()
    page.click(f"#mainnav >> text={link}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium for the browser tests.")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium).")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the
    # tests make are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Rolled-back tests reuse ids, and cached figures are keyed on ids.
    from django.core.cache import cache

    from radkla.achievement.selectors import forget_cached
    from radkla.nation.selectors import forget_kept

    cache.clear()
    forget_cached()
    forget_kept()
    yield
    cache.clear()
    forget_cached()
    forget_kept()


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice, which the document tests convert with; CI must have it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install LibreOffice (libreoffice-writer-nogui, -calc-nogui).")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui).")
    return found
