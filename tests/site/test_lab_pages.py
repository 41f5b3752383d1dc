"""Lab pages on the website: the generator (structure, escaping, term uses), the strict
build with the real labs, live reload of ``labs/``, a hostile lab that passes ``lab
validate``, and a real Chromium: both languages, a hint that opens on click, a term link
that navigates."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from conftest import REPO, make_site, run_kubeclass, serve_directory
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from serving import page_with, site_server
from site_browser import console_errors, set_scheme, site_path, wait_ready

from kubeclass.glossary.cache import load_cached_glossary
from kubeclass.glossary.model import Bilingual, Glossary
from kubeclass.labs.load import load_labs
from kubeclass.labs.model import Lab
from kubeclass.site import labpages
from kubeclass.site.escape import md_block
from kubeclass.site.generators import SiteContext
from kubeclass.site.pages import GlossaryPages
from kubeclass.site.sanitize import sanitize

# The Markdown extensions of mkdocs.yml that lab pages use.
EXTENSIONS = ["admonition", "pymdownx.details", "md_in_html", "attr_list", "tables",
              "pymdownx.superfences"]
HOSTILE = ('<script>alert(1)</script> "><img src=x onerror=alert(2)> {: onclick="alert(3)" } '
           "*x* [j](javascript:alert(4))")


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_cached_glossary(REPO / "glossary")


@pytest.fixture(scope="module")
def labs() -> list[Lab]:
    return load_labs(REPO / "labs")


def site(glossary: Glossary, root: Path = REPO) -> SiteContext:
    return SiteContext(glossary=glossary, content_root=root)


def render(page_markdown: str, *, clean: bool = True) -> str:
    """Markdown → HTML as the site does for generated pages (then sanitized)."""
    body = page_markdown.split("---\n", 2)[-1]
    html = markdown.markdown(body, extensions=EXTENSIONS)
    return sanitize(html) if clean else html


def page_of(lab: Lab, glossary: Glossary) -> str:
    return labpages.lab_page(lab, glossary).markdown


# ------------------------------------------------------------------------ generator


def test_an_index_and_one_page_per_lab(glossary: Glossary, labs: list[Lab]) -> None:
    pages = list(labpages.LabPages().pages(site(glossary), []))
    assert pages[0].src == "labs/index.md" and pages[0].in_nav and not pages[0].link_terms
    assert sorted(p.src for p in pages[1:]) == sorted(f"labs/{lab.id}.md" for lab in labs)
    assert all(not p.in_nav and p.link_terms for p in pages[1:])
    # The index lists every lab in learning order with its level and time.
    index = render(pages[0].markdown)
    rows = re.findall(r'<a href="([a-z0-9-]+)\.md">', index)
    assert rows == [lab.id for lab in labpages.lab_order(labs)]
    assert rows[0] == "first-pod"
    first = next(lab for lab in labs if lab.id == "first-pod")
    row = index[index.index('href="first-pod.md"'):].split("</tr>")[0]
    assert "입문 · beginner" in row and f"{first.minutes}분" in row
    assert 'href="../terms/pod.md"' in row
    nav = list(labpages.LabPages().nav(site(glossary)))
    assert [(e.title, e.src) for e in nav] == [("실습 Labs", "labs/index.md")]
    assert list(labpages.LabPages().watch(site(glossary))) == [REPO / "labs"]


def test_lab_page_structure(glossary: Glossary, labs: list[Lab]) -> None:
    lab = next(lab for lab in labs if lab.id == "first-pod")
    text = page_of(lab, glossary)
    html = render(text)
    # Title in both languages, level and time.
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.DOTALL)
    assert h1 and lab.title.ko in h1.group(1) and lab.title.en in h1.group(1)
    assert "입문 · <span lang=\"en\">beginner</span>" in html and f"{lab.minutes}분" in html
    # The commands to run.
    for verb in ("start", "check", "reset"):
        assert f"kubeclass lab {verb} first-pod" in text
    # Every step: Korean instructions first, then the English ones marked lang="en".
    for number, step in enumerate(lab.steps, 1):
        heading = re.search(rf'<h2 id="step-{step.id}">{number}\. (.*?)</h2>', html)
        assert heading and step.title.ko in heading.group(1) and step.title.en in heading.group(1)
    section = html.split('id="step-create-pod"')[1].split("<h2")[0]
    ko_at = section.index("인 파드를 만드세요")
    en_at = section.index("Create a Pod named")
    assert ko_at < en_at and '<div class="kc-long-en" lang="en">' in section[ko_at:en_at]
    # Hints: collapsed admonitions titled "힌트 n · Hint n", both languages inside.
    hints = re.findall(r'<details class="tip">\s*<summary>(.*?)</summary>(.*?)</details>',
                       section, re.DOTALL)
    assert [title for title, _ in hints] == ["힌트 1 · Hint 1", "힌트 2 · Hint 2", "힌트 3 · Hint 3"]
    assert "YAML 파일로 뽑아서 고치세요" in hints[0][1] and "Write the YAML out" in hints[0][1]
    assert "<details open" not in html
    # What is graded: every check's message in both languages, with points; code as code.
    checks = re.findall(r"<li>(.*?)</li>", section.split('class="kc-lab-checks"')[1])
    assert len(checks) == 2
    assert checks[0].startswith("파드 <code>hello</code>가 있고 레이블 <code>app=hello</code>")
    assert '<span class="kc-lab-check__en" lang="en">The Pod <code>hello</code> exists' in checks[0]
    assert "2점" in checks[0]
    total = sum(len(step.checks) for step in lab.steps)
    assert html.count('<span class="kc-lab-check__en"') == total
    # The terms it teaches, linked to their pages.
    terms = html.split('id="terms"')[1]
    for term_id in lab.terms:
        assert f'href="../terms/{term_id}.md"' in terms
    assert "[파드](term:pod)" in text  # lab Markdown keeps its term: links for the plugin


def test_every_real_lab_renders_every_hint_and_check(glossary: Glossary, labs: list[Lab]) -> None:
    for lab in labs:
        html = render(page_of(lab, glossary))
        assert html.count('<details class="tip">') == sum(len(s.hints) for s in lab.steps), lab.id
        assert html.count('class="kc-lab-check__en"') == len(lab.checks()), lab.id
        assert html.count("<h2 id=\"step-") == len(lab.steps), lab.id
        assert "```" not in html, lab.id  # every fence was closed and rendered


def _hostile_lab(lab: Lab) -> Lab:
    """Every text field of a real lab made hostile, as no validated lab could be."""
    evil = Bilingual(f"한국어 {HOSTILE}", f"English {HOSTILE}")
    breakout = Bilingual(
        f"힌트 {HOSTILE}\n</div>\n</details>\n<script>alert(5)</script>\n\n```\n</code></pre>"
        "<script>alert(6)</script>\n",  # an unclosed fence, too
        f"hint {HOSTILE}\n\n??? danger \"x\" onclick=\"alert(7)\"\n\n    <svg onload=alert(8)>")
    code = Bilingual("메시지 `</code><script>alert(9)</script>` 와 ``a`b`` 끝",
                     "message `x` {: onclick=\"alert(10)\" }")
    step = lab.steps[0]
    checks = (replace(step.checks[0], message=code), *step.checks[1:])
    steps = (replace(step, title=evil, instructions=evil, hints=(breakout, evil), checks=checks),
             *lab.steps[1:])
    return replace(lab, title=evil, intro=evil, namespace='ns"><script>alert(11)</script>',
                   steps=steps)


def test_hostile_lab_text_is_escaped(glossary: Glossary, labs: list[Lab]) -> None:
    lab = _hostile_lab(next(lab for lab in labs if lab.id == "first-pod"))
    text = page_of(lab, glossary)
    front = text.split("---\n", 2)[1]
    assert "<script" not in front and "<img" not in front
    for clean in (False, True):  # escaping alone is enough; the sanitizer is the last line
        html = render(text, clean=clean)
        assert "<script" not in html and "<img" not in html and "<svg" not in html
        assert not re.search(r"<[^>]+\son\w+\s*=", html), "a tag got an event handler"
        assert "alert(1)" in html and "alert(9)" in html  # shown as text, not dropped
    html = render(text)
    assert not re.search(r'href="\s*javascript:', html)
    # The structure held: one title, every step and both hints are still there.
    assert html.count("<h1") == 1
    assert html.count('<details class="tip">') == sum(len(s.hints) for s in lab.steps)
    assert html.count("<h2 id=\"step-") == len(lab.steps)
    assert html.count('class="kc-lab-check__en"') == len(lab.checks())
    # A message's code span stays code, whatever it holds.
    assert "<code>&lt;/code&gt;&lt;script&gt;alert(9)&lt;/script&gt;</code>" in html
    assert "<code>a`b</code>" in html
    # Term pages list the hostile lab by its title, escaped as well.
    uses = list(labpages.LabPages().term_uses(site(glossary)))
    hostile_uses = [replace(u, title=lab.title) for u in uses if u.src == "labs/first-pod.md"]
    pod = next(p for p in GlossaryPages().pages(site(glossary), hostile_uses)
               if p.term_id == "pod")
    pod_html = render(pod.markdown)
    assert "<script" not in pod_html and "alert(1)" in pod_html


def test_md_block_escapes_lines_after_a_fence_markdown_does_not_see() -> None:
    """An unclosed fence, or a line starting with inline code, is prose to Python-Markdown:
    what follows must be escaped too (it used to be skipped as if it were code)."""
    for text in ("a\n\n```\n<b onclick=x>b</b>\n\nmore", "```x``` is code\n<b onclick=x>y</b>"):
        html = render(md_block(text), clean=False)
        assert "<b" not in html and "&lt;b onclick=x&gt;" in html, text
    fenced = "```bash\n<b>code</b>\n```\n<i>prose</i>"
    assert md_block(fenced) == "```bash\n<b>code</b>\n```\n&lt;i>prose&lt;/i>"


def test_inline_text_keeps_spaces_around_code() -> None:
    assert labpages.inline_text("파드 `hello`가 있어야 합니다.") == "파드 `hello`가 있어야 합니다\\."
    assert labpages.inline_text("``a`b`` and `` `x` ``") == "``a`b`` and `` `x` ``"
    assert labpages.inline_text("a ` lone backtick") == "a \\` lone backtick"
    assert labpages.inline_text("  two\n lines  ") == "two lines"


def test_term_uses_list_the_labs_on_term_pages(glossary: Glossary, labs: list[Lab]) -> None:
    uses = list(labpages.LabPages().term_uses(site(glossary)))
    assert {(u.term_id, u.src) for u in uses} == {
        (term, f"labs/{lab.id}.md") for lab in labs for term in lab.terms}
    assert all(u.kind == "lab" for u in uses)
    first = next(u for u in uses if u.term_id == "pod" and u.src == "labs/first-pod.md")
    assert first.title.ko == "첫 번째 파드 만들기" and "입문" in first.detail
    # Every term a lab teaches lists that lab on its page.
    pages = {p.term_id: p for p in GlossaryPages().pages(site(glossary), uses) if p.term_id}
    for lab in labs:
        for term in lab.terms:
            html = render(pages[term].markdown)
            practice = html.split('id="practice"')[1]
            assert f'href="../labs/{lab.id}.md">{lab.title.ko}</a>' in practice, (term, lab.id)


def test_without_labs_the_index_says_so(glossary: Glossary, tmp_path: Path) -> None:
    generator = labpages.LabPages()
    pages = list(generator.pages(site(glossary, tmp_path), []))
    assert [p.src for p in pages] == ["labs/index.md"]
    assert "아직 실습이 없습니다" in pages[0].markdown
    assert list(generator.term_uses(site(glossary, tmp_path))) == []


def test_a_broken_lab_stops_the_build_with_every_problem(glossary: Glossary,
                                                         tmp_path: Path) -> None:
    from kubeclass.site.generate import GenerationError

    shutil.copytree(REPO / "labs" / "first-pod", tmp_path / "labs" / "first-pod")
    lab_file = tmp_path / "labs" / "first-pod" / "lab.yaml"
    text = lab_file.read_text("utf-8").replace("level: beginner", "levle: beginner")
    lab_file.write_text(text.replace("terms: [namespace,", "terms: [no-such-term,"), "utf-8")
    with pytest.raises(GenerationError) as error:  # engine-neutral; the plugin wraps it
        list(labpages.LabPages().pages(site(glossary, tmp_path), []))
    message = str(error.value)
    assert "labs/first-pod/lab.yaml:" in message and "levle" in message
    assert "unknown glossary term 'no-such-term'" in message


def test_the_stylesheet_is_shipped_and_self_contained(glossary: Glossary) -> None:
    assets = labpages.LabPages().assets(site(glossary))
    assert list(assets) == [labpages.STYLESHEET]
    css = assets[labpages.STYLESHEET].read_text("utf-8")
    assert ".kc-lab-checks" in css
    assert not re.search(r"https?://|@import|url\(", css)  # 망분리: nothing from elsewhere


# ---------------------------------------------------------------------- strict build


def test_strict_build_has_the_lab_pages(site_dir: Path, labs: list[Lab]) -> None:
    """``site_dir`` is ``mkdocs build --strict`` of the repository (zero warnings)."""
    assert (site_dir / "labs" / "index.html").is_file()
    for lab in labs:
        html = (site_dir / "labs" / lab.id / "index.html").read_text("utf-8")
        assert "assets/kubeclass/labs.css" in html
        assert html.count('<details class="tip">') == sum(len(s.hints) for s in lab.steps)
        assert "term:" not in html.split("<article")[1].split("</article>")[0], lab.id
    home = (site_dir / "index.html").read_text("utf-8")
    assert "실습 Labs" in home and "labs.css" not in home
    pod = (site_dir / "terms" / "pod" / "index.html").read_text("utf-8")
    assert 'href="../../labs/first-pod/"' in pod


def test_validator_sees_html_between_inline_code_lines(tmp_path: Path) -> None:
    """Lines starting with inline code are not a fence: raw HTML between them is reported."""
    root = tmp_path / "content"
    shutil.copytree(REPO / "glossary", root / "glossary")
    lab_dir = root / "labs" / "first-pod"
    shutil.copytree(REPO / "labs" / "first-pod", lab_dir)
    data: dict[str, Any] = yaml.safe_load((lab_dir / "lab.yaml").read_text("utf-8"))
    data["intro"]["ko"] += "\n```a``` 코드\n<svg/onload=window.__pwned=1>\n```b``` 끝\n"
    (lab_dir / "lab.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                      "utf-8")
    proc = run_kubeclass("lab", "validate", env={"KUBECLASS_ROOT": str(root)})
    assert proc.returncode == 2
    assert "intro.ko: raw HTML is not allowed ('<svg/onload=window.__pwned=1>')" in proc.stderr


@pytest.fixture(scope="module")
def hostile_lab_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A content tree whose lab passes ``kubeclass lab validate`` but tries every trick that
    survives it, built with ``kubeclass site build --strict``."""
    root = tmp_path_factory.mktemp("hostile-lab") / "site"
    config = make_site(root, nav="  - index.md\n  - tags.md\n")
    lab_dir = root / "labs" / "probe-lab"
    shutil.copytree(REPO / "labs" / "first-pod", lab_dir)
    data: dict[str, Any] = yaml.safe_load((lab_dir / "lab.yaml").read_text("utf-8"))

    def sneak(n: int) -> str:
        """Lines that start with inline code around prose: Python-Markdown sees no fence.
        (With raw HTML between them the validator refuses the lab: see
        test_validator_sees_html_between_inline_code_lines.)"""
        return f"\n```a``` 코드\n{n}번 줄 *강조*\n```b``` 끝\n"

    data.update(id="probe-lab", namespace="lab-probe-lab")
    data["title"] = {"ko": f'실습 "제목" {sneak(1)} \' onmouseover=\'window.__pwned=3',
                     "en": f'Lab "title" {{: onclick="window.__pwned=4" }} {sneak(2)}'}
    data["intro"]["ko"] += (f'\n\n본문 {{: onclick="window.__pwned=5" }}\n\n{sneak(11)}\n\n'
                            '[링크](https://example.com "제목 onmouseover=window.__pwned=6")\n')
    step = data["steps"][0]
    step["hints"][0]["ko"] = (f"힌트 {sneak(12)}\n\n```\n</div></details><script>window.__pwned=7"
                              "</script>\n```\n")
    step["hints"][1]["en"] = f'??? danger "x" {{: onclick="window.__pwned=8" }}\n{sneak(13)}'
    step["checks"][0]["message"] = {"ko": "메시지 `</code><script>window.__pwned=9</script>`",
                                    "en": f'message "{sneak(14)}" {{: onclick="window.__pwned=10" }}'}
    (lab_dir / "lab.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                      "utf-8")
    shutil.rmtree(lab_dir / "tests")
    valid = run_kubeclass("lab", "validate", env={"KUBECLASS_ROOT": str(root)})
    assert valid.returncode == 0, "the hostile lab must pass the validator:\n" + valid.stderr
    done = run_kubeclass("site", "build", "--strict", "-f", str(config))
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "site"


def test_serve_rebuilds_when_a_lab_file_changes(tmp_path: Path) -> None:
    root = tmp_path / "site"
    config = make_site(root)
    shutil.copytree(REPO / "labs" / "first-pod", root / "labs" / "first-pod")
    with site_server(config) as base:
        url = f"{base}labs/first-pod/"
        assert "첫 번째 파드 만들기" in page_with(url, "첫 번째 파드 만들기"), "no server"
        lab_file = root / "labs" / "first-pod" / "lab.yaml"
        lab_file.write_text(lab_file.read_text("utf-8").replace(
            "  ko: 첫 번째 파드 만들기", "  ko: 다시 읽은 첫 번째 파드"), "utf-8")
        assert "다시 읽은 첫 번째 파드" in page_with(url, "다시 읽은 첫 번째 파드")


# ------------------------------------------------------------------------- browser


def _open(browser: Any, url: str) -> None:
    browser.get(url)
    wait_ready(browser)


@pytest.mark.browser
def test_lab_page_in_the_browser(browser: Any, site_url: str, screenshot_dir: Path,
                                 labs: list[Lab]) -> None:
    lab = next(lab for lab in labs if lab.id == "first-pod")
    console_errors(browser)
    _open(browser, site_url)
    # The labs index is in the navigation and lists the lab with level and time.
    browser.find_element(By.XPATH, "//nav//a[contains(., '실습 Labs')]").click()
    WebDriverWait(browser, 10).until(lambda d: site_path(d.current_url, site_url) == "labs/")
    row = browser.find_element(By.XPATH, "//article//tr[.//a[contains(@href, 'first-pod')]]")
    assert "입문" in row.text and f"{lab.minutes}분" in row.text
    row.find_element(By.CSS_SELECTOR, "a[href*='first-pod']").click()
    WebDriverWait(browser, 10).until(
        lambda d: site_path(d.current_url, site_url) == "labs/first-pod/")
    wait_ready(browser)

    # Both languages: the title, and the English intro marked as English.
    h1 = browser.find_element(By.CSS_SELECTOR, "article h1").text
    assert lab.title.ko in h1 and lab.title.en in h1
    english = browser.find_element(By.CSS_SELECTOR, "article .kc-long-en[lang=en]")
    assert english.is_displayed() and "smallest unit Kubernetes deploys" in english.text
    assert "가장 작은 단위" in browser.find_element(By.CSS_SELECTOR, "article").text
    checks = browser.find_elements(By.CSS_SELECTOR, ".kc-lab-checks li")
    assert len(checks) == len(lab.checks())
    assert "레이블 app=hello" in checks[0].text and "carries the label app=hello" in checks[0].text

    # A hint is closed until the learner clicks it.
    hint = browser.find_element(By.CSS_SELECTOR, "article details.tip")
    body = hint.find_element(By.CSS_SELECTOR, "p")
    assert hint.get_attribute("open") is None and not body.is_displayed()
    summary = hint.find_element(By.CSS_SELECTOR, "summary")
    assert summary.text == "힌트 1 · Hint 1"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    summary.click()
    WebDriverWait(browser, 5).until(lambda d: body.is_displayed())
    assert hint.get_attribute("open") is not None
    assert lab.steps[0].hints[0].en.strip("`").split("`")[0] in hint.text  # English too
    browser.save_screenshot(str(screenshot_dir / "lab-page-light.png"))
    set_scheme(browser, dark=True)
    browser.save_screenshot(str(screenshot_dir / "lab-page-dark.png"))
    set_scheme(browser, dark=False)

    # A term link navigates to the term's page, which lists this lab.
    link = browser.find_element(By.CSS_SELECTOR, "#terms ~ div a[href*='terms/pod/']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    WebDriverWait(browser, 10).until(lambda d: site_path(d.current_url, site_url) == "terms/pod/")
    wait_ready(browser)
    assert "파드" in browser.find_element(By.CSS_SELECTOR, "article h1").text
    back = browser.find_element(By.CSS_SELECTOR, "article a[href*='labs/first-pod/']")
    assert back.text == lab.title.ko
    assert console_errors(browser) == []


@pytest.mark.browser
def test_hostile_lab_runs_nothing_in_the_browser(browser: Any, hostile_lab_site: Path) -> None:
    with serve_directory(hostile_lab_site) as base:
        for page in ("labs/probe-lab/", "labs/", "terms/pod/"):
            _open(browser, base + page)
            for summary in browser.find_elements(By.CSS_SELECTOR, "article summary"):
                browser.execute_script("arguments[0].click()", summary)
            for element in browser.find_elements(By.CSS_SELECTOR,
                                                 "article [title], article a, .md-ellipsis"):
                try:
                    ActionChains(browser).move_to_element(element).perform()
                except Exception:  # hidden or off-screen: the events below still reach it
                    continue
            browser.execute_script(
                "for (const el of document.querySelectorAll('body *'))"
                "  for (const t of ['mouseover', 'focus', 'click'])"
                "    if (t !== 'click' || el.tagName !== 'A') el.dispatchEvent(new Event(t));")
            assert browser.execute_script("return typeof window.__pwned") == "undefined", page
            handlers = browser.execute_script(
                "return [...document.querySelectorAll('article *')].flatMap(e => [...e.attributes]"
                ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))")
            assert handlers == [], page
        # The browser is shared: leave no messages of this test site (it has no favicon) to
        # the next test's console check.
        console_errors(browser)
    html = (hostile_lab_site / "labs" / "probe-lab" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;window.__pwned=9&lt;/script&gt;" in html  # shown as text
    # The lines between inline-code lines are prose, rendered as Markdown (the generator's own
    # escaping of raw HTML there is tested in test_md_block_escapes_lines_after_a_fence…).
    for n in (11, 12, 13):
        assert f"{n}번 줄 <em>강조</em>" in html
    lab = yaml.safe_load((hostile_lab_site.parent / "labs" / "probe-lab" / "lab.yaml").read_text())
    hints = sum(len(step.get("hints", [])) for step in lab["steps"])
    assert html.count('<details class="tip">') == hints  # the page's structure held

