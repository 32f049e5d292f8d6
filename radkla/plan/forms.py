from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from radkla.plan.models import Agency, Cluster


class PlanFilterForm(forms.Form):
    """The overview's filters; every field is optional and bad values are ignored."""

    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    klaster = forms.ChoiceField(label=_("Klaster"), required=False)
    instansi = forms.TypedChoiceField(
        label=_("Instansi"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: object, clusters: list[Cluster], agencies: list[Agency], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["klaster"].choices = [("", _("Semua klaster"))] + [  # type: ignore[attr-defined]
            (c.code, c.name) for c in clusters
        ]
        self.fields["instansi"].choices = [("", _("Semua instansi"))] + [  # type: ignore[attr-defined]
            (str(a.pk), a.name) for a in agencies
        ]
