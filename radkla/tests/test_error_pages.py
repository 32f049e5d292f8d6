"""400, 403, 404, 500 and a refused form: the site's layout, Indonesian, the view's message."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from radkla.accounts.models import Profile
from radkla.conftest import make_account
from radkla.errors import NO_PLAN
from radkla.plan.models import Plan

pytestmark = pytest.mark.django_db
ERROR_URLS = "radkla.tests.error_urls"


def _signed_in(profile: Profile, **kwargs: object) -> Client:
    client = Client(**kwargs)  # type: ignore[arg-type]
    client.force_login(profile.user)
    return client


def _in_layout(html: str) -> None:
    assert 'class="topbar"' in html and 'class="brand"' in html
    assert 'id="error-page"' in html
    # The way back leads to the reader's start page, the one the brand link opens.
    assert '<a href="/" id="home-link">' in html


def test_an_unknown_address_answers_in_the_layout(dinkes_operator: Profile) -> None:
    response = _signed_in(dinkes_operator).get("/tidak/ada/sama/sekali/")
    html = response.content.decode()
    assert response.status_code == 404
    _in_layout(html)
    assert "Halaman tidak ditemukan" in html
    assert 'id="mainnav"' in html  # the signed-in reader keeps the menu
    assert "Page not found" not in html and "URLconf" not in html  # no URL patterns
    assert 'id="error-message"' not in html


def test_the_views_own_404_message_is_shown(db: None) -> None:
    # No plan loaded yet: the dashboard says so in words.
    viewer = make_account("pimpinan", Profile.Role.VIEWER)
    response = _signed_in(viewer).get("/capaian/")
    assert response.status_code == 404
    assert NO_PLAN in response.content.decode()


@pytest.mark.urls(ERROR_URLS)
def test_djangos_own_404_message_is_not_leaked(pimpinan: Profile) -> None:
    response = _signed_in(pimpinan).get("/uji/tidak-ada/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html
    assert "No Plan matches" not in html


def test_the_views_own_403_message_is_shown(dinkes_operator: Profile) -> None:
    response = _signed_in(dinkes_operator).get("/log-audit/")
    html = response.content.decode()
    assert response.status_code == 403
    _in_layout(html)
    assert "Akses ditolak" in html
    assert "Hanya sekretariat yang melihat log audit." in html
    assert "403 Forbidden" not in html


def test_the_page_speaks_the_readers_language(dinkes_operator: Profile) -> None:
    client = _signed_in(dinkes_operator)
    client.cookies["django_language"] = "en"
    response = client.get("/log-audit/")
    assert response.status_code == 403
    assert '<html lang="en">' in response.content.decode()


def test_a_way_back_to_the_page_one_came_from(dinkes_operator: Profile) -> None:
    client = _signed_in(dinkes_operator)
    html = client.get("/log-audit/", headers={"referer": "http://testserver/rapat/"}).content
    assert b'href="http://testserver/rapat/" id="back-link"' in html
    # Never a link back to another site.
    html = client.get("/log-audit/", headers={"referer": "https://contoh.invalid/"}).content
    assert b'id="back-link"' not in html and b"contoh.invalid" not in html


def test_a_form_without_its_token_gets_an_indonesian_page(cilegon_plan: Plan) -> None:
    secretariat = make_account("sekretariat", Profile.Role.SECRETARIAT)
    client = _signed_in(secretariat, enforce_csrf_checks=True)
    response = client.post("/periode/", {"year": 2024})
    html = response.content.decode()
    assert response.status_code == 403
    _in_layout(html)
    assert "Formulir tidak dapat diterima" in html and "Muat ulang halaman" in html
    assert "CSRF verification failed" not in html


@pytest.mark.urls(ERROR_URLS)
def test_a_server_error_answers_in_the_layout(pimpinan: Profile) -> None:
    response = _signed_in(pimpinan, raise_request_exception=False).get("/uji/rusak/")
    html = response.content.decode()
    assert response.status_code == 500
    _in_layout(html)
    assert "Terjadi kesalahan di server" in html
    assert "rusak di dalam" not in html and "RuntimeError" not in html
    # Rendered without the request: no user, no menu, no form that could not be sent.
    assert 'id="mainnav"' not in html and "<form" not in html


@pytest.mark.urls(ERROR_URLS)
def test_the_500_page_answers_even_when_its_template_fails(
    pimpinan: Profile, settings: SettingsWrapper, tmp_path: Path
) -> None:
    (tmp_path / "500.html").write_text('{% extends "tidak-ada.html" %}', encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    response = _signed_in(pimpinan, raise_request_exception=False).get("/uji/rusak/")
    assert response.status_code == 500
    assert "Terjadi kesalahan di server" in response.content.decode()


@pytest.mark.urls(ERROR_URLS)
def test_a_bad_request_answers_in_the_layout(pimpinan: Profile) -> None:
    response = _signed_in(pimpinan).get("/uji/curiga/")
    html = response.content.decode()
    assert response.status_code == 400
    _in_layout(html)
    assert "Permintaan tidak sah" in html and "internal detail" not in html
