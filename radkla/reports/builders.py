"""The laporan pengembangan KLA as data: the official document the task force compiles.

``build_laporan`` reads the achievement (``plan_achievement``), the meetings, the
reporting completeness, the budget, and the obstacles of verified realizations,
and returns a ``Report`` in the order of an Indonesian government report: cover,
KATA PENGANTAR, DAFTAR ISI/TABEL/GAMBAR, BAB I-VII and the LAMPIRAN. Every number
comes from the engine, so the document never disagrees with a page or with
``radkla status``; every sentence of the conclusions is built from those numbers.
The plan audit's notes are internal and stay out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.formats import date_format

from radkla.achievement.charts import capaian_bars_png
from radkla.achievement.cutoff import ROMAN
from radkla.achievement.display import capaian_number, capaian_text, status_word, value_text
from radkla.achievement.engine import Category, Rollup, rollup, score
from radkla.achievement.selectors import Achievement, Group, MeasureResult, plan_achievement
from radkla.lib.numbers import rupiah
from radkla.meetings.models import Decision, Meeting
from radkla.monitoring.funding import FundingLine, funding_lines
from radkla.monitoring.models import FundingSource, ReportingPeriod
from radkla.monitoring.selectors import PeriodStatus, agency_statuses, periods_to, verified_notes
from radkla.plan.inforce import revision_sentence
from radkla.plan.models import Agency, Plan, PlanRevision
from radkla.plan.parsers.cells import format_decimal
from radkla.plan.rows import MeasureRow
from radkla.plan.selectors import measure_rows
from radkla.reports import identity as report_identity
from radkla.reports import layout as report_layout
from radkla.reports.document import (
    Block,
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


def _pct(value: Decimal | None) -> str:
    return capaian_text(value)


def _num(value: Decimal | None) -> str:
    return "–" if value is None else format_decimal(value)


TITLE = "LAPORAN PENGEMBANGAN KABUPATEN/KOTA LAYAK ANAK"
ISSUER = "GUGUS TUGAS KABUPATEN/KOTA LAYAK ANAK"
# Free text (an obstacle, a decision) is cut here: one cell must fit on a page.
LONGEST_TEXT = 1000
# An obstacle shared by many measures names this many, then counts the rest.
MEASURES_NAMED = 5
FIGURE_HEIGHT_CM = 6.0  # every chart: a page keeps room for the table after it
_CENT = Decimal("0.01")


def _rupiah(amount: Decimal) -> str:
    return rupiah(amount)


def _share(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return capaian_number(Decimal(part) * 100 / Decimal(whole))


def _date(day: dt.date) -> str:
    with translation.override("id"):
        return date_format(day, "j F Y")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LONGEST_TEXT else text[: LONGEST_TEXT - 1].rstrip() + "…"


def _category(m: MeasureResult) -> str:
    """The row's category, or its status when it has none; a threshold says met or not."""
    if m.score.category is None:
        return status_word(m.score, m.target, m.value)
    said = m.score.threshold_label
    return f"{m.score.category}\n{said}" if said else str(m.score.category)


def _capaian(m: MeasureResult) -> str:
    return _pct(m.score.capaian)


def _at_risk_table(achievement: Achievement, title: str) -> Table:
    """Every measure counted at risk, with the projection it rests on."""
    end = achievement.plan.end_year
    return Table(
        title,
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
        widths=(0.8, 7, 3, 2, 2),
    )


def _method_note(achievement: Achievement) -> str:
    """How the capaian was computed (README's rules), and where it rests on a proposal."""
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
    return (
        "Capaian dihitung menurut Permendagri 86/2017: realisasi ÷ target × 100, atau "
        "(2 × target − realisasi) ÷ target × 100 untuk ukuran yang makin rendah makin baik; "
        "hanya realisasi terverifikasi yang dihitung. Target ambang (mis. > 90%) tercapai "
        "atau belum tercapai; ambang yang belum tercapai dinilai dengan rumus yang sama "
        "terhadap nilai ambang, paling tinggi 90, sehingga kategorinya paling baik tinggi, "
        "tidak pernah sangat tinggi. Kategori: ≥ 91 sangat tinggi, 76–90 tinggi, 66–75 sedang, "
        "51–65 rendah, ≤ 50 sangat rendah. Rata-rata klaster dan keseluruhan membatasi capaian "
        "tiap ukuran pada 100, sehingga ukuran yang melampaui target tidak menutupi kekurangan "
        "ukuran lain. Ukuran yang dijumlahkan antarperiode dinilai setelah tahunnya lengkap; "
        "selama tahun berjalan ukuran itu tertulis belum lengkap. Semua angka dibulatkan "
        "setengah ke atas. Proyeksi akhir rencana adalah garis kuadrat terkecil melalui "
        "realisasi tahunan (dan data dasar ukuran stok, kecuali data dasar yang sama dengan "
        "jumlah target, yaitu jumlah beberapa tahun); proyeksi tidak pernah di bawah 0 dan, "
        "untuk ukuran persen, tidak di atas 100. Ukuran diproyeksikan hanya bila sudah ada "
        "sekurang-kurangnya dua tahun dengan realisasi terverifikasi (data dasar tidak "
        "dihitung); selain itu belum cukup data dan ukuran itu tidak dihitung berisiko. "
        f"{polarity}"
    )


