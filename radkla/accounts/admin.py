from __future__ import annotations

from django.contrib import admin

from radkla.accounts.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ["user", "role", "region", "agency"]
    list_filter = ["role", ("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "agency__name"]
    autocomplete_fields = ["region", "agency"]
