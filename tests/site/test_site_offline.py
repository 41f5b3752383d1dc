"""The air-gapped build (망분리): nothing from another host, in the files and in the browser."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import material
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from site_browser import blocked_chrome, console_errors, network_events, search, site_path, wait_ready

from kubeclass.site.offline import BUNDLE_REWRITES, external_references, patch_bundle

# Hosts whose URLs appear in shipped JavaScript only inside message text or comments
# (e.g. "please report this issue at https://github.com/…"), never as a URL on its own.
# The test below extracts *bare* URL string literals, which is what a loader needs.
_BARE_URL_LITERAL = re.compile(r"""(["'`])((?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^"'`\s]*)\1""")
_XML_NAMESPACE = re.compile(r"^https?://www\.w3\.org/")
_HTML_LOAD = re.compile(
    r"<(script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?\s(src|href|srcset|data)"
    r"""\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""", re.IGNORECASE)
_CSS_LOAD = re.compile(r"""(?:url\(\s*["']?|@import\s+["']?)((?:https?:)?//[^"')\s]+)""", re.I)


def _strip_js_comments(text: str) -> str:
    return re.sub(r"/\*.*?\*/|(?<![:\"'\\])//[^\n]*", "", text, flags=re.DOTALL)


def test_no_file_loads_anything_from_another_host(offline_site_dir: Path) -> None:
    """An independent scan of every emitted HTML, CSS and JavaScript file."""
    found = []
    for path in offline_site_dir.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text("utf-8", errors="replace")
        shown = path.relative_to(offline_site_dir)
        if path.suffix == ".html":
            found += [f"{shown}: <{m[0]} {m[1]}={m[2]}>" for m in _HTML_LOAD.findall(text)]
            found += [f"{shown}: style url({u})" for u in _CSS_LOAD.findall(text)]
        elif path.suffix == ".css":
            found += [f"{shown}: url({u})" for u in _CSS_LOAD.findall(text)]
        else:
            for _, url in _BARE_URL_LITERAL.findall(_strip_js_comments(text)):
                if not _XML_NAMESPACE.match(url):
                    found.append(f"{shown}: {url}")
    assert found == []
    # The plugin's own checker agrees.
    assert external_references(offline_site_dir) == []


def test_offline_build_ships_its_scripts(offline_site_dir: Path) -> None:
    shim = offline_site_dir / "assets" / "kubeclass" / "iframe-worker-shim.js"
    assert shim.is_file() and "IFrameWorker" in shim.read_text("utf-8")
    home = (offline_site_dir / "index.html").read_text("utf-8")
    assert 'src="assets/kubeclass/iframe-worker-shim.js"' in home
    assert "unpkg.com" not in home and "fonts.googleapis" not in home
    assert (offline_site_dir / "search" / "search_index.js").read_text("utf-8").startswith(
        "var __index = ")
    architecture = (offline_site_dir / "architecture.html").read_text("utf-8")
    assert '<script src="assets/kubeclass/mermaid.tiny.min.js">' in architecture
    # Directory URLs are off, so links work from file://.
    assert 'href="terms/pod.html"' in (offline_site_dir / "glossary" / "a-z.html").read_text(
        "utf-8").replace("../", "")


def test_checker_finds_loads_but_not_links(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<a href="https://kubernetes.io/ko/">docs</a>\n'
        '<script src="https://cdn.example.com/x.js"></script>\n'
        '<div style="background:url(//evil.example/i.png)"></div>', "utf-8")
    (tmp_path / "b.css").write_text("/* https://fontawesome.com */ @import 'https://f.example/c.css';",
                                    "utf-8")
    (tmp_path / "c.js").write_text(
        '// see https://github.com/x\nload("https://unpkg.com/x");\n'
        'warn(`report it at https://github.com/x/issues`);\nns="http://www.w3.org/2000/svg";', "utf-8")
    found = {(r.file, r.url) for r in external_references(tmp_path)}
    assert found == {("a.html", "https://cdn.example.com/x.js"),
                     ("a.html", "//evil.example/i.png"),
                     ("b.css", "https://f.example/c.css"),
                     ("c.js", "https://unpkg.com/x")}


def test_patch_bundle_rewrites_materials_cdn_urls(tmp_path: Path) -> None:
    source = Path(material.__file__).parent / "templates" / "assets" / "javascripts"
    target = tmp_path / "assets" / "javascripts"
    target.mkdir(parents=True)
    for bundle in source.glob("bundle.*.min.js"):
        shutil.copy(bundle, target)
    assert patch_bundle(tmp_path) == []
    text = next(target.glob("bundle.*.min.js")).read_text("utf-8")
    for needle, replacement in BUNDLE_REWRITES.items():
        assert needle not in text and replacement in text
    assert "unpkg.com" not in text and "api.github.com" not in text


@pytest.mark.browser
def test_pages_and_search_work_from_file_with_the_network_blocked(offline_site_dir: Path) -> None:
    driver: Any = blocked_chrome()
    try:
        base = offline_site_dir.as_uri() + "/"
        # The blocking is real: a request to another host fails and is seen as failed.
        driver.get(base + "index.html")
        wait_ready(driver)
        driver.execute_script("fetch('https://example.com/').catch(() => {})")
        seen: list[tuple[str, str]] = []
        WebDriverWait(driver, 10).until(
            lambda d: seen.extend(network_events(d)[1]) or any("example.com" in u for u, _ in seen))
        console_errors(driver)  # the deliberate failure above is not the site's

        for page in ("index.html", "terms/pod.html", "glossary/ga-na-da.html", "setup.html",
                     "tags.html", "categories/k8s-workloads.html", "architecture.html"):
            driver.get(base + page)
            wait_ready(driver)
        # The diagram renders from the local Mermaid copy (the <pre> becomes a <div>).
        WebDriverWait(driver, 20).until(lambda d: d.execute_script(
            "return !!document.querySelector('div.mermaid') && !document.querySelector('pre.mermaid')"))
        found = [site_path(url, base) for url in search(driver, "분리")]
        assert found[:1] == ["terms/network-separation.html"]
        found = [site_path(url, base) for url in search(driver, "파드")]
        assert found[:1] == ["terms/pod.html"]
        driver.find_element(By.CSS_SELECTOR, ".md-search-result__item > a").click()
        wait_ready(driver)
        assert driver.current_url.startswith(base + "terms/pod.html")

        requests, failed = network_events(driver)
        assert failed == []
        assert [u for u in requests.values() if not u.startswith(("file:", "data:", "blob:"))] == []
        assert console_errors(driver) == []
    finally:
        driver.quit()

