"""Benchmark for the quiz (issues 4 and 18): time to the first question, as the store grows.

``kubeclass quiz --count 1 --answers -`` with one answer piped in (the whole command:
start-up, glossary, progress file, question, answer saved, summary) against
``python -c "import click, yaml"``, measured interleaved in the same invocation, for a
progress file that is empty and one that holds 10,000 reviews (and a few lab checks, whose
terms ``quiz`` asks first). Target: ratio ≤ 3× for each.

Conditions are those of a learner's daily quiz: the glossary cache is warm, the progress
file exists, and Python's bytecode cache is written (``PYTHONDONTWRITEBYTECODE`` is
dropped and ``PYTHONPYCACHEPREFIX`` points at a scratch directory, so the source tree
stays clean). The first, cold run (no glossary cache) is reported on its own line.

Run: ``python bench/bench_quiz_start.py [--runs N] [--sizes 0,10000]``; ``--quick``: one
run of the empty store only (a smoke test for a bench runner, not a measurement).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import kubeclass_script, median, report, user_env

TARGET = 3.0
SIZES = (0, 10_000)


def run(argv: list[str], env: dict[str, str], answer: str | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, input=answer, text=True, check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def fill(home: Path, reviews: int) -> None:
    """A progress file with ``reviews`` reviews over every term, and three lab checks."""
    from _review_history import write_history

    from kubeclass.glossary.cache import load_cached_glossary
    from kubeclass.quiz.paths import DB_NAME
    from kubeclass.quiz.store import LabCheckRow, LabRunRow, Store

    with Store.open(home / DB_NAME) as store:
        write_history(store, sorted(load_cached_glossary().terms), reviews, seed=1)
        for lab_id in ("service", "first-pod", "configmap-secret"):
            store.record_lab(LabRunRow(lab_id, datetime.now(UTC), 2, 6, False,
                                       (LabCheckRow("c", "s", False, ("pod",)),)), {})


def measure(size: int, runs: int, scratch: Path) -> tuple[list[float], list[float], float]:
    """(baseline times, quiz times, cold first run) for a store of ``size`` reviews."""
    home = scratch / f"home-{size}"
    env = user_env(PYTHONPYCACHEPREFIX=str(scratch / "pycache"), KUBECLASS_HOME=str(home))
    quiz = [kubeclass_script(), "quiz", "--count", "1", "--answers", "-",
            "--new-per-day", "1000000"]
    baseline = [sys.executable, "-c", "import click, yaml"]
    cold = run(quiz, env, "1\n")  # builds the glossary cache and the progress file
    if size:
        import os

        os.environ["KUBECLASS_HOME"] = str(home)  # the glossary cache of this home
        fill(home, size)
    for _ in range(0 if runs == 1 else 2):  # bytecode for both sides
        run(quiz, env, "1\n")
        run(baseline, env)
    base_times: list[float] = []
    quiz_times: list[float] = []
    for _ in range(runs):  # interleaved: load on the machine hits both sides
        base_times.append(run(baseline, env))
        quiz_times.append(run(quiz, env, "1\n"))
    return base_times, quiz_times, cold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="progress file sizes in reviews, comma-separated")
    parser.add_argument("--quick", action="store_true",
                        help="one run, the smallest size only (smoke test)")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    runs = args.runs
    if args.quick:
        sizes, runs = sizes[:1], 1

    ratios = []
    with tempfile.TemporaryDirectory(prefix="kubeclass-bench-quiz-") as scratch:
        for size in sizes:
            base_times, quiz_times, cold = measure(size, runs, Path(scratch))
            print(f"time to first question, progress file with {size:,} reviews, "
                  f"{runs} run(s) each (interleaved)")
            report('python -c "import click, yaml"', base_times)
            report(f"kubeclass quiz --count 1 --answers - ({size:,} reviews)", quiz_times,
                   base_times, TARGET)
            print(f"{'first run (cold glossary cache)':<48} {cold * 1000:8.1f} ms")
            ratios.append((size, median(quiz_times) / median(base_times)))
    print("summary: " + ", ".join(f"{size:,} reviews {ratio:.2f}x" for size, ratio in ratios)
          + f" (target <= {TARGET}x)")


if __name__ == "__main__":
    main()
