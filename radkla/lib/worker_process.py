"""The background worker as a child of ``radkla serve`` and ``radkla demo``: one command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

PARENT_OPTION = "--parent"


@contextmanager
def worker_alongside(enabled: bool = True) -> Iterator[subprocess.Popen[bytes] | None]:
    """Run ``radkla worker`` in a child process for as long as the block runs.

    The child shares the environment (the same data directory and database). When
    the block ends, also on SIGTERM, it is asked to stop, and ended after ten
    seconds: a job it was building is queued again by the next worker (see
    ``radkla.reports.jobs``). Should this process be killed outright, the child
    notices and stops by itself.
    """
    if not enabled:
        yield None
        return
    command = [sys.executable, "-m", "radkla.cli", "worker", PARENT_OPTION, str(os.getpid())]
    child = subprocess.Popen(command)  # noqa: S603
    previous = signal.getsignal(signal.SIGTERM)

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)  # so that the block's end runs

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
    try:
        yield child
    finally:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, previous)
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def stop_with_parent(parent: int, every: float = 2.0) -> None:
    """In the child: end this process (as on SIGTERM) once ``parent`` is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(every)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="induk", daemon=True).start()
