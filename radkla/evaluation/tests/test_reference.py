"""The national reference, the Cilegon mapping, and the self-assessment score."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from radkla.evaluation.reference import (
    DEFAULT_WEIGHTS,
    IndicatorEvidence,
    ReferenceError,
    assess,
    category,
    load_national,
    parse_national,
    propose_national,
)
from radkla.plan.parsers.perwal import ParsedRegulation, parse_regulation

D = Decimal


@pytest.fixture(scope="module")
def seed(seed_bytes: bytes) -> ParsedRegulation:
    return parse_regulation(seed_bytes, "perwal.txt")


def test_the_reference_has_24_indicators_in_their_clusters() -> None:
    national = load_national()
    assert [i.number for i in national] == list(range(1, 25))
    clusters = {
        c: [i.number for i in national if i.cluster == c]
        for c in ("K", "I", "II", "III", "IV", "V")
    }
    assert clusters == {
        "K": [1, 2, 3],
        "I": [4, 5, 6],
        "II": [7, 8, 9, 10, 11],
        "III": [12, 13, 14, 15, 16, 17],
        "IV": [18, 19, 20],
        "V": [21, 22, 23, 24],
    }
    assert sum(DEFAULT_WEIGHTS.values()) == 1000


def test_every_cilegon_indicator_maps_including_25_and_the_sub_letters(
    seed: ParsedRegulation,
) -> None:
    national = load_national()
    local = {(m.indicator_no, m.indicator_sub): m.indicator for m in seed.table.measures}
    mapped = {key: propose_national(key[0], name, national).number for key, name in local.items()}
    assert len(mapped) == 28
    assert mapped[(21, "a")] == mapped[(21, "b")] == 21
    assert mapped[(22, "a")] == mapped[(22, "b")] == 22
    assert mapped[(24, "")] == 24
    assert mapped[(25, "")] == 24  # "korban jaringan terorisme dan stigmanisasi"
    assert all(mapped[(n, "")] == n for n in range(1, 21))


def test_a_broken_reference_file_names_the_line() -> None:
    with pytest.raises(ReferenceError, match="baris 2: indikator 4 bukan bagian dari klaster K"):
        parse_national("nomor,klaster,indikator\n4,K,Akta\n")
    with pytest.raises(ReferenceError, match="1 sampai 24"):
        parse_national("nomor,klaster,indikator\n1,K,Perda\n")


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ("499.99", None),
        ("500", "Pratama"),
        ("600", "Pratama"),
        ("600.5", "Pratama"),
        ("601", "Madya"),
        ("700", "Madya"),
        ("701", "Nindya"),
        ("800", "Nindya"),
        ("801", "Utama"),
        ("900", "Utama"),
        ("901", "KLA"),
        ("1000", "KLA"),
    ],
)
def test_the_category_boundaries(points: str, expected: str | None) -> None:
    assert category(D(points)) == expected


def test_a_hand_computed_assessment_and_its_what_if() -> None:
    weights = {1: D(60), 2: D(60), 3: D(40), 4: D(40)}
    evidence = [
        IndicatorEvidence(1, required=4, verified=4),  # 60
        IndicatorEvidence(2, required=3, verified=2),  # 40
        IndicatorEvidence(3, required=2, verified=0),  # 0
        IndicatorEvidence(4, required=5, verified=1),  # 8
    ]
    result = assess(evidence, weights)
    assert result.points == {1: D(60), 2: D("40.00"), 3: D(0), 4: D("8.00")}
    assert result.total == D(108)
    assert result.category is None
    assert result.what_if_total == D(200)
    full = assess([IndicatorEvidence(n, 2, 2) for n in range(1, 25)])
    assert (full.total, full.category) == (D(1000), "KLA")


@given(
    st.lists(
        st.tuples(st.integers(1, 24), st.integers(0, 6), st.integers(0, 8)),
        max_size=24,
        unique_by=lambda t: t[0],
    )
)
def test_points_never_exceed_the_weights(rows: list[tuple[int, int, int]]) -> None:
    result = assess([IndicatorEvidence(n, required, verified) for n, required, verified in rows])
    assert D(0) <= result.total <= result.what_if_total <= D(1000)
