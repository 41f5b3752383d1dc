"""Finding terms in the real glossary, as a learner would type them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kubeclass.glossary.load import load_glossary
from kubeclass.glossary.model import Glossary
from kubeclass.glossary.search import find, search, suggest


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


@pytest.mark.parametrize(("query", "term_id"), [
    ("가상머신", "virtual-machine"), ("virtual-machine", "virtual-machine"), ("vm", "virtual-machine"),
    ("VM", "virtual-machine"), ("가상 머신", "virtual-machine"), ("파드", "pod"), ("Pod", "pod"),
    ("k8s", "kubernetes"), ("쿠버네티스", "kubernetes"), ("망분리", "network-separation"),
    ("네임 스페이스", "namespace"), ("ＰＶＣ", "persistent-volume-claim"),
])
def test_find(glossary: Glossary, query: str, term_id: str) -> None:
    term = find(glossary, query)
    assert term is not None and term.id == term_id


@pytest.mark.parametrize(("query", "first"), [
    ("분리", "network-separation"), ("컴퓨팅", "cloud-computing"), ("ㄱㅅㅎ", "virtualization"),
    ("하이퍼", "hypervisor"), ("사이드카", "sidecar-container"), ("ingress", "ingress"),
    ("deploy", "deployment"), ("쿼터", "resourcequota"),
])
def test_search_first_result(glossary: Glossary, query: str, first: str) -> None:
    hits = search(glossary, query)
    assert hits, query
    assert hits[0].term.id == first, [h.term.id for h in hits[:5]]


def test_search_ranks_definitions_below_names(glossary: Glossary) -> None:
    hits = search(glossary, "컨테이너", limit=50)
    assert hits[0].term.id == "container"
    assert hits[0].score > hits[-1].score


def test_suggest_for_typos(glossary: Glossary) -> None:
    assert find(glossary, "hypervisr") is None
    assert "hypervisor" in [t.id for t in suggest(glossary, "hypervisr")]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kubeclass", *args], capture_output=True, text=True,
                          timeout=60)


def test_show_json_and_not_found() -> None:
    proc = run("glossary", "show", "가상머신", "--json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["id"] == "virtual-machine"
    missing = run("glossary", "show", "hypervisr")
    assert missing.returncode == 1
    assert "Did you mean" in missing.stderr and "hypervisor" in missing.stderr


def test_show_renders_both_languages() -> None:
    proc = run("glossary", "show", "vm", "--lang", "en")
    assert proc.returncode == 0
    assert "Virtual Machine (가상 머신)" in proc.stdout
    assert "하이퍼바이저" in proc.stdout


def test_search_and_list_json() -> None:
    hits = json.loads(run("glossary", "search", "분리", "--json", "--limit", "3").stdout)
    assert hits[0]["id"] == "network-separation" and "score" in hits[0]
    listed = json.loads(run("glossary", "list", "--category", "cloud", "--json").stdout)
    assert listed and {t["category"] for t in listed} == {"cloud"}
