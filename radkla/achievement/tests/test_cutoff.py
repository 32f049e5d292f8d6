"""The data cut-off line: which periods count and whether the year is complete."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from radkla.achievement.cutoff import PeriodFact, cutoff


def _year(states: list[tuple[bool, bool]], year: int = 2025) -> list[PeriodFact]:
    roman = ("I", "II", "III")
    return [
        PeriodFact(n, f"Caturwulan {roman[n - 1]} {year}", "caturwulan", closed, verified)
        for n, (closed, verified) in enumerate(states, start=1)
    ]


def test_a_year_in_progress_names_its_last_verified_period() -> None:
    periods = _year([(True, True), (True, True), (False, False)])
    reach = cutoff(2025, periods)
    assert reach.text == "data terverifikasi sampai dengan Caturwulan II 2025"
    assert reach.periods_text == "Caturwulan I–III 2025"
    assert not reach.complete and reach.year_to_date
    assert reach.sentence == (
        "Data terverifikasi sampai dengan Caturwulan II 2025 (tahun berjalan); "
        "periode yang dihitung: Caturwulan I–III 2025."
    )


def test_a_period_report_counts_up_to_its_period_and_is_year_to_date() -> None:
    periods = _year([(True, True), (True, True), (True, True)])
    reach = cutoff(2025, periods, upto=2)
    assert reach.periods_text == "Caturwulan I–II 2025"
    assert reach.scope_text == "s.d. Caturwulan II 2025 (tahun berjalan)"
    assert not reach.complete


def test_a_closed_year_is_complete() -> None:
    reach = cutoff(2025, _year([(True, True)] * 3))
    assert reach.complete and reach.scope_text == "tahun 2025"


def test_nothing_verified_says_so() -> None:
    reach = cutoff(2025, _year([(False, False)] * 3), upto=1)
    assert reach.text == "belum ada data terverifikasi s.d. Caturwulan I 2025"
    assert cutoff(2025, []).text == "belum ada periode pelaporan untuk 2025"


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=3), st.integers(1, 3))
def test_complete_only_when_every_period_is_counted_and_closed(
    states: list[tuple[bool, bool]], upto: int
) -> None:
    periods = _year(states)
    reach = cutoff(2025, periods, upto=upto)
    assert reach.complete == (upto >= len(states) and all(closed for closed, _v in states))
    assert reach.year_to_date != reach.complete
