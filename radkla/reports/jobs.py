"""Background jobs: files that take more than a few seconds, built by a worker off the request.

A laporan or workbook of a large plan (``build_report``) and a large evidence
package (``radkla.evaluation.jobs.build_package``) are ``ReportJob`` rows: the
page reads their progress, state and file from there, and only their requester
and the secretariat download them. The queue (django-tasks: in the database by
default, Redis through RQ when ``RADKLA_REDIS_URL`` is set) carries nothing but
the job's id; ``radkla worker`` runs it, and ``radkla serve`` starts one.

A job survives a restart. A queued job waits in the queue until a worker runs.
A running job touches its row every few seconds (``HEARTBEAT``); one silent for
``STALLED`` lost its worker, and ``recover`` (run by every worker as it starts
and every half minute) queues it again, up to ``MAX_ATTEMPTS`` runs in all. A
queued job whose task the queue no longer has is queued again too.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connections, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import TaskResultStatus, task, task_backends
from django_tasks.base import Task
from django_tasks.exceptions import TaskResultDoesNotExist

from radkla.accounts.access import Scope
from radkla.monitoring.models import ReportingPeriod
from radkla.plan.models import Measure, Plan
from radkla.reports.models import ReportJob
from radkla.reports.services import produce_report

logger = logging.getLogger(__name__)

KEEP = dt.timedelta(days=1)
HEARTBEAT = 10  # seconds between a running job's signs of life
STALLED = dt.timedelta(seconds=60)
LOST = dt.timedelta(minutes=1)  # a queued job older than this must have its task in the queue
MAX_ATTEMPTS = 3
State = ReportJob.State
FAILED_UNEXPECTEDLY = (
    "Berkas gagal disusun karena kesalahan di server; kesalahannya dicatat. "
    "Coba lagi, atau hubungi pengelola radkla bila terulang."
)
FAILED_REPEATEDLY = (
    "Penyusunan terhenti %(n)s kali tanpa selesai (pekerja latar belakang berhenti di "
    "tengah jalan). Unduh lagi untuk mengulang, atau hubungi pengelola radkla."
)
RUN_AGAIN = "diulang: pekerja latar belakang berhenti di tengah penyusunan"


@dataclass(frozen=True, slots=True)
class Built:
    """A finished file: its bytes kept with the job, or a file on disk moved into jobs_dir."""

    name: str
    content_type: str
    data: bytes = b""
    path: Path | None = None


Progress = Callable[[str], None]


def jobs_dir() -> Path:
    """Where large finished files wait to be downloaded (deleted with their job)."""
    return Path(settings.DATA_DIR) / "tugas"


def runs_in_background(plan: Plan) -> bool:
    """Whether this plan is large enough that its report is built outside the request."""
    limit: int = settings.REPORT_BACKGROUND_MEASURES
    return Measure.objects.filter(plan=plan).count() > limit


def tidy() -> None:
    """Delete jobs older than a day, with their files and their queue records."""
    cutoff = timezone.now() - KEEP
    old = ReportJob.objects.filter(created_at__lt=cutoff)
    for job_id in old.values_list("pk", flat=True):
        shutil.rmtree(jobs_dir() / str(job_id), ignore_errors=True)
    old.delete()
    if uses_database_queue():
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()


def visible_jobs(scope: Scope) -> QuerySet[ReportJob]:
    """The jobs a user may follow and download: their own; the secretariat's, everyone's."""
    jobs = ReportJob.objects.defer("data").select_related("requested_by", "period")
    return jobs if scope.is_secretariat else jobs.filter(requested_by_id=scope.user_id)


def start(
    *,
    plan: Plan,
    year: int,
    period: ReportingPeriod | None,
    scope: str,
    fmt: str,
    user: User | AnonymousUser,
) -> tuple[ReportJob, bool]:
    """The job building this file: a new one queued now (True), or the one already active.

    The task is queued when the transaction that created the job commits.
    """
    if not isinstance(user, User):
        raise PermissionDenied
    tidy()
    active = Q(plan=plan, scope=scope, fmt=fmt, state__in=[State.QUEUED, State.RUNNING])
    existing = ReportJob.objects.defer("data").filter(active).first()
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
        return ReportJob.objects.defer("data").get(active), False
    transaction.on_commit(lambda: enqueue(job))
    return job, True


def start_build(
    *,
    plan: Plan,
    year: int,
    period: ReportingPeriod | None,
    fmt: str,
    user: User | AnonymousUser,
) -> tuple[ReportJob, bool]:
    """The job building a laporan or workbook (see ``start``)."""
    scope = period.code if period else str(year)
    return start(plan=plan, year=year, period=period, scope=scope, fmt=fmt, user=user)


def task_for(job: ReportJob) -> Task[[int], None]:
    """The queue task that builds this job's file."""
    if job.fmt == "zip":
        from radkla.evaluation.jobs import build_package

        return build_package
    return build_report


def enqueue(job: ReportJob) -> None:
    """Put the job's task in the queue and remember its id."""
    result = task_for(job).enqueue(job.pk)
    ReportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


