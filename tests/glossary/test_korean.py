from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kubeclass import korean


@pytest.mark.parametrize(("a", "b"), [
    ("네임 스페이스", "네임스페이스"), ("Virtual-Machine", "virtual machine"), ("ＶＭ", "vm"),
    ("CI/CD", "cicd"), ("kube_proxy", "kube-proxy"),
])
def test_normalize_equal(a: str, b: str) -> None:
    assert korean.normalize(a) == korean.normalize(b)


def test_normalize_keeps_different_words_apart() -> None:
    assert korean.normalize("파드") != korean.normalize("포드")


@pytest.mark.parametrize(("text", "initials"), [("가상화", "ㄱㅅㅎ"), ("쿠버네티스", "ㅋㅂㄴㅌㅅ"),
                                                 ("망분리", "ㅁㅂㄹ"), ("VM 가상 머신", "ㄱㅅㅁㅅ")])
def test_choseong(text: str, initials: str) -> None:
    assert korean.choseong(text) == initials


@pytest.mark.parametrize(("name", "letter"), [("가상화", "ㄱ"), ("까치", "ㄱ"), ("쿠버네티스", "ㅋ"),
                                               ("kubectl", "K"), ("etcd", "E"), ("3-tier", "#")])
def test_initial_consonant(name: str, letter: str) -> None:
    assert korean.initial_consonant(name) == letter


@pytest.mark.parametrize(("word", "stem"), [("파드를", "파드"), ("VM은", "VM"), ("컨테이너의", "컨테이너"),
                                             ("클러스터에서는", "클러스터"), ("노드", "노드"), ("는", "는")])
def test_strip_particle(word: str, stem: str) -> None:
    assert korean.strip_particle(word) == stem


def test_choseong_query() -> None:
    assert korean.is_choseong_query("ㄱㅅ ㅎ")
    assert not korean.is_choseong_query("가상")
    assert not korean.is_choseong_query("")


def test_particles_are_in_the_same_order_in_every_process() -> None:
    """The site's search separator is built from them: a reproducible build needs one order,
    whatever the string hash seed of the process."""
    assert [len(p) for p in korean.PARTICLES] == sorted((len(p) for p in korean.PARTICLES),
                                                        reverse=True)
    orders = {
        subprocess.run([sys.executable, "-c", "from kubeclass.korean import PARTICLES; "
                        "print('|'.join(PARTICLES))"], capture_output=True, text=True,
                       check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(orders) == 1
