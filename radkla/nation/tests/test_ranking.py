"""The recap's ranking rule: highest overall capaian first, ties share a rank, no figure no rank."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from radkla.nation.ranking import ranked


def _rank(items: list[tuple[str, Decimal | None]]) -> list[tuple[int | None, str]]:
    return [(rank, name) for rank, (name, _v) in ranked(items, lambda i: i[1], lambda i: i[0])]


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    items = [
        ("Serang", Decimal("80.00")),
        ("Bandung", Decimal("92.50")),
        ("Cilegon", Decimal("80.00")),
        ("Bogor", Decimal("70.10")),
    ]
    assert _rank(items) == [(1, "Bandung"), (2, "Cilegon"), (2, "Serang"), (4, "Bogor")]


def test_cities_without_a_figure_are_unranked_and_last_by_name() -> None:
    items = [("Tangerang", None), ("Serang", Decimal("10")), ("Bekasi", None)]
    assert _rank(items) == [(1, "Serang"), (None, "Bekasi"), (None, "Tangerang")]


def test_figures_rank_as_they_read_with_two_decimals() -> None:
    # 80,004 reads 80,00 and 79,996 reads 80,00: the same figure on the page, the same rank.
    items = [("A", Decimal("80.004")), ("B", Decimal("79.996")), ("C", Decimal("80.005"))]
    assert _rank(items) == [(1, "C"), (2, "A"), (2, "B")]


def test_no_cities_no_ranks() -> None:
    assert _rank([]) == []


values = st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2, allow_nan=False))


@given(st.lists(st.tuples(st.text(min_size=1, max_size=5), values), max_size=30))
def test_a_rank_is_one_more_than_the_cities_strictly_ahead(
    items: list[tuple[str, Decimal | None]],
) -> None:
    result = ranked(items, lambda i: i[1], lambda i: i[0])
    assert sorted(map(id, (item for _r, item in result))) == sorted(map(id, items))
    for rank, (_name, value) in result:
        if value is None:
            assert rank is None
        else:
            ahead = sum(1 for _n, v in items if v is not None and v > value)
            assert rank == ahead + 1
    shown = [rank for rank, _item in result]
    numbered = [r for r in shown if r is not None]
    assert numbered == sorted(numbered)
    assert None not in shown[: len(numbered)]
