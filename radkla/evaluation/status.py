"""Readiness as plain JSON-ready data, for the CLI and downloads."""

from __future__ import annotations

from typing import Any

from radkla.evaluation.selectors import Readiness


def readiness_json(result: Readiness) -> dict[str, Any]:
    return {
        "plan": result.plan.title,
        "year": result.year,
        "weights": "official" if result.weights.official else "default",
        "total": str(result.total),
        "category": result.category,
        "what_if_total": str(result.what_if_total),
        "what_if_category": result.what_if_category,
        "indicators": [
            {
                "number": i.number,
                "cluster": i.cluster,
                "name": i.name,
                "local_indicators": i.local,
                "weight": str(i.weight),
                "points": str(i.points),
                "gain": str(i.gain),
                "verified": i.verified,
                "awaiting": i.awaiting,
                "missing": i.missing,
                "missing_items": [item.document for item in i.items if item.status == "missing"],
                "agencies": i.agencies,
                "actions_done": len(i.done),
                "actions_not_done": len(i.not_done),
            }
            for i in sorted(result.indicators, key=lambda i: i.number)
        ],
    }
