"""The appendix reader on the shipped regulation and on other cities' table shapes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radkla.plan.parsers.appendix import AppendixError, SourceRow, parse_appendix
from radkla.plan.parsers.cells import CellKind
from radkla.plan.parsers.perwal import (
    ParsedRegulation,
    RegulationError,
    parse_regulation,
    table_rows,
)


@pytest.fixture(scope="module")
def seed(seed_bytes: bytes) -> ParsedRegulation:
    return parse_regulation(seed_bytes, "perwal.txt")


def by_line(seed: ParsedRegulation, line: int):  # type: ignore[no-untyped-def]
    return next(m for m in seed.table.measures if m.location == f"baris {line}")


def test_it_reads_the_regulation_facts_from_the_document(seed: ParsedRegulation) -> None:
    facts = seed.facts
    assert facts.regulation_kind == "Peraturan Wali Kota"
    assert facts.region_name == "Cilegon"
    assert facts.region_level == "kota"
    assert (facts.regulation_number, facts.regulation_year) == ("7", 2023)
    assert (facts.start_year, facts.end_year) == (2023, 2026)
    assert seed.baseline_year == 2022
    assert seed.table.years == (2023, 2024, 2025, 2026)
    assert facts.title == "Rencana Aksi Daerah Pengembangan Kota Layak Anak Tahun 2023-2026"


def test_it_rebuilds_every_measure_row(seed: ParsedRegulation) -> None:
    measures = seed.table.measures
    # Counted independently: every data row with a 2023 target is one measure,
    # and every such row with action text opens an action.
    assert len(measures) == 195
    assert len({m.action_key for m in measures}) == 177
    indicators = {(m.indicator_no, m.indicator_sub) for m in measures}
    assert len(indicators) == 28
    assert {n for n, _sub in indicators} == set(range(1, 26))
    subs = sorted(f"{n}{s}" for n, s in indicators if s)
    assert subs == ["21a", "21b", "22a", "22b", "23a", "23b"]
    assert all(m.action and m.indicator for m in measures)


# One row at each page break whose text the break split, with the text made whole.
PAGE_BREAK_MERGES = [
    (152, "action", "Rapat Koordinasi GT KLA"),
    (
        165,
        "measure",
        "Jumlah Program / Panduan 10 Program Pokok PKK untuk diimplementasikan menjadi "
        "program Kelurahan Layak Anak",
    ),
    (165, "program", "Program P Kelembaga Masyarakat"),
    (
        176,
        "action",
        "Perjanjian kerjasama dengan Ikatan Bidan Indonesia (IBI) dan RS/RSIA untuk layanan "
        "3 in 1 (NIK bayi, Akta kelahiran dan KIA)",
    ),
    (209, "action", "Sosialisasi Program Ketahanan Remaja di Kelurahan Kota Cilegon"),
    (222, "indicator", "Pengembangan Anak Usia Dini Holistik dan Integratif (PAUD-HI)"),
    (
        222,
        "action",
        "Peningkatan satuan PAUD yang menyelenggarakan layanan Holistik integrative",
    ),
    (231, "indicator", "Ketersediaan Infrastruktur Ramah Anak di Ruang Publik"),
    (231, "action", "Pembangunan Rute Aman Selamat Sekolah (RASS)"),
    (231, "measure", "Sekolah se Cilegon (PAUD/TK, SD, SMP, SMA/SMK"),
    (276, "indicator", "Fasilitas Kesehatan Dengan Pelayanan Ramah Anak"),
    (276, "action", "Pengembangan Pelayanan Ramah Anak di Fasilitas Kesehatan"),
    (276, "measure", "Persentase Puskesmas Ramah Anak"),
    (276, "unit", "Jumlah Puskesmas Ramah Anak Tk. Kota Cilegon"),
    (
        288,
        "measure",
        "Puskesmas melaksanakan tatalaksana diare sesuai standar (cakupan pemberi oralit dan "
        "zinc 100% pada penderita diare balita)",
    ),
    (
        301,
        "action",
        "Bantuan sarana penunjang pembelajaran bagi Sekolah berupa alat sosialisasi dan "
        "penunjang sekolah sehat. (Kasur UKS, alat P3K penukur suhu tubuh, thermometer, "
        "tencimeter)",
    ),
    (
        322,
        "action",
        "Penyediaan layanan pendidikan yang merata dan berkualitas pada jenjang pendidikan "
        "anak usia dini, pendidikan dasar, dan menengah",
    ),
    (
        333,
        "action",
        "Bantuan dari APBD II untuk sekolah dan sawasta baik yang mampu maupun tidak mampu",
    ),
    (346, "action", "Pertunjukan tari pada kegiatan Geger Cilegon"),
    (346, "measure", "Berkembangnya kreatifitas anak"),
    (346, "agency_raw", "Dinas Pendidikan & Kebudayaan"),
    (
        357,
        "action",
        "Menyelenggarakan kompetensi di bidang olahraga bagi siswa untuk menemukan bibit-bibit "
        "baru Indonesia dalam bidang Olahraga",
    ),
    (368, "action", "Pengembangan perpustakaan berupa bercerita untuk anak-anak"),
    (
        394,
        "action",
        "Penyediaan layanan pengaduan masyarakat bagi perempuan dan anak korban tindak "
        "kekerasan melalui layanan pengaduan masyarakat, penjangkuan korban, pengelolaan "
        "kasus, pendampingan korban, dan mediasi",
    ),
    (413, "indicator", "Pelayanan Bagi Anak Korban Bencana dan Konflik"),
    (413, "action", "Fasilitasi penanganan anak korban bencana dan konflik"),
    (413, "measure", "Jumlah anak korban yang diberikan pendampingan sosial"),
    (413, "agency_raw", "Dinas Sosial BPBD"),
    (427, "action", "Pemeberian bantuan alat kesehatan bagi anak disabilitas"),
    (427, "measure", "Terpenuhinya kebutuhan alat bantu anak dengan disabilitas"),
    (427, "program", "Pemberian bagi peny"),
]


@pytest.mark.parametrize(("line", "field", "expected"), PAGE_BREAK_MERGES)
def test_it_joins_text_split_by_a_page_break(
    seed: ParsedRegulation, line: int, field: str, expected: str
) -> None:
    assert getattr(by_line(seed, line), field) == expected


@pytest.mark.parametrize(
    ("line", "measure"),
    [
        # Rows right after a page header that start something new stay their own row.
        (157, "Tabel Data Anak"),
        (189, "Jumlah PISA"),
        (203, "FA yang aktif"),
        (214, "Jumlah calon pengantin yang memperoleh fasilitas kursus pranikah"),
        (249, "Jumlah Puskesmas yang melaksanakan triple eliminasi lengkap"),
        (265, "Persentase pelaksanaan assessment gizi di rawat inap anak"),
        (317, "Angka partisipasi kasar (APK) SD/MI/SDLB/Sederajat"),
        (374, "Jumlah Mesjid Ramah Anak"),
        (
            386,
            "Persentase pemberian bimbingan fisik, mental, spiritual dan sosial bagi anak korban KTK",
        ),
        (405, "Meningkatnya pemahaman tentang bahaya NAPZA"),
        (
            441,
            "Memiliki layanan ruang pelayanan khusus di kepolisian sesuai standar pelayanan minimal",
        ),
    ],
)
def test_it_keeps_new_rows_after_a_page_header_apart(
    seed: ParsedRegulation, line: int, measure: str
) -> None:
    assert by_line(seed, line).measure == measure


def test_rows_without_action_belong_to_the_action_above(seed: ParsedRegulation) -> None:
    first = by_line(seed, 240)
    following = [by_line(seed, line) for line in (241, 242, 243)]
    assert first.action == "Peningkatan Kesehatan Ibu dan Anak"
    assert {m.action_key for m in following} == {first.action_key}
    assert [m.measure for m in following] == [
        "Cakupan Kunjungan Nifas Lengkap",
        "Cakupan Kunjungan Neonatal Lengkap",
        "Persalinan di Rumah Sakit",
    ]


def test_it_reads_sub_indicators(seed: ParsedRegulation) -> None:
    a, b = by_line(seed, 376), by_line(seed, 399)
    assert (a.indicator_no, a.indicator_sub) == (21, "a")
    assert a.indicator == "Pelayanan bagi Anak Korban Kekerasan dan eksploitasi"
    assert (b.indicator_no, b.indicator_sub) == (21, "b")
    assert b.indicator.startswith("Anak yang dibebaskan dari Pekerja Anak (PA)")


def test_it_files_indicators_by_national_number_and_keeps_the_headings(
    seed: ParsedRegulation,
) -> None:
    clusters = {}
    for m in seed.table.measures:
        clusters.setdefault(m.cluster_code, set()).add(m.indicator_no)
    assert clusters == {
        "K": {1, 2, 3},
        "I": {4, 5, 6},
        "II": {7, 8, 9, 10, 11},
        "III": {12, 13, 14, 15, 16, 17},
        "IV": {18, 19, 20},
        "V": {21, 22, 23, 24, 25},
    }
    assert seed.table.cluster_headings == {
        "K": "KELAMBAGAAN",
        "I": "KLASTER HAK SIPIL DAN KEBEBASAN",
        "II": "KLUSTER LINGKUNGAN KELUARGA DAN PENGASUHAN ALTERNATIF",
        "IV": "KLASTER PENDIDIKAN, PEMANFAATAN WAKTU LUANG, DAN KEGIATAN BUDAYA",
        "V": "PERLINDUNGAN KHUSUS ANAK",
    }
    # The document wrote indicator 6 under the cluster II heading; the heading is kept.
    assert by_line(seed, 203).section_heading.startswith("KLUSTER LINGKUNGAN")


def test_it_keeps_raw_cells_exactly_and_types_them(seed: ParsedRegulation) -> None:
    akta = by_line(seed, 173)
    assert akta.baseline.raw == "95,53"
    assert akta.baseline.kind == CellKind.PERCENT
    assert akta.baseline.number == Decimal("95.53")
    assert [c.raw for _y, c in akta.targets] == ["97,50", "97,75", "97,8", "98"]
    persalinan = by_line(seed, 240)
    assert persalinan.targets[0][1].kind == CellKind.THRESHOLD
    assert persalinan.targets[0][1].comparator == ">"
    molin = by_line(seed, 378)
    assert molin.baseline.kind == CellKind.COMPOSITE
    assert [(p.label, p.value) for p in molin.baseline.parts] == [
        ("Motor", Decimal(2)),
        ("Molin", Decimal(1)),
    ]
    kip = by_line(seed, 320)
    assert [(p.label, p.value) for p in kip.baseline.parts] == [
        ("SD", Decimal(249)),
        ("SMP", Decimal(399)),
    ]
    kader = by_line(seed, 258)
    assert kader.targets[3][1].kind == CellKind.TEXT
    assert kader.targets[3][1].raw == "Tahun 2022 - Tahun 2027"
    apsai = by_line(seed, 161)
    assert apsai.baseline.kind == CellKind.NONE
    assert by_line(seed, 184).indicator == "Ketersediaan Fasilitas Informasi Layak Anak (ILA)"


def test_the_fingerprint_depends_on_content_only(seed: ParsedRegulation, seed_bytes: bytes) -> None:
    again = parse_regulation(seed_bytes.replace(b"\n", b"\r\n"), "copy.txt")
    assert again.table.fingerprint() == seed.table.fingerprint()
    changed = parse_regulation(seed_bytes.replace(b"\t97,50\t", b"\t97,60\t"), "x.txt")
    assert changed.table.fingerprint() != seed.table.fingerprint()


# -- other cities' documents -------------------------------------------------

FIVE_YEAR_PLAN = """\
PERATURAN BUPATI SERANG
NOMOR 12 TAHUN 2024
TENTANG
RENCANA AKSI DAERAH KABUPATEN LAYAK ANAK TAHUN 2025-2029