class _Writer:
    """Blocks in order, with chapter, section, table and figure numbers."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.chapters = 0
        self.prefix = ""
        self.sections = self.tables = self.figures = 0

    def front(self, title: str, *, landscape: bool = False, prefix: str = "") -> None:
        self.blocks.append(Heading(title, 1, landscape))
        self.prefix = prefix
        self.sections = self.tables = self.figures = 0

    def chapter(self, title: str, *, landscape: bool = False) -> None:
        self.chapters += 1
        number = ROMAN[self.chapters - 1]
        self.front(f"BAB {number} {title}", landscape=landscape, prefix=str(self.chapters))

    def section(self, title: str) -> None:
        self.sections += 1
        self.blocks.append(Heading(f"{self.prefix}.{self.sections} {title}", 2))

    def text(self, text: str, style: str = "body") -> None:
        self.blocks.append(Paragraph(text, style))

    def bullets(self, items: list[str], *, numbered: bool = False) -> None:
        if items:
            self.blocks.append(Bullets(tuple(items), numbered))

    def table_title(self, title: str) -> str:
        self.tables += 1
        return f"Tabel {self.prefix}.{self.tables} {title}"

    def table(
        self,
        title: str,
        columns: tuple[str, ...],
        rows: Sequence[tuple[str, ...]],
        *,
        widths: tuple[float, ...],
        category_column: int | None = None,
        groups: tuple[tuple[int, str], ...] = (),
        empty: str = "",
        small: bool = False,
    ) -> None:
        if not rows and empty:
            self.text(empty, "note")
            return
        self.blocks.append(
            Table(
                self.table_title(title),
                columns,
                tuple(rows),
                category_column=category_column,
                widths=widths,
                groups=groups,
                small=small,
            )
        )

    def figure(self, title: str, png: bytes, height_cm: float = FIGURE_HEIGHT_CM) -> None:
        """A chart at one height, as wide as its bars need (at most the portrait width)."""
        self.figures += 1
        width_px, height_px = report_layout.picture_size(png)
        width_cm = min(16.0, height_cm * width_px / height_px)
        self.blocks.append(Figure(f"Gambar {self.prefix}.{self.figures} {title}", png, width_cm))

    def add(self, block: Block) -> None:
        self.blocks.append(block)


@dataclass
class _Facts:
    """What the document reads from the database, once."""

    plan: Plan
    year: int
    period: ReportingPeriod | None
    today: dt.date
    achievement: Achievement
    identity: report_identity.ReportIdentity
    periods: list[ReportingPeriod]
    rows: dict[int, MeasureRow]
    agencies: dict[int, Agency]
    statuses: dict[int, list[PeriodStatus]]
    meetings: Sequence[Meeting]
    decisions: list[Decision]
    funding: list[FundingLine]

    @property
    def scope(self) -> str:
        """``tahun 2025``, ``tahun 2025 (tahun berjalan)`` or ``tahun 2025 s.d. Caturwulan I``."""
        if self.period is not None:
            label = self.period.label.removesuffix(f" {self.year}")
            return f"tahun {self.year} s.d. {label}"
        if self.achievement.cutoff.complete:
            return f"tahun {self.year}"
        return f"tahun {self.year} (tahun berjalan)"

    @property
    def value_heading(self) -> str:
        """The heading of the year's realization column."""
        if self.period is not None:
            return f"Realisasi s.d. {self.period.label}"
        suffix = "" if self.achievement.cutoff.complete else " (berjalan)"
        return f"Realisasi {self.year}{suffix}"

    @property
    def region(self) -> str:
        return self.identity.region

    @property
    def previous_year(self) -> int | None:
        return self.year - 1 if self.year > self.plan.start_year else None

    def completeness(self) -> tuple[int, int, int, int]:
        """Rows due, reported, on time and verified, over every agency and period in scope."""
        rows = [s for statuses in self.statuses.values() for s in statuses]
        return (
            sum(s.required for s in rows),
            sum(s.reported for s in rows),
            sum(s.on_time for s in rows),
            sum(s.verified for s in rows),
        )

    def open_decisions(self) -> list[Decision]:
        return [d for d in self.decisions if d.is_follow_up and d.is_open]

    def overdue(self) -> list[Decision]:
        return [d for d in self.open_decisions() if d.due_on and d.due_on < self.today]

    def budget(self) -> tuple[Decimal, Decimal]:
        return (
            sum((line.planned_total for line in self.funding), Decimal(0)),
            sum((line.spent_total for line in self.funding), Decimal(0)),
        )

    def incomplete(self) -> list[MeasureResult]:
        return [m for m in self.achievement.measures if m.score.status == "incomplete"]


def _read(plan: Plan, year: int, period: ReportingPeriod | None, today: dt.date) -> _Facts:
    achievement = plan_achievement(plan, year, period=period)
    periods = periods_to(plan, year, period)
    rows = {row.id: row for row in measure_rows(plan, include_retired=True)}
    statuses = {
        agency_id: [s for s in found if s.period in periods]
        for agency_id, found in agency_statuses(plan).items()
    }
    ids = {pk for m in achievement.measures for pk in m.agency_ids} | set(statuses)
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=ids)}
    end = period.ends_on if period is not None else dt.date(year, 12, 31)
    meetings = list(
        Meeting.objects.filter(plan=plan)
        .filter(
            Q(period__in=periods) | Q(period__isnull=True, held_on__year=year, held_on__lte=end)
        )
        .select_related("period")
        .annotate(attendee_count=Count("attendees", distinct=True))
        .order_by("held_on", "id")
    )
    decisions = list(
        Decision.objects.filter(meeting__in=meetings)
        .select_related("meeting", "owner")
        .order_by("meeting__held_on", "meeting_id", "position")
    )
    return _Facts(
        plan=plan,
        year=year,
        period=period,
        today=today,
        achievement=achievement,
        identity=report_identity.identity_for(plan.region),
        periods=periods,
        rows=rows,
        agencies=agencies,
        statuses=statuses,
        meetings=meetings,
        decisions=decisions,
        funding=funding_lines(plan, year, upto=period.number if period else None),
    )


# --- front matter ------------------------------------------------------------------------------


def _agency_name(agency: Agency) -> str:
    return f"{agency.name} ({agency.acronym})" if agency.acronym else agency.name


def _signature(facts: _Facts) -> Signature:
    identity = facts.identity
    position = identity.chair_position
    if facts.plan.region.name.lower() not in position.lower():
        position = f"{position} {identity.region}"
    return Signature(
        place=identity.place,
        date_text=_date(facts.today),
        position=f"{position},",
        name=identity.chair_name,
        nip=identity.chair_nip,
    )


def _foreword(facts: _Facts, write: _Writer) -> None:
    write.front("KATA PENGANTAR")
    own = [p.strip() for p in facts.identity.foreword.replace("\r\n", "\n").split("\n\n")]
    paragraphs = [" ".join(p.split()) for p in own if p.strip()]
    if not paragraphs:
        plan = facts.plan
        agencies = len({pk for m in facts.achievement.measures for pk in m.agency_ids})
        paragraphs = [
            "Puji syukur kita panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas rahmat-Nya "
            f"Laporan Pengembangan Kabupaten/Kota Layak Anak {facts.region} {facts.scope} "
            "dapat diselesaikan.",
            f"Laporan ini disusun oleh Gugus Tugas KLA {facts.region} sebagai hasil pemantauan "
            f"dan evaluasi pelaksanaan {plan.title} yang ditetapkan dengan {plan.legal_basis}. "
            f"Laporan memuat capaian {len(facts.achievement.measures)} ukuran yang menjadi "
            f"tanggung jawab {agencies} perangkat daerah dan lembaga, rapat koordinasi Gugus "
            "Tugas beserta tindak lanjutnya, anggaran, permasalahan yang dihadapi, serta "
            "kesimpulan dan rekomendasi. Seluruh angka berasal dari realisasi yang telah "
            f"diverifikasi Gugus Tugas ({facts.achievement.cutoff.text}).",
            "Terima kasih kami sampaikan kepada seluruh perangkat daerah, lembaga, dunia usaha, "
            "media massa, Forum Anak dan masyarakat yang telah berperan dalam pemenuhan hak dan "
            "perlindungan anak. Semoga laporan ini menjadi bahan perbaikan pelaksanaan rencana "
            "aksi pada periode berikutnya.",
        ]
    for text in paragraphs:
        write.text(text)
    write.add(_signature(facts))


