"""A large evidence package built as a background job (see ``radkla.reports.jobs``).

A package of more than ``PACKAGE_BACKGROUND_FILES`` files is copied into its ZIP
by the worker while the readiness page shows how many files are in; a smaller
one is still written inside the request.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.utils.text import slugify
from django_tasks import task

from radkla.evaluation.package import entries, write_package
from radkla.evaluation.selectors import Readiness, readiness
from radkla.plan.models import Plan
from radkla.reports import jobs
from radkla.reports.models import ReportJob

UNVERIFIED = "+menunggu"  # the scope's mark of a package with files awaiting verification
CONTENT_TYPE = "application/zip"


def package_name(plan: Plan, result: Readiness) -> str:
    """``data-dukung-kla-cilegon-2026-data-2025.zip``: region, evaluation and data years."""
    window = result.window
    name = f"data-dukung-kla-{slugify(plan.region.name)}-{result.evaluation_year}"
    name += f"-data-{window.first}" + (f"-{window.last}" if window.last != window.first else "")
    return f"{name}.zip"


def runs_in_background(result: Readiness, *, include_unverified: bool) -> bool:
    """Whether the package has more files than are copied within a request."""
    limit: int = settings.PACKAGE_BACKGROUND_FILES
    return len(entries(result, include_unverified=include_unverified)) > limit


def start_package(
    *, plan: Plan, year: int, include_unverified: bool, user: User | AnonymousUser
) -> tuple[ReportJob, bool]:
    """The job building the package of evaluation ``year``: new (True) or already active."""
    scope = f"{year}{UNVERIFIED if include_unverified else ''}"
    return jobs.start(plan=plan, year=year, period=None, scope=scope, fmt="zip", user=user)


@task()
def build_package(job_id: int) -> None:
    """The queue's task: build an evidence package."""
    jobs.run_job(job_id)


def package_file(job: ReportJob, progress: jobs.Progress) -> jobs.Built:
    """Write the job's package to a file on disk, telling how many files are in."""
    progress("menghitung kesiapan dan memilih berkas")
    result = readiness(job.plan, job.year)
    step = 0

    def copied(done: int, total: int) -> None:
        nonlocal step
        # About twenty updates whatever the size: the page polls every two seconds.
        if done == total or done * 20 // total > step:
            step = done * 20 // total
            progress(f"menyalin berkas {done} dari {total}")

    folder = jobs.jobs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=folder, suffix=".zip")
    try:
        with open(fd, "wb") as out:
            summary = write_package(
                result, out, include_unverified=job.scope.endswith(UNVERIFIED), progress=copied
            )
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    if summary.unreadable:
        progress(f"{len(summary.unreadable)} berkas tidak ditemukan di penyimpanan, dilewati")
    return jobs.Built(package_name(job.plan, result), CONTENT_TYPE, path=Path(name))
