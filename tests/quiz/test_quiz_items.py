"""Item generation: the four types, masking, distractor rules, determinism, JSON shape."""

from __future__ import annotations

import random

from kubeclass.glossary.model import Glossary
from kubeclass.korean import normalize
from kubeclass.quiz import distractors
from kubeclass.quiz.items import BLANK, ITEM_TYPES, Item, ItemFactory, build_pool, mask


def _names(glossary: Glossary, term_id: str) -> set[str]:
    return {normalize(n) for n in glossary.terms[term_id].names()}


def test_every_type_is_generated(glossary: Glossary) -> None:
    pool = build_pool(glossary, seed=1, lang="ko")
    kinds = {item.type for item in pool}
    assert kinds == set(ITEM_TYPES)
    # Abbreviation items only for terms that have one: VM and k8s.
    assert sorted(i.term_id for i in pool if i.type == "abbr") == ["kubernetes", "virtual-machine"]
    assert len([i for i in pool if i.type == "typed"]) == len(glossary.terms)


def test_abbreviation_item_asks_for_the_full_name(glossary: Glossary) -> None:
    factory = ItemFactory(glossary, "ko")
    item = factory.make(glossary.terms["virtual-machine"], "abbr", seed=3)
    assert item is not None
    assert item.prompt == "VM"
    assert item.answer is not None and item.options[item.answer] == "가상 머신"
    # Korean options carry no English, so the initials give nothing away.
    assert all(not any(c.isascii() and c.isalpha() for c in o) for o in item.options
               if o != "kubelet")
    english = ItemFactory(glossary, "en").make(glossary.terms["virtual-machine"], "abbr", seed=3)
    assert english is not None and english.answer is not None
    assert english.options[english.answer] == "Virtual Machine"


def test_definitions_do_not_name_their_term(glossary: Glossary) -> None:
    vm = glossary.terms["virtual-machine"]
    text = "가상 머신(VM)은 Virtual-Machine 이다. 가상머신을 쓰면 VMware 와 virtual machines 도"
    masked = mask(text, vm)
    assert masked.startswith(f"{BLANK}({BLANK})은 {BLANK} 이다. {BLANK}을 쓰면 VMware")
    # A Korean name inside a longer word is another word: left alone.
    pod = glossary.terms["pod"]
    assert mask("파드를 만들고 파드들을 지운다", pod) == f"{BLANK}를 만들고 {BLANK}들을 지운다"
    assert "파드" in mask("파드라이브", pod)
    # A Latin name inside a compound is another name: kube-proxy is not Kubernetes.
    k8s = glossary.terms["kubernetes"]
    assert mask("kube-proxy, k8s.io 와 K8S는 kube 의", k8s) == \
        f"kube-proxy, k8s.io 와 {BLANK}는 {BLANK} 의"
    for item in build_pool(glossary, seed=2, lang="en"):
        if item.type in ("def-term", "typed"):
            assert "Pod" not in item.prompt or item.term_id != "pod"


def test_distractors_are_never_aliases_related_terms_or_duplicates(glossary: Glossary) -> None:
    for lang in ("ko", "en"):
        for seed in range(20):
            for item in build_pool(glossary, seed, lang):  # type: ignore[arg-type]
                if not item.is_choice:
                    continue
                term = glossary.terms[item.term_id]
                assert len(item.options) == 4
                assert len({normalize(o) for o in item.options}) == 4, item
                assert item.option_ids[item.answer or 0] == term.id
                for other_id in item.option_ids:
                    if other_id == term.id:
                        continue
                    other = glossary.terms[other_id]
                    assert other_id not in term.related and term.id not in other.related
                    assert not _names(glossary, other_id) & _names(glossary, term.id)


def test_same_category_comes_first_then_closest_length() -> None:
    def cand(name: str, text: str, same: bool) -> distractors.Candidate:
        return distractors.Candidate(term_id=name, text=text, key=name, same_category=same)

    answer = "m" * 20
    candidates = [
        cand("near-other-1", "a" * 19, False), cand("near-other-2", "b" * 21, False),
        cand("far-same-1", "c" * 10, True), cand("far-same-2", "d" * 30, True),
        cand("far-same-3", "e" * 12, True), cand("far-same-4", "f" * 28, True),
        cand("far-same-5", "g" * 14, True), cand("far-same-6", "h" * 26, True),
    ]
    for seed in range(50):
        chosen = distractors.choose(answer, candidates, 3, random.Random(seed))
        assert chosen is not None
        assert all(c.same_category for c in chosen)
    # Within the category, the closest lengths win.
    closest = {"far-same-5", "far-same-6"}
    picks = [distractors.choose(answer, candidates, 1, random.Random(s)) for s in range(50)]
    assert {p[0].term_id for p in picks if p} <= closest