# --- BAB I ---------------------------------------------------------------------------------------


def _amendments(achievement: Achievement) -> list[str]:
    """The amending regulations behind the revision in force, for the legal basis."""
    revision, plan = achievement.revision, achievement.plan
    if revision is None:
        return []
    found = (
        PlanRevision.objects.filter(
            plan=plan, kind=PlanRevision.Kind.DOCUMENT, number__lte=revision.number
        )
        .exclude(legal_basis="")
        .exclude(legal_basis=plan.legal_basis)
        .order_by("number")
        .values_list("legal_basis", flat=True)
    )
    return [f"{basis}." for basis in dict.fromkeys(found)]


def _introduction(facts: _Facts, write: _Writer) -> None:
    plan, achievement = facts.plan, facts.achievement
    measures = achievement.measures
    actions = len({facts.rows[m.id].action_id for m in measures if m.id in facts.rows})
    agencies = len({pk for m in measures for pk in m.agency_ids})
    clusters = [g for g in achievement.clusters if g.measures]
    write.chapter("PENDAHULUAN")
    write.section("Latar Belakang")
    write.text(
        f"Pemerintah {facts.region} menetapkan {plan.title} dengan {plan.legal_basis}. "
        f"Rencana aksi itu memuat {actions} rencana aksi dengan {len(measures)} ukuran "
        f"dalam {len(clusters)} kelompok (kelembagaan dan klaster hak anak), dengan target "
        f"tahunan {plan.start_year}–{plan.end_year} terhadap data dasar tahun "
        f"{plan.baseline_year}, dilaksanakan oleh {agencies} perangkat daerah dan lembaga."
    )
    revision = achievement.revision
    if revision is not None and (revision.number, revision.minor) != (0, 0):
        write.text(
            f"Rencana aksi itu telah direvisi. {revision_sentence(plan, revision)} Periode "
            "sebelum revisi berlaku tetap dinilai dengan target yang berlaku pada saat itu."
        )
    write.text(
        "Peraturan tersebut menugaskan Gugus Tugas KLA memantau dan mengevaluasi pelaksanaan "
        "rencana aksi melalui rapat koordinasi untuk mengetahui perkembangan dan hambatannya, "
        "dan menyusun hasilnya dalam laporan pengembangan KLA yang dilaporkan kepada Ketua "
        f"Gugus Tugas KLA. Dokumen ini adalah laporan tersebut untuk {facts.scope}."
    )
    write.section("Dasar Hukum")
    write.bullets(
        [
            f"{plan.legal_basis} tentang {plan.title}.",
            *_amendments(achievement),
            "Peraturan Menteri Dalam Negeri Nomor 86 Tahun 2017, yang menjadi dasar skala "
            "kategori capaian dalam laporan ini.",
        ],
        numbered=True,
    )
    write.section("Maksud dan Tujuan")
    write.text(
        "Laporan ini dimaksudkan sebagai laporan hasil pemantauan dan evaluasi pelaksanaan "
        f"RAD KLA {facts.region} {facts.scope} kepada Ketua Gugus Tugas KLA. Tujuannya:"
    )
    write.bullets(
        [
            "menyajikan capaian setiap ukuran, indikator, klaster dan keseluruhan rencana aksi "
            "terhadap target tahunan, dibandingkan dengan tahun sebelumnya dan data dasar;",
            "mencatat rapat koordinasi Gugus Tugas, keputusannya dan tindak lanjutnya;",
            "menyajikan pagu dan realisasi anggaran per klaster dan per instansi;",
            "menghimpun permasalahan dan tindak lanjut yang dilaporkan instansi, serta ukuran "
            f"yang berisiko tidak mencapai target {plan.end_year}; dan",
            "merumuskan kesimpulan dan rekomendasi bagi pelaksanaan berikutnya.",
        ],
        numbered=True,
    )
    write.section("Ruang Lingkup")
    cutoff = achievement.cutoff
    scope = (
        f"Laporan ini mencakup {facts.scope}. {cutoff.sentence} Cakupannya "
        f"{len(clusters)} kelompok: {', '.join(g.name for g in clusters)}; "
        f"{len(achievement.indicators)} indikator, {actions} rencana aksi, {len(measures)} "
        f"ukuran dan {agencies} perangkat daerah dan lembaga."
    )
    write.text(scope)
    if cutoff.year_to_date:
        write.text(
            f"Tahun {facts.year} belum lengkap: angka tahun ini adalah realisasi terverifikasi "
            "sejauh ini (lihat batas data di atas). Ukuran yang dijumlahkan "
            "antarperiode baru dinilai setelah tahunnya lengkap dan tertulis belum lengkap, "
            "bukan sebagai kekurangan.",
            "note",
        )


# --- BAB II --------------------------------------------------------------------------------------


def _decision_status(decision: Decision, today: dt.date) -> str:
    if not decision.is_open:
        done = timezone.localtime(decision.done_at).date() if decision.done_at else None
        return f"Selesai {_date(done)}" if done else "Selesai"
    if decision.due_on and decision.due_on < today:
        return "Terbuka, lewat batas waktu"
    return "Terbuka"


