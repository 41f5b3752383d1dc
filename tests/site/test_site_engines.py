"""Both site engines: every term and lab gets a page, and a build that loses any fails.

The guard (kubeclass.site.guard) is tested by disabling generation: a configuration without
the kubeclass plugin builds "successfully" with the hand-written pages only, and
``kubeclass site build`` must fail with exit code 2 naming the pages that are missing.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, make_site, run_kubeclass

from kubeclass.glossary.load import load_glossary
from kubeclass.site.guard import expected_pages, missing_pages

ENGINES = ["mkdocs", pytest.param("zensical", marks=pytest.mark.skipif(
    importlib.util.find_spec("zensical") is None, reason="pip install 'kubeclass[zensical]'"))]


@pytest.fixture(scope="module")
def expected() -> list[str]:
    return [p.src for p in expected_pages(load_glossary().terms, REPO / "labs")]


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
@pytest.mark.parametrize("engine", ENGINES)
def test_every_term_and_lab_has_a_page(engine: str, offline: bool, tmp_path: Path,
                                       expected: list[str]) -> None:
    out = tmp_path / "out"
    done = run_kubeclass("site", "build", "--engine", engine, "--site-dir", str(out),
                         *(["--offline"] if offline else []))
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(rf"built the (offline )?site: \d+ pages in .* \({engine}, ", done.stdout)
    assert len(expected) > 150 and any(src.startswith("labs/") for src in expected)
    assert missing_pages(out, expected_pages(load_glossary().terms, REPO / "labs")) == []
    suffix = "pod.html" if offline else "pod/index.html"
    html = (out / "terms" / suffix).read_text("utf-8")
    assert 'class="kc-term"' in html  # term mentions linked by either engine
    assert "<script>alert" not in html


def _without_plugin(config: Path) -> None:
    text = config.read_text("utf-8")
    config.write_text(text.replace("  - kubeclass:\n      root: .\n", ""), "utf-8")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_build_that_lost_its_pages_fails_naming_them(engine: str, tmp_path: Path) -> None:
    # Only hand-written pages in the navigation: it is the guard that must stop this build.
    config = make_site(tmp_path / "site", nav="  - index.md\n  - tags.md\n")
    _without_plugin(config)
    assert "kubeclass:" not in config.read_text("utf-8")
    # The content root is the site's own tree (no plugin to say so).
    done = run_kubeclass("site", "build", "--engine", engine, "-f", str(config),
                         env={"KUBECLASS_ROOT": str(tmp_path / "site")})
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "missing page: term pod (terms/pod.md)" in done.stderr
    assert "missing page: term virtual-machine (terms/virtual-machine.md)" in done.stderr
    terms = len(load_glossary().terms)
    assert f"site build lost {terms} page(s)" in done.stderr, done.stderr


def test_missing_pages_reads_both_url_styles(tmp_path: Path) -> None:
    expected = expected_pages(["pod", "node"], tmp_path / "no-labs")
    (tmp_path / "terms" / "pod").mkdir(parents=True)
    (tmp_path / "terms" / "pod" / "index.html").write_text("x", "utf-8")
    assert [p.id for p in missing_pages(tmp_path, expected)] == ["node"]
    (tmp_path / "terms" / "node.html").write_text("x", "utf-8")
    assert missing_pages(tmp_path, expected) == []


@pytest.fixture(scope="module")
def zensical_offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("zensical") is None:
        pytest.skip("pip install 'kubeclass[zensical]'")
    out = tmp_path_factory.mktemp("zensical-offline")
    done = run_kubeclass("site", "build", "--engine", "zensical", "--offline", "--site-dir", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_zensical_pages_use_the_kubeclass_search_worker(zensical_offline_site: Path) -> None:
    """Every page names our worker; it loads Zensical's; the index carries the names."""
    workers = zensical_offline_site / "assets" / "javascripts" / "workers"
    for page in ("index.html", "terms/pod.html", "glossary/ga-na-da.html"):
        html = (zensical_offline_site / page).read_text("utf-8")
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)'
                                      r"</script>", html, re.DOTALL).group(1))
        assert config["search"].endswith("workers/kubeclass-search.js"), page
    worker = (workers / "kubeclass-search.js").read_text("utf-8")
    assert "var kubeclassRanking" in worker  # the shared ranking, in front of the wrapper
    zensical = re.search(r'var ZENSICAL_WORKER = "([^"]+)"', worker).group(1)
    assert (workers / zensical).is_file()
    # file:// reads search.js (a script setting the index), http search.json: both named.
    for index_file in ("search.json", "search.js"):
        text = (zensical_offline_site / index_file).read_text("utf-8")
        items = json.loads(text[text.index("{"):text.rindex("}") + 1])["items"]
        named = {i["location"]: i["kc"] for i in items if "kc" in i}
        for term_id in load_glossary().terms:
            assert f"terms/{term_id}.html" in named, (index_file, term_id)
        assert named["terms/pod.html"]["k"][:2] == ["pod", "파드"]
        assert named["setup.html"]["k"][0].startswith("환경구축")  # Zensical's page title


@pytest.mark.browser
def test_zensical_offline_site_works_from_file_with_the_network_blocked(
        zensical_offline_site: Path) -> None:
    """Pages, term links, the diagram and search of the Zensical build, from file://, with
    every other host blocked (the pattern of test_site_offline)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from site_browser import blocked_chrome, console_errors, network_events, result_pages, zensical_search

    driver: Any = blocked_chrome()
    try:
        base = zensical_offline_site.as_uri() + "/"

        def ready(d: Any) -> bool:
            return bool(d.execute_script(
                "return document.readyState === 'complete' && !!document.querySelector("
                "'.md-search__button')"))

        for page in ("index.html", "terms/pod.html", "glossary/ga-na-da.html", "setup.html",
                     "categories/k8s-workloads.html", "labs/first-pod.html", "architecture.html"):
            driver.get(base + page)
            WebDriverWait(driver, 15).until(ready)
        WebDriverWait(driver, 20).until(lambda d: d.execute_script(
            "return !!document.querySelector('div.mermaid, .mermaid svg')"
            " && !document.querySelector('pre.mermaid')"))
        # A term mention links to its page.
        driver.get(base + "terms/pod.html")
        WebDriverWait(driver, 15).until(ready)
        link = driver.find_element(By.CSS_SELECTOR, "article a.kc-term")
        assert link.get_attribute("title")  # the one-sentence definition (tooltip)
        target = link.get_attribute("href")
        assert target.startswith(base + "terms/") and target.endswith(".html")
        link.click()
        WebDriverWait(driver, 15).until(lambda d: d.current_url == target)
        # Names first from file:// too: our worker wraps Zensical's in the iframe shim.
        for query, expected in (("ㄱㅅㅎ", "terms/virtualization.html"),
                                ("가상 머신", "terms/virtual-machine.html"),
                                ("파드", "terms/pod.html"), ("분리", "terms/network-separation.html")):
            found = result_pages(zensical_search(driver, query), base)
            assert found[:1] == [expected], (query, found[:3])

        requests, failed = network_events(driver)
        assert failed == []
        assert [u for u in requests.values() if not u.startswith(("file:", "data:", "blob:"))] == []
        assert console_errors(driver) == []
    finally:
        driver.quit()
