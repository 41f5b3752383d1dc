"""The quiz page generator for the site: structure, escaping, shuffling per build."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import markdown
import pytest
import yaml

from kubeclass.glossary.model import Bilingual, Glossary
from kubeclass.site import quizpages
from kubeclass.site.generators import SiteContext
from kubeclass.site.sanitize import sanitize

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)> {: onclick="alert(3)" } *x*'


def site(glossary: Glossary) -> SiteContext:
    return SiteContext(glossary=glossary, content_root=Path("."))


def render(page_markdown: str) -> str:
    """Markdown → HTML the way the site does for generated pages (then sanitized)."""
    body = page_markdown.split("---\n", 2)[-1]
    html = markdown.markdown(body, extensions=["md_in_html", "attr_list", "tables"])
    return sanitize(html)


def test_one_page_per_category_plus_an_index(glossary: Glossary) -> None:
    pages = list(quizpages.QuizPages(seed=1).pages(site(glossary), []))
    srcs = [p.src for p in pages]
    assert srcs[0] == "quiz/index.md"
    assert sorted(srcs[1:]) == sorted(f"quiz/{c}.md" for c in glossary.categories)
    for page in pages[1:]:
        assert not page.in_nav and not page.link_terms  # links would give answers away
        meta = yaml.safe_load(page.markdown.split("---\n", 2)[1])
        assert meta["search"] == {"exclude": True}
        assert quizpages.MARKER in page.markdown
    workloads = next(p for p in pages if p.src == "quiz/k8s-workloads.md")
    terms = [t for t in glossary.terms.values() if t.category == "k8s-workloads"]
    assert workloads.markdown.count('class="kc-quiz__item ') == len(terms)


def test_page_renders_to_a_quiz_the_sanitizer_keeps(glossary: Glossary) -> None:
    page = next(p for p in quizpages.QuizPages(seed=3).pages(site(glossary), [])
                if p.src == "quiz/virtualization.md")
    html = render(page.markdown)
    assert 'class="kc-quiz"' in html and html.count('class="kc-quiz__item ') == 3
    # The explanation's term link is a Markdown link to the term's source file, so that
    # MkDocs resolves it for the online and the offline build.
    assert re.search(r'<a href="\.\./terms/[a-z-]+\.md">', html)
    options = re.findall(r'<li class="kc-quiz__option( kc-quiz__option--right)?">', html)
    assert options and sum(bool(o) for o in options) == html.count("kc-quiz__item--choice")


def test_glossary_text_is_escaped(glossary: Glossary) -> None:
    vm = glossary.terms["virtual-machine"]
    hostile = replace(vm, short=Bilingual(HOSTILE, HOSTILE), aka=(*vm.aka, HOSTILE))
    terms = {**glossary.terms, "virtual-machine": hostile}
    evil = Glossary(terms=terms, categories=glossary.categories)
    for seed in range(6):  # every item type of the term, on some build
        for page in quizpages.QuizPages(seed=seed).pages(site(evil), []):
            assert "<script>" not in page.markdown and "<img" not in page.markdown
            html = render(page.markdown)
            assert "<script" not in html and "<img" not in html
            assert not re.search(r"<[^>]+\son\w+=", html)  # no tag got an event handler
            if page.src == "quiz/virtualization.md":  # shown as text, not dropped
                assert "alert(1)" in html and "alert(3)" in html


def test_shuffled_per_build_reproducible_with_source_date_epoch(
        glossary: Glossary, monkeypatch: pytest.MonkeyPatch) -> None:
    def order(seed: int) -> list[str]:
        page = next(p for p in quizpages.QuizPages(seed=seed).pages(site(glossary), [])
                    if p.src == "quiz/k8s-workloads.md")
        return re.findall(r'<p class="kc-quiz__prompt">(.*?)</p>', page.markdown)

    assert order(1) == order(1)
    assert len({tuple(order(seed)) for seed in range(6)}) > 1
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert quizpages.QuizPages().seed == quizpages.QuizPages().seed == 1700000000
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert len({quizpages.QuizPages().seed for _ in range(5)}) > 1


def test_every_term_page_links_its_quiz(glossary: Glossary) -> None:
    uses = list(quizpages.QuizPages(seed=1).term_uses(site(glossary)))
    assert {u.term_id for u in uses} == set(glossary.terms)
    pod = next(u for u in uses if u.term_id == "pod")
    assert pod.kind == "quiz" and pod.src == "quiz/k8s-workloads.md"
    assert [e.src for e in quizpages.QuizPages(seed=1).nav(site(glossary))] == ["quiz/index.md"]


def test_the_script_is_shipped_and_self_contained(glossary: Glossary) -> None:
    assets = quizpages.QuizPages(seed=1).assets(site(glossary))
    assert set(assets) == {quizpages.SCRIPT, quizpages.STYLESHEET}
    for path in assets.values():
        assert not re.search(r"https?://|@import|url\(", path.read_text("utf-8"))  # 망분리
    text = assets[quizpages.SCRIPT].read_text("utf-8")
    assert "kc-quiz" in text
    css = assets[quizpages.STYLESHEET].read_text("utf-8")
    assert re.search(r"\.kc-quiz__accept[^{]*\{display:none\}", css)
    # Nodes are built with createElement/textContent: glossary text never becomes markup.
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in text
