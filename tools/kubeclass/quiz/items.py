"""Quiz items generated from the glossary: a pure function of (glossary, seed, language).

Four item types:

``term-def``  a term is shown, pick its definition (multiple choice)
``def-term``  a definition is shown, pick its term (multiple choice)
``abbr``      an abbreviation is shown, pick the full name (multiple choice)
``typed``     a definition is shown, type the term (any name, abbreviation or alias)

Every item is generated from its own random stream, seeded by (seed, language, term,
type), so an item does not depend on which other items are generated or filtered out
(it changes only when the glossary around it changes its distractors).
"""

from __future__ import annotations

import bisect
import functools
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from kubeclass.glossary.model import Glossary, Lang, Term
from kubeclass.korean import PARTICLES, has_hangul, is_syllable, lower_in_place, normalize
from kubeclass.quiz import distractors

ItemType = Literal["term-def", "def-term", "abbr", "typed"]
ITEM_TYPES: tuple[ItemType, ...] = ("term-def", "def-term", "abbr", "typed")
CHOICE_TYPES: tuple[ItemType, ...] = ("term-def", "def-term", "abbr")
OPTIONS = 4
WINDOW = 12  # distractor candidates taken from each side of the answer's length
BLANK = "___"

# The question line above the prompt, per type and language.
INSTRUCTIONS: dict[ItemType, dict[Lang, str]] = {
    "term-def": {
        "ko": "다음 용어의 뜻으로 알맞은 것은?",
        "en": "Which definition matches this term?",
    },
    "def-term": {
        "ko": "다음 설명에 해당하는 용어는?",
        "en": "Which term matches this definition?",
    },
    "abbr": {
        "ko": "다음 약어가 뜻하는 용어는?",
        "en": "What does this abbreviation stand for?",
    },
    "typed": {
        "ko": "다음 설명에 해당하는 용어를 입력하세요 (한국어·영어 이름, 약어 모두 정답).",
        "en": "Type the term for this definition (Korean or English name, or abbreviation).",
    },
}


@dataclass(frozen=True)
class Item:
    """One question. ``answer`` is the index of the right option (None for typed items)."""

    term_id: str
    type: ItemType
    lang: Lang
    prompt: str
    options: tuple[str, ...] = ()
    answer: int | None = None
    option_ids: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()
    solution: str = ""
    category: str = field(default="", compare=False)

    @property
    def is_choice(self) -> bool:
        """True for multiple-choice items."""
        return self.type != "typed"

    @property
    def instruction(self) -> str:
        """The question line shown above the prompt."""
        return INSTRUCTIONS[self.type][self.lang]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data; ``answer`` is present only for multiple-choice items."""
        data: dict[str, Any] = {
            "term_id": self.term_id,
            "type": self.type,
            "lang": self.lang,
            "category": self.category,
            "question": self.instruction,
            "prompt": self.prompt,
            "options": list(self.options),
        }
        if self.is_choice:
            data["answer"] = self.answer
        else:
            data["accepted"] = list(self.accepted)
        data["solution"] = self.solution
        return data


def display_name(term: Term, lang: Lang) -> str:
    """How a term is named in a quiz: ``가상 머신 (Virtual Machine)`` in Korean, English alone."""
    return term.title("ko") if lang == "ko" else term.term.en


_SEPARATORS = frozenset(" \t\r\n-_./·")
_SEPARATOR_RUNS = re.compile("[" + re.escape("".join(sorted(_SEPARATORS))) + "]+")


@functools.lru_cache(maxsize=8192)
def _mask_keys(names: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """Each name lower-cased without separators, longest first, with "is it Korean"."""
    keys = {"".join(c for c in name.lower() if c not in _SEPARATORS) for name in names}
    # One-syllable names (잡) would blank out parts of other words.
    return tuple(sorted(((k, has_hangul(k)) for k in keys if len(k) >= 2),
                        key=lambda kv: (-len(kv[0]), kv[0])))


def mask_keys(term: Term) -> tuple[tuple[str, bool], ...]:
    """What :func:`mask` looks for: the term's names, folded (cached per set of names)."""
    return _mask_keys(tuple(sorted(set(term.names()))))


def _ends_word(text: str, end: int) -> bool:
    """Whether a Korean name ending at ``end`` ends a word: "인증" in "인증은" or "인증 단계",
    not in "인증서" (another word). A particle may follow, then the word must end."""
    if end == len(text) or not is_syllable(text[end]):
        return True
    rest = text[end:]
    return any(
        rest.startswith(p) and (len(rest) == len(p) or not is_syllable(rest[len(p)]))
        for p in PARTICLES
    )


