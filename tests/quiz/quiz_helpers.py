"""Helpers for the quiz tests: an in-memory glossary and the real command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kubeclass.glossary.model import Bilingual, Category, Glossary, Term

REPO = Path(__file__).resolve().parents[2]


def term(
    id: str, ko: str, en: str, category: str, short_ko: str, short_en: str, *,
    abbr: str | None = None, aka: tuple[str, ...] = (), related: tuple[str, ...] = (),
    tags: tuple[str, ...] = ("kubernetes",), level: str = "beginner",
) -> Term:
    """A complete term for tests."""
    return Term(
        id=id, term=Bilingual(ko, en), category=category, level=level,
        short=Bilingual(short_ko, short_en), long=Bilingual(short_ko, short_en),
        abbr=abbr, aka=aka, tags=tags, related=related,
    )


def small_glossary() -> Glossary:
    """Twelve terms in three categories, with abbreviations, aliases and related terms."""
    terms = [
        term("pod", "파드", "Pod", "k8s-workloads",
             "하나 이상의 컨테이너를 묶어 함께 배포하는 쿠버네티스의 가장 작은 단위다.",
             "The smallest deployable unit in Kubernetes: one or more containers together.",
             aka=("pods", "포드"), related=("container",)),
        term("node", "노드", "Node", "k8s-architecture",
             "파드가 실제로 실행되는 클러스터의 작업 머신이다.",
             "A worker machine of the cluster on which Pods run."),
        term("deployment", "디플로이먼트", "Deployment", "k8s-workloads",
             "레플리카셋을 관리하며 파드를 선언한 개수만큼 유지하고 롤링 업데이트한다.",
             "Manages ReplicaSets to keep a declared number of Pods and roll out updates.",
             related=("replicaset", "pod")),
        term("replicaset", "레플리카셋", "ReplicaSet", "k8s-workloads",
             "지정한 수의 동일한 파드가 항상 실행되도록 보장하는 오브젝트다.",
             "Ensures that a given number of identical Pods is always running.",
             related=("deployment",)),
        term("daemonset", "데몬셋", "DaemonSet", "k8s-workloads",
             "모든 노드 또는 선택한 노드마다 파드를 하나씩 실행한다.",
             "Runs one copy of a Pod on every (or every selected) node."),
        term("job", "잡", "Job", "k8s-workloads",
             "파드를 실행해 정해진 작업을 끝까지 완료시키는 오브젝트다.",
             "Runs Pods until a task completes successfully."),
        term("statefulset", "스테이트풀셋", "StatefulSet", "k8s-workloads",
             "고정된 이름과 저장소가 필요한 상태 유지 애플리케이션의 파드를 관리한다.",
             "Manages Pods of stateful applications that need stable names and storage."),
        term("kubernetes", "쿠버네티스", "Kubernetes", "k8s-architecture",
             "컨테이너화된 애플리케이션의 배포와 확장, 관리를 자동화하는 오픈 소스 플랫폼이다.",
             "An open-source platform that automates deploying, scaling and managing containers.",
             abbr="k8s", aka=("kube",)),
        term("kubelet", "kubelet", "kubelet", "k8s-architecture",
             "각 노드에서 파드의 컨테이너가 실행되도록 관리하는 에이전트다.",
             "The agent on each node that makes sure the containers of Pods are running."),
        term("namespace", "네임스페이스", "Namespace", "k8s-architecture",
             "하나의 클러스터를 논리적으로 나누어 리소스 이름의 범위를 정한다.",
             "Divides one cluster logically and scopes the names of resources."),
        term("virtual-machine", "가상 머신", "Virtual Machine", "virtualization",
             "소프트웨어로 흉내 낸 컴퓨터로, 그 위에 운영 체제를 설치해 쓴다.",
             "A computer emulated in software on which an operating system is installed.",
             abbr="VM", aka=("가상머신", "virtual-machine")),
        term("hypervisor", "하이퍼바이저", "Hypervisor", "virtualization",
             "여러 가상 머신이 한 대의 하드웨어를 나눠 쓰도록 관리하는 소프트웨어다.",
             "Software that lets many virtual machines share one physical computer.",
             related=("virtual-machine",)),
        term("container", "컨테이너", "Container", "virtualization",
             "애플리케이션과 실행에 필요한 것을 묶어 격리된 프로세스로 실행하는 기술이다.",
             "Runs an application with what it needs as an isolated process.",
             related=("pod",)),
    ]
    categories = {
        c: Category(c, Bilingual(ko, en), Bilingual(ko, en))
        for c, ko, en in (
            ("virtualization", "가상화", "Virtualization"),
            ("k8s-architecture", "쿠버네티스 아키텍처", "Kubernetes Architecture"),
            ("k8s-workloads", "워크로드", "Workloads"),
        )
    }
    return Glossary(terms={t.id: t for t in sorted(terms, key=lambda t: t.id)},
                    categories=categories)


def run_quiz(*args: str, home: Path, stdin: str | None = None,
             timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m kubeclass quiz ARGS`` in a fresh process with ``home`` as KUBECLASS_HOME."""
    env = {**os.environ, "KUBECLASS_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    env.pop("KUBECLASS_ROOT", None)
    return subprocess.run([sys.executable, "-m", "kubeclass", "quiz", *args], input=stdin,
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=timeout)
