"""Run every benchmark (``bench/bench_*.py``) and print one table of their figures.

    python bench/all.py            # full run; writes docs/performance.md
    python bench/all.py --quick    # each benchmark once at its smallest size (the test command)
    python bench/all.py --only site_serve glossary

Each benchmark runs in a process of its own (``python bench/all.py --child NAME``), which
calls the module's ``figures(quick)`` and hands the figures back as JSON in a file (the
protocol: ``bench/_figures.py``, ``bench/README.md``). A module without ``figures`` is run
as a script, ``python bench/bench_NAME.py`` (with ``--quick`` in the quick mode when the
script takes that option), and only its exit code counts.

Exit code 1 when a benchmark crashed or gave a wrong result; a missed target is reported
in the table, never an error (these machines are shared and noisy). A full run of every
benchmark with no failure writes the performance page (``--no-page``: do not).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _figures import Figure, Unavailable, WrongResult
from _page import PAGE, BenchResult, RunInfo, parse, render

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# Exit codes of a child process: the benchmark's answer was wrong / it could not run here.
WRONG, UNAVAILABLE = 3, 4


def discover() -> list[str]:
    """The benchmarks' names: ``bench/bench_<name>.py`` → ``<name>``, sorted."""
    return sorted(p.stem.removeprefix("bench_") for p in BENCH.glob("bench_*.py"))


def follows_protocol(name: str) -> bool:
    """Whether ``bench_<name>.py`` defines ``figures`` (read, not imported: a script not on
    the protocol may do its work on import)."""
    import ast

    tree = ast.parse((BENCH / f"bench_{name}.py").read_text("utf-8"))
    return any(isinstance(node, ast.FunctionDef) and node.name == "figures" for node in tree.body)


def child(name: str, quick: bool, out: Path) -> int:
    """In the child process: run one benchmark's ``figures`` and write them to ``out``."""
    import importlib

    run = importlib.import_module(f"bench_{name}").figures
    try:
        figures: list[Figure] = run(quick)
    except WrongResult as exc:
        out.write_text(json.dumps({"error": f"wrong result: {exc}"}), "utf-8")
        return WRONG
    except Unavailable as exc:
        out.write_text(json.dumps({"error": str(exc)}), "utf-8")
        return UNAVAILABLE
    out.write_text(json.dumps({"figures": [f.to_dict() for f in figures]},
                              ensure_ascii=False), "utf-8")
    return 0


def _run_process(argv: list[str], stream: bool) -> tuple[int, str]:
    """Run ``argv`` from the repository root; (exit code, the tail of its output)."""
    tail: collections.deque[str] = collections.deque(maxlen=40)
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors="replace")
    assert proc.stdout is not None
    for line in proc.stdout:
        tail.append(line)
        if stream:
            print(f"    {line}", end="", flush=True)
    return proc.wait(), "".join(tail)


def run_one(name: str, quick: bool, stream: bool) -> BenchResult:
    """One benchmark in a fresh process: its figures, or why there are none."""
    start = time.perf_counter()
    if not follows_protocol(name):
        # Not on the protocol yet: run as a script, the exit code is all there is.
        script = BENCH / f"bench_{name}.py"
        # A script that takes --quick gets it: run without, it would measure at full size.
        small = ["--quick"] if quick and '"--quick"' in script.read_text("utf-8") else []
        code, tail = _run_process([sys.executable, str(script), *small], stream)
        return BenchResult(name, "ran" if code == 0 else "failed", [],
                           "" if code == 0 else f"exit {code}\n{tail}", time.perf_counter() - start)
    with tempfile.TemporaryDirectory(prefix="kubeclass-bench-all-") as tmp:
        out = Path(tmp) / "figures.json"
        argv = [sys.executable, str(BENCH / "all.py"), "--child", name, "--out", str(out),
                *(["--quick"] if quick else [])]
        code, tail = _run_process(argv, stream)
        data = json.loads(out.read_text("utf-8")) if out.exists() else {}
    seconds = time.perf_counter() - start
    if code == 0 and "figures" in data:
        return BenchResult(name, "ok", [Figure.from_dict(f) for f in data["figures"]], "",
                           seconds)
    if code == UNAVAILABLE:
        return BenchResult(name, "skipped", [], data.get("error", ""), seconds)
    return BenchResult(name, "failed", [], data.get("error") or f"exit {code}\n{tail}", seconds)


def table(results: list[BenchResult]) -> str:
    """The one table: benchmark, figure, target, measured value, verdict."""
    rows = [("benchmark", "figure", "target", "measured", "verdict")]
    for result in results:
        for figure in result.figures:
            rows.append((result.name, figure.name, figure.target or "—", figure.shown(),
                         figure.verdict))
        if not result.figures:
            rows.append((result.name, "—", "—", "—", result.status.upper()))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def machine(started: datetime, seconds: float, quick: bool, loads: list[float]) -> RunInfo:
    """What the page says about the run: when, on what, how loaded."""
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                    if line.startswith("model name")), "")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                            capture_output=True).stdout.strip()
    return RunInfo(date=started.strftime("%Y-%m-%d %H:%M UTC"), cores=os.cpu_count() or 0,
                   cpu=cpu or platform.processor(), python=platform.python_version(),
                   commit=commit, minutes=round(seconds / 60, 1), quick=quick,
                   load=round(max(loads), 2))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="each benchmark once at its smallest size; no page")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="these benchmarks only (bench_NAME.py); no page")
    parser.add_argument("--no-page", action="store_true", help="do not write the page")
    parser.add_argument("--page", type=Path, default=ROOT / PAGE, help="where the page goes")
    parser.add_argument("--rerender", action="store_true",
                        help="write the page again from the run it carries (after a change of "
                        "the page's format), run nothing")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="show the benchmarks' own output (always shown on failure)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.quick, args.out)
    if args.rerender:
        args.page.write_text(render(*parse(args.page.read_text("utf-8"))), "utf-8")
        print(f"wrote {args.page} again from the run it carries")
        return 0

    names = discover()
    unknown = sorted(set(args.only or ()) - set(names))
    if unknown:
        parser.error(f"no benchmark {', '.join(unknown)} (have: {', '.join(names)})")
    chosen = [n for n in names if n in set(args.only or names)]
    started, start = datetime.now(UTC), time.perf_counter()
    loads = [os.getloadavg()[0]]
    results = []
    mode = "quick" if args.quick else "full"
    for name in chosen:
        print(f"== bench_{name} ({mode})", flush=True)
        result = run_one(name, args.quick, args.verbose or not args.quick)
        loads.append(os.getloadavg()[0])
        print(f"   {result.status} in {result.seconds:.0f} s", flush=True)
        if result.status in ("failed", "skipped"):
            print("   " + result.message.replace("\n", "\n   "), flush=True)
        results.append(result)
    seconds = time.perf_counter() - start
    print()
    print(table(results))
    failed = [r.name for r in results if r.status == "failed"]
    print(f"\n{len(results)} benchmarks in {seconds:.0f} s ({mode}); "
          + (f"FAILED: {', '.join(failed)}" if failed else "none failed")
          + "; missed targets are reported above, not errors")
    if not (args.quick or args.only or args.no_page or failed):
        info = machine(started, seconds, args.quick, loads)
        args.page.write_text(render(info, results), "utf-8")
        print(f"wrote {args.page}")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # a crash of the runner itself: show it, fail
        traceback.print_exc()
        sys.exit(1)
