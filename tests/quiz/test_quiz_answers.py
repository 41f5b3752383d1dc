"""Typed-answer matching and choice parsing."""

from __future__ import annotations

import pytest
from quiz_helpers import term

from kubeclass.glossary.model import Glossary
from kubeclass.quiz.answers import Judge, edit_distance, parse_choice
from kubeclass.quiz.items import Item, ItemFactory


def typed(glossary: Glossary, term_id: str, lang: str = "ko") -> Item:
    item = ItemFactory(glossary, lang).make(glossary.terms[term_id], "typed", seed=1)  # type: ignore[arg-type]
    assert item is not None
    return item


@pytest.mark.parametrize("given", [
    "가상 머신", "가상머신", "가상-머신", "Virtual Machine", "virtual-machine", "VIRTUAL_MACHINE",
    "vm", "ＶＭ", "  가상 머신  ", "Virtual.Machine",
])
def test_every_name_abbreviation_alias_and_spelling_is_accepted(glossary: Glossary,
                                                              given: str) -> None:
    verdict = Judge(glossary).typed(typed(glossary, "virtual-machine"), given)
    assert verdict.correct and not verdict.typo


def test_spaces_inside_korean_words_do_not_matter(glossary: Glossary) -> None:
    judge = Judge(glossary)
    assert judge.typed(typed(glossary, "namespace"), "네임 스페이스").correct
    assert judge.typed(typed(glossary, "namespace"), "네임스페이스").correct
    assert judge.typed(typed(glossary, "kubernetes"), "K8S").correct


def test_a_typo_in_a_long_latin_answer_is_accepted_and_announced(glossary: Glossary) -> None:
    judge = Judge(glossary)
    verdict = judge.typed(typed(glossary, "kubernetes"), "kubernets")
    assert verdict.correct and verdict.typo
    assert judge.typed(typed(glossary, "statefulset"), "statfulset").typo
    # Two edits are allowed from ten letters on, three never.
    assert judge.typed(typed(glossary, "virtual-machine"), "virtul machin").correct
    assert not judge.typed(typed(glossary, "virtual-machine"), "virtl mchin").correct


def test_short_korean_words_are_never_fuzzy(glossary: Glossary) -> None:
    judge = Judge(glossary)
    pod = typed(glossary, "pod")
    assert judge.typed(pod, "파드").correct
    assert judge.typed(pod, "포드").correct  # a listed alias, not a typo
    wrong = judge.typed(pod, "노드")  # one letter away, another term
    assert not wrong.correct and wrong.other_term == "node"
    assert not judge.typed(pod, "파트").correct
    assert not judge.typed(typed(glossary, "hypervisor"), "하이퍼바이자").correct


def test_short_latin_words_are_never_fuzzy(glossary: Glossary) -> None:
    judge = Judge(glossary)
    assert not judge.typed(typed(glossary, "pod"), "pdo").correct
    assert not judge.typed(typed(glossary, "node"), "nod").correct


def test_a_typo_as_close_to_another_term_is_not_forgiven(glossary: Glossary) -> None:
    judge = Judge(glossary)
    verdict = judge.typed(typed(glossary, "statefulset"), "daemonset")
    assert not verdict.correct and verdict.other_term == "daemonset"
    assert judge.typed(typed(glossary, "replicaset"), "replicasat").typo

    endpoint = term("endpoint", "엔드포인트", "Endpoint", "net", "끝점.", "An end point.")
    endpoints = term("endpoints", "엔드포인츠", "Endpoints", "net", "끝점 목록.", "End points.")
    pair = Glossary(terms={"endpoint": endpoint, "endpoints": endpoints},
                    categories=glossary.categories)
    item = typed(pair, "endpoint")
    assert Judge(pair).typed(item, "endpiont").typo  # one swap, nothing else as close
    # One edit from "endpoint" and one from "endpoints": which term was meant is unclear.
    assert not Judge(pair).typed(item, "endpointz").correct


def test_empty_answer_is_wrong(glossary: Glossary) -> None:
    assert not Judge(glossary).typed(typed(glossary, "pod"), "   ").correct


def test_edit_distance() -> None:
    assert edit_distance("kubernetes", "kubernetes", 2) == 0
    assert edit_distance("kubernets", "kubernetes", 2) == 1
    assert edit_distance("kuberentes", "kubernetes", 2) == 1  # a swap is one edit
    assert edit_distance("abc", "xyz", 1) == 2  # capped at limit + 1
    assert edit_distance("short", "much longer", 2) == 3


def test_parse_choice(glossary: Glossary) -> None:
    item = ItemFactory(glossary, "ko").make(glossary.terms["pod"], "def-term", seed=1)
    assert item is not None
    assert parse_choice(item, "1") == 0
    assert parse_choice(item, " 4 ") == 3
    assert parse_choice(item, "２") == 1  # full-width digit
    assert parse_choice(item, "③") == 2
    assert parse_choice(item, "3)") == 2
    assert parse_choice(item, "5") is None
    assert parse_choice(item, "0") is None
    assert parse_choice(item, item.options[2]) == 2
    assert parse_choice(item, "nonsense") is None
    assert Judge.choice(item, item.answer).correct
    assert not Judge.choice(item, None).correct
