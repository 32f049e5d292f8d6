"""Matching a new document's measures to the plan's, and the differences: properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from radkla.plan.diff import Candidate, diff_states, match_measures, similarity

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)
NAME = st.lists(WORD, min_size=3, max_size=10, unique=True).map(" ".join)


@st.composite
def tables(draw: st.DrawFn) -> list[Candidate]:
    """A plan's measures: distinct texts under a few indicators, in document order."""
    names = draw(st.lists(NAME, min_size=1, max_size=25, unique_by=lambda n: frozenset(n.split())))
    return [
        Candidate(str(i), draw(st.sampled_from(["1", "2", "3a", "3b"])), "aksi", name)
        for i, name in enumerate(names)
    ]


@given(tables())
def test_a_table_matched_against_itself_pairs_every_measure_with_itself(
    old: list[Candidate],
) -> None:
    new = [Candidate(f"+{c.key}", c.indicator, c.action, c.name) for c in old]
    assert match_measures(old, new) == {f"+{c.key}": c.key for c in old}


@given(tables(), st.data())
def test_pairs_are_one_to_one_and_stay_under_their_indicator(
    old: list[Candidate], data: st.DataObject
) -> None:
    new = data.draw(tables())
    new = [Candidate(f"+{c.key}", c.indicator, c.action, c.name) for c in new]
    pairs = match_measures(old, new)
    assert len(set(pairs.values())) == len(pairs)
    by_key = {c.key: c for c in old}
    for new_key, old_key in pairs.items():
        mine = next(c for c in new if c.key == new_key)
        assert mine.indicator == by_key[old_key].indicator


@given(tables(), st.data())
def test_one_word_changed_in_a_long_measure_is_a_rename_not_a_removal(
    old: list[Candidate], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(old) - 1))
    words = old[index].name.split()
    words[data.draw(st.integers(0, len(words) - 1))] = "diubahkata"
    renamed = " ".join(words)
    new = [
        Candidate(f"+{c.key}", c.indicator, c.action, renamed if i == index else c.name)
        for i, c in enumerate(old)
    ]
    if similarity(renamed, old[index].name) >= 0.5:
        assert match_measures(old, new)[f"+{old[index].key}"] == old[index].key


def _state(name: str, targets: dict[str, str], position: int = 0) -> dict[str, object]:
    return {
        "indicator": "4",
        "action": "Sosialisasi",
        "name": name,
        "unit": "%",
        "baseline": "90",
        "targets": targets,
        "agencies": ["Dinas Kesehatan"],
        "program": "",
        "position": position,
    }


@given(
    st.dictionaries(
        st.sampled_from(["2023", "2024", "2025", "2026"]),
        st.text(min_size=0, max_size=6),
        min_size=1,
    )
)
def test_a_state_has_no_difference_from_itself_whatever_its_spacing(
    targets: dict[str, str],
) -> None:
    spaced = {year: f"  {raw}\n" for year, raw in targets.items()}
    assert not diff_states(
        {"1": _state("Cakupan  imunisasi", targets)}, {"1": _state("Cakupan imunisasi", spaced)}
    )


def test_every_kind_of_difference_is_listed_in_document_order() -> None:
    old = {
        "1": _state("Cakupan imunisasi", {"2024": "90"}, 0),
        "2": _state("Jumlah posyandu", {"2024": "10"}, 1),
        "3": {**_state("Dokumen profil", {"2024": "1"}, 2), "retired_from": 20241},
    }
    new = {
        "1": _state("Cakupan imunisasi dasar", {"2024": "95"}, 0),
        "+5": _state("Jumlah kelas ibu", {"2024": "4"}, 1),
    }
    diff = diff_states(old, new)
    assert [(e.kind, e.name) for e in diff.entries] == [
        ("changed", "Cakupan imunisasi dasar"),
        ("added", "Jumlah kelas ibu"),
        ("removed", "Jumlah posyandu"),
    ]
    assert [(c.label, c.old, c.new) for c in diff.changed[0].changes] == [
        ("ukuran", "Cakupan imunisasi", "Cakupan imunisasi dasar"),
        ("target 2024", "90", "95"),
    ]
    assert diff.summary() == "1 ukuran diubah (2 isian), 1 ditambah, 1 dihapus"