def _task_force(facts: _Facts, write: _Writer) -> None:
    write.chapter("GUGUS TUGAS DAN RAPAT KOORDINASI")
    identity = facts.identity
    responsible = len({pk for m in facts.achievement.measures for pk in m.agency_ids})
    chair = f" ({identity.chair_name})" if identity.chair_name else ""
    write.section("Gugus Tugas KLA")
    write.text(
        f"Gugus Tugas KLA {facts.region} mengoordinasikan kebijakan, program dan kegiatan untuk "
        f"mewujudkan Kabupaten/Kota Layak Anak. Gugus Tugas dipimpin {identity.chair_position}"
        f"{chair}; {responsible} perangkat daerah dan lembaga bertanggung jawab atas ukuran "
        "rencana aksi dan melaporkan realisasinya setiap periode, yang diverifikasi sekretariat "
        "dan koordinator klaster sebelum dihitung."
    )
    write.section("Rapat Koordinasi")
    count = len(facts.meetings)
    periods = len(facts.periods)
    write.text(
        f"Selama {facts.scope} Gugus Tugas mencatat {count} rapat koordinasi untuk "
        f"{periods} periode pelaporan."
        if count
        else f"Belum ada rapat koordinasi yang dicatat untuk {facts.scope}."
    )
    agencies = len(facts.agencies)
    per_meeting: dict[int, list[Decision]] = defaultdict(list)
    for decision in facts.decisions:
        per_meeting[decision.meeting_id].append(decision)
    write.table(
        f"Rapat koordinasi Gugus Tugas KLA {facts.scope}",
        ("No", "Tanggal", "Rapat", "Periode dibahas", "Kehadiran", "Keputusan", "Terbuka"),
        [
            (
                str(n),
                _date(m.held_on),
                m.title + (f", {m.place}" if m.place else ""),
                m.period.label if m.period else "–",
                f"{m.attendee_count} dari {agencies} instansi",  # type: ignore[attr-defined]
                str(len(per_meeting[m.pk])),
                str(sum(1 for d in per_meeting[m.pk] if d.is_follow_up and d.is_open)),
            )
            for n, m in enumerate(facts.meetings, start=1)
        ],
        widths=(0.6, 2.4, 5, 2.6, 2.4, 1.6, 1.4),
    )
    write.section("Keputusan dan Tindak Lanjut Rapat")
    open_ = facts.open_decisions()
    late = facts.overdue()
    if facts.decisions:
        write.text(
            f"Rapat-rapat itu menghasilkan {len(facts.decisions)} keputusan; "
            f"{len(open_)} tindak lanjut masih terbuka"
            + (f", {len(late)} di antaranya melewati batas waktu." if late else ".")
        )
    write.table(
        "Keputusan rapat koordinasi dan status tindak lanjutnya",
        ("Rapat", "Keputusan", "Penanggung jawab", "Batas waktu", "Status"),
        [
            (
                _date(d.meeting.held_on),
                _short(d.text),
                str(d.owner) if d.owner else "–",
                _date(d.due_on) if d.due_on else "–",
                _decision_status(d, facts.today),
            )
            for d in facts.decisions
        ],
        widths=(2.2, 6, 3.4, 2.2, 2.4),
        empty="Tidak ada keputusan rapat yang dicatat.",
    )
    write.section("Kelengkapan Laporan Instansi")
    required, reported, on_time, verified = facts.completeness()
    share = _share(reported, required)
    if required:
        write.text(
            f"Kelengkapan laporan: {reported} dari {required} baris wajib sudah dilaporkan "
            f"({_pct(share)}), {on_time} tepat waktu dan {verified} sudah diverifikasi. Satu "
            "baris adalah satu ukuran yang bertarget pada tahunnya untuk satu instansi dalam "
            "satu periode."
        )
    rows = []
    for agency_id, found in sorted(
        facts.statuses.items(), key=lambda item: facts.agencies[item[0]].name
    ):
        need = sum(s.required for s in found)
        if not need:
            continue
        done = sum(s.reported for s in found)
        rows.append(
            (
                _agency_name(facts.agencies[agency_id]),
                str(need),
                str(done),
                str(sum(s.on_time for s in found)),
                str(sum(s.verified for s in found)),
                _pct(_share(done, need)),
            )
        )
    write.table(
        f"Kelengkapan laporan instansi {facts.scope}",
        ("Instansi", "Wajib", "Dilaporkan", "Tepat waktu", "Terverifikasi", "Kelengkapan"),
        rows,
        widths=(6, 1.4, 1.8, 1.8, 2, 2),
        empty="Belum ada periode pelaporan yang dibuka.",
    )


# --- BAB III -------------------------------------------------------------------------------------


def _rollup_of(measures: list[MeasureResult], year: int | None) -> Rollup | None:
    if year is None:
        return None
    return rollup(score(m.targets.get(year), m.yearly.get(year), m.polarity) for m in measures)


def _baseline_of(measures: list[MeasureResult], start: int) -> Rollup:
    return rollup(score(m.targets.get(start), m.baseline, m.polarity) for m in measures)


def _said(value: Rollup | None) -> str:
    if value is None or value.capaian is None:
        return "–"
    return f"{_pct(value.capaian)} ({value.category})"


def _change(now: Decimal | None, before: Decimal | None, year: int | None) -> str:
    if now is None or before is None or year is None:
        return ""
    diff = now - before
    if diff == 0:
        return f", sama dengan {year}"
    way = "naik" if diff > 0 else "turun"
    return f", {way} {format_decimal(abs(diff))} poin dari {year} ({_pct(before)})"


def _caveats(facts: _Facts, write: _Writer) -> None:
    achievement, plan = facts.achievement, facts.plan
    cutoff = achievement.cutoff
    items = [cutoff.sentence]
    for period in facts.periods:
        counts = [s for found in facts.statuses.values() for s in found if s.period == period]
        waiting = sum(s.submitted for s in counts)
        pending = sum(s.draft + s.returned + s.missing for s in counts)
        state = "sudah ditutup" if period.state == ReportingPeriod.State.CLOSED else "masih dibuka"
        items.append(
            f"{period.label} {state}; {waiting} baris laporan menunggu verifikasi dan "
            f"{pending} baris belum diajukan atau dikembalikan untuk diperbaiki. Hanya realisasi "
            "terverifikasi yang dihitung."
        )
    incomplete = facts.incomplete()
    if incomplete:
        items.append(
            f"{len(incomplete)} ukuran yang dijumlahkan antarperiode tertulis belum lengkap: "
            "tahunnya masih berjalan, sehingga belum dinilai."
        )
    if plan.status == Plan.Status.DRAFT:
        items.append(
            "Rencana aksi di radkla masih berstatus draf: isinya belum ditandai final oleh "
            "sekretariat, sehingga target dan satuan masih dapat berubah."
        )
    unconfirmed = len(achievement.polarity_unconfirmed)
    if unconfirmed:
        items.append(
            f"Polaritas {unconfirmed} ukuran (makin tinggi atau makin rendah makin baik) belum "
            "dikonfirmasi sekretariat; capaiannya memakai usulan sistem."
        )
    not_scored = achievement.plan_rollup.not_scored - len(incomplete)
    if not_scored > 0:
        items.append(
            f"{not_scored} ukuran tidak dinilai: targetnya tidak berupa angka, bernilai nol, "
            "atau belum ada realisasi terverifikasi."
        )
    write.section("Catatan Data")
    write.bullets(items)
    write.section("Catatan Metode")
    write.text(_method_note(achievement), "note")


