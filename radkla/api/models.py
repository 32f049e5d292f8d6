"""API tokens: a named key that acts for one account, to read or to write.

Only the secret's sha256 is kept; the token itself is shown once, when it is
issued. A token has exactly the scope of its account (``accounts.access``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    class Access(models.TextChoices):
        READ = "read", _("Baca")
        WRITE = "write", _("Baca dan tulis")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("nama"), max_length=100)
    access = models.CharField(_("akses"), max_length=5, choices=Access.choices)
    prefix = models.CharField(_("awalan"), max_length=16)
    secret_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("diterbitkan pada"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.access == self.Access.WRITE
