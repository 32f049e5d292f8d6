"""Who issues the laporan: the government, the signer and the logo, as plain data.

``identity_for`` reads the secretariat's settings (``ReportSettings``) and fills
what is empty with defaults, so a builder never checks for missing fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from radkla.regions.models import Region
from radkla.reports.models import DEFAULT_POSITION, ReportSettings


@dataclass(frozen=True, slots=True)
class ReportIdentity:
    government: str  # "PEMERINTAH KOTA CILEGON"
    region: str  # "Kota Cilegon"
    chair_name: str  # "" when not set yet: the signature block leaves the line empty
    chair_nip: str
    chair_position: str
    place: str  # "Cilegon"
    foreword: str  # "" means: compose it from the data
    logo: bytes | None
    logo_type: str


def region_title(region: Region) -> str:
    """``Kota Cilegon`` / ``Kabupaten Serang`` / the name alone for other levels."""
    level = {"kota": "Kota", "kabupaten": "Kabupaten", "provinsi": "Provinsi"}.get(region.level)
    return f"{level} {region.name}" if level else region.name


def identity_for(region: Region) -> ReportIdentity:
    settings = ReportSettings.objects.filter(region=region).first()
    title = region_title(region)
    logo = bytes(settings.logo) if settings is not None and settings.logo else None
    return ReportIdentity(
        government=f"PEMERINTAH {title.upper()}",
        region=title,
        chair_name=settings.chair_name if settings else "",
        chair_nip=settings.chair_nip if settings else "",
        chair_position=(settings.chair_position if settings else "") or DEFAULT_POSITION,
        place=(settings.place if settings else "") or region.name,
        foreword=settings.foreword if settings else "",
        logo=logo,
        logo_type=settings.logo_type if settings and logo else "",
    )