def _overall(facts: _Facts, write: _Writer) -> None:
    achievement, plan = facts.achievement, facts.plan
    overall = achievement.plan_rollup
    before = facts.previous_year
    write.section("Capaian Keseluruhan")
    if overall.capaian is None:
        write.text(
            f"Belum ada realisasi terverifikasi untuk {facts.scope}, sehingga capaian RAD KLA "
            f"{facts.region} belum dapat dihitung.",
            "lead",
        )
    else:
        previous = achievement.trend.get(before) if before else None
        write.text(
            f"Capaian keseluruhan RAD KLA {facts.region} {facts.scope} adalah "
            f"{_pct(overall.capaian)} dengan kategori {overall.category}, dihitung dari "
            f"{overall.scored} ukuran yang dinilai dari {overall.total} ukuran rencana"
            f"{_change(overall.capaian, previous.capaian if previous else None, before)}.",
            "lead",
        )
        counts = ", ".join(f"{overall.counts[c]} {c}" for c in Category if overall.counts.get(c))
        write.text(f"Sebaran kategori ukuran yang dinilai: {counts}.")
    columns = ["Klaster", "Ukuran dinilai", f"Data dasar {plan.baseline_year}"]
    if before:
        columns.append(str(before))
    columns += [f"Capaian {facts.year}", "Kategori"]
    rows = []
    for group in achievement.clusters:
        row = [
            group.name,
            f"{group.rollup.scored} dari {group.rollup.total}",
            _pct(_baseline_of(group.measures, plan.start_year).capaian),
        ]
        if before:
            previous = _rollup_of(group.measures, before)
            row.append(_pct(previous.capaian if previous else None))
        row += [_pct(group.rollup.capaian), str(group.rollup.category or "–")]
        rows.append(tuple(row))
    total = [
        "Keseluruhan",
        f"{overall.scored} dari {overall.total}",
        _pct(achievement.baseline_rollup.capaian),
    ]
    if before:
        trend = achievement.trend.get(before)
        total.append(_pct(trend.capaian if trend else None))
    total += [_pct(overall.capaian), str(overall.category or "–")]
    rows.append(tuple(total))
    widths = (6, 1.8, 1.8, *((1.6,) if before else ()), 1.8, 2.2)
    write.table(
        "Capaian per klaster dibanding tahun sebelumnya dan data dasar",
        tuple(columns),
        rows,
        widths=widths,
        category_column=len(columns) - 1,
    )
    write.figure(
        f"Capaian per klaster {facts.scope}",
        capaian_bars_png(
            [g.key for g in achievement.clusters],
            [g.rollup.capaian for g in achievement.clusters],
            title="Capaian per klaster",
        ),
    )
    labels = [f"Data dasar {plan.baseline_year}"]
    values = [achievement.baseline_rollup.capaian]
    for year in range(plan.start_year, facts.year):
        labels.append(str(year))
        found = achievement.trend.get(year)
        values.append(found.capaian if found else None)
    labels.append(str(facts.year) + ("" if achievement.cutoff.complete else " (berjalan)"))
    values.append(overall.capaian)
    if facts.year < plan.end_year:
        labels.append(f"Proyeksi {plan.end_year}")
        values.append(achievement.projected_rollup.capaian)
    write.figure(
        "Capaian keseluruhan per tahun dan proyeksi akhir rencana",
        capaian_bars_png(labels, values, title="Capaian keseluruhan"),
    )


def _cluster(facts: _Facts, group: Group, write: _Writer) -> None:
    plan = facts.plan
    before = facts.previous_year
    write.section(group.name)
    if not group.measures:
        write.text("Tidak ada ukuran dalam klaster ini.", "note")
        return
    previous = _rollup_of(group.measures, before)
    value = group.rollup
    write.text(
        f"Capaian {group.name} {facts.scope}: {_said(value)}; {value.scored} dari "
        f"{value.total} ukuran dinilai"
        f"{_change(value.capaian, previous.capaian if previous else None, before)}; data dasar "
        f"{plan.baseline_year}: {_said(_baseline_of(group.measures, plan.start_year))}."
    )
    indicators = [g for g in facts.achievement.indicators if g.measures[0] in group.measures]
    write.figure(
        f"Capaian per indikator, {group.name}",
        capaian_bars_png(
            [g.label for g in indicators],
            [g.rollup.capaian for g in indicators],
            title=f"Capaian per indikator, {group.key}",
        ),
    )
    columns = [
        "No",
        "Rencana aksi",
        "Ukuran",
        "Satuan",
        "Instansi",
        f"Data dasar {plan.baseline_year}",
    ]
    if before:
        columns.append(f"Realisasi {before}")
    columns += [f"Target {facts.year}", facts.value_heading, "Capaian", "Kategori"]
    rows: list[tuple[str, ...]] = []
    groups: list[tuple[int, str]] = []
    for indicator in indicators:
        groups.append((len(rows), f"Indikator {indicator.label}. {indicator.name}"))
        for m in indicator.measures:
            source = facts.rows.get(m.id)
            row = [
                str(len(rows) + 1),
                source.action if source else "–",
                m.name,
                m.unit or "–",
                ", ".join(m.agencies) or "–",
                source.baseline.raw if source and source.baseline.raw else "–",
            ]
            if before:
                row.append(value_text(m.yearly.get(before), labels=m.labels))
            row += [
                m.target.raw if m.target else "–",
                value_text(m.value, labels=m.labels),
                _capaian(m),
                _category(m),
            ]
            rows.append(tuple(row))
    widths = (0.6, 4.2, 4.2, 1.8, 2, 1.6, *((1.5,) if before else ()), 1.5, 1.7, 1.4, 1.9)
    write.table(
        f"Capaian ukuran {group.name}",
        tuple(columns),
        rows,
        widths=widths,
        category_column=len(columns) - 1,
        groups=tuple(groups),
    )


def _achievement_chapter(facts: _Facts, write: _Writer) -> None:
    write.chapter("CAPAIAN RENCANA AKSI DAERAH KLA", landscape=True)
    _caveats(facts, write)
    _overall(facts, write)
    for group in facts.achievement.clusters:
        _cluster(facts, group, write)


