"""The lab commands end to end on the real API server: start → check fails with the right
diffs → solve → check passes → reset leaves everything else alone; the context guard;
classroom contexts; and the clear errors (403, 401, unreachable, unserved kind)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from controlplane import free_port, wait_for
from kubeclass.cli import main
from kubeclass.labs.cluster import Cluster
from kubeclass.labs.load import load_lab
from kubeclass.site.urls import term_page_url

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(240)]

REPO = Path(__file__).resolve().parents[2]
NS = "lab-first-pod"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBECLASS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KUBECONFIG", raising=False)
    monkeypatch.delenv("KUBECLASS_ROOT", raising=False)


def _gone(kube: Cluster, namespace: str) -> None:
    if kube.get("v1", "Namespace", namespace) is not None:
        kube.delete("v1", "Namespace", namespace, None)
        wait_for(lambda: kube.get("v1", "Namespace", namespace) is None, timeout=60)


@pytest.fixture()
def clean(kube: Cluster) -> Iterator[Cluster]:
    """No lab namespace before or after the test."""
    for namespace in (NS, "lab-scale-deployment"):
        _gone(kube, namespace)
    yield kube
    for namespace in (NS, "lab-scale-deployment"):
        _gone(kube, namespace)


def lab(*args: str, kubeconfig: Path | str | None = None) -> Result:
    argv = ["lab", *args]
    if kubeconfig is not None:
        argv += ["--kubeconfig", str(kubeconfig)]
    return CliRunner().invoke(main, argv, catch_exceptions=False)


def checks_of(result: Result) -> dict[str, dict[str, Any]]:
    data = json.loads(result.stdout)
    return {c["id"]: c for step in data["steps"] for c in step["checks"]}


def test_full_cycle(kubelet: Any, clean: Cluster, admin_kubeconfig: Path,
                    tmp_path: Path) -> None:
    kube = clean
    # Bystanders: a namespace of someone else, and one kubeclass made for another lab.
    _gone(kube, "bystander")
    kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "bystander"}}, None)
    kube.apply({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "keep"},
                "data": {"a": "b"}}, "bystander")
    kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {
        "name": "lab-other", "labels": {"app.kubernetes.io/managed-by": "kubeclass",
                                        "kubeclass.io/lab": "other"}}}, None)

    started = lab("start", "first-pod", kubeconfig=admin_kubeconfig)
    assert started.exit_code == 0, started.output
    labels = kube.get("v1", "Namespace", NS)["metadata"]["labels"]  # type: ignore[index]
    assert labels["app.kubernetes.io/managed-by"] == "kubeclass"
    assert labels["kubeclass.io/lab"] == "first-pod"
    scratch = kube.get("v1", "Pod", "scratch", NS)
    assert scratch is not None and scratch["metadata"]["labels"]["kubeclass.io/lab"] == "first-pod"

    fresh = lab("check", "first-pod", "--json", "--lang", "en", kubeconfig=admin_kubeconfig)
    assert fresh.exit_code == 1
    data = json.loads(fresh.stdout)
    assert (data["passed"], data["score"], data["max_score"]) == (False, 0, 6)
    assert data["api_calls"] == 1
    assert data["calls"] == [f"GET /api/v1/namespaces/{NS}/pods?limit=500"]
    checks = checks_of(fresh)
    assert checks["pod-labelled"]["diff"] == [f"Pod hello not found in namespace {NS}"]
    assert checks["scratch-gone"]["diff"] == ["Pod scratch exists but should not"]
    assert checks["pod-labelled"]["hint"].startswith("`kubectl run` names the container")
    assert checks["pod-image"]["hint"] == "Check both the container's name and the image tag."

    # A realistic wrong attempt, made the way a learner would (kubectl run defaults).
    kube.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {
        "name": "hello", "labels": {"run": "hello"}},
        "spec": {"containers": [{"name": "hello", "image": "nginx"}]}}, NS)
    wrong = lab("check", "first-pod", "--json", "--no-wait", kubeconfig=admin_kubeconfig)
    checks = checks_of(wrong)
    assert checks["pod-labelled"]["diff"] == ['metadata.labels.app: 기대값 "hello", 필드 없음']
    assert checks["pod-image"]["diff"] == [
        'spec.containers: {name: "web", image: "nginx:1.25"}와(과) 일치하는 항목 없음']
    assert checks["pod-running"]["diff"] == ["조건 불충족: status.phase == 'Running'",
                                             "조건 불충족: status.containerStatuses[?name == 'web']"
                                             " | [0].ready"]
    # The second check of the learner's current step reveals the next step hint.
    assert checks["pod-labelled"]["hint"].startswith("`spec.containers[0].name`을 `web`")
    kube.delete("v1", "Pod", "hello", NS)

    with kubelet.serving(NS):
        solved = lab("solve", "first-pod", kubeconfig=admin_kubeconfig)
        assert solved.exit_code == 0, solved.output
        junit = tmp_path / "junit.xml"
        passed = lab("check", "first-pod", "--junit", str(junit), "--lang", "en",
                     kubeconfig=admin_kubeconfig)
    assert passed.exit_code == 0, passed.output
    assert "Score: 6/6" in passed.stdout and "All checks passed" in passed.stdout
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and (suite.get("tests"), suite.get("failures")) == ("4", "0")

    reset = lab("reset", "first-pod", kubeconfig=admin_kubeconfig)
    assert reset.exit_code == 0, reset.output
    assert kube.get("v1", "Namespace", NS) is None
    assert kube.get("v1", "ConfigMap", "keep", "bystander") is not None
    assert kube.get("v1", "Namespace", "lab-other") is not None
    for namespace in ("bystander", "lab-other"):
        kube.delete("v1", "Namespace", namespace, None)


def test_failed_check_report_in_the_terminal(clean: Cluster, admin_kubeconfig: Path) -> None:
    assert lab("start", "first-pod", kubeconfig=admin_kubeconfig).exit_code == 0
    ko = lab("check", "first-pod", "--no-wait", kubeconfig=admin_kubeconfig)
    assert ko.exit_code == 1
    assert "✗ 단계 1. nginx 파드 만들기" in ko.stdout
    assert "찾을 수 없음: Pod hello (네임스페이스 lab-first-pod)" in ko.stdout
    assert "점수: 0/6" in ko.stdout and "이 실습의 용어를 읽어 보세요:" in ko.stdout
    assert f"  • 파드 (Pod): {term_page_url('pod')}" in ko.stdout
    en = lab("check", "first-pod", "--no-wait", "--lang", "en", kubeconfig=admin_kubeconfig)
    assert "Pod hello not found in namespace lab-first-pod" in en.stdout
    assert "Score: 0/6" in en.stdout and "4 of 4 checks failed." in en.stdout


def test_check_waits_for_controllers(kubelet: Any, clean: Cluster,
                                     admin_kubeconfig: Path) -> None:
    """Right after creating a Deployment its Pods do not exist yet: `lab check` polls the
    checks that are in progress instead of failing at once."""
    kube = clean
    assert lab("start", "scale-deployment", kubeconfig=admin_kubeconfig).exit_code == 0
    item = load_lab("scale-deployment")
    with kubelet.serving(item.namespace):
        kube.apply(item.solution[0][0].body, item.namespace)
        result = lab("check", "scale-deployment", "--json", kubeconfig=admin_kubeconfig)
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["api_calls"] >= 3  # Deployment, Pod, ReplicaSet lists


def test_reset_keeps_a_namespace_kubeclass_did_not_create(clean: Cluster,
                                                         admin_kubeconfig: Path) -> None:
    kube = clean
    kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS}}, None)
    kube.apply({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "mine"}}, NS)
    started = lab("start", "first-pod", kubeconfig=admin_kubeconfig)
    assert started.exit_code == 0
    assert "kubeclass가 만든 것이 아닙니다" in started.stderr
    assert lab("solve", "first-pod", kubeconfig=admin_kubeconfig).exit_code == 0
    assert kube.get("v1", "Pod", "hello", NS) is not None
    reset = lab("reset", "first-pod", "--lang", "en", kubeconfig=admin_kubeconfig)
    assert reset.exit_code == 0 and "your own objects and the namespace are left" in reset.stdout
    wait_for(lambda: kube.get("v1", "Pod", "hello", NS) is None)
    assert kube.get("v1", "Namespace", NS) is not None
    assert kube.get("v1", "ConfigMap", "mine", NS) is not None


def test_guard_refuses_other_contexts(control_plane: Any, clean: Cluster) -> None:
    prod = control_plane.kubeconfig_for("admin", context="prod")
    refused = lab("start", "first-pod", kubeconfig=prod)
    assert refused.exit_code == 2
    assert "컨텍스트 'prod'은(는) 변경하지 않습니다" in refused.stderr
    assert clean.get("v1", "Namespace", NS) is None
    for command in ("solve", "reset"):
        assert lab(command, "first-pod", "--lang", "en", kubeconfig=prod).exit_code == 2
    # --yes alone is not enough: the context must be named.
    assert lab("start", "first-pod", "--yes", kubeconfig=prod).exit_code == 2
    # Reading is always allowed.
    assert lab("check", "first-pod", "--no-wait", kubeconfig=prod).exit_code == 1
    allowed = lab("start", "first-pod", "--context", "prod", "--yes", kubeconfig=prod)
    assert allowed.exit_code == 0 and clean.get("v1", "Namespace", NS) is not None
    assert lab("reset", "first-pod", "--context", "prod", "--yes",
               kubeconfig=prod).exit_code == 0


def test_classroom_context_works_in_its_own_namespace(control_plane: Any, clean: Cluster,
                                                      tmp_path: Path) -> None:
    kube = clean
    _gone(kube, "ws-alice")
    kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {
        "name": "ws-alice", "labels": {"kubeclass.io/classroom": "k8s-101"}}}, None)
    config = control_plane.kubeconfig("admin", context="kubeclass-classroom-alice",
                                      namespace="ws-alice")
    # What `classroom create` writes: the prefix, the namespace and the classroom extension.
    config["contexts"][0]["context"]["extensions"] = [
        {"name": "kubeclass.io/classroom", "extension": {"namespace": "ws-alice"}}]
    alice = tmp_path / "alice.kubeconfig"
    alice.write_text(json.dumps(config), encoding="utf-8")
    # A context merely named like one is not a classroom context: the guard refuses it.
    fake = control_plane.kubeconfig_for("admin", context="kubeclass-classroom-bob",
                                        namespace="ws-alice")
    assert lab("start", "first-pod", kubeconfig=fake).exit_code == 2
    assert lab("start", "first-pod", kubeconfig=alice).exit_code == 0
    assert kube.get("v1", "Namespace", NS) is None
    assert kube.get("v1", "Pod", "scratch", "ws-alice") is not None
    result = lab("check", "first-pod", "--json", "--no-wait", kubeconfig=alice)
    assert json.loads(result.stdout)["namespace"] == "ws-alice"
    assert lab("reset", "first-pod", kubeconfig=alice).exit_code == 0
    wait_for(lambda: kube.get("v1", "Pod", "scratch", "ws-alice") is None)
    assert kube.get("v1", "Namespace", "ws-alice") is not None
    kube.delete("v1", "Namespace", "ws-alice", None)


def test_forbidden_names_the_missing_verb_and_resource(control_plane: Any, clean: Cluster,
                                                       admin_kubeconfig: Path) -> None:
    learner = control_plane.kubeconfig_for("learner", context="kind-kubeclass")
    denied = lab("check", "first-pod", kubeconfig=learner)
    assert denied.exit_code == 3
    assert denied.stderr.strip() == (
        'kubeclass: 권한 없음 (403 Forbidden): 사용자 "learner"는 네임스페이스 lab-first-pod에서 '
        "pods에 대해 'list' 권한이 없습니다. 관리자에게 'pods'에 'list'을(를) 허용하는 롤(Role)을 "
        "요청하세요.")
    assert "Traceback" not in denied.output
    # With a Role for Pods only, the Deployment list is the one refused.
    kube = clean
    namespace = "lab-scale-deployment"
    assert lab("start", "scale-deployment", kubeconfig=admin_kubeconfig).exit_code == 0
    kube.apply({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                "metadata": {"name": "pods"},
                "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["list"]}]},
               namespace)
    kube.apply({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                "metadata": {"name": "learner-pods"},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role",
                            "name": "pods"},
                "subjects": [{"kind": "User", "name": "learner"}]}, namespace)
    en = lab("check", "scale-deployment", "--json", "--lang", "en", kubeconfig=learner)
    assert en.exit_code == 3 and en.stdout == ""
    assert ("user \"learner\" may not 'list' deployments.apps in namespace lab-scale-deployment"
            in en.stderr)
    # ... and a learner may not change the cluster at all.
    start = lab("start", "first-pod", "--lang", "en", kubeconfig=learner)
    assert start.exit_code == 3 and "may not 'get' namespaces in namespace lab-first-pod" in start.stderr


def test_unreachable_server_exits_3(control_plane: Any) -> None:
    dead = control_plane.kubeconfig_for("admin", context="kind-kubeclass")
    text = dead.read_text().replace(control_plane.server, f"https://127.0.0.1:{free_port()}")
    dead.write_text(text)
    begin = time.monotonic()
    result = lab("check", "first-pod", "--lang", "en", kubeconfig=dead)
    assert result.exit_code == 3
    assert "cannot reach the cluster at https://127.0.0.1:" in result.stderr
    assert "(Connection refused)" in result.stderr and "kubeclass cluster up" in result.stderr
    assert time.monotonic() - begin < 15
    for command in ("start", "reset", "solve"):
        assert lab(command, "first-pod", kubeconfig=dead).exit_code == 3


def test_rejected_credentials_and_missing_kubeconfig(control_plane: Any,
                                                     tmp_path: Path) -> None:
    bogus = control_plane.kubeconfig_for(token="not-a-real-token", context="kind-kubeclass")
    result = lab("check", "first-pod", "--lang", "en", kubeconfig=bogus)
    assert result.exit_code == 3 and "rejected your credentials (401 Unauthorized)" in result.stderr
    missing = lab("check", "first-pod", "--lang", "en", kubeconfig=tmp_path / "nope")
    assert missing.exit_code == 3 and "no kubeconfig at" in missing.stderr
    no_ctx = lab("check", "first-pod", "--context", "nope", "--lang", "en",
                 kubeconfig=control_plane.admin_kubeconfig)
    assert no_ctx.exit_code == 3 and "context 'nope' is not in" in no_ctx.stderr


def one_check_lab(root: Path, lab_id: str, title: tuple[str, str], term: str, *,
                  check: str, solution: str, level: str = "beginner") -> None:
    """A lab of one step with one check (``check``: the YAML of its resource, expect …)
    and one solution file, under ``root/labs/<lab_id>``."""
    lab_dir = root / "labs" / lab_id
    (lab_dir / "solution").mkdir(parents=True)
    ko, en = title
    body = "".join(f"        {line}\n" for line in check.splitlines())
    (lab_dir / "lab.yaml").write_text(f"""\