def _latin_edge(text: str, at: int, step: int) -> bool:
    """Whether a Latin name may border ``text[at]``: not a letter or digit, and not a
    joiner inside a compound ("kube" is not a word of its own in "kube-proxy")."""
    def word_char(i: int) -> bool:
        return 0 <= i < len(text) and text[i].isascii() and text[i].isalnum()

    if word_char(at):
        return False
    return not (0 <= at < len(text) and text[at] in "-_." and word_char(at + step))


def mask(text: str, term: Term, keys: tuple[tuple[str, bool], ...] | None = None) -> str:
    """``text`` with the term's own names blanked out, so a definition does not name its term.

    Names match ignoring case and separators ("Virtual-Machine", "가상머신"). A Latin name
    must be a word of its own ("VM" not in "VMware") but may take a Korean particle
    ("VM은"); a Korean name must end its word, particles aside ("인증" in "인증을", not in
    "인증서"). Plain string search over a folded copy of the text, not one regular
    expression per term: a site build masks every definition of the glossary.
    """
    keys = mask_keys(term) if keys is None else keys
    if not keys:
        return text
    lowered = lower_in_place(text)
    # Most texts do not name their term at all: one search in C settles those.
    folded = _SEPARATOR_RUNS.sub("", lowered)
    if not any(key in folded for key, _ in keys):
        return text
    where = [i for i, c in enumerate(lowered) if c not in _SEPARATORS]  # folded[k] is at where[k]
    taken = [False] * len(folded)
    spans: list[tuple[int, int]] = []
    for key, korean in keys:  # longest first: "가상 머신" before "가상"
        found = folded.find(key)
        while found >= 0:
            stop = found + len(key)
            start, end = where[found], where[stop - 1] + 1
            fits = not any(taken[found:stop]) and (
                _ends_word(text, end) if korean
                else _latin_edge(lowered, start - 1, -1) and _latin_edge(lowered, end, 1)
            )
            if fits:
                taken[found:stop] = [True] * len(key)
                spans.append((start, end))
            found = folded.find(key, found + 1)
    out: list[str] = []
    position = 0
    for start, end in sorted(spans):
        out += [text[position:start], BLANK]
        position = end
    out.append(text[position:])
    return "".join(out)


def applicable(term: Term, kind: ItemType) -> bool:
    """Whether ``term`` can make an item of type ``kind`` (abbreviation items need one)."""
    if kind != "abbr":
        return True
    return bool(term.abbr) and normalize(term.abbr or "") not in {
        normalize(term.term.ko),
        normalize(term.term.en),
    }


def item_rng(seed: int, lang: Lang, term_id: str, kind: ItemType) -> random.Random:
    """The random stream of one item: the same in every run and process (``str`` seeds do
    not depend on ``PYTHONHASHSEED``), independent of which other items are made."""
    return random.Random(f"{seed}|{lang}|{term_id}|{kind}")


