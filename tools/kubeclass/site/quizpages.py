"""Quiz pages on the website: one per category, shuffled per build, working offline.

The items come from :func:`kubeclass.quiz.items.build_pool`, the same pool as
``kubeclass quiz export --format json``. A page is plain HTML that the site's sanitizer
keeps as it is (``div``, ``ol``, ``li``, ``p``, ``span``, ``a`` with ``class``/``id``/
``lang``), with every piece of glossary text HTML-escaped. One static script,
:data:`SCRIPT` (vanilla JavaScript, no inline code, no other host), turns it into a quiz
with a score; :data:`STYLESHEET` styles it and hides the answers the page carries. The
plugin ships both (:meth:`QuizPages.assets`) and loads them on the quiz pages.

Why not the mkdocs-quiz plugin: it injects forms, inputs and inline scripts into the page
HTML, which the sanitizer (rightly) removes from generated pages, and its fill-in-the-
blank cannot accept aliases ("가상 머신" / "가상머신" / "VM").
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterable, Sequence
from pathlib import Path

from kubeclass.glossary.model import Bilingual, Category, Glossary, Term
from kubeclass.quiz.items import CHOICE_TYPES, Item, ItemFactory, ItemType, applicable
from kubeclass.site import urls
from kubeclass.site.escape import attr, md_text
from kubeclass.site.generators import GeneratedPage, NavEntry, SiteContext, TermUse
from kubeclass.site.pages import front_matter

QUIZ_DIR = "quiz"
INDEX_SRC = f"{QUIZ_DIR}/index.md"
SCRIPT = "assets/kubeclass/quiz.js"
STYLESHEET = "assets/kubeclass/quiz.css"
WEB = Path(__file__).resolve().parent.parent / "quiz" / "web"
MARKER = 'class="kc-quiz"'


def quiz_src(category_id: str) -> str:
    """The source path of a category's quiz page: ``quiz/<category>.md``."""
    return f"{QUIZ_DIR}/{category_id}.md"


def build_seed() -> int:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), otherwise new for every build."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if fixed.isdigit():
        return int(fixed)
    return random.SystemRandom().randrange(2**31)


def category_items(factory: ItemFactory, terms: Sequence[Term], seed: int) -> list[Item]:
    """One item per term of a category (its type drawn per build), in a shuffled order."""
    rng = random.Random(f"quiz-page|{seed}")
    items: list[Item] = []
    for term in terms:
        kinds: list[ItemType] = [k for k in (*CHOICE_TYPES, "typed") if applicable(term, k)]
        kind = rng.choice(kinds)
        item = factory.make(term, kind, seed) or factory.make(term, "typed", seed)
        if item is not None:
            items.append(item)
    rng.shuffle(items)
    return items


def _term_link(term: Term, from_src: str) -> str:
    """A Markdown link to the term page (MkDocs resolves it for both builds)."""
    label = md_text(term.title("ko"))
    return f"[{label}]({urls.relative_src(from_src, urls.term_src(term.id))})"


def item_html(item: Item, number: int, term: Term, src: str) -> str:
    """One question as HTML: everything escaped; the explanation is Markdown (for the link)."""
    kind = "choice" if item.is_choice else "typed"
    lines = [
        # md_in_html: "block" lets the explanation below be Markdown, so that MkDocs
        # resolves (and checks) the term link for the online and the offline build.
        f'<li class="kc-quiz__item kc-quiz__item--{kind}" id="q{number}" markdown="block">',
        f'<p class="kc-quiz__question">{attr(item.instruction)}</p>',
        f'<p class="kc-quiz__prompt">{attr(item.prompt)}</p>',
    ]
    if item.is_choice:
        lines.append('<ol class="kc-quiz__options">')
        for index, option in enumerate(item.options):
            right = " kc-quiz__option--right" if index == item.answer else ""
            lines.append(f'<li class="kc-quiz__option{right}">{attr(option)}</li>')
        lines.append("</ol>")
    else:
        lines.append(f'<p class="kc-quiz__solution">{attr(item.solution)}</p>')
        lines.append('<ul class="kc-quiz__accept">')
        lines += [f"<li>{attr(name)}</li>" for name in item.accepted]
        lines.append("</ul>")
    lines += [
        '<div class="kc-quiz__explain" markdown="block">',
        "",
        f"{_term_link(term, src)} — {md_text(term.short.ko)}",
        "{ .kc-quiz__ko }",
        "",
        f"{md_text(term.short.en)}",
        '{ .kc-quiz__en lang="en" }',
        "",
        "</div>",
        "</li>",
    ]
    return "\n".join(lines)


