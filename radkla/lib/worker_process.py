"""The background worker as a child of ``radkla serve`` and ``radkla demo``: one command."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def worker_alongside(enabled: bool = True) -> Iterator[subprocess.Popen[bytes] | None]:
    """Run ``radkla worker`` in a child process for as long as the block runs.

    The child shares the environment (the same data directory and database). When
    the block ends it is asked to stop, and ended after ten seconds: a job it was
    building is queued again by the next worker (see ``radkla.reports.jobs``).
    """
    if not enabled:
        yield None
        return
    child = subprocess.Popen([sys.executable, "-m", "radkla.cli", "worker"])
    try:
        yield child
    finally:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
