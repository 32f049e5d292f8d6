"""Issuing, revoking and recognising API tokens; issue and revoke are audit events."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from radkla.accounts.access import Scope, accounts_in, require_secretariat, scope_for
from radkla.api.models import ApiToken
from radkla.audittrail.services import Actor, record_event

# Every token starts so: a leaked one is recognisable in a log or a repository.
TOKEN_START = "radkla_"  # noqa: S105  (a public marker, not a secret)
PREFIX_LENGTH = len(TOKEN_START) + 8
# last_used_at is written at most this often per token: one cheap UPDATE, not one per call.
USE_RESOLUTION = dt.timedelta(minutes=1)


class TokenError(Exception):
    """A refused issue or revoke, with a message for the secretariat."""


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the whole token, shown once and never stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(*, user: User, name: str, access: str, scope: Scope, actor: Actor) -> IssuedToken:
    """A new token for ``user``; the secret is returned once, only its sha256 is kept."""
    require_secretariat(scope)
    name = " ".join(name.split())
    if not name:
        raise TokenError("Nama token wajib diisi.")
    if access not in ApiToken.Access.values:
        raise TokenError("Akses token harus baca atau tulis.")
    if not user.is_active:
        raise TokenError(f"Akun {user.get_username()} tidak aktif.")
    if not accounts_in(scope).filter(pk=user.pk).exists():
        raise TokenError(f"Akun {user.get_username()} bekerja di wilayah lain.")
    if access == ApiToken.Access.WRITE and not scope_for(user).is_operator:
        # Only an agency's operator reports realizations; any other write token would
        # be refused on every call.
        raise TokenError(
            f"Token tulis hanya untuk akun operator instansi; {user.get_username()} "
            "bukan operator. Terbitkan token baca."
        )
    secret = TOKEN_START + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            access=access,
            prefix=secret[:PREFIX_LENGTH],
            secret_sha256=_digest(secret),
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        record_event(
            actor=actor,
            action="token.issue",
            obj=token,
            summary=(
                f"Token API {name} ({ApiToken.Access(access).label.lower()}) "
                f"untuk {user.get_username()} diterbitkan"
            ),
            new={
                "name": name,
                "user": user.get_username(),
                "access": access,
                "prefix": token.prefix,
            },
        )
    return IssuedToken(token, secret)


def revoke_token(*, token: ApiToken, scope: Scope, actor: Actor) -> ApiToken:
    """Stop a token at once; a revoked token stays listed, and is never revived."""
    require_secretariat(scope)
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if locked.revoked_at is not None:
            raise TokenError(f"Token {locked.name} sudah dicabut.")
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor if actor is not None and actor.is_authenticated else None
        locked.save(update_fields=["revoked_at", "revoked_by"])
        record_event(
            actor=actor,
            action="token.revoke",
            obj=locked,
            summary=f"Token API {locked.name} untuk {locked.user.get_username()} dicabut",
            old={"revoked_at": None},
            new={"revoked_at": locked.revoked_at.isoformat()},
        )
    return locked


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token with this secret (its account active), or None; notes its use."""
    if not secret.startswith(TOKEN_START) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(secret_sha256=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - USE_RESOLUTION)
        ).update(last_used_at=now)
        token.last_used_at = now
    return token