# --- BAB IV --------------------------------------------------------------------------------------


def _budget_rows(
    lines: list[FundingLine], key_of: dict[int, str], order: list[str]
) -> list[tuple[str, ...]]:
    """A row per key and source (the key named on its first row), then the grand total."""
    with translation.override("id"):
        labels = {source.value: str(source.label) for source in FundingSource}
    planned: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    spent: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in lines:
        key = key_of.get(line.action.pk)
        if key is None:
            continue
        for source, amount in line.planned.items():
            planned[key][source] += amount
        for source, amount in line.spent.items():
            spent[key][source] += amount

    def amounts(p: Decimal, s: Decimal) -> tuple[str, str, str]:
        return _rupiah(p), _rupiah(s), _pct(_share(s, p))

    rows: list[tuple[str, ...]] = []
    for key in order:
        sources = [s for s in labels if planned[key].get(s) or spent[key].get(s)]
        for n, source in enumerate(sources):
            p, s = planned[key].get(source, Decimal(0)), spent[key].get(source, Decimal(0))
            rows.append(("" if n else key, labels[source], *amounts(p, s)))
        if len(sources) > 1:
            p = sum(planned[key].values(), Decimal(0))
            s = sum(spent[key].values(), Decimal(0))
            rows.append(("", "Jumlah", *amounts(p, s)))
    if rows:
        p = sum((v for key in order for v in planned[key].values()), Decimal(0))
        s = sum((v for key in order for v in spent[key].values()), Decimal(0))
        rows.append(("Jumlah seluruhnya", "", *amounts(p, s)))
    return rows


def _budget(facts: _Facts, write: _Writer) -> None:
    write.chapter("ANGGARAN")
    planned, spent = facts.budget()
    funded = sum(1 for line in facts.funding if line.planned_total)
    write.text(
        f"Pagu {facts.year} untuk {funded} dari {len(facts.funding)} rencana aksi berjumlah "
        f"{_rupiah(planned)}; realisasi anggaran yang dilaporkan bersama realisasi terverifikasi "
        f"{facts.scope} berjumlah {_rupiah(spent)}"
        + (f" ({_pct(_share(spent, planned))} dari pagu)." if planned else ".")
        if planned or spent
        else f"Belum ada pagu maupun realisasi anggaran yang dicatat untuk {facts.year}."
    )
    if planned and not spent:
        write.text(
            "Belum ada realisasi anggaran yang dilaporkan bersama realisasi terverifikasi; "
            "serapan belum dapat dinilai.",
            "note",
        )
    cluster_of: dict[int, str] = {}
    by_indicator = {m.indicator_id: m for m in facts.achievement.measures}
    names = {g.measures[0].cluster_id: g.name for g in facts.achievement.clusters if g.measures}
    for line in facts.funding:
        m = by_indicator.get(line.action.indicator_id)
        if m is not None:
            cluster_of[line.action.pk] = names[m.cluster_id]
    write.section("Anggaran per Klaster")
    write.table(
        f"Pagu dan realisasi anggaran {facts.year} per klaster dan sumber dana",
        ("Klaster", "Sumber dana", "Pagu", "Realisasi", "Serapan"),
        _budget_rows(facts.funding, cluster_of, list(names.values())),
        widths=(5, 3, 2.6, 2.6, 1.6),
        empty="Tidak ada pagu yang dicatat.",
    )
    owners: dict[int, list[str]] = defaultdict(list)
    for row in facts.rows.values():
        for name in row.agency_acronyms:
            if name not in owners[row.action_id]:
                owners[row.action_id].append(name)
    agency_of = {line.action.pk: ", ".join(owners[line.action.pk]) or "–" for line in facts.funding}
    write.section("Anggaran per Instansi")
    write.text(
        "Pagu rencana aksi yang dipegang bersama oleh beberapa instansi dicatat sekali, pada "
        "gabungan instansi itu, sehingga jumlahnya sama dengan jumlah per klaster.",
        "note",
    )
    write.table(
        f"Pagu dan realisasi anggaran {facts.year} per instansi dan sumber dana",
        ("Instansi", "Sumber dana", "Pagu", "Realisasi", "Serapan"),
        _budget_rows(facts.funding, agency_of, sorted(set(agency_of.values()), key=str.lower)),
        widths=(5, 3, 2.6, 2.6, 1.6),
        empty="Tidak ada pagu yang dicatat.",
    )


# --- BAB V ---------------------------------------------------------------------------------------


def _periods_text(periods: list[ReportingPeriod]) -> str:
    """``Caturwulan I–II 2025``, ``Caturwulan I dan III 2025``, or several years."""
    by_year: dict[int, list[ReportingPeriod]] = defaultdict(list)
    for period in sorted(periods, key=lambda p: (p.year, p.number)):
        by_year[period.year].append(period)
    parts = []
    for year, found in by_year.items():
        numbers = [p.number for p in found]
        scheme = found[0].scheme.capitalize()
        romans = [ROMAN[n - 1] if n <= len(ROMAN) else str(n) for n in numbers]
        if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
            span = f"{romans[0]}–{romans[-1]}"
        else:
            span = romans[0] if len(romans) == 1 else ", ".join(romans[:-1]) + " dan " + romans[-1]
        parts.append(f"{scheme} {span} {year}")
    return "; ".join(parts)


