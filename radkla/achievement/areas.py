"""Measures reported per kecamatan or kelurahan, summed up per kecamatan for the map grid."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from radkla.achievement.engine import Value, year_value
from radkla.lib.revisions import newest
from radkla.monitoring.models import Realization
from radkla.plan.inforce import measures_in_force, year_key
from radkla.plan.models import Measure, Plan
from radkla.regions.models import Region


@dataclass(frozen=True, slots=True)
class AreaTile:
    kecamatan: Region
    value: Decimal | None
    share: Decimal  # of the largest tile, 0-1, for the shade
    kelurahan: tuple[tuple[str, Decimal | None], ...]


@dataclass(frozen=True, slots=True)
class AreaMeasure:
    measure: Measure
    tiles: tuple[AreaTile, ...]
    total: Decimal | None


def area_measures(plan: Plan, year: int) -> list[AreaMeasure]:
    """Every measure split by area, with its verified year values per kecamatan (4 queries)."""
    measures = list(
        Measure.objects.filter(measures_in_force(year_key(year)), plan=plan)
        .exclude(area_level="")
        .order_by("position")
    )
    if not measures:
        return []
    regions = list(Region.objects.filter(code__startswith=f"{plan.region.code}.").order_by("code"))
    kecamatan = [r for r in regions if r.level == Region.Level.KECAMATAN]
    kelurahan = [r for r in regions if r.parent_id in {k.pk for k in kecamatan}]
    latest = newest(
        Realization.objects.filter(
            measure__in=measures,
            period__year=year,
            area__isnull=False,
            state=Realization.State.VERIFIED,
        ).select_related("period"),
        key=lambda r: (r.measure_id, r.area_id or 0, r.period_id),
        revision=lambda r: r.revision,
    )
    by_area: dict[tuple[int, int], list[tuple[int, Value]]] = defaultdict(list)
    for (measure_id, area_id, _period), r in latest.items():
        by_area[(measure_id, area_id)].append((r.period.number, Value(number=r.value_number)))
    result = []
    for measure in measures:

        def value(area: Region, measure: Measure = measure) -> Decimal | None:
            values = [v for _n, v in sorted(by_area.get((measure.pk, area.pk), []))]
            found = year_value(values, measure.aggregation)
            return found.total if found else None

        raw_tiles: list[tuple[Region, Decimal | None, tuple[tuple[str, Decimal | None], ...]]] = []
        for kec in kecamatan:
            if measure.area_level == Measure.AreaLevel.KECAMATAN:
                raw_tiles.append((kec, value(kec), ()))
            else:
                inner = tuple((k.name, value(k)) for k in kelurahan if k.parent_id == kec.pk)
                present = [v for _n, v in inner if v is not None]
                raw_tiles.append((kec, sum(present, Decimal(0)) if present else None, inner))
        top = max((v for _k, v, _i in raw_tiles if v is not None), default=Decimal(0))
        tiles = tuple(
            AreaTile(kec, v, (v / top) if (v is not None and top) else Decimal(0), inner)
            for kec, v, inner in raw_tiles
        )
        present = [t.value for t in tiles if t.value is not None]
        result.append(AreaMeasure(measure, tiles, sum(present, Decimal(0)) if present else None))
    return result
