"""Learning path pages: ``paths/index.md`` and one page per path of ``glossary/paths.yaml``.

A path page lists its steps in order; each step links its terms' pages, the quiz pages of
their categories and its labs' guides. Quiz and lab links come from the other generators'
term uses (:class:`TermUse` of kind ``quiz`` and ``lab``), so a site built without those
generators gets no dangling link: a lab without a page is shown with its command instead.

Every term page ends with its place in each path and the next term there: this generator
reports a ``path`` use (the path page) and a ``next`` use (the next term's page) per term,
which :func:`kubeclass.site.pages.term_page` renders as the page's last section.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kubeclass.glossary.model import Bilingual, Glossary
from kubeclass.glossary.paths import LearningPath, PathStep, load_paths
from kubeclass.problems import ContentError
from kubeclass.site import urls
from kubeclass.site.escape import attr, code_span, md_text
from kubeclass.site.generators import GeneratedPage, NavEntry, SiteContext, TermUse
from kubeclass.site.pages import bilingual_heading, front_matter

PATHS_DIR = "paths"
INDEX_SRC = f"{PATHS_DIR}/index.md"
NAV_TITLE = "학습 경로"


def path_src(path_id: str) -> str:
    """The source path of a learning path's page: ``paths/<id>.md``."""
    return f"{PATHS_DIR}/{path_id}.md"


def _link(label_md: str, from_src: str, to_src: str) -> str:
    return f"[{label_md}]({urls.relative_src(from_src, to_src)})"


def _english(text: str) -> str:
    return f'<span class="kc-en" lang="en">{attr(text)}</span>'


@dataclass(frozen=True)
class _Links:
    """What the other generators offer to link: quiz pages per term, lab pages per lab."""

    quiz: dict[str, TermUse]
    labs: dict[str, TermUse]

    @classmethod
    def of(cls, uses: Sequence[TermUse]) -> _Links:
        quiz = {u.term_id: u for u in uses if u.kind == "quiz"}
        labs = {Path(u.src).stem: u for u in uses if u.kind == "lab"}
        return cls(quiz, labs)


def step_section(number: int, step: PathStep, glossary: Glossary, links: _Links, src: str) -> list[str]:
    """One step: its terms in order, the quizzes of their categories, then its labs."""
    parts = [bilingual_heading(2, f"{number}. {step.title.ko}", step.title.en,
                               f"step-{number}"), ""]
    quizzes = list(dict.fromkeys(links.quiz[t].src for t in step.terms if t in links.quiz))
    titles = {links.quiz[t].src: links.quiz[t].title for t in step.terms if t in links.quiz}
    if quizzes:
        parts += ["퀴즈 · " + _english("Quiz") + ": "
                  + ", ".join(_link(md_text(titles[q].ko), src, q) for q in quizzes), ""]
    for i, term_id in enumerate(step.terms, 1):
        term = glossary.terms[term_id]
        english = "" if term.term.ko == term.term.en else " " + _english(term.term.en)
        parts.append(f"{i}. {_link(md_text(term.term.ko) + english, src, urls.term_src(term_id))}"
                     f" — {md_text(term.short.ko)}")
    parts.append("")
    for lab in step.labs:
        use = links.labs.get(lab)
        command = code_span(f"kubeclass lab start {lab}")
        label = _link(md_text(use.title.ko), src, use.src) if use is not None else md_text(lab)
        parts.append(f"- 실습 · {_english('Lab')}: {label} — {command}")
    if step.labs:
        parts.append("")
    return parts