def _problems(facts: _Facts, write: _Writer) -> None:
    write.chapter("PERMASALAHAN DAN TINDAK LANJUT")
    notes = verified_notes(facts.periods)
    measures = {m.id: m for m in facts.achievement.measures}
    period_of = {p.pk: p for p in facts.periods}
    clusters = {
        g.measures[0].cluster_id: (n, g.name)
        for n, g in enumerate(facts.achievement.clusters)
        if g.measures
    }
    # (agencies, cluster) → (obstacle, follow-up) → measures and periods, first seen first.
    found: dict[tuple[str, int], dict[tuple[str, str], tuple[list[str], list[ReportingPeriod]]]]
    found = defaultdict(dict)
    for note in notes:
        m = measures.get(note.measure_id)
        if m is None or not note.obstacles:
            continue
        owners = [facts.agencies[pk] for pk in m.agency_ids if pk in facts.agencies]
        names = _agency_name(owners[0]) if len(owners) == 1 else ", ".join(str(a) for a in owners)
        key = (names or "Tanpa instansi", m.cluster_id)
        text = (_short(note.obstacles), _short(note.follow_up) or "–")
        names_of, periods_of = found[key].setdefault(text, ([], []))
        if m.name not in names_of:
            names_of.append(m.name)
        period = period_of[note.period_id]
        if period not in periods_of:
            periods_of.append(period)
    reported = sum(len(texts) for texts in found.values())
    write.section("Hambatan dan Tindak Lanjut per Instansi dan Klaster")
    write.text(
        f"Instansi melaporkan {reported} hambatan berbeda pada {facts.scope}, dari realisasi "
        "terverifikasi (teks revisi terverifikasi terakhir). Hambatan yang sama pada beberapa "
        "ukuran atau periode ditulis sekali, dengan ukuran dan periodenya."
        if reported
        else f"Tidak ada hambatan yang dilaporkan pada realisasi terverifikasi {facts.scope}."
    )
    rows: list[tuple[str, ...]] = []
    groups: list[tuple[int, str]] = []
    for (agency, cluster_id), texts in sorted(
        found.items(), key=lambda item: (item[0][0].lower(), clusters[item[0][1]][0])
    ):
        groups.append((len(rows), f"{agency} — {clusters[cluster_id][1]}"))
        for (obstacle, follow_up), (measure_names, periods) in texts.items():
            named = "; ".join(measure_names[:MEASURES_NAMED])
            if len(measure_names) > MEASURES_NAMED:
                named += f"; dan {len(measure_names) - MEASURES_NAMED} ukuran lain"
            rows.append((obstacle, follow_up, named, _periods_text(periods)))
    write.table(
        f"Hambatan dan tindak lanjut {facts.scope}",
        ("Hambatan", "Tindak lanjut", "Ukuran", "Periode"),
        rows,
        widths=(4.5, 4.5, 5, 2.4),
        groups=tuple(groups),
    )
    plan, achievement = facts.plan, facts.achievement
    at_risk = len(achievement.at_risk)
    write.section(f"Ukuran Berisiko Tidak Mencapai Target {plan.end_year}")
    write.text(
        f"Sebanyak {at_risk} ukuran diproyeksikan tidak mencapai target tahun {plan.end_year} "
        "bila kecenderungan sejauh ini berlanjut; daftarnya ada pada tabel di bawah."
        if at_risk
        else f"Tidak ada ukuran yang diproyeksikan gagal mencapai target tahun {plan.end_year}."
    )
    unprojected = sum(1 for m in achievement.measures if m.projection is None)
    if unprojected:
        write.text(
            f"Sebanyak {unprojected} ukuran belum cukup data untuk diproyeksikan (kurang dari "
            "dua tahun dengan realisasi terverifikasi) dan tidak dihitung berisiko."
        )
    if at_risk:
        write.add(
            _at_risk_table(
                achievement,
                write.table_title(
                    f"Ukuran yang diproyeksikan tidak mencapai target {plan.end_year}"
                ),
            )
        )


# --- BAB VI and VII ------------------------------------------------------------------------------


def _conclusions(facts: _Facts, write: _Writer) -> None:
    plan, achievement = facts.plan, facts.achievement
    overall = achievement.plan_rollup
    before = facts.previous_year
    scored = [g for g in achievement.clusters if g.rollup.capaian is not None]
    ranked = sorted(scored, key=lambda g: g.rollup.capaian or Decimal(0))
    at_risk = achievement.at_risk
    required, reported, on_time, _verified = facts.completeness()
    planned, spent = facts.budget()
    open_, late = facts.open_decisions(), facts.overdue()
    found: list[str] = []
    if overall.capaian is None:
        found.append(f"Capaian keseluruhan {facts.scope} belum dapat dihitung.")
    else:
        previous = achievement.trend.get(before) if before else None
        found.append(
            f"Capaian keseluruhan RAD KLA {facts.scope} adalah {_pct(overall.capaian)} "
            f"(kategori {overall.category}) dari {overall.scored} ukuran yang dinilai"
            f"{_change(overall.capaian, previous.capaian if previous else None, before)}."
        )
    if len(ranked) >= 2:
        best, worst = ranked[-1], ranked[0]
        found.append(
            f"Capaian tertinggi ada pada {best.name} ({_said(best.rollup)}), dan yang terendah "
            f"pada {worst.name} ({_said(worst.rollup)})."
        )
    low = overall.counts.get(Category.RENDAH, 0) + overall.counts.get(Category.SANGAT_RENDAH, 0)
    if overall.scored:
        found.append(
            f"{low} dari {overall.scored} ukuran yang dinilai berkategori rendah atau sangat "
            "rendah."
        )
    incomplete = facts.incomplete()
    if incomplete:
        found.append(
            f"{len(incomplete)} ukuran yang dijumlahkan antarperiode belum dinilai karena "
            f"tahun {facts.year} belum lengkap."
        )
    found.append(
        f"Sebanyak {len(at_risk)} ukuran diproyeksikan tidak mencapai target {plan.end_year}."
        if at_risk
        else f"Tidak ada ukuran yang diproyeksikan gagal mencapai target {plan.end_year}."
    )
    if required:
        found.append(
            f"Kelengkapan laporan instansi {_pct(_share(reported, required))} ({reported} dari "
            f"{required} baris wajib), {_pct(_share(on_time, required))} tepat waktu."
        )
    if planned:
        found.append(
            f"Realisasi anggaran yang dilaporkan {_rupiah(spent)} dari pagu {_rupiah(planned)} "
            f"({_pct(_share(spent, planned))}); {_rupiah(planned - spent)} belum terserap atau "
            "belum dilaporkan."
        )
    found.append(
        f"Gugus Tugas mencatat {len(facts.meetings)} rapat koordinasi untuk "
        f"{len(facts.periods)} periode pelaporan; {len(open_)} tindak lanjut keputusan rapat "
        "masih terbuka" + (f", {len(late)} melewati batas waktu." if late else ".")
    )
    advice: list[str] = []
    weak = [g for g in ranked if g.rollup.capaian is not None and g.rollup.capaian < 76][:2]
    if weak:
        names = " dan ".join(f"{g.name} ({_pct(g.rollup.capaian)})" for g in weak)
        advice.append(
            f"Memprioritaskan {names} dalam rapat koordinasi berikutnya, dengan membahas ukuran "
            "berkategori rendah dan sangat rendah bersama instansi penanggung jawabnya."
        )
    if at_risk:
        counts: dict[str, int] = defaultdict(int)
        for m in at_risk:
            for name in m.agencies:
                counts[name] += 1
        top = sorted(counts, key=lambda name: (-counts[name], name))[:3]
        advice.append(
            f"Menyusun langkah percepatan untuk {len(at_risk)} ukuran berisiko tidak mencapai "
            f"target {plan.end_year}, terutama pada "
            + ", ".join(f"{name} ({counts[name]} ukuran)" for name in top)
            + "."
        )
    if required and reported < required:
        shares = []
        for agency_id, statuses in facts.statuses.items():
            need = sum(s.required for s in statuses)
            if need:
                shares.append((_share(sum(s.reported for s in statuses), need), agency_id))
        lagging = [
            facts.agencies[pk].acronym or facts.agencies[pk].name
            for share, pk in sorted(shares, key=lambda item: (item[0] or Decimal(0), item[1]))
            if share is not None and share < 100
        ][:5]
        advice.append(
            "Meminta instansi dengan kelengkapan laporan terendah ("
            + ", ".join(lagging)
            + ") melengkapi dan mengajukan laporannya sebelum batas waktu periode."
        )
    if open_:
        advice.append(
            f"Menuntaskan {len(open_)} tindak lanjut keputusan rapat yang masih terbuka"
            + (f", mendahulukan {len(late)} yang melewati batas waktu." if late else ".")
        )
    if planned and not spent:
        advice.append(
            "Meminta instansi melaporkan realisasi anggaran bersama realisasi kegiatan, agar "
            "serapan pagu dapat dinilai."
        )
    unconfirmed = len(achievement.polarity_unconfirmed)
    if unconfirmed:
        advice.append(
            f"Sekretariat mengonfirmasi polaritas {unconfirmed} ukuran agar capaiannya tidak "
            "lagi bergantung pada usulan sistem."
        )
    if plan.status == Plan.Status.DRAFT:
        advice.append("Sekretariat menandai data rencana aksi sebagai final (berlaku).")
    if achievement.cutoff.year_to_date:
        advice.append(
            f"Memverifikasi realisasi periode berikutnya tepat waktu agar capaian tahun "
            f"{facts.year} dapat dinilai lengkap."
        )
    write.chapter("KESIMPULAN DAN REKOMENDASI")
    write.section("Kesimpulan")
    write.bullets(found, numbered=True)
    write.section("Rekomendasi")
    if advice:
        write.bullets(advice, numbered=True)
    else:
        write.text("Pelaksanaan rencana aksi dipertahankan sesuai jadwal dan target.")