def category_page(category: Category, factory: ItemFactory, terms: Sequence[Term],
                  seed: int) -> GeneratedPage:
    """The quiz page of one category."""
    glossary = factory.glossary
    src = quiz_src(category.id)
    items = category_items(factory, terms, seed)
    parts = [
        front_matter(title=attr(f"퀴즈: {category.name.ko}"), search={"exclude": True}),
        f"# 퀴즈: {md_text(category.name.ko)} "
        f'<span class="kc-en" lang="en">Quiz: {attr(category.name.en)}</span>',
        "",
        f"{md_text(category.name.ko)} 용어 {len(items)}문제. 보기를 누르거나 용어를 입력하면 "
        "바로 채점하고 설명을 보여 줍니다. 문제와 보기의 순서는 사이트를 만들 때마다 바뀝니다.",
        "{ .kc-quiz__intro }",
        "",
        f"터미널에서 복습 일정까지 관리하려면 `kubeclass quiz --category {category.id}`.",
        "",
        f'<div {MARKER} id="kc-quiz" role="region" aria-label="퀴즈 Quiz" markdown="1">',
        '<p class="kc-quiz__score" aria-live="polite">점수 <span lang="en">Score</span>: '
        '<strong class="kc-quiz__right">0</strong> / <span class="kc-quiz__answered">0</span>'
        f' <span class="kc-quiz__of">(전체 <span class="kc-quiz__total">{len(items)}</span>문제)'
        "</span></p>",
        '<ol class="kc-quiz__items" markdown="1">',
    ]
    for number, item in enumerate(items, 1):
        parts.append(item_html(item, number, glossary.terms[item.term_id], src))
    parts += ["</ol>", "</div>", ""]
    return GeneratedPage(src=src, markdown="\n".join(parts), link_terms=False, in_nav=False)


def index_page(glossary: Glossary, groups: dict[str, list[Term]]) -> GeneratedPage:
    """The list of quiz pages."""
    parts = [
        front_matter(title="퀴즈"),
        '# 퀴즈 <span class="kc-en" lang="en">Quizzes</span>',
        "",
        "분야별로 용어를 확인해 보세요. 틀린 용어는 설명과 용어 페이지 링크로 바로 복습할 수 "
        "있습니다. Check yourself by category; every answer links to the term's page.",
        "",
    ]
    for category in glossary.categories.values():
        terms = groups.get(category.id, [])
        if terms:
            link = urls.relative_src(INDEX_SRC, quiz_src(category.id))
            parts.append(f"- [{md_text(category.name.ko)}]({link}) "
                         f'<span class="kc-en" lang="en">{attr(category.name.en)}</span> — '
                         f"{len(terms)}문제")
    parts += [
        "",
        "## 터미널에서 <span lang=\"en\">In the terminal</span>",
        "",
        "`kubeclass quiz`는 FSRS 간격 반복으로 틀린 용어를 더 자주 다시 묻고, 진행 기록을 "
        "저장합니다. `kubeclass quiz export --format anki -o kubeclass.apkg`로 Anki 덱을, "
        "`--format markdown`으로 인쇄용 학습지를 만들 수 있습니다.",
        "",
    ]
    return GeneratedPage(src=INDEX_SRC, markdown="\n".join(parts), link_terms=False)


class QuizPages:
    """The quiz page generator (see :mod:`kubeclass.site.generators`)."""

    name = "quiz"

    def __init__(self, seed: int | None = None) -> None:
        self.seed = build_seed() if seed is None else seed

    def pages(self, site: SiteContext, uses: Sequence[TermUse]) -> Iterable[GeneratedPage]:
        glossary = site.glossary
        groups = glossary.by_category()
        yield index_page(glossary, groups)
        factory = ItemFactory(glossary, "ko")  # shared: its caches span the categories
        for category in glossary.categories.values():
            terms = groups.get(category.id, [])
            if terms:
                yield category_page(category, factory, terms, self.seed)

    def term_uses(self, site: SiteContext) -> Iterable[TermUse]:
        for term in site.glossary.terms.values():
            category = site.glossary.categories.get(term.category)
            if category is None:
                continue
            yield TermUse(
                term_id=term.id, kind="quiz", src=quiz_src(category.id),
                title=Bilingual(f"{category.name.ko} 퀴즈", f"{category.name.en} quiz"),
            )

    def watch(self, site: SiteContext) -> Iterable[Path]:
        return (site.content_root / "glossary",)

    def nav(self, site: SiteContext) -> Iterable[NavEntry]:
        return (NavEntry(title="퀴즈", src=INDEX_SRC),)

    def assets(self, site: SiteContext) -> dict[str, Path]:
        """Static files the pages need: the quiz script and its stylesheet."""
        return {SCRIPT: WEB / "quiz.js", STYLESHEET: WEB / "quiz.css"}
