"""Korean-aware search: the tokenizer separator and the names added to the search index.

Material's lunr search splits text with one regular expression (``search.separator``) and
matches word prefixes. Two things make it work for Korean here:

- :func:`separator` extends the configured separator so that a Korean particle after a
  word of two or more syllables is split off: "파드를" is indexed (and queried) as "파드"
  + "를", so "파드" finds every mention.
- :func:`add_names` writes, into the page entries of the search index, a ``names``
  field (term names, abbreviation, aliases — configured with a high boost in
  ``mkdocs.yml``) and a ``kc`` field with normalized keys, which the kubeclass search
  worker (``assets/search-worker.js``) uses to put exact, prefix and infix name matches
  first ("분리" → 망분리, "ㄱㅅㅎ" → 가상화).
- For Zensical, :func:`add_names_to_items` writes the same ``kc`` keys into the index it
  built, and :func:`worker_script` assembles either engine's worker around the one
  ranking module (``assets/search-rank.js``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kubeclass.glossary.model import Term
from kubeclass.korean import PARTICLES, choseong, normalize

# Copulas and verb endings are in PARTICLES for the linker ("파드이다"), but splitting them
# off in search would cut every verb ("만든다" → "만든" + "다") for no gain.
_NOT_SPLIT = frozenset({"다", "이다", "입니다", "고", "이고", "며", "이며", "나", "하고"})
_ASSETS = Path(__file__).parent / "assets"
NAMES_FIELD = "names"
KEYS_FIELD = "kc"


@dataclass(frozen=True)
class PageNames:
    """What one page answers to in search."""

    names: tuple[str, ...]
    keys: tuple[str, ...]
    initials: str = ""

    def to_fields(self) -> dict[str, Any]:
        return {
            NAMES_FIELD: [html.escape(n, quote=False) for n in self.names],
            KEYS_FIELD: {"k": list(self.keys), "c": self.initials},
        }


def term_names(term: Term) -> PageNames:
    """A term page answers to its id, names, abbreviation and aliases (in this order)."""
    names = tuple(dict.fromkeys(term.names()))
    keys = tuple(normalize(n) for n in (term.id, *names))
    return PageNames(names=names, keys=keys, initials=choseong(term.term.ko))


def title_names(title: str) -> PageNames:
    """A hand-written page answers to its title ("환경 구축", "쿠버네티스의 아키텍처")."""
    return PageNames(names=(title,), keys=(normalize(title),), initials=choseong(title))


def separator(base: str) -> str:
    """``base`` plus a zero-width split before a particle that ends a Korean word.

    Only after two syllables, so short words that merely end in a particle-like syllable
    (정의, 회의) stay whole; index and query are split the same way, so matching holds.
    """
    particles = "|".join(sorted((p for p in PARTICLES if p not in _NOT_SPLIT), key=len,
                                reverse=True))
    return f"{base}|(?<=[가-힣]{{2}})(?=(?:{particles})(?![가-힣]))"


def add_names(entries: list[dict[str, Any]], location: str, names: PageNames) -> bool:
    """Add ``names`` to the page-level entry of ``location`` among the newest ``entries``.

    Material's search plugin appends a page's entries (the page, then its sections
    ``location#anchor``) as it indexes the page, so they are at the end of the list.
    Returns whether the page's entry was found.
    """
    for entry in reversed(entries):
        where = entry.get("location", "")
        if where == location:
            entry.update(names.to_fields())
            return True
        if not where.startswith(location + "#"):
            return False
    return False


def worker_script(wrapper: str, placeholder: str, engine_worker: str) -> str:
    """The search worker of one engine: the shared ranking, then the engine's wrapper.

    One file, so that the ranking is there before the wrapper runs, in a real worker and
    in the iframe-worker shim (whose ``importScripts`` is asynchronous) alike.
    """
    ranking = (_ASSETS / "search-rank.js").read_text("utf-8")
    adapter = (_ASSETS / wrapper).read_text("utf-8").replace(placeholder, engine_worker)
    return f"{ranking}\n{adapter}"


def add_names_to_items(items: list[dict[str, Any]],
                       names_of: Callable[[dict[str, Any]], PageNames | None]) -> int:
    """Give the page entries of a Zensical search index (``items``) their ``kc`` keys.

    A page entry is one whose location has no ``#anchor``; ``names_of`` says what it
    answers to (None: nothing). Returns how many entries got names.
    """
    named = 0
    for item in items:
        if "#" in item.get("location", "#"):
            continue
        names = names_of(item)
        if names is not None:
            item[KEYS_FIELD] = names.to_fields()[KEYS_FIELD]
            named += 1
    return named


SEARCH_TEXT_CLASS = "kc-search-names"


def search_text(names: PageNames) -> str:
    """An invisible block with the page's names, for engines that index page text only.

    Zensical's search matches a page entry on title and text only. Our worker
    (``assets/zensical-search-worker.js``) puts the name matches first; this text makes
    Zensical's own results, which the worker leaves alone when a tag filter is on, find a
    term page by its names, abbreviation, aliases, 초성 and the tails of its Korean names
    ("분리" → 망분리) too. (Repeating the names changed no ranking in Zensical 0.0.73.)
    """
    words = [*names.names, *(k for k in names.keys if k not in names.names)]
    words += [tail for name in names.names for tail in _korean_tails(name)]
    if names.initials:
        words.append(names.initials)
    body = " ".join(html.escape(w, quote=False) for w in dict.fromkeys(words))
    return f'<div class="{SEARCH_TEXT_CLASS}" hidden="">{body}</div>'


def _korean_tails(name: str) -> list[str]:
    """The endings of two or more syllables of a one-word Korean name (망분리 → 분리)."""
    if " " in name or not all("가" <= c <= "힣" for c in name):
        return []
    return [name[i:] for i in range(1, len(name) - 1)]
