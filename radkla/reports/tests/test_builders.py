"""The laporan as data: the document's order, its tables and sentences, from the engine."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from matplotlib.figure import Figure as MplFigure

from radkla.achievement.selectors import plan_achievement
from radkla.monitoring.models import ReportingPeriod
from radkla.plan.models import Plan
from radkla.reports.builders import build_laporan
from radkla.reports.document import Bullets, Contents, Heading, Paragraph, Signature, Table
from radkla.reports.models import ReportSettings
from radkla.reports.tests.conftest import LATER, SHARED, SUPERSEDED

CHAPTERS = [
    "KATA PENGANTAR",
    "BAB I PENDAHULUAN",
    "BAB II GUGUS TUGAS DAN RAPAT KOORDINASI",
    "BAB III CAPAIAN RENCANA AKSI DAERAH KLA",
    "BAB IV ANGGARAN",
    "BAB V PERMASALAHAN DAN TINDAK LANJUT",
    "BAB VI KESIMPULAN DAN REKOMENDASI",
    "BAB VII PENUTUP",
    "LAMPIRAN",
]
TODAY = dt.date(2024, 12, 20)


def _tables(report: object) -> dict[str, Table]:
    return {b.title: b for b in report.blocks if isinstance(b, Table)}  # type: ignore[attr-defined]


def _texts(report: object) -> str:
    parts = []
    for block in report.blocks:  # type: ignore[attr-defined]
        if isinstance(block, Paragraph | Heading):
            parts.append(block.text)
        elif isinstance(block, Bullets):
            parts.extend(block.items)
    return "\n".join(parts)


def test_the_document_has_the_chapters_in_the_official_order(small: Plan) -> None:
    report = build_laporan(small, year=2023, today=dt.date(2024, 2, 1))
    chapters = [b.text for b in report.blocks if isinstance(b, Heading) and b.level == 1]
    assert chapters == CHAPTERS
    kinds = [b.kind for b in report.blocks if isinstance(b, Contents)]
    assert kinds == ["isi", "tabel", "gambar"]
    landscape = [b.text for b in report.blocks if isinstance(b, Heading) and b.landscape]
    assert landscape == [CHAPTERS[3], "LAMPIRAN"]
    sections = [b.text for b in report.blocks if isinstance(b, Heading) and b.level == 2]
    assert sections[:4] == [
        "1.1 Latar Belakang",
        "1.2 Dasar Hukum",
        "1.3 Maksud dan Tujuan",
        "1.4 Ruang Lingkup",
    ]
    titles = [t for t in _tables(report) if t.startswith("Tabel 3.")]
    assert titles[0] == "Tabel 3.1 Capaian per klaster dibanding tahun sebelumnya dan data dasar"
    text = _texts(report)
    assert "audit" not in text.lower()  # the plan audit's notes are internal


def test_the_cover_names_the_government_the_task_force_the_year_and_the_date(
    small: Plan,
) -> None:
    cover = build_laporan(small, year=2023, today=dt.date(2024, 2, 1)).cover
    assert cover.government == "PEMERINTAH KOTA CILEGON"
    assert cover.issuer == "GUGUS TUGAS KABUPATEN/KOTA LAYAK ANAK"
    assert cover.title == "LAPORAN PENGEMBANGAN KABUPATEN/KOTA LAYAK ANAK"
    assert (cover.region, cover.subtitle, cover.date_text) == (
        "Kota Cilegon",
        "Tahun 2023",
        "1 Februari 2024",
    )
    assert cover.lines[0].startswith("Data terverifikasi sampai dengan Caturwulan III 2023")
    assert cover.logo is None


def test_the_settings_give_the_foreword_the_signer_and_the_logo(small: Plan) -> None:
    figure = MplFigure(figsize=(1, 1))
    logo = BytesIO()
    figure.savefig(logo, format="png")
    ReportSettings.objects.create(
        region=small.region,
        chair_name="Dr. Hj. Siti Aminah, M.Si.",
        chair_nip="197001011995032001",
        foreword="Paragraf pertama.\n\nParagraf kedua.",
        logo=logo.getvalue(),
        logo_type="image/png",
    )
    report = build_laporan(small, year=2023, today=dt.date(2024, 2, 1))
    assert report.cover.logo == logo.getvalue()
    assert [b.text for b in report.blocks[1:3]] == ["Paragraf pertama.", "Paragraf kedua."]
    signatures = [b for b in report.blocks if isinstance(b, Signature)]
    assert len(signatures) == 2  # the foreword's and the PENUTUP's
    last = signatures[-1]
    assert (last.place, last.date_text, last.name, last.nip) == (
        "Cilegon",
        "1 Februari 2024",
        "Dr. Hj. Siti Aminah, M.Si.",
        "197001011995032001",
    )
    assert last.position == "Ketua Gugus Tugas Kabupaten/Kota Layak Anak Kota Cilegon,"
    assert report.author == "Gugus Tugas KLA Kota Cilegon"


def test_without_a_foreword_it_is_composed_and_an_unnamed_signer_stays_empty(
    small: Plan,
) -> None:
    report = build_laporan(small, year=2023)
    assert report.blocks[1].text.startswith("Puji syukur")  # type: ignore[union-attr]
    assert "4 ukuran" in report.blocks[2].text  # type: ignore[union-attr]
    signature = next(b for b in report.blocks if isinstance(b, Signature))
    assert (signature.name, signature.nip) == ("", "")


def test_each_measure_row_carries_action_agency_unit_and_the_years_before(
    year_2024: Plan,
) -> None:
    report = build_laporan(year_2024, year=2024, today=TODAY)
    table = next(t for title, t in _tables(report).items() if "Klaster III" in title)
    assert table.columns == (
        "No", "Rencana aksi", "Ukuran", "Satuan", "Instansi", "Data dasar 2022",
        "Realisasi 2023", "Target 2024", "Realisasi 2024 (berjalan)", "Capaian",
        "Kategori",
    )  # fmt: skip
    rows = {row[2]: row for row in table.rows}
    stunting = rows["Prevalensi stunting"]
    assert stunting[1] == "Penurunan stunting" and stunting[3:8] == (
        "%", "Dinkes", "20", "19,5", "16",
    )  # fmt: skip
    assert stunting[8] == "17,5"  # the newest verified revision
    engine = next(m for m in plan_achievement(year_2024, 2024).measures if m.name == stunting[2])
    assert stunting[9] == f"{str(engine.score.capaian).replace('.', ',')}%"
    assert table.groups[0][1] == "Indikator 12. Gizi"


def test_the_budget_is_in_rupiah_per_cluster_and_agency(year_2024: Plan) -> None:
    report = build_laporan(year_2024, year=2024, today=TODAY)
    tables = _tables(report)
    cluster = tables["Tabel 4.1 Pagu dan realisasi anggaran 2024 per klaster dan sumber dana"]
    assert cluster.rows == (
        ("Klaster I: Hak Sipil dan Kebebasan", "APBD kota/kabupaten", "Rp51.000.000",
         "Rp5.000.000", "9,80%"),
        ("", "CSR/dunia usaha", "Rp4.000.000", "Rp0", "0,00%"),
        ("", "Jumlah", "Rp55.000.000", "Rp5.000.000", "9,09%"),
        ("Jumlah seluruhnya", "", "Rp55.000.000", "Rp5.000.000", "9,09%"),
    )  # fmt: skip
    agency = tables["Tabel 4.2 Pagu dan realisasi anggaran 2024 per instansi dan sumber dana"]
    assert [row[0] for row in agency.rows] == ["Dinsos", "", "", "Jumlah seluruhnya"]
    assert "Rp55.000.000" in _texts(report)


def test_obstacles_appear_once_with_their_periods_and_never_superseded(
    year_2024: Plan,
) -> None:
    report = build_laporan(year_2024, year=2024, today=TODAY)
    table = next(t for title, t in _tables(report).items() if "Hambatan dan tindak" in title)
    cells = [cell for row in table.rows for cell in row]
    assert cells.count(SHARED) == 1
    shared = next(row for row in table.rows if row[0] == SHARED)
    assert shared[2:] == ("Petugas terlatih", "Caturwulan I–II 2024")
    assert LATER in cells and SUPERSEDED not in cells
    assert all(SUPERSEDED not in str(b) for b in report.blocks)
    groups = [text for _row, text in table.groups]
    assert groups == [
        "Dinas Kesehatan (Dinkes) — Klaster III: Kesehatan Dasar dan Kesejahteraan",
        "Dinas Sosial (Dinsos) — Klaster I: Hak Sipil dan Kebebasan",
    ]


def test_meetings_their_attendance_decisions_and_follow_up_status(year_2024: Plan) -> None:
    report = build_laporan(year_2024, year=2024, today=TODAY)
    tables = _tables(report)
    meetings = next(t for title, t in tables.items() if title.startswith("Tabel 2.1 Rapat"))
    assert [row[1] for row in meetings.rows] == ["17 Mei 2024", "17 September 2024"]
    assert meetings.rows[0][4] == "2 dari 2 instansi"
    decisions = next(t for title, t in tables.items() if title.startswith("Tabel 2.2"))
    status = {row[1]: row[4] for row in decisions.rows}
    assert status["Dinkes melengkapi data posyandu."].startswith("Selesai ")
    assert status["Dinkes memperbaiki pencatatan gizi."] == "Terbuka, lewat batas waktu"
    text = _texts(report)
    assert "3 keputusan; 1 tindak lanjut masih terbuka, 1 di antaranya melewati" in text


def test_conclusions_come_from_the_numbers(year_2024: Plan) -> None:
    report = build_laporan(year_2024, year=2024, today=TODAY)
    engine = plan_achievement(year_2024, 2024)
    conclusions = next(
        b for i, b in enumerate(report.blocks)
        if isinstance(b, Bullets) and report.blocks[i - 1] == Heading("6.1 Kesimpulan", 2)
    )  # fmt: skip
    capaian = str(engine.plan_rollup.capaian).replace(".", ",")
    assert conclusions.items[0].startswith(
        "Capaian keseluruhan RAD KLA tahun 2024 (tahun berjalan) "
    )
    assert f"{capaian}%" in conclusions.items[0]
    assert any("Rp50.000.000 belum terserap" in item for item in conclusions.items)
    advice = next(
        b for i, b in enumerate(report.blocks)
        if isinstance(b, Bullets) and report.blocks[i - 1] == Heading("6.2 Rekomendasi", 2)
    )  # fmt: skip
    assert any(item.startswith("Menuntaskan 1 tindak lanjut") for item in advice.items)
    assert any("polaritas 4 ukuran" in item for item in advice.items)


def test_the_caveats_say_the_cutoff_open_periods_draft_plan_and_polarities(
    year_2024: Plan,
) -> None:
    report = build_laporan(year_2024, year=2024, today=TODAY)
    index = report.blocks.index(Heading("3.1 Catatan Data", 2))
    caveats = report.blocks[index + 1]
    assert isinstance(caveats, Bullets)
    said = "\n".join(caveats.items)
    assert said.startswith("Data terverifikasi sampai dengan Caturwulan II 2024 (tahun berjalan)")
    assert "Caturwulan I 2024 masih dibuka" in said
    assert "masih berstatus draf" in said and "Polaritas 4 ukuran" in said
    assert report.blocks[index + 2] == Heading("3.2 Catatan Metode", 2)


def test_a_period_report_stops_at_the_period(small: Plan) -> None:
    first = ReportingPeriod.objects.get(plan=small, year=2023, number=1)
    report = build_laporan(small, year=2023, period=first)
    assert report.cover.subtitle == "Caturwulan I 2023"
    annex = next(t for title, t in _tables(report).items() if "Matriks" in title)
    rows = {row[1]: row for row in annex.rows}
    assert rows["Cakupan sosialisasi"][5] == "82"  # realisasi 2023 up to the first period
    assert rows["Cakupan sosialisasi"][7] == "–"  # 2024 has not come yet
