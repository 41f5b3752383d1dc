"""Benchmark for the quiz (issue 4): time to the first question.

``kubeclass quiz --count 1 --answers -`` with one answer piped in (the whole command:
start-up, glossary, progress file, question, answer saved, summary) against
``python -c "import click, yaml"``, measured interleaved in the same invocation.
Target: ratio ≤ 3×.

Conditions are those of a learner's daily quiz: the glossary cache is warm, the progress
file exists, and Python's bytecode cache is written (``PYTHONDONTWRITEBYTECODE`` is
dropped and ``PYTHONPYCACHEPREFIX`` points at a scratch directory, so the source tree
stays clean). The first, cold run (no glossary cache) is reported on its own line.

Run: ``python bench/bench_quiz_start.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _figures import Figure, at_most, check, print_figures
from _timing import kubeclass_script, median, report, user_env

TARGET = 3.0


def run(argv: list[str], env: dict[str, str], answer: str | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, input=answer, text=True, check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(runs: int) -> list[Figure]:
    """``runs`` interleaved runs of each side, after a cold run and two warm-ups."""
    with tempfile.TemporaryDirectory(prefix="kubeclass-bench-quiz-") as scratch:
        env = user_env(PYTHONPYCACHEPREFIX=str(Path(scratch) / "pycache"),
                       KUBECLASS_HOME=str(Path(scratch) / "home"))
        quiz = [kubeclass_script(), "quiz", "--count", "1", "--answers", "-",
                "--new-per-day", "1000000"]
        baseline = [sys.executable, "-c", "import click, yaml"]

        cold = run(quiz, env, "1\n")  # builds the glossary cache and the progress file
        for _ in range(2):  # bytecode for both sides
            run(quiz, env, "1\n")
            run(baseline, env)
        base_times: list[float] = []
        quiz_times: list[float] = []
        for _ in range(runs):  # interleaved: load on the machine hits both sides
            base_times.append(run(baseline, env))
            quiz_times.append(run(quiz, env, "1\n"))
        reviews = reviews_saved(env)
    # Every quiz run answered one question: each answer must be in the progress file.
    check(reviews == runs + 3, f"{runs + 3} quiz runs answered a question each, but the "
          f"progress file holds {reviews} reviews")

    print(f"time to first question, {runs} runs each (interleaved)")
    report('python -c "import click, yaml"', base_times)
    report("kubeclass quiz --count 1 --answers - (warm)", quiz_times, base_times, TARGET)
    print(f"{'first run (cold glossary cache)':<48} {cold * 1000:8.1f} ms")
    ratio = median(quiz_times) / median(base_times)
    return [Figure("quiz: time to first question / python -c 'import click, yaml'",
                   f"≤ {TARGET:.0f}×", ratio, "×", at_most(ratio, TARGET),
                   "학습자가 `kubeclass quiz` 를 쳐서 첫 문제가 나오고 답이 저장되기까지: "
                   "파이썬이 click과 yaml을 불러오는 시간과 비교한 배수.",
                   "How long a learner waits from typing `kubeclass quiz` to the first "
                   "question, answer saved: a multiple of Python importing click and yaml.",
                   f"medians of {runs} interleaved runs, {median(quiz_times) * 1000:.0f} ms vs "
                   f"{median(base_times) * 1000:.0f} ms; first run (cold cache) "
                   f"{cold * 1000:.0f} ms")]


def reviews_saved(env: dict[str, str]) -> int:
    """The number of reviews in the progress file, as ``kubeclass quiz stats`` counts them."""
    import json

    out = subprocess.run([kubeclass_script(), "quiz", "stats", "--json"], env=env, check=True,
                         capture_output=True, text=True).stdout
    return int(json.loads(out)["reviews"])


def figures(quick: bool) -> list[Figure]:
    """The protocol of ``bench/all.py``: quick is one run of each side."""
    return measure(1 if quick else 21)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    print_figures(measure(args.runs))

if __name__ == "__main__":
    main()
