"""The secretariat's token page: issue (shown once, sha256 kept), revoke, audit events."""

from __future__ import annotations

import hashlib

from django.test import Client

from radkla.accounts.models import Profile
from radkla.api.models import ApiToken
from radkla.api.tests.conftest import bearer
from radkla.audittrail.labels import action_label
from radkla.audittrail.models import AuditEvent
from radkla.plan.models import Plan


def _signed_in(profile: Profile) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(profile.user)
    return client


def test_the_secretariat_issues_a_token_shown_once_and_revokes_it(
    small: Plan, sekretariat_small: Profile, dinkes: Profile
) -> None:
    page = _signed_in(sekretariat_small)
    response = page.post(
        "/akun/token/",
        {"action": "issue", "user": dinkes.user.pk, "name": "Aplikasi Dinkes", "access": "write"},
    )
    assert response.status_code == 200
    secret = response.context["issued"].secret
    assert secret.startswith("radkla_") and secret in response.content.decode()
    token = ApiToken.objects.get()
    assert token.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.prefix} and secret.startswith(token.prefix)
    issued = AuditEvent.objects.get(action="token.issue")
    assert issued.actor_id == sekretariat_small.user.pk
    assert secret not in str(issued.new) and secret not in issued.summary
    assert str(action_label("token.issue")) == "Token API diterbitkan"
    # Shown once: the list names the token by its prefix only.
    listing = page.get("/akun/token/").content.decode()
    assert "Aplikasi Dinkes" in listing and token.prefix in listing and secret not in listing
    api = Client(HTTP_HOST="localhost")
    assert api.get("/api/rencana", **bearer(secret)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    revoked = page.post("/akun/token/", {"action": "revoke", "token": token.pk}, follow=True)
    assert "dicabut" in revoked.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == sekretariat_small.user
    assert AuditEvent.objects.filter(action="token.revoke", object_id=str(token.pk)).exists()
    assert api.get("/api/rencana", **bearer(secret)).status_code == 401
    again = page.post("/akun/token/", {"action": "revoke", "token": token.pk}, follow=True)
    assert "sudah dicabut" in again.content.decode()


def test_a_write_token_for_a_reader_is_refused_on_the_page(
    small: Plan, sekretariat_small: Profile, pimpinan_small: Profile
) -> None:
    page = _signed_in(sekretariat_small)
    response = page.post(
        "/akun/token/",
        {"action": "issue", "user": pimpinan_small.user.pk, "name": "Dasbor", "access": "write"},
    )
    assert response.status_code == 200
    assert "bukan operator" in response.content.decode()
    assert not ApiToken.objects.exists()
    blank = page.post(
        "/akun/token/",
        {"action": "issue", "user": pimpinan_small.user.pk, "name": " ", "access": "read"},
    )
    assert not ApiToken.objects.exists() and blank.context["form"].errors


def test_only_the_secretariat_opens_the_token_page(
    small: Plan, dinkes: Profile, pimpinan_small: Profile
) -> None:
    for profile in (dinkes, pimpinan_small):
        assert _signed_in(profile).get("/akun/token/").status_code == 403
    assert Client(HTTP_HOST="localhost").get("/akun/token/").status_code == 302
    assert (
        _signed_in(dinkes).post("/akun/token/", {"action": "revoke", "token": 1}).status_code == 403
    )
