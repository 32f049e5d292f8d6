"""Chart and start-up benchmark: the laporan's seven PNG charts, and `radkla --version`.

    .venv/bin/python bench/bench_charts.py [--runs N]

Cilegon with four years of verified demo realizations, the year 2025. The
charts are the laporan's: capaian per cluster, then per indicator for each of
the six clusters. "Cold" is a fresh Python process that has set up Django and
computed the figures, timed from its first chart to its seventh (it pays for
loading the drawing library and the font); "afresh" clears the chart cache in
a warm process; "cached" draws the same numbers again. Start-up is the wall
time of `radkla --version` and whether the URL configuration loads matplotlib.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent

# Run in a child process: set up Django, compute the figures, time the seven charts.
COLD = """
import json, os, sys, time
sys.path.insert(0, {here!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radkla.settings")
import django
django.setup()
from bench_charts import laporan_charts
from radkla.achievement.selectors import plan_achievement
from radkla.plan.models import Plan
charts = laporan_charts(plan_achievement(Plan.objects.get(), 2025))
loaded = "PIL" in sys.modules or "matplotlib" in sys.modules
start = time.perf_counter()
from radkla.achievement.charts import capaian_bars_png
sizes = [len(capaian_bars_png(labels, values, title=title)) for labels, values, title in charts]
print(json.dumps({{"seconds": time.perf_counter() - start, "bytes": sum(sizes),
                  "preloaded": loaded}}))
"""

STARTUP = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radkla.settings")
import django
django.setup()
import radkla.urls  # every view module, as a request or a command loads them
print("matplotlib" in sys.modules)
"""


def laporan_charts(achievement):  # type: ignore[no-untyped-def]
    """The (labels, values, title) of the charts the laporan draws."""
    charts = [
        (
            [g.key for g in achievement.clusters],
            [g.rollup.capaian for g in achievement.clusters],
            "Capaian per klaster",
        )
    ]
    for cluster in achievement.clusters:
        indicators = [
            g
            for g in achievement.indicators
            if g.measures[0].cluster_id == cluster.measures[0].cluster_id
        ]
        charts.append(
            (
                [g.label for g in indicators],
                [g.rollup.capaian for g in indicators],
                f"Capaian per indikator, {cluster.key}",
            )
        )
    return charts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    sys.path.insert(0, str(HERE))
    from boot import start

    seed = start()
    from setup import load_plan

    from radkla.achievement import charts as chart_module
    from radkla.achievement.selectors import plan_achievement

    plan, _users, _made = load_plan("Cilegon", seed)
    charts = laporan_charts(plan_achievement(plan, 2025))
    print(f"{os.cpu_count()} cores, {runs} runs, medians (best); {len(charts)} charts")

    cold = []
    for _ in range(runs):
        out = subprocess.run(  # noqa: S603  (our own interpreter)
            [sys.executable, "-c", COLD.format(here=str(HERE))],
            check=True,
            capture_output=True,
            text=True,
            env=os.environ,
        )
        cold.append(json.loads(out.stdout.strip().splitlines()[-1]))
    seconds = [c["seconds"] for c in cold]
    print(
        f"  cold, first seven in a process  {statistics.median(seconds) * 1000:7.0f} ms "
        f"({min(seconds) * 1000:.0f})   {cold[0]['bytes'] / 1024:.0f} KB of PNG"
        + ("   (drawing library loaded before!)" if any(c["preloaded"] for c in cold) else "")
    )

    def draw() -> None:
        for labels, values, title in charts:
            chart_module.capaian_bars_png(labels, values, title=title)

    for name, clear in (("afresh (cache cleared)", True), ("cached", False)):
        times = []
        for _ in range(runs):
            if clear:
                chart_module._CACHE.clear()
            begin = time.perf_counter()
            draw()
            times.append(time.perf_counter() - begin)
        print(f"  {name:<31} {statistics.median(times) * 1000:7.0f} ms ({min(times) * 1000:.0f})")

    command = str(Path(sys.executable).with_name("radkla"))
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        subprocess.run(  # noqa: S603  (our own command)
            [command, "--version"], check=True, capture_output=True, env=os.environ
        )
        times.append(time.perf_counter() - begin)
    print(
        f"  `radkla --version` wall time    {statistics.median(times) * 1000:7.0f} ms "
        f"({min(times) * 1000:.0f})"
    )
    loaded = subprocess.run(  # noqa: S603  (our own interpreter)
        [sys.executable, "-c", STARTUP], check=True, capture_output=True, text=True, env=os.environ
    ).stdout.strip()
    print(f"  matplotlib loaded by the URL configuration: {loaded}")


if __name__ == "__main__":
    main()