LAMPIRAN
No\tINDIKATOR\tRENCANA AKSI\tUKURAN\tSATUAN\tDATA DASAR (2024)\tTARGET\t\t\t\t\tINSTANSI PENANGGUNG JAWAB\tPROGRAM
\t\t\t\t\t\t2025\t2026\t2027\t2028\t2029\t\t
A. PENGUATAN KELEMBAGAAN\t\t\t\t\t\t\t\t\t\t\t\t
1.\tPerda KLA\tPenyusunan Perda\tPerda ditetapkan\tDokumen\t-\t1\t1\t1\t1\t1\tBagian Hukum\tPembentukan
\tKLASTER I HAK SIPIL DAN KEBEBASAN\t\t\t\t\t\t\t\t\t\t\t
4.\tAkta Kelahiran\tLayanan akta\tCakupan akta\t%\t90\t91\t92\t93\t94\t95\tDisdukcapil\tAdminduk

No\tINDIKATOR\tRENCANA AKSI\tUKURAN\tSATUAN\tDATA DASAR (2024)\tTARGET\t\t\t\t\tINSTANSI PENANGGUNG JAWAB\tPROGRAM
\t\t\t\t\t\t2025\t2026\t2027\t2028\t2029\t\t
\t\tterpadu\t\t\t\t\t\t\t\t\t\t
\t\t\tKIA terbit\t%\t50\t60\t70\t80\t90\t100\tDisdukcapil\t

