"""The open-data tables and their Frictionless descriptor, defined once. Pure: no Django.

Every CSV radkla publishes for a data portal (Satu Data) is one ``Table`` here:
its file name, its columns in order with their type, title and description, and
its primary key. The CSV writer takes the column order from here and
``descriptor`` writes ``datapackage.json`` from the same definitions, so a file
and its schema cannot drift apart.

Conventions (README, *Open data*): UTF-8, comma, a header row, decimal point
``.``, an empty field for a missing value (never ``-``). A state such as "no
target" or "not yet reported" is a column of its own (``status``,
``ada_target``, ``ada_realisasi``, the ``ukuran_*`` counts), never text in a
numeric column. Column names are Indonesian snake_case.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# The version of the tables' layout. Raise the major number when a column is
# renamed or removed, the minor one when a column is added.
SCHEMA_VERSION = "1.0.0"

CATEGORIES = ("sangat tinggi", "tinggi", "sedang", "rendah", "sangat rendah")
# The same words as ``achievement.display.EVERY_STATUS`` (a test keeps them equal).
STATUSES = (
    "dinilai",
    "tercapai",
    "belum tercapai",
    "belum lengkap",
    "tanpa target",
    "belum ada realisasi",
    "target nol",
)
TARGET_KINDS = ("angka", "persen", "ambang", "gabungan", "kosong", "teks")


@dataclass(frozen=True, slots=True)
class Field:
    """One column: its name, Table Schema type, title and description."""

    name: str
    type: str  # integer, number, string, year, boolean, date
    title: str
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    minimum: int | None = None

    def descriptor(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "type": self.type,
            "title": self.title,
            "description": self.description,
        }
        if self.type == "boolean":
            out["trueValues"] = ["true"]
            out["falseValues"] = ["false"]
        constraints: dict[str, object] = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True, slots=True)
class Table:
    """One CSV file of the package."""

    name: str  # the resource name: lower case, digits and '-'
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def descriptor(self) -> dict[str, object]:
        return {
            "name": self.name,
            "path": self.path,
            "profile": "tabular-data-resource",
            "title": self.title,
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [f.descriptor() for f in self.fields],
                "primaryKey": list(self.primary_key),
                "missingValues": [""],
            },
        }


# Every row names its region and its plan (the regulation) and the year, so the
# files of many cities concatenate.
_WHERE = (
    Field(
        "kode_wilayah",
        "string",
        "Kode wilayah",
        "Kode wilayah Kemendagri kabupaten/kota pemilik rencana, mis. 36.72 "
        "(wilayah sementara: SEMENTARA-<nomor>).",
        required=True,
    ),
    Field("nama_wilayah", "string", "Nama wilayah", "Nama kabupaten/kota.", required=True),
    Field(
        "tingkat_wilayah",
        "string",
        "Tingkat wilayah",
        "kota atau kabupaten (provinsi untuk rencana provinsi): membedakan Kota dan "
        "Kabupaten yang bernama sama.",
        required=True,
    ),
    Field(
        "jenis_peraturan",
        "string",
        "Jenis peraturan",
        "Peraturan yang menetapkan RAD KLA, mis. Peraturan Wali Kota atau Peraturan Bupati.",
        required=True,
    ),
    Field("nomor_peraturan", "string", "Nomor peraturan", "Nomor peraturan itu.", required=True),
    Field("tahun_peraturan", "year", "Tahun peraturan", "Tahun peraturan itu.", required=True),
    Field(
        "tahun",
        "year",
        "Tahun",
        "Tahun rencana yang diukur: target tahun itu dan realisasi terverifikasi "
        "periode-periode tahun itu.",
        required=True,
    ),
    Field(
        "tahun_lengkap",
        "boolean",
        "Tahun lengkap",
        "true bila semua periode pelaporan tahun itu sudah dihitung dan ditutup; "
        "false untuk tahun berjalan (ukuran yang dijumlahkan antarperiode belum dinilai).",
        required=True,
    ),
)
_KEY = ("kode_wilayah", "jenis_peraturan", "nomor_peraturan", "tahun_peraturan", "tahun")

_ROLLUP = (
    Field(
        "capaian",
        "number",
        "Capaian (%)",
        "Rata-rata capaian ukuran yang dinilai, dalam persen, dibulatkan ke 0,01; capaian "
        "tiap ukuran dibatasi 100 dalam rata-rata. Kosong bila tidak ada ukuran yang dinilai.",
        minimum=0,
    ),
    Field(
        "kategori",
        "string",
        "Kategori",
        "Kategori capaian menurut Permendagri 86/2017 (>= 91 sangat tinggi, 76-90 tinggi, "
        "66-75 sedang, 51-65 rendah, <= 50 sangat rendah). Kosong bila capaian kosong.",
        enum=CATEGORIES,
    ),
    Field(
        "jumlah_ukuran",
        "integer",
        "Jumlah ukuran",
        "Ukuran yang berlaku pada tahun itu.",
        required=True,
        minimum=0,
    ),
    Field(
        "ukuran_dinilai",
        "integer",
        "Ukuran dinilai",
        "Ukuran yang punya capaian (status dinilai, tercapai atau belum tercapai).",
        required=True,
        minimum=0,
    ),
    *(
        Field(
            f"ukuran_{word.replace(' ', '_')}",
            "integer",
            f"Ukuran {word}",
            f"Ukuran dinilai dengan kategori {word}.",
            required=True,
            minimum=0,
        )
        for word in CATEGORIES
    ),
    Field(
        "ukuran_tanpa_target",
        "integer",
        "Ukuran tanpa target",
        "Ukuran yang target tahun itu kosong, '-' atau berupa teks: tidak dinilai.",
        required=True,
        minimum=0,
    ),
    Field(
        "ukuran_belum_ada_realisasi",
        "integer",
        "Ukuran belum ada realisasi",
        "Ukuran bertarget yang belum punya realisasi terverifikasi: tidak dinilai.",
        required=True,
        minimum=0,
    ),
    Field(
        "ukuran_belum_lengkap",
        "integer",
        "Ukuran belum lengkap",
        "Ukuran yang dijumlahkan antarperiode pada tahun berjalan: tidak dinilai sampai "
        "semua periode tahun itu ditutup.",
        required=True,
        minimum=0,
    ),
    Field(
        "ukuran_target_nol",
        "integer",
        "Ukuran target nol",
        "Ukuran yang target tahun itu nol: tidak ada rasio, tidak dinilai.",
        required=True,
        minimum=0,
    ),
)
# Counts of measures left unscored, by state: the rollup columns' names for each status word.
UNSCORED_COLUMNS = {
    "tanpa target": "ukuran_tanpa_target",
    "belum ada realisasi": "ukuran_belum_ada_realisasi",
    "belum lengkap": "ukuran_belum_lengkap",
    "target nol": "ukuran_target_nol",
}

_CLUSTER = (
    Field(
        "kode_klaster",
        "string",
        "Kode klaster",
        "Kode klaster dalam rencana: K (kelembagaan) atau I-V.",
        required=True,
    ),
)
_INDICATOR = (
    Field(
        "kode_indikator",
        "string",
        "Kode indikator",
        "Nomor indikator nasional dengan huruf sub-indikatornya, mis. 12 atau 1a.",
        required=True,
    ),
    Field(
        "nomor_indikator",
        "integer",
        "Nomor indikator",
        "Nomor indikator KLA nasional (1-25).",
        required=True,
        minimum=0,
    ),
    Field(
        "sub_indikator",
        "string",
        "Sub-indikator",
        "Huruf sub-indikator (a, b); kosong bila tidak ada.",
    ),
)

PLANS = Table(
    name="capaian-rencana",
    path="capaian_rencana.csv",
    title="Capaian RAD KLA per rencana dan tahun",
    description=(
        "Capaian seluruh rencana aksi daerah KLA per tahun, dari realisasi terverifikasi, "
        "dengan batas data dan periode yang dihitung."
    ),
    fields=(
        *_WHERE,
        Field("judul_rencana", "string", "Judul rencana", "Judul peraturan.", required=True),
        Field(
            "tahun_awal_rencana",
            "year",
            "Tahun awal rencana",
            "Tahun pertama rencana.",
            required=True,
        ),
        Field(
            "tahun_akhir_rencana",
            "year",
            "Tahun akhir rencana",
            "Tahun terakhir rencana.",
            required=True,
        ),
        Field(
            "revisi_rencana",
            "string",
            "Revisi rencana",
            "Revisi rencana yang targetnya dipakai (0 impor, 1, 2 dari dokumen, 1.1 koreksi).",
        ),
        Field(
            "batas_data",
            "string",
            "Batas data",
            "Periode terakhir yang realisasinya terverifikasi, dalam kalimat.",
        ),
        Field("periode_dihitung", "string", "Periode dihitung", "Periode yang dihitung."),
        *_ROLLUP,
    ),
    primary_key=_KEY,
)

CLUSTERS = Table(
    name="capaian-klaster",
    path="capaian_klaster.csv",
    title="Capaian RAD KLA per klaster dan tahun",
    description="Capaian kelembagaan dan klaster I-V per tahun, dari realisasi terverifikasi.",
    fields=(
        *_WHERE,
        *_CLUSTER,
        Field("klaster", "string", "Klaster", "Nama klaster.", required=True),
        *_ROLLUP,
    ),
    primary_key=(*_KEY, "kode_klaster"),
)

INDICATORS = Table(
    name="capaian-indikator",
    path="capaian_indikator.csv",
    title="Capaian RAD KLA per indikator dan tahun",
    description="Capaian tiap indikator KLA per tahun, dari realisasi terverifikasi.",
    fields=(
        *_WHERE,
        *_CLUSTER,
        *_INDICATOR,
        Field("indikator", "string", "Indikator", "Nama indikator dalam rencana.", required=True),
        *_ROLLUP,
    ),
    primary_key=(*_KEY, "kode_indikator"),
)

MEASURES = Table(
    name="capaian-ukuran",
    path="capaian_ukuran.csv",
    title="Capaian RAD KLA per ukuran dan tahun",
    description=(
        "Target, realisasi terverifikasi dan capaian tiap ukuran rencana aksi per tahun, "
        "dengan statusnya bila tidak dinilai."
    ),
    fields=(
        *_WHERE,
        *_CLUSTER,
        *_INDICATOR,
        Field(
            "urutan_ukuran",
            "integer",
            "Urutan ukuran",
            "Urutan ukuran dalam tabel rencana (mulai 0).",
            required=True,
            minimum=0,
        ),
        Field("ukuran", "string", "Ukuran", "Ukuran keberhasilan rencana aksi.", required=True),
        Field("satuan", "string", "Satuan", "Satuan ukuran sebagaimana tertulis."),
        Field(
            "instansi",
            "string",
            "Instansi penanggung jawab",
            "Singkatan instansi penanggung jawab, dipisah '; '.",
        ),
        Field(
            "polaritas",
            "string",
            "Polaritas",
            "positif: makin tinggi makin baik; negatif: makin rendah makin baik.",
            required=True,
            enum=("positif", "negatif"),
        ),
        Field(
            "cara_menjumlah",
            "string",
            "Cara menjumlah periode",
            "Cara realisasi periode menjadi realisasi tahunan: jumlah, terakhir atau tertinggi.",
            required=True,
            enum=("jumlah", "terakhir", "tertinggi"),
        ),
        Field(
            "target_teks",
            "string",
            "Target (teks asli)",
            "Target tahun itu persis seperti tertulis dalam peraturan; kosong bila tertulis "
            "'-' atau tidak diisi (jenis_target kosong).",
        ),
        Field(
            "jenis_target",
            "string",
            "Jenis target",
            "angka, persen, ambang (mis. > 90%), gabungan (mis. 8 Kecamatan 43 Kelurahan), "
            "kosong ('-' atau tidak diisi) atau teks.",
            required=True,
            enum=TARGET_KINDS,
        ),
        Field(
            "pembanding_target",
            "string",
            "Pembanding target",
            "Untuk target ambang: >, >=, < atau <=; kosong untuk jenis lain.",
            enum=(">", ">=", "<", "<="),
        ),
        Field(
            "target",
            "number",
            "Target",
            "Target sebagai angka (target gabungan: jumlah bagian-bagiannya); kosong bila "
            "target kosong atau teks.",
        ),
        Field(
            "ada_target",
            "boolean",
            "Ada target",
            "true bila target tahun itu berupa angka, persen, ambang atau gabungan.",
            required=True,
        ),
        Field(
            "realisasi",
            "number",
            "Realisasi",
            "Realisasi terverifikasi tahun itu (periode dijumlahkan menurut cara_menjumlah; "
            "gabungan: jumlah bagian-bagiannya); kosong bila belum ada.",
        ),
        Field(
            "realisasi_teks",
            "string",
            "Realisasi (teks)",
            "Realisasi seperti ditampilkan, mis. Motor 1 Molin 0 untuk ukuran gabungan.",
        ),
        Field(
            "ada_realisasi",
            "boolean",
            "Ada realisasi",
            "true bila ada realisasi terverifikasi pada tahun itu.",
            required=True,
        ),
        Field(
            "capaian",
            "number",
            "Capaian (%)",
            "Realisasi / target x 100, atau (2 x target - realisasi) / target x 100 bila makin "
            "rendah makin baik; ambang yang tercapai 100, tidak tercapai paling tinggi 90; "
            "dibulatkan ke 0,01 dan selalu ditulis dengan dua desimal (100.00). Kosong bila tidak "
            "dinilai (lihat status).",
            minimum=0,
        ),
        Field(
            "kategori",
            "string",
            "Kategori",
            "Kategori capaian menurut Permendagri 86/2017; kosong bila tidak dinilai.",
            enum=CATEGORIES,
        ),
        Field(
            "status",
            "string",
            "Status",
            "dinilai; tercapai / belum tercapai (target ambang); belum lengkap (dijumlahkan, "
            "tahun berjalan); tanpa target; belum ada realisasi; target nol.",
            required=True,
            enum=STATUSES,
        ),
    ),
    primary_key=(*_KEY, "urutan_ukuran"),
)

TABLES = (PLANS, CLUSTERS, INDICATORS, MEASURES)

# Licences a portal recognises, by their SPDX id: title and the licence text's address.
LICENCES = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution Share-Alike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC0-1.0": (
        "Creative Commons CC0 1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    "ODbL-1.0": (
        "Open Data Commons Open Database License 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    "PDDL-1.0": (
        "Open Data Commons Public Domain Dedication and License 1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
}


def licence(name: str) -> dict[str, str]:
    """The package's licence entry: a known SPDX id gets its title and address."""
    known = {key.lower(): key for key in LICENCES}
    spdx = known.get(name.strip().lower())
    if spdx is None:
        return {"name": name.strip()}
    title, path = LICENCES[spdx]
    return {"name": spdx, "title": title, "path": path}


@dataclass(frozen=True, slots=True)
class PackageFacts:
    """What the descriptor says about the package beyond its tables."""

    name: str
    title: str
    description: str
    licence: str
    created: str  # ISO 8601 in UTC, e.g. 2026-12-03T19:40:00Z
    sources: Sequence[str]
    keywords: Sequence[str] = field(default_factory=tuple)


def descriptor(facts: PackageFacts, files: Mapping[str, tuple[int, str]]) -> dict[str, object]:
    """``datapackage.json``: the tables' schemas, and each file's size and sha256."""
    resources = []
    for table in TABLES:
        resource = table.descriptor()
        size, sha256 = files[table.path]
        resource["bytes"] = size
        resource["hash"] = f"sha256:{sha256}"
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": facts.name,
        "title": facts.title,
        "description": facts.description,
        "version": SCHEMA_VERSION,
        "created": facts.created,
        "licenses": [licence(facts.licence)],
        "sources": [{"title": source} for source in facts.sources],
        "keywords": list(facts.keywords),
        "resources": resources,
    }
