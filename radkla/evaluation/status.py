"""Readiness as plain JSON-ready data, for the CLI and downloads.

Keys and values are Indonesian, numbers are JSON numbers (never strings):
``tahun_evaluasi`` the evaluation's year and ``jendela_data`` the plan years whose
data it looks at (``tahun_awal``, ``tahun_akhir``, ``tahun_capaian``, ``diatur_sekretariat``,
``keterangan`` and ``dokumen_kota_sampai``, the last upload day of city documents that
count); ``total`` and ``kategori`` the points out of 1000 and their category,
``total_bila_lengkap`` and ``kategori_bila_lengkap`` the what-if (every missing item
supplied); per national indicator ``bobot`` (its weight), ``poin`` (earned),
``tambahan_poin`` (still open), ``terverifikasi``, ``menunggu`` and ``kurang`` (checklist
items verified, awaiting verification, missing), ``dokumen_kurang`` (the missing items'
names) and ``berkas``, the files counted, each with its ``periode`` and ``tanggal_unggah``
(ISO date, local time zone).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from radkla.evaluation.selectors import MISSING, STATUS_LABELS, ProofFile, Readiness


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _file(proof: ProofFile) -> dict[str, Any]:
    return {
        "jenis": "bukti realisasi" if proof.kind == "evidence" else "dokumen kota",
        "nama": proof.name,
        "untuk": proof.title,
        "instansi": proof.agency,
        "periode": proof.period or None,
        "tanggal_unggah": proof.day.isoformat(),
        "status": STATUS_LABELS[proof.status].lower(),
    }


def readiness_json(result: Readiness) -> dict[str, Any]:
    window = result.window
    return {
        "rencana": result.plan.title,
        "tahun_evaluasi": result.evaluation_year,
        "jendela_data": {
            "tahun_awal": window.first,
            "tahun_akhir": window.last,
            "tahun_capaian": window.capaian_year,
            "diatur_sekretariat": window.configured,
            "keterangan": window.title,
            "dokumen_kota_sampai": window.documents_until.isoformat(),
        },
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
                "berkas": [_file(f) for f in i.files],
            }
            for i in sorted(result.indicators, key=lambda i: i.number)
        ],
    }
