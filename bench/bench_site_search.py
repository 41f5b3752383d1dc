"""How well does the site's search find the right term? (issue 3, "measure it")

Builds the same pages (the real glossary) three ways and runs the query list of the
browser test (``tests/site/search_cases.py``: Korean and English names, abbreviations,
spacing variants, Korean infixes such as "분리" → 망분리, 초성) through each site's own
search in headless Chromium:

1. Material's defaults for Korean (``search: {lang: ko}``);
2. plus the separator the issue suggests (``[\\s\\-,:!=\\[\\]()"/·.]+``);
3. the kubeclass plugin: that separator plus particle splitting, a boosted ``names`` field,
   and the kubeclass search worker that puts name matches (exact, prefix, infix, 초성) first.

Prints, per set-up, how many queries have the expected page first, the mean reciprocal
rank, and the median time from typing to results.

The kubeclass plugin must put every query's term first (as the browser tests demand), or
the benchmark fails.

Run: ``python bench/bench_site_search.py``.
"""

from __future__ import annotations

import functools
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

# The browser helpers and the query list are the tests' own (tests/site_browser.py,
# tests/site/search_cases.py): the bench searches as the browser tests do.
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests" / "site"))
from _figures import Figure, Unavailable, check, print_figures
from bench_site_build import ROOT, SEARCH, write_sites
from search_cases import SEARCH_CASES

DEFAULT_SEARCH = "  - search:\n      lang: ko\n  - tags:\n      export: false\n"
ISSUE_SEPARATOR = ("  - search:\n      lang: ko\n      separator: '[\\s\\-,:!=\\[\\]()\"/·.]+'\n"
                   "  - tags:\n      export: false\n")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def build(site: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KUBECLASS_OFFLINE": "false"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(site / "mkdocs.yml"),
                    "-d", str(site / "out")], check=True, env=env, stdout=subprocess.DEVNULL)
    return site / "out"


def cases(out: Path) -> list[tuple[str, str]]:
    """The queries whose expected page exists in this site (the bench has no set-up page)."""
    return [(q, e) for q, e in SEARCH_CASES if (out / e / "index.html").is_file()]


def evaluate(driver: Any, out: Path) -> tuple[int, float, float, list[str]]:
    """(first-place hits, MRR, median seconds per query, misses) on one built site."""
    from site_browser import search, site_path, wait_ready

    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        driver.get(base)
        wait_ready(driver)
        ranks, times, misses = [], [], []
        for query, expected in cases(out):
            start = time.perf_counter()
            found = [site_path(url, base) for url in search(driver, query)]
            times.append(time.perf_counter() - start)
            rank = found.index(expected) + 1 if expected in found else None
            ranks.append(rank)
            if rank != 1:
                misses.append(f"{query} → {found[0] if found else 'nothing'}")
        hits = sum(1 for r in ranks if r == 1)
        mrr = statistics.fmean(1 / r if r else 0.0 for r in ranks)
        return hits, mrr, statistics.median(times), misses
    finally:
        server.shutdown()
        server.server_close()


def measure(*, baselines: bool = True) -> list[Figure]:
    """The kubeclass plugin's search (and, with ``baselines``, Material's two set-ups)."""
    import pytest
    from site_browser import CHROMEDRIVER, CHROMIUM, chrome

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        raise Unavailable("Chromium is not installed (apt-get install chromium chromium-driver)")
    out: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="kc-search-bench-") as tmp:
        plugin_site, plain_site, pages = write_sites(ROOT, Path(tmp))
        config = (plain_site / "mkdocs.yml").read_text("utf-8")
        setups: list[tuple[str, Path]] = []
        for name, search_config in (("Material default (lang: ko)", DEFAULT_SEARCH),
                                    ("+ the issue's separator", ISSUE_SEPARATOR))[
                                        :2 if baselines else 0]:
            variant = Path(tmp) / f"variant-{len(setups)}"
            variant.mkdir()
            (variant / "docs").symlink_to(plain_site / "docs", target_is_directory=True)
            (variant / "mkdocs.yml").write_text(config.replace(SEARCH, search_config), "utf-8")
            setups.append((name, build(variant)))
        setups.append(("kubeclass plugin", build(plugin_site)))
        try:
            driver = chrome()
        except pytest.skip.Exception as exc:
            raise Unavailable(str(exc)) from exc
        try:
            total = len(cases(setups[-1][1]))
            print(f"{total} queries over {pages} pages; first place / MRR / "
                  "median time to results")
            for name, site in setups:
                hits, mrr, seconds, misses = evaluate(driver, site)
                print(f"{name:<30} {hits:>3}/{total} first   MRR {mrr:.3f}   "
                      f"{seconds * 1000:6.0f} ms", flush=True)
                if misses:
                    print("    missed: " + "; ".join(misses[:12])
                          + (" …" if len(misses) > 12 else ""))
                ours = name == "kubeclass plugin"
                if ours:
                    # The browser tests hold the plugin to every query: a miss is a bug.
                    check(hits == total, f"kubeclass search missed {total - hits} of {total} "
                          f"queries: {'; '.join(misses)}")
                out.append(Figure(
                    f"search: expected term first, {name}", f"{total}/{total}" if ours else "",
                    hits, f"/ {total}", "OK" if ours else "INFO",
                    "학습자가 한국어 이름, 영어 이름, 약어, 띄어쓰기가 다른 말, 초성(ㄱㅅㅎ)으로 "
                    "찾을 때 찾던 용어가 맨 위에 나오는 검색어의 수." if ours else
                    "같은 쪽을 Material의 기본 검색으로 찾을 때: 비교 기준.",
                    "How many of a learner's searches (Korean or English names, abbreviations, "
                    "spacing variants, initial consonants) put the term sought first."
                    if ours else "The same pages with Material's own search: the baseline.",
                    f"MRR {mrr:.3f}, median {seconds * 1000:.0f} ms from typing to results, "
                    f"{pages} pages"))
        finally:
            driver.quit()
    return out


def figures(quick: bool) -> list[Figure]:
    """The protocol of ``bench/all.py``: quick is the kubeclass plugin's search only."""
    return measure(baselines=not quick)


def main() -> None:
    print_figures(measure())

if __name__ == "__main__":
    main()
