"""The laporan pengembangan KLA as data, built from the same engine as the dashboards.

``build_laporan`` reads the achievement (``plan_achievement``), reporting
completeness, meetings and the plan audit, and returns a ``Report`` that the
DOCX and PDF renderers print. Every number comes from the engine, so a report
never disagrees with a page.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.formats import date_format

from radkla.achievement.charts import capaian_bars_png
from radkla.achievement.display import status_word, value_text
from radkla.achievement.selectors import Achievement, MeasureResult, plan_achievement
from radkla.meetings.models import Decision
from radkla.monitoring.models import Realization, ReportingPeriod
from radkla.monitoring.selectors import agency_status
from radkla.plan.audit import audit_rows
from radkla.plan.models import Agency, Plan
from radkla.plan.parsers.cells import format_decimal
from radkla.plan.selectors import measure_rows
from radkla.reports.document import (
    Block,
    Bullets,
    Cover,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    Table,
)


def _pct(value: Decimal | None) -> str:
    return "–" if value is None else f"{format_decimal(value)}%"


def _num(value: Decimal | None) -> str:
    return "–" if value is None else format_decimal(value)


def _capaian(m: MeasureResult) -> str:
    """The capaian, with ``tercapai`` / ``belum tercapai`` for a threshold target."""
    said = m.score.threshold_label
    return f"{_pct(m.score.capaian)} ({said})" if said else _pct(m.score.capaian)


def _measure_row(m: MeasureResult) -> tuple[str, ...]:
    return (
        m.indicator_label,
        m.name,
        m.target.raw if m.target else "–",
        value_text(m.value, labels=m.labels),
        _capaian(m),
        str(m.score.category or status_word(m.score, m.target, m.value)),
    )


def _at_risk_table(achievement: Achievement) -> Table:
    """Every measure counted at risk, with the projection it rests on."""
    end = achievement.plan.end_year
    return Table(
        f"Ukuran yang diproyeksikan tidak mencapai target {end}",
        ("Ind.", "Ukuran", "Instansi", f"Target {end}", f"Proyeksi {end}"),
        tuple(
            (
                m.indicator_label,
                m.name,
                ", ".join(m.agencies) or "–",
                m.targets[end].raw if end in m.targets else "–",
                _num(m.projection),
            )
            for m in achievement.at_risk
        ),
        widths=(1, 7, 3, 2, 2),
    )


def _scope_periods(plan: Plan, year: int, period: ReportingPeriod | None) -> list[ReportingPeriod]:
    periods = ReportingPeriod.objects.filter(plan=plan, year=year).order_by("number")
    if period is not None:
        periods = periods.filter(number__lte=period.number)
    return list(periods)


def _summary(achievement: Achievement, label: str, completeness: tuple[int, int]) -> list[Block]:
    plan = achievement.plan
    overall = achievement.plan_rollup
    scored = [g for g in achievement.clusters if g.rollup.capaian is not None]
    sentences = []
    if overall.capaian is None:
        sentences.append(
            f"Belum ada realisasi terverifikasi untuk {label}, sehingga capaian RAD KLA "
            f"{plan.region.name} belum dapat dihitung."
        )
    else:
        sentences.append(
            f"Capaian keseluruhan RAD KLA {plan.region.name} untuk {label} adalah "
            f"{_pct(overall.capaian)} dengan kategori {overall.category}, dihitung dari "
            f"{overall.scored} ukuran yang dapat dinilai dari {overall.total} ukuran rencana."
        )
    if len(scored) >= 2:
        best = max(scored, key=lambda g: g.rollup.capaian or 0)
        worst = min(scored, key=lambda g: g.rollup.capaian or 0)
        sentences.append(
            f"Capaian tertinggi ada pada {best.name} ({_pct(best.rollup.capaian)}, "
            f"{best.rollup.category}), dan yang terendah pada {worst.name} "
            f"({_pct(worst.rollup.capaian)}, {worst.rollup.category})."
        )
    at_risk = len(achievement.at_risk)
    sentences.append(
        f"Sebanyak {at_risk} ukuran diproyeksikan tidak mencapai target tahun {plan.end_year} "
        "bila kecenderungan sejauh ini berlanjut; daftarnya ada pada tabel di bawah."
        if at_risk
        else f"Tidak ada ukuran yang diproyeksikan gagal mencapai target tahun {plan.end_year}."
    )
    unprojected = sum(1 for m in achievement.measures if m.projection is None)
    if unprojected:
        sentences.append(
            f"Sebanyak {unprojected} ukuran belum cukup data untuk diproyeksikan (kurang dari "
            "dua tahun dengan realisasi terverifikasi) dan tidak dihitung berisiko."
        )
    required, reported = completeness
    if required:
        share = Decimal(reported * 100) / required
        sentences.append(
            f"Kelengkapan laporan: {reported} dari {required} baris wajib sudah dilaporkan "
            f"({format_decimal(share.quantize(Decimal('0.1')))}%)."
        )
    blocks: list[Block] = [Heading("Ringkasan eksekutif")]
    blocks += [Paragraph(s, "lead") for s in sentences]
    if at_risk:
        blocks.append(_at_risk_table(achievement))
    return blocks


def _method_note(achievement: Achievement) -> list[Block]:
    """How the capaian was computed, and where it still rests on a polarity proposal."""
    total = len(achievement.measures)
    open_ = len(achievement.polarity_unconfirmed)
    negative = len(achievement.negative_unconfirmed)
    among = f" ({negative} di antaranya makin rendah makin baik)" if negative else ""
    polarity = (
        f"Polaritas {open_} dari {total} ukuran belum dikonfirmasi sekretariat{among}; capaian "
        "ukuran itu dihitung dengan usulan sistem yang dibaca dari target tahunan dan teks ukuran."
        if open_
        else f"Polaritas seluruh {total} ukuran sudah dikonfirmasi sekretariat."
    )
    return [
        Heading("Catatan metode", 2),
        Paragraph(
            "Capaian dihitung menurut Permendagri 86/2017: realisasi ÷ target × 100, atau "
            "(2 × target − realisasi) ÷ target × 100 untuk ukuran yang makin rendah makin baik; "
            "hanya realisasi terverifikasi yang dihitung. Target ambang (mis. > 90%) tercapai "
            "atau belum tercapai; ambang yang belum tercapai dinilai dengan rumus yang sama "
            "terhadap nilai ambang, paling tinggi 90, sehingga kategorinya paling baik tinggi, "
            "tidak pernah sangat tinggi. Proyeksi akhir rencana adalah garis kuadrat terkecil "
            "melalui realisasi "
            "tahunan (dan data dasar ukuran stok, kecuali data dasar yang sama dengan jumlah "
            "target, yaitu jumlah beberapa tahun); proyeksi tidak pernah di bawah 0 dan, untuk "
            "ukuran persen, tidak di atas 100. Ukuran diproyeksikan hanya bila sudah ada "
            "sekurang-kurangnya dua tahun dengan realisasi terverifikasi (data dasar tidak "
            "dihitung); selain itu belum cukup data dan ukuran itu tidak dihitung berisiko. "
            f"{polarity}",
            "note",
        ),
    ]


def _notes(plan: Plan, periods: list[ReportingPeriod]) -> dict[int, list[tuple[str, str, str]]]:
    """Obstacles and follow-ups of verified realizations, per cluster id."""
    found: dict[int, list[tuple[str, str, str]]] = {}
    rows = (
        Realization.objects.filter(
            period__in=periods, state=Realization.State.VERIFIED, area__isnull=True
        )
        .exclude(obstacles="", follow_up="")
        .order_by("measure__position", "period__number")
        .values_list(
            "measure__action__indicator__cluster_id", "measure__name", "obstacles", "follow_up"
        )
    )
    for cluster_id, measure, obstacles, follow_up in rows:
        found.setdefault(cluster_id, []).append((measure, obstacles, follow_up))
    return found


def build_laporan(
    plan: Plan, *, year: int, period: ReportingPeriod | None = None, today: dt.date | None = None
) -> Report:
    """The development report for a year, or for a year up to a period."""
    today = today or timezone.localdate()
    achievement = plan_achievement(plan, year, period=period)
    periods = _scope_periods(plan, year, period)
    label = period.label if period else f"tahun {year}"
    with translation.override("id"):
        date_text = date_format(today, "j F Y")
    statuses = {
        agency.pk: [s for s in agency_status(plan, agency.pk) if s.period in periods]
        for agency in Agency.objects.filter(measures__plan=plan).distinct().order_by("name")
    }
    required = sum(s.required for rows in statuses.values() for s in rows)
    reported = sum(s.reported for rows in statuses.values() for s in rows)
    blocks: list[Block] = [
        *_summary(achievement, label, (required, reported)),
        *_method_note(achievement),
    ]
    overview = capaian_bars_png(
        [g.key for g in achievement.clusters],
        [g.rollup.capaian for g in achievement.clusters],
        title="Capaian per klaster",
    )
    blocks.append(Figure("Capaian per klaster", overview))
    notes = _notes(plan, periods)
    for cluster in achievement.clusters:
        blocks += [PageBreak(), Heading(cluster.name)]
        if not cluster.measures:
            blocks.append(Paragraph("Tidak ada ukuran dalam klaster ini.", "note"))
            continue
        indicators = [
            g
            for g in achievement.indicators
            if g.measures[0].cluster_id == cluster.measures[0].cluster_id
        ]
        blocks.append(
            Paragraph(
                f"Capaian {cluster.name}: {_pct(cluster.rollup.capaian)}"
                + (f" ({cluster.rollup.category})" if cluster.rollup.category else "")
                + f"; {cluster.rollup.scored} dari {cluster.rollup.total} ukuran dinilai."
            )
        )
        chart = capaian_bars_png(
            [g.label for g in indicators],
            [g.rollup.capaian for g in indicators],
            title=f"Capaian per indikator, {cluster.key}",
        )
        blocks.append(Figure(f"Capaian per indikator {cluster.name}", chart))
        blocks.append(
            Table(
                f"Indikator dan ukuran {cluster.name}",
                ("Ind.", "Ukuran", "Target", "Realisasi", "Capaian", "Kategori"),
                tuple(_measure_row(m) for m in cluster.measures),
                category_column=5,
                widths=(1, 7, 2, 2, 2, 2.4),
            )
        )
        cluster_notes = notes.get(cluster.measures[0].cluster_id, [])
        blocks.append(Heading("Hambatan dan tindak lanjut", 2))
        if cluster_notes:
            blocks.append(
                Bullets(
                    tuple(
                        f"{measure}: hambatan — {obstacles or '-'}; tindak lanjut — "
                        f"{follow_up or '-'}"
                        for measure, obstacles, follow_up in cluster_notes
                    )
                )
            )
        else:
            blocks.append(Paragraph("Tidak ada hambatan yang dilaporkan.", "note"))
    blocks += [PageBreak(), Heading("Kelengkapan laporan instansi")]
    agency_rows = []
    names = {a.pk: str(a) for a in Agency.objects.filter(pk__in=list(statuses))}
    for agency_id, rows in statuses.items():
        need = sum(s.required for s in rows)
        done = sum(s.reported for s in rows)
        timely = sum(s.on_time for s in rows)
        verified = sum(s.verified for s in rows)
        share = (
            f"{format_decimal((Decimal(done * 100) / need).quantize(Decimal('0.1')))}%"
            if need
            else "–"
        )
        agency_rows.append(
            (names[agency_id], str(need), str(done), str(timely), str(verified), share)
        )
    blocks.append(
        Table(
            f"Kelengkapan laporan {label}",
            ("Instansi", "Wajib", "Dilaporkan", "Tepat waktu", "Terverifikasi", "Kelengkapan"),
            tuple(agency_rows),
            widths=(5, 1.5, 2, 2, 2, 2),
        )
    )
    decisions = (
        Decision.objects.filter(meeting__plan=plan, meeting__period__in=periods)
        .select_related("meeting", "owner")
        .order_by("meeting__held_on", "position")
    )
    blocks += [Heading("Rapat koordinasi dan tindak lanjut")]
    decision_rows = tuple(
        (
            f"{d.meeting.held_on:%d-%m-%Y}",
            d.text,
            str(d.owner) if d.owner else "–",
            f"{d.due_on:%d-%m-%Y}" if d.due_on else "–",
            d.get_state_display(),
        )
        for d in decisions
    )
    if decision_rows:
        blocks.append(
            Table(
                "Keputusan rapat koordinasi",
                ("Rapat", "Keputusan", "Penanggung jawab", "Batas", "Status"),
                decision_rows,
                widths=(2, 7, 3, 2, 2),
            )
        )
    else:
        blocks.append(
            Paragraph("Belum ada rapat koordinasi yang dicatat untuk periode ini.", "note")
        )
    flags = audit_rows(measure_rows(plan), start_year=plan.start_year, end_year=plan.end_year)
    blocks += [Heading("Catatan audit data rencana yang masih terbuka")]
    blocks.append(
        Table(
            "Catatan audit data rencana",
            ("Letak", "Ind.", "Catatan"),
            tuple((f.location, f.indicator, f.message) for f in flags),
            widths=(2, 1, 10),
        )
        if flags
        else Paragraph("Tidak ada catatan audit.", "note")
    )
    blocks += [PageBreak(), Heading("Lampiran: matriks capaian lengkap")]
    blocks.append(
        Table(
            f"Matriks capaian {label}",
            ("Ind.", "Ukuran", "Target", "Realisasi", "Capaian", "Kategori"),
            tuple(_measure_row(m) for m in achievement.measures),
            category_column=5,
            widths=(1, 7, 2, 2, 2, 2.4),
        )
    )
    level = "Kota" if plan.region.level == "kota" else "Kabupaten"
    return Report(
        cover=Cover(
            title="Laporan Pengembangan Kabupaten/Kota Layak Anak",
            region=f"{level} {plan.region.name}",
            subtitle=label.capitalize() if not period else label,
            legal_basis=f"{plan.title} ({plan.legal_basis})",
            date_text=date_text,
            note="Disusun dari realisasi yang sudah diverifikasi Gugus Tugas KLA.",
        ),
        blocks=tuple(blocks),
    )
