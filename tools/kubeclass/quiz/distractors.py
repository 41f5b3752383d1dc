"""Choosing wrong options for a multiple-choice item, and placing the right one.

Two tells give multiple-choice quizzes away: the right answer is the longest option,
or it sits in the same place. So the number of distractors *longer* than the right
answer is drawn uniformly from 0..n-1 (the right answer is then the longest in 1/n of
the items, the shortest in 1/n, …), and the right answer's position is drawn uniformly.
Within those constraints the best distractors come from the same category first, then
from the closest length.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from kubeclass.korean import normalize


@dataclass(frozen=True)
class Candidate:
    """A possible wrong option: the term it comes from and the text that would be shown."""

    term_id: str
    text: str
    key: str  # the text, normalized: two options may not share it
    same_category: bool
    same_initial: bool = False


def _rank_key(candidate: Candidate, length: int, jitter: float) -> tuple[bool, bool, int, float]:
    # False sorts first: same category, then same initial letter, then closest length;
    # the jitter breaks ties so that equal candidates are not always picked in one order.
    return (
        not candidate.same_category,
        not candidate.same_initial,
        abs(len(candidate.text) - length),
        jitter,
    )


def choose(
    answer_text: str,
    candidates: Sequence[Candidate],
    wrong: int,
    rng: random.Random,
) -> list[Candidate] | None:
    """``wrong`` distractors for ``answer_text``, or None when there are not enough.

    First the number of longer options is drawn; each side is then filled with the
    best candidates by category, initial letter and closeness in length. So a term whose
    category has nothing shorter gets a shorter option from another category rather
    than becoming the shortest option (a tell). Candidates whose text repeats the answer
    or another chosen option (after normalization) are skipped; the caller has already
    removed aliases and synonyms.
    """
    length = len(answer_text)
    taken = {normalize(answer_text)}
    jitter = {c.term_id: rng.random() for c in candidates}
    ordered = sorted(
        (c for c in candidates if c.key not in taken),
        key=lambda c: _rank_key(c, length, jitter[c.term_id]),
    )
    longer = [c for c in ordered if len(c.text) > length]
    shorter = [c for c in ordered if len(c.text) < length]
    equal = [c for c in ordered if len(c.text) == length]
    want_longer = rng.randrange(wrong + 1)
    chosen: list[Candidate] = []
    _take(longer, want_longer, chosen, taken)
    _take(shorter, wrong - len(chosen), chosen, taken)
    # One side ran short: options of the same length keep the balance best, then the
    # other side.
    for rest in (equal, longer):
        _take(rest, wrong - len(chosen), chosen, taken)
    return chosen if len(chosen) == wrong else None


def _take(source: list[Candidate], count: int, chosen: list[Candidate], taken: set[str]) -> None:
    for candidate in source:
        if count <= 0:
            return
        if candidate.key in taken:
            continue
        taken.add(candidate.key)
        chosen.append(candidate)
        count -= 1


def place(answer_text: str, distractors: Sequence[str], rng: random.Random) -> tuple[list[str], int]:
    """The options in a random order and the index of the right one (uniform position)."""
    options = list(distractors)
    rng.shuffle(options)
    index = rng.randrange(len(options) + 1)
    options.insert(index, answer_text)
    return options, index
