"""The national KLA evaluation: its reference, the plan's map onto it, and its evidence.

The 24 national indicators and the checklist of documents that usually prove
them are reference data, loaded from ``data/`` on first use and editable in the
admin afterwards. A plan's own indicators map onto the national ones
(proposed from number and name until the secretariat sets them). Evidence
files uploaded with realizations are tagged with checklist items; the
secretariat can also attach city-level documents straight to a national
indicator. Weights, answer levels and the data window (the plan years whose data an
evaluation looks at) are set per evaluation year.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from radkla.monitoring.models import StoredFile


class NationalIndicator(models.Model):
    class Cluster(models.TextChoices):
        KELEMBAGAAN = "K", _("Kelembagaan")
        I = "I", _("Klaster I")  # noqa: E741
        II = "II", _("Klaster II")
        III = "III", _("Klaster III")
        IV = "IV", _("Klaster IV")
        V = "V", _("Klaster V")

    number = models.PositiveSmallIntegerField(_("nomor"), unique=True)
    cluster = models.CharField(_("klaster"), max_length=3, choices=Cluster.choices)
    name = models.TextField(_("indikator"))

    class Meta:
        verbose_name = _("indikator nasional")
        verbose_name_plural = _("indikator nasional")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ChecklistItem(models.Model):
    """A kind of document that usually proves a national indicator (data dukung)."""

    indicator = models.ForeignKey(
        NationalIndicator, on_delete=models.CASCADE, related_name="checklist"
    )
    document = models.CharField(_("dokumen"), max_length=300)
    source = models.CharField(
        _("sumber"), max_length=300, blank=True, help_text=_("Dasar atau asal butir ini.")
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("butir data dukung")
        verbose_name_plural = _("butir data dukung")
        ordering = ["indicator__number", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "document"], name="checklist_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.number}: {self.document}"


class IndicatorMapping(models.Model):
    """The national indicator a plan's indicator counts towards, as the secretariat set it."""

    indicator = models.OneToOneField(
        "plan.Indicator", on_delete=models.CASCADE, related_name="national_mapping"
    )
    national = models.ForeignKey(
        NationalIndicator, on_delete=models.PROTECT, related_name="mappings"
    )
    set_at = models.DateTimeField(_("ditetapkan pada"), auto_now=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pemetaan indikator")
        verbose_name_plural = _("pemetaan indikator")

    def __str__(self) -> str:
        return f"{self.indicator} → {self.national.number}"


class EvidenceTag(models.Model):
    """An evidence file of a realization marked as proving a checklist item."""

    evidence = models.ForeignKey(
        "monitoring.Evidence", on_delete=models.CASCADE, related_name="checklist_tags"
    )
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="tags")
    tagged_at = models.DateTimeField(_("ditandai pada"), auto_now_add=True)
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tanda data dukung")
        verbose_name_plural = _("tanda data dukung")
        constraints = [
            models.UniqueConstraint(fields=["evidence", "item"], name="evidence_tag_unique")
        ]

    def __str__(self) -> str:
        return f"{self.evidence} · {self.item}"


def document_path(instance: CityDocument, filename: str) -> str:
    # Random stored name, as for evidence; the person's file name stays in the row.
    return f"dokumen-kota/{instance.stored_name}"


class CityDocument(StoredFile):
    """A city-level document the secretariat attaches to a national indicator.

    The secretariat verifies everything, so what it attaches counts as verified.
    """

    plan = models.ForeignKey("plan.Plan", on_delete=models.CASCADE, related_name="city_documents")
    national = models.ForeignKey(
        NationalIndicator, on_delete=models.PROTECT, related_name="city_documents"
    )
    item = models.ForeignKey(
        ChecklistItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="city_documents",
    )
    title = models.CharField(_("judul"), max_length=300)
    file = models.FileField(_("berkas"), upload_to=document_path, max_length=200)

    class Meta:
        verbose_name = _("dokumen kota")
        verbose_name_plural = _("dokumen kota")
        ordering = ["national__number", "uploaded_at"]

    def __str__(self) -> str:
        return self.title


class EvaluationYear(models.Model):
    """One year's evaluation as the secretariat set it: its point split and its data window.

    The evaluation held in ``year`` looks at the data of ``data_first``..``data_last``;
    both empty means the default, the year before.
    """

    year = models.PositiveSmallIntegerField(_("tahun evaluasi"), unique=True)
    answer_levels = models.CharField(
        _("tingkat jawaban"),
        max_length=100,
        blank=True,
        help_text=_("Persen bobot yang dapat diberikan, mis. 0; 50; 100. Kosong: sebanding."),
    )
    source = models.CharField(_("sumber bobot"), max_length=300, blank=True)
    data_first = models.PositiveSmallIntegerField(
        _("tahun data pertama"), null=True, blank=True, help_text=_("Kosong: tahun sebelumnya.")
    )
    data_last = models.PositiveSmallIntegerField(
        _("tahun data terakhir"), null=True, blank=True, help_text=_("Kosong: tahun sebelumnya.")
    )
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    class Meta:
        verbose_name = _("tahun evaluasi")
        verbose_name_plural = _("tahun evaluasi")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(data_first__isnull=True, data_last__isnull=True)
                | models.Q(data_first__lte=models.F("data_last")),
                name="evaluation_window_ordered",
            )
        ]

    def __str__(self) -> str:
        return str(self.year)


class IndicatorWeight(models.Model):
    evaluation = models.ForeignKey(EvaluationYear, on_delete=models.CASCADE, related_name="weights")
    national = models.ForeignKey(NationalIndicator, on_delete=models.CASCADE, related_name="+")
    points = models.DecimalField(_("bobot (poin)"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("bobot indikator")
        verbose_name_plural = _("bobot indikator")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "national"], name="weight_unique")
        ]

    def __str__(self) -> str:
        return f"{self.evaluation.year} · {self.national.number}: {self.points}"
