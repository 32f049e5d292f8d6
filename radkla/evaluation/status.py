"""Readiness as plain JSON-ready data, for the CLI and downloads.

Keys and values are Indonesian, numbers are JSON numbers (never strings):
``total`` and ``kategori`` the points out of 1000 and their category, ``total_bila_lengkap``
and ``kategori_bila_lengkap`` the what-if (every missing item supplied); per national
indicator ``bobot`` (its weight), ``poin`` (earned), ``tambahan_poin`` (still open),
``terverifikasi``, ``menunggu`` and ``kurang`` (checklist items verified, awaiting
verification, missing) and ``dokumen_kurang`` (the missing items' names).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from radkla.evaluation.selectors import MISSING, Readiness


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def readiness_json(result: Readiness) -> dict[str, Any]:
    return {
        "rencana": result.plan.title,
        "tahun": result.year,
        "bobot_acuan": "resmi" if result.weights.official else "bawaan",
        "total": _number(result.total),
        "kategori": result.category,
        "total_bila_lengkap": _number(result.what_if_total),
        "kategori_bila_lengkap": result.what_if_category,
        "indikator": [
            {
                "nomor": i.number,
                "klaster": i.cluster,
                "nama": i.name,
                "indikator_lokal": i.local,
                "bobot": _number(i.weight),
                "poin": _number(i.points),
                "tambahan_poin": _number(i.gain),
                "terverifikasi": i.verified,
                "menunggu": i.awaiting,
                "kurang": i.missing,
                "dokumen_kurang": [item.document for item in i.items if item.status == MISSING],
                "instansi": i.agencies,
                "aksi_terlaksana": len(i.done),
                "aksi_belum_terlaksana": len(i.not_done),
            }
            for i in sorted(result.indicators, key=lambda i: i.number)
        ],
    }
