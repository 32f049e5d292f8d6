"""Period keys, and what of a plan is in force at a period.

A period is named by its *key*, ``year * 10 + number`` (2025-2 → 20252), so
that "from this period on" is a plain comparison in Python and in SQL. A
revision takes effect from a key; a measure is due from one and retired from
another. Light on purpose: monitoring and achievement read it on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q

from radkla.plan.models import Plan, PlanRevision

PERIODS_PER_YEAR = {"caturwulan": 3, "triwulan": 4, "semester": 2}
# The key of a whole year: after every period of it.
YEAR_END = 9
_ROMAN = ("I", "II", "III", "IV")


def period_key(year: int, number: int) -> int:
    return year * 10 + number


def year_key(year: int) -> int:
    """The key a whole year is judged at: its end, after its last period."""
    return period_key(year, YEAR_END)


def key_label(plan: Plan, key: int | None) -> str:
    """``Caturwulan II 2025`` for the key 20252 of a caturwulan plan; none: the plan's start."""
    if key is None:
        return f"awal rencana ({plan.start_year})"
    year, number = divmod(key, 10)
    roman = _ROMAN[number - 1] if 1 <= number <= len(_ROMAN) else str(number)
    return f"{plan.reporting_scheme.capitalize()} {roman} {year}"


def key_code(key: int | None) -> str:
    """The period code the CLI reads and JSON carries: ``2025-2``; empty for the start."""
    if key is None:
        return ""
    year, number = divmod(key, 10)
    return f"{year}-{number}"


def in_force_at(revisions: Sequence[PlanRevision], key: int) -> PlanRevision | None:
    """The revision in force at the period ``key``: the newest that took effect by then."""
    found = None
    for revision in revisions:
        if (revision.effective_from or 0) <= key:
            found = revision
    return found


def measures_in_force(key: int, prefix: str = "") -> Q:
    """Measures part of the plan at the period ``key``: due by then and not yet retired."""
    return (Q(**{f"{prefix}due_from__isnull": True}) | Q(**{f"{prefix}due_from__lte": key})) & (
        Q(**{f"{prefix}retired_from__isnull": True}) | Q(**{f"{prefix}retired_from__gt": key})
    )


def is_in_force(due_from: int | None, retired_from: int | None, key: int) -> bool:
    """``measures_in_force`` for one measure already read."""
    return (due_from is None or due_from <= key) and (retired_from is None or retired_from > key)


def current_revision(plan: Plan) -> PlanRevision | None:
    return PlanRevision.objects.filter(plan=plan).order_by("-number", "-minor").first()


def revision_json(revision: PlanRevision | None, plan: Plan) -> dict[str, Any] | None:
    """``plan.revision`` of the JSON export and the API: number, reason, effective period."""
    if revision is None:
        return None
    return {
        "number": revision.number,
        "minor": revision.minor,
        "label": revision.label,
        "kind": revision.kind,
        "reason": revision.reason,
        "effective_from": key_code(revision.effective_from),
        "effective_from_label": key_label(plan, revision.effective_from),
        "created_at": revision.created_at.isoformat(),
    }


def revision_sentence(plan: Plan, revision: PlanRevision | None) -> str:
    """The line dashboards, ``radkla status`` and reports print about the targets they use."""
    if revision is None or (revision.number, revision.minor) == (0, 0):
        return "Target menurut rencana sebagaimana diimpor (revisi 0)."
    reason = revision.reason.strip().rstrip(".")
    return (
        f"Target menurut revisi {revision.label} rencana, berlaku sejak "
        f"{key_label(plan, revision.effective_from)}" + (f"; alasan: {reason}." if reason else ".")
    )
