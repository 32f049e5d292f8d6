"""Proposed polarity reads the targets first, then the measure's words; aggregation its unit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radkla.plan.models import Measure, Plan
from radkla.plan.parsers.cells import parse_cell
from radkla.plan.proposals import (
    NEGATIVE,
    POSITIVE,
    PolarityProposal,
    propose_aggregation,
    propose_polarity,
    trend_values,
)
from radkla.plan.services import import_plan, read_plan_file


def _numbers(*texts: str) -> list[Decimal | None]:
    return trend_values(parse_cell(text) for text in texts)


FLAT = _numbers("100", "100", "100", "100")


@pytest.mark.parametrize(
    ("measure", "unit", "expected"),
    [
        ("Prevalansi kekerasan terhadap anak", "%", "negative"),
        ("Prevalensi stunting balita", "%", "negative"),
        ("Angka perkawinan anak", "Kasus", "negative"),
        ("Jumlah kasus kekerasan terhadap anak", "Kasus", "negative"),
        ("Angka kematian bayi di fasilitas pelayanan kesehatan", "per 1000", "negative"),
        ("Jumlah anak korban kekerasan", "Anak", "negative"),
        ("Jumlah pekerja anak", "Anak", "negative"),
        ("Anak putus sekolah", "Anak", "negative"),
        ("Persentase penanganan stunting di rumah sakit", "%", "positive"),
        ("Anak korban kekerasan terdampingi psikologinya", "% anak", "positive"),
        ("Kebutuhan dasar anak korban kekerasan terpenuhi", "%", "positive"),
        ("Jumlah anak korban bencana yang diberikan bantuan", "%", "positive"),
        ("Jumlah anak korban kekerasan yang tertangani", "Anak", "positive"),
        ("Anak korban kekerasan yang mendapat layanan kesehatan", "%", "positive"),
        ("Rumah aman yang nyaman untuk anak korban kekerasan", "Kota", "positive"),
        ("Pelayanan kasus", "%", "positive"),
        ("Capaian Kepemilikan Akta Kelahiran", "%", "positive"),
        ("Jumlah Kader PATBM", "Orang", "positive"),
    ],
)
def test_without_a_trend_the_words_decide(measure: str, unit: str, expected: str) -> None:
    assert propose_polarity(measure, unit, FLAT).polarity == expected
    assert propose_polarity(measure, unit).polarity == expected  # no targets at all


def test_rising_targets_make_a_protection_measure_higher_is_better() -> None:
    # The example: named after child labour, but the targets rise 25 → 40.
    proposal = propose_polarity(
        "Jumlah perusahaan yang menerapkan norma perlindungan pekerja anak",
        "Perusahaan",
        _numbers("25", "30", "35", "40"),
    )
    assert proposal.polarity == POSITIVE
    assert proposal.reason == "Target naik dari 25 ke 40, jadi makin tinggi makin baik."


def test_a_service_to_victims_is_not_a_harm() -> None:
    proposal = propose_polarity("Kebutuhan dasar anak korban kekerasan terpenuhi", "%", FLAT)
    assert proposal.polarity == POSITIVE
    assert proposal.reason.startswith("Targetnya tetap 100; ")
    assert '"terpenuhi"' in proposal.reason and proposal.reason.endswith("makin baik.")


def test_falling_targets_make_even_a_service_lower_is_better() -> None:
    proposal = propose_polarity(
        "Persentase layanan rujukan", "%", _numbers("20", "18,5", "-", "14")
    )
    assert proposal.polarity == NEGATIVE
    assert proposal.reason == "Target turun dari 20 ke 14, jadi makin rendah makin baik."


def test_a_harm_with_flat_targets_says_which_words_decided() -> None:
    proposal = propose_polarity("Prevalensi stunting balita", "%", _numbers("14", "14", "14"))
    assert propose_polarity("Prevalensi stunting balita", "%", FLAT[:1]).polarity == NEGATIVE
    assert proposal.polarity == NEGATIVE
    assert '("prevalensi")' in proposal.reason and "makin rendah makin baik" in proposal.reason


def test_thresholds_composites_and_text_are_no_trend() -> None:
    cells = [parse_cell("> 90%"), parse_cell("Motor 2 Molin 1"), parse_cell("Tahun 2022")]
    assert trend_values(cells) == [None, None, None]
    proposal = propose_polarity("Cakupan kunjungan neonatal", "%", trend_values(cells))
    assert proposal.polarity == POSITIVE
    assert proposal.reason.startswith("Targetnya tidak berupa deret angka; ")


def test_targets_that_rise_and_fall_leave_it_to_the_words() -> None:
    mixed = _numbers("99,97", "99,8", "99,9", "100")
    assert propose_polarity("Angka partisipasi kasar SMP", "%", mixed) == PolarityProposal(
        POSITIVE,
        "Targetnya naik-turun dari 99,97 ke 100 dan tidak ada kata yang menandai kejadian "
        "yang merugikan anak; bawaan: makin tinggi makin baik.",
    )
    assert propose_polarity("Angka perkawinan anak", "Kasus", mixed).polarity == NEGATIVE


_WORDS = ["prevalensi", "kasus", "korban", "terpenuhi", "kematian", "layanan", "anak", "jumlah"]
_words = st.lists(st.sampled_from([*_WORDS, *"abdeiklmnoprstu"]), max_size=12).map(" ".join)
_value = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)


@st.composite
def _monotone(draw: st.DrawFn, rising: bool) -> list[Decimal | None]:
    values = sorted(draw(st.lists(_value, min_size=2, max_size=6)), reverse=not rising)
    if values[0] == values[-1]:
        values[-1] += 1 if rising else -1
    holes = draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
    # Missing years (None) may fall anywhere except on the first and last number.
    return [
        None if hole and 0 < i < len(values) - 1 else v
        for i, (v, hole) in enumerate(zip(values, holes, strict=True))
    ]


@settings(max_examples=200, deadline=None)
@given(measure=_words, unit=_words, targets=_monotone(rising=True))
def test_rising_targets_are_always_higher_is_better(
    measure: str, unit: str, targets: list[Decimal | None]
) -> None:
    proposal = propose_polarity(measure, unit, targets)
    assert proposal.polarity == POSITIVE
    assert proposal.reason.startswith("Target naik dari ")


@settings(max_examples=200, deadline=None)
@given(measure=_words, unit=_words, targets=_monotone(rising=False))
def test_falling_targets_are_always_lower_is_better(
    measure: str, unit: str, targets: list[Decimal | None]
) -> None:
    proposal = propose_polarity(measure, unit, targets)
    assert proposal.polarity == NEGATIVE
    assert proposal.reason.startswith("Target turun dari ")


# Every measure of the Cilegon plan that was once proposed as lower-is-better (by words
# alone), and the one that stays: a prevalence with flat targets.
CILEGON_ONCE_NEGATIVE = {
    "Presentasi kasus pneumonia balita yang diberikan tataksana standar": POSITIVE,  # 92 → 97
    "Prevalansi kekerasan terhadap anak": NEGATIVE,
    "Jumlah kecamatan ayang mengembangkan system monitoring": POSITIVE,
    "Kebutuhan dasar anak korban kekerasan terpenuhi": POSITIVE,
    "Terdampinginya anak korban kekerasan dan eksploitasi": POSITIVE,
    "Rumah aman yang nyaman untuk anak korban kekerasan": POSITIVE,
    "Jumlah perusahaan yang menerapkan norma perlindungan pekerja anak": POSITIVE,  # 25 → 40
    "Jumlah anak korban bencana yang diberikan bantuan": POSITIVE,
}


def test_cilegon_has_one_lower_is_better_measure(cilegon_plan: Plan) -> None:
    measures = list(Measure.objects.filter(plan=cilegon_plan).values_list("name", "polarity"))
    for start, expected in CILEGON_ONCE_NEGATIVE.items():
        found = [polarity for name, polarity in measures if name.startswith(start)]
        assert found == [expected], start
    assert [n for n, p in measures if p == NEGATIVE] == ["Prevalansi kekerasan terhadap anak"]


HARMS_DOCUMENT = """\
PERATURAN WALI KOTA CILEGON
NOMOR 98 TAHUN 2024
TENTANG
RENCANA AKSI DAERAH KOTA LAYAK ANAK TAHUN 2023-2026

