"""The glossary's pages as Markdown: one per term, one per category, the indexes.

Pure functions from the glossary to Markdown strings. Every piece of glossary text goes
through :mod:`kubeclass.site.escape`; links between pages are Markdown links between
source paths (``../terms/pod.md``) that MkDocs resolves — and checks — for both the
online build (``terms/pod/``) and the offline one (``terms/pod.html``).
"""

from __future__ import annotations

import html
import json
import urllib.parse
from collections.abc import Iterable, Sequence
from pathlib import Path

from kubeclass.glossary.model import Category, Glossary, Term
from kubeclass.korean import INDEX_LETTERS, initial_consonant
from kubeclass.site import urls
from kubeclass.site.escape import attr, code_fence, md_block, md_text, table_cell
from kubeclass.site.generators import GeneratedPage, NavEntry, SiteContext, TermUse

LEVELS_KO = {"beginner": "입문", "intermediate": "중급", "advanced": "고급"}
USE_KINDS = {"lab": ("실습", "Lab"), "quiz": ("퀴즈", "Quiz")}
PATH_KINDS = ("path", "next")  # learning path uses: the page's last section, not a practice
# Romanized anchors for the ㄱ–ㅎ headings: plain ASCII ids survive every URL round trip.
_LETTER_IDS = dict(zip(INDEX_LETTERS, ["g", "n", "d", "r", "m", "b", "s", "ng", "j", "ch", "k",
                                       "t", "p", "h"], strict=True))
_OTHER_ID = "latin"


def front_matter(**fields: object) -> str:
    """A YAML front-matter block; titles are HTML-escaped because themes print them raw.

    Written as JSON, which YAML reads as it is (a JSON string is a YAML double-quoted
    scalar): a tenth of the cost of ``yaml.dump`` for every generated page.
    """
    text = "".join(f"{key}: {json.dumps(value, ensure_ascii=False).translate(_YAML_BREAKS)}\n"
                   for key, value in fields.items())
    return f"---\n{text}---\n\n"


# Line breaks to YAML that JSON leaves raw: escaped, or they would fold inside a string.
_YAML_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def bilingual_heading(level: int, ko: str, en: str, anchor: str | None = None) -> str:
    """``## 한국어 English`` with the English part marked ``lang="en"``."""
    english = "" if ko == en else f' <span class="kc-en" lang="en">{attr(en)}</span>'
    suffix = f" {{ #{anchor} }}" if anchor else ""
    return f"{'#' * level} {md_text(ko)}{english}{suffix}"


def _link(label_md: str, from_src: str, to_src: str) -> str:
    return f"[{label_md}]({urls.relative_src(from_src, to_src)})"


def _md_url(url: str) -> str:
    """An external URL as a Markdown link target that no character can break out of."""
    return "<" + urllib.parse.quote(url, safe=":/?#[]@!$&'()*+,;=%~-._") + ">"


def _label(ko: str, en: str) -> str:
    english = "" if ko == en else f' <span class="kc-en" lang="en">{attr(en)}</span>'
    return md_text(ko) + english


def _term_label(term: Term) -> str:
    return _label(term.term.ko, term.term.en)


# --------------------------------------------------------------------------- term pages


