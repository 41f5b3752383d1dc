"""Benchmark for the website build (issue 3): what the kubeclass plugin costs on top of MkDocs.

For the real glossary and for a synthetic 1,000-term glossary, two sites with the same
theme, extensions, search and tags settings are built in fresh processes, interleaved:

- **plugin**: ``mkdocs build`` with the kubeclass plugin generating every page from YAML
  (loading and validating the glossary, generating Markdown, sanitizing, linking term
  mentions, search names, assets);
- **plain**: ``mkdocs build`` without the plugin, of the very same pages written out as
  Markdown files beforehand (the baseline the plugin's cost is measured against);
- **plugin, first build**: the plugin with empty caches, as on a fresh machine or CI runner.

The plugin keeps caches between builds, as ``mkdocs serve`` rebuilds and any build after
the first meet them: the validated glossary and labs (keyed by the files' stats) and the
term mentions found in each page (keyed by a digest of the page). The **plugin** series
is the usual, repeated build, with caches filled by a warm-up build; the **first build**
series starts each run from an empty cache folder, so it pays for everything. Both use a
cache folder of the benchmark's own (``KUBECLASS_HOME``), not the user's.

Target: plugin ≤ 1.10 × plain, for the repeated build and (issue 20) the first. Both sites
must hold the same pages, a page per term among them. Also prints seconds per 1,000 pages.
Both wall time and the CPU time of the build process (user + system) are reported: on a
shared 2-core machine the wall time of one side can double when something else runs, while
CPU time stays put, so the ratio is checked on both. Each plugin build runs right after a
plain one; besides the ratio of the two medians, the median of these pairs' ratios is
printed: on a machine whose speed drifts over minutes, a pair sees the same machine, the
two medians may not. That median comes with its 95 % confidence interval (distribution-
free, from the order of the pairs' ratios), and its verdict is OK or MISSED only when the
whole interval lies on one side of the target; otherwise the run has not settled it and
needs more ``--runs``.

Each build runs through ``_mkdocs_timed.py`` (``mkdocs build`` in-process, for both sites
alike), which also times the plugin's own work inside the build: its import and event
handlers. That figure, against the rest of the same build, is printed last: it holds still
within a per cent where the build-against-build ratios swing by ten on this machine, but
leaves out what the plugin costs MkDocs indirectly, which those ratios include.

With ``--instructions``, the series are not timed: each is built once under valgrind's
cachegrind, which counts the instructions the build executes. On a shared machine whose
speed swings by ten per cent from one build to the next, that count does not: the same
build in the same folders repeats to within 0.001 %, and from one bench run to the next
(other temporary folders) the counts moved by under 0.5 % and the ratios by 0.005. It is a
proxy for time (cache misses and I/O are not instructions), and it covers the whole build
(the plugin's indirect costs too). About 10 minutes on a 2-core machine.

Run: ``python bench/bench_site_build.py [--runs N] [--terms N] [--instructions]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).parent))
from _figures import Figure, check, print_figures, within
from _timing import median, median_interval, report, user_env
from bench_glossary import make_glossary

ROOT = Path(__file__).resolve().parent.parent
TIMED = Path(__file__).resolve().parent / "_mkdocs_timed.py"
TARGET = 1.10
# The plugin's series: key, label, target (issue 20 sets the first build the same target).
PLUGIN_SERIES = (("plugin", "kubeclass plugin", TARGET),
                 ("first", "kubeclass plugin, first build", TARGET))
DOCS = {
    "index.md": "# 벤치마크\n\n파드와 컨테이너, 가상 머신과 서비스를 다룬다.\n",
    "tags.md": "# 태그\n\n<!-- material/tags -->\n",
}
NAV = """nav:
  - index.md
  - glossary/index.md
  - glossary/ga-na-da.md
  - glossary/a-z.md
  - tags.md
"""
SEARCH = """  - search:
      lang: ko
      separator: '[\\s\\-,:!=\\[\\]()"/·.]+'
      pipeline: []
      fields: {title: {boost: 1000}, names: {boost: 200}, text: {boost: 1}, tags: {boost: 10}}
  - tags:
      export: false
