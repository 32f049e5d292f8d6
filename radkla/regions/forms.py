from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RegionCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode Kemendagri"),
        max_length=20,
        help_text=_("Kode kota atau kabupaten dari Kemendagri, mis. 36.72 untuk Kota Cilegon."),
    )
