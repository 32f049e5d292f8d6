"""The rules the task force signs: missed thresholds and projections, each pinned by its case.

Each measure below is the shape of one the demo data got wrong: a missed ``> 90%``
read as sangat tinggi, a baseline that is the four targets' sum (``Tiap Kluster``),
a falling stock projected below zero, a percentage projected above 100, and a
baseline with a single measured year counted at risk.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from radkla.accounts.access import SYSTEM
from radkla.accounts.models import Profile
from radkla.achievement.engine import Category
from radkla.achievement.selectors import plan_achievement
from radkla.achievement.tests.conftest import _agency, _save
from radkla.conftest import make_account
from radkla.monitoring.services import (
    close_period,
    create_periods,
    open_period,
    submit_realization,
    verify_realization,
)
from radkla.plan.audit import audit_rows
from radkla.plan.models import Measure, Plan
from radkla.plan.selectors import measure_rows
from radkla.plan.services import import_plan, read_plan_file
from radkla.reports.builders import build_laporan
from radkla.reports.document import Paragraph, Table

D = Decimal

RULES_PLAN = """\
PERATURAN WALI KOTA CILEGON
NOMOR 98 TAHUN 2024
TENTANG
RENCANA AKSI DAERAH KOTA LAYAK ANAK TAHUN 2023-2026

No\tINDIKATOR\tRENCANA AKSI\tUKURAN\tSATUAN\tDATA DASAR (2022)\tTARGET\t\t\t\tINSTANSI PENANGGUNG JAWAB\tPROGRAM
\t\t\t\t\t\t2023\t2024\t2025\t2026\t\t
I\tKELEMBAGAAN\t\t\t\t\t\t\t\t\t\t
1.\tPerda KLA\tPembinaan\tKelurahan layak anak\t%\t90\t> 90%\t> 90%\t> 90%\t> 90%\tDinkes\t
\t\tPembentukan\tForum anak tiap kluster\tKluster\t200\t50\t50\t50\t50\tDinsos\t
\t\tPemeliharaan\tTaman bermain terpelihara\tUnit\t10\t10\t10\t10\t10\tDinsos\t
III\tKLASTER KESEHATAN\t\t\t\t\t\t\t\t\t\t
12.\tGizi\tSosialisasi\tCakupan sosialisasi gizi\t%\t50\t60\t70\t80\t90\tDinkes\t
\t\tImunisasi\tCakupan imunisasi\t%\t50\t90\t90\t90\t90\tDinkes\t

