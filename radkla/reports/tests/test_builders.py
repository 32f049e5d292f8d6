"""The laporan as data: generated sentences and tables, the same numbers as the engine."""

from __future__ import annotations

import datetime as dt

from radkla.achievement.selectors import plan_achievement
from radkla.monitoring.models import ReportingPeriod
from radkla.plan.models import Plan
from radkla.reports.builders import build_laporan
from radkla.reports.document import Figure, Heading, Paragraph, Table


def test_the_report_tells_the_year_in_sentences_and_tables(small: Plan) -> None:
    report = build_laporan(small, year=2023, today=dt.date(2024, 2, 1))
    assert report.cover.region == "Kota Cilegon"
    assert report.cover.subtitle == "Tahun 2023"
    assert report.cover.date_text == "1 Februari 2024"
    lead = [b.text for b in report.blocks if isinstance(b, Paragraph) and b.style == "lead"]
    assert lead[0] == (
        "Capaian keseluruhan RAD KLA Cilegon untuk tahun 2023 adalah 88,89% dengan kategori "
        "tinggi, dihitung dari 3 ukuran yang dapat dinilai dari 4 ukuran rencana."
    )
    assert "tertinggi ada pada Kelembagaan (100%" in lead[1]
    assert "terendah pada Klaster I: Hak Sipil dan Kebebasan (75%" in lead[1]
    # One closed year is no trend: nothing is projected, so nothing is counted at risk.
    assert lead[2] == "Tidak ada ukuran yang diproyeksikan gagal mencapai target tahun 2026."
    assert lead[3].startswith("Sebanyak 4 ukuran belum cukup data untuk diproyeksikan")
    assert "Kelengkapan laporan" in lead[4]
    chapters = [b.text for b in report.blocks if isinstance(b, Heading) and b.level == 1]
    assert chapters[0] == "Ringkasan eksekutif"
    assert chapters[1:7] == [g.name for g in plan_achievement(small, 2023).clusters]
    assert "Lampiran: matriks capaian lengkap" in chapters
    # The overview, then one chart per cluster that has measures (K, I and III here).
    assert sum(isinstance(b, Figure) for b in report.blocks) == 4


def test_the_tables_carry_the_engines_numbers(small: Plan) -> None:
    report = build_laporan(small, year=2023)
    tables = {b.title: b for b in report.blocks if isinstance(b, Table)}
    annex = tables["Matriks capaian tahun 2023"]
    rows = {row[1]: row for row in annex.rows}
    assert rows["Prevalensi stunting"][3:] == ("19,5", "91,67%", "sangat tinggi")
    assert rows["Petugas terlatih"][3:] == ("30", "75%", "sedang")
    assert rows["Profil gizi"][4:] == ("–", "tanpa target")  # the status says why
    completeness = tables["Kelengkapan laporan tahun 2023"]
    dinsos = next(r for r in completeness.rows if r[0] == "Dinsos")
    assert dinsos[1:3] == ("3", "3")  # one measure, three periods, all verified
    assert "Catatan audit data rencana" in tables


def test_a_period_report_stops_at_the_period(small: Plan) -> None:
    first = ReportingPeriod.objects.get(plan=small, year=2023, number=1)
    report = build_laporan(small, year=2023, period=first)
    assert report.cover.subtitle == "Caturwulan I 2023"
    annex = next(b for b in report.blocks if isinstance(b, Table) and b.title.startswith("Matriks"))
    rows = {row[1]: row for row in annex.rows}
    # 10 of 40 by the first period: a summed measure waits for its complete year.
    assert rows["Petugas terlatih"][3:6] == ("10", "–", "belum lengkap")
