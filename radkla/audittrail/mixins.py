"""Admin changes are data changes too: they leave an audit event like every service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest

from radkla.audittrail.services import record_event


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def save_model(
        self, request: HttpRequest, obj: models.Model, form: ModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        changed = {name: str(form.cleaned_data.get(name)) for name in form.changed_data}
        record_event(
            actor=request.user,
            action="admin.change" if change else "admin.add",
            obj=obj,
            summary=f"{obj._meta.verbose_name} diubah di admin: {obj}",
            new=changed,
        )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        record_event(
            actor=request.user,
            action="admin.delete",
            obj=obj,
            summary=f"{obj._meta.verbose_name} dihapus di admin: {obj}",
        )
        super().delete_model(request, obj)
