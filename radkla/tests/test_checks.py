"""Unsafe configuration is refused at start-up."""

from __future__ import annotations

from pytest_django.fixtures import Settings as SettingsWrapper

from radkla.checks import check_configuration


def ids(settings: SettingsWrapper) -> list[str]:
    return [problem.id for problem in check_configuration()]  # type: ignore[misc]


def test_the_default_configuration_passes(settings: SettingsWrapper) -> None:
    assert ids(settings) == []


def test_the_local_zones_pass_and_an_unknown_zone_is_refused(settings: SettingsWrapper) -> None:
    for zone in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"):
        settings.TIME_ZONE = zone
        assert ids(settings) == []
    settings.TIME_ZONE = "Asia/Bandung"
    assert ids(settings) == ["radkla.E001"]
    settings.TIME_ZONE = "Asia/Jakarta"
    settings.USE_TZ = False  # moments would be stored in local time: refused
    assert ids(settings) == ["radkla.E001"]


def test_a_weak_secret_key_is_refused_without_debug(settings: SettingsWrapper) -> None:
    settings.DEBUG = False
    settings.SECRET_KEY = "django-insecure-abc"
    assert ids(settings) == ["radkla.E002"]
    settings.DEBUG = True
    assert ids(settings) == []


def test_any_host_is_warned_about(settings: SettingsWrapper) -> None:
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    assert ids(settings) == ["radkla.W001"]
