"""The API's input and output shapes: Indonesian field names, as `radkla status` writes them.

Numbers are JSON numbers; texts are as typed or as the regulation writes them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field

# Ids are database integers: anything larger is refused before a query is made.
MAX_ID = 2_147_483_647


def _no_nul(text: str) -> str:
    # PostgreSQL cannot store a NUL; refused here like the forms refuse it.
    if "\x00" in text:
        raise ValueError("Teks tidak boleh memuat karakter NUL.")
    return text


Text = Annotated[str, Field(max_length=20_000), AfterValidator(_no_nul)]
ShortText = Annotated[str, Field(max_length=200), AfterValidator(_no_nul)]
Amount = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=0, allow_inf_nan=False)]
# The funding sources (monitoring.models.FundingSource), named in the schema.
Source = Literal["apbd_kota", "apbd_provinsi", "apbn", "csr", "baznas", "other"]


class Error(Schema):
    detail: str = Field(description="Apa yang salah, dalam bahasa Indonesia.")


class ConflictError(Error):
    versi_terbaru: int | None = Field(
        None, description="Versi realisasi yang tersimpan sekarang (bila ada)."
    )


# -- plan ----------------------------------------------------------------------------


class RencanaOut(Schema):
    id: int
    judul: str
    wilayah: str
    jenis_peraturan: str
    nomor_peraturan: str
    tahun_peraturan: int
    tahun_awal: int
    tahun_akhir: int
    tahun_data_dasar: int
    status: str = Field(description="active, draft atau archived.")
    skema_pelaporan: str = Field(description="caturwulan, triwulan atau semester.")


class KlasterOut(Schema):
    kode: str
    nama: str


class RencanaDetailOut(RencanaOut):
    dasar_hukum: str
    klaster: list[KlasterOut]
    jumlah_ukuran: int = Field(description="Ukuran yang berlaku (tanpa yang dihapus revisi).")


class TargetOut(Schema):
    tahun: int
    teks: str = Field(description="Sel target seperti tertulis di peraturan.")


class UkuranOut(Schema):
    id: int
    klaster: str = Field(description="Kode klaster, mis. III.")
    indikator: str = Field(description="Nomor indikator, mis. 12a.")
    nama_indikator: str
    aksi: str
    ukuran: str
    satuan: str
    data_dasar: str
    polaritas: str
    agregasi: str
    wilayah_pelaporan: str = Field(description="Kosong, kecamatan atau kelurahan.")
    instansi: list[str]
    program: str
    berlaku: bool = Field(description="False bila revisi rencana sudah menghapusnya.")
    target: list[TargetOut]


class PeriodeOut(Schema):
    id: int
    kode: str = Field(description="Tahun-nomor, mis. 2025-1.")
    nama: str
    tahun: int
    nomor: int
    mulai: dt.date
    selesai: dt.date
    batas_lapor: dt.date
    status: str = Field(description="upcoming, open atau closed.")


# -- realizations --------------------------------------------------------------------


class RealisasiOut(Schema):
    id: int
    ukuran_id: int
    periode_id: int
    wilayah_id: int | None
    revisi: int
    nilai: str = Field(description="Nilai seperti diketik.")
    nilai_angka: float | None
    nilai_bagian: dict[str, float] | None = Field(description="Per bagian, ukuran majemuk.")
    perkembangan: str
    hambatan: str
    tindak_lanjut: str
    catatan: str = Field(description="Catatan operator atas peringatan pemeriksaan.")
    anggaran: dict[str, float] = Field(description="Realisasi anggaran (Rp) per sumber dana.")
    status: str = Field(description="draft, submitted, verified atau returned.")
    alasan_dikembalikan: str
    versi: int = Field(description="Kirim kembali saat menyimpan (pemeriksaan bentrok).")
    diubah_pada: dt.datetime
    diubah_oleh: str | None


class RealisasiIn(Schema):
    nilai: ShortText = Field("", description="Nilai seperti diketik di grid, mis. 97,5.")
    bagian: dict[ShortText, ShortText] | None = Field(
        None, description="Untuk ukuran majemuk: angka per bagian, mis. {'Kecamatan': '8'}."
    )
    perkembangan: Text = ""
    hambatan: Text = ""
    tindak_lanjut: Text = ""
    catatan: Text = Field("", description="Wajib bila nilai memicu peringatan pemeriksaan.")
    anggaran: dict[Source, Amount] | None = Field(
        None, description="Realisasi anggaran (Rp) per sumber dana; tanpa isian: tetap."
    )
    versi: Annotated[int, Field(ge=0, le=MAX_ID)] | None = Field(
        None, description="Versi yang dibaca sebelumnya; kosong bila belum ada realisasi."
    )


class PeringatanError(Error):
    peringatan: list[str] = Field(
        default_factory=list, description="Peringatan yang perlu catatan (bila ada)."
    )


# -- capaian (the JSON of `radkla status`) -------------------------------------------


class Rollup(Schema):
    capaian: float | None
    kategori: str | None
    diukur: int
    tidak_diukur: int
    jumlah_per_kategori: dict[str, int]


class CapaianUkuran(Schema):
    id: int
    ukuran: str
    satuan: str
    instansi: list[str]
    target: str | None
    realisasi: float | None
    realisasi_teks: str | None
    realisasi_bagian: dict[str, float] | None
    capaian: float | None
    kategori: str | None
    status: str
    alasan: str | None
    proyeksi_akhir: float | None
    berisiko: bool | None


class CapaianIndikator(Rollup):
    nomor: str
    indikator: str
    ukuran: list[CapaianUkuran]


class CapaianKlaster(Rollup):
    kode: str
    klaster: str
    indikator: list[CapaianIndikator]


class CapaianRevisi(Schema):
    nomor: str
    alasan: str
    berlaku_sejak: str
    berlaku_sejak_teks: str


class CapaianWilayah(Schema):
    kode: str = Field(description="Kode Kemendagri kabupaten/kota.")
    nama: str


class CapaianRencana(Rollup):
    id: int
    judul: str
    wilayah: CapaianWilayah
    tahun: int
    periode: str | None
    hanya_terverifikasi: bool
    batas_data: str
    periode_dihitung: str
    tahun_lengkap: bool
    revisi: CapaianRevisi | None
    berisiko: int


class CapaianOut(Schema):
    rencana: CapaianRencana
    klaster: list[CapaianKlaster]


# -- readiness (the JSON of `radkla evaluasi readiness`) -----------------------------


class JendelaData(Schema):
    tahun_awal: int
    tahun_akhir: int
    tahun_capaian: int
    diatur_sekretariat: bool
    keterangan: str
    dokumen_kota_sampai: dt.date


class BerkasOut(Schema):
    jenis: str
    nama: str
    untuk: str
    instansi: str
    periode: str | None
    tanggal_unggah: dt.date
    status: str


class KesiapanIndikator(Schema):
    nomor: int
    klaster: str
    nama: str
    indikator_lokal: list[str]
    bobot: float
    poin: float
    tambahan_poin: float
    terverifikasi: int
    menunggu: int
    kurang: int
    dokumen_kurang: list[str]
    instansi: list[str]
    aksi_terlaksana: int
    aksi_belum_terlaksana: int
    berkas: list[BerkasOut]


class KesiapanOut(Schema):
    rencana: str
    tahun_evaluasi: int
    jendela_data: JendelaData
    bobot_acuan: str
    total: float
    kategori: str | None
    total_bila_lengkap: float
    kategori_bila_lengkap: str | None
    indikator: list[KesiapanIndikator]