No\tINDIKATOR\tRENCANA AKSI\tUKURAN\tSATUAN\tDATA DASAR (2022)\tTARGET\t\t\t\tINSTANSI PENANGGUNG JAWAB\tPROGRAM
\t\t\t\t\t\t2023\t2024\t2025\t2026\t\t
III\tKLASTER KESEHATAN\t\t\t\t\t\t\t\t\t\t
12.\tGizi\tPenurunan stunting\tPrevalensi stunting balita\t%\t20\t18\t16\t14\t12\tDinkes\t
\t\tKesehatan ibu\tAngka kematian bayi\tper 1000 kelahiran\t8\t8\t8\t8\t8\tDinkes\t
\t\tPemantauan\tBalita gizi buruk\tKasus\t5\t5\t5\t5\t5\tDinkes\t
\t\tPosyandu\tPosyandu aktif\tPosyandu\t40\t40\t45\t50\t55\tDinkes\t
V\tKLASTER PERLINDUNGAN KHUSUS\t\t\t\t\t\t\t\t\t\t
21.\tPerkawinan anak\tPencegahan\tAngka perkawinan anak\tKasus\t30\t30\t30\t30\t30\tDP3AP2KB\t
\t\tPendataan\tJumlah anak korban kekerasan\tAnak\t50\t45\t40\t35\t30\tDP3AP2KB\t
\t\tLayanan\tAnak korban kekerasan tertangani\t%\t100\t100\t100\t100\t100\tDP3AP2KB\t