WALI KOTA CILEGON,
"""

# Verified realizations per closed year; a missing year was not reported.
VALUES = {
    2023: {
        "Kelurahan layak anak": "85",
        "Forum anak tiap kluster": "50",
        "Taman bermain terpelihara": "8",
        "Cakupan sosialisasi gizi": "80",
        "Cakupan imunisasi": "40",
    },
    2024: {
        "Kelurahan layak anak": "85",
        "Forum anak tiap kluster": "50",
        "Taman bermain terpelihara": "2",
        "Cakupan sosialisasi gizi": "95",
    },
}


@pytest.fixture
def rules_plan(db: None) -> Plan:
    plan = import_plan(parsed=read_plan_file(RULES_PLAN.encode(), "aturan.txt"), actor=None).plan
    for year, values in VALUES.items():
        for period in create_periods(plan=plan, year=year, scope=SYSTEM, actor=None):
            open_period(period=period, scope=SYSTEM, actor=None)
            for name, text in values.items():
                measure = Measure.objects.get(plan=plan, name=name)
                verify_realization(
                    realization=submit_realization(
                        realization=_save(measure, period, text), scope=_agency(measure), actor=None
                    ),
                    scope=SYSTEM,
                    actor=None,
                )
            close_period(period=period, scope=SYSTEM, actor=None)
    return plan


def by_name(result, name: str):  # type: ignore[no-untyped-def]
    return next(m for m in result.measures if m.name == name)


def test_a_missed_threshold_reads_belum_tercapai_at_90_tinggi(rules_plan: Plan) -> None:
    kelurahan = by_name(plan_achievement(rules_plan, 2024), "Kelurahan layak anak")
    # 85 against "> 90%" is 94,44 by the formula: capped at 90, never sangat tinggi.
    assert (kelurahan.score.capaian, kelurahan.score.category) == (D(90), Category.TINGGI)
    assert kelurahan.score.threshold_label == "belum tercapai"


def test_a_baseline_the_audit_calls_a_multi_year_total_is_not_on_the_line(
    rules_plan: Plan,
) -> None:
    rows = measure_rows(rules_plan)
    flags = audit_rows(rows, start_year=2023, end_year=2026)
    assert [f.measure for f in flags if f.code == "baseline-is-total"] == [
        "Forum anak tiap kluster"
    ]
    kluster = by_name(plan_achievement(rules_plan, 2024), "Forum anak tiap kluster")
    # Through the baseline 200 the line fell to −137,5; without it the trend is flat at 50.
    assert kluster.aggregation == Measure.Aggregation.LATEST
    assert (kluster.projection, kluster.at_risk) == (D(50), False)


def test_projections_stay_within_0_and_100_for_percentages(rules_plan: Plan) -> None:
    result = plan_achievement(rules_plan, 2024)
    taman = by_name(result, "Taman bermain terpelihara")  # 10, 8, 2: the line ends at −5,33
    assert (taman.projection, taman.at_risk) == (D(0), True)
    gizi = by_name(result, "Cakupan sosialisasi gizi")  # 50, 80, 95: the line ends at 142,5
    assert (gizi.projection, gizi.at_risk) == (D(100), False)


def test_one_measured_year_is_not_projected_nor_counted_at_risk(rules_plan: Plan) -> None:
    result = plan_achievement(rules_plan, 2024)
    imunisasi = by_name(result, "Cakupan imunisasi")  # baseline 50 and 2023 only
    assert (imunisasi.projection, imunisasi.at_risk) == (None, None)
    assert sorted(m.name for m in result.at_risk) == [
        "Kelurahan layak anak",
        "Taman bermain terpelihara",
    ]


def test_the_laporan_lists_every_measure_it_counts_at_risk(rules_plan: Plan) -> None:
    report = build_laporan(rules_plan, year=2024)
    texts = [b.text for b in report.blocks if isinstance(b, Paragraph)]
    assert any(t.startswith("Sebanyak 2 ukuran diproyeksikan tidak mencapai") for t in texts)
    assert any(t.startswith("Sebanyak 1 ukuran belum cukup data") for t in texts)
    table = next(
        b for b in report.blocks if isinstance(b, Table) and "Ukuran yang diproyeksikan" in b.title
    )
    assert table.columns == ("Ind.", "Ukuran", "Instansi", "Target 2026", "Proyeksi 2026")
    assert sorted((r[1], r[2], r[3], r[4]) for r in table.rows) == [
        ("Kelurahan layak anak", "Dinkes", "> 90%", "79,17"),
        ("Taman bermain terpelihara", "Dinsos", "10", "0"),
    ]
    matrix = next(b for b in report.blocks if isinstance(b, Table) and "Matriks" in b.title)
    row = next(r for r in matrix.rows if r[1] == "Kelurahan layak anak")
    assert (row[-2], row[-1]) == ("90,00%", "tinggi\nbelum tercapai")
    note = next(t for t in texts if t.startswith("Capaian dihitung"))
    assert "paling tinggi 90" in note and "dua tahun" in note and "di bawah 0" in note


def test_radkla_status_lists_the_measures_it_counts_at_risk(rules_plan: Plan) -> None:
    out = StringIO()
    call_command("status", "--year", "2024", stdout=out)
    text = out.getvalue()
    assert "2 ukuran diproyeksikan tidak mencapai target 2026" in text
    assert "Kelurahan layak anak" in text and "79,17" in text
    assert "Taman bermain terpelihara" in text
    assert "Cakupan imunisasi" not in text


def test_the_plan_home_counts_and_lists_the_same_measures(rules_plan: Plan) -> None:
    profile = make_account("pembaca", Profile.Role.VIEWER, None, full_name="Pembaca")
    client = Client()
    client.force_login(profile.user)
    html = client.get(reverse("achievement:dashboard"), {"tahun": 2024}).content.decode()
    assert "2 ukuran berisiko tidak mencapai target akhir" in html
    assert html.count('<tr data-measure="') == 2
    assert "Kelurahan layak anak" in html and "Taman bermain terpelihara" in html
    cluster = client.get(
        reverse("achievement:cluster", args=["III"]), {"tahun": 2024}
    ).content.decode()
    imunisasi = cluster[cluster.index("Cakupan imunisasi") :].split("</tr>")[0]
    assert "belum cukup data" in imunisasi and "berisiko" not in imunisasi
    kelembagaan = client.get(
        reverse("achievement:cluster", args=["K"]), {"tahun": 2024}
    ).content.decode()
    kelurahan = kelembagaan[kelembagaan.index("Kelurahan layak anak") :].split("</tr>")[0]
    assert "belum tercapai" in kelurahan and "sangat tinggi" not in kelurahan
    download = client.get(
        reverse("achievement:cluster", args=["K"]), {"tahun": 2024, "export": "csv"}
    ).content.decode()
    row = next(r for r in csv.reader(io.StringIO(download)) if r[1:2] == ["Kelurahan layak anak"])
    assert row[6:9] == ["90.0", "tinggi", "belum tercapai"]
