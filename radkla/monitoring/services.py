"""Every write of the monitoring cycle, each in one transaction with its audit event.

Realization.state changes only here. Saves are guarded by ``version``: a save
names the version it started from and fails with a Conflict when someone saved
in between, so nothing is overwritten silently.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation

from radkla.accounts.access import Scope, require_secretariat
from radkla.audittrail.services import Actor, record_event
from radkla.lib.decimals import decimal_problem
from radkla.lib.localtime import local_time
from radkla.lib.text import shortened
from radkla.monitoring.models import Evidence, Realization, ReportingPeriod, Spending
from radkla.monitoring.uploads import UploadError, check_upload
from radkla.monitoring.values import EnteredValue
from radkla.plan.inforce import is_in_force, period_key
from radkla.plan.models import Measure, Plan

State = Realization.State
PeriodState = ReportingPeriod.State

# (start month, end month) of each period in a year, per scheme.
SCHEMES: dict[str, tuple[tuple[int, int], ...]] = {
    Plan.ReportingScheme.CATURWULAN: ((1, 4), (5, 8), (9, 12)),
    Plan.ReportingScheme.TRIWULAN: ((1, 3), (4, 6), (7, 9), (10, 12)),
    Plan.ReportingScheme.SEMESTER: ((1, 6), (7, 12)),
}
# Agencies report within this many days after a period ends.
DEADLINE_DAYS = 10


class MonitoringError(Exception):
    """A refused action, with a message for the person who tried it."""


class PeriodClosed(MonitoringError):
    pass


class Conflict(MonitoringError):
    """Someone saved this realization after the page was loaded."""

    def __init__(self, current: Realization) -> None:
        self.current = current
        who = current.updated_by.get_username() if current.updated_by else "orang lain"
        super().__init__(
            f"Realisasi ini sudah diubah oleh {who} pada "
            f"{local_time(current.updated_at)}; nilai terbarunya "
            f'"{current.value_raw or "-"}". Muat ulang halaman lalu simpan lagi.'
        )


def _state_words(state: str) -> str:
    """A period's state as the audit summary keeps it, in Indonesian (``Dibuka``)."""
    with translation.override("id"):
        return str(PeriodState(state).label)


def _snapshot(realization: Realization) -> dict[str, object]:
    return {
        "revision": realization.revision,
        "value": realization.value_raw,
        "state": realization.state,
        "narrative": realization.narrative,
        "obstacles": realization.obstacles,
        "follow_up": realization.follow_up,
        "check_note": realization.check_note,
        "return_reason": realization.return_reason,
        "version": realization.version,
    }


# -- periods -------------------------------------------------------------------


def create_periods(*, plan: Plan, year: int, scope: Scope, actor: Actor) -> list[ReportingPeriod]:
    """The year's periods under the plan's scheme; existing ones are kept as they are."""
    require_secretariat(scope)
    _require_not_archived(plan)
    if not plan.start_year <= year <= plan.end_year:
        raise MonitoringError(
            f"Tahun {year} di luar masa rencana {plan.start_year}-{plan.end_year}."
        )
    with transaction.atomic():
        existing = {p.number: p for p in ReportingPeriod.objects.filter(plan=plan, year=year)}
        created = []
        for number, (first, last) in enumerate(SCHEMES[plan.reporting_scheme], start=1):
            if number in existing:
                continue
            ends_on = dt.date(year, last, calendar.monthrange(year, last)[1])
            period = ReportingPeriod.objects.create(
                plan=plan,
                year=year,
                number=number,
                scheme=plan.reporting_scheme,
                starts_on=dt.date(year, first, 1),
                ends_on=ends_on,
                deadline=ends_on + dt.timedelta(days=DEADLINE_DAYS),
            )
            record_event(
                actor=actor,
                action="period.create",
                obj=period,
                summary=f"Periode {period.label} dibuat",
                new={"code": period.code, "deadline": period.deadline.isoformat()},
            )
            created.append(period)
    return created