def test_length_balance_beats_category_when_a_side_is_empty(glossary: Glossary) -> None:
    # "Node" is the shortest name in its category: so that it is not the shortest
    # option every time, shorter options ("Job", "Pod") come from another category.
    factory = ItemFactory(glossary, "en")
    shortest = 0
    for seed in range(40):
        item = factory.make(glossary.terms["node"], "def-term", seed=seed)
        assert item is not None and item.answer is not None
        lengths = [len(o) for o in item.options]
        shortest += lengths[item.answer] == min(lengths)
    assert shortest <= 20


def test_items_are_deterministic_per_seed(glossary: Glossary) -> None:
    first = build_pool(glossary, seed=42, lang="ko")
    again = build_pool(glossary, seed=42, lang="ko")
    other = build_pool(glossary, seed=43, lang="ko")
    assert first == again
    assert [i.options for i in first] != [i.options for i in other]


def test_item_does_not_depend_on_the_other_items_generated(glossary: Glossary) -> None:
    pool = {(i.term_id, i.type): i for i in build_pool(glossary, seed=7, lang="en")}
    alone = ItemFactory(glossary, "en").make(glossary.terms["daemonset"], "term-def", seed=7)
    assert alone == pool[("daemonset", "term-def")]


def test_to_dict_shape(glossary: Glossary) -> None:
    pool = build_pool(glossary, seed=1, lang="ko")
    choice = next(i for i in pool if i.is_choice).to_dict()
    typed = next(i for i in pool if not i.is_choice).to_dict()
    for data in (choice, typed):
        assert {"term_id", "type", "prompt", "options"} <= set(data)
    assert isinstance(choice["answer"], int) and 0 <= choice["answer"] < len(choice["options"])
    assert "answer" not in typed and typed["options"] == []
    assert "파드" in next(i for i in pool if i.term_id == "pod" and i.type == "typed").accepted


def test_korean_display_shows_the_english_name(glossary: Glossary) -> None:
    item = ItemFactory(glossary, "ko").make(glossary.terms["pod"], "term-def", seed=1)
    assert item is not None and item.prompt == "파드 (Pod)"
    item = ItemFactory(glossary, "en").make(glossary.terms["pod"], "term-def", seed=1)
    assert item is not None and item.prompt == "Pod"


def test_not_enough_distractors_gives_no_item(glossary: Glossary) -> None:
    tiny = Glossary(terms={k: glossary.terms[k] for k in ("pod", "node")},
                    categories=glossary.categories)
    assert ItemFactory(tiny, "ko").make(tiny.terms["node"], "def-term", seed=1) is None
    assert ItemFactory(tiny, "ko").make(tiny.terms["node"], "typed", seed=1) is not None


def test_length_rank_of_the_answer_is_uniform() -> None:
    """With plenty of candidates, the answer is longest/shortest 1/n of the time each."""
    rng = random.Random(0)
    counts = [0, 0, 0, 0]
    for trial in range(4000):
        answer = "x" * 50
        candidates = [
            distractors.Candidate(term_id=f"t{i}", text="y" * (30 + i) + str(trial),
                                  key=f"t{i}-{trial}", same_category=i % 2 == 0)
            for i in range(40)
        ]
        chosen = distractors.choose(answer, candidates, 3, rng)
        assert chosen is not None
        longer = sum(len(c.text) > len(answer) for c in chosen)
        counts[longer] += 1
    for count in counts:
        assert abs(count / 4000 - 0.25) < 0.03, counts


def test_items_round_trip_as_dicts(glossary: Glossary) -> None:
    item = build_pool(glossary, seed=9, lang="en")[0]
    assert isinstance(item, Item)
    data = item.to_dict()
    assert data["options"] == list(item.options)
