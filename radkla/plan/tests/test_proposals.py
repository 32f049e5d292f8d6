"""Proposed polarity and aggregation read the measure's own words."""

from __future__ import annotations

import pytest

from radkla.plan.proposals import propose_aggregation, propose_polarity


@pytest.mark.parametrize(
    ("measure", "unit", "expected"),
    [
        ("Prevalansi kekerasan terhadap anak", "%", "negative"),
        ("Prevalensi stunting balita", "%", "negative"),
        ("Angka perkawinan anak", "Kasus", "negative"),
        ("Jumlah kasus kekerasan terhadap anak", "Kasus", "negative"),
        ("Persentase penanganan stunting di rumah sakit", "%", "positive"),
        ("Anak korban kekerasan terdampingi psikologinya", "% anak", "positive"),
        ("Capaian Kepemilikan Akta Kelahiran", "%", "positive"),
        ("Jumlah Kader PATBM", "Orang", "positive"),
    ],
)
def test_it_proposes_lower_is_better_for_harms(measure: str, unit: str, expected: str) -> None:
    assert propose_polarity(measure, unit) == expected


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
