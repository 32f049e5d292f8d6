"""The recap's download: the page's rows, one column per figure (one definition)."""

from __future__ import annotations

from decimal import Decimal

from radkla.achievement.display import CAPAIAN_FORMAT
from radkla.lib.tables import Column
from radkla.nation.selectors import CityRow, Recap


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _cluster(code: str) -> Column:
    def value(row: CityRow) -> float | None:
        found = row.cluster(code)
        return _number(found.capaian) if found is not None else None

    # Kelembagaan (K) is the national evaluation's institutional group, not a klaster.
    heading = "Capaian kelembagaan (%)" if code == "K" else f"Capaian klaster {code} (%)"
    return Column(heading, value, number_format=CAPAIAN_FORMAT)


def _trend(year: int) -> Column:
    return Column(
        f"Capaian {year} (%)",
        lambda row: _number(row.figures.trend.get(year)),
        number_format=CAPAIAN_FORMAT,
    )


def columns(recap: Recap) -> list[Column]:
    """The table's columns for this recap: its clusters and its years."""
    return [
        Column("Peringkat", lambda r: r.rank),
        Column("Kabupaten/kota", lambda r: r.city),
        Column("Provinsi", lambda r: r.province),
        Column("Rencana", lambda r: r.plan.title),
        *(_cluster(code) for code, _name in recap.clusters),
        Column(
            f"Capaian keseluruhan {recap.year} (%)",
            lambda r: _number(r.capaian),
            number_format=CAPAIAN_FORMAT,
        ),
        Column("Kategori", lambda r: str(r.category or "")),
        Column("Ukuran dinilai", lambda r: r.figures.overall.scored if r.figures.overall else 0),
        Column("Ukuran", lambda r: r.figures.overall.total if r.figures.overall else 0),
        Column("Keterangan peringkat", lambda r: r.unranked_reason),
        Column("Periode terakhir", lambda r: r.figures.period_label),
        Column("Baris wajib", lambda r: c.required if (c := r.figures.completeness) else None),
        Column("Dilaporkan", lambda r: c.reported if (c := r.figures.completeness) else None),
        Column("Tepat waktu", lambda r: c.on_time if (c := r.figures.completeness) else None),
        Column("Terverifikasi", lambda r: c.verified if (c := r.figures.completeness) else None),
        Column(
            "Kelengkapan (%)",
            lambda r: _number(c.percent) if (c := r.figures.completeness) else None,
            number_format=CAPAIAN_FORMAT,
        ),
        Column(
            "Ketepatan waktu (%)",
            lambda r: _number(c.timely_percent) if (c := r.figures.completeness) else None,
            number_format=CAPAIAN_FORMAT,
        ),
        Column("Instansi terlambat", lambda r: r.figures.late_agencies),
        Column("Tahun evaluasi KLA", lambda r: r.figures.evaluation_year),
        Column("Nilai kesiapan (dari 1000)", lambda r: _number(r.figures.readiness_total)),
        Column("Kategori kesiapan", lambda r: r.figures.readiness_category or ""),
        *(_trend(year) for year in recap.years),
    ]
