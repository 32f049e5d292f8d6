"""The laporan settings form: who signs, where, the foreword and the region's logo."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from radkla.reports.report_settings import Logo, SettingsError, check_logo, clean_nip


class ReportSettingsForm(forms.Form):
    chair_name = forms.CharField(
        label=_("Nama Ketua Gugus Tugas"),
        max_length=200,
        help_text=_("Dengan gelar, seperti tertulis di bawah tanda tangan."),
    )
    chair_nip = forms.CharField(
        label=_("NIP"),
        max_length=40,
        required=False,
        help_text=_("18 angka; spasi boleh. Kosongkan bila penanda tangan bukan ASN."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    chair_position = forms.CharField(label=_("Jabatan"), max_length=200)
    place = forms.CharField(
        label=_("Tempat penandatanganan"),
        max_length=100,
        help_text=_("Kota tempat laporan ditandatangani, mis. Cilegon."),
    )
    foreword = forms.CharField(
        label=_("Kata pengantar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Kosong: kata pengantar disusun dari data laporan."),
    )
    logo = forms.FileField(
        label=_("Logo daerah"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_("PNG atau JPEG, paling besar 1 MB; tampil di sampul laporan."),
    )
    remove_logo = forms.BooleanField(label=_("Hapus logo"), required=False)

    def clean_chair_nip(self) -> str:
        try:
            return clean_nip(self.cleaned_data["chair_nip"])
        except SettingsError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_logo(self) -> Logo | None:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size is not None and upload.size > 2 * 1024 * 1024:
            # Refused before reading it all; check_logo words the 1 MB limit.
            data = upload.read(2 * 1024 * 1024 + 1)
        else:
            data = upload.read()
        try:
            return check_logo(data, upload.name or "tanpa nama")
        except SettingsError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("logo") and cleaned.get("remove_logo"):
            self.add_error(
                "remove_logo", _("Pilih salah satu: unggah logo baru atau hapus logo yang ada.")
            )
        return cleaned