@task()
def build_report(job_id: int) -> None:
    """The queue's task: build a laporan or workbook."""
    run_job(job_id)


def report_file(job: ReportJob, progress: Progress) -> Built:
    made = produce_report(
        plan=job.plan, year=job.year, period=job.period, fmt=job.fmt, progress=progress
    )
    return Built(made.name, made.content_type, data=made.data)


def run_job(job_id: int) -> None:
    """Claim the job, build its file recording each stage, and keep the file or the failure.

    A job another run already finished, or one running elsewhere and still heard
    from, is left alone: a task queued twice builds once.
    """
    now = timezone.now()
    claimable = Q(state=State.QUEUED) | Q(state=State.RUNNING, updated_at__lt=now - STALLED)
    job = ReportJob.objects.defer("data").filter(claimable, pk=job_id).first()
    if job is None:
        return
    claimed = (
        ReportJob.objects.filter(claimable, pk=job_id, attempts=job.attempts).update(
            state=State.RUNNING, attempts=job.attempts + 1, updated_at=now
        )
        == 1
    )
    if not claimed:  # another worker took it a moment ago
        return
    job = ReportJob.objects.select_related("plan", "period").defer("data").get(pk=job_id)
    build = _builder(job)
    stages: list[list[str]] = []  # each run tells its own stages

    def progress(step: str) -> None:
        stages.append([timezone.now().isoformat(), step])
        ReportJob.objects.filter(pk=job_id).update(
            stage=step, stages=stages, updated_at=timezone.now()
        )

    progress("mulai menyusun")
    try:
        with _heartbeat(job_id):
            built = build(job, progress)
            stored = _keep(job_id, built)
    except Exception:
        # The page says it plainly in Indonesian; the details go to the log.
        logger.exception("background job %s failed", job_id)
        ReportJob.objects.filter(pk=job_id).update(
            state=State.FAILED, error=FAILED_UNEXPECTEDLY, finished_at=timezone.now()
        )
        return
    stages.append([timezone.now().isoformat(), "selesai"])
    ReportJob.objects.filter(pk=job_id).update(
        state=State.DONE,
        stage="selesai",
        stages=stages,
        file_name=built.name,
        content_type=built.content_type,
        data=built.data,
        stored=stored,
        error="",
        finished_at=timezone.now(),
    )


def _builder(job: ReportJob) -> Callable[[ReportJob, Progress], Built]:
    if job.fmt == "zip":
        from radkla.evaluation.jobs import package_file

        return package_file
    return report_file


def _keep(job_id: int, built: Built) -> str:
    """Move a file built on disk under the job's own folder; its path relative to jobs_dir."""
    if built.path is None:
        return ""
    folder = jobs_dir() / str(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / built.name
    shutil.move(built.path, target)
    target.chmod(0o600)
    return f"{job_id}/{built.name}"


@contextmanager
def _heartbeat(job_id: int) -> Iterator[None]:
    """Touch the job every few seconds while it is built, so a live worker is never mistaken
    for a dead one however long one stage takes."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(HEARTBEAT):
                ReportJob.objects.filter(pk=job_id, state=State.RUNNING).update(
                    updated_at=timezone.now()
                )
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"detak-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def uses_database_queue() -> bool:
    """Whether the queue is the database (else Redis)."""
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def _task_status(task_id: str) -> Any:
    """The queue's status of a task, or None when the queue no longer knows it."""
    if not task_id:
        return None
    try:
        return task_backends["default"].get_result(task_id).status
    except TaskResultDoesNotExist:
        return None


def recover() -> list[int]:
    """Queue again every job whose worker died or whose task the queue lost; the ids.

    A job that has already been started ``MAX_ATTEMPTS`` times is marked failed instead,
    so a file that kills its worker does not loop forever.
    """
    now = timezone.now()
    requeued: list[int] = []
    stalled = ReportJob.objects.filter(state=State.RUNNING, updated_at__lt=now - STALLED)
    waiting = ReportJob.objects.filter(state=State.QUEUED, updated_at__lt=now - LOST)
    for job in [*stalled.defer("data"), *waiting.defer("data")]:
        status = _task_status(job.task_id)
        if job.state == State.QUEUED and status in (
            TaskResultStatus.READY,
            TaskResultStatus.RUNNING,
        ):
            continue  # waiting its turn, or being picked up right now
        if job.attempts >= MAX_ATTEMPTS:
            ReportJob.objects.filter(pk=job.pk, state=job.state).update(
                state=State.FAILED,
                error=FAILED_REPEATEDLY % {"n": job.attempts},
                finished_at=now,
            )
            _forget(job.task_id)
            continue
        changed = ReportJob.objects.filter(
            pk=job.pk, state=job.state, updated_at=job.updated_at
        ).update(state=State.QUEUED, stage=RUN_AGAIN, updated_at=now)
        if changed:
            logger.warning("background job %s queued again (%s)", job.pk, job.state)
            _forget(job.task_id)
            enqueue(job)
            requeued.append(job.pk)
    return requeued


def _forget(task_id: str) -> None:
    """The database queue keeps a dead worker's task as running forever: close it."""
    if task_id and uses_database_queue():
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=timezone.now()
        )