"""
_TERM_LINK = re.compile(r"\]\(\s*term:([a-z0-9-]+)\)")


def write_sites(content_root: Path, work: Path) -> tuple[Path, Path, int]:
    """The plugin site and the plain-Markdown site for one glossary; returns (a, b, pages)."""
    from kubeclass.glossary.load import load_glossary
    from kubeclass.site.generators import GeneratorSet, SiteContext, load_extra
    from kubeclass.site.pages import GlossaryPages
    from kubeclass.site.urls import relative_src, term_src

    glossary = load_glossary(content_root / "glossary")
    generators = GeneratorSet([GlossaryPages(), *load_extra(None)])  # as the plugin does
    context = SiteContext(glossary, content_root)
    pages = generators.pages(context)
    # The nav entries the plugin adds (quiz, labs): the plain site lists them too, so that
    # both render the same navigation into every page.
    added = "".join(f"  - {json.dumps(entry.title, ensure_ascii=False)}: {entry.src}\n"
                    for generator in generators.generators for entry in generator.nav(context)
                    if f" {entry.src}\n" not in NAV)
    plugin_site, plain_site = work / "plugin", work / "plain"
    for site in (plugin_site, plain_site):
        for name, text in DOCS.items():
            (site / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
            (site / "docs" / name).write_text(text, "utf-8")
    for page in pages:
        path = plain_site / "docs" / page.src
        path.parent.mkdir(parents=True, exist_ok=True)
        # What the plugin does to term: links, done ahead of time for the plain build.
        markdown = _TERM_LINK.sub(
            lambda m, src=page.src: f"]({relative_src(src, term_src(m.group(1)))})", page.markdown)
        path.write_text(markdown, "utf-8")
    inherit = f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: docs\n{NAV}"
    (plugin_site / "mkdocs.yml").write_text(
        f"{inherit}plugins:\n{SEARCH}  - kubeclass:\n      root: {content_root}\n", "utf-8")
    (plain_site / "mkdocs.yml").write_text(
        f"{inherit}{added}not_in_nav: |\n  /terms/\n  /categories/\n  /quiz/\n  /labs/\n"
        f"plugins:\n{SEARCH}", "utf-8")
    return plugin_site, plain_site, len(pages) + len(DOCS)


class Sample(NamedTuple):
    """One build: wall and CPU seconds of the process; seconds inside the plugin and the
    whole run, as the build process itself measured them."""

    wall: float
    cpu: float
    plugin: float
    run: float


def _build_command(site: Path, home: Path, *, plugin: bool, out: str = "out",
                   **extra_env: str) -> tuple[list[str], dict[str, str]]:
    """The command and environment of one ``mkdocs build`` of ``site`` into ``site / out``,
    kubeclass caches in ``home``."""
    # Bytecode goes to the scratch folder (the warm-up build writes it for both sides).
    env = user_env(NO_MKDOCS_2_WARNING="1", KUBECLASS_OFFLINE="false",
                   PYTHONPYCACHEPREFIX=str(site.parent / "pycache"), KUBECLASS_HOME=str(home),
                   **extra_env)
    argv = [sys.executable, str(TIMED), str(site / "mkdocs.yml"), str(site / out),
            *(["--plugin"] if plugin else [])]
    return argv, env


def build(site: Path, home: Path, *, plugin: bool) -> Sample:
    """One ``mkdocs build`` in a fresh process, kubeclass caches in ``home``."""
    argv, env = _build_command(site, home, plugin=plugin)
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"mkdocs build of {site} failed")
    inside = json.loads(output.decode().strip().splitlines()[-1])
    return Sample(wall, usage.ru_utime + usage.ru_stime, inside["plugin"], inside["run"])


def count_instructions(site: Path, home: Path, *, plugin: bool, out: str) -> int:
    """The instructions one ``mkdocs build`` executes, counted by valgrind's cachegrind.

    A count, not a time: the same build gives the same figure (see above) however busy
    the machine is, so one build per series settles what twenty timed ones cannot. It
    leaves out what instructions do not show (cache misses, waiting on the disk), which
    the timed series include.
    """
    counts = site.parent / f"cachegrind-{out}.out"
    # A fixed hash seed: set and dict orders, and with them the work, are the same each run.
    argv, env = _build_command(site, home, plugin=plugin, out=out, PYTHONHASHSEED="0")
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                           f"--cachegrind-out-file={counts}", *argv],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        # The build's error is near the end, just before valgrind's closing summary.
        sys.exit(f"mkdocs build of {site} under valgrind failed:\n{done.stderr[-3000:]}")
    summary = re.search(r"^summary: (\d+)$", counts.read_text(), re.MULTILINE)
    if summary is None:
        sys.exit(f"no instruction count in {counts}")
    return int(summary.group(1))


def compare_instructions(name: str, work: Path, plugin_site: Path, plain_site: Path,
                         home: Path) -> None:
    """One build per series under valgrind (two at a time: a count does not mind)."""
    jobs = {"plain": (plain_site, home, False), "plugin": (plugin_site, home, True),
            "first": (plugin_site, work / "empty-home-counted", True)}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {key: pool.submit(count_instructions, site, cache, plugin=plugin,
                                    out=f"out-{key}")
                   for key, (site, cache, plugin) in jobs.items()}
        counts = {key: future.result() for key, future in futures.items()}
    print(f"instructions (valgrind), {name}: plain Markdown {counts['plain'] / 1e9:.2f} G",
          flush=True)
    for key, label, target in PLUGIN_SERIES:
        ratio = counts[key] / counts["plain"]
        print(f"   {label}: {counts[key] / 1e9:.2f} G, {ratio:.3f}x the plain build "
              f"({_verdict(ratio, target)})", flush=True)


def same_pages(plugin_out: Path, plain_out: Path, content_root: Path) -> None:
    """Both sites hold the same pages, a page for every term among them: or the bench
    compares builds of different sites (or the plugin lost pages)."""
    from kubeclass.glossary.load import load_glossary
    from kubeclass.site.urls import term_src

    def pages(out: Path) -> set[str]:
        return {str(p.relative_to(out)) for p in out.rglob("index.html")}

    ours, theirs = pages(plugin_out), pages(plain_out)
    check(ours == theirs, f"the plugin site and the plain site differ in pages: "
          f"{sorted(ours ^ theirs)[:10]}")
    terms = {term_src(t).removesuffix(".md") + "/index.html"
             for t in load_glossary(content_root / "glossary").terms}
    check(terms <= ours, f"term pages missing from the plugin site: {sorted(terms - ours)[:10]}")


def compare(name: str, content_root: Path, runs: int, *,
            instructions: bool = False) -> dict[str, list[Sample]]:
    """Build both sites ``runs`` times each, interleaved; print and return the series."""
    with tempfile.TemporaryDirectory(prefix="kc-site-bench-") as tmp:
        work = Path(tmp)
        plugin_site, plain_site, pages = write_sites(content_root, work)
        home = work / "home"
        # Warm the file cache and the bytecode for both, and the plugin's caches.
        build(plugin_site, home, plugin=True), build(plain_site, home, plugin=False)
        same_pages(plugin_site / "out", plain_site / "out", content_root)
        if instructions:
            compare_instructions(f"{name}, {pages} pages", work, plugin_site, plain_site, home)
            return {}
        series: dict[str, list[Sample]] = {"plain": [], "plugin": [], "first": []}
        for run in range(runs):  # interleaved, so drift on a busy machine hits every series
            series["plain"].append(build(plain_site, home, plugin=False))
            series["plugin"].append(build(plugin_site, home, plugin=True))
            series["first"].append(build(plugin_site, work / f"empty-home-{run}", plugin=True))
        print(f"== {name}: {pages} pages")
        for kind in ("wall", "cpu"):
            base = [getattr(sample, kind) for sample in series["plain"]]
            report(f"{kind}: mkdocs build, plain Markdown", base)
            for key, label, target in PLUGIN_SERIES:
                _compare_series(kind, label, [getattr(s, kind) for s in series[key]], base,
                                pages, target)
        for key, label, target in PLUGIN_SERIES:
            _inside(label, series[key], target)
    return series


def _verdict(ratio: float, target: float | None,
             interval: tuple[float, float] | None = None) -> str:
    """Whether ``ratio`` meets ``target``; with an ``interval`` (the ratio's confidence
    interval), only when the whole interval is on one side of the target."""
    if target is None:
        return "for information: the target is the repeated build"
    if interval is None:
        return f"target <= {target}x: {'OK' if ratio <= target else 'MISSED'}"
    low, high = interval
    verdict = ("OK" if high <= target else "MISSED" if low > target
               else "not settled: the interval spans the target, run more (--runs)")
    return f"target <= {target}x: {verdict}"


def _compare_series(kind: str, label: str, ours: list[float], base: list[float], pages: int,
                    target: float | None) -> None:
    """Report one plugin series against the plain builds of the same run."""
    report(f"{kind}: mkdocs build, {label}", ours, base, target)
    ratios = [o / b for o, b in zip(ours, base, strict=True)]
    paired, interval = median(ratios), median_interval(ratios)
    spread = f", 95 % interval {interval[0]:.2f}-{interval[1]:.2f}x" if interval else ""
    print(f"   {kind}: median of the {len(ours)} pairs' ratios {paired:.2f}x{spread} "
          f"({_verdict(paired, target, interval)})")
    cost = median(ours) - median(base)
    print(f"   {kind}: plain {median(base) / pages * 1000:5.2f} s, plugin "
          f"{median(ours) / pages * 1000:5.2f} s per 1,000 pages; plugin's own cost "
          f"{cost:+.2f} s ({cost / median(base) * 100:+.1f} %)", flush=True)


def _inside(label: str, samples: list[Sample], target: float | None) -> None:
    """The plugin's own time as each build process measured it, against the rest of the
    same build: a machine that slows down slows both alike, so this ratio holds still
    where the ratio of two builds moves by ten per cent from one run to the next. It
    leaves out what the plugin costs MkDocs indirectly (bigger pages to index and write),
    which the build-against-build ratios above include."""
    ratios = [s.plugin / (s.run - s.plugin) for s in samples]
    ratio = 1 + median(ratios)
    print(f"inside the builds, {label}: plugin {median([s.plugin for s in samples]) * 1000:.0f} ms"
          f" of {median([s.run for s in samples]) * 1000:.0f} ms; {ratio:.3f}x the rest of the "
          f"build (min {1 + min(ratios):.3f}x, max {1 + max(ratios):.3f}x; "
          f"{_verdict(ratio, target)})", flush=True)


def _paired(series: dict[str, list[Sample]], key: str) -> tuple[float, tuple[float, float] | None]:
    """The median of the pairs' wall-time ratios (plugin series ``key`` / plain), and its
    95 % interval."""
    ratios = [o.wall / b.wall for o, b in zip(series[key], series["plain"], strict=True)]
    return median(ratios), median_interval(ratios)


def measure(runs: int, terms: int, *, real: bool = True, quick: bool = False) -> list[Figure]:
    """The real glossary (unless not ``real``) and a synthetic one of ``terms`` terms."""
    out = []
    if real:
        series = compare("real glossary", ROOT, runs)
        ratio, interval = _paired(series, "plugin")
        out.append(Figure("site build / plain MkDocs, real glossary", f"≤ {TARGET:.2f}×", ratio, "×",
                          within(interval, ratio, TARGET, quick=quick),
                          "이 저장소의 용어집으로 사이트를 다시 만들 때, 같은 쪽을 그냥 MkDocs로 "
                          "만드는 것보다 얼마나 더 걸리는가.",
                          "Rebuilding the site of this repository's glossary, against plain "
                          "MkDocs building the same pages.",
                          _interval_text(runs, interval)))
    with tempfile.TemporaryDirectory(prefix="kc-site-synthetic-") as tmp:
        make_glossary(Path(tmp), terms)
        series = compare(f"synthetic glossary, {terms} terms", Path(tmp), runs)
    for key, label, meaning_ko, meaning_en in (
            ("plugin", "repeated", "용어 1,000개 사이트를 다시 만들 때 (캐시가 있을 때) 플러그인이 "
             "더하는 시간.", "What the plugin adds to a rebuild of a 1,000-term site "
             "(caches filled)."),
            ("first", "first", "새 기계나 CI에서 처음 만들 때 (캐시가 비었을 때) 플러그인이 더하는 시간.",
             "What the plugin adds to the first build on a fresh machine or CI runner "
             "(empty caches).")):
        ratio, interval = _paired(series, key)
        out.append(Figure(f"site build / plain MkDocs, {terms} terms, {label} build",
                          f"≤ {TARGET:.2f}× at 1,000 terms", ratio, "×",
                          within(interval, ratio, TARGET, quick=quick), meaning_ko, meaning_en,
                          _interval_text(runs, interval)
                          + f"; plain build {median([s.wall for s in series['plain']]):.1f} s"))
    return out


def _interval_text(runs: int, interval: tuple[float, float] | None) -> str:
    spread = f", 95 % interval {interval[0]:.2f}–{interval[1]:.2f}×" if interval else ""
    return f"median of {runs} paired builds' wall-time ratios{spread}"


def figures(quick: bool) -> list[Figure]:
    """The protocol of ``bench/all.py``: quick is one build of each kind at 30 terms."""
    if quick:
        return measure(1, 30, real=False, quick=True)
    # 7 paired runs (15 by hand): the fewest whose min and max bracket the median with
    # 95 % (98.4 %), so that the full run of every benchmark stays near half an hour.
    return measure(7, 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--terms", type=int, default=1000)
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions under valgrind instead of timing builds")
    args = parser.parse_args()
    if args.instructions:
        if shutil.which("valgrind") is None:
            sys.exit("--instructions needs valgrind (Debian package valgrind)")
        compare("real glossary", ROOT, args.runs, instructions=True)
        with tempfile.TemporaryDirectory(prefix="kc-site-synthetic-") as tmp:
            make_glossary(Path(tmp), args.terms)
            compare(f"synthetic glossary, {args.terms} terms", Path(tmp), args.runs,
                    instructions=True)
        return
    print_figures(measure(args.runs, args.terms))

if __name__ == "__main__":
    main()
