"""Kemendagri-coded regions: provinsi → kabupaten/kota → kecamatan → kelurahan/desa."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# Kemendagri codes are digits and dots only, so a code with this prefix can never
# collide with one; a provisional region keeps it until the secretariat sets the real one.
PROVISIONAL_PREFIX = "SEMENTARA-"


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan")
        DESA = "desa", _("Desa")

    code = models.CharField(_("kode Kemendagri"), max_length=16, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    level = models.CharField(_("tingkat"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    provisional = models.BooleanField(
        _("sementara"),
        default=False,
        help_text=_(
            "Wilayah yang belum ada dalam data Kemendagri (mis. daerah otonom baru), dibuat "
            "dari nama dan tingkat di dokumen; sekretariat menetapkan kodenya kemudian."
        ),
    )

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(provisional=True, code__startswith=PROVISIONAL_PREFIX)
                    | (models.Q(provisional=False) & ~models.Q(code__startswith=PROVISIONAL_PREFIX))
                ),
                name="region_provisional_code",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
