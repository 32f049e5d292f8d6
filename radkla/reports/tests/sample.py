"""A hand-built report with every block kind, for the renderer and layout tests (no DB)."""

from __future__ import annotations

from io import BytesIO

from matplotlib.figure import Figure as MplFigure

from radkla.reports.document import (
    Bullets,
    Contents,
    Cover,
    Figure,
    Heading,
    Paragraph,
    Report,
    Signature,
    Table,
)

INDONESIAN = "Capaian klaster Perlindungan Khusus: 82,35% (tinggi); hambatan: data kelurahan."
CATEGORIES = ("sangat tinggi", "tinggi", "sedang", "rendah", "sangat rendah")
CHAPTERS = ("KATA PENGANTAR", "BAB I PENDAHULUAN", "BAB II CAPAIAN", "BAB III PENUTUP")


def png(width: float = 6, height: float = 3) -> bytes:
    figure = MplFigure(figsize=(width, height))
    axes = figure.add_subplot()
    axes.bar(["I", "II", "III"], [82.35, 64.0, 12.5], color="#53B27A")
    out = BytesIO()
    figure.savefig(out, format="png", dpi=80)
    return out.getvalue()


def signature(name: str = "Dr. Hj. Siti Aminah, M.Si.") -> Signature:
    return Signature(
        place="Cilegon",
        date_text="3 Desember 2026",
        position="Ketua Gugus Tugas Kabupaten/Kota Layak Anak Kota Cilegon,",
        name=name,
        nip="197001011995032001" if name else "",
    )


def big_table(rows: int = 120) -> Table:
    return Table(
        title="Tabel 2.1 Capaian ukuran",
        columns=("No", "Ukuran", "Instansi", "Capaian", "Kategori"),
        rows=tuple(
            (
                str(i + 1),
                f"Ukuran nomor {i + 1} tentang pemenuhan hak anak" + " yang panjang" * (i % 4),
                "Dinas Kependudukan dan Pencatatan Sipil" if i % 3 == 0 else "Dinkes",
                f"{50 + i % 50},25%",
                CATEGORIES[i % 5] + ("\nbelum tercapai" if i % 7 == 0 else ""),
            )
            for i in range(rows)
        ),
        category_column=4,
        widths=(0.6, 6, 3, 1.5, 2),
        groups=((0, "Indikator 1. Peraturan daerah"), (30, "Indikator 2. Kelembagaan")),
    )


def sample_report(*, logo: bool = True) -> Report:
    text = (
        "Capaian keseluruhan RAD KLA Kota Cilegon tahun 2025 adalah 78,32% dengan kategori "
        "tinggi, dihitung dari 175 ukuran yang dinilai dari 195 ukuran rencana. "
    ) * 3
    return Report(
        cover=Cover(
            title="LAPORAN PENGEMBANGAN KABUPATEN/KOTA LAYAK ANAK",
            region="Kota Cilegon",
            subtitle="Tahun 2025",
            date_text="3 Desember 2026",
            government="PEMERINTAH KOTA CILEGON",
            issuer="GUGUS TUGAS KABUPATEN/KOTA LAYAK ANAK",
            lines=("Data terverifikasi sampai dengan Caturwulan II 2025.",),
            logo=png(2, 2) if logo else None,
        ),
        author="Gugus Tugas KLA Kota Cilegon",
        blocks=(
            Heading(CHAPTERS[0]),
            Paragraph(text),
            signature(""),
            Contents("isi"),
            Contents("tabel"),
            Contents("gambar"),
            Heading(CHAPTERS[1]),
            Heading("1.1 Latar Belakang", 2),
            Paragraph(INDONESIAN, "lead"),
            *(Paragraph(text) for _ in range(6)),
            Paragraph("Teks pengguna: <b> & </b>", "note"),
            Heading("1.2 Dasar Hukum", 2),
            Bullets(("Peraturan Wali Kota Cilegon Nomor 7 Tahun 2023", "Kedua"), numbered=True),
            Heading(CHAPTERS[2], landscape=True),
            Heading("2.1 Capaian per klaster", 2),
            Figure("Gambar 2.1 Capaian per klaster", png(), 12),
            big_table(),
            Heading(CHAPTERS[3]),
            Paragraph(text),
            signature(),
        ),
    )
