"""Finding terms: exact look-up for ``show`` and ranked search for ``search``.

Korean needs infix matching ("분리" must find 망분리) and 초성 queries ("ㄱㅅㅎ" → 가상화);
everything is compared in :func:`kubeclass.korean.normalize`d form.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from kubeclass.glossary.model import Glossary, Term
from kubeclass.korean import choseong, is_choseong_query, normalize


@dataclass(frozen=True)
class Hit:
    """A search result: the term and how well it matched (higher is better)."""

    term: Term
    score: float


def _keys(term: Term) -> list[str]:
    return [normalize(name) for name in (term.id, *term.names())]


def find(glossary: Glossary, query: str) -> Term | None:
    """The term whose id, name, abbreviation or alias equals ``query`` (normalized)."""
    key = normalize(query)
    if not key:
        return None
    for term in glossary.terms.values():
        if key in _keys(term):
            return term
    return None


def suggest(glossary: Glossary, query: str, limit: int = 5) -> list[Term]:
    """Terms whose names look like ``query``: for "did you mean" after a failed :func:`find`."""
    key = normalize(query)
    by_key: dict[str, Term] = {}
    for term in glossary.terms.values():
        for name in _keys(term):
            by_key.setdefault(name, term)
    close = difflib.get_close_matches(key, list(by_key), n=limit * 3, cutoff=0.6)
    seen: list[Term] = []
    for name in close:
        if by_key[name] not in seen:
            seen.append(by_key[name])
    if len(seen) < limit:
        seen += [h.term for h in search(glossary, query, limit) if h.term not in seen]
    return seen[:limit]


def _name_score(key: str, names: list[str]) -> float:
    best = 0.0
    for position, name in enumerate(names):
        # Names come first (id, ko, en), then abbreviation and aliases: a tiny penalty keeps
        # a term's own name ahead of another term's alias.
        bonus = -0.5 * min(position, 4)
        if name == key:
            best = max(best, 100 + bonus)
        elif name.startswith(key):
            best = max(best, 70 + 10 * len(key) / len(name) + bonus)
        elif key in name:
            best = max(best, 50 + 10 * len(key) / len(name) + bonus)
    return best


def search(glossary: Glossary, query: str, limit: int = 10) -> list[Hit]:
    """Terms matching ``query``, best first: names > 초성 > short > long definitions."""
    key = normalize(query)
    if not key:
        return []
    jamo = "".join(query.split()) if is_choseong_query(query) else ""
    hits: list[Hit] = []
    for term in glossary.terms.values():
        score = _name_score(key, _keys(term))
        if jamo:
            initials = choseong(term.term.ko)
            if initials == jamo:
                score = max(score, 90)
            elif initials.startswith(jamo):
                score = max(score, 60 + 10 * len(jamo) / len(initials))
            elif jamo in initials:
                score = max(score, 40)
        if score < 30:
            short = normalize(term.short.ko + " " + term.short.en)
            long = normalize(term.long.ko + " " + term.long.en)
            if key in short:
                score = max(score, 20 + min(short.count(key), 3))
            elif key in long:
                score = max(score, 10 + min(long.count(key), 5))
        if score > 0:
            hits.append(Hit(term, round(score, 2)))
    hits.sort(key=lambda h: (-h.score, len(h.term.term.ko), h.term.id))
    return hits[:limit]
