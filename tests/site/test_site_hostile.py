"""Glossary text is content: a hostile glossary must not run anything in the browser.

Two hostile glossaries:

1. YAML files that pass ``kubeclass glossary check`` but try every trick that survives it —
   quotes that close attributes, ``{: onclick=…}`` attribute lists, code that tries to close
   its fence, script URLs inside a Mermaid block, links with hostile titles. Built with the
   real ``kubeclass site build`` command. (Tags without a space after their name,
   ``<svg/onload=…>``, used to slip past the checker; the fixture first proves the checker
   now reports every one of them, then defuses them.)
2. A glossary built in code with what the checker would reject (``<script>``, event
   handlers, ``javascript:`` links) — the plugin must be safe without the checker. Built
   with MkDocs' own build function, the loader swapped for one returning that glossary.

Every page is then opened in Chromium, every link hovered and focused; the payloads all
set ``window.__pwned``, which must stay undefined.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, make_site, run_kubeclass, serve_directory
from glossary_fixtures import glossary, term
from selenium.webdriver.common.action_chains import ActionChains
from site_browser import search, wait_ready

from kubeclass.glossary.model import Bilingual, Example, Reference

pytestmark = pytest.mark.browser

P = "window.__pwned"


# "<img/src/onerror=…>" is markup to a browser but not shaped like a tag to a simple checker.
IMG = "<img/src/onerror=window.__pwned={}>"


def _hostile_yaml_term() -> dict[str, Any]:
    return {
        "id": "probe",
        "term": {"ko": "프로브", "en": "Probe"},
        "abbr": f'PRB" onmouseover="{P}=1',
        "aka": [f"프로브 별칭 \" autofocus onfocus=\"{P}=2", f"probe alias {{: onclick='{P}=3' }}"],
        "category": "k8s-workloads",
        "tags": ["security"],
        "level": "beginner",
        "short": {
            "ko": f'짧은 정의 "><svg/onload={P}=4> {IMG.format(41)} 끝 \' onmouseover=\'{P}=5',
            "en": f'Short & "sweet" onmouseover="{P}=6" {IMG.format(42)}',
        },
        "long": {
            "ko": (f'본문 문단\n{{: onclick="{P}=7" }}\n\n'
                   f'[링크](https://example.com "제목 onmouseover={P}=8")\n\n'
                   f'[링크2](https://example.com "{IMG.format(43)}")\n\n'
                   f"*[VM]: {IMG.format(44)}\n\nVM 약어.\n\n"
                   f"<svg/onload={P}=9>\n\n"
                   "```mermaid\nflowchart LR\n"
                   f'  A["<img src=x onerror={P}=10>"] --> B\n'
                   f'  click A "javascript:{P}=11"\n```\n\n'
                   f"`<script>{P}=12</script>` 은 코드다.\n"),
            "en": (f"External image ![img](https://example.com/x.png)\n\n"
                   f'[x](https://example.com){{: onclick="{P}=13"}}\n'),
        },
        "examples": [{
            "title": {"ko": f"예시 \"><svg/onload={P}=14> {IMG.format(45)}" + "가" * 80,
                      "en": "Example"},
            "language": "bash",
            "code": f"echo ```\n</code></pre><script>{P}=15</script>\n````\n",
        }],
        "related": [],
        "references": [{
            "title": f'참고 "><svg/onload={P}=16>',
            "url": f'https://example.com/?q="><svg/onload={P}=17>',
        }],
    }


def _long_named_term() -> dict[str, Any]:
    """A name long enough to be clipped in the header, where Material builds a tooltip from it."""
    data = _hostile_yaml_term()
    data.update({"id": "clipped", "term": {"ko": f"잘리는이름{IMG.format(46)}" + "가" * 120,
                                           "en": f"Clipped{IMG.format(47)}" + "x" * 120},
                 "abbr": None, "aka": [], "examples": []})
    del data["abbr"]
    return data


@pytest.fixture(scope="module")
def hostile_yaml_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-yaml")
    source = root / "source"
    (source / "k8s-workloads").mkdir(parents=True)
    shutil.copy(REPO / "glossary" / "categories.yaml", source)
    for data in (_hostile_yaml_term(), _long_named_term()):
        (source / "k8s-workloads" / f"{data['id']}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    config = make_site(root / "site", glossary=source, docs={
        "index.md": "# 홈\n\n프로브를 보라. PRB 도 있다.\n",
        "tags.md": "# 태그\n\n<!-- material/tags -->\n"})
    check = run_kubeclass("glossary", "check", env={"KUBECLASS_ROOT": str(root / "site")})
    assert check.returncode == 2
    for payload in ("<svg/onload=", "<img/src/onerror="):
        assert f"raw HTML is not allowed ('{payload}" in check.stderr
    for path in (root / "site" / "glossary" / "k8s-workloads").glob("*.yaml"):
        # Defuse what the checker catches; every other trick stays.
        text = path.read_text("utf-8")
        path.write_text(text.replace("<svg/", "svg/").replace("<img/", "img/"), "utf-8")
    check = run_kubeclass("glossary", "check", env={"KUBECLASS_ROOT": str(root / "site")})
    assert check.returncode == 0, "the rest of the hostile YAML must pass the checker:\n" + check.stderr
    done = run_kubeclass("site", "build", "--strict", "-f", str(config))
    assert done.returncode == 0, done.stderr
    return root / "site" / "site"


@pytest.fixture(scope="module")
def hostile_object_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import kubeclass.glossary.load as loader

    evil = f"<script>{P}=20</script><img src=x onerror={P}=21><svg/onload={P}=34>"
    bad = glossary(
        term("probe", f"프로브{evil}", f'Probe" onmouseover="{P}=22', abbr=f"<b onclick={P}=23>P</b>",
             aka=(f"<svg onload={P}=24>",), short_ko=f"정의 {evil}", short_en=f"def {evil}",
             long_ko=(f"{evil}\n\n[js](javascript:{P}=25) [js2](&#106;avascript:{P}=26)\n\n"
                      f'<a href="javascript:{P}=27">a</a> <iframe src="javascript:{P}=28"></iframe>\n\n'
                      f"![x](javascript:{P}=29)\n\n<details open ontoggle={P}=30>x</details>"),
             long_en=f'<p onmouseover="{P}=31">hover</p>',
             examples=(Example(Bilingual(f"t{evil}", f"t{evil}"), f'bash"><script>{P}=32</script>',
                               f"</code></pre>{evil}"),),
             references=(Reference(f"ref{evil}", f"javascript:{P}=33"),),
             tags=(f'bad"><script>{P}=34</script>', "ok")),
        term("pod", "파드", "Pod", short_ko=f"파드 정의 {evil}"),
    )
    root = tmp_path_factory.mktemp("hostile-object")
    (root / "glossary-dir").mkdir()
    config_file = make_site(root / "site", glossary=root / "glossary-dir", docs={
        "index.md": "# 홈\n\n프로브와 파드.\n", "tags.md": "# 태그\n\n<!-- material/tags -->\n"})
    original = loader.load_glossary
    loader.load_glossary = lambda directory=None: bad  # type: ignore[assignment]
    try:
        config = load_config(str(config_file))
        build(config)
    finally:
        loader.load_glossary = original
    return root / "site" / "site"


def _pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("index.html")
                  if "assets" not in p.parts)


def _assert_nothing_runs(browser: Any, site: Path, base: str) -> None:
    for page in _pages(site):
        browser.get(base + page)
        wait_ready(browser)
        browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        # Every element gets the events an inline handler or a tooltip would wait for …
        browser.execute_script(
            "for (const el of document.querySelectorAll('body *')) {"
            "  for (const type of ['mouseover', 'mouseenter', 'focus', 'focusin'])"
            "    el.dispatchEvent(new MouseEvent(type, {bubbles: type !== 'mouseenter'}));"
            "}")
        # … and what has a tooltip is really hovered, as a reader would.
        for element in browser.execute_script(
                "return [...document.querySelectorAll('article [title], .md-ellipsis')]"
                ".filter(e => e.hasAttribute('title') || e.offsetWidth < e.scrollWidth)"):
            try:
                ActionChains(browser).move_to_element(element).perform()
            except Exception:  # elements off screen or hidden are fine to skip
                continue
        assert browser.execute_script(f"return typeof {P}") == "undefined", page
        handlers = browser.execute_script(
            "return [...document.querySelectorAll('article *')].flatMap(e => [...e.attributes]"
            ".filter(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))"
            ".map(a => e.tagName + ' ' + a.name + '=' + a.value))")
        assert handlers == [], page
        scripts = browser.execute_script(
            "return [...document.scripts].filter(s => s.textContent.includes('__pwned')).length")
        assert scripts == 0, page


def _browse_and_search(browser: Any, site: Path) -> str:
    """Every page runs nothing, search still finds the probe term; its page's HTML."""
    with serve_directory(site) as base:
        _assert_nothing_runs(browser, site, base)
        browser.get(base)
        wait_ready(browser)
        assert search(browser, "프로브")
        assert browser.execute_script(f"return typeof {P}") == "undefined"
    return (site / "terms" / "probe" / "index.html").read_text("utf-8")


def test_hostile_yaml_runs_nothing(browser: Any, hostile_yaml_site: Path) -> None:
    html = _browse_and_search(browser, hostile_yaml_site)
    # The text is still there, shown as text.
    assert "짧은 정의 &quot;\uff1esvg/onload=" in html
    assert 'src="https://example.com/x.png"' not in html  # became a plain link


def test_glossary_the_checker_would_reject_still_runs_nothing(
        browser: Any, hostile_object_site: Path) -> None:
    html = _browse_and_search(browser, hostile_object_site)
    assert "&lt;script&gt;" in html
