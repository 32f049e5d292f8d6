"""The reports tables: what the secretariat sets once for its laporan, and background jobs."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_POSITION = "Ketua Gugus Tugas Kabupaten/Kota Layak Anak"


class ReportSettings(models.Model):
    """One row per region. Empty fields fall back to sensible defaults in ``identity_for``."""

    region = models.OneToOneField(
        "regions.Region",
        verbose_name=_("wilayah"),
        on_delete=models.CASCADE,
        related_name="report_settings",
    )
    chair_name = models.CharField(_("nama Ketua Gugus Tugas"), max_length=200, blank=True)
    chair_nip = models.CharField(_("NIP Ketua Gugus Tugas"), max_length=32, blank=True)
    chair_position = models.CharField(
        _("jabatan penanda tangan"), max_length=200, blank=True, default=DEFAULT_POSITION
    )
    place = models.CharField(
        _("tempat penandatanganan"),
        max_length=100,
        blank=True,
        help_text=_("Kosong: nama wilayah."),
    )
    foreword = models.TextField(
        _("kata pengantar"),
        blank=True,
        help_text=_("Kosong: kata pengantar disusun dari data laporan."),
    )
    # A logo is small and belongs with the settings: kept in the database, not on disk.
    logo = models.BinaryField(_("logo"), blank=True, default=b"")
    logo_type = models.CharField(_("jenis berkas logo"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pengaturan laporan")
        verbose_name_plural = _("pengaturan laporan")

    def __str__(self) -> str:
        return f"{self.region}"


class ReportJob(models.Model):
    """A file built in the background, with its progress and, once done, the file.

    A laporan or workbook (``fmt`` docx, pdf, xlsx) or an evidence package (``zip``).
    The queue (django-tasks) only carries the job's id; everything the page shows
    and who may download lives here. One build per plan, scope and format runs at a
    time; jobs are deleted after a day.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("menunggu")
        RUNNING = "running", _("disusun")
        DONE = "done", _("selesai")
        FAILED = "failed", _("gagal")

    plan = models.ForeignKey(
        "plan.Plan", verbose_name=_("rencana"), on_delete=models.CASCADE, related_name="+"
    )
    # The report's year, or the evaluation year of an evidence package.
    year = models.PositiveSmallIntegerField(_("tahun"))
    period = models.ForeignKey(
        "monitoring.ReportingPeriod",
        verbose_name=_("periode"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # "2025" or a period code; a package: "2026", or "2026+menunggu" with unverified files.
    scope = models.CharField(_("cakupan"), max_length=20)
    fmt = models.CharField(_("bentuk"), max_length=4)
    requested_by = models.ForeignKey(
        "auth.User", verbose_name=_("peminta"), on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(_("status"), max_length=10, choices=State, default=State.QUEUED)
    stage = models.CharField(_("tahap"), max_length=300, blank=True)
    stages = models.JSONField(_("tahap yang dilalui"), default=list, blank=True)
    file_name = models.CharField(_("nama berkas"), max_length=200, blank=True)
    content_type = models.CharField(_("jenis berkas"), max_length=120, blank=True)
    # A laporan is a few hundred kilobytes: kept with the job, deleted with it.
    data = models.BinaryField(_("berkas"), blank=True, default=b"")
    # A package can be hundreds of megabytes: kept on disk under RADKLA_DATA_DIR/tugas/.
    stored = models.CharField(_("berkas tersimpan"), max_length=300, blank=True)
    error = models.TextField(_("kesalahan"), blank=True)
    # The queue's id of the task that runs the job (the newest, when it was run again).
    task_id = models.CharField(_("id antrean"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    created_at = models.DateTimeField(_("diminta"), default=timezone.now, db_index=True)
    # Touched by every stage and every few seconds while running (the worker is alive).
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("penyusunan berkas")
        verbose_name_plural = _("penyusunan berkas")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "scope", "fmt"],
                condition=models.Q(state__in=["queued", "running"]),
                name="one_active_report_job",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.fmt} ({self.state})"

    @property
    def active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def just_requested(self) -> bool:
        """Asked for within the last minute ("0 menit yang lalu" reads wrong)."""
        return timezone.now() - self.created_at < dt.timedelta(minutes=1)

    @property
    def silent(self) -> bool:
        """Active but not heard from for two minutes: no worker is running it now."""
        return self.active and timezone.now() - self.updated_at > dt.timedelta(minutes=2)
