"""The append-only audit trail: who changed what, when, from which value to which."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text so the record survives the user's deletion and names the CLI too.
    actor_label = models.CharField(_("nama pelaku"), max_length=150)
    action = models.CharField(_("tindakan"), max_length=60, db_index=True)
    object_type = models.CharField(_("jenis objek"), max_length=60)
    object_id = models.CharField(_("ID objek"), max_length=40)
    # The kabupaten/kota whose data changed; empty for the installation's own settings.
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("ringkasan"))
    old = models.JSONField(_("nilai lama"), null=True, blank=True)
    new = models.JSONField(_("nilai baru"), null=True, blank=True)

    class Meta:
        verbose_name = _("peristiwa audit")
        verbose_name_plural = _("jejak audit")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # A city's audit log and its newest event (the dashboards' cache key).
            models.Index(fields=["region", "-id"], name="auditevent_region_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an event, once written, is never rewritten.
        if not self._state.adding:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)