def term_page(term: Term, glossary: Glossary, uses: Sequence[TermUse] = ()) -> GeneratedPage:
    """The page of one term: names, both definitions, examples, related terms, references."""
    src = urls.term_src(term.id)
    category = glossary.categories.get(term.category)
    parts = [
        front_matter(
            title=attr(term.title("ko")),
            description=attr(term.short.ko),
            tags=[t for t in term.tags if _is_slug(t)],
        ),
        bilingual_heading(1, term.term.ko, term.term.en),
        "",
        _meta_line(term, category, src),
        "",
        '<div class="kc-short" markdown="1">',
        f'<p class="kc-short__ko">{attr(term.short.ko)}</p>',
        f'<p class="kc-short__en" lang="en">{attr(term.short.en)}</p>',
        "</div>",
        "",
        "## 설명 { #description-ko }",
        "",
        md_block(term.long.ko),
        "",
        '## Description { #description-en lang="en" }',
        "",
        '<div class="kc-long-en" lang="en" markdown="1">',
        "",
        md_block(term.long.en),
        "",
        "</div>",
        "",
    ]
    if term.examples:
        parts += [bilingual_heading(2, "예시", "Examples", "examples"), ""]
        for example in term.examples:
            parts += [bilingual_heading(3, example.title.ko, example.title.en), "",
                      code_fence(example.code, example.language), ""]
    related = [glossary.terms[r] for r in term.related if r in glossary.terms]
    if related:
        parts += [bilingual_heading(2, "관련 용어", "Related terms", "related"), "",
                  '<div class="kc-related kc-nolink" markdown="1">', ""]
        parts += [f"- {_link(_term_label(r), src, urls.term_src(r.id))} — {md_text(r.short.ko)}"
                  for r in related]
        parts += ["", "</div>", ""]
    own_uses = [u for u in uses if u.term_id == term.id and u.kind not in PATH_KINDS]
    if own_uses:
        parts += [bilingual_heading(2, "퀴즈와 실습", "Quizzes and labs", "practice"), "",
                  '<div class="kc-nolink" markdown="1">', ""]
        for use in sorted(own_uses, key=lambda u: (u.kind, u.src)):
            ko, en = USE_KINDS.get(use.kind, (use.kind, use.kind))
            detail = f" — {md_text(use.detail)}" if use.detail else ""
            parts.append(f"- {md_text(ko)} · <span lang=\"en\">{attr(en)}</span>: "
                         f"{_link(md_text(use.title.ko), src, use.src)}{detail}")
        parts += ["", "</div>", ""]
    if term.references:
        parts += [bilingual_heading(2, "참고 자료", "References", "references"), ""]
        parts += [f"- [{md_text(ref.title)}]({_md_url(ref.url)})" for ref in term.references]
        parts.append("")
    parts += _path_section([u for u in uses if u.term_id == term.id and u.kind in PATH_KINDS], src)
    return GeneratedPage(src=src, markdown="\n".join(parts), term_id=term.id, in_nav=False)


def _path_section(uses: Sequence[TermUse], src: str) -> list[str]:
    """The page's last section: its place in each learning path and the next term there
    (uses of :mod:`kubeclass.site.pathpages`: ``path`` and ``next``, the path id as detail)."""
    places = [u for u in uses if u.kind == "path"]
    if not places:
        return []
    following = {u.detail: u for u in uses if u.kind == "next"}
    parts = [bilingual_heading(2, "학습 경로", "Learning path", "path"), "",
             '<div class="kc-path-next kc-nolink" markdown="1">', ""]
    for place in places:
        line = f"- {_link(md_text(place.title.ko), src, place.src)} · {md_text(place.detail)}"
        nxt = following.get(place.src.rsplit("/", 1)[-1].removesuffix(".md"))
        if nxt is not None:
            line += (f" — 다음 · <span lang=\"en\">Next</span>: "
                     f"{_link(_label(nxt.title.ko, nxt.title.en), src, nxt.src)} →")
        parts.append(line)
    return [*parts, "", "</div>", ""]


def chip(ko: str, en: str, kind: str) -> str:
    """A chip under a page title: Korean text, then the English marked ``lang="en"``."""
    return (f'<span class="kc-chip kc-chip--{kind}">{attr(ko)} · '
            f'<span lang="en">{attr(en)}</span></span>')


def _meta_line(term: Term, category: Category | None, src: str) -> str:
    chips = []
    if term.abbr:
        chips.append(f'<span class="kc-chip kc-chip--abbr" title="약어 · abbreviation">'
                     f"{attr(term.abbr)}</span>")
    if category is not None:
        chips.append(_link(md_text(category.name.ko), src, urls.category_src(category.id))
                     + "{ .kc-chip .kc-chip--category }")
    level = LEVELS_KO.get(term.level, term.level)
    chips.append(chip(level, term.level, "level"))
    if term.seed:
        chips.append('<span class="kc-chip kc-chip--seed" title="학습 노트에서 온 용어 · '
                     'a term from the seed study note">학습 노트</span>')
    line = " ".join(chips)
    if term.aka:
        names = ", ".join(f"<span>{attr(name)}</span>" for name in term.aka)
        line += f'\n<span class="kc-aka">다른 이름 · <span lang="en">also</span>: {names}</span>'
    return line + "\n{ .kc-meta }"


