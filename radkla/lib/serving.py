"""How ``radkla serve`` runs the WSGI application: gunicorn on Linux/macOS, waitress on Windows.

radkla's requests are CPU-bound Python (template rendering, the entry checks), so one
process uses at most one core (the GIL). On Linux and macOS ``radkla serve`` therefore
forks several gunicorn workers; Windows has no ``fork`` and keeps waitress, one
process with threads.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The young generation is collected after this many net allocations instead of
# CPython's 700: a grid page allocates hundreds of thousands of short-lived
# objects, and each collection of the young generation also promotes survivors
# that then make the full collections slower. Measured in docs/PERFORMANCE.md.
GC_THRESHOLDS = (50_000, 20, 100)


def default_workers(cores: int | None = None) -> int:
    """Worker processes for ``cores`` cores: one per core, plus one.

    Each request is mostly Python, so more processes than cores only add memory
    (about 200 MB resident each, part of it shared) and context switches; the extra
    one keeps a core busy while another worker waits on the database, the disk or a
    slow client.
    """
    return max(2, (cores or os.cpu_count() or 1) + 1)


def tune_gc() -> None:
    """Freeze what start-up made and collect the young generation less often.

    ``gc.freeze()`` moves every object alive now (Django, the URLconf, the compiled
    templates, the fonts) to a permanent generation that collections no longer
    walk: a full collection then looks only at what requests made. Called in the
    master before the workers fork, the frozen objects also stay shared between
    them (no copy-on-write from the collector touching them).
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def warm_up() -> None:
    """Load and compile what the first requests would otherwise load in every worker."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    for name in (
        "base.html",
        "monitoring/grid.html",
        "monitoring/my_reports.html",
        "achievement/dashboard.html",
        "accounts/login.html",
    ):
        get_template(name)


@dataclass(frozen=True)
class ServeOptions:
    listen: str
    workers: int
    threads: int
    timeout: int


def serve_gunicorn(application: Callable[..., Any], options: ServeOptions) -> None:
    """Run ``application`` under gunicorn's arbiter (returns when it stops)."""
    from django.db import connections
    from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

    class RadklaApplication(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            settings = {
                "bind": [options.listen],
                "workers": options.workers,
                # Threads in each worker: a slow client or an upload holds one thread,
                # not a whole process.
                "worker_class": "gthread",
                "threads": options.threads,
                "timeout": options.timeout,
                "graceful_timeout": 30,
                # The application is loaded once in the master and shared by fork.
                "preload_app": True,
                "proc_name": "radkla",
                "accesslog": None,
                "errorlog": "-",
                "loglevel": "warning",
            }
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Callable[..., Any]:
            return application

    # A connection opened before the fork (the migration check) must not be shared.
    connections.close_all()
    # In the master, before the fork: the workers inherit the frozen objects and the
    # thresholds (both are process state that fork copies).
    tune_gc()
    RadklaApplication().run()


def serve_waitress(application: Callable[..., Any], options: ServeOptions) -> None:
    from waitress import serve

    tune_gc()
    serve(application, listen=options.listen, threads=options.threads, ident="radkla")


def gunicorn_available() -> bool:
    if sys.platform == "win32":
        return False
    try:
        import gunicorn  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True
