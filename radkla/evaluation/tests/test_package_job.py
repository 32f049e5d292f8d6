"""A package of many files is built by the worker while the readiness page shows its progress."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from radkla.accounts.models import Profile
from radkla.evaluation.package import INDEX_NAME
from radkla.evaluation.tests.conftest import Tagged
from radkla.monitoring.tests.conftest import persona
from radkla.reports import jobs
from radkla.reports.models import ReportJob

# The worker commits as it goes and, like any worker, closes a connection left inside a
# transaction: tests that run it use real transactions.
WORKER = pytest.mark.django_db(transaction=True)

Role = Profile.Role


def _client(username: str, role: str, acronym: str = "") -> Client:
    client = Client()
    client.force_login(persona(username, role, acronym).user)
    return client


@pytest.fixture
def many(settings: SettingsWrapper) -> None:
    """The tagged plan's four files count as many."""
    settings.PACKAGE_BACKGROUND_FILES = 1


def test_a_small_package_still_downloads_in_the_request(tagged: Tagged) -> None:
    response = _client("pimpinan", Role.VIEWER).get("/evaluasi/paket/?tahun=2025")
    assert response["Content-Type"] == "application/zip"
    assert not ReportJob.objects.exists()
    response.close()  # last: closing ends the request, which closes the connection


@WORKER
def test_a_large_package_is_built_by_the_worker_and_fetched_by_its_requester(
    tagged: Tagged,
    many: None,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    pimpinan = _client("pimpinan", Role.VIEWER)
    with django_capture_on_commit_callbacks(execute=True):
        response = pimpinan.get("/evaluasi/paket/?tahun=2025&menunggu=1")
    assert response.status_code == 302
    assert response["Location"] == "/evaluasi/?tahun=2025#jobs"
    job = ReportJob.objects.get()
    assert (job.fmt, job.year, job.scope, job.state) == ("zip", 2025, "2025+menunggu", "queued")
    page = pimpinan.get("/evaluasi/?tahun=2025").content.decode()
    assert "Paket data dukung Evaluasi KLA 2025 (termasuk yang menunggu verifikasi)" in page
    assert f'hx-get="{reverse("reports:job", args=[job.pk])}" hx-trigger="every 2s"' in page
    assert "Menunggu giliran" in page

    call_command("worker", "--batch", stdout=io.StringIO())

    job.refresh_from_db()
    assert job.state == "done", job.error
    stages = [text for _at, text in job.stages]
    assert stages[:2] == ["mulai menyusun", "menghitung kesiapan dan memilih berkas"]
    assert stages[-2:] == ["menyalin berkas 4 dari 4", "selesai"]
    assert job.file_name == "data-dukung-kla-cilegon-2025-data-2024.zip"
    assert job.data == b"" and (jobs.jobs_dir() / job.stored).is_file()
    row = pimpinan.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert f"Unduh {job.file_name}" in row
    response = pimpinan.get(reverse("reports:job_download", args=[job.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="{job.file_name}"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    response.close()
    assert INDEX_NAME in archive.namelist()
    assert any("Daftar petugas" in n for n in archive.namelist())  # awaiting, asked for
    assert not any("rahasia" in n for n in archive.namelist())  # a draft never

    # Another reader of everything neither sees nor fetches it; the secretariat does.
    other = _client("pembaca", Role.VIEWER)
    assert f'id="job-{job.pk}"' not in other.get("/evaluasi/?tahun=2025").content.decode()
    assert other.get(reverse("reports:job_download", args=[job.pk])).status_code == 403
    operator = _client("dinkes", Role.OPERATOR, "Dinkes")
    assert operator.get(reverse("reports:job_download", args=[job.pk])).status_code == 403
    secretariat = _client("sekretariat", Role.SECRETARIAT)
    response = secretariat.get(reverse("reports:job_download", args=[job.pk]))
    response.close()
    assert response.status_code == 200

    # Deleted after a day, with its file.
    ReportJob.objects.filter(pk=job.pk).update(created_at=job.created_at - jobs.KEEP)
    jobs.tidy()
    assert not ReportJob.objects.exists()
    assert not (jobs.jobs_dir() / job.stored).exists()


@WORKER
def test_a_package_failing_says_so_and_leaves_no_file_behind(
    tagged: Tagged, many: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    pimpinan = _client("pimpinan", Role.VIEWER)
    with django_capture_on_commit_callbacks(execute=True):
        pimpinan.get("/evaluasi/paket/?tahun=2025")
    job = ReportJob.objects.get()
    # The evaluation year no longer served by the plan's data: the build fails.
    ReportJob.objects.filter(pk=job.pk).update(year=1999)
    call_command("worker", "--batch", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.state == "failed" and job.error == jobs.FAILED_UNEXPECTEDLY
    row = pimpinan.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "Berkas gagal disusun karena kesalahan di server" in row
    assert list(jobs.jobs_dir().glob("*.zip")) == []
