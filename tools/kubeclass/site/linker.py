"""Link glossary terms where a page mentions them: the first mention, in running text only.

Works on the rendered HTML of a page, where code, headings and existing links are plain
to see. A mention is any name of a term (Korean, English, abbreviation, alias) standing
as a word of its own, optionally followed by Korean particles — "VM은", "파드를",
"컨테이너의" link the stem and leave the particle outside the link. The link's ``title``
carries the term's one-sentence definition (in English inside ``lang="en"`` parts), which
Material shows as a tooltip.

Finding the mentions (:meth:`Linker.mentions`, the costly part) and writing the links
(:meth:`Linker.apply`) are separate steps, so that a build can keep the mentions of pages
it has seen before (:mod:`.linkcache`) and only write their links.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from kubeclass import korean
from kubeclass.glossary.model import Glossary, Term
from kubeclass.korean import is_syllable, lower_in_place, normalize, particle_pattern
from kubeclass.site import htmlscan
from kubeclass.site.escape import attr
from kubeclass.site.htmlscan import VOID, attributes

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

# A term page's URL, or its source path (engines that resolve links between sources).
_TERM_HREF = re.compile(r"^/?terms/([a-z0-9]+(?:-[a-z0-9]+)*)(?:/|\.html|\.md)?(?:index\.html)?$")


_SKIP_NAMES = "|".join(sorted(SKIP_ELEMENTS, key=len, reverse=True))
_SKIP_CLASS_NAMES = "|".join(sorted(SKIP_CLASSES))
# The tags the linker must look at: comments, skipped elements, and any element with a
# lang attribute or a skip class. Everything else is ordinary text to it.
_SPECIAL = re.compile(
    # One leading literal "<" lets the engine jump from tag to tag.
    r"<(?:(?P<comment>!--.*?-->)"
    rf"|(?P<skip>{_SKIP_NAMES})(?=[\s/>])(?P<attrs>[^>]*)>"
    r"|(?P<other>[a-z][a-z0-9:-]*)(?=\s)"
    rf"(?=[^>]*?(?:\slang=|\sclass=\"[^\"]*?\b(?:{_SKIP_CLASS_NAMES})\b))(?P<attrs2>[^>]*)>)",
    re.DOTALL,  # case-sensitive: Markdown writes lower-case tags, and it is twice as fast
)
_SPACES = re.compile(r"\s+")
_HREF = re.compile(r"""\shref=["']?([^"'\s>]*)""", re.IGNORECASE)
_CLOSERS: dict[str, re.Pattern[str]] = {}
_NO_IDS: frozenset[str] = frozenset()


def _matching_close(fragment: str, name: str, start: int, limit: int) -> tuple[int, int]:
    """Where the element opened just before ``start`` ends: (start, end) of its end tag,
    or ``(limit, limit)`` when it is not closed before ``limit``."""
    closer = _CLOSERS.get(name)
    if closer is None:
        closer = _CLOSERS[name] = re.compile(rf"<(/?){name}\b[^>]*>", re.IGNORECASE)
    depth = 1
    for match in closer.finditer(fragment, start, limit):
        if match.group(1):
            depth -= 1
            if depth == 0:
                return match.start(), match.end()
        elif not match.group(0).endswith("/>"):
            depth += 1
    return limit, limit


class Mention(NamedTuple):
    """A term mention to link: ``fragment[start:end]``, in a part of the page in ``lang``."""

    start: int
    end: int
    term_id: str
    lang: str


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
    return " ".join(text.split()).lower()


def _key_variants(text: str) -> set[str]:
    """The name keys a linked text may stand for: itself, or without a plural ending."""
    key = _key(text)
    return {key, key.removesuffix("s"), key.removesuffix("es")}


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
        self._link_targets: dict[tuple[str, str], str | None] = {}
        self._names: dict[str, list[_Name]] = {}
        skipped = set(exclude)
        for term in glossary.terms.values():
            if term.id in skipped:
                continue
            for name, plural in mention_names(term):
                case_sensitive = len(name) <= 3 or name.isupper()
                self._names.setdefault(_key(name), []).append(
                    _Name(term.id, " ".join(name.split()), case_sensitive, plural))
        self._ids_by_key = {key: frozenset(name.term_id for name in names)
                            for key, names in self._names.items()}
        # The link titles (the one-sentence definitions), Korean and English, escaped once.
        self._titles = {term.id: (attr(term.short.ko), attr(term.short.en))
                        for term in glossary.terms.values()}
        self._compiled: re.Pattern[str] | None = None

    @property
    def stamp(self) -> str:
        """A digest of everything the mentions found depend on besides the page itself:
        the names and their rules, and this module's code (and what it uses)."""
        digest = hashlib.blake2b(digest_size=16)
        for module in (__file__, korean.__file__, htmlscan.__file__):
            digest.update(Path(module).read_bytes())
        for key in sorted(self._names):
            digest.update(repr((key, self._names[key])).encode())
        return digest.hexdigest()

    @property
    def _regex(self) -> re.Pattern[str]:
        # Compiled on first use: a build whose pages all come from the cache never needs it.
        if self._compiled is None:
            self._compiled = self._compile()
        return self._compiled

    def _compile(self) -> re.Pattern[str]:
        pattern = _trie_pattern(sorted(self._names)) if self._names else r"(?!x)x"
        # Cheap tests first, so most positions fail fast: a character some name starts
        # with, not in the middle of a word (nor after "-", ".", "/", "@", "#": k8s.io).
        firsts = sorted({name[0] for name in self._names})
        start = "(?=[" + "".join(re.escape(c) for c in firsts) + r"])(?<![\w\-./@#])"
        # An English plural rides along inside the link ("Pods"); after the name come
        # optional Korean particles (up to two: "에서"+"는"), then the word must end.
        plural_suffix = r"(?P<plural>(?<=[a-z])(?:es|s))?"
        after = rf"(?=(?:{particle_pattern()}){{0,2}}(?![\w]|[\-./@][\w]))"
        # Text is searched with its inline tags in place: a "match" inside a tag's
        # attributes (followed by ">" before any "<") is not a mention.
        outside_tags = r"(?![^<>]*>)"
        # Searched in lower-cased text: a case-sensitive expression runs a good deal faster
        # than one with IGNORECASE, and the names' case is checked afterwards anyway.
        return re.compile(f"{start}(?P<name>{pattern}){plural_suffix}{after}{outside_tags}")

    def link(self, fragment: str, page_url: str, href_for: Callable[[str], str],
             *, skip_term: str | None = None) -> str:
        """``fragment`` with the first running-text mention of each term linked.

        ``page_url`` is the site-relative URL of the page (to recognise links that already
        point at a term page), ``href_for(term_id)`` gives the link target relative to the
        page, and ``skip_term`` is the page's own term, never linked to itself.
        """
        return self.apply(fragment, self.mentions(fragment, page_url, skip_term=skip_term),
                          href_for)

    def mentions(self, fragment: str, page_url: str, *, skip_term: str | None = None
                 ) -> list[Mention]:
        """The first running-text mention of each term in ``fragment``, in page order
        (the arguments as for :meth:`link`)."""
        linked: set[str] = {skip_term} if skip_term else set()
        lowered = lower_in_place(fragment)
        found: list[Mention] = []
        folder = posixpath.dirname("/" + page_url)
        for start, end, lang in self._text_ranges(fragment, folder, linked):
            self._find_mentions(fragment, lowered, start, end, lang, linked, found)
        return found

    def apply(self, fragment: str, mentions: Sequence[Mention],
              href_for: Callable[[str], str]) -> str:
        """``fragment`` with ``mentions`` (from :meth:`mentions` on this very fragment)
        made links to their term pages, titled with the term's one-sentence definition."""
        if not mentions:
            return fragment
        out: list[str] = []
        pos = 0
        for start, end, term_id, lang in mentions:
            title = self._titles[term_id][lang.startswith("en")]
            out.append(fragment[pos:start])
            out.append(f'<a class="{LINK_CLASS}" href="{html.escape(href_for(term_id), quote=True)}" '
                       f'title="{title}">{fragment[start:end]}</a>')
            pos = end
        out.append(fragment[pos:])
        return "".join(out)

    def fits(self, fragment: str, mentions: Sequence[Mention]) -> bool:
        """Whether ``mentions`` can be applied to ``fragment``: in order, inside it, each
        over plain text that names its term. A check on mentions kept from an earlier
        build (a damaged cache must not break a page), not a search."""
        pos = 0
        for start, end, term_id, _lang in mentions:
            if not pos <= start < end <= len(fragment):
                return False
            text = fragment[start:end]
            if "<" in text or ">" in text or not any(
                    term_id in self._ids_by_key.get(key, _NO_IDS) for key in _key_variants(text)):
                return False
            pos = end
        return True

    def _text_ranges(self, fragment: str, folder: str, linked: set[str]
                     ) -> Iterator[tuple[int, int, str]]:
        """The stretches of ``fragment`` whose text may be linked: ``(start, end, lang)``.

        Only the tags that matter — skipped elements, ``lang`` changes, comments — are
        visited one by one (found by one regular expression); the text and ordinary tags
        between them form one stretch, names inside a tag being ignored when searched.
        Terms that existing links point at are added to ``linked`` on the way.
        """
        find = _SPECIAL.search
        # The elements with a lang of their own that enclose ``pos``:
        # (start of their end tag, end of it, the language outside them).
        open_langs: list[tuple[int, int, str]] = []
        lang, pos, limit = "ko", 0, len(fragment)
        while True:
            special = find(fragment, pos, limit)
            if special is None:
                yield pos, limit, lang
                if not open_langs:
                    return
                _, pos, lang = open_langs.pop()
                limit = open_langs[-1][0] if open_langs else len(fragment)
                continue
            yield pos, special.start(), lang
            pos = special.end()
            if special.group("comment"):
                continue
            skip_name = special.group("skip")
            if skip_name:
                name, attrs = skip_name, special.group("attrs")
                skip, element_lang = True, None
                if name == "a":
                    self._note_existing_link(attrs, folder, linked)
            else:
                name, attrs = special.group("other"), special.group("attrs2")
                values: dict[str, str | None] = {}
                for key, value in attributes(attrs):
                    values.setdefault(key, value)  # the first of a repeated attribute counts
                skip = bool(set((values.get("class") or "").split()) & SKIP_CLASSES)
                element_lang = values.get("lang")
            if name in VOID or attrs.rstrip().endswith("/") or not (skip or element_lang):
                continue
            if skip_name:
                # These never nest in rendered Markdown: the next end tag closes them.
                found = fragment.find(f"</{name}>", pos, limit)
                close_start, close_end = ((limit, limit) if found < 0
                                          else (found, found + len(name) + 3))
            else:
                close_start, close_end = _matching_close(fragment, name, pos, limit)
            if skip:
                pos = close_end
            else:
                open_langs.append((close_start, close_end, lang))
                lang, limit = element_lang or lang, close_start

    def _note_existing_link(self, attrs: str, folder: str, linked: set[str]) -> None:
        """Add the term an existing link points at (``folder``: the page's, from the root)."""
        found = _HREF.search(attrs)
        href = found.group(1) if found else ""
        if not href or "://" in href or href.startswith(("#", "mailto:")):
            return
        path = href.split("#", 1)[0]
        key = (folder, path)
        if key not in self._link_targets:  # pages of one folder link the same few pages
            resolved = posixpath.normpath(posixpath.join(folder, path))
            match = _TERM_HREF.match(resolved.lstrip("/") + ("/" if path.endswith("/") else ""))
            self._link_targets[key] = match.group(1) if match else None
        term_id = self._link_targets[key]
        if term_id is not None:
            linked.add(term_id)

    def _find_mentions(self, fragment: str, lowered: str, start: int, end: int, lang: str,
                       linked: set[str], links: list[Mention]) -> None:
        """Add the first mention of each term not yet ``linked`` in ``fragment[start:end]``."""
        if end - start < 2:
            return  # a line break between two tags (a name has two characters or more)
        search, by_key = self._regex.search, self._ids_by_key
        match = search(lowered, start, end)
        while match is not None:
            name_start, name_end = match.span("name")
            key = lowered[name_start:name_end]
            ids = by_key.get(key) or by_key.get(" ".join(key.split()), _NO_IDS)
            # Most matches are repeated mentions: skip them before looking closer.
            if not ids <= linked:
                term_id = self._resolve(fragment[name_start:name_end],
                                        match.group("plural") is not None)
                if term_id is not None and term_id not in linked:
                    linked.add(term_id)
                    links.append(Mention(match.start(), match.end(), term_id, lang))
            match = search(lowered, match.end(), end)

    def _resolve(self, found: str, plural: bool) -> str | None:
        """The term a matched name stands for, or None when its case or plural is wrong."""
        exact = _SPACES.sub(" ", found)
        for name in self._names.get(exact.lower(), ()):
            if (name.case_sensitive and name.text != exact) or (plural and not name.plural):
                continue
            return name.term_id
        return None
