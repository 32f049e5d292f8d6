"""Defence in depth on every page: a strict Content-Security-Policy, no caching when signed in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from radkla.accounts.models import Profile
from radkla.monitoring.models import ReportingPeriod
from radkla.monitoring.tests.conftest import people, period  # noqa: F401

# The main pages each role opens from the menu.
MAIN_PAGES = (
    "plan:home",
    "achievement:dashboard",
    "achievement:areas",
    "monitoring:periods",
    "monitoring:funding",
    "monitoring:audit_log",
    "meetings:list",
    "meetings:create",
    "reports:index",
    "reports:settings",
    "evaluation:readiness",
    "evaluation:weights",
    "evaluation:mapping",
    "nation:recap",
)


def _policy(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    directives = [d.strip().split() for d in header.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def _assert_strict(response: object) -> None:
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    header = response["Content-Security-Policy"]  # type: ignore[index]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


@pytest.mark.django_db
def test_the_login_and_public_pages_carry_the_policy(
    people: dict[str, Profile],  # noqa: F811
) -> None:
    client = Client()
    for url in (reverse("accounts:login"), reverse("achievement:public")):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_strict(response)
    # The public page, read without signing in, keeps its caching.
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_every_main_page_carries_the_policy_and_no_store_when_signed_in(
    people: dict[str, Profile],  # noqa: F811
    period: ReportingPeriod,  # noqa: F811
) -> None:
    client = Client()
    client.force_login(people["sekretariat"].user)
    for name in MAIN_PAGES:
        response = client.get(reverse(name), follow=True)
        assert response.status_code == 200, name
        _assert_strict(response)
        assert response["Cache-Control"] == "no-store", name
    operator = Client()
    operator.force_login(people["dinkes"].user)
    for url in (
        reverse("monitoring:my_reports"),
        reverse("monitoring:grid", args=[period.pk]),
        reverse("evaluation:agency"),
    ):
        response = operator.get(url, follow=True)
        assert response.status_code == 200, url
        _assert_strict(response)
        assert response["Cache-Control"] == "no-store", url
    # Downloads too: an agency's workbook must not stay in a shared computer's cache.
    download = operator.get(reverse("monitoring:grid_workbook", args=[period.pk]))
    assert download.status_code == 200
    assert download["Cache-Control"] == "no-store"
    # A page that is not found still has the policy.
    missing = operator.get("/tidak-ada/")
    assert missing.status_code == 404
    _assert_strict(missing)


@pytest.mark.django_db
def test_static_files_keep_their_caching(client: Client) -> None:
    response = client.get("/static/radkla/base.css")
    response.close()  # WhiteNoise streams the file
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_no_page_template_needs_inline_script_or_style() -> None:
    """What the policy would block: inline <script>, <style>, style="" and on…= handlers."""
    import re
    from pathlib import Path

    import radkla

    root = Path(radkla.__file__).parent / "templates"
    found = []
    pattern = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.I
    )
    for template in root.rglob("*.html"):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{template.relative_to(root)}:{number}")
    assert found == []
