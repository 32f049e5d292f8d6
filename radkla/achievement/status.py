"""The achievement as a plain structure: what `radkla status --format json` prints.

The same object feeds the terminal table; the reports will read it too. Keys and
values are Indonesian and numbers are JSON numbers. A measure's ``status`` is one
of ``radkla.achievement.display.EVERY_STATUS``; ``realisasi`` is the number scored
(a composite's parts summed), ``realisasi_teks`` the value as shown (``Motor 1 Molin 0``)
and ``realisasi_bagian`` a composite's parts.
"""

from __future__ import annotations

from decimal import Decimal

from radkla.achievement.display import status_word, value_text
from radkla.achievement.engine import Rollup, Value
from radkla.achievement.selectors import Achievement, MeasureResult
from radkla.plan.inforce import key_code, key_label


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _rollup(rollup: Rollup) -> dict[str, object]:
    return {
        "capaian": _number(rollup.capaian),
        "kategori": str(rollup.category) if rollup.category else None,
        "diukur": rollup.scored,
        "tidak_diukur": rollup.not_scored,
        "jumlah_per_kategori": {str(k): n for k, n in rollup.counts.items()},
    }


def _score(m: MeasureResult) -> dict[str, object]:
    score = m.score
    return {
        "capaian": _number(score.capaian),
        "kategori": str(score.category) if score.category else None,
        "status": status_word(score, m.target, m.value),
        "alasan": score.reason or None,
    }


def _parts(value: Value | None) -> dict[str, float] | None:
    if value is None or not value.parts:
        return None
    return {label: float(amount) for label, amount in value.parts.items()}


def _measure(m: MeasureResult) -> dict[str, object]:
    return {
        "id": m.id,
        "ukuran": m.name,
        "satuan": m.unit,
        "instansi": list(m.agencies),
        "target": m.target.raw if m.target else None,
        "realisasi": _number(m.value.total) if m.value else None,
        "realisasi_teks": value_text(m.value, "", m.labels) or None,
        "realisasi_bagian": _parts(m.value),
        **_score(m),
        "proyeksi_akhir": _number(m.projection),
        "berisiko": m.at_risk,
    }


def _revision(achievement: Achievement) -> dict[str, object] | None:
    """The plan revision whose targets the figures use, in the JSON's own words."""
    revision, plan = achievement.revision, achievement.plan
    if revision is None:
        return None
    return {
        "nomor": revision.label,
        "alasan": revision.reason,
        "berlaku_sejak": key_code(revision.effective_from),
        "berlaku_sejak_teks": key_label(plan, revision.effective_from),
    }


def status_json(achievement: Achievement) -> dict[str, object]:
    indicators_by_cluster: dict[str, list[dict[str, object]]] = {}
    for group in achievement.indicators:
        first = group.measures[0]
        indicators_by_cluster.setdefault(first.cluster_code, []).append(
            {
                "nomor": group.label,
                "indikator": group.name,
                **_rollup(group.rollup),
                "ukuran": [_measure(m) for m in group.measures],
            }
        )
    plan = achievement.plan
    return {
        "rencana": {
            "id": plan.pk,
            "judul": plan.title,
            "wilayah": {"kode": plan.region.code, "nama": plan.region.name},
            "tahun": achievement.year,
            "periode": achievement.period.code if achievement.period else None,
            "hanya_terverifikasi": achievement.verified_only,
            "batas_data": achievement.cutoff.text,
            "periode_dihitung": achievement.cutoff.periods_text,
            "tahun_lengkap": achievement.cutoff.complete,
            "revisi": _revision(achievement),
            **_rollup(achievement.plan_rollup),
            "berisiko": len(achievement.at_risk),
        },
        "klaster": [
            {
                "kode": group.key,
                "klaster": group.name,
                **_rollup(group.rollup),
                "indikator": indicators_by_cluster.get(group.key, []),
            }
            for group in achievement.clusters
        ],
    }
