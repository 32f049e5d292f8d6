"""A plan's achievement for a year as the open-data tables' rows. Pure: no queries.

The numbers are the achievement engine's (``achievement.selectors.plan_achievement``),
so every figure equals the one the dashboards and ``radkla status`` show for
verified data; this module only names them in the tables' columns
(``opendata.schema``). Values are Python values (``Decimal``, ``int``, ``bool``,
``str`` or ``None`` for an empty field); ``csv_field`` writes them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from radkla.achievement.display import capaian_number, value_text
from radkla.achievement.engine import Category, Rollup
from radkla.achievement.selectors import Achievement, MeasureResult
from radkla.opendata.schema import CATEGORIES, UNSCORED_COLUMNS
from radkla.plan.models import Plan
from radkla.plan.parsers.cells import Cell, CellKind

Row = dict[str, object]

_TARGET_KIND = {
    CellKind.NUMBER: "angka",
    CellKind.PERCENT: "persen",
    CellKind.THRESHOLD: "ambang",
    CellKind.COMPOSITE: "gabungan",
    CellKind.NONE: "kosong",
    CellKind.TEXT: "teks",
}
_POLARITY = {"positive": "positif", "negative": "negatif"}
_AGGREGATION = {"sum": "jumlah", "latest": "terakhir", "max": "tertinggi"}


def where(plan: Plan, achievement: Achievement) -> Row:
    """The columns every row starts with: region, regulation, year."""
    return {
        "kode_wilayah": plan.region.code,
        "nama_wilayah": plan.region.name,
        "tingkat_wilayah": plan.region.level,
        "jenis_peraturan": plan.regulation_kind,
        "nomor_peraturan": plan.regulation_number,
        "tahun_peraturan": plan.regulation_year,
        "tahun": achievement.year,
        "tahun_lengkap": achievement.cutoff.complete,
    }


def rollup_columns(rollup: Rollup, measures: Iterable[MeasureResult]) -> Row:
    """A rollup's capaian and category, and its measures counted by category and by state."""
    states = Counter(m.status for m in measures)
    return {
        "capaian": rollup.capaian,
        "kategori": str(rollup.category) if rollup.category else None,
        "jumlah_ukuran": rollup.total,
        "ukuran_dinilai": rollup.scored,
        **{
            f"ukuran_{word.replace(' ', '_')}": rollup.counts.get(Category(word), 0)
            for word in CATEGORIES
        },
        **{column: states[word] for word, column in UNSCORED_COLUMNS.items()},
    }


def plan_row(plan: Plan, achievement: Achievement) -> Row:
    revision = achievement.revision
    return {
        **where(plan, achievement),
        "judul_rencana": plan.title,
        "tahun_awal_rencana": plan.start_year,
        "tahun_akhir_rencana": plan.end_year,
        "revisi_rencana": revision.label if revision is not None else None,
        "batas_data": achievement.cutoff.text or None,
        "periode_dihitung": achievement.cutoff.periods_text or None,
        **rollup_columns(achievement.plan_rollup, achievement.measures),
    }


def cluster_rows(plan: Plan, achievement: Achievement) -> list[Row]:
    head = where(plan, achievement)
    return [
        {
            **head,
            "kode_klaster": group.key,
            "klaster": group.name,
            **rollup_columns(group.rollup, group.measures),
        }
        for group in achievement.clusters
    ]


def _indicator(m: MeasureResult) -> Row:
    label = m.indicator_label
    sub = label.lstrip("0123456789")
    return {
        "kode_klaster": m.cluster_code,
        "kode_indikator": label,
        "nomor_indikator": int(label[: len(label) - len(sub)]),
        "sub_indikator": sub or None,
    }


def indicator_rows(plan: Plan, achievement: Achievement) -> list[Row]:
    head = where(plan, achievement)
    return [
        {
            **head,
            **_indicator(group.measures[0]),
            "indikator": group.name,
            **rollup_columns(group.rollup, group.measures),
        }
        for group in achievement.indicators
    ]


def _plain(number: Decimal | None) -> Decimal | None:
    """A stored number without the column's trailing zeros: ``52.0000`` is ``52``."""
    return None if number is None else number.normalize()


def _target_number(cell: Cell | None) -> Decimal | None:
    """The number a target is scored against: a composite's parts summed."""
    if cell is None:
        return None
    if cell.kind == CellKind.COMPOSITE:
        return sum((part.value for part in cell.parts), Decimal(0))
    if cell.kind in (CellKind.NUMBER, CellKind.PERCENT, CellKind.THRESHOLD):
        return cell.number
    return None


def measure_row(head: Row, m: MeasureResult) -> Row:
    target, score = m.target, m.score
    kind = target.kind if target is not None else CellKind.NONE
    realized = m.value.total if m.value is not None else None
    return {
        **head,
        **_indicator(m),
        "urutan_ukuran": m.position,
        "ukuran": m.name,
        "satuan": m.unit or None,
        "instansi": "; ".join(m.agencies) or None,
        "polaritas": _POLARITY[m.polarity],
        "cara_menjumlah": _AGGREGATION[m.aggregation],
        # A '-' in the regulation is no target: an empty field, jenis_target says kosong.
        "target_teks": target.raw.strip() if target is not None and kind != CellKind.NONE else None,
        "jenis_target": _TARGET_KIND[kind],
        "pembanding_target": (target.comparator or None) if target is not None else None,
        "target": _plain(_target_number(target)),
        "ada_target": kind not in (CellKind.NONE, CellKind.TEXT),
        "realisasi": _plain(realized),
        "realisasi_teks": value_text(m.value, "", m.labels) or None,
        "ada_realisasi": realized is not None,
        "capaian": capaian_number(score.capaian) if score.capaian is not None else None,
        "kategori": str(score.category) if score.category else None,
        "status": m.status,
    }


def measure_rows(plan: Plan, achievement: Achievement) -> list[Row]:
    head = where(plan, achievement)
    return [measure_row(head, m) for m in achievement.measures]


def csv_field(value: object) -> str:
    """One CSV field: empty for none, ``true``/``false``, a decimal point, never an exponent."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text[1:] if value.is_zero() and text.startswith("-") else text
    return str(value)
