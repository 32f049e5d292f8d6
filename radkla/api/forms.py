from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from radkla.api.models import ApiToken


class AccountChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        profile = getattr(obj, "profile", None)
        if profile is None:
            return str(obj.get_username())
        role = profile.get_role_display()
        agency = f", {profile.agency}" if profile.agency_id else ""
        return f"{obj.get_username()} ({role}{agency})"


class IssueForm(forms.Form):
    user = AccountChoice(
        label=_("Akun"),
        queryset=User.objects.filter(is_active=True)
        .select_related("profile__agency")
        .order_by("username"),
        help_text=_("Token bertindak sebagai akun ini, dengan hak aksesnya."),
    )
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_("Untuk apa token ini, mis. Aplikasi SIPD Dinkes."),
    )
    access = forms.ChoiceField(
        label=_("Akses"),
        choices=ApiToken.Access.choices,
        initial=ApiToken.Access.READ,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, accounts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if accounts is not None:
            # The secretariat's own city's accounts only.
            field = self.fields["user"]
            if isinstance(field, AccountChoice) and field.queryset is not None:
                field.queryset = field.queryset.filter(pk__in=accounts.values("pk"))
