"""The benchmarks' protocol: what a benchmark hands the runner (``bench/all.py``).

A benchmark module ``bench/bench_<name>.py`` exposes

    def figures(quick: bool) -> list[Figure]

which runs the benchmark (``quick``: once, at its smallest size) and returns its figures
as data. It checks its own output for correctness and raises :class:`WrongResult` when it
is wrong (a search that does not find the term, a grade that does not match what was set
up); it raises :class:`Unavailable` when the machine lacks what it needs (no Chromium,
no control plane). A missed target is not an error: it is a figure whose verdict says so.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

OK, MISSED, UNSETTLED, INFO, QUICK = "OK", "MISSED", "NOT SETTLED", "INFO", "n/a (quick)"
VERDICTS = (OK, MISSED, UNSETTLED, INFO, QUICK)


class WrongResult(Exception):
    """The benchmarked code gave a wrong answer: the runner fails."""


class Unavailable(Exception):
    """The machine lacks what the benchmark needs (a binary, a browser): reported, skipped."""


@dataclass(frozen=True)
class Figure:
    """One measured figure, its target and verdict, and what it means to people.

    ``target`` is the target as text (``"≤ 1.5 s"``, ``"≥ 10×"``; empty when the figure is
    shown for information); ``value`` is in ``unit``; ``detail`` says how it was measured
    (medians of how many runs, the baseline); ``meaning_ko`` / ``meaning_en`` say in a
    sentence what the figure means to a learner or an instructor.
    """

    name: str
    target: str
    value: float
    unit: str
    verdict: str
    meaning_ko: str
    meaning_en: str
    detail: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict {self.verdict!r} is not one of {VERDICTS}")

    def shown(self) -> str:
        """The value with its unit, as the table prints it."""
        if self.unit == "×":
            return f"{self.value:.2f}×"
        number = (f"{self.value:.0f}" if self.value == int(self.value)
                  else f"{self.value:.2f}" if abs(self.value) < 10 else f"{self.value:.1f}")
        return f"{number} {self.unit}".strip()

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        return cls(**data)


def at_most(value: float, target: float, *, quick: bool = False) -> str:
    """OK when ``value`` ≤ ``target``; in quick mode (smallest size) no verdict."""
    return QUICK if quick else OK if value <= target else MISSED


def at_least(value: float, target: float, *, quick: bool = False) -> str:
    """OK when ``value`` ≥ ``target``; in quick mode (smallest size) no verdict."""
    return QUICK if quick else OK if value >= target else MISSED


def within(interval: tuple[float, float] | None, value: float, target: float, *,
           quick: bool = False) -> str:
    """For a ratio with a confidence interval: OK or MISSED only when the whole interval
    is on one side of ``target`` (without an interval, the value decides)."""
    if quick:
        return QUICK
    if interval is None:
        return at_most(value, target)
    low, high = interval
    return OK if high <= target else MISSED if low > target else UNSETTLED


def check(condition: bool, message: str) -> None:
    """Raise :class:`WrongResult` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise WrongResult(message)


def print_figures(figures: list[Figure]) -> None:
    """The figures of one benchmark, for its own ``main``."""
    for figure in figures:
        target = f"target {figure.target}: " if figure.target else ""
        print(f"{figure.name}: {figure.shown()} ({target}{figure.verdict})"
              + (f" — {figure.detail}" if figure.detail else ""), flush=True)
