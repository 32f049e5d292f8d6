"""Revision benchmark: the diff of an amended regulation, applying it, and capaian after it.

    .venv/bin/python bench/bench_revisions.py [--runs N]

For the Cilegon plan and ten times Cilegon, each with four years of verified
demo realizations, it times: the preview of a document with three targets and
one measure's text changed (``--dry-run``: match, diff, nothing written), applying
it as a revision that takes effect from 2026-1 (two documents applied in turn,
so every run changes something), and the plan's capaian for 2025 (judged by
revision 0, read from its snapshot) and 2026 (the newest revision) computed
afresh, against the same figures before any revision. Uses a throwaway SQLite
database, or DATABASE_URL when set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def changed(text: str, target: str) -> str:
    """The regulation with three 2024-2026 targets and one measure's text changed."""
    lines = text.split("\n")
    edits = (
        ("Capaian Kepemilikan Akta Kelahiran\t", 7, target),
        ("\tJumlah Inovasi\t", 9, "12"),
        ("Jumlah kecamatan dan kelurahan yang tersosialisasikan kebijakan", 8, "50"),
        ("Capaian Kepemilikan Akta Kelahiran\t", 3, "Capaian Kepemilikan Akta Kelahiran Anak"),
    )
    for needle, column, value in edits:
        for index, line in enumerate(lines):
            cells = line.split("\t")
            if needle in line and len(cells) == 12 and "salinan" not in cells[3]:
                cells[column] = value
                lines[index] = "\t".join(cells)
                break
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_dashboards import synthetic
    from boot import start

    seed = start()
    from django.db import connection
    from setup import drop_plan, load_plan

    from radkla.plan.models import Measure
    from radkla.plan.services import read_plan_file

    def median_ms(step, count: int = runs) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(count):
            begin = time.perf_counter()
            step()
            times.append(time.perf_counter() - begin)
        return statistics.median(times) * 1000

    print(f"{connection.vendor}, {os.cpu_count()} cores, {runs} runs, medians")
    for name, text in (("Cilegon", seed), ("10x Cilegon", synthetic(seed, 10))):
        plan, _users, made = load_plan(name, text)
        measures = Measure.objects.filter(plan=plan).count()
        print(f"\n{name}: {measures} measures, {made} realizations (2023-2026)")
        documents = [read_plan_file(changed(text, t).encode(), "ubah.txt") for t in ("99", "98")]
        figures(plan, documents, median_ms)
        drop_plan(plan)


def figures(plan, documents, median_ms) -> None:  # type: ignore[no-untyped-def]
    """Time the preview, the revision and capaian afresh before and after it, for one plan."""
    from radkla.achievement.selectors import forget_cached, plan_achievement
    from radkla.plan.inforce import period_key
    from radkla.plan.revisions import apply_revision, preview_revision

    def capaian(year: int) -> float:
        return median_ms(lambda: (forget_cached(), plan_achievement(plan, year)))

    before = {year: capaian(year) for year in (2025, 2026)}
    print(f"  differences: {preview_revision(plan, documents[0]).diff.summary()}")
    preview = median_ms(lambda: preview_revision(plan, documents[0]))
    print(f"  preview (--dry-run)            {preview:8.1f} ms")
    turn = iter(range(10**6))

    def apply() -> None:
        apply_revision(
            plan=plan,
            parsed=documents[next(turn) % 2],
            reason="Uji beban",
            actor=None,
            effective_from=period_key(2026, 1),
        )

    print(f"  apply as a revision            {median_ms(apply):8.1f} ms")
    for year in (2025, 2026):
        print(
            f"  capaian {year} afresh            {before[year]:8.1f} ms before any "
            f"revision, {capaian(year):8.1f} ms after"
        )


if __name__ == "__main__":
    main()
