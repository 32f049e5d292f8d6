"""What changed between two states of a plan, and which measures are the same. Pure.

Two rules, stated once (README, "Revisi rencana"):

- **Matching** a new document to the plan in force: a measure is the same
  measure when it stands under the same indicator with the same text (its
  action's text may change); failing that, when it stands under the same
  indicator and at least half of its words are the words of a measure there
  that found no partner (a renamed measure is a change, not a removal plus an
  addition). Every other measure of the document is added, every other
  measure of the plan is removed.
- **Differences** are compared after collapsing white space, so a document
  converted again does not show changes that are only line breaks.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# A renamed measure keeps at least this share of its words (of the longer text).
SIMILAR_WORDS = 0.5

_WORD = re.compile(r"[0-9a-z]+")

_CHOICES = {
    "polarity": {"positive": "makin tinggi makin baik", "negative": "makin rendah makin baik"},
    "aggregation": {
        "sum": "jumlah antarperiode",
        "latest": "nilai terakhir",
        "max": "nilai tertinggi",
    },
    "area_level": {"": "tingkat kota", "kecamatan": "per kecamatan", "kelurahan": "per kelurahan"},
}
# The fields a reader sees changed, in the order a row shows them; targets follow "baseline".
_BEFORE_TARGETS = (
    ("indicator", "indikator"),
    ("action", "rencana aksi"),
    ("name", "ukuran"),
    ("unit", "satuan"),
    ("baseline", "data dasar"),
)
_AFTER_TARGETS = (
    ("agencies", "instansi"),
    ("program", "program"),
    ("polarity", "polaritas"),
    ("polarity_confirmed", "polaritas dikonfirmasi"),
    ("aggregation", "cara menjumlah periode"),
    ("aggregation_confirmed", "cara menjumlah dikonfirmasi"),
    ("requires_evidence", "wajib bukti dukung"),
    ("area_level", "dilaporkan per wilayah"),
)


def collapsed(text: str) -> str:
    return " ".join(str(text).split())


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def similarity(a: str, b: str) -> float:
    """The share of words two texts have in common, of the longer one's."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / max(len(wa), len(wb))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A measure as matching sees it: its key, indicator (``3a``), action and text."""

    key: str
    indicator: str
    action: str
    name: str


def match_measures(old: Sequence[Candidate], new: Sequence[Candidate]) -> dict[str, str]:
    """Pairs of the same measure: new key → old key (see the module's rule)."""
    pairs: dict[str, str] = {}
    taken: set[str] = set()

    def exact(fields: Any) -> None:
        waiting: dict[tuple[str, ...], deque[str]] = defaultdict(deque)
        for c in old:
            if c.key not in taken:
                waiting[fields(c)].append(c.key)
        for c in new:
            queue = waiting.get(fields(c))
            if c.key not in pairs and queue:
                pairs[c.key] = queue.popleft()
                taken.add(pairs[c.key])

    exact(lambda c: (c.indicator, collapsed(c.action).casefold(), collapsed(c.name).casefold()))
    exact(lambda c: (c.indicator, collapsed(c.name).casefold()))
    # Renamed: within an indicator, the most similar free pairs first; on a tie, the
    # pair whose places among the free measures are closest.
    free_old: dict[str, list[Candidate]] = defaultdict(list)
    for c in old:
        if c.key not in taken:
            free_old[c.indicator].append(c)
    free_new: dict[str, list[Candidate]] = defaultdict(list)
    for c in new:
        if c.key not in pairs:
            free_new[c.indicator].append(c)
    for indicator, news in free_new.items():
        olds = free_old.get(indicator, [])
        scored = sorted(
            (
                (-similarity(n.name, o.name), abs(i - j), i, j)
                for i, n in enumerate(news)
                for j, o in enumerate(olds)
            ),
        )
        for negative, _distance, i, j in scored:
            if -negative < SIMILAR_WORDS:
                break
            if news[i].key in pairs or olds[j].key in taken:
                continue
            pairs[news[i].key] = olds[j].key
            taken.add(olds[j].key)
    return pairs


@dataclass(frozen=True, slots=True)
class Change:
    field: str
    label: str
    old: str
    new: str

    def to_json(self) -> dict[str, str]:
        return {"field": self.field, "label": self.label, "old": self.old, "new": self.new}


