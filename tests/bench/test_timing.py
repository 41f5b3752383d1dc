"""The benchmarks' statistics: the confidence interval behind the site bench's verdict."""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from _timing import median, median_interval


def _coverage(n: int, k: int) -> float:
    """The probability that the k-th smallest and k-th largest of n samples bracket the median."""
    return 1 - 2 * sum(math.comb(n, i) for i in range(k)) / 2 ** n


def test_interval_is_the_widest_order_statistics_that_keep_the_level() -> None:
    # n = 21: the 6th smallest and 6th largest (coverage 97.3 %); the 7th would give 92.2 %.
    assert median_interval([float(i) for i in range(1, 22)]) == (6.0, 16.0)
    assert _coverage(21, 6) >= 0.95 > _coverage(21, 7)
    assert median_interval([float(i) for i in range(1, 16)]) == (4.0, 12.0)
    assert _coverage(15, 4) >= 0.95 > _coverage(15, 5)
    assert median_interval([float(i) for i in range(1, 10)]) == (2.0, 8.0)


def test_too_few_samples_give_no_interval() -> None:
    # Five samples bracket the median with 93.75 % at best: below the level asked for.
    assert median_interval([1.0, 2.0, 3.0, 4.0, 5.0]) is None
    assert median_interval([1.0, 2.0, 3.0, 4.0, 5.0], level=0.9) == (1.0, 5.0)


def test_interval_does_not_depend_on_sample_order_and_holds_the_median() -> None:
    rng = random.Random(7)
    samples = [rng.lognormvariate(0, 0.3) for _ in range(15)]
    interval = median_interval(samples)
    assert interval is not None
    assert interval == median_interval(sorted(samples, reverse=True))
    assert interval[0] <= median(samples) <= interval[1]


def test_interval_covers_the_true_median_about_as_often_as_promised() -> None:
    # Skewed noise, as build times on a shared machine: the promise holds whatever the shape.
    rng = random.Random(11)
    true_median = 1.0  # of lognormal(0, s)
    trials = 2000
    hits = 0
    for _ in range(trials):
        interval = median_interval([rng.lognormvariate(0, 0.5) for _ in range(15)])
        assert interval is not None
        hits += interval[0] <= true_median <= interval[1]
    assert hits / trials >= 0.95 - 0.02  # 96.5 % promised; allow for the 2,000 trials' own noise
