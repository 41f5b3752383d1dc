"""A failed ``lab check`` points at the glossary: each term's Korean and English name and
its page on the website (one base-URL helper shared with the quiz)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kubeclass.glossary.cache import load_cached_glossary
from kubeclass.glossary.model import Bilingual
from kubeclass.labs.checks import grade
from kubeclass.labs.commands import _term_pages
from kubeclass.labs.load import load_lab
from kubeclass.labs.report import TermPage, print_report, term_pages, to_json
from kubeclass.site import urls

REPO = Path(__file__).resolve().parents[2]
NAMES = {"pod": Bilingual("파드", "Pod"), "namespace": Bilingual("네임스페이스", "Namespace"),
         "kubectl": Bilingual("kubectl", "kubectl")}


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBECLASS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KUBECLASS_ROOT", raising=False)
    monkeypatch.delenv(urls.SITE_URL_ENV, raising=False)
    urls.site_url.cache_clear()


def test_term_pages_name_both_languages_and_the_page_url() -> None:
    pages = term_pages(["pod", "kubectl", "missing"], NAMES)
    assert [p.url for p in pages] == [urls.site_url() + f"terms/{t}/"
                                      for t in ("pod", "kubectl", "missing")]
    assert [p.label("ko") for p in pages] == ["파드 (Pod)", "kubectl", "missing"]
    assert [p.label("en") for p in pages] == ["Pod (파드)", "kubectl", "missing"]
    assert pages[0].to_dict() == {"id": "pod", "name": {"ko": "파드", "en": "Pod"},
                                  "url": urls.term_page_url("pod")}


def test_a_failed_check_prints_the_term_pages(capsys: pytest.CaptureFixture[str]) -> None:
    lab = load_lab("first-pod")
    failed = grade(lab, {})  # an empty cluster: the Pod is not there
    assert not failed.passed
    glossary = load_cached_glossary()
    pages = term_pages(lab.terms, {t: glossary.terms[t].term for t in lab.terms})
    print_report(failed, "ko", {}, terms=pages, color=False)
    out = capsys.readouterr().out.splitlines()
    start = out.index("이 실습의 용어를 읽어 보세요:")
    listed = out[start + 1:]
    assert [line.rsplit(": ", 1)[1] for line in listed] == [urls.term_page_url(t)
                                                             for t in lab.terms]
    assert f"  • 파드 (Pod): {urls.term_page_url('pod')}" in listed
    assert f"  • 네임스페이스 (Namespace): {urls.term_page_url('namespace')}" in listed

    print_report(failed, "en", {}, terms=pages, color=False)
    english = capsys.readouterr().out
    assert "Read about the terms of this lab:\n" in english
    assert f"  • Pod (파드): {urls.term_page_url('pod')}\n" in english


def test_nothing_to_read_when_everything_passed(capsys: pytest.CaptureFixture[str]) -> None:
    lab = load_lab("first-pod")
    ns = lab.namespace
    pod = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": "hello", "namespace": ns, "labels": {"app": "hello"}},
           "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]},
           "status": {"phase": "Running", "containerStatuses": [{"name": "web", "ready": True}]}}
    passed = grade(lab, {("v1", "Pod", ns): [pod]})
    assert passed.passed
    print_report(passed, "ko", {}, terms=term_pages(lab.terms, NAMES), color=False)
    out = capsys.readouterr().out
    assert "terms/" not in out and "읽어 보세요" not in out


def test_json_report_lists_the_term_pages() -> None:
    lab = load_lab("first-pod")
    data = to_json(grade(lab, {}), "en", terms=term_pages(lab.terms, NAMES))
    assert [t["id"] for t in data["terms"]] == list(lab.terms)
    assert data["terms"][1] == {"id": "pod", "name": {"ko": "파드", "en": "Pod"},
                                "url": urls.term_page_url("pod")}


def test_names_come_from_the_glossary_and_fall_back_to_ids(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    lab = load_lab("first-pod")
    pages = _term_pages(lab)
    assert pages[1] == TermPage("pod", Bilingual("파드", "Pod"), urls.term_page_url("pod"))
    # A broken glossary is `glossary check`'s business: the pages are still listed, by id.
    root = tmp_path / "content"
    (root / "glossary").mkdir(parents=True)
    (root / "glossary" / "categories.yaml").write_text("- id: [unclosed\n", "utf-8")
    shutil.copytree(REPO / "labs" / "first-pod", root / "labs" / "first-pod")
    monkeypatch.setenv("KUBECLASS_ROOT", str(root))
    assert _term_pages(lab) == [TermPage(t, None, urls.term_page_url(t)) for t in lab.terms]


def test_the_base_url_env_then_mkdocs_yml_then_the_default(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert urls.configured_site_url("site_name: x\nsite_url: https://example.org/k8s\n") \
        == "https://example.org/k8s"
    assert urls.configured_site_url("site_url: 'http://localhost:8000/'  # dev\n") \
        == "http://localhost:8000/"
    assert urls.configured_site_url("extra:\n  site_url: https://nested.example/\n") is None
    real = urls.configured_site_url((REPO / "mkdocs.yml").read_text("utf-8"))
    assert urls.site_url() == (real or urls.DEFAULT_SITE_URL)
    monkeypatch.setenv(urls.SITE_URL_ENV, "https://school.example/kc")
    urls.site_url.cache_clear()
    assert urls.term_page_url("pod") == "https://school.example/kc/terms/pod/"


def test_quiz_and_lab_paths_import_neither_mkdocs_nor_kubernetes() -> None:
    code = ("import sys, kubeclass.quiz.view, kubeclass.quiz.export, kubeclass.labs.report, "
            "kubeclass.site.urls; "
            "print([m for m in ('mkdocs', 'material', 'kubernetes') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "[]"


@pytest.mark.cluster
@pytest.mark.timeout(120)
def test_lab_check_on_the_api_server_prints_names_and_urls(admin_kubeconfig: Path,
                                                             tmp_path: Path) -> None:
    """The real command in its own process, with the site's address set by the environment."""
    env = {**os.environ, "KUBECLASS_HOME": str(tmp_path / "home"),
           urls.SITE_URL_ENV: "https://school.example/kubeclass"}
    env.pop("KUBECLASS_ROOT", None)

    def check(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kubeclass", "lab", "check", "first-pod",
                               "--no-wait", "--kubeconfig", str(admin_kubeconfig), *args],
                              capture_output=True, text=True, env=env, timeout=90)

    # Nothing started: the namespace is empty, so the Pod checks fail.
    ko = check()
    assert ko.returncode == 1, ko.stderr
    assert "  • 파드 (Pod): https://school.example/kubeclass/terms/pod/" in ko.stdout
    assert "  • 네임스페이스 (Namespace): https://school.example/kubeclass/terms/namespace/" \
        in ko.stdout
    en = check("--lang", "en")
    assert "  • Pod (파드): https://school.example/kubeclass/terms/pod/" in en.stdout
    data = json.loads(check("--json").stdout)
    assert {"id": "pod", "name": {"ko": "파드", "en": "Pod"},
            "url": "https://school.example/kubeclass/terms/pod/"} in data["terms"]
