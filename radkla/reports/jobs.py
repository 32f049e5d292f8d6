"""Building a large plan's report in a background thread, its progress kept in ``ReportJob``.

No extra service runs: the request that asks for the file starts a thread in the
web process and returns; the page polls the job. Each thread uses its own
database connection and closes it when done. A job whose process died (a
restart) stops being updated and is marked failed after ``STALE``, which frees
its plan, scope and format for a new build.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connections, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from radkla.accounts.access import Scope
from radkla.monitoring.models import ReportingPeriod
from radkla.plan.models import Measure, Plan
from radkla.reports.models import ReportJob
from radkla.reports.services import produce_report

logger = logging.getLogger(__name__)

KEEP = dt.timedelta(days=1)
STALE = dt.timedelta(minutes=15)
State = ReportJob.State
FAILED_ELSEWHERE = (
    "Penyusunan terhenti tanpa kabar (server mungkin dimulai ulang). Unduh lagi untuk mengulang."
)
FAILED_UNEXPECTEDLY = (
    "Laporan gagal disusun karena kesalahan di server; kesalahannya dicatat. "
    "Coba lagi, atau hubungi pengelola radkla bila terulang."
)

# The threads of this process, by job id, so a caller can wait for one.
_THREADS: dict[int, threading.Thread] = {}


def runs_in_background(plan: Plan) -> bool:
    """Whether this plan is large enough that its report is built outside the request."""
    limit: int = settings.REPORT_BACKGROUND_MEASURES
    return Measure.objects.filter(plan=plan).count() > limit


def tidy() -> None:
    """Delete jobs older than a day; mark those that stopped reporting as failed."""
    now = timezone.now()
    ReportJob.objects.filter(created_at__lt=now - KEEP).delete()
    ReportJob.objects.filter(
        state__in=[State.QUEUED, State.RUNNING], updated_at__lt=now - STALE
    ).update(state=State.FAILED, error=FAILED_ELSEWHERE, finished_at=now)


def visible_jobs(scope: Scope) -> QuerySet[ReportJob]:
    """The jobs a user may follow and download: their own; the secretariat's, everyone's."""
    jobs = ReportJob.objects.defer("data").select_related("requested_by")
    return jobs if scope.is_secretariat else jobs.filter(requested_by_id=scope.user_id)


def start_build(
    *,
    plan: Plan,
    year: int,
    period: ReportingPeriod | None,
    fmt: str,
    user: User | AnonymousUser,
) -> tuple[ReportJob, bool]:
    """The job building this file: a new one started now (True), or the one already running.

    The thread starts when the transaction that created the job commits.
    """
    if not isinstance(user, User):
        raise PermissionDenied
    tidy()
    scope = period.code if period else str(year)
    running = Q(plan=plan, scope=scope, fmt=fmt, state__in=[State.QUEUED, State.RUNNING])
    existing = ReportJob.objects.defer("data").filter(running).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            job = ReportJob.objects.create(
                plan=plan,
                year=year,
                period=period,
                scope=scope,
                fmt=fmt,
                requested_by=user,
                stage="menunggu giliran",
            )
    except IntegrityError:  # another request started the same build a moment ago
        return ReportJob.objects.defer("data").get(running), False
    transaction.on_commit(lambda: _spawn(job.pk))
    return job, True


def _spawn(job_id: int) -> None:
    thread = threading.Thread(target=_thread_main, args=(job_id,), name=f"laporan-{job_id}")
    thread.daemon = True
    _THREADS[job_id] = thread
    thread.start()


def _thread_main(job_id: int) -> None:
    try:
        run_job(job_id)
    finally:
        _THREADS.pop(job_id, None)
        # The thread's own connection: nothing else would ever close it.
        connections.close_all()


def wait(job_id: int, timeout: float | None = None) -> None:
    """Wait for this process's thread building the job, if there is one."""
    thread = _THREADS.get(job_id)
    if thread is not None:
        thread.join(timeout)


def run_job(job_id: int) -> None:
    """Build the job's file, recording each stage; what the thread runs."""
    job = ReportJob.objects.select_related("plan", "period").defer("data").get(pk=job_id)
    stages: list[list[str]] = []

    def progress(step: str) -> None:
        stages.append([timezone.now().isoformat(), step])
        ReportJob.objects.filter(pk=job_id).update(
            state=State.RUNNING, stage=step, stages=stages, updated_at=timezone.now()
        )

    progress("mulai menyusun")
    try:
        report = produce_report(
            plan=job.plan, year=job.year, period=job.period, fmt=job.fmt, progress=progress
        )
    except Exception:
        # The page says it plainly in Indonesian; the details go to the log.
        logger.exception("report job %s failed", job_id)
        ReportJob.objects.filter(pk=job_id).update(
            state=State.FAILED, error=FAILED_UNEXPECTEDLY, finished_at=timezone.now()
        )
        return
    stages.append([timezone.now().isoformat(), "selesai"])
    ReportJob.objects.filter(pk=job_id).update(
        state=State.DONE,
        stage="selesai",
        stages=stages,
        file_name=report.name,
        content_type=report.content_type,
        data=report.data,
        finished_at=timezone.now(),
    )
