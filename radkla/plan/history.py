"""A plan's revisions as a reader follows them: each one, what it changed, any two compared.

Reads only. A revision's diff is against the revision before it, computed from
the two snapshots with ``diff.diff_states`` (the one rule for what differs);
revision 0, the import, has nothing before it. A revision is named by its label
(``0``, ``1``, ``1.1``); a plain number that is no label of the plan may be the
revision's id, so that a link to a revision stays good.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from radkla.plan.diff import PlanDiff, diff_states
from radkla.plan.inforce import in_force_at, key_code, key_label
from radkla.plan.models import Plan, PlanRevision
from radkla.plan.revisions import default_effective, plan_revisions

_LABEL = re.compile(r"^\s*(\d{1,4})(?:\.(\d{1,4}))?\s*$")


class RevisionNotFound(LookupError):
    """A revision asked for by a label or id the plan does not have (message for the reader)."""


def revision_title(revision: PlanRevision) -> str:
    """``Revisi 0 — impor awal``, ``Revisi 1``, ``Revisi 1.1``."""
    if revision.kind == PlanRevision.Kind.IMPORT:
        return f"Revisi {revision.label} — impor awal"
    return f"Revisi {revision.label}"


def who(revision: PlanRevision) -> str:
    """The person who made the revision, or ``sistem`` (the command line, a migration)."""
    user = revision.created_by
    if user is None:
        return "sistem"
    return user.get_full_name() or user.get_username()


def _measures(revision: PlanRevision) -> dict[str, Any]:
    return dict((revision.snapshot or {}).get("measures") or {})


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One revision with its diff against the revision before it (none for the first)."""

    revision: PlanRevision
    previous: PlanRevision | None
    diff: PlanDiff | None
    measure_count: int
    title: str
    who: str
    effective_label: str

    def to_json(self) -> dict[str, Any]:
        revision = self.revision
        return {
            "id": revision.pk,
            "label": revision.label,
            "title": self.title,
            "kind": revision.kind,
            "kind_label": str(revision.get_kind_display()),
            "created_at": revision.created_at.isoformat(),
            "created_by": self.who,
            "reason": revision.reason,
            "effective_from": key_code(revision.effective_from),
            "effective_from_label": self.effective_label,
            "source": revision.source_name,
            "warnings": len(revision.warnings or []),
            "measures": self.measure_count,
            "previous": self.previous.label if self.previous else None,
            "diff": self.diff.to_json() if self.diff is not None else None,
        }


def _present_count(measures: dict[str, Any]) -> int:
    return sum(1 for state in measures.values() if state.get("retired_from") is None)


def history(plan: Plan) -> list[HistoryEntry]:
    """Every revision, newest first, each with what it changed from the one before."""
    revisions = list(
        PlanRevision.objects.filter(plan=plan)
        .select_related("created_by")
        .order_by("number", "minor")
    )
    entries: list[HistoryEntry] = []
    previous: PlanRevision | None = None
    for revision in revisions:
        measures = _measures(revision)
        diff = diff_states(_measures(previous), measures) if previous is not None else None
        entries.append(
            HistoryEntry(
                revision=revision,
                previous=previous,
                diff=diff,
                measure_count=_present_count(measures),
                title=revision_title(revision),
                who=who(revision),
                effective_label=key_label(plan, revision.effective_from),
            )
        )
        previous = revision
    entries.reverse()
    return entries


def find_revision(plan: Plan, text: str | None) -> PlanRevision:
    """The plan's revision named by its label (``1.1``) or, failing that, by its id."""
    match = _LABEL.match(text or "")
    if match is None:
        raise RevisionNotFound(
            f'Revisi "{(text or "")[:20]}" tidak dikenal; tulis nomornya, mis. 0, 1 atau 1.1.'
        )
    number, minor = int(match.group(1)), int(match.group(2) or 0)
    found = PlanRevision.objects.filter(plan=plan, number=number, minor=minor).first()
    if found is None and match.group(2) is None:
        found = PlanRevision.objects.filter(plan=plan, pk=number).first()
    if found is None:
        labels = ", ".join(r.label for r in plan_revisions(plan)) or "belum ada"
        raise RevisionNotFound(
            f"Rencana #{plan.pk} tidak punya revisi {match.group(0).strip()} (revisinya: {labels})."
        )
    return found


@dataclass(frozen=True, slots=True)
class Comparison:
    """The diff from one revision's snapshot to another's (either order)."""

    old: PlanRevision
    new: PlanRevision
    diff: PlanDiff

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.old.plan_id,
            "from": self.old.label,
            "to": self.new.label,
            **self.diff.to_json(),
        }


def compare(plan: Plan, old: str | None, new: str | None) -> Comparison:
    """What differs from revision ``old`` to revision ``new`` (labels or ids)."""
    a, b = find_revision(plan, old), find_revision(plan, new)
    return Comparison(a, b, diff_states(_measures(a), _measures(b)))


@dataclass(frozen=True, slots=True)
class InForce:
    """The revision in force in the period being worked on, and a newer one still to come."""

    revision: PlanRevision | None
    title: str
    effective_label: str
    upcoming: PlanRevision | None
    upcoming_label: str


def in_force_now(plan: Plan) -> InForce:
    """The revision in force for the open period (else the next one to open)."""
    revisions = plan_revisions(plan)
    now = default_effective(plan)
    current = in_force_at(revisions, now)
    newest = revisions[-1] if revisions else None
    upcoming = newest if newest is not None and newest is not current else None
    return InForce(
        revision=current,
        title=revision_title(current) if current else "",
        effective_label=key_label(plan, current.effective_from) if current else "",
        upcoming=upcoming,
        upcoming_label=key_label(plan, upcoming.effective_from) if upcoming else "",
    )
