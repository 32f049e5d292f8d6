"""What the secretariat sets once for its laporan: who signs it, where, and the region's logo."""

from __future__ import annotations

from django.db import models
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