def _is_slug(tag: str) -> bool:
    return bool(tag) and all(c.isascii() and (c.isalnum() or c == "-") for c in tag)


# ----------------------------------------------------------------------- category pages


def category_page(category: Category, terms: Sequence[Term]) -> GeneratedPage:
    """A category: its description and a table of its terms."""
    src = urls.category_src(category.id)
    rows = [
        f"| {_link(md_text(t.term.ko), src, urls.term_src(t.id))} "
        f"| <span lang=\"en\">{attr(t.term.en)}</span> "
        f"| {table_cell(t.abbr or '')} | {table_cell(t.short.ko)} |"
        for t in sorted(terms, key=lambda t: t.term.ko)
    ]
    parts = [
        front_matter(title=attr(f"{category.name.ko} ({category.name.en})"),
                     description=attr(category.description.ko)),
        bilingual_heading(1, category.name.ko, category.name.en),
        "",
        '<div class="kc-lead">',
        f"<p>{attr(category.description.ko)}</p>",
        f'<p lang="en">{attr(category.description.en)}</p>',
        "</div>",
        "",
        f"용어 {len(terms)}개 · {_link('용어집 전체', src, urls.GLOSSARY_INDEX)}",
        "",
        "| 용어 | English | 약어 | 한 줄 정의 |",
        "| --- | --- | --- | --- |",
        *rows,
        "",
    ]
    return GeneratedPage(src=src, markdown="\n".join(parts), link_terms=False, in_nav=False)


# ---------------------------------------------------------------------------- indexes


def glossary_index(glossary: Glossary) -> GeneratedPage:
    """The glossary's front page: counts, the indexes, and a card per category."""
    src = urls.GLOSSARY_INDEX
    groups = glossary.by_category()
    parts = [
        front_matter(title="용어집 (Glossary)",
                     description="클라우드·가상화·쿠버네티스 용어집 — 분류별 보기"),
        bilingual_heading(1, "용어집", "Glossary"),
        "",
        f"용어 **{len(glossary.terms)}**개를 분류 {len(glossary.categories)}개로 나누었다. "
        "모든 용어는 한국어와 영어로 설명한다.",
        "",
        f"[:material-sort-alphabetical-ascending: ㄱ–ㅎ 색인]({urls.relative_src(src, urls.INDEX_KO)})"
        "{ .md-button .md-button--primary } "
        f"[A–Z 색인]({urls.relative_src(src, urls.INDEX_AZ)}){{ .md-button }} "
        f"[:material-tag-multiple: 태그]({urls.relative_src(src, urls.TAGS_PAGE)}){{ .md-button }}",
        "",
        '<div class="grid cards kc-nolink" markdown="1">',
        "",
    ]
    for category in glossary.categories.values():
        terms = groups.get(category.id, [])
        parts += [
            f"-   **{_link(md_text(category.name.ko), src, urls.category_src(category.id))}**"
            f' <span class="kc-en" lang="en">{attr(category.name.en)}</span>',
            "",
            "    ---",
            "",
            f"    {md_text(category.description.ko)}",
            "",
            f"    용어 {len(terms)}개",
            "",
        ]
    parts += ["</div>", ""]
    return GeneratedPage(src=src, markdown="\n".join(parts), link_terms=False)


def az_index(glossary: Glossary) -> GeneratedPage:
    """Every English name and abbreviation, A to Z."""
    src = urls.INDEX_AZ
    entries: list[tuple[str, str, Term]] = []
    for term in glossary.terms.values():
        entries.append((term.term.en, "", term))
        if term.abbr and term.abbr.casefold() != term.term.en.casefold():
            entries.append((term.abbr, term.term.en, term))
    groups: dict[str, list[tuple[str, str, Term]]] = {}
    for entry in sorted(entries, key=lambda e: (e[0].casefold(), e[2].id)):
        letter = initial_consonant(entry[0])
        groups.setdefault(letter if letter.isascii() and letter.isalpha() else "#", []).append(entry)
    order = sorted(groups, key=lambda k: (k == "#", k))
    anchors = {letter: ("other" if letter == "#" else letter.lower()) for letter in order}
    lines = [
        front_matter(title="A–Z 색인 (A–Z index)",
                     description="영어 이름과 약어로 찾는 용어 색인", search={"exclude": True}),
        bilingual_heading(1, "A–Z 색인", "A–Z index"),
        "",
        "영어 이름과 약어로 찾는다. 한국어 이름으로 찾으려면 "
        f"{_link('ㄱ–ㅎ 색인', src, urls.INDEX_KO)}을 보라.",
        "",
        _letter_bar(order, anchors),
        "",
    ]
    for letter in order:
        rows = []
        for name, full, term in groups[letter]:
            label = f'<span lang="en">{attr(name)}</span>'
            note = f'<span lang="en">{attr(full)}</span> · ' if full else ""
            rows.append(f"- {_link(label, src, urls.term_src(term.id))}"
                        f" — {note}{md_text(term.term.ko)}")
        lines += _index_section(letter, anchors[letter], rows)
    return GeneratedPage(src=src, markdown="\n".join(lines), link_terms=False)


