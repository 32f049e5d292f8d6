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
    check_weights,
    indicator_points,
    load_checklist,
    load_national,
    parse_checklist,
    parse_levels,
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


def test_the_shipped_checklist_covers_every_indicator_with_a_source() -> None:
    checklist = load_checklist()
    assert {entry.number for entry in checklist} == set(range(1, 25))
    assert all(entry.source for entry in checklist)


def test_a_broken_checklist_names_the_line() -> None:
    header = "nomor,dokumen,sumber\n"
    with pytest.raises(ReferenceError, match="baris 3: indikator 25 tidak ada"):
        parse_checklist(header + "1,Perda KLA,x\n25,Lain,x\n")
    with pytest.raises(ReferenceError, match="baris 2: nama dokumen kosong"):
        parse_checklist(header + "1,,x\n")
    with pytest.raises(ReferenceError, match="baris 3: dokumen ini sudah ada di indikator 1"):
        parse_checklist(header + "1,Perda KLA,x\n1,perda  KLA,y\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ()),
        ("0; 50; 100", ("0", "50", "100")),
        ("0,50,100", ("0", "50", "100")),
        ("100 0 12,5", ("0", "12.5", "100")),
        ("0, 25, 50, 75, 100", ("0", "25", "50", "75", "100")),
    ],
)
def test_answer_levels_read_as_people_type_them(text: str, expected: tuple[str, ...]) -> None:
    assert parse_levels(text) == tuple(D(x) for x in expected)


@pytest.mark.parametrize(("text", "message"), [("50; 100", "memuat 0 dan 100"),
                                                ("0; 150; 100", "antara 0 dan 100"),
                                                ("0; x; 100", "bukan angka")])  # fmt: skip
def test_bad_answer_levels_say_why(text: str, message: str) -> None:
    with pytest.raises(ReferenceError, match=message):
        parse_levels(text)


@given(st.text(alphabet="0123456789,;. x-", max_size=30))
def test_the_levels_parser_returns_bounded_levels_or_a_reference_error(text: str) -> None:
    try:
        levels = parse_levels(text)
    except ReferenceError:
        return
    assert levels == () or (levels[0] == 0 and levels[-1] == 100)
    assert list(levels) == sorted(set(levels))


@given(st.integers(0, 6), st.integers(1, 6))
def test_answer_levels_round_the_proven_share_down(verified: int, required: int) -> None:
    levels = (D(0), D(50), D(100))
    points = indicator_points(D(40), IndicatorEvidence(1, required, verified), levels)
    share = min(verified, required) / required
    assert points == (D(40) if share == 1 else D(20) if share >= 0.5 else D(0))


def test_weights_must_cover_24_indicators_and_total_1000() -> None:
    check_weights(DEFAULT_WEIGHTS)
    with pytest.raises(ReferenceError, match="1 sampai 24"):
        check_weights({1: D(1000)})
    with pytest.raises(ReferenceError, match="Jumlah bobot 1001; harus tepat 1000"):
        check_weights(DEFAULT_WEIGHTS | {24: D(41)})
    with pytest.raises(ReferenceError, match="indikator 3 tidak boleh negatif"):
        check_weights(DEFAULT_WEIGHTS | {3: D(-40), 4: D(120)})
