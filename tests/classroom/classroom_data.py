"""In-memory learners' work for the pure classroom tests: objects as a LIST would return
them, built from the real labs' own solution manifests (so they stay in step with labs/)."""

from __future__ import annotations

import copy
from typing import Any

from kubeclass.classroom.model import Workspace
from kubeclass.labs.load import load_lab
from kubeclass.labs.model import Lab

FIRST_POD = load_lab("first-pod")


def solution_objects(lab: Lab, namespace: str) -> list[dict[str, Any]]:
    """The lab's solution as the server would list it in ``namespace`` (deletion markers
    dropped)."""
    out = []
    for file in lab.solution:
        for manifest in file:
            annotations = (manifest.body.get("metadata") or {}).get("annotations") or {}
            if annotations.get("kubeclass.io/action") == "delete":
                continue
            obj = copy.deepcopy(manifest.body)
            obj["metadata"]["namespace"] = namespace
            out.append(obj)
    return out


def running(pod: dict[str, Any]) -> dict[str, Any]:
    """The Pod as a kubelet reports it once its containers run."""
    pod = copy.deepcopy(pod)
    pod["status"] = {"phase": "Running", "containerStatuses": [
        {"name": c["name"], "ready": True} for c in pod["spec"]["containers"]]}
    return pod


def scratch(namespace: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "scratch", "namespace": namespace, "labels": {"app": "scratch"}},
            "spec": {"containers": [{"name": "sleeper", "image": "busybox:1.36"}]}}


def first_pod_work(variant: str, namespace: str) -> list[dict[str, Any]]:
    """A learner's Pods for the first-pod lab: "right", "pending" (right but not running),
    "wrong-image", "wrong-label", "left-scratch" or "nothing"."""
    (hello,) = [o for o in solution_objects(FIRST_POD, namespace) if o["metadata"]["name"] == "hello"]
    if variant == "nothing":
        return [scratch(namespace)]
    if variant == "pending":
        return [hello]
    hello = running(hello)
    if variant == "wrong-image":
        hello["spec"]["containers"][0]["image"] = "nginx:1.24"
        hello["status"]["containerStatuses"][0]["ready"] = True
    elif variant == "wrong-label":
        hello["metadata"]["labels"] = {"app": "helo"}
    elif variant == "left-scratch":
        return [hello, scratch(namespace)]
    return [hello]


# Which checks each variant fails (the rest pass).
FIRST_POD_FAILS: dict[str, set[str]] = {
    "right": set(),
    "pending": {"pod-running"},
    "wrong-image": {"pod-image"},
    "wrong-label": {"pod-labelled"},
    "left-scratch": {"scratch-gone"},
    "nothing": {"pod-labelled", "pod-image", "pod-running", "scratch-gone"},
}


def workspace(classroom: str, learner: str, name: str | None = None) -> Workspace:
    return Workspace(classroom=classroom, learner=learner, namespace=f"{classroom}-{learner}",
                     name=name or learner.upper())