BUPATI SERANG,
"""


def test_it_reads_a_five_year_plan_with_other_headings() -> None:
    parsed = parse_regulation(FIVE_YEAR_PLAN.encode(), "perbup.txt")
    assert parsed.facts.regulation_kind == "Peraturan Bupati"
    assert parsed.facts.region_level == "kabupaten"
    assert parsed.facts.region_name == "Serang"
    assert (parsed.facts.start_year, parsed.facts.end_year) == (2025, 2029)
    assert parsed.baseline_year == 2024
    assert parsed.table.years == (2025, 2026, 2027, 2028, 2029)
    first, akta, kia = parsed.table.measures
    assert first.cluster_code == "K"
    assert akta.cluster_code == "I"
    assert akta.action == "Layanan akta terpadu"
    assert kia.action_key == akta.action_key
    assert [c.raw for _y, c in kia.targets] == ["60", "70", "80", "90", "100"]
    assert parsed.table.cluster_headings == {
        "K": "PENGUATAN KELEMBAGAAN",
        "I": "KLASTER I HAK SIPIL DAN KEBEBASAN",
    }


def rows(text: str) -> list[SourceRow]:
    return table_rows(text)


HEADER = (
    "No\tINDIKATOR\tRENCANA AKSI\tUKURAN\tSATUAN\tDATA DASAR (2022)\tTARGET\t\t\t\t"
    "INSTANSI PENANGGUNG JAWAB\tPROGRAM\n\t\t\t\t\t\t2023\t2024\t2025\t2026\t\t\n"
)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("X1\tA\tB\tC\t%\t1\t2\t3\t4\t5\tDinkes\t\n", 'baris 3, kolom No: "X1" bukan nomor'),
        ("\t\t\tC\t%\t1\t2\t3\t4\t5\tDinkes\t\n", "baris 3: baris data sebelum indikator"),
        ("1.\tA\t\tC\t%\t1\t2\t3\t4\t5\tDinkes\t\n", "baris 3, kolom RENCANA AKSI"),
        (
            "1.\tA\tB\tC\t%\t1\t2\t3\t4\t5\tDinkes\t\n1.\tA\tB\tC\t%\t1\t2\t3\t4\t5\tDinkes\t\n",
            "baris 4: indikator 1 sudah ada di baris 3",
        ),
        ("1.\tA\tB\tC\t%\t1\t2\t3\t4\t5\tDinkes\t\tlebih\n", "baris 3: 13 kolom"),
    ],
)
def test_a_malformed_table_names_the_line(body: str, message: str) -> None:
    with pytest.raises(AppendixError, match=message):
        parse_appendix(rows(HEADER + body))


def test_a_header_without_year_columns_is_refused() -> None:
    header = "No\tINDIKATOR\tRENCANA AKSI\tUKURAN\tSATUAN\tDATA DASAR\tINSTANSI\n"
    with pytest.raises(AppendixError, match="target tahunan"):
        parse_appendix(rows(header + "1.\tA\tB\tC\t%\t1\tDinkes\n"))


def test_a_file_that_is_not_a_regulation_is_refused() -> None:
    with pytest.raises(RegulationError, match="biner"):
        parse_regulation(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "gambar.png")
    with pytest.raises(RegulationError, match="tidak ada tabel lampiran"):
        parse_regulation(b"Surat biasa tanpa tabel.\n", "surat.txt")
    with pytest.raises(AppendixError, match="tidak ditemukan tabel lampiran"):
        parse_regulation(b"a\tb\tc\n", "lain.txt")


cell_text = st.sampled_from(["", "1.", "2", "a.X", "I", "KLASTER", "-", "> 90%", "x", "21."])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cell_text | st.text(max_size=8), min_size=0, max_size=14), max_size=12))
def test_it_fails_only_with_a_clear_error_on_any_rows(body: list[list[str]]) -> None:
    source = rows(HEADER) + [SourceRow(3 + i, cells) for i, cells in enumerate(body)]
    try:
        table = parse_appendix(source)
    except AppendixError as error:
        assert str(error).endswith(".")
    else:
        assert table.measures


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_file_is_read_or_refused_with_a_named_reason(data: bytes) -> None:
    try:
        parse_regulation(data, "acak.txt")
    except (RegulationError, AppendixError) as error:
        assert "acak.txt" in str(error)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "PERATURAN",
                "WALI KOTA",
                "BUPATI",
                "X",
                "NOMOR",
                "1",
                "TAHUN",
                "2023",
                "-",
                "2024",
                "TENTANG",
            ]
        ),
        max_size=14,
    )
)
def test_the_title_reader_never_fails_unexpectedly(words: list[str]) -> None:
    from radkla.plan.parsers.perwal import read_facts

    try:
        facts, _warnings = read_facts(" ".join(words), (2023, 2024), "judul.txt")
    except RegulationError as error:
        assert "judul.txt" in str(error)
    else:
        assert facts.start_year <= facts.end_year
