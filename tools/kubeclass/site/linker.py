"""Link glossary terms where a page mentions them: the first mention, in running text only.

Works on the rendered HTML of a page, where code, headings and existing links are plain
to see. A mention is any name of a term (Korean, English, abbreviation, alias) standing
as a word of its own, optionally followed by Korean particles — "VM은", "파드를",
"컨테이너의" link the stem and leave the particle outside the link. The link's ``title``
carries the term's one-sentence definition (in English inside ``lang="en"`` parts), which
Material shows as a tooltip.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kubeclass.glossary.model import Glossary, Term
from kubeclass.korean import is_syllable, normalize, particle_pattern
from kubeclass.site.escape import attr
from kubeclass.site.htmlscan import attribute, scan

# Elements whose text is never linked: code, headings, links and anything interactive.
SKIP_ELEMENTS = frozenset({
    "a", "code", "pre", "kbd", "samp", "var", "script", "style", "textarea", "button",
    "select", "option", "label", "title", "svg", "math", "abbr", "summary",
    "h1", "h2", "h3", "h4", "h5", "h6",
})
# Elements marked with one of these classes are skipped as well (admonition titles act as
# headings; kc-nolink lets a page opt a block out).
SKIP_CLASSES = frozenset({"admonition-title", "kc-nolink", "headerlink", "md-tags"})
LINK_CLASS = "kc-term"

_BEFORE_FORBIDDEN = re.compile(r"[\w\-./@#]")
_TERM_HREF = re.compile(r"^/?terms/([a-z0-9]+(?:-[a-z0-9]+)*)(?:/|\.html)?(?:index\.html)?$")


@dataclass(frozen=True)
class _Name:
    term_id: str
    text: str
    case_sensitive: bool
    plural: bool


def _linkable(name: str) -> bool:
    """Single syllables (잡, 롤) and single letters are too ambiguous to link on their own."""
    stripped = name.strip()
    if any(is_syllable(c) for c in stripped):
        return sum(1 for c in stripped if is_syllable(c) or c.isalnum()) >= 2
    return len(stripped) >= 2 and any(c.isalpha() for c in stripped)


def mention_names(term: Term) -> list[tuple[str, bool]]:
    """The names that count as a mention of ``term``, each with "may take a plural -s".

    The Korean and English names and the abbreviation always count. An alias counts when
    it is only a spelling of a name ("가상머신") or has several words ("쿠버네티스 파드");
    one-word aliases are often everyday words ("이미지", "태그", "deploy", "binary") and
    would link the wrong thing.
    """
    primary = [term.term.ko, term.term.en, *([term.abbr] if term.abbr else [])]
    keys = {normalize(n) for n in primary}
    out = [(term.term.ko, False), (term.term.en, True)]
    if term.abbr:
        out.append((term.abbr, True))
    for alias in term.aka:
        if normalize(alias) in keys or len(alias.split()) > 1:
            out.append((alias, False))
    unique: dict[str, bool] = {}
    for name, plural in out:
        if _linkable(name):
            unique.setdefault(name, plural)
    return list(unique.items())


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, longest alternative first.

    A trie instead of a flat alternation keeps a 6,000-name pattern fast to compile and
    to run; whitespace inside a name matches any run of whitespace (line breaks in text).
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        terminal = "" in node
        branches = []
        for char in sorted(c for c in node if c):
            piece = r"\s+" if char == " " else re.escape(char)
            branches.append(piece + emit(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if terminal else body

    return emit(trie)


class Linker:
    """Links term mentions in rendered pages; build once per site build, reuse per page."""

    def __init__(self, glossary: Glossary, *, exclude: Iterable[str] = ()) -> None:
        """``exclude``: term ids never linked automatically (names that are everyday words)."""
        self._terms = glossary.terms
        self._names: dict[str, list[_Name]] = {}
        skipped = set(exclude)
        for term in glossary.terms.values():
            if term.id in skipped:
                continue
            for name, plural in mention_names(term):
                case_sensitive = len(name) <= 3 or name.isupper()
                self._names.setdefault(_key(name), []).append(
                    _Name(term.id, " ".join(name.split()), case_sensitive, plural))
        pattern = _trie_pattern(sorted(self._names)) if self._names else r"(?!x)x"
        # An English plural rides along inside the link ("Pods"); after the name come
        # optional Korean particles (up to two: "에서"+"는"), then the word must end.
        plural_suffix = r"(?P<plural>(?<=[a-z])(?:es|s))?"
        after = rf"(?=(?:{particle_pattern()}){{0,2}}(?![\w]|[\-./@][\w]))"
        self._regex = re.compile(f"(?P<name>{pattern}){plural_suffix}{after}", re.IGNORECASE)

    def link(self, fragment: str, page_url: str, href_for: Callable[[str], str],
             *, skip_term: str | None = None) -> str:
        """``fragment`` with the first running-text mention of each term linked.

        ``page_url`` is the site-relative URL of the page (to recognise links that already
        point at a term page), ``href_for(term_id)`` gives the link target relative to the
        page, and ``skip_term`` is the page's own term, never linked to itself.
        """
        linked: set[str] = {skip_term} if skip_term else set()
        out: list[str] = []
        stack: list[tuple[str, bool, str | None]] = []
        skipping = 0
        langs: list[str] = []
        for token in scan(fragment):
            if token.kind == "text":
                if skipping or not token.raw.strip():
                    out.append(token.raw)
                else:
                    out.append(self._link_text(token.raw, langs[-1] if langs else "ko",
                                               linked, href_for))
                continue
            out.append(token.raw)
            if token.kind == "start":
                if token.name == "a":
                    self._note_existing_link(token.attrs, page_url, linked)
                if token.self_closing:
                    continue
                classes = set((attribute(token.attrs, "class") or "").split())
                skip = token.name in SKIP_ELEMENTS or bool(classes & SKIP_CLASSES)
                element_lang = attribute(token.attrs, "lang")
                stack.append((token.name, skip, element_lang))
                skipping += skip
                if element_lang is not None:
                    langs.append(element_lang)
            elif token.kind == "end" and any(entry[0] == token.name for entry in stack):
                while stack:
                    name, skipped, opened_lang = stack.pop()
                    skipping -= skipped
                    if opened_lang is not None:
                        langs.pop()
                    if name == token.name:
                        break
        return "".join(out)

    def _note_existing_link(self, attrs: str, page_url: str, linked: set[str]) -> None:
        href = attribute(attrs, "href")
        if not href or "://" in href or href.startswith(("#", "mailto:")):
            return
        path = href.split("#", 1)[0]
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname("/" + page_url), path))
        match = _TERM_HREF.match(resolved.lstrip("/") + ("/" if path.endswith("/") else ""))
        if match:
            linked.add(match.group(1))

    def _link_text(self, text: str, lang: str, linked: set[str],
                   href_for: Callable[[str], str]) -> str:
        pieces: list[str] = []
        pos = 0
        search_from = 0
        while True:
            match = self._regex.search(text, search_from)
            if match is None:
                break
            start, end = match.span()
            search_from = start + 1
            if not match.group(0) or (start > 0 and _BEFORE_FORBIDDEN.match(text[start - 1])):
                continue
            term_id = self._resolve(match.group("name"), bool(match.group("plural")), linked)
            if term_id is None:
                continue
            linked.add(term_id)
            term = self._terms[term_id]
            short = term.short.en if lang.startswith("en") else term.short.ko
            pieces.append(text[pos:start])
            pieces.append(
                f'<a class="{LINK_CLASS}" href="{html.escape(href_for(term_id), quote=True)}" '
                f'title="{attr(short)}">{text[start:end]}</a>'
            )
            pos = search_from = end
        if not pieces:
            return text
        pieces.append(text[pos:])
        return "".join(pieces)

    def _resolve(self, found: str, plural: bool, linked: set[str]) -> str | None:
        exact = " ".join(found.split())
        for name in self._names.get(_key(found), ()):
            if (name.case_sensitive and name.text != exact) or (plural and not name.plural):
                continue
            return None if name.term_id in linked else name.term_id
        return None

