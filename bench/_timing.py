"""Shared timing helpers for the benchmarks: medians of wall time over repeated runs."""

from __future__ import annotations

import math
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence


def user_env(**extra: str) -> dict[str, str]:
    """The environment for a timed process, with bytecode as on a user's machine.

    Some machines set PYTHONDONTWRITEBYTECODE; then every run of the editable install
    recompiles kubeclass from source, while the libraries it is compared with load their
    installed bytecode. Without it, the first (warm-up) run writes the bytecode.
    """
    import os

    env = {**os.environ, **extra}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def time_command(argv: Sequence[str], runs: int, **kwargs: object) -> list[float]:
    """Wall times (seconds) of ``runs`` executions of a command; it must exit 0.

    Runs in :func:`user_env` unless ``env`` is given."""
    kwargs.setdefault("env", user_env())
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]
        out.append(time.perf_counter() - start)
    return out


def time_call(fn: Callable[[], object], runs: int) -> list[float]:
    """Wall times (seconds) of ``runs`` calls of ``fn``."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def kubeclass_script() -> str:
    """The installed ``kubeclass`` console script beside this interpreter.

    Not ``shutil.which``: on pyenv machines that finds a bash shim that adds ~100 ms of
    its own to every run, which is not kubeclass's start-up.
    """
    import sys
    import sysconfig
    from pathlib import Path

    script = Path(sysconfig.get_path("scripts")) / "kubeclass"
    if not script.exists():
        sys.exit("kubeclass is not installed for this interpreter (pip install -e .)")
    return str(script)


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def median_interval(samples: Sequence[float], level: float = 0.95) -> tuple[float, float] | None:
    """A confidence interval for the median of what ``samples`` were drawn from, or None
    when there are too few of them for ``level``.

    Distribution-free (the binomial order-statistic interval): the k-th smallest and k-th
    largest sample bracket the median with probability at least ``level``, whatever the
    shape of the noise; build times on a shared machine are anything but normal.
    """
    n = len(samples)
    tail, k = 0.0, 0
    while (tail := tail + math.comb(n, k) / 2 ** n) <= (1 - level) / 2:
        k += 1
    if k == 0:
        return None
    ordered = sorted(samples)
    return ordered[k - 1], ordered[n - k]


def report(name: str, samples: Sequence[float], baseline: Sequence[float] | None = None,
           target: float | None = None) -> str:
    """One line: median, spread, and the ratio to a baseline measured in the same run."""
    line = f"{name:<48} median {median(samples) * 1000:8.1f} ms  (min {min(samples) * 1000:.1f}, " \
           f"max {max(samples) * 1000:.1f}, n={len(samples)})"
    if baseline:
        ratio = median(samples) / median(baseline)
        line += f"  ratio {ratio:.2f}x"
        if target is not None:
            line += f" (target <= {target}x: {'OK' if ratio <= target else 'MISSED'})"
    print(line, flush=True)
    return line
