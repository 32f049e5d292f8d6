"""Rekap wilayah benchmark: what the province/national recap costs per city.

    .venv/bin/python bench/bench_recap.py [--cities N] [--runs N]

Imports the shipped regulation N times under other kota names (as the multi-city
tests do), gives each city four years of verified demo realizations, then times
in-process GETs of /wilayah/ as a national reader: with every city's row read
afresh (both the recap's rows and the achievement figures forgotten), with every
row kept (the usual case: rows are recomputed only after a city's data changes),
and one city's row alone (``city_figures``), with the queries each issues.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

NAMES = (
    "Cilegon",
    "Serang",
    "Tangerang",
    "Bandung",
    "Bekasi",
    "Bogor",
    "Depok",
    "Cimahi",
    "Sukabumi",
    "Cirebon",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cities", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    from boot import start

    seed = start()
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from radkla.accounts.access import SYSTEM
    from radkla.accounts.models import Profile
    from radkla.accounts.services import create_account, ensure_demo_accounts
    from radkla.achievement.selectors import forget_cached
    from radkla.monitoring.demo import generate
    from radkla.nation.selectors import city_figures, forget_kept, in_force
    from radkla.plan.services import import_plan, read_plan_file

    users = None
    for name in NAMES[: args.cities]:
        text = seed.replace("CILEGON", name.upper()).replace("Cilegon", name)
        plan = import_plan(
            parsed=read_plan_file(text.encode(), f"perwal-{name}.txt"), actor=None, scope=SYSTEM
        ).plan
        if users is None:
            logins = ensure_demo_accounts(plan)
            users = {
                u.username: u
                for u in get_user_model().objects.filter(username__in=[x.username for x in logins])
            }
        generate(plan=plan, today=dt.date(plan.end_year + 1, 1, 1), users=users)
    reader = create_account(
        username="nasional",
        password="bench-password-1",  # noqa: S106
        role=Profile.Role.VIEWER,
        agency=None,
        full_name="Nasional",
        actor=None,
        region=None,
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(reader.user)
    plans = in_force(SYSTEM)
    n = len(plans)
    url = "/wilayah/?tahun=2025"
    print(f"{connection.vendor}, {os.cpu_count()} cores, {n} cities, {args.runs} runs, medians")

    def get() -> None:
        assert client.get(url).status_code == 200

    def fresh() -> None:
        forget_kept()
        forget_cached()
        get()

    def timed(step) -> tuple[float, int]:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                step()
                times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000, len(queries.captured_queries)

    get()  # loads the evaluation reference, the fonts and the chart once
    fresh_ms, fresh_q = timed(fresh)
    kept_ms, kept_q = timed(get)
    today = dt.date.today()  # noqa: DTZ011

    def one() -> None:
        forget_cached()
        city_figures(plans[0], 2025, today)

    one_ms, one_q = timed(one)
    print(f"page, every row afresh   {fresh_ms:8.1f} ms  {fresh_q:4d} queries")
    print(f"  per city               {fresh_ms / n:8.1f} ms  {fresh_q / n:6.1f} queries")
    print(f"page, every row kept     {kept_ms:8.1f} ms  {kept_q:4d} queries")
    print(f"one city's row afresh    {one_ms:8.1f} ms  {one_q:4d} queries")


if __name__ == "__main__":
    main()
