"""`radkla status`: the same numbers as the engine, as a table or JSON."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from radkla.achievement.selectors import plan_achievement
from radkla.plan.models import Plan


def test_the_json_carries_capaian_and_kategori_at_every_level(
    small: Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("status", "--plan", str(small.pk), "--year", "2023", "--format", "json")
    document = json.loads(capsys.readouterr().out)
    assert document["rencana"]["capaian"] == 88.89
    assert document["rencana"]["kategori"] == "tinggi"
    clusters = {c["kode"]: c for c in document["klaster"]}
    assert clusters["I"]["capaian"] == 75.0 and clusters["I"]["kategori"] == "sedang"
    assert clusters["V"]["capaian"] is None and clusters["V"]["kategori"] is None
    indicator = clusters["III"]["indikator"][0]
    assert indicator["nomor"] == "12"
    measures = {m["ukuran"]: m for m in indicator["ukuran"]}
    assert measures["Prevalensi stunting"]["capaian"] == 91.67
    assert measures["Prevalensi stunting"]["kategori"] == "sangat tinggi"
    assert measures["Prevalensi stunting"]["berisiko"] is None  # one measured year: no trend
    assert (
        measures["Profil gizi"]["capaian"] is None and measures["Profil gizi"]["kategori"] is None
    )
    engine = plan_achievement(small, 2023)
    assert document["rencana"]["capaian"] == float(engine.plan_rollup.capaian or 0)
    assert document["rencana"]["batas_data"] == engine.cutoff.text
    assert document["rencana"]["tahun_lengkap"] is True


def test_a_period_to_date_marks_summed_measures_incomplete(
    small: Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("status", "--plan", str(small.pk), "--period", "2023-1", "--format", "json")
    document = json.loads(capsys.readouterr().out)
    assert document["rencana"]["batas_data"] == (
        "data terverifikasi sampai dengan Caturwulan I 2023"
    )
    assert document["rencana"]["periode_dihitung"] == "Caturwulan I 2023"
    assert document["rencana"]["tahun_lengkap"] is False
    measures = {
        m["ukuran"]: m for c in document["klaster"] for i in c["indikator"] for m in i["ukuran"]
    }
    trained = measures["Petugas terlatih"]  # summed: 10 of 40 so far is not a shortfall
    assert (trained["status"], trained["capaian"], trained["kategori"]) == (
        "belum lengkap",
        None,
        None,
    )
    assert trained["realisasi"] == 10.0


def test_the_table_and_period_to_date(small: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("status", "--plan", str(small.pk), "--period", "2023-1")
    table = capsys.readouterr().out
    assert "s.d. Caturwulan I 2023" in table and "RENCANA" in table
    assert "Data terverifikasi sampai dengan Caturwulan I 2023 (tahun berjalan)" in table
    with pytest.raises(CommandError, match="Periode 2031-1 tidak ada"):
        call_command("status", "--plan", str(small.pk), "--period", "2031-1")
    with pytest.raises(CommandError, match="di luar masa rencana"):
        call_command("status", "--plan", str(small.pk), "--year", "2040")