def path_page(path: LearningPath, glossary: Glossary, uses: Sequence[TermUse]) -> GeneratedPage:
    """The page of one path: every step in order, with its terms, quizzes and labs."""
    src = path_src(path.id)
    links = _Links.of(uses)
    parts = [
        front_matter(title=attr(f"{path.name.ko} ({path.name.en})"), description=attr(path.description.ko)),
        bilingual_heading(1, path.name.ko, path.name.en),
        "",
        '<div class="kc-lead">',
        f"<p>{attr(path.description.ko)}</p>",
        f'<p lang="en">{attr(path.description.en)}</p>',
        "</div>",
        "",
        f"단계 {len(path.steps)}개 · 용어 {len(path.term_ids())}개 · "
        f"터미널에서 이 순서로 퀴즈: {code_span(f'kubeclass quiz --path {path.id}')} · "
        f"{_link('학습 경로 전체', src, INDEX_SRC)}",
        "",
    ]
    for number, step in enumerate(path.steps, 1):
        parts += step_section(number, step, glossary, links, src)
    return GeneratedPage(src=src, markdown="\n".join(parts), link_terms=False, in_nav=False)


def index_page(paths: Sequence[LearningPath]) -> GeneratedPage:
    """Every path with its steps at a glance."""
    parts = [
        front_matter(title="학습 경로 (Learning paths)",
                     description="용어, 퀴즈, 실습을 차례로 잇는 학습 경로"),
        bilingual_heading(1, "학습 경로", "Learning paths"),
        "",
        "용어를 순서대로 읽고, 단계마다 퀴즈와 실습으로 확인한다. 용어 페이지 끝의 "
        "**다음** 링크가 경로의 다음 용어로 안내한다.",
        "",
    ]
    for path in paths:
        steps = " → ".join(md_text(s.title.ko) for s in path.steps)
        parts += [
            f"## {_link(md_text(path.name.ko), INDEX_SRC, path_src(path.id))} {_english(path.name.en)}",
            "",
            md_text(path.description.ko),
            "",
            f"{steps} · 용어 {len(path.term_ids())}개 · {code_span(f'kubeclass quiz --path {path.id}')}",
            "",
        ]
    return GeneratedPage(src=INDEX_SRC, markdown="\n".join(parts), link_terms=False)


def path_uses(path: LearningPath, glossary: Glossary) -> Iterable[TermUse]:
    """Per term of ``path``: its place (``path``) and, unless it is the last, the next term."""
    ids = path.term_ids()
    for at, term_id in enumerate(ids):
        number, total = path.position(term_id) or (0, 0)
        step = path.steps[number - 1]
        yield TermUse(term_id=term_id, kind="path", title=path.name, src=path_src(path.id),
                      detail=f"{number}/{total} {step.title.ko}")
        if at + 1 < len(ids):
            following = glossary.terms[ids[at + 1]]
            yield TermUse(term_id=term_id, kind="next", title=Bilingual(following.term.ko, following.term.en),
                          src=urls.term_src(following.id), detail=path.id)


class PathPages:
    """The learning path generator (see :mod:`kubeclass.site.generators`)."""

    name = "paths"

    def __init__(self) -> None:
        self._loaded: tuple[SiteContext, list[LearningPath]] | None = None

    def paths(self, site: SiteContext) -> list[LearningPath]:
        """The site's paths, read once per build; a broken ``paths.yaml`` stops the build."""
        if self._loaded is not None and self._loaded[0] is site:
            return self._loaded[1]
        try:
            found = list(load_paths(site.glossary, site.content_root / "glossary").values())
        except ContentError as exc:
            from mkdocs.exceptions import PluginError

            raise PluginError(f"kubeclass: the learning paths have {len(exc.problems)} "
                              f"problem(s):\n{exc}") from exc
        self._loaded = (site, found)
        return found

    def pages(self, site: SiteContext, uses: Sequence[TermUse]) -> Iterable[GeneratedPage]:
        paths = self.paths(site)
        if not paths:
            return
        yield index_page(paths)
        for path in paths:
            yield path_page(path, site.glossary, uses)

    def term_uses(self, site: SiteContext) -> Iterable[TermUse]:
        for path in self.paths(site):
            yield from path_uses(path, site.glossary)

    def watch(self, site: SiteContext) -> Iterable[Path]:
        return (site.content_root / "glossary",)

    def nav(self, site: SiteContext) -> Iterable[NavEntry]:
        return (NavEntry(title=NAV_TITLE, src=INDEX_SRC),) if self.paths(site) else ()
