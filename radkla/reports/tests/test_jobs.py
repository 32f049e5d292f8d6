"""A large plan's report builds in the background; the page follows it; only its requester fetches it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from radkla.accounts.models import Profile
from radkla.conftest import make_account
from radkla.lib.localtime import local_time
from radkla.plan.models import Agency, Plan
from radkla.reports import jobs
from radkla.reports.models import ReportJob
from radkla.reports.services import CONTENT_TYPES

XLSX = {"format": "xlsx", "untuk": "2023"}


def _client(role: str, name: str, agency: Agency | None = None) -> Client:
    client = Client()
    client.force_login(make_account(name, role, agency).user)
    return client


@pytest.fixture
def large(settings: SettingsWrapper) -> None:
    """The small plan (four measures) counts as large."""
    settings.REPORT_BACKGROUND_MEASURES = 3


def test_a_small_plan_still_downloads_in_the_request(small: Plan) -> None:
    reader = _client(Profile.Role.VIEWER, "pimpinan")
    response = reader.get("/laporan/", XLSX)
    assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPES["xlsx"]
    assert not ReportJob.objects.exists()


def test_a_large_plan_builds_in_the_background_and_the_requester_downloads_it(
    small: Plan,
    large: None,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    reader = _client(Profile.Role.VIEWER, "pimpinan")
    with django_capture_on_commit_callbacks() as started:
        response = reader.get("/laporan/", XLSX)
    assert response.status_code == 302 and response["Location"] == reverse("reports:index")
    assert len(started) == 1  # the thread starts once the job is committed
    job = ReportJob.objects.get()
    assert (job.state, job.scope, job.fmt, job.requested_by.username) == (
        "queued",
        "2023",
        "xlsx",
        "pimpinan",
    )
    page = reader.get("/laporan/").content.decode()
    assert 'id="background-note"' in page
    # The page polls the job's row while it runs.
    assert f'hx-get="{reverse("reports:job", args=[job.pk])}" hx-trigger="every 2s"' in page
    requested = f"Diminta baru saja oleh Pimpinan ({local_time(job.created_at)})."
    assert "Menunggu giliran" in page and requested in page and " WIB)." in requested

    jobs.run_job(job.pk)  # what the thread runs

    job.refresh_from_db()
    assert job.state == "done" and job.finished_at is not None
    assert [text for _at, text in job.stages] == [
        "mulai menyusun",
        "membaca capaian dan menyusun baris",
        "menulis buku kerja",
        "selesai",
    ]
    row = reader.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "hx-trigger" not in row  # done: the polling stops
    download = reverse("reports:job_download", args=[job.pk])
    assert f'href="{download}"' in row
    response = reader.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES["xlsx"]
    assert response["Content-Disposition"] == f'attachment; filename="{job.file_name}"'
    assert job.file_name.endswith("-2023.xlsx")
    assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()


def test_another_reader_cannot_follow_or_fetch_someone_elses_job(
    small: Plan,
    large: None,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    owner = _client(Profile.Role.VIEWER, "pimpinan")
    with django_capture_on_commit_callbacks():
        owner.get("/laporan/", XLSX)
    job = ReportJob.objects.get()
    jobs.run_job(job.pk)
    other = _client(Profile.Role.VIEWER, "pembaca")
    assert other.get(reverse("reports:job", args=[job.pk])).status_code == 403
    assert other.get(reverse("reports:job_download", args=[job.pk])).status_code == 403
    assert f'id="job-{job.pk}"' not in other.get("/laporan/").content.decode()
    operator = _client(Profile.Role.OPERATOR, "dinkes", Agency.objects.get(acronym="Dinkes"))
    assert operator.get(reverse("reports:job_download", args=[job.pk])).status_code == 403
    secretariat = _client(Profile.Role.SECRETARIAT, "sekretariat")
    assert secretariat.get(reverse("reports:job_download", args=[job.pk])).status_code == 200
    assert f'id="job-{job.pk}"' in secretariat.get("/laporan/").content.decode()


def test_one_build_per_plan_scope_and_format_at_a_time(
    small: Plan,
    large: None,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    owner = _client(Profile.Role.VIEWER, "pimpinan")
    other = _client(Profile.Role.VIEWER, "pembaca")
    with django_capture_on_commit_callbacks() as started:
        owner.get("/laporan/", XLSX)
        owner.get("/laporan/", XLSX)  # a second click follows the same job
        refused = other.get("/laporan/", XLSX, follow=True).content.decode()
        owner.get("/laporan/", {"format": "docx", "untuk": "2023"})  # another format may run
    assert len(started) == 2
    assert ReportJob.objects.count() == 2
    assert "Berkas yang sama sedang disusun atas permintaan pengguna lain" in refused


def test_a_failed_build_says_so_in_indonesian(small: Plan, large: None) -> None:
    user = make_account("pimpinan", Profile.Role.VIEWER).user
    job = ReportJob.objects.create(
        plan=small, year=2023, scope="2023", fmt="odt", requested_by=user
    )
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.state == "failed" and job.error == jobs.FAILED_UNEXPECTEDLY
    client = Client()
    client.force_login(user)
    row = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "Berkas gagal disusun karena kesalahan di server" in row
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


def test_old_jobs_are_deleted_and_silent_ones_say_they_wait_for_the_worker(small: Plan) -> None:
    user = make_account("pimpinan", Profile.Role.VIEWER).user
    old = ReportJob.objects.create(
        plan=small,
        year=2023,
        scope="2023",
        fmt="pdf",
        requested_by=user,
        state="done",
        created_at=timezone.now() - dt.timedelta(days=1, minutes=1),
    )
    silent = ReportJob.objects.create(
        plan=small, year=2023, scope="2023", fmt="docx", requested_by=user, state="running"
    )
    ReportJob.objects.filter(pk=silent.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=20)
    )
    client = Client()
    client.force_login(user)
    page = client.get("/laporan/").content.decode()
    assert not ReportJob.objects.filter(pk=old.pk).exists()
    # A job whose worker went away is not given up: the next worker runs it again.
    silent.refresh_from_db()
    assert silent.state == "running"
    assert "Belum ada kabar dari pekerja latar belakang sejak" in page
    assert "tidak perlu meminta ulang" in page
