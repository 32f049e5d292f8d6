"""Who a user is in the task force: a role and, for operators, an agency."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
