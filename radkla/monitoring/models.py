"""Monitoring: reporting periods, realizations with evidence and spending, meetings.

A realization is one measure's value for one period (optionally for one
kecamatan or kelurahan). It moves draft → submitted → verified, or back to the
agency as returned. A verified value is never edited: a change is a new
revision that must be verified in turn, and the verified revision with the
highest number is the value that counts. ``version`` guards every save against
a stale page (optimistic locking).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReportingPeriod(models.Model):
    class State(models.TextChoices):
        UPCOMING = "upcoming", _("Belum dibuka")
        OPEN = "open", _("Dibuka")
        CLOSED = "closed", _("Ditutup")

    plan = models.ForeignKey("plan.Plan", on_delete=models.CASCADE, related_name="periods")
    year = models.PositiveSmallIntegerField(_("tahun"))
    number = models.PositiveSmallIntegerField(_("periode ke"))
    scheme = models.CharField(_("jenis periode"), max_length=12)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    deadline = models.DateField(_("batas lapor"))
    state = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.UPCOMING
    )

    class Meta:
        verbose_name = _("periode pelaporan")
        verbose_name_plural = _("periode pelaporan")
        ordering = ["plan", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "number"], name="period_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def code(self) -> str:
        """The short name the CLI and reports use: ``2025-1``."""
        return f"{self.year}-{self.number}"

    @property
    def label(self) -> str:
        roman = ("I", "II", "III", "IV")[self.number - 1] if self.number <= 4 else str(self.number)
        return f"{self.scheme.capitalize()} {roman} {self.year}"


class Realization(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        VERIFIED = "verified", _("Terverifikasi")
        RETURNED = "returned", _("Dikembalikan")

    measure = models.ForeignKey(
        "plan.Measure", on_delete=models.PROTECT, related_name="realizations"
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="realizations"
    )
    area = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kecamatan atau kelurahan, bila ukuran dilaporkan per wilayah."),
    )
    revision = models.PositiveSmallIntegerField(_("revisi"), default=1)
    value_raw = models.CharField(_("nilai (seperti diketik)"), max_length=200, blank=True)
    value_number = models.DecimalField(
        _("nilai"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    value_parts = models.JSONField(
        _("nilai per bagian"), null=True, blank=True, help_text=_("Untuk ukuran majemuk.")
    )
    narrative = models.TextField(_("perkembangan"), blank=True)
    obstacles = models.TextField(_("hambatan"), blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    check_note = models.TextField(
        _("catatan atas peringatan"),
        blank=True,
        help_text=_("Penjelasan operator bila nilai memicu peringatan pemeriksaan."),
    )
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    return_reason = models.TextField(_("alasan dikembalikan"), blank=True)
    obstacles_public = models.BooleanField(
        _("hambatan ditampilkan di halaman publik"),
        default=False,
        help_text=_("Hanya sekretariat yang dapat menandai; tanpa tanda, hambatan tetap internal."),
    )
    version = models.PositiveIntegerField(_("versi"), default=1)
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        ordering = ["period", "measure", "area", "revision"]
        constraints = [
            # NULLs are distinct in unique indexes, so the city-wide row needs its own.
            models.UniqueConstraint(
                fields=["measure", "period", "revision"],
                condition=Q(area__isnull=True),
                name="realization_unique_citywide",
            ),
            models.UniqueConstraint(
                fields=["measure", "period", "area", "revision"],
                condition=Q(area__isnull=False),
                name="realization_unique_area",
            ),
        ]
        indexes = [models.Index(fields=["period", "state"])]

    def __str__(self) -> str:
        return f"{self.measure} · {self.period} · {self.value_raw or '-'}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # The stored name is random; the person's file name is kept in the row only.
    return f"bukti/{instance.stored_name}"


class StoredFile(models.Model):
    """An uploaded file kept under a random name; the person's file name stays in the row.

    Each concrete model adds its ``file`` field with the folder it is stored in.
    """

    stored_name = models.CharField(max_length=64, unique=True)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=100)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class Evidence(StoredFile):
    realization = models.ForeignKey(Realization, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("berkas"), upload_to=evidence_path, max_length=200)

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["realization", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class FundingSource(models.TextChoices):
    # Pasal 5: the regional budget and other lawful, non-binding sources.
    APBD_KOTA = "apbd_kota", _("APBD kota/kabupaten")
    APBD_PROVINSI = "apbd_provinsi", _("APBD provinsi")
    APBN = "apbn", _("APBN/DAK")
    CSR = "csr", _("CSR/dunia usaha")
    BAZNAS = "baznas", _("Baznas")
    OTHER = "other", _("Sumber lain yang sah")


class Budget(models.Model):
    """Planned budget (pagu) of an action for a year, by source."""

    action = models.ForeignKey("plan.Action", on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    source = models.CharField(_("sumber dana"), max_length=16, choices=FundingSource.choices)
    amount = models.DecimalField(_("pagu (Rp)"), max_digits=16, decimal_places=0)

    class Meta:
        verbose_name = _("pagu anggaran")
        verbose_name_plural = _("pagu anggaran")
        constraints = [
            models.UniqueConstraint(fields=["action", "year", "source"], name="budget_unique")
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.year} {self.source}"


class Spending(models.Model):
    """Realized spending reported with a realization, by source."""

    realization = models.ForeignKey(Realization, on_delete=models.CASCADE, related_name="spending")
    source = models.CharField(_("sumber dana"), max_length=16, choices=FundingSource.choices)
    amount = models.DecimalField(_("realisasi anggaran (Rp)"), max_digits=16, decimal_places=0)

    class Meta:
        verbose_name = _("realisasi anggaran")
        verbose_name_plural = _("realisasi anggaran")
        constraints = [
            models.UniqueConstraint(fields=["realization", "source"], name="spending_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.amount}"


class Reminder(models.Model):
    """A reminder sent to an agency about a period: due soon, or late."""

    class Kind(models.TextChoices):
        DUE = "due", _("Segera jatuh tempo")
        LATE = "late", _("Terlambat")

    agency = models.ForeignKey("plan.Agency", on_delete=models.CASCADE, related_name="reminders")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("jenis"), max_length=4, choices=Kind.choices)
    sent_on = models.DateField(_("tanggal"))
    sent_at = models.DateTimeField(_("dikirim pada"), auto_now_add=True)
    recipients = models.TextField(_("penerima"), blank=True)
    pending = models.PositiveIntegerField(_("ukuran belum selesai"))

    class Meta:
        verbose_name = _("pengingat")
        verbose_name_plural = _("pengingat")
        ordering = ["-sent_at"]
        constraints = [
            # One reminder of a kind per agency, period and day, however often the job runs.
            models.UniqueConstraint(
                fields=["agency", "period", "kind", "sent_on"], name="reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.period} · {self.kind}"
