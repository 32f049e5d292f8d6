"""Evaluation benchmark: readiness and the evidence package, Cilegon and ten times larger.

    .venv/bin/python bench/bench_evaluation.py [--runs N] [--big-files N] [--big-mb MB]

Four years of demo realizations, the demo's tags and city documents, then, for
the 2025 evaluation (its data window: 2024): readiness computed afresh (figures
not cached) and served (figures cached), with its query count; the package of
the window's verified files; and the package with N extra verified files of the
window of MB megabytes of incompressible bytes each, like scans.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench_dashboards import synthetic, timed

EVALUATION = 2025


def _median(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    times = timed(work, runs)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big-files", type=int, default=100)
    parser.add_argument("--big-mb", type=float, default=2.0)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    from boot import start

    seed = start()
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from setup import drop_plan, load_plan

    from radkla.achievement.selectors import forget_cached
    from radkla.evaluation.demo import generate
    from radkla.evaluation.models import EvidenceTag
    from radkla.evaluation.package import write_package
    from radkla.evaluation.selectors import Readiness, readiness
    from radkla.monitoring.models import Evidence, Realization
    from radkla.plan.models import Measure, Plan

    print(f"{connection.vendor}, {os.cpu_count()} cores, {args.runs} runs, medians (best)")
    for name, text in (("Cilegon", seed), ("10x Cilegon", synthetic(seed, 10))):
        plan, users, _made = load_plan(name, text)
        generate(plan=plan, users=users)
        if connection.vendor == "postgresql":
            # As autovacuum would after a bulk load: fresh statistics for the planner.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        measures = Measure.objects.filter(plan=plan).count()
        files = Evidence.objects.filter(realization__measure__plan=plan).count()
        print(f"\n{name}: {measures} measures, {files} evidence files")

        def fresh(plan: Plan = plan) -> None:
            forget_cached()
            readiness(plan, EVALUATION)

        median, best = _median(args.runs, fresh)
        print(f"  readiness, figures afresh  {median * 1000:7.1f} ms ({best * 1000:.1f})")
        median, best = _median(args.runs, lambda plan=plan: readiness(plan, EVALUATION))
        with CaptureQueriesContext(connection) as queries:
            result = readiness(plan, EVALUATION)
        print(
            f"  readiness, figures cached  {median * 1000:7.1f} ms ({best * 1000:.1f}), "
            f"{len(queries)} queries, total {result.total} points, {result.window.title}"
        )
        median, best = _median(args.runs, lambda result=result: write_package(result, io.BytesIO()))
        counted = sum(1 for f in result.files if f.status == "verified")
        print(f"  package of demo files ({counted}) {median * 1000:7.1f} ms ({best * 1000:.1f})")
        if name == "Cilegon" and args.big_files:
            verified = list(
                Realization.objects.filter(
                    measure__plan=plan,
                    state=Realization.State.VERIFIED,
                    period__year__in=result.window.years,
                ).order_by("id")[: args.big_files]
            )
            item = EvidenceTag.objects.filter(evidence__realization__measure__plan=plan).first()
            size = int(args.big_mb * 1_048_576)
            for number, realization in enumerate(verified):
                evidence = Evidence(
                    realization=realization,
                    stored_name=f"bench-{number}.pdf",
                    original_name=f"Pindaian {number}.pdf",
                    content_type="application/pdf",
                    size=size,
                    sha256="bench",
                )
                data = b"%PDF-1.4\n" + os.urandom(size)
                evidence.file.save(evidence.stored_name, ContentFile(data), save=False)
                evidence.save()
                if item is not None:
                    EvidenceTag.objects.create(evidence=evidence, item=item.item)
            result = readiness(plan, EVALUATION)
            target = Path(tempfile.mkdtemp(prefix="radkla-bench-zip-")) / "paket.zip"

            def big(result: Readiness = result, target: Path = target) -> None:
                with target.open("wb") as out:
                    write_package(result, out)

            median, best = _median(max(1, args.runs // 2), big)
            megabytes = target.stat().st_size / 1_048_576
            print(
                f"  package with {len(verified)} files of {args.big_mb:g} MB "
                f"{median:7.2f} s ({best:.2f}), {megabytes:.0f} MB, "
                f"{megabytes / median:.0f} MB/s"
            )
        drop_plan(plan)


if __name__ == "__main__":
    main()