def _set_period_state(
    *, period: ReportingPeriod, state: str, scope: Scope, actor: Actor, reason: str = ""
) -> ReportingPeriod:
    require_secretariat(scope)
    with transaction.atomic():
        locked = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        _require_not_archived(locked.plan)
        old = locked.state
        if old == state:
            return locked
        if state == PeriodState.OPEN and old == PeriodState.CLOSED and not reason.strip():
            raise MonitoringError("Membuka kembali periode yang ditutup wajib disertai alasan.")
        locked.state = state
        locked.save(update_fields=["state"])
        if state == PeriodState.CLOSED:
            action = "period.close"
        else:
            action = "period.reopen" if old == PeriodState.CLOSED else "period.open"
        record_event(
            actor=actor,
            action=action,
            obj=locked,
            summary=f"Periode {locked.label}: {_state_words(old)} → {_state_words(state)}"
            + (f" (alasan: {reason.strip()})" if reason.strip() else ""),
            old={"state": old},
            new={"state": state, "reason": reason.strip()},
        )
    return locked


def open_period(*, period: ReportingPeriod, scope: Scope, actor: Actor) -> ReportingPeriod:
    if period.state == PeriodState.CLOSED:
        raise MonitoringError("Periode ini sudah ditutup; buka kembali dengan alasan.")
    return _set_period_state(period=period, state=PeriodState.OPEN, scope=scope, actor=actor)


def close_period(*, period: ReportingPeriod, scope: Scope, actor: Actor) -> ReportingPeriod:
    """Lock the period's data: no save, submission or upload until an audited reopen."""
    return _set_period_state(period=period, state=PeriodState.CLOSED, scope=scope, actor=actor)


def reopen_period(
    *, period: ReportingPeriod, reason: str, scope: Scope, actor: Actor
) -> ReportingPeriod:
    if period.state != PeriodState.CLOSED:
        raise MonitoringError("Hanya periode yang ditutup yang dapat dibuka kembali.")
    return _set_period_state(
        period=period, state=PeriodState.OPEN, scope=scope, actor=actor, reason=reason
    )


def _require_not_archived(plan: Plan) -> None:
    """An archived plan (the next cycle has begun) is read-only: its periods stay as they are."""
    if plan.status == Plan.Status.ARCHIVED:
        raise MonitoringError(
            f"Rencana {plan.start_year}-{plan.end_year} sudah diarsipkan dan hanya dapat dibaca."
        )


def _require_open(period: ReportingPeriod) -> None:
    """Refuse unless the period is open, and keep it open until this transaction ends.

    The row lock makes a concurrent close wait for the save (PostgreSQL); on SQLite
    every write transaction already holds the database lock from its start.
    """
    state = (
        ReportingPeriod.objects.select_for_update(no_key=True)
        .values_list("state", flat=True)
        .get(pk=period.pk)
    )
    if state != PeriodState.OPEN:
        raise PeriodClosed(
            f"Periode {period.label} tidak dibuka untuk pelaporan; data tidak dapat diubah."
        )


# -- realizations --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """One grid row as the operator left it, already read by ``values.read_value``."""

    measure: Measure
    value: EnteredValue
    narrative: str = ""
    obstacles: str = ""
    follow_up: str = ""
    check_note: str = ""
    spending: Mapping[str, Decimal] = field(default_factory=dict)
    expected_version: int | None = None  # None: the page saw no realization yet
    area_id: int | None = None


def entry_texts(realization: Realization | None) -> tuple[str, str, str, str, str]:
    """What an entry writes of a realization, to tell an untouched entry from a change:
    the value as typed, narrative, obstacles, follow-up and check note ("" when none)."""
    if realization is None:
        return ("", "", "", "", "")
    return (
        realization.value_raw,
        realization.narrative,
        realization.obstacles,
        realization.follow_up,
        realization.check_note,
    )


def measure_agency_ids(measure: Measure) -> frozenset[int]:
    return frozenset(link.agency_id for link in measure.agency_links.all())


def current_realization(
    measure: Measure, period: ReportingPeriod, area_id: int | None = None
) -> Realization | None:
    """The newest revision for the measure in the period (the one being worked on)."""
    return (
        Realization.objects.filter(measure=measure, period=period, area_id=area_id)
        .select_related("updated_by")
        .order_by("-revision")
        .first()
    )


