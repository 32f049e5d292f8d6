from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
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


IMPORT_SUFFIXES = (".pdf", ".txt", ".xlsx")


class PlanUploadForm(forms.Form):
    """The secretariat's upload: a regulation file, its format and optionally its region."""

    berkas = forms.FileField(
        label=_("Berkas peraturan"),
        help_text=_("PDF, teks (.txt) atau buku kerja Excel (.xlsx) dalam tata letak lampiran."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("auto", _("Kenali otomatis")),
            ("pdf", _("PDF peraturan")),
            ("perwal-text", _("Teks peraturan")),
            ("xlsx", _("Buku kerja Excel")),
        ],
        initial="auto",
    )
    kode_wilayah = forms.RegexField(
        label=_("Kode wilayah Kemendagri (bila perlu)"),
        regex=r"^\s*\d{2}(?:\.?\d{2})\s*$",
        required=False,
        help_text=_("Misalnya 36.72 untuk Kota Cilegon; kosongkan bila nama di dokumen cukup."),
        error_messages={"invalid": _("Kode wilayah ditulis seperti 36.72.")},
    )

    def __init__(self, *args: object, max_bytes: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.max_bytes = max_bytes

    def clean_berkas(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["berkas"]
        name = upload.name or ""
        if not name.lower().endswith(IMPORT_SUFFIXES):
            raise forms.ValidationError(
                gettext("Berkas %(name)s bukan PDF, teks (.txt) atau Excel (.xlsx).")
                % {"name": name}
            )
        if upload.size is not None and upload.size > self.max_bytes:
            raise forms.ValidationError(
                gettext("Berkas %(name)s lebih besar dari %(mb)s MB.")
                % {"name": name, "mb": self.max_bytes // 1_048_576}
            )
        return upload

    def clean_kode_wilayah(self) -> str:
        return str(self.cleaned_data.get("kode_wilayah") or "").strip()