@dataclass(frozen=True, slots=True)
class MeasureChange:
    """One measure added, removed or changed, with its changed fields (old → new)."""

    kind: str  # "added", "removed", "changed"
    key: str
    indicator: str
    name: str
    location: str
    changes: tuple[Change, ...] = ()

    @property
    def kind_label(self) -> str:
        return {"added": "ditambah", "removed": "dihapus", "changed": "diubah"}[self.kind]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "measure": int(self.key) if self.key.isdigit() else None,
            "indicator": self.indicator,
            "name": self.name,
            "location": self.location,
            "changes": [c.to_json() for c in self.changes],
        }


@dataclass(frozen=True, slots=True)
class PlanDiff:
    entries: tuple[MeasureChange, ...]

    def _of(self, kind: str) -> list[MeasureChange]:
        return [e for e in self.entries if e.kind == kind]

    @property
    def added(self) -> list[MeasureChange]:
        return self._of("added")

    @property
    def removed(self) -> list[MeasureChange]:
        return self._of("removed")

    @property
    def changed(self) -> list[MeasureChange]:
        return self._of("changed")

    @property
    def field_changes(self) -> int:
        return sum(len(e.changes) for e in self.changed)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def summary(self) -> str:
        """``2 ukuran diubah (3 isian), 1 ditambah, 0 dihapus`` — or that nothing changed."""
        if not self.entries:
            return "tidak ada perubahan isi"
        return (
            f"{len(self.changed)} ukuran diubah ({self.field_changes} isian), "
            f"{len(self.added)} ditambah, {len(self.removed)} dihapus"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "summary": {
                "changed": len(self.changed),
                "fields_changed": self.field_changes,
                "added": len(self.added),
                "removed": len(self.removed),
            },
            "measures": [e.to_json() for e in self.entries],
        }


def shown(field: str, value: Any) -> str:
    """A field's value as a reader reads it: choices in words, lists joined."""
    if value is None:
        return ""
    if field in _CHOICES:
        return _CHOICES[field].get(str(value), str(value))
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return collapsed(str(value))


def _changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[Change, ...]:
    found = []
    for field, label in _BEFORE_TARGETS:
        if shown(field, old.get(field)) != shown(field, new.get(field)):
            found.append(
                Change(field, label, shown(field, old.get(field)), shown(field, new.get(field)))
            )
    old_targets, new_targets = old.get("targets") or {}, new.get("targets") or {}
    for year in sorted(set(old_targets) | set(new_targets)):
        before, after = collapsed(old_targets.get(year, "")), collapsed(new_targets.get(year, ""))
        if before != after:
            found.append(Change(f"target:{year}", f"target {year}", before, after))
    for field, label in _AFTER_TARGETS:
        if field in old and field in new and shown(field, old[field]) != shown(field, new[field]):
            found.append(Change(field, label, shown(field, old[field]), shown(field, new[field])))
    return tuple(found)


def _present(state: Mapping[str, Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {k: v for k, v in state.items() if v.get("retired_from") is None}


def diff_states(
    old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]
) -> PlanDiff:
    """Every measure added, removed or changed from ``old`` to ``new`` (measures by key).

    A retired measure counts as absent; entries follow the document's order.
    """
    before, after = _present(old), _present(new)
    entries: list[tuple[int, MeasureChange]] = []
    for key, state in after.items():
        place = int(state.get("position") or 0)
        label = (str(state.get("indicator", "")), collapsed(state.get("name", "")))
        where = str(state.get("location", ""))
        if key not in before:
            entries.append((place, MeasureChange("added", key, *label, where, _added(state))))
            continue
        changes = _changes(before[key], state)
        if changes:
            entries.append((place, MeasureChange("changed", key, *label, where, changes)))
    for key, state in before.items():
        if key not in after:
            place = int(state.get("position") or 0)
            entries.append(
                (
                    place,
                    MeasureChange(
                        "removed",
                        key,
                        str(state.get("indicator", "")),
                        collapsed(state.get("name", "")),
                        str(state.get("location", "")),
                    ),
                )
            )
    entries.sort(key=lambda item: item[0])
    return PlanDiff(tuple(e for _p, e in entries))


def _added(state: Mapping[str, Any]) -> tuple[Change, ...]:
    """An added measure's content, shown as changes from nothing."""
    empty = {"agencies": [], "program": ""}
    return tuple(c for c in _changes(empty, state) if c.new)