WALI KOTA CILEGON,
"""


def test_importing_a_document_proposes_from_its_targets_and_words(db: None) -> None:
    plan = import_plan(
        parsed=read_plan_file(HARMS_DOCUMENT.encode(), "bahaya.txt"), actor=None
    ).plan
    found = dict(Measure.objects.filter(plan=plan).values_list("name", "polarity"))
    assert found == {
        "Prevalensi stunting balita": NEGATIVE,  # falling targets
        "Angka kematian bayi": NEGATIVE,  # flat, deaths
        "Balita gizi buruk": NEGATIVE,  # flat, a harm counted in cases
        "Posyandu aktif": POSITIVE,  # rising
        "Angka perkawinan anak": NEGATIVE,  # flat, child marriage
        "Jumlah anak korban kekerasan": NEGATIVE,  # falling
        "Anak korban kekerasan tertangani": POSITIVE,  # a service to victims
    }
    assert not Measure.objects.filter(plan=plan, polarity_confirmed=True).exists()


@pytest.mark.parametrize(
    ("measure", "unit", "expected"),
    [
        ("Capaian Kepemilikan KIA", "%", "latest"),
        ("Persentase balita yang mendapat kapsul vitamin A", "Jumlah Balita", "latest"),
        ("Jumlah Kader PATBM", "Orang", "sum"),
        ("Kegiatan", "Peserta", "sum"),
        ("Dokumen Pemantauan dan Evaluasi", "Dokumen", "sum"),
        ("Jumlah calon pengantin", "Pasang", "sum"),
        ("Kecamatan yang sudah terbentuk Gugus Tugas KELANA", "Kecamatan", "latest"),
        ("Jumlah Puskesmas Ramah Anak", "Jumlah Puskesmas", "latest"),
    ],
)
def test_it_proposes_sum_for_flows_and_latest_for_stocks(
    measure: str, unit: str, expected: str
) -> None:
    assert propose_aggregation(measure, unit) == expected
