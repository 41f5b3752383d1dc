"""Judging an answer: a chosen option, or a typed term matched against every name it has.

Typed answers are compared in :func:`kubeclass.korean.normalize`d form (case, spaces,
hyphens and full-width characters ignored: "네임 스페이스" = "네임스페이스"). A typo is
forgiven only in longer Latin-script answers ("kubernets"), and only when no other term
is as close; short Korean words are never fuzzy-matched, because 포드, 노드 and 파드 are
one letter apart and mean different things.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kubeclass.glossary.model import Glossary
from kubeclass.korean import normalize
from kubeclass.quiz.items import Item

# Fuzzy matching starts at this many normalized characters; longer words get two edits.
FUZZY_MIN = 6
FUZZY_TWO_EDITS = 10
_LATIN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Verdict:
    """The outcome of one answer."""

    correct: bool
    typo: bool = False
    choice: int | None = None  # the option picked, for multiple-choice items
    other_term: str | None = None  # the term the (wrong) typed answer names instead


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _allowed_edits(key: str) -> int:
    if len(key) < FUZZY_MIN or not _LATIN.fullmatch(key):
        return 0
    return 2 if len(key) >= FUZZY_TWO_EDITS else 1


class Judge:
    """Judges answers against one glossary (it needs every term's names to spot confusions)."""

    def __init__(self, glossary: Glossary) -> None:
        self._owners: dict[str, str] = {}
        for term in glossary.terms.values():
            for name in (term.id, *term.names()):
                self._owners.setdefault(normalize(name), term.id)

    def typed(self, item: Item, given: str) -> Verdict:
        """Judge a typed answer for ``item``."""
        key = normalize(given)
        if not key:
            return Verdict(False)
        accepted = {normalize(name) for name in item.accepted}
        if key in accepted:
            return Verdict(True)
        owner = self._owners.get(key)
        if owner is not None and owner != item.term_id:
            return Verdict(False, other_term=owner)
        edits = _allowed_edits(key)
        if not edits:
            return Verdict(False)
        best = min(
            (edit_distance(key, name, edits) for name in accepted if _allowed_edits(name)),
            default=edits + 1,
        )
        if best > edits:
            return Verdict(False)
        # Forgive the typo only if no other term's name is at least as close.
        for name, term_id in self._owners.items():
            if term_id != item.term_id and edit_distance(key, name, best) <= best:
                return Verdict(False)
        return Verdict(True, typo=True)

    @staticmethod
    def choice(item: Item, index: int | None) -> Verdict:
        """Judge a multiple-choice answer (``index`` is 0-based; None means no answer)."""
        return Verdict(index is not None and index == item.answer, choice=index)


def parse_choice(item: Item, text: str) -> int | None:
    """The 0-based option a learner meant: "2", "２", "②", or the option's text; else None."""
    cleaned = unicodedata.normalize("NFKC", text).strip().rstrip(".)")
    if cleaned.isdigit():
        number = int(cleaned)
        return number - 1 if 1 <= number <= len(item.options) else None
    key = normalize(text)
    if key:
        for index, option in enumerate(item.options):
            if normalize(option) == key:
                return index
    return None
