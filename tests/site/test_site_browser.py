"""The built site in a real Chromium: pages, term links, the diagram, search, screenshots."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

import pytest
from search_cases import SEARCH_CASES
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from site_browser import (
    close_search,
    console_errors,
    result_pages,
    search,
    set_scheme,
    site_path,
    wait_ready,
    zensical_search,
)

from kubeclass.glossary.load import load_glossary

pytestmark = pytest.mark.browser

def _open(browser: Any, url: str) -> None:
    console_errors(browser)  # the shared browser's log may hold other tests' messages
    browser.get(url)
    wait_ready(browser)


def test_term_page_shows_both_languages(browser: Any, site_url: str) -> None:
    term = load_glossary().terms["virtual-machine"]
    _open(browser, site_url + "terms/virtual-machine/")
    h1 = browser.find_element(By.CSS_SELECTOR, "article h1").text
    assert term.term.ko in h1 and term.term.en in h1
    assert browser.find_element(By.CSS_SELECTOR, ".kc-short__ko").text == term.short.ko
    assert browser.find_element(By.CSS_SELECTOR, ".kc-short__en").text == term.short.en
    english = browser.find_element(By.CSS_SELECTOR, ".kc-long-en")
    assert english.get_attribute("lang") == "en" and "hypervisor" in english.text
    assert "VM" in browser.find_element(By.CSS_SELECTOR, ".kc-chip--abbr").text
    # Examples are highlighted code with Material's copy button.
    code = browser.find_element(By.CSS_SELECTOR, "article .highlight pre code")
    assert "virsh" in code.text
    assert browser.find_elements(By.CSS_SELECTOR, "article .highlight button[data-md-type=copy]")
    assert console_errors(browser) == []


def test_term_link_in_running_text_navigates(browser: Any, site_url: str) -> None:
    glossary = load_glossary()
    _open(browser, site_url + "architecture/")
    links = browser.find_elements(By.CSS_SELECTOR, "article p a.kc-term")
    assert links, "no term is linked in the running text"
    link = links[0]
    target = site_path(link.get_attribute("href"), site_url)
    term_id = target.split("/")[1]
    # The tooltip is the term's one-sentence definition.
    assert link.get_attribute("title") == glossary.terms[term_id].short.ko
    link.click()
    WebDriverWait(browser, 10).until(lambda d: site_path(d.current_url, site_url) == target)
    wait_ready(browser)
    assert glossary.terms[term_id].term.ko in browser.find_element(By.CSS_SELECTOR, "h1").text
    assert console_errors(browser) == []


def test_particles_link_the_stem(browser: Any, site_url: str) -> None:
    """Home page text: "컨테이너에서" links 컨테이너 and leaves the particle outside."""
    _open(browser, site_url)
    texts = browser.execute_script(
        "return [...document.querySelectorAll('article a.kc-term')]"
        ".map(a => [a.textContent, a.nextSibling ? a.nextSibling.textContent.slice(0, 2) : ''])")
    assert ["컨테이너", "에서"] in texts


def test_architecture_diagram_boxes_link_to_terms(browser: Any, site_url: str) -> None:
    # Material renders Mermaid into a closed shadow root; open it for the test only.
    script = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
        "const attach = Element.prototype.attachShadow;"
        "Element.prototype.attachShadow = function (init) {"
        "  return attach.call(this, Object.assign({}, init, {mode: 'open'})); };")})
    try:
        _open(browser, site_url + "architecture/")
        WebDriverWait(browser, 20).until(lambda d: d.execute_script(
            "const h = document.querySelector('div.mermaid');"
            "return h && h.shadowRoot && h.shadowRoot.querySelectorAll('a').length > 0"))
        hrefs = browser.execute_script(
            "return [...document.querySelector('div.mermaid').shadowRoot.querySelectorAll('a')]"
            ".map(a => a.getAttribute('href') || a.getAttribute('xlink:href'))")
        targets = {site_path(browser.execute_script("return new URL(arguments[0], location).href",
                                                    href), site_url) for href in hrefs}
        for component in ("kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager",
                          "kubelet", "kube-proxy", "container-runtime", "pod"):
            assert f"terms/{component}/" in targets
        # Click the API server's box as a user would (a real click event on the SVG link).
        browser.execute_script(
            "const a = [...document.querySelector('div.mermaid').shadowRoot.querySelectorAll('a')]"
            ".find(a => (a.getAttribute('href') || a.getAttribute('xlink:href'))"
            ".includes('kube-apiserver'));"
            "a.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));")
        WebDriverWait(browser, 10).until(
            lambda d: site_path(d.current_url, site_url) == "terms/kube-apiserver/")
        assert console_errors(browser) == []
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                                {"identifier": script["identifier"]})


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_search_finds_the_right_term_first(browser: Any, engine: str,
                                           request: pytest.FixtureRequest) -> None:
    """Every search case, on the site of each engine: MkDocs + Material's search box
    and Zensical's search dialog, each with the kubeclass worker."""
    if engine == "mkdocs":
        base = request.getfixturevalue("site_url")
        _open(browser, base)
        find = search
    else:
        base = request.getfixturevalue("zensical_site_url")
        console_errors(browser)
        browser.get(base)
        find = zensical_search
    misses = []
    ranks = []
    for query, expected in SEARCH_CASES:
        found = result_pages(find(browser, query), base)
        rank = found.index(expected) + 1 if expected in found else None
        ranks.append(rank)
        if rank != 1:
            misses.append(f"{query!r}: expected {expected}, got {found[:3]}")
    if engine == "mkdocs":
        close_search(browser)
    hits = sum(1 for r in ranks if r == 1)
    mrr = statistics.fmean(1 / r if r else 0 for r in ranks)
    print(f"\nsearch ({engine}): {hits}/{len(SEARCH_CASES)} first, MRR {mrr:.3f}")
    assert len(SEARCH_CASES) >= 20
    assert not misses, "\n".join(misses)
    assert console_errors(browser) == []


def test_enter_opens_the_best_result(browser: Any, site_url: str) -> None:
    from selenium.webdriver.common.keys import Keys

    _open(browser, site_url)
    search(browser, "분리")
    browser.find_element(By.CSS_SELECTOR, "input[data-md-component=search-query]").send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(
        lambda d: site_path(d.current_url, site_url) == "terms/network-separation/")


@pytest.mark.parametrize("page", ["", "terms/pod/"], ids=["home", "term"])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshots(browser: Any, site_url: str, screenshot_dir: Path, page: str,
                     dark: bool) -> None:
    _open(browser, site_url + page)
    set_scheme(browser, dark)
    # Dark mode is really dark, light mode really light: compare the page background.
    background = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    channels = [int(c) for c in background[background.index("(") + 1:-1].split(",")[:3]]
    assert (sum(channels) / 3 < 100) if dark else (sum(channels) / 3 > 200), background
    name = f"{'home' if not page else 'term-pod'}-{'dark' if dark else 'light'}.png"
    path = screenshot_dir / name
    browser.save_screenshot(str(path))
    print(f"\nscreenshot: {path}")
    assert path.stat().st_size > 10_000
    assert console_errors(browser) == []
    set_scheme(browser, False)
