"""The meeting record form: parses what the secretariat typed into domain values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from radkla.monitoring.models import ReportingPeriod
from radkla.plan.models import Agency

# Rows of decisions the record form offers; more are added on the meeting page later.
DECISION_ROWS = 5


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Tanggal rapat"), widget=_date_input())
    period = forms.TypedChoiceField(
        label=_("Periode yang dibahas"), required=False, coerce=int, empty_value=None
    )
    title = forms.CharField(label=_("Judul rapat"), max_length=200)
    place = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    minutes = forms.CharField(
        label=_("Notulen"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    attendees = forms.TypedMultipleChoiceField(
        label=_("Instansi hadir"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        periods: list[ReportingPeriod],
        agencies: list[Agency],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._periods = {p.pk: p for p in periods}
        self.fields["period"].choices = [("", _("Tidak membahas periode tertentu"))] + [  # type: ignore[attr-defined]
            (p.pk, p.label) for p in periods
        ]
        self.fields["attendees"].choices = [(a.pk, a.name) for a in agencies]  # type: ignore[attr-defined]

    def clean_period(self) -> ReportingPeriod | None:
        pk: int | None = self.cleaned_data["period"]
        return self._periods[pk] if pk is not None else None


class DecisionRowForm(forms.Form):
    """One decision row; a row left empty is skipped."""

    text = forms.CharField(
        label=_("Keputusan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.TypedChoiceField(
        label=_("Penanggung jawab tindak lanjut"), required=False, coerce=int, empty_value=None
    )
    due_on = forms.DateField(label=_("Batas waktu"), required=False, widget=_date_input())

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Tanpa tindak lanjut"))] + [  # type: ignore[attr-defined]
            (a.pk, a.name) for a in agencies
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_text = bool((data.get("text") or "").strip())
        if not has_text and (data.get("owner") is not None or data.get("due_on") is not None):
            raise forms.ValidationError(_("Isi teks keputusan, atau kosongkan baris ini."))
        return data

    def decision(self) -> tuple[str, int | None, dt.date | None] | None:
        """The row as the service takes it, or None when the row was left empty."""
        text = (self.cleaned_data.get("text") or "").strip()
        if not text:
            return None
        return (text, self.cleaned_data.get("owner"), self.cleaned_data.get("due_on"))


def decision_forms(data: QueryDict | None, agencies: list[Agency]) -> list[DecisionRowForm]:
    return [
        DecisionRowForm(
            data,
            prefix=f"keputusan-{i}",
            agencies=agencies,
            empty_permitted=True,
            use_required_attribute=False,
        )
        for i in range(1, DECISION_ROWS + 1)
    ]
