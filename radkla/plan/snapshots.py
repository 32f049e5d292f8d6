"""The plan's content as one JSON document: what a revision keeps of the plan.

A snapshot holds every measure by its id with the fields a revision can change
(``FIELDS``) and its yearly targets as the document wrote them. Two snapshots
compare field by field (``diff.diff_states``); the snapshot of an older revision
gives the targets that were in force then. The reader takes the model classes as
arguments so that a migration can build snapshots from its historical models.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

SNAPSHOT_VERSION = 1

# The measure's own fields a snapshot keeps, by the name it keeps them under.
FIELDS = {
    "indicator": "action__indicator__number",
    "indicator_sub": "action__indicator__sub",
    "action": "action__name",
    "name": "name",
    "unit": "unit",
    "baseline": "baseline_raw",
    "program": "program",
    "polarity": "polarity",
    "polarity_confirmed": "polarity_confirmed",
    "aggregation": "aggregation",
    "aggregation_confirmed": "aggregation_confirmed",
    "requires_evidence": "requires_evidence",
    "area_level": "area_level",
    "position": "position",
    "location": "source_line",
    "retired_from": "retired_from",
    "due_from": "due_from",
}

MeasureState = dict[str, Any]


def plan_state(
    plan_id: int, *, measure_model: Any, target_model: Any, link_model: Any
) -> dict[str, Any]:
    """The plan's content now, read in three queries."""
    columns = list(FIELDS.values())
    measures: dict[str, MeasureState] = {}
    for row in (
        measure_model.objects.filter(plan_id=plan_id)
        .order_by("position", "id")
        .values_list("id", *columns)
    ):
        values = dict(zip(FIELDS, row[1:], strict=True))
        values["indicator"] = f"{values['indicator']}{values.pop('indicator_sub')}"
        values["targets"] = {}
        values["agencies"] = []
        measures[str(row[0])] = values
    for measure_id, year, raw in (
        target_model.objects.filter(measure__plan_id=plan_id)
        .order_by("measure_id", "year")
        .values_list("measure_id", "year", "raw")
    ):
        measures[str(measure_id)]["targets"][str(year)] = raw
    agencies: dict[str, list[str]] = defaultdict(list)
    for measure_id, name in (
        link_model.objects.filter(measure__plan_id=plan_id)
        .order_by("measure_id", "position")
        .values_list("measure_id", "agency__name")
    ):
        agencies[str(measure_id)].append(name)
    for key, names in agencies.items():
        measures[key]["agencies"] = names
    return {"version": SNAPSHOT_VERSION, "measures": measures}
