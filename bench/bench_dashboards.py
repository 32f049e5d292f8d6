"""Dashboard benchmark: the plan home and a cluster page, Cilegon and ten times Cilegon.

    .venv/bin/python bench/bench_dashboards.py [--runs N]

For each plan (the shipped Cilegon regulation, then a synthetic one with every
measure row repeated ten times) it loads four years of verified realizations
(2023-2026, the demo generator with its clock at the plan's end), then times
in-process GETs of the plan home and of the cluster III page (server time: view,
queries, engine, charts, template), and the bare SQL of the same reads (the
queries the page issued, replayed on a raw cursor, rows fetched). Charts are
cached by their numbers, as in production; the first, uncached render is shown
separately.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def synthetic(seed: str, copies: int) -> str:
    """The seed regulation with every measure row repeated ``copies`` times."""
    out = []
    for line in seed.splitlines():
        out.append(line)
        cells = line.split("\t")
        is_measure = len(cells) == 12 and cells[0] != "No" and cells[6] not in ("", "2023")
        if is_measure:
            for k in range(1, copies):
                copy = ["", "", "", f"{cells[3]} (salinan {k})", *cells[4:]]
                out.append("\t".join(copy))
    text = "\n".join(out)
    return text.replace("NOMOR 7 TAHUN 2023", "NOMOR 70 TAHUN 2023")


def timed(step, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    sys.path.insert(0, str(Path(__file__).parent))
    from boot import start

    seed = start()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from setup import drop_plan, load_plan

    from radkla.achievement.selectors import forget_cached
    from radkla.plan.models import Measure

    print(f"{connection.vendor}, {os.cpu_count()} cores, {runs} runs, medians")
    for name, text in (("Cilegon", seed), ("10x Cilegon", synthetic(seed, 10))):
        plan, users, made = load_plan(name, text)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(users["pimpinan"])
        measures = Measure.objects.filter(plan=plan).count()
        print(f"\n{name}: {measures} measures, {made} realizations (2023-2026)")
        pages = (
            ("plan home", "/capaian/?tahun=2025"),
            ("cluster III", "/capaian/klaster/III/?tahun=2025"),
        )
        for label, url in pages:
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            first = time.perf_counter() - start
            cache.clear()
            forget_cached()
            with CaptureQueriesContext(connection) as captured:
                client.get(url)  # every read the page makes when nothing is cached
            sql = [q["sql"] for q in captured.captured_queries]
            page = timed(lambda url=url, client=client: client.get(url), runs)
            # The same page computed afresh each time: the cache emptied before each GET.
            cold = timed(
                lambda url=url, client=client: (cache.clear(), forget_cached(), client.get(url)),
                runs,
            )

            def replay(sql: list[str] = sql) -> None:
                with connection.cursor() as cursor:
                    for statement in sql:
                        cursor.execute(statement)
                        cursor.fetchall()

            bare = timed(replay, runs)
            ratio = statistics.median(page) / statistics.median(bare)
            cold_ratio = statistics.median(cold) / statistics.median(bare)
            print(
                f"  {label:<12} page {statistics.median(page) * 1000:6.1f} ms "
                f"({ratio:3.1f}x)   uncached {statistics.median(cold) * 1000:6.1f} ms "
                f"({cold_ratio:3.1f}x)   bare SQL {statistics.median(bare) * 1000:5.1f} ms "
                f"({len(sql)} queries)   first render {first * 1000:6.1f} ms"
            )
        drop_plan(plan)


if __name__ == "__main__":
    main()
