"""Korean and English search on both site engines, the same query list (issue 14).

Builds the bundled site with ``kubeclass site build --engine mkdocs`` and ``--engine
zensical`` and runs every query of ``tests/site/search_cases.py`` (names, abbreviations,
spacing variants, "분리" → 망분리, "ㄱㅅㅎ" → 가상화, particles) through each site's own
search in headless Chromium: Material's search box with the kubeclass worker, and
Zensical's search dialog. Prints, per engine, how many queries have the expected page first,
the mean reciprocal rank, and the misses. The figures go into ``docs/engines.md``.

Run: ``python bench/bench_engine_search.py``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests" / "site"))
from _timing import user_env
from conftest import serve_directory
from search_cases import SEARCH_CASES
from selenium.common.exceptions import StaleElementReferenceException
from site_browser import chrome, result_pages, search, wait_ready, zensical_search

ROOT = Path(__file__).resolve().parent.parent


def evaluate(driver: Any, base: str, find: Callable[[Any, str], list[str]]) -> list[int | None]:
    """The rank of the expected page for every query (None: not found)."""
    ranks: list[int | None] = []
    for query, expected in SEARCH_CASES:
        try:
            links = find(driver, query)
        except StaleElementReferenceException:  # results replaced while being read
            links = find(driver, query)
        found = result_pages(links, base)
        rank = found.index(expected) + 1 if expected in found else None
        ranks.append(rank)
        if rank != 1:
            print(f"  {query!r}: expected {expected}, got {found[:3]}", flush=True)
    return ranks


def main() -> None:
    finders: dict[str, Callable[[Any, str], list[str]]] = {
        "mkdocs": search, "zensical": zensical_search}
    driver = chrome()
    try:
        with tempfile.TemporaryDirectory(prefix="kc-engine-search-") as tmp:
            for engine, find in finders.items():
                out = Path(tmp) / engine
                subprocess.run([sys.executable, "-m", "kubeclass", "site", "build", "--engine",
                                engine, "--site-dir", str(out)], check=True, cwd=ROOT,
                               stdout=subprocess.DEVNULL, env=user_env(NO_MKDOCS_2_WARNING="1"))
                with serve_directory(out) as base:
                    driver.get(base)
                    if engine == "mkdocs":
                        wait_ready(driver)
                    time.sleep(1)
                    print(f"{engine}:", flush=True)
                    ranks = evaluate(driver, base, find)
                hits = sum(1 for r in ranks if r == 1)
                mrr = statistics.fmean(1 / r if r else 0 for r in ranks)
                print(f"{engine:<10} top-1 {hits}/{len(ranks)}  MRR {mrr:.3f}", flush=True)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
