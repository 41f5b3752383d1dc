#!/usr/bin/env python3
"""Benchmark: hostile glossary files are refused at once (issue 15).

Each case is a small valid glossary plus one hostile term file; ``kubeclass glossary check
--root <tmp>`` runs on it in a subprocess of its own. Cases:

- ``billion-laughs``: a term file ending in ten lines of anchors and aliases, each list
  repeating the previous one nine times (10^10 strings once expanded);
- ``nested-mappings``: the same with mappings of nine keys;
- ``merge-keys``: the same with ``<<`` merge keys;
- ``scalar-50mb``: one 50 MB string;
- ``depth-10000``: lists nested 10,000 deep.

The baseline is the same glossary with a clean term in place of the hostile one, checked
in the same run. Per case it prints the exit code, whether ``file:line`` of the first
hostile line is named, the median wall time and the peak memory (the child's
``ru_maxrss`` from ``wait4``; it includes the few MB of this script the child had
between fork and exec, printed as the floor), and a verdict against the target: exit 2,
file:line, < 1 s and < 100 MB. A child is capped at 2 GiB of address space, so a regression fails
(``MemoryError``) instead of taking the shared machine down.

    python bench/bench_hostile_yaml.py [--runs 5] [--quick]

``--quick`` runs every case once. Exits 1 when a case misses its target.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import kubeclass_script, user_env
from bench_glossary import make_glossary

CLEAN_TERMS = 20
"""Clean terms beside the hostile one: a glossary, not a lone file."""
TARGET_SECONDS = 1.0
TARGET_MB = 100.0
CHILD_ADDRESS_SPACE = 2 << 30
HOSTILE_FILE = "glossary/container/hostile.yaml"

_TERM_HEAD = """\
id: hostile
term: {ko: 적대적, en: Hostile}
category: container
level: beginner
short: {ko: 짧은 설명이다., en: A short text.}
long: {ko: 긴 설명이다., en: A long text.}
"""
_HEAD_LINES = _TERM_HEAD.count("\n")


@dataclass(frozen=True)
class Case:
    """One hostile term file (made on demand: one is 50 MB) and the line its refusal
    must name."""

    name: str
    make: Callable[[], str]
    line: int

    def text(self) -> str:
        """The term file's text."""
        return _TERM_HEAD + self.make()


def _chain(container: Callable[[list[str]], str]) -> str:
    """Ten lines ``lN: &lN <container>``, each holding the previous line's alias nine times."""
    lines = [f"l0: &l0 {container(['lol'] * 9)}"]
    lines += [f"l{n}: &l{n} {container([f'*l{n - 1}'] * 9)}" for n in range(1, 10)]
    return "\n".join(lines) + "\n"


def _listing(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _mapping(items: list[str]) -> str:
    return "{" + ", ".join(f"k{i}: {item}" for i, item in enumerate(items)) + "}"


def _merging(items: list[str]) -> str:
    return "{" + ", ".join(f"k{i}: {item}" for i, item in enumerate(items[1:])) + \
        f", <<: {items[0]}}}"


def cases() -> list[Case]:
    """The hostile term files, each with the 1-based line its refusal must name."""
    first = _HEAD_LINES + 1
    deep = 10_000
    return [
        Case("billion-laughs", lambda: _chain(_listing), first),
        Case("nested-mappings", lambda: _chain(_mapping), first),
        Case("merge-keys", lambda: _chain(_merging), first),
        # A 50 MB line right after the head: the file passes 1 MiB on it.
        Case("scalar-50mb", lambda: "examples: " + "x" * 50_000_000 + "\n", first),
        Case("depth-10000", lambda: "aka: " + "[" * deep + "]" * deep + "\n", first),
    ]


def make_case(root: Path, text: str | None) -> None:
    """A glossary under ``root`` of :data:`CLEAN_TERMS` clean terms plus, with ``text``,
    the hostile term file; without it, one more clean term in its place (the baseline)."""
    make_glossary(root, CLEAN_TERMS + (0 if text else 1))
    if text is not None:
        (root / HOSTILE_FILE).write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Run:
    """One ``glossary check`` in a fresh process."""

    exit_code: int
    output: str
    seconds: float
    peak_mb: float


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_ADDRESS_SPACE, CHILD_ADDRESS_SPACE))


def check(root: Path, timeout: float = 120.0) -> Run:
    """Run ``kubeclass --root root glossary check`` (in ``root``, so paths read
    ``glossary/...``) and measure it; the peak memory is that child's alone (``wait4``:
    ``RUSAGE_CHILDREN`` would give the largest child so far)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen([kubeclass_script(), "--root", str(root), "glossary", "check"],
                                 cwd=root, env=user_env(), stdout=out, stderr=subprocess.STDOUT,
                                 preexec_fn=_cap_memory)
        killer = threading.Timer(timeout, child.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    return Run(child.returncode, output, seconds, usage.ru_maxrss / 1024)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="run every case once")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else max(1, args.runs)
    missed = 0
    with tempfile.TemporaryDirectory(prefix="kubeclass-hostile-") as tmp:
        base = Path(tmp) / "baseline"
        make_case(base, None)
        print(f"== kubeclass glossary check: {CLEAN_TERMS} clean terms + one hostile file "
              f"(target: exit 2, file:line, < {TARGET_SECONDS:g} s, < {TARGET_MB:g} MB)")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"(this script's own peak, a floor for every child's figure: {own:.1f} MB)")
        baseline = [check(base) for _ in range(runs)]
        base_s = statistics.median(r.seconds for r in baseline)
        print(f"{'baseline (clean term)':<18} exit {baseline[0].exit_code}  "
              f"median {base_s * 1000:7.1f} ms  peak {max(r.peak_mb for r in baseline):6.1f} MB")
        for case in cases():
            root = Path(tmp) / case.name
            make_case(root, case.text())  # not kept: a forked child would count it
            results = [check(root) for _ in range(runs)]
            seconds = statistics.median(r.seconds for r in results)
            peak = max(r.peak_mb for r in results)
            codes = sorted({r.exit_code for r in results})
            named = all(f"{HOSTILE_FILE}:{case.line}:" in r.output for r in results)
            ok = codes == [2] and named and seconds < TARGET_SECONDS and peak < TARGET_MB
            missed += not ok
            print(f"{case.name:<18} exit {','.join(map(str, codes))}  "
                  f"file:line {'yes' if named else 'NO'}  median {seconds * 1000:7.1f} ms "
                  f"({seconds / base_s:.2f}x baseline)  peak {peak:6.1f} MB  "
                  f"{'OK' if ok else 'MISSED'}", flush=True)
            if not named:
                print("    " + results[0].output.strip().splitlines()[0][:200]
                      if results[0].output.strip() else "    (no output)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