id: {lab_id}
title: {{ko: {ko}, en: {en}}}
level: {level}
minutes: 5
terms: [{term}]
intro: {{ko: {ko}, en: {en}}}
steps:
  - id: make
    title: {{ko: 만들기, en: Make}}
    instructions: {{ko: 만드세요, en: Make it}}
    checks:
      - id: {lab_id}
{body}        message: {{ko: {ko}, en: {en}}}
""", encoding="utf-8")
    (lab_dir / "solution" / f"{lab_id}.yaml").write_text(solution, encoding="utf-8")


def test_a_kind_the_server_does_not_serve(control_plane: Any, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "content"
    one_check_lab(root, "cron", ("크론잡", "CronJob"), "cronjob", level="intermediate",
                  check="resource: {apiVersion: batch/v1, kind: CronJob, name: tick}",
                  solution="apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
    monkeypatch.setenv("KUBECLASS_ROOT", str(root))
    result = lab("check", "cron", "--lang", "en", kubeconfig=control_plane.admin_kubeconfig)
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        "kubeclass: the cluster does not serve CronJob in batch/v1 (too old or too new a "
        "Kubernetes, or an add-on is not installed). It serves CronJob as: batch/v1beta1.")


def test_watch_returns_when_the_work_is_done(kubelet: Any, clean: Cluster,
                                             admin_kubeconfig: Path, tmp_path: Path) -> None:
    assert lab("start", "first-pod", kubeconfig=admin_kubeconfig).exit_code == 0
    env = dict(os.environ, KUBECONFIG=str(admin_kubeconfig), KUBECLASS_HOME=str(tmp_path),
               PYTHONPATH=str(REPO / "tools"))
    watch = subprocess.Popen([sys.executable, "-m", "kubeclass", "lab", "check", "first-pod",
                              "--watch", "--lang", "en"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(3)
        assert watch.poll() is None  # still failing, still watching
        with kubelet.serving(NS):
            assert lab("solve", "first-pod", kubeconfig=admin_kubeconfig).exit_code == 0
            out, err = watch.communicate(timeout=60)
    finally:
        if watch.poll() is None:
            watch.kill()
    assert watch.returncode == 0, err
    assert "All checks passed" in out


def test_hints_are_revealed_one_at_a_time() -> None:
    shown = [lab("hint", "first-pod", "--step", "create-pod", "--lang", "en").stdout
             for _ in range(4)]
    assert [s.split("]")[0] for s in shown] == ["[1/3", "[2/3", "[3/3", "[3/3"]
    assert "kubectl run" in shown[0] and "get pod hello -o yaml" in shown[2]
    unknown = lab("hint", "first-pod", "--step", "create")
    assert unknown.exit_code == 2 and "(did you mean 'create-pod'?)" in unknown.stderr


def test_client_certificate_kubeconfig_like_kind_writes(control_plane: Any) -> None:
    """kind's kubeconfig authenticates with embedded client certificates, not a token."""
    result = lab("check", "first-pod", "--json", "--no-wait",
                 kubeconfig=control_plane.cert_kubeconfig())
    assert result.exit_code == 1, result.output  # graded (the lab is not done), not refused
    assert json.loads(result.stdout)["api_calls"] == 1


