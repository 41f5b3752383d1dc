"""Learning path pages and the "next" link at the end of every term page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO

from kubeclass.glossary.load import load_glossary
from kubeclass.glossary.model import Glossary
from kubeclass.glossary.paths import LearningPath, load_paths
from kubeclass.site import pathpages
from kubeclass.site.generators import SiteContext
from kubeclass.site.labpages import LabPages
from kubeclass.site.pages import term_page
from kubeclass.site.quizpages import QuizPages


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(REPO / "glossary")


@pytest.fixture(scope="module")
def paths(glossary: Glossary) -> dict[str, LearningPath]:
    return load_paths(glossary, REPO / "glossary")


def test_without_quiz_and_lab_pages_nothing_dangles(glossary: Glossary,
                                                     paths: dict[str, LearningPath]) -> None:
    page = pathpages.path_page(paths["first-steps"], glossary, uses=())
    assert "quiz/" not in page.markdown and "labs/" not in page.markdown
    assert "`kubeclass lab start first-pod`" in page.markdown
    assert "`kubeclass quiz --path first-steps`" in page.markdown
    links = re.findall(r"\]\(\.\./terms/([a-z0-9-]+)\.md\)", page.markdown)
    assert links == paths["first-steps"].term_ids()


def test_steps_link_the_quiz_and_lab_pages_of_the_other_generators(
        glossary: Glossary, paths: dict[str, LearningPath]) -> None:
    site = SiteContext(glossary=glossary, content_root=REPO)
    uses = [*QuizPages(seed=1).term_uses(site), *LabPages().term_uses(site)]
    page = pathpages.path_page(paths["first-steps"], glossary, uses).markdown
    step3 = page.split("{ #step-3 }")[1].split("{ #step-4 }")[0]
    assert "[워크로드 퀴즈](../quiz/k8s-workloads.md)" in step3
    assert "[첫 번째 파드 만들기](../labs/first-pod.md) — `kubeclass lab start first-pod`" in step3


def test_term_page_ends_with_the_next_term_of_each_path(glossary: Glossary,
                                                        paths: dict[str, LearningPath]) -> None:
    uses = [u for p in paths.values() for u in pathpages.path_uses(p, glossary)]
    page = term_page(glossary.terms["pod"], glossary, uses).markdown
    last = page.split("{ #path }")[1]
    assert "[쿠버네티스 첫걸음](../paths/first-steps.md) · 3/4 파드와 디플로이먼트" in last
    assert '[레이블 <span class="kc-en" lang="en">Label</span>](label.md) →' in last
    final = paths["kubernetes-fundamentals"].term_ids()[-1]
    end = term_page(glossary.terms[final], glossary, uses).markdown.split("{ #path }")[1]
    assert "가상화에서 플랫폼 운영까지" in end and "Next" not in end.split("쿠버네티스 첫걸음")[0]


def test_strict_build_has_the_path_pages(site_dir: Path, paths: dict[str, LearningPath]) -> None:
    """``site_dir`` is ``mkdocs build --strict`` of the repository (zero warnings)."""
    index = (site_dir / "paths" / "index.html").read_text("utf-8")
    for path in paths.values():
        assert f'href="{path.id}/"' in index
        html = (site_dir / "paths" / path.id / "index.html").read_text("utf-8")
        article = html.split("<article")[1].split("</article>")[0]
        hrefs = re.findall(r'href="\.\./\.\./terms/([a-z0-9-]+)/"', article)
        assert hrefs == path.term_ids()
        assert 'href="../../quiz/' in article
    steps = (site_dir / "paths" / "first-steps" / "index.html").read_text("utf-8")
    assert 'href="../../labs/first-pod/"' in steps
    pod = (site_dir / "terms" / "pod" / "index.html").read_text("utf-8")
    tail = pod.split('id="path"')[1].split("</article>")[0]
    assert 'href="../../paths/first-steps/"' in tail and 'href="../label/"' in tail
    home = (site_dir / "index.html").read_text("utf-8")
    assert "학습 경로" in home  # in the navigation
