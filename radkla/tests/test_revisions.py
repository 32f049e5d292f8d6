"""The newest revision of each realization wins, whatever order the rows come in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from radkla.lib.revisions import newest


def test_it_keeps_the_highest_revision_per_key() -> None:
    rows = [("a", 1, "x"), ("b", 1, "y"), ("a", 3, "z"), ("a", 2, "w")]
    assert newest(rows, key=lambda r: r[0], revision=lambda r: r[1]) == {
        "a": ("a", 3, "z"),
        "b": ("b", 1, "y"),
    }


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 9)), max_size=30))
def test_the_result_does_not_depend_on_row_order(rows: list[tuple[int, int]]) -> None:
    forward = newest(rows, key=lambda r: r[0], revision=lambda r: r[1])
    backward = newest(list(reversed(rows)), key=lambda r: r[0], revision=lambda r: r[1])
    assert {k: v[1] for k, v in forward.items()} == {k: v[1] for k, v in backward.items()}
    assert all(v[1] == max(r[1] for r in rows if r[0] == k) for k, v in forward.items())