def _closing(facts: _Facts, write: _Writer) -> None:
    write.chapter("PENUTUP")
    write.text(
        f"Demikian Laporan Pengembangan Kabupaten/Kota Layak Anak {facts.region} "
        f"{facts.scope} ini disusun sebagai hasil pemantauan dan evaluasi pelaksanaan RAD KLA "
        "oleh Gugus Tugas KLA. Laporan ini menjadi bahan pengambilan keputusan dan perbaikan "
        "pelaksanaan rencana aksi pada periode berikutnya, agar setiap anak terpenuhi hak dan "
        "terlindungi."
    )
    write.add(_signature(facts))


def _appendix(facts: _Facts, write: _Writer) -> None:
    plan, achievement = facts.plan, facts.achievement
    write.front("LAMPIRAN", landscape=True, prefix="L")
    write.text(
        f"Matriks capaian lengkap: target dan realisasi setiap ukuran untuk setiap tahun "
        f"rencana {plan.start_year}–{plan.end_year}, realisasi tahun yang sudah lewat sebagai "
        "tahun penuh, serta capaian dan kategori {0}.".format(facts.scope),
        "note",
    )
    years = list(plan.years)
    columns = ["No", "Ukuran", "Satuan", f"Data dasar {plan.baseline_year}"]
    for year in years:
        columns += [f"Target {year}", f"Realisasi {year}"]
    columns += [f"Capaian {facts.year}", "Kategori"]
    rows: list[tuple[str, ...]] = []
    groups: list[tuple[int, str]] = []
    for indicator in achievement.indicators:
        groups.append((len(rows), f"Indikator {indicator.label}. {indicator.name}"))
        for m in indicator.measures:
            source = facts.rows.get(m.id)
            row = [
                str(len(rows) + 1),
                m.name,
                m.unit or "–",
                source.baseline.raw if source and source.baseline.raw else "–",
            ]
            for year in years:
                cell = m.targets.get(year)
                value = m.value if year == facts.year else m.yearly.get(year)
                later = year > facts.year
                row += [
                    cell.raw if cell is not None and cell.raw else "–",
                    "–" if later else value_text(value, labels=m.labels),
                ]
            row += [_capaian(m), _category(m)]
            rows.append(tuple(row))
    write.table(
        f"Matriks capaian RAD KLA {plan.start_year}–{plan.end_year}",
        tuple(columns),
        rows,
        widths=(0.6, 4.6, 1.8, 1.5, *([1.4] * (2 * len(years))), 1.4, 1.9),
        category_column=len(columns) - 1,
        groups=tuple(groups),
        small=True,
    )


def build_laporan(
    plan: Plan, *, year: int, period: ReportingPeriod | None = None, today: dt.date | None = None
) -> Report:
    """The development report for a year, or for a year up to a period."""
    facts = _read(plan, year, period, today or timezone.localdate())
    cutoff = facts.achievement.cutoff
    write = _Writer()
    _foreword(facts, write)
    for kind in ("isi", "tabel", "gambar"):
        write.add(Contents(kind))
    _introduction(facts, write)
    _task_force(facts, write)
    _achievement_chapter(facts, write)
    _budget(facts, write)
    _problems(facts, write)
    _conclusions(facts, write)
    _closing(facts, write)
    _appendix(facts, write)
    blocks = write.blocks
    if period is not None:
        subtitle = period.label
    elif cutoff.complete:
        subtitle = f"Tahun {year}"
    else:
        subtitle = f"Tahun {year} (tahun berjalan)"
    identity = facts.identity
    return Report(
        cover=Cover(
            title=TITLE,
            region=identity.region,
            subtitle=subtitle,
            date_text=_date(facts.today),
            government=identity.government,
            issuer=ISSUER,
            lines=(
                cutoff.sentence,
                f"{plan.title} ({plan.legal_basis})"
                + (
                    f", revisi {facts.achievement.revision.label}"
                    if facts.achievement.revision is not None
                    and facts.achievement.revision.label != "0"
                    else ""
                ),
            ),
            logo=identity.logo,
        ),
        author=f"Gugus Tugas KLA {identity.region}",
        blocks=tuple(blocks),
    )