def _conflict(measure: Measure, period: ReportingPeriod, area_id: int | None) -> MonitoringError:
    newer = current_realization(measure, period, area_id)
    if newer is None:
        return MonitoringError("Realisasi ini baru saja berubah; muat ulang halaman.")
    return Conflict(newer)


def save_entry(
    *,
    entry: Entry,
    period: ReportingPeriod,
    scope: Scope,
    actor: Actor,
    period_checked: bool = False,
) -> Realization:
    """Save one realization; a verified one gets a new draft revision instead."""
    measure = entry.measure
    if not scope.can_write(measure_agency_ids(measure)):
        raise PermissionDenied("Anda hanya dapat melapor untuk ukuran instansi Anda.")
    if entry.value.error:
        raise MonitoringError(entry.value.error)
    if problem := _number_problem(entry):
        raise MonitoringError(problem)
    if not is_in_force(
        measure.due_from, measure.retired_from, period_key(period.year, period.number)
    ):
        raise MonitoringError(
            f"Ukuran ini tidak berlaku pada {period.label} menurut revisi rencana; "
            "realisasinya tidak dapat diisi."
        )
    with transaction.atomic():
        if not period_checked:
            _require_open(period)
        current = current_realization(measure, period, entry.area_id)
        fields = {
            "value_raw": entry.value.raw,
            "value_number": entry.value.number,
            "value_parts": (
                {k: str(v) for k, v in entry.value.parts.items()} if entry.value.parts else None
            ),
            "narrative": entry.narrative.strip(),
            "obstacles": entry.obstacles.strip(),
            "follow_up": entry.follow_up.strip(),
            "check_note": entry.check_note.strip(),
            "updated_by": actor if actor is not None and actor.is_authenticated else None,
        }
        if current is None or current.state == State.VERIFIED:
            if current is not None and entry.expected_version != current.version:
                raise Conflict(current)
            try:
                with transaction.atomic():
                    realization = Realization.objects.create(
                        measure=measure,
                        period=period,
                        area_id=entry.area_id,
                        revision=current.revision + 1 if current else 1,
                        state=State.DRAFT,
                        **fields,
                    )
            except IntegrityError:
                # Someone created the same row in between: theirs stands, ours is a conflict.
                raise _conflict(measure, period, entry.area_id) from None
            old = _snapshot(current) if current else None
            action = "realization.revise" if current else "realization.create"
        else:
            if current.state == State.SUBMITTED:
                raise MonitoringError(
                    "Realisasi ini sedang diverifikasi dan tidak dapat diubah sekarang."
                )
            if entry.expected_version != current.version:
                raise Conflict(current)
            updated = Realization.objects.filter(pk=current.pk, version=current.version).update(
                state=State.DRAFT, version=F("version") + 1, updated_at=timezone.now(), **fields
            )
            if not updated:
                raise _conflict(measure, period, entry.area_id)
            realization = Realization.objects.select_related("updated_by").get(pk=current.pk)
            old = _snapshot(current)
            action = "realization.change"
        _replace_spending(realization, entry.spending)
        record_event(
            actor=actor,
            action=action,
            obj=realization,
            summary=f"Realisasi {shortened(measure.name, 80)} ({period.code}) disimpan",
            old=old,
            new=_snapshot(realization),
        )
    return realization


def _number_problem(entry: Entry) -> str:
    """Why a number of the entry does not fit its column, or empty (every door is checked)."""
    value_column = Realization._meta.get_field("value_number")
    numbers = [entry.value.number, *(entry.value.parts or {}).values()]
    for number in numbers:
        if number is not None and (problem := decimal_problem(number, value_column)):
            return problem
    spent_column = Spending._meta.get_field("amount")
    for amount in entry.spending.values():
        if problem := decimal_problem(amount, spent_column):
            return f"Anggaran: {problem}"
    return ""


def _replace_spending(realization: Realization, spending: Mapping[str, Decimal]) -> None:
    Spending.objects.filter(realization=realization).delete()
    Spending.objects.bulk_create(
        Spending(realization=realization, source=source, amount=amount)
        for source, amount in spending.items()
        if amount
    )


