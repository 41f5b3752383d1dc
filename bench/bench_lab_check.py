#!/usr/bin/env python3
"""Benchmark: grading a 10-check lab against the real local API server.

Starts its own control plane (tools/controlplane), creates a namespace with a Deployment
(3 Pods made by the real controllers), a Service and 20 ConfigMaps, then measures in the
same run, with the same client:

- ``grade``: one grading round of a 10-check lab (``run_checks``, no polling) — its API
  calls must equal the number of distinct (apiVersion, kind, namespace) pairs;
- ``list``: one plain LIST of Pods (the baseline; target: grade <= 3 x list);
- ``get-per-check``: one GET per check, what a naive grader would do (for comparison).

    python3 bench/bench_lab_check.py [--rounds 60]

Prints medians (ms) and ratios; exits 1 when the calls are wrong or the target is missed.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

sys.path.insert(0, str(REPO / "bench"))
from _figures import Figure, Unavailable, at_most, check, print_figures  # noqa: E402

from kubeclass.labs.checks import required_reads  # noqa: E402
from kubeclass.labs.cluster import Cluster, connect  # noqa: E402
from kubeclass.labs.load import load_lab  # noqa: E402
from kubeclass.labs.runner import run_checks  # noqa: E402

NS = "lab-bench"
TARGET = 3.0

LAB = """\
id: bench
title: {ko: 벤치마크, en: Benchmark}
level: beginner
minutes: 10
terms: [pod]
namespace: lab-bench
intro: {ko: 벤치마크, en: Benchmark}
steps:
  - id: all
    title: {ko: 전부, en: All}
    instructions: {ko: 없음, en: None}
    checks:
      - id: deploy-image
        resource: {apiVersion: apps/v1, kind: Deployment, name: web}
        expect: {spec: {template: {spec: {containers: [{name: nginx, image: "nginx:1.25"}]}}}}
        message: {ko: 이미지, en: image}
      - id: deploy-replicas
        resource: {apiVersion: apps/v1, kind: Deployment, name: web}
        expect: {spec: {replicas: 3}}
        message: {ko: 레플리카, en: replicas}
      - id: deploy-labels
        resource: {apiVersion: apps/v1, kind: Deployment, name: web}
        assert: "spec.selector.matchLabels.app == 'web'"
        message: {ko: 레이블, en: labels}
      - id: pods
        resource: {apiVersion: v1, kind: Pod, labelSelector: app=web}
        count: {min: 3, max: 3}
        message: {ko: 파드, en: pods}
      - id: pods-image
        resource: {apiVersion: v1, kind: Pod, labelSelector: app=web}
        expect: {spec: {containers: [{image: "nginx:1.25"}]}}
        message: {ko: 파드 이미지, en: pod image}
      - id: no-debug-pod
        resource: {apiVersion: v1, kind: Pod, name: debug}
        absent: true
        message: {ko: 디버그 없음, en: no debug}
      - id: service-port
        resource: {apiVersion: v1, kind: Service, name: web}
        expect: {spec: {ports: [{port: 80, targetPort: 80}], selector: {app: web}}}
        message: {ko: 포트, en: port}
      - id: service-type
        resource: {apiVersion: v1, kind: Service, name: web}
        assert: "spec.type == 'ClusterIP'"
        message: {ko: 타입, en: type}
      - id: config
        resource: {apiVersion: v1, kind: ConfigMap, name: config-7}
        expect: {data: {MODE: prod}}
        message: {ko: 설정, en: config}
      - id: configs
        resource: {apiVersion: v1, kind: ConfigMap, labelSelector: "tier=config"}
        count: {min: 20}
        message: {ko: 설정 개수, en: config count}