class ItemFactory:
    """Makes items for one glossary and language; caches what every item recomputes."""

    def __init__(self, glossary: Glossary, lang: Lang, options: int = OPTIONS) -> None:
        self.glossary = glossary
        self.lang = lang
        self.options = options
        self._keys = {t.id: frozenset(normalize(n) for n in t.names()) for t in glossary.terms.values()}
        self._texts: dict[tuple[str, ItemType], tuple[str, str]] = {}
        self._initials = {t.id: normalize(t.term.en)[:1] for t in glossary.terms.values()}
        self._groups: dict[str, list[Term]] = {}
        for t in glossary.terms.values():
            self._groups.setdefault(f"category:{t.category}", []).append(t)
            self._groups.setdefault(f"initial:{self._initials[t.id]}", []).append(t)
            self._groups.setdefault(
                f"category:{t.category}|initial:{self._initials[t.id]}", []).append(t)
        self._by_length: dict[tuple[ItemType, str], tuple[list[int], list[Term]]] = {}

    def masked(self, text: str, term: Term) -> str:
        """``text`` without the names of ``term`` (see :func:`mask`)."""
        return mask(text, term)

    def _neighbours(self, term: Term, kind: ItemType, length: int, initial: str) -> list[Term]:
        """The terms worth ranking as distractors for an answer of ``length``.

        Ranking every term for every item would make a pool quadratic in the size of the
        glossary. :func:`distractors.choose` wants the same category first, then (for
        abbreviations) the same initial, then the closest length, a few on each side; so
        the :data:`WINDOW` terms closest in length on each side, within each of those
        groups and overall, contain every candidate it could pick.
        """
        groups = ["", f"category:{term.category}"]
        if initial:
            groups += [f"initial:{initial}", f"category:{term.category}|initial:{initial}"]
        chosen: dict[str, Term] = {}
        for group in groups:
            lengths, ordered = self._sorted(kind, group)
            at = bisect.bisect_left(lengths, length)
            chosen.update((t.id, t) for t in ordered[max(0, at - WINDOW): at + WINDOW])
        return list(chosen.values())

    def _sorted(self, kind: ItemType, group: str) -> tuple[list[int], list[Term]]:
        """The terms of a group ("" for all) sorted by the length of their option text."""
        key = (kind, group)
        if key not in self._by_length:
            members = self._groups.get(group, []) if group else self.glossary.terms.values()
            ordered = sorted(members, key=lambda t: (len(self._option(t, kind)[0]), t.id))
            self._by_length[key] = ([len(self._option(t, kind)[0]) for t in ordered], ordered)
        return self._by_length[key]

    def _excluded(self, term: Term, other: Term) -> bool:
        """True when ``other`` must never be a distractor for ``term``.

        Related terms are left out because their definitions overlap (a "related synonym"
        would make two options right), and so is any term sharing a name or alias.
        """
        return (
            other.id == term.id
            or other.id in term.related
            or term.id in other.related
            or bool(self._keys[term.id] & self._keys[other.id])
        )

    def option_text(self, term: Term, kind: ItemType) -> str:
        """The text of ``term`` as an option of a ``kind`` item."""
        return self._option(term, kind)[0]

    def _option(self, term: Term, kind: ItemType) -> tuple[str, str]:
        key = (term.id, kind)
        if key not in self._texts:
            if kind == "term-def":
                text = self.masked(term.short.get(self.lang), term)
            elif kind == "abbr":
                # Korean options carry no English: "VM → Virtual Machine" reads off the initials.
                text = term.term.ko if self.lang == "ko" else term.term.en
            else:
                text = display_name(term, self.lang)
            self._texts[key] = (text, normalize(text))
        return self._texts[key]

    def make(self, term: Term, kind: ItemType, seed: int) -> Item | None:
        """One item for ``term``, or None when the type does not apply or distractors run out."""
        if not applicable(term, kind):
            return None
        lang = self.lang
        rng = item_rng(seed, lang, term.id, kind)
        if kind == "typed":
            return Item(
                term_id=term.id,
                type=kind,
                lang=lang,
                prompt=self.masked(term.short.get(lang), term),
                accepted=tuple(dict.fromkeys(term.names())),
                solution=display_name(term, lang),
                category=term.category,
            )
        prompt = {
            "term-def": display_name(term, lang),
            "def-term": self.masked(term.short.get(lang), term),
            "abbr": term.abbr or "",
        }[kind]
        answer_text = self.option_text(term, kind)
        initial = self._initials[term.id] if kind == "abbr" else ""
        candidates = [
            distractors.Candidate(
                term_id=other.id,
                text=text,
                key=key,
                same_category=other.category == term.category,
                same_initial=bool(initial) and self._initials[other.id] == initial,
            )
            for other in self._neighbours(term, kind, len(answer_text), initial)
            if not self._excluded(term, other)
            for text, key in (self._option(other, kind),)
        ]
        chosen = distractors.choose(answer_text, candidates, self.options - 1, rng)
        if chosen is None:
            return None
        texts, index = distractors.place(answer_text, [c.text for c in chosen], rng)
        by_text = {c.text: c.term_id for c in chosen}
        ids = tuple(term.id if i == index else by_text[t] for i, t in enumerate(texts))
        return Item(
            term_id=term.id,
            type=kind,
            lang=lang,
            prompt=prompt,
            options=tuple(texts),
            answer=index,
            option_ids=ids,
            solution=answer_text,
            category=term.category,
        )


def build_pool(
    glossary: Glossary,
    seed: int,
    lang: Lang,
    types: Sequence[ItemType] = ITEM_TYPES,
    terms: Iterable[Term] | None = None,
) -> list[Item]:
    """Every item the glossary yields for ``lang``: per term (by category, then id), per type.

    This is what ``quiz export --format json`` writes and what the site's quiz pages show.
    """
    order = {c: i for i, c in enumerate(glossary.categories)}
    chosen = sorted(
        glossary.terms.values() if terms is None else terms,
        key=lambda t: (order.get(t.category, len(order)), t.id),
    )
    factory = ItemFactory(glossary, lang)
    pool: list[Item] = []
    for term in chosen:
        for kind in types:
            item = factory.make(term, kind, seed)
            if item is not None:
                pool.append(item)
    return pool
