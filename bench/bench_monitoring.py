"""Monitoring benchmark: saving a 60-measure grid, and the agency's pages under load.

    .venv/bin/python bench/bench_monitoring.py [--runs N] [--clients C] [--requests R]

Loads the demo into a throwaway database (SQLite in WAL mode, or DATABASE_URL),
gives one operator's agency 60 measures, then

1. times a grid save of all 60 rows in-process (the view, the checks and the
   one transaction), alternating values so every row really changes;
2. serves radkla with waitress (8 threads) and has C concurrent clients each
   fetch the agency page and the grid R times, reporting latency and throughput.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.cookiejar import CookieJar


def report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(
        f"{name:<46} median {statistics.median(times) * 1000:7.1f} ms   "
        f"p95 {p95 * 1000:7.1f} ms   n={len(times)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="radkla-bench-")
    os.environ["RADKLA_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radkla.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from radkla.accounts.models import Profile
    from radkla.monitoring.models import ReportingPeriod
    from radkla.monitoring.selectors import grid_rows
    from radkla.plan.models import Measure, MeasureAgency

    call_command("demo", "--load-only", stdout=io.StringIO())
    profile = Profile.objects.select_related("user", "agency").get(user__username="dp3ap2kb")
    agency = profile.agency
    assert agency is not None
    mine = set(Measure.objects.filter(agencies=agency).values_list("pk", flat=True))
    extra = Measure.objects.exclude(pk__in=mine).order_by("position")[: max(0, 60 - len(mine))]
    MeasureAgency.objects.bulk_create(
        MeasureAgency(measure=m, agency=agency, position=9) for m in extra
    )
    period = ReportingPeriod.objects.get(year=2025, number=3)
    rows = grid_rows(period, agency.pk)
    print(f"{connection.vendor}, {os.cpu_count()} cores; grid of {len(rows)} measures")

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(profile.user)
    url = f"/lapor/periode/{period.pk}/"
    times = []
    for run in range(args.runs):
        rows = grid_rows(period, agency.pk)
        data = {"action": "save"}
        for row in rows:
            pk = row.measure.pk
            data[f"value-{pk}"] = str(40 + run % 2)
            data[f"version-{pk}"] = str(row.current.version) if row.current else ""
            data[f"note-{pk}"] = "bench"
            for i in range(len(row.labels)):
                data[f"part-{pk}-{i}"] = str(4 + run % 2)
            if row.labels:
                data.pop(f"value-{pk}")
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data)
        times.append(time.perf_counter() - start)
        assert response.status_code == 302, response.content[-2000:]
    report("save a 60-row grid (POST, in-process)", times)
    print(f"{'':<46} {len(queries)} SQL queries in the last save")
    get_times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        get_times.append(time.perf_counter() - start)
    report("grid page (GET, in-process)", get_times)
    agency_times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        assert client.get("/lapor/").status_code == 200
        agency_times.append(time.perf_counter() - start)
    report("agency page 'Laporan saya' (GET, in-process)", agency_times)
    connection.close()

    port = 8791
    server = subprocess.Popen(  # noqa: S603  (our own interpreter and module)
        [
            sys.executable,
            "-m",
            "radkla",
            "serve",
            "--listen",
            f"127.0.0.1:{port}",
            "--threads",
            "8",
        ],
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/akun/masuk/", timeout=2).close()  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        session_key = client.cookies["sessionid"].value
        latencies: list[float] = []
        lock = threading.Lock()

        def work() -> None:
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
            opener.addheaders = [("Cookie", f"sessionid={session_key}")]
            for i in range(args.requests):
                path = "/lapor/" if i % 2 else url
                start = time.perf_counter()
                with opener.open(base + path, timeout=60) as response:
                    response.read()
                    assert response.status == 200
                with lock:
                    latencies.append(time.perf_counter() - start)

        threads = [threading.Thread(target=work) for _ in range(args.clients)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        report(f"agency page + grid under load ({args.clients} clients)", latencies)
        print(f"{'':<46} {len(latencies) / elapsed:.1f} requests/s over {elapsed:.1f} s")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
