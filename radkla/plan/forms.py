from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from radkla.plan.models import Agency, Cluster, Measure
from radkla.plan.revisions import SECRETARIAT_SETS


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


@dataclass(frozen=True, slots=True)
class PolarityChoice:
    """What the polarity page sent: the measures to save, the choices, what it showed."""

    measure_ids: list[int]
    polarity_by_id: dict[int, str]
    shown: dict[int, tuple[str, bool]]


def read_polarity_form(data: QueryDict) -> PolarityChoice:
    """The measures of the posted cluster, or only the one whose own button was pressed.

    Each row carries ``shown-<id>`` ("polarity:0|1", the stored values as loaded);
    a row without it cannot be checked for staleness and is refused.
    """
    ids = [int(v) for v in data.getlist("measure") if v.isdecimal()]
    only = data.get("only", "")
    if only:
        if not only.isdecimal() or int(only) not in ids:
            raise ValueError(_("Ukuran yang dipilih tidak ada di halaman ini."))
        ids = [int(only)]
    shown: dict[int, tuple[str, bool]] = {}
    for measure_id in ids:
        polarity, _sep, confirmed = data.get(f"shown-{measure_id}", "").partition(":")
        if not polarity or confirmed not in ("0", "1"):
            raise ValueError(_("Halaman tidak lengkap; muat ulang halaman lalu coba lagi."))
        shown[measure_id] = (polarity, confirmed == "1")
    return PolarityChoice(
        measure_ids=ids,
        polarity_by_id={i: data.get(f"pol-{i}", "") for i in ids},
        shown=shown,
    )


class RevisionForm(forms.Form):
    """Confirming a revision: why, and from which period it takes effect."""

    alasan = forms.CharField(
        label=_("Alasan revisi"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Misalnya nomor dan tanggal peraturan perubahan, atau hasil rapat gugus tugas."
        ),
    )
    berlaku = forms.ChoiceField(
        label=_("Berlaku sejak periode"),
        help_text=_(
            "Periode sebelumnya tetap dinilai dengan target yang berlaku saat itu; ukuran "
            "yang dihapus tidak lagi wajib dilaporkan dan ukuran baru wajib dilaporkan sejak "
            "periode ini."
        ),
    )

    def __init__(self, *args: object, periods: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["berlaku"].choices = periods  # type: ignore[attr-defined]


class MeasureCorrectionForm(forms.Form):
    """A correction of one measure without a new document (``revisions.correct_measure``).

    ``shown`` carries ``revisions.measure_fingerprint`` as the page was loaded, so a
    correction made by someone else in between is refused rather than overwritten.
    """

    name = forms.CharField(label=_("Teks ukuran"), widget=forms.Textarea(attrs={"rows": 4}))
    unit = forms.CharField(label=_("Satuan"), required=False, max_length=500)
    polarity = forms.ChoiceField(label=_("Polaritas"), choices=Measure.Polarity.choices)
    polarity_confirmed = forms.BooleanField(label=_("Polaritas dikonfirmasi"), required=False)
    aggregation = forms.ChoiceField(
        label=_("Cara menjumlah periode"), choices=Measure.Aggregation.choices
    )
    aggregation_confirmed = forms.BooleanField(
        label=_("Cara menjumlah dikonfirmasi"), required=False
    )
    requires_evidence = forms.BooleanField(label=_("Wajib bukti dukung"), required=False)
    area_level = forms.ChoiceField(
        label=_("Dilaporkan per wilayah"), choices=Measure.AreaLevel.choices, required=False
    )
    reason = forms.CharField(
        label=_("Alasan koreksi"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Alasan koreksi wajib diisi; tidak ada yang diubah.")},
        help_text=_("Tercatat pada revisi dan di log audit."),
    )
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    @classmethod
    def for_measure(cls, measure: Measure, fingerprint: str) -> MeasureCorrectionForm:
        return cls(
            initial={
                "name": measure.name,
                "unit": measure.unit,
                "polarity": measure.polarity,
                "polarity_confirmed": measure.polarity_confirmed,
                "aggregation": measure.aggregation,
                "aggregation_confirmed": measure.aggregation_confirmed,
                "requires_evidence": measure.requires_evidence,
                "area_level": measure.area_level,
                "shown": fingerprint,
            }
        )

    def values(self, measure: Measure) -> dict[str, object]:
        """The correctable fields as typed; a text differing only in spacing stays as stored."""
        data = self.cleaned_data
        values: dict[str, object] = {field: data[field] for field in ("unit", *SECRETARIAT_SETS)}
        for field in ("name", "unit"):
            typed, stored = str(data[field]), getattr(measure, field)
            values[field] = stored if typed.split() == stored.split() else typed
        return values