def save_grid(
    *, entries: Sequence[Entry], period: ReportingPeriod, scope: Scope, actor: Actor
) -> list[Realization]:
    """Save a whole grid at once: every row, or none when one fails."""
    with transaction.atomic():
        _require_open(period)  # once for the whole grid
        return [
            save_entry(entry=entry, period=period, scope=scope, actor=actor, period_checked=True)
            for entry in entries
        ]


def _transition(
    *,
    realization: Realization,
    allowed_from: tuple[str, ...],
    to: str,
    actor: Actor,
    action: str,
    summary: str,
    extra: Mapping[str, object] | None = None,
) -> Realization:
    with transaction.atomic():
        _require_open(realization.period)
        fields: dict[str, object] = {"state": to, "version": F("version") + 1, **(extra or {})}
        updated = Realization.objects.filter(
            pk=realization.pk, version=realization.version, state__in=allowed_from
        ).update(**fields)
        if not updated:
            current = Realization.objects.select_related("updated_by").get(pk=realization.pk)
            if current.state not in allowed_from:
                raise MonitoringError(
                    f"Realisasi berstatus {current.get_state_display().lower()}; "
                    "tindakan ini tidak berlaku."
                )
            raise Conflict(current)
        old = _snapshot(realization)
        realization.refresh_from_db()
        record_event(
            actor=actor,
            action=action,
            obj=realization,
            summary=summary,
            old=old,
            new=_snapshot(realization),
        )
    return realization


def submit_blocker(realization: Realization) -> str | None:
    """Why the realization is not ready to be submitted, or None when it is.

    Uses ``realization.evidence.all()``, so a prefetched list costs no query.
    """
    if (
        realization.value_number is None
        and not realization.value_parts
        and not realization.value_raw
    ):
        return "Isi nilai realisasi sebelum mengajukan."
    if realization.measure.requires_evidence and not realization.evidence.all():
        return "Ukuran ini wajib disertai bukti dukung; unggah berkasnya sebelum mengajukan."
    return None


def submit_realization(*, realization: Realization, scope: Scope, actor: Actor) -> Realization:
    """Submit one realization for verification.

    A returned one may be submitted as it is (the operator's explicit choice); its
    return reason stays on the row and in the history.
    """
    if not scope.can_write(measure_agency_ids(realization.measure)):
        raise PermissionDenied("Anda hanya dapat mengajukan realisasi instansi Anda.")
    blocker = submit_blocker(realization)
    if blocker:
        raise MonitoringError(blocker)
    return _transition(
        realization=realization,
        allowed_from=(State.DRAFT, State.RETURNED),
        to=State.SUBMITTED,
        actor=actor,
        action="realization.submit",
        summary=f"Realisasi {shortened(realization.measure.name, 80)} diajukan",
        extra={"submitted_at": timezone.now()},
    )


@dataclass(frozen=True, slots=True)
class Submission:
    """What "submit all" did: what it submitted and what it left, with why."""

    submitted: list[Realization]
    returned_unchanged: list[Realization]
    not_ready: list[tuple[Realization, str]]


def submit_ready(*, realizations: Sequence[Realization], scope: Scope, actor: Actor) -> Submission:
    """Submit the drafts that are ready, all in one transaction.

    A returned realization is left as it is until it is changed (a save or a new
    evidence file makes it a draft again): submitting it untouched would send the
    verifier the same data and hide the reason from the agency.
    """
    submitted: list[Realization] = []
    returned: list[Realization] = []
    not_ready: list[tuple[Realization, str]] = []
    with transaction.atomic():
        for realization in realizations:
            if realization.state == State.RETURNED:
                returned.append(realization)
                continue
            if realization.state != State.DRAFT:
                continue
            blocker = submit_blocker(realization)
            if blocker:
                not_ready.append((realization, blocker))
                continue
            submitted.append(submit_realization(realization=realization, scope=scope, actor=actor))
    return Submission(submitted, returned, not_ready)


def _require_verifier(realization: Realization, scope: Scope) -> None:
    measure = realization.measure
    cluster_id = measure.action.indicator.cluster_id
    if not scope.can_verify(cluster_id, measure_agency_ids(measure)):
        raise PermissionDenied("Anda tidak berwenang memverifikasi ukuran ini.")


