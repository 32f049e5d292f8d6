"""Background jobs through the real queue: the database backend and ``radkla worker``.

A job waits in the database until a worker runs, whenever that is (a restart of
the web server loses nothing), and a job whose worker died is run again.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import socket
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings as SettingsWrapper

from radkla.accounts.models import Profile
from radkla.conftest import make_account
from radkla.plan.models import Plan
from radkla.reports import jobs
from radkla.reports.models import ReportJob
from radkla.reports.services import CONTENT_TYPES

DOCX = {"format": "docx", "untuk": "2023"}

# The worker commits as it goes and, like any worker, closes a connection left inside a
# transaction: tests that run it use real transactions.
WORKER = pytest.mark.django_db(transaction=True)


@pytest.fixture
def large(settings: SettingsWrapper) -> None:
    settings.REPORT_BACKGROUND_MEASURES = 3


def _worker() -> str:
    out = io.StringIO()
    call_command("worker", "--batch", stdout=out)
    return out.getvalue()


def _reader() -> Client:
    client = Client()
    client.force_login(make_account("pimpinan", Profile.Role.VIEWER).user)
    return client


@WORKER
def test_a_job_waits_in_the_database_queue_until_the_worker_runs_it(
    small: Plan,
    large: None,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    reader = _reader()
    with django_capture_on_commit_callbacks(execute=True):
        reader.get("/laporan/", DOCX)
    job = ReportJob.objects.get()
    queued = DBTaskResult.objects.get()
    assert job.task_id == str(queued.id)
    assert (queued.status, queued.task_path, queued.args_kwargs["args"]) == (
        TaskResultStatus.READY,
        "radkla.reports.jobs.build_report",
        [job.pk],
    )
    assert "Menunggu giliran" in reader.get("/laporan/").content.decode()

    _worker()

    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 1), job.error
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    row = reader.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "Unduh laporan-pengembangan-kla-" in row and "hx-trigger" not in row
    response = reader.get(reverse("reports:job_download", args=[job.pk]))
    assert response["Content-Type"] == CONTENT_TYPES["docx"]
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()


def _running_when_the_worker_died(plan: Plan, attempts: int = 1) -> ReportJob:
    """A job a worker had claimed and was building when it was killed (a restart)."""
    user = make_account("pimpinan", Profile.Role.VIEWER).user
    job = ReportJob.objects.create(
        plan=plan, year=2023, scope="2023", fmt="xlsx", requested_by=user
    )
    jobs.enqueue(job)
    job.refresh_from_db()
    DBTaskResult.objects.filter(id=job.task_id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=["mati-1"]
    )
    ReportJob.objects.filter(pk=job.pk).update(
        state="running",
        attempts=attempts,
        stage="menulis buku kerja",
        updated_at=timezone.now() - jobs.STALLED - dt.timedelta(seconds=5),
    )
    return job


@WORKER
def test_a_job_running_when_its_worker_died_is_run_again_by_the_next_worker(
    small: Plan,
) -> None:
    job = _running_when_the_worker_died(small)
    lost_task = job.task_id
    # Without a worker nothing runs it: the task stays claimed by the dead one.
    assert DBTaskResult.objects.ready().count() == 0

    said = _worker()

    assert "Diulang setelah pekerja sebelumnya berhenti: 1 tugas." in said
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", 2), job.error
    assert job.file_name.endswith("-2023.xlsx")
    assert job.task_id != lost_task
    assert DBTaskResult.objects.get(id=lost_task).status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.SUCCESSFUL


@WORKER
def test_a_job_that_keeps_killing_its_worker_is_given_up_in_indonesian(small: Plan) -> None:
    job = _running_when_the_worker_died(small, attempts=jobs.MAX_ATTEMPTS)
    _worker()
    job.refresh_from_db()
    assert job.state == "failed"
    assert job.error == (
        "Penyusunan terhenti 3 kali tanpa selesai (pekerja latar belakang berhenti di "
        "tengah jalan). Unduh lagi untuk mengulang, atau hubungi pengelola radkla."
    )
    client = Client()
    client.force_login(job.requested_by)
    row = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "Penyusunan terhenti 3 kali tanpa selesai" in row
    # The same file may be asked for again at once.
    assert jobs.start_build(plan=small, year=2023, period=None, fmt="xlsx", user=job.requested_by)[
        1
    ]


def test_a_running_job_still_heard_from_is_left_to_its_worker(small: Plan) -> None:
    job = _running_when_the_worker_died(small)
    ReportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now())
    assert jobs.recover() == []
    jobs.run_job(job.pk)  # a duplicate task does not build it a second time
    job.refresh_from_db()
    assert (job.state, job.attempts, job.stage) == ("running", 1, "menulis buku kerja")


@WORKER
def test_a_queued_job_whose_task_the_queue_lost_is_queued_again(small: Plan) -> None:
    user = make_account("pimpinan", Profile.Role.VIEWER).user
    job = ReportJob.objects.create(
        plan=small, year=2023, scope="2023", fmt="xlsx", requested_by=user
    )
    # Created but never queued (the process ended between the two), a minute ago.
    ReportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - jobs.LOST - dt.timedelta(seconds=1)
    )
    young = ReportJob.objects.create(
        plan=small, year=2023, scope="2023", fmt="pdf", requested_by=user
    )
    assert jobs.recover() == [job.pk]  # the young one may still be on its way to the queue
    _worker()
    job.refresh_from_db()
    young.refresh_from_db()
    assert (job.state, young.state) == ("done", "queued")


@WORKER
def test_a_finished_task_of_a_job_gone_meanwhile_does_nothing(small: Plan) -> None:
    user = make_account("pimpinan", Profile.Role.VIEWER).user
    job = ReportJob.objects.create(
        plan=small, year=2023, scope="2023", fmt="xlsx", requested_by=user
    )
    jobs.enqueue(job)
    job.delete()  # tidied away, or its plan deleted
    _worker()
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
def test_with_redis_the_job_goes_through_rq(small: Plan, settings: SettingsWrapper) -> None:
    pytest.importorskip("django_tasks_rq")
    queue = f"radkla-test-{os.getpid()}"
    # (Not adding django_rq to INSTALLED_APPS: its admin would stay registered after the test;
    # the settings module adds it for the `rqworker` command, which this test does not use.)
    redis = {"URL": "redis://127.0.0.1:6379/15"}  # a database of its own, emptied after
    settings.RQ_QUEUES = {"default": redis, queue: redis}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue]}}
    # (django-tasks forgets its backends when TASKS changes, and again when the test ends.)
    import django_rq

    try:
        assert not jobs.uses_database_queue()
        user = make_account("pimpinan", Profile.Role.VIEWER).user
        job = ReportJob.objects.create(
            plan=small, year=2023, scope="2023", fmt="xlsx", requested_by=user
        )
        job.refresh_from_db()
        build = jobs.build_report.using(queue_name=queue)
        result = build.enqueue(job.pk)
        assert task_backends["default"].get_result(result.id).status == TaskResultStatus.READY
        # RQ's worker that runs the job in its own process: it sees the test's database.
        worker = django_rq.get_worker(
            queue, job_class="django_tasks_rq.Job", worker_class="rq.SimpleWorker"
        )
        worker.work(burst=True, with_scheduler=False)
        assert task_backends["default"].get_result(result.id).status == (
            TaskResultStatus.SUCCESSFUL
        )
        job.refresh_from_db()
        assert job.state == "done" and job.file_name.endswith("-2023.xlsx")
    finally:
        connection = django_rq.get_connection()
        django_rq.get_queue(queue).empty()
        for key in connection.keys(f"*{queue}*"):  # the queue's registries
            connection.delete(key)
        connection.srem("rq:queues", f"rq:queue:{queue}")