def korean_index(glossary: Glossary) -> GeneratedPage:
    """Every Korean name, grouped by its initial consonant (ㄱ–ㅎ)."""
    src = urls.INDEX_KO
    groups: dict[str, list[Term]] = {}
    for term in sorted(glossary.terms.values(), key=lambda t: (t.term.ko, t.id)):
        letter = initial_consonant(term.term.ko)
        groups.setdefault(letter if letter in _LETTER_IDS else "A–Z", []).append(term)
    order = [letter for letter in [*INDEX_LETTERS, "A–Z"] if letter in groups]
    anchors = {letter: _LETTER_IDS.get(letter, _OTHER_ID) for letter in order}
    lines = [
        front_matter(title="ㄱ–ㅎ 색인 (Korean index)",
                     description="한국어 이름의 첫 자음으로 찾는 용어 색인", search={"exclude": True}),
        bilingual_heading(1, "ㄱ–ㅎ 색인", "Korean index"),
        "",
        "한국어 이름의 첫 자음으로 찾는다. 영어 이름과 약어로 찾으려면 "
        f"{_link('A–Z 색인', src, urls.INDEX_AZ)}을 보라.",
        "",
        _letter_bar(order, anchors),
        "",
    ]
    for letter in order:
        rows = []
        for term in groups[letter]:
            abbr = f" ({md_text(term.abbr)})" if term.abbr else ""
            rows.append(f"- {_link(md_text(term.term.ko), src, urls.term_src(term.id))}{abbr}"
                        f' — <span lang="en">{attr(term.term.en)}</span>')
        lines += _index_section(letter, anchors[letter], rows)
    return GeneratedPage(src=src, markdown="\n".join(lines), link_terms=False)


def _index_section(letter: str, anchor: str, rows: list[str]) -> list[str]:
    """One letter of an index page: its heading (with a stable anchor) and its rows."""
    return [f"## {md_text(letter)} {{ #{anchor} }}", "", '<div class="kc-index" markdown="1">', "",
            *rows, "", "</div>", ""]


def _letter_bar(order: Sequence[str], anchors: dict[str, str]) -> str:
    links = " ".join(f'<a href="#{anchors[letter]}">{html.escape(letter)}</a>' for letter in order)
    return f'<nav class="kc-letters" aria-label="색인 글자">{links}</nav>'


# -------------------------------------------------------------------------- generator


class GlossaryPages:
    """The always-on generator: term, category and index pages from the glossary."""

    name = "glossary"

    def pages(self, site: SiteContext, uses: Sequence[TermUse]) -> Iterable[GeneratedPage]:
        glossary = site.glossary
        by_term: dict[str, list[TermUse]] = {}
        for use in uses:
            by_term.setdefault(use.term_id, []).append(use)
        for term in glossary.terms.values():
            yield term_page(term, glossary, by_term.get(term.id, ()))
        groups = glossary.by_category()
        for category in glossary.categories.values():
            yield category_page(category, groups.get(category.id, []))
        yield glossary_index(glossary)
        yield az_index(glossary)
        yield korean_index(glossary)

    def term_uses(self, site: SiteContext) -> Iterable[TermUse]:
        return ()

    def watch(self, site: SiteContext) -> Iterable[Path]:
        # labs/ too: lab pages and term pages' lab lists come from there.
        return (site.content_root / "glossary", site.content_root / "labs")

    def nav(self, site: SiteContext) -> Iterable[NavEntry]:
        return ()
