"""Who a user is in the task force: a role and, for operators, an agency."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from radkla.plan.models import Agency
    from radkla.regions.models import Region


class Profile(models.Model):
    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", _("Sekretariat Gugus Tugas")
        COORDINATOR = "coordinator", _("Koordinator klaster")
        OPERATOR = "operator", _("Operator instansi")
        VIEWER = "viewer", _("Pimpinan / pembaca")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("peran"), max_length=12, choices=Role.choices, default=Role.VIEWER)
    agency = models.ForeignKey(
        "plan.Agency",
        verbose_name=_("instansi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="profiles",
    )

    # A kabupaten/kota for its own task force; a provinsi for a province reader; empty
    # for a national reader and for the installation's administrator.
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah kerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="profiles",
        help_text=_(
            "Kabupaten/kota untuk Gugus Tugas daerah itu; provinsi untuk pembaca tingkat "
            "provinsi; kosong untuk pembaca nasional dan pengelola instalasi."
        ),
    )

    clusters = models.ManyToManyField(
        "plan.Cluster",
        verbose_name=_("klaster yang dikoordinasi"),
        blank=True,
        related_name="coordinators",
        help_text=_("Untuk koordinator klaster: klaster yang ia verifikasi."),
    )

    class Meta:
        verbose_name = _("profil pengguna")
        verbose_name_plural = _("profil pengguna")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="operator") | models.Q(agency__isnull=False),
                name="profile_operator_has_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    def clean(self) -> None:
        problem = region_problem(self.role, self.region, self.agency)
        if problem:
            raise ValidationError({"region": problem})


CITY_LEVELS = ("kota", "kabupaten")


def region_problem(role: str, region: Region | None, agency: Agency | None) -> str:
    """Why this role cannot work in this region; empty when it can.

    Reporting and verifying happen inside one kabupaten/kota; a province or the
    whole country is read, not written. The secretariat without a region is the
    installation's administrator; a coordinator's clusters belong to one plan.
    """
    if agency is not None and region is not None and agency.region_id != region.pk:
        return str(_("Instansi akun berada di wilayah lain."))
    if region is not None and region.level not in CITY_LEVELS and role != Profile.Role.VIEWER:
        return str(_("Di tingkat provinsi dan nasional akun hanya membaca (pimpinan/pembaca)."))
    return ""