"""

SOLUTION = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"


def _controlplane() -> Any:
    spec = importlib.util.spec_from_file_location(
        "kubeclass_controlplane_tool", REPO / "tools" / "controlplane" / "controlplane.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def populate(cluster: Cluster) -> None:
    cluster.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS}}, None)
    deadline = time.monotonic() + 30
    while cluster.get("v1", "ServiceAccount", "default", NS) is None:
        if time.monotonic() > deadline:
            raise SystemExit("the default ServiceAccount never appeared")
        time.sleep(0.2)
    time.sleep(1)  # its token Secret (Kubernetes 1.20)
    cluster.apply({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                   "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                            "template": {"metadata": {"labels": {"app": "web"}}, "spec": {
                                "containers": [{"name": "nginx", "image": "nginx:1.25"}]}}}},
                  NS)
    cluster.apply({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
                   "spec": {"selector": {"app": "web"},
                            "ports": [{"port": 80, "targetPort": 80, "protocol": "TCP"}]}}, NS)
    for i in range(20):
        cluster.apply({"apiVersion": "v1", "kind": "ConfigMap",
                       "metadata": {"name": f"config-{i}", "labels": {"tier": "config"}},
                       "data": {"MODE": "prod", "INDEX": str(i)}}, NS)
    while len(cluster.list_objects("v1", "Pod", NS)) < 3:
        if time.monotonic() > deadline + 30:
            raise SystemExit("the ReplicaSet controller never made the Pods")
        time.sleep(0.2)


def medians_ms(funcs: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median wall time of each function, measured interleaved (one call of each per
    round) so that load from other processes affects all of them alike."""
    for func in funcs.values():
        func()  # warm up connections, caches and the thread pool
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(rounds):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def measure(rounds: int) -> list[Figure]:
    """Set up the namespace, grade it ``rounds`` times against the two baselines."""

    cp_module = _controlplane()
    absent = cp_module.missing()
    if absent:
        raise Unavailable(f"missing {', '.join(absent)}: run bash tools/controlplane/build.sh")
    with tempfile.TemporaryDirectory() as tmp, cp_module.ControlPlane() as cp:
        lab_dir = Path(tmp) / "labs" / "bench"
        (lab_dir / "solution").mkdir(parents=True)
        (lab_dir / "lab.yaml").write_text(LAB, encoding="utf-8")
        (lab_dir / "solution" / "x.yaml").write_text(SOLUTION, encoding="utf-8")
        lab = load_lab("bench", Path(tmp) / "labs")
        cluster = connect(str(cp.admin_kubeconfig), cp_module.CONTEXT)
        populate(cluster)

        pairs = required_reads(lab.checks(), NS)
        cluster.calls.clear()
        result = run_checks(lab, cluster.snapshot, NS, poll=False)
        calls = len(cluster.calls)
        failed = [c.check.id for c in result.failed_checks()]

        def grade() -> object:
            return run_checks(lab, cluster.snapshot, NS, poll=False)

        def plain_list() -> object:
            return cluster.list_objects("v1", "Pod", NS)

        def get_per_check() -> object:
            for check in lab.checks():
                r = check.resource
                if r.name:
                    cluster.get(r.api_version, r.kind, r.name, NS)
                else:
                    cluster.list_objects(r.api_version, r.kind, NS)
            return None

        medians = medians_ms({"grade": grade, "list": plain_list, "naive": get_per_check},
                             rounds)
        grade_ms, list_ms, naive_ms = medians["grade"], medians["list"], medians["naive"]

    ratio = grade_ms / list_ms
    print(f"lab: {len(lab.checks())} checks, {len(pairs)} distinct (apiVersion, kind, "
          f"namespace) pairs; all passed: {not failed} {failed or ''}")
    print(f"api calls per grading round: {calls} (expected {len(pairs)})")
    print(f"median over {rounds} rounds:")
    print(f"  grade (10 checks)      {grade_ms:8.2f} ms")
    print(f"  one plain LIST (Pods)  {list_ms:8.2f} ms")
    print(f"  one GET per check      {naive_ms:8.2f} ms  ({len(lab.checks())} calls)")
    print(f"ratio grade / LIST: {ratio:.2f} x (target <= 3 x)  "
          f"grade vs get-per-check: {naive_ms / grade_ms:.2f} x faster")
    check(not failed, f"checks failed on a namespace that meets them all: {failed}")
    return [
        Figure("lab check: one grading round / one plain LIST", f"≤ {TARGET:.0f}×", ratio, "×",
               at_most(ratio, TARGET),
               "학습자가 `kubeclass lab check` 를 칠 때 검사 10개의 채점이 목록 조회 한 번과 "
               "비교해 얼마나 걸리는가.",
               "How long grading a 10-check lab takes when a learner runs `kubeclass lab "
               "check`, against one plain LIST of Pods.",
               f"medians of {rounds} rounds, {grade_ms:.1f} ms vs {list_ms:.1f} ms; one GET per "
               f"check {naive_ms:.1f} ms"),
        Figure("lab check: API calls per grading round",
               f"= {len(pairs)} (one per kind and namespace)", calls, "calls",
               "OK" if calls == len(pairs) else "MISSED",
               "검사가 늘어도 API 서버에 보내는 요청은 리소스 종류마다 한 번뿐입니다.",
               "More checks do not mean more requests: one per kind of resource read.",
               f"{len(lab.checks())} checks"),
    ]



def figures(quick: bool) -> list[Figure]:
    """The protocol of ``bench/all.py``: quick is 3 rounds."""
    return measure(3 if quick else 60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    results = measure(args.rounds)
    print_figures(results)
    return 0 if all(f.verdict == "OK" for f in results) else 1

if __name__ == "__main__":
    sys.exit(main())
