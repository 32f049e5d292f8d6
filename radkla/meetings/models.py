"""Coordination meetings (rapat koordinasi Gugus Tugas KLA) and their decisions.

The secretariat records each meeting: the period it reviewed, the agencies that
attended, the minutes and the decisions. A decision with an owner agency is a
follow-up (tindak lanjut): it stays open on that agency's page until it is done.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    plan = models.ForeignKey(
        "plan.Plan", verbose_name=_("rencana"), on_delete=models.PROTECT, related_name="meetings"
    )
    period = models.ForeignKey(
        "monitoring.ReportingPeriod",
        verbose_name=_("periode yang dibahas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    held_on = models.DateField(_("tanggal rapat"))
    title = models.CharField(_("judul"), max_length=200)
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    minutes = models.TextField(_("notulen"), blank=True)
    attendees = models.ManyToManyField(
        "plan.Agency",
        verbose_name=_("instansi hadir"),
        blank=True,
        related_name="meetings_attended",
    )
    # Guards update_meeting against a stale page (optimistic locking).
    version = models.PositiveIntegerField(_("versi"), default=1)
    created_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rapat koordinasi")
        verbose_name_plural = _("rapat koordinasi")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d-%m-%Y} {self.title}"

    @property
    def name(self) -> str:
        """The meeting in a sentence: its title after "Rapat", unless the title says it."""
        return meeting_name(self.title)


def meeting_name(title: str) -> str:
    """``Rapat koordinasi …`` stays as it is; ``Evaluasi triwulan`` becomes ``Rapat Evaluasi …``."""
    first = title.split(maxsplit=1)[0].lower() if title.strip() else ""
    return title if first == "rapat" else f"Rapat {title}".strip()


class Decision(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Terbuka")
        DONE = "done", _("Selesai")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("rapat"), on_delete=models.CASCADE, related_name="decisions"
    )
    position = models.PositiveSmallIntegerField(_("urutan"))
    text = models.TextField(_("keputusan"))
    owner = models.ForeignKey(
        "plan.Agency",
        verbose_name=_("penanggung jawab tindak lanjut"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    due_on = models.DateField(_("batas waktu"), null=True, blank=True)
    state = models.CharField(_("status"), max_length=8, choices=State.choices, default=State.OPEN)
    done_note = models.TextField(_("catatan penyelesaian"), blank=True)
    done_at = models.DateTimeField(_("diselesaikan pada"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diselesaikan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("keputusan rapat")
        verbose_name_plural = _("keputusan rapat")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="decision_unique_position")
        ]
        # The agency page asks for its open follow-ups on every visit.
        indexes = [models.Index(fields=["owner", "state"], name="decision_owner_state")]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_follow_up(self) -> bool:
        return self.owner_id is not None

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN
