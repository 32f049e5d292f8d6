"""Reads for the region pages."""

from __future__ import annotations

from django.db.models import QuerySet

from radkla.plan.models import Plan
from radkla.regions.models import Region


def get_region(region_id: int) -> Region | None:
    return Region.objects.select_related("parent").filter(pk=region_id).first()


def region_plans(region: Region) -> QuerySet[Plan]:
    """The plans enacted for this region, newest first (one query)."""
    return Plan.objects.filter(region=region).order_by("-start_year", "-pk")