def verify_realization(*, realization: Realization, scope: Scope, actor: Actor) -> Realization:
    _require_verifier(realization, scope)
    if realization.measure.requires_evidence and not realization.evidence.exists():
        raise MonitoringError(
            "Ukuran ini wajib disertai bukti dukung; belum ada berkas yang diunggah."
        )
    return _transition(
        realization=realization,
        allowed_from=(State.SUBMITTED,),
        to=State.VERIFIED,
        actor=actor,
        action="realization.verify",
        summary=f"Realisasi {shortened(realization.measure.name, 80)} diverifikasi",
        extra={
            "verified_at": timezone.now(),
            "verified_by": actor if actor is not None and actor.is_authenticated else None,
        },
    )


def return_realization(
    *, realization: Realization, reason: str, scope: Scope, actor: Actor
) -> Realization:
    _require_verifier(realization, scope)
    if not reason.strip():
        raise MonitoringError(
            "Tuliskan alasan pengembalian agar instansi tahu yang perlu diperbaiki."
        )
    return _transition(
        realization=realization,
        allowed_from=(State.SUBMITTED,),
        to=State.RETURNED,
        actor=actor,
        action="realization.return",
        summary=(
            f"Realisasi {shortened(realization.measure.name, 80)} dikembalikan: {reason.strip()}"
        ),
        extra={"return_reason": reason.strip()},
    )


# -- evidence ------------------------------------------------------------------


EVIDENCE_STATES = (State.DRAFT, State.RETURNED)


def accepts_evidence(realization: Realization) -> bool:
    """Whether an evidence file may be added: only while the agency is still working on it."""
    return realization.state in EVIDENCE_STATES


def add_evidence(
    *,
    realization: Realization,
    name: str,
    data: bytes,
    scope: Scope,
    actor: Actor,
    max_bytes: int,
) -> Evidence:
    """Store an evidence file under a random name after checking its size and content."""
    if not scope.can_write(measure_agency_ids(realization.measure)):
        raise PermissionDenied("Anda hanya dapat mengunggah bukti untuk ukuran instansi Anda.")
    try:
        checked = check_upload(data, name, max_bytes)
    except UploadError as error:
        raise MonitoringError(str(error)) from None
    if not accepts_evidence(realization):
        raise MonitoringError(
            "Bukti hanya dapat ditambahkan pada realisasi yang masih draf atau dikembalikan."
        )
    with transaction.atomic():
        _require_open(realization.period)
        if realization.state == State.RETURNED:
            # A new file is a change made after the return: the row is a draft again,
            # ready to be submitted with the rest.
            realization = _transition(
                realization=realization,
                allowed_from=(State.RETURNED,),
                to=State.DRAFT,
                actor=actor,
                action="realization.change",
                summary=(
                    f"Realisasi {shortened(realization.measure.name, 80)}: "
                    f"bukti {shortened(name, 80)} ditambahkan"
                ),
            )
        stored = checked.stored_name
        evidence = Evidence(
            realization=realization,
            stored_name=stored,
            original_name=name[:255],
            content_type=checked.kind.content_type,
            size=len(data),
            sha256=checked.sha256,
            uploaded_by=actor if actor is not None and actor.is_authenticated else None,
        )
        evidence.file.save(stored, ContentFile(data), save=False)
        evidence.save()
        record_event(
            actor=actor,
            action="evidence.add",
            obj=evidence,
            summary=f"Bukti {evidence.original_name} ditambahkan",
            new={"realization": realization.pk, "name": evidence.original_name, "size": len(data)},
        )
    return evidence


def set_obstacles_public(
    *, realization: Realization, public: bool, scope: Scope, actor: Actor
) -> Realization:
    """Show (or hide) a realization's obstacles on the public page; the secretariat decides."""
    require_secretariat(scope)
    with transaction.atomic():
        old = realization.obstacles_public
        Realization.objects.filter(pk=realization.pk).update(obstacles_public=public)
        realization.obstacles_public = public
        if old != public:
            record_event(
                actor=actor,
                action="realization.obstacles_public",
                obj=realization,
                summary=(
                    f"Hambatan {shortened(realization.measure.name, 80)} "
                    f"{'ditampilkan di' if public else 'disembunyikan dari'} halaman publik"
                ),
                old={"obstacles_public": old},
                new={"obstacles_public": public},
            )
    return realization
