"""Benchmark for the two site engines (issue 14): MkDocs + Material against Zensical.

For the bundled glossary and for a synthetic one (1,000 terms by default, the generator of
``bench_glossary.py``), ``kubeclass site build --engine mkdocs`` and ``--engine zensical``
run in fresh processes, interleaved (a MkDocs build, then a Zensical build, ``--runs``
times), each after one warm-up build of its own, with a cache folder of the benchmark's
own (``KUBECLASS_HOME``). Both go through the whole command: loading the glossary,
generating the pages, the engine, and the lost-page guard. Printed: the medians, the ratio
Zensical / MkDocs of the medians and the median of the pairs' ratios (a pair sees the same
machine on this noisy shared host), and seconds per 1,000 pages.

No target: the figures say what moving to Zensical costs or saves. Zensical builds with
``--clean`` (term links on hand-written pages depend on the glossary, which Zensical's page
cache does not see), so its figure is a full build every time.

Run: ``python bench/bench_engines.py [--runs N] [--terms N]``; ``--quick`` builds the
bundled glossary once per engine (for a bench runner: a smoke run, not a measurement).
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import median, report, user_env
from bench_glossary import make_glossary

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("mkdocs", "zensical")
_PAGES = re.compile(r"built the site: (\d+) pages")


def write_site(content_root: Path) -> Path:
    """A site of the synthetic glossary's own: two hand-written pages (the repo's pages link
    terms the synthetic glossary lacks)."""
    docs = content_root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# 벤치마크\n\n파드와 컨테이너를 다룬다.\n", "utf-8")
    (docs / "tags.md").write_text("# 태그\n\n<!-- material/tags -->\n", "utf-8")
    config = content_root / "mkdocs.yml"
    # Not strict: mkdocs.yml's no_autolink names terms the synthetic glossary lacks.
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: docs\nstrict: false\n"
                      "nav:\n  - index.md\n"
                      "  - glossary/index.md\n  - tags.md\n", "utf-8")
    return config


def build(engine: str, content_root: Path, out: Path, home: Path) -> tuple[float, int]:
    """One build in a fresh process: (wall seconds, pages built)."""
    config = content_root / "mkdocs.yml"
    command = [sys.executable, "-m", "kubeclass", "site", "build", "--engine", engine,
               "--site-dir", str(out), "-f", str(config)]
    env = user_env(KUBECLASS_ROOT=str(content_root), KUBECLASS_HOME=str(home),
                   NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "tools"))
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT,
                          check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{engine} build of {content_root} failed:\n{done.stderr[-2000:]}")
    found = _PAGES.search(done.stdout)
    return took, int(found.group(1)) if found else 0


def compare(name: str, content_root: Path, runs: int, work: Path) -> None:
    """Interleaved builds of both engines; prints medians and ratios."""
    print(f"\n{name}", flush=True)
    home = work / "home"
    times: dict[str, list[float]] = {e: [] for e in ENGINES}
    pages = 0
    for engine in ENGINES:  # warm-up: bytecode, glossary cache, Zensical's first start
        build(engine, content_root, work / f"out-{engine}", home)
    for _ in range(runs):
        for engine in ENGINES:
            took, pages = build(engine, content_root, work / f"out-{engine}", home)
            times[engine].append(took)
    report("MkDocs + Material (kubeclass plugin)", times["mkdocs"])
    report("Zensical (kubeclass generation + extension)", times["zensical"], times["mkdocs"])
    pairs = [z / m for z, m in zip(times["zensical"], times["mkdocs"], strict=True)]
    print(f"{'median of the pairs zensical / mkdocs':<48} {median(pairs):.2f}x  ({pages} pages; "
          f"mkdocs {median(times['mkdocs']) / pages * 1000:.2f} s, zensical "
          f"{median(times['zensical']) / pages * 1000:.2f} s per 1,000 pages)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--terms", type=int, default=1000)
    parser.add_argument("--quick", action="store_true",
                        help="the bundled glossary only, one build per engine")
    args = parser.parse_args()
    if importlib.util.find_spec("zensical") is None:
        sys.exit("Zensical is not installed: pip install -e '.[zensical]'")
    with tempfile.TemporaryDirectory(prefix="kc-engines-") as tmp:
        work = Path(tmp)
        compare("bundled glossary", ROOT, 1 if args.quick else args.runs, work / "real")
        if args.quick:
            return
        synthetic = work / "synthetic"
        make_glossary(synthetic, args.terms)
        write_site(synthetic)
        compare(f"synthetic glossary, {args.terms} terms", synthetic, args.runs, work / "syn")


if __name__ == "__main__":
    main()
