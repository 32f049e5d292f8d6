from __future__ import annotations

from django.contrib import admin

from radkla.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["code", "name", "level", "parent", "provisional"]
    list_filter = ["level", "provisional"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