def test_reset_deletes_services_one_by_one_where_deletecollection_is_missing(
        control_plane: Any, kube: Cluster, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Kubernetes 1.20 has no deletecollection for Services (405): reset in a namespace it
    did not create lists them by label and deletes each."""
    one_check_lab(tmp_path / "content", "svc", ("서비스", "Service"), "service",
                  check="resource: {apiVersion: v1, kind: Service, name: web}\n"
                        "expect: {spec: {ports: [{port: 80}]}}",
                  solution="""\
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
""")
    monkeypatch.setenv("KUBECLASS_ROOT", str(tmp_path / "content"))
    _gone(kube, "lab-svc")
    kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "lab-svc"}}, None)
    kube.apply({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "mine"},
                "spec": {"ports": [{"port": 81, "protocol": "TCP"}]}}, "lab-svc")
    admin = str(control_plane.admin_kubeconfig)
    assert lab("start", "svc", kubeconfig=admin).exit_code == 0
    assert lab("solve", "svc", kubeconfig=admin).exit_code == 0
    assert lab("check", "svc", kubeconfig=admin).exit_code == 0
    reset = lab("reset", "svc", kubeconfig=admin)
    assert reset.exit_code == 0, reset.output
    assert kube.get("v1", "Service", "web", "lab-svc") is None
    assert kube.get("v1", "Service", "mine", "lab-svc") is not None
    _gone(kube, "lab-svc")
