"""The whole generated pool of the real glossary: no tells, no broken items.

A learner who always picks the longest option, or always the same position, must do no
better than chance. The pool is deterministic per seed, so these bounds are checked on
fixed data (no flakiness); they are set at three standard deviations of a fair quiz.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import pytest

from kubeclass.glossary.model import Glossary, Lang
from kubeclass.korean import normalize
from kubeclass.quiz.items import Item, build_pool, mask

SEEDS = range(5)
LANGS: tuple[Lang, ...] = ("ko", "en")
CHI2_DF3_P001 = 16.27  # chi-square critical value, 3 degrees of freedom, p = 0.001


@pytest.fixture(scope="module")
def pools(real_glossary: Glossary) -> dict[tuple[int, Lang], list[Item]]:
    return {(seed, lang): build_pool(real_glossary, seed, lang) for seed in SEEDS for lang in LANGS}


def _choice(pools: dict[tuple[int, Lang], list[Item]]) -> list[Item]:
    return [i for pool in pools.values() for i in pool if i.is_choice]


def _bound(n: int, p: float = 0.25) -> float:
    return p + 3 * math.sqrt(p * (1 - p) / n)


def test_right_answer_is_rarely_the_longest_or_shortest(pools: dict) -> None:  # type: ignore[type-arg]
    items = _choice(pools)
    assert len(items) > 3000
    assert all(len(i.options) == 4 for i in items)
    longest = sum(len(i.options[i.answer or 0]) == max(map(len, i.options)) for i in items)
    shortest = sum(len(i.options[i.answer or 0]) == min(map(len, i.options)) for i in items)
    assert longest / len(items) <= _bound(len(items)), longest / len(items)
    assert shortest / len(items) <= _bound(len(items)), shortest / len(items)
    for kind in ("term-def", "def-term", "abbr"):
        subset = [i for i in items if i.type == kind]
        rate = sum(len(i.options[i.answer or 0]) == max(map(len, i.options)) for i in subset)
        assert rate / len(subset) <= _bound(len(subset)), (kind, rate / len(subset))


def test_every_position_is_used_about_equally(pools: dict) -> None:  # type: ignore[type-arg]
    items = _choice(pools)
    counts = Counter(i.answer for i in items)
    expected = len(items) / 4
    chi2 = sum((counts[p] - expected) ** 2 / expected for p in range(4))
    assert chi2 < CHI2_DF3_P001, counts
    for (seed, lang), pool in pools.items():
        choice = [i for i in pool if i.is_choice]
        share = Counter(i.answer for i in choice)
        for position in range(4):
            assert abs(share[position] / len(choice) - 0.25) < 0.08, (seed, lang, share)


def test_every_item_is_sound(real_glossary: Glossary, pools: dict) -> None:  # type: ignore[type-arg]
    keys = {t.id: {normalize(n) for n in t.names()} for t in real_glossary.terms.values()}
    for (_seed, lang), pool in pools.items():
        per_term = Counter(i.term_id for i in pool)
        assert set(per_term) == set(real_glossary.terms)  # every term is asked
        for item in pool:
            term = real_glossary.terms[item.term_id]
            if item.type in ("def-term", "typed"):
                _assert_unnamed(item.prompt, term.names())
                assert mask(item.prompt, term) == item.prompt
            if not item.is_choice:
                assert set(term.names()) <= set(item.accepted)
                continue
            assert item.answer is not None and item.option_ids[item.answer] == term.id
            assert len({normalize(o) for o in item.options}) == 4, item
            for other_id in item.option_ids:
                if other_id == term.id:
                    continue
                other = real_glossary.terms[other_id]
                assert other_id not in term.related and term.id not in other.related, item
                assert not keys[other_id] & keys[term.id], item
            if item.type == "abbr":
                assert item.prompt == term.abbr
                if lang == "ko":  # the Korean options carry no English initials to read off
                    assert item.options[item.answer] == term.term.ko


def _assert_unnamed(prompt: str, names: tuple[str, ...]) -> None:
    """No Latin-script name of the term appears in the prompt as a word of its own."""
    for name in names:
        parts = [p for p in re.split(r"[\s\-_./·]+", name) if p]
        if not parts or not all(re.fullmatch(r"[A-Za-z0-9]+", p) for p in parts):
            continue
        if len("".join(parts)) < 2:
            continue
        # A word of its own: "CRI" is not named by "CRI-O", nor "kube" by "kube-proxy".
        pattern = r"(?<![A-Za-z0-9])(?<![A-Za-z0-9][-_.])" + \
            r"[\s\-_./·]*".join(map(re.escape, parts)) + r"(?![A-Za-z0-9]|[-_.][A-Za-z0-9])"
        assert not re.search(pattern, prompt, re.IGNORECASE), (name, prompt)
