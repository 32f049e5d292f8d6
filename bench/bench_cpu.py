"""CPU time per request, in-process: what a worker spends on each of the load benchmark's actions.

    .venv/bin/python bench/bench_cpu.py [--requests N] [--no-gc-tuning]

Loads the demo into a throwaway database (SQLite, or DATABASE_URL), then through
Django's test client as DP3AP2KB's operator (the largest grid: 51 measures) runs N
cycles of the load benchmark's actions: the grid page, a save (one row's narrative
changed, that row's fields posted as ``bench_load.py`` does) and its redirect, the
dashboard, and a login. It reports the process's CPU time per request
(``time.process_time``: less disturbed by other work on the machine than wall
time, though not immune) and, from one more cycle under cProfile, the number of
Python function calls, which does not vary with the machine's load at all. Full
garbage collections (the oldest generation) are counted and timed. Unless
``--no-gc-tuning``, the collector is set up as ``radkla serve`` sets it
(``radkla.lib.serving.tune_gc``).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import statistics
import time
from collections.abc import Callable

from django.http import HttpResponse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--no-gc-tuning", action="store_true")
    args = parser.parse_args()
    from boot import start

    start()
    from bench_load import save_data
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("demo", "--load-only", stdout=io.StringIO())
    settings.ALLOWED_HOSTS = ["testserver"]
    from radkla.monitoring.models import ReportingPeriod

    period = ReportingPeriod.objects.filter(state="open").order_by("year", "number").last()
    assert period is not None
    url = f"/lapor/periode/{period.pk}/"
    client = Client(enforce_csrf_checks=False)
    assert (
        client.post("/akun/masuk/", {"username": "dp3ap2kb", "password": "demo-radkla"}).status_code
        == 302
    )

    full_pauses: list[float] = []
    started: list[float] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            started.append(time.perf_counter())
        else:
            full_pauses.append(time.perf_counter() - started.pop())

    if not args.no_gc_tuning:
        from radkla.lib.serving import tune_gc, warm_up

        warm_up()
        client.get(url)
        client.get("/capaian/")
        tune_gc()
    gc.callbacks.append(watch)

    page = ""
    times: dict[str, list[float]] = {}

    calls: dict[str, int] = {}

    def timed(action: str, call: Callable[[], HttpResponse], status: int) -> HttpResponse:
        if profiling:  # one more cycle, counting Python function calls: noise-free
            profile = cProfile.Profile()
            response = profile.runcall(call)
            calls[action] = sum(stat[1] for stat in profile.getstats())
        else:
            before = time.process_time()
            response = call()
            times.setdefault(action, []).append(time.process_time() - before)
        assert response.status_code == status, (action, response.status_code)
        return response

    print(
        f"{connection.vendor}; gc thresholds {gc.get_threshold()}, frozen {gc.get_freeze_count()}"
    )
    full_pauses.clear()
    profiling = False
    for i in range(args.requests + 1):
        profiling = i == args.requests
        # One operator's cycle: the grid, a save and its redirect, the dashboard; and a login.
        page = timed("grid GET", lambda: client.get(url), 200).content.decode()
        data = save_data(page, 0, f"cpu {i}")
        timed("save POST (1 row changed)", lambda data=data: client.post(url, data), 302)
        timed("redirect GET after a save", lambda: client.get(url), 200)
        timed("dashboard GET (Capaian)", lambda: client.get("/capaian/"), 200)
        timed(
            "login POST",
            lambda: Client().post(
                "/akun/masuk/", {"username": "dinkes", "password": "demo-radkla"}
            ),
            302,
        )
    for action, values in times.items():
        print(
            f"{action:<28} CPU median {statistics.median(values) * 1000:6.1f} ms   "
            f"mean {statistics.fmean(values) * 1000:6.1f} ms   n={len(values)}   "
            f"{calls[action]:,} Python calls"
        )
    total = sum(full_pauses) * 1000
    print(
        f"full collections: {len(full_pauses)} in {args.requests * 5} requests, "
        f"{total:.0f} ms in all"
        + (f", longest {max(full_pauses) * 1000:.0f} ms" if full_pauses else "")
    )


if __name__ == "__main__":
    main()
