"""The plan (RAD KLA) as the regulation states it.

Plan → Cluster → Indicator → Action → Measure → Target. The baseline and every
target keep the cell text exactly as the document has it (``*_raw``) beside its
typed reading (``*_kind`` and ``*_value``, see ``parsers.cells``). Every text
that comes from the document is a TextField: whatever length a cell has, it is
stored as written (the admin shows the one-line ones in one-line inputs).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from radkla.plan.parsers.cells import CellKind


class Agency(models.Model):
    """An agency (OPD) of one kabupaten/kota: each city's Dinas Kesehatan is its own."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    name = models.CharField(_("nama"), max_length=200)
    acronym = models.CharField(_("singkatan"), max_length=40, blank=True)
    aliases = models.TextField(
        _("alias"), blank=True, help_text=_("Satu nama lain per baris, seperti ditulis di dokumen.")
    )

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="agency_unique_name_in_region")
        ]

    def __str__(self) -> str:
        return self.acronym or self.name

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        ACTIVE = "active", _("Berlaku")
        ARCHIVED = "archived", _("Arsip")

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="plans"
    )
    title = models.TextField(_("judul"))
    regulation_kind = models.CharField(_("jenis peraturan"), max_length=60)
    regulation_number = models.CharField(_("nomor peraturan"), max_length=20)
    regulation_year = models.PositiveSmallIntegerField(_("tahun peraturan"))
    legal_basis = models.TextField(_("dasar hukum"))
    start_year = models.PositiveSmallIntegerField(_("tahun awal"))
    end_year = models.PositiveSmallIntegerField(_("tahun akhir"))
    baseline_year = models.PositiveSmallIntegerField(_("tahun data dasar"))

    class ReportingScheme(models.TextChoices):
        # Pasal 4: monitoring at least three times a year, hence caturwulan by default.
        CATURWULAN = "caturwulan", _("Caturwulan (3 periode setahun)")
        TRIWULAN = "triwulan", _("Triwulan (4 periode setahun)")
        SEMESTER = "semester", _("Semester (2 periode setahun)")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    reporting_scheme = models.CharField(
        _("periode pelaporan"),
        max_length=12,
        choices=ReportingScheme.choices,
        default=ReportingScheme.CATURWULAN,
    )
    source_name = models.TextField(_("berkas sumber"))
    source_fingerprint = models.CharField(_("sidik isi sumber"), max_length=64)
    import_warnings = models.JSONField(_("peringatan impor"), default=list, blank=True)
    imported_at = models.DateTimeField(_("diimpor pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("rencana aksi daerah")
        verbose_name_plural = _("rencana aksi daerah")
        ordering = ["-start_year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "regulation_kind", "regulation_number", "regulation_year"],
                name="plan_unique_regulation",
            )
        ]

    def __str__(self) -> str:
        return f"RAD KLA {self.region.name} {self.start_year}-{self.end_year}"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class Cluster(models.Model):
    """One of the six national groups: kelembagaan and klaster I-V."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="clusters")
    code = models.CharField(_("kode"), max_length=4)
    name = models.CharField(_("nama"), max_length=200)
    heading = models.TextField(
        _("judul di dokumen"),
        blank=True,
        help_text=_("Judul bagian seperti tertulis di lampiran peraturan, bila ada."),
    )
    position = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("klaster")
        verbose_name_plural = _("klaster")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="cluster_unique_code")]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("nomor"))
    sub = models.CharField(_("sub"), max_length=2, blank=True)
    name = models.TextField(_("indikator"))
    section_heading = models.TextField(
        _("di bawah judul"),
        blank=True,
        help_text=_("Judul bagian lampiran tempat indikator ini tertulis."),
    )
    position = models.PositiveIntegerField(_("urutan"))
    source_line = models.TextField(_("letak di sumber"))

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number", "sub"], name="indicator_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.name}"

    @property
    def label(self) -> str:
        return f"{self.number}{self.sub}"


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actions")
    name = models.TextField(_("rencana aksi"))
    position = models.PositiveIntegerField(_("urutan"))
    source_line = models.TextField(_("letak di sumber"))

    class Meta:
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.name


class Measure(models.Model):
    class Polarity(models.TextChoices):
        POSITIVE = "positive", _("Makin tinggi makin baik")
        NEGATIVE = "negative", _("Makin rendah makin baik")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Jumlah antarperiode")
        LATEST = "latest", _("Nilai terakhir")
        MAX = "max", _("Nilai tertinggi")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="measures")
    name = models.TextField(_("ukuran"))
    unit = models.TextField(_("satuan"), blank=True)
    baseline_raw = models.TextField(_("data dasar (teks asli)"), blank=True)
    baseline_kind = models.CharField(
        _("jenis data dasar"), max_length=10, choices=[(k.value, k.value) for k in CellKind]
    )
    baseline_value = models.JSONField(_("data dasar (nilai)"), null=True, blank=True)
    polarity = models.CharField(
        _("polaritas"), max_length=10, choices=Polarity.choices, default=Polarity.POSITIVE
    )
    polarity_confirmed = models.BooleanField(
        _("polaritas dikonfirmasi"),
        default=False,
        help_text=_("Belum dikonfirmasi berarti masih usulan sistem dari teks ukuran."),
    )
    aggregation = models.CharField(
        _("cara menjumlah periode"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.LATEST,
    )
    aggregation_confirmed = models.BooleanField(_("cara menjumlah dikonfirmasi"), default=False)

    class AreaLevel(models.TextChoices):
        CITY = "", _("Tingkat kota (satu nilai)")
        KECAMATAN = "kecamatan", _("Per kecamatan")
        KELURAHAN = "kelurahan", _("Per kelurahan")

    area_level = models.CharField(
        _("dilaporkan per wilayah"),
        max_length=10,
        choices=AreaLevel.choices,
        default=AreaLevel.CITY,
        blank=True,
    )
    requires_evidence = models.BooleanField(
        _("wajib bukti dukung"),
        default=False,
        help_text=_("Realisasi tidak dapat diverifikasi tanpa sekurang-kurangnya satu berkas."),
    )
    agency_raw = models.TextField(_("instansi (teks asli)"), blank=True)
    agencies: models.ManyToManyField[Agency, MeasureAgency] = models.ManyToManyField(
        Agency,
        through="MeasureAgency",
        verbose_name=_("instansi penanggung jawab"),
        related_name="measures",
    )
    program = models.TextField(_("program"), blank=True)
    position = models.PositiveIntegerField(_("urutan"))
    source_line = models.TextField(_("letak di sumber"))
    # When a revision adds or retires a measure, it is due from / no longer due from
    # that revision's effective period (a period key, ``revisions.period_key``).
    due_from = models.PositiveIntegerField(_("wajib dilaporkan sejak"), null=True, blank=True)
    retired_from = models.PositiveIntegerField(_("tidak berlaku sejak"), null=True, blank=True)
    retired_in = models.ForeignKey(
        "PlanRevision",
        verbose_name=_("dihapus pada revisi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="retired_measures",
    )
    continues = models.ForeignKey(
        "self",
        verbose_name=_("lanjutan dari ukuran"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continued_by",
        help_text=_("Ukuran yang sama pada rencana periode sebelumnya."),
    )

    class Meta:
        verbose_name = _("ukuran")
        verbose_name_plural = _("ukuran")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.name


class MeasureAgency(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="agency_links")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="measure_links")
    position = models.PositiveSmallIntegerField(_("urutan"), help_text=_("0 = instansi utama."))

    class Meta:
        verbose_name = _("instansi penanggung jawab")
        verbose_name_plural = _("instansi penanggung jawab")
        ordering = ["measure", "position"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "agency"], name="measureagency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.measure}"


class Target(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    raw = models.TextField(_("teks asli"), blank=True)
    kind = models.CharField(
        _("jenis"), max_length=10, choices=[(k.value, k.value) for k in CellKind]
    )
    value = models.JSONField(_("nilai"), null=True, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("target")
        ordering = ["measure", "year"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "year"], name="target_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.raw}"


class PlanRevision(models.Model):
    """One state of a plan: the import (revision 0), an amendment, or a small correction.

    A document revision is numbered 1, 2, … and takes effect from a reporting
    period; a correction made on the pages is a minor revision (1.1, 1.2) of the
    revision before it and shares its effective period. ``snapshot`` keeps the
    plan as it stood after the revision, so that any two revisions can be
    compared and capaian for earlier periods uses the targets in force then.
    """

    class Kind(models.TextChoices):
        IMPORT = "import", _("Impor awal")
        DOCUMENT = "document", _("Perubahan dari dokumen")
        CORRECTION = "correction", _("Koreksi kecil")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("revisi ke"))
    minor = models.PositiveSmallIntegerField(_("koreksi ke"), default=0)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    reason = models.TextField(_("alasan"), blank=True)
    effective_from = models.PositiveIntegerField(
        _("berlaku sejak periode"),
        null=True,
        blank=True,
        help_text=_("Kosong: sejak awal rencana."),
    )
    source_name = models.TextField(_("berkas sumber"), blank=True)
    source_fingerprint = models.CharField(_("sidik isi sumber"), max_length=64, blank=True)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    warnings = models.JSONField(_("peringatan impor"), default=list, blank=True)
    snapshot = models.JSONField(_("isi rencana"), default=dict)
    created_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("revisi rencana")
        verbose_name_plural = _("revisi rencana")
        ordering = ["plan", "number", "minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number", "minor"], name="planrevision_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"Revisi {self.label}"

    @property
    def label(self) -> str:
        return f"{self.number}.{self.minor}" if self.minor else str(self.number)
