"""Helpers around the real local control plane, shared by every test area.

- :class:`ControlPlane` (from tools/controlplane/controlplane.py): etcd + kube-apiserver +
  kube-controller-manager on 127.0.0.1. ``cp.admin_kubeconfig`` (context ``kind-kubeclass``,
  a cluster admin), ``cp.server``, ``cp.tokens`` (static users: admin, learner,
  student-1..3 — none but admin has any permission), ``cp.kubeconfig_for(user=…, token=…,
  context=…, namespace=…)`` writes a kubeconfig for a static user or any bearer token (e.g.
  one from the TokenRequest API).
- :class:`FakeKubelet`: there is no kubelet, so Pods stay Pending; this thread binds the Pods
  of the namespaces it serves to a fake Node and marks them Running and Ready through the
  status subresource, as scheduler and kubelet would, so Deployment/ReplicaSet status and
  Endpoints follow from the real controllers. The session fixture ``kubelet`` runs one for
  the whole session: ``with kubelet.serving("my-ns"): ...``.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kubeclass.labs.cluster import Cluster, connect

_TOOL = Path(__file__).resolve().parent.parent / "tools" / "controlplane" / "controlplane.py"


def _load_tool() -> Any:
    name = "kubeclass_controlplane_tool"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, _TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_tool = _load_tool()
ControlPlane = _tool.ControlPlane
ControlPlaneError = _tool.ControlPlaneError
missing_binaries = _tool.missing
free_port = _tool.free_port
CONTEXT = _tool.CONTEXT


def admin(cp: Any) -> Cluster:
    """A kubeclass cluster connection as the admin user."""
    return connect(str(cp.admin_kubeconfig), CONTEXT)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def running_status(pod: dict[str, Any]) -> dict[str, Any]:
    """The status a kubelet reports for a started, ready Pod."""
    now = _now()
    spec = pod.get("spec") or {}
    statuses = [
        {"name": c["name"], "image": c.get("image", ""),
         "imageID": f"docker.io/library/{c.get('image', '')}@sha256:{'0' * 64}",
         "containerID": f"containerd://{i:064x}", "ready": True, "started": True,
         "restartCount": 0, "state": {"running": {"startedAt": now}}}
        for i, c in enumerate(spec.get("containers") or [])
    ]
    conditions = [{"type": t, "status": "True", "lastTransitionTime": now}
                  for t in ("Initialized", "Ready", "ContainersReady", "PodScheduled")]
    # A distinct IP per Pod: the endpoints controller merges addresses by IP.
    digest = hashlib.sha256(str((pod.get("metadata") or {}).get("uid", "")).encode()).digest()
    ip = f"10.244.{digest[0]}.{digest[1] % 254 + 1}"
    return {"phase": "Running", "conditions": conditions, "containerStatuses": statuses,
            "hostIP": "172.18.0.2", "podIP": ip, "podIPs": [{"ip": ip}],
            "startTime": now, "qosClass": "BestEffort"}


NODE = "kubeclass-control-plane"


def ensure_node(cluster: Cluster, name: str = NODE) -> None:
    """Register a Ready Node, as a kubelet does when it joins (the EndpointSlice controller
    needs the Node of every endpoint)."""
    if cluster.get("v1", "Node", name) is None:
        cluster.apply({"apiVersion": "v1", "kind": "Node",
                       "metadata": {"name": name, "labels": {
                           "kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
                           "node-role.kubernetes.io/control-plane": "",
                           "ingress-ready": "true"}}}, None)
    now = _now()
    resources = {"cpu": "8", "memory": "16Gi", "pods": "110", "ephemeral-storage": "100Gi"}
    cluster.request("PATCH", f"/api/v1/nodes/{name}/status", content_type=(
        "application/merge-patch+json"), body={"status": {
            "capacity": resources, "allocatable": resources,
            "addresses": [{"type": "InternalIP", "address": "172.18.0.2"},
                          {"type": "Hostname", "address": name}],
            "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                            "lastHeartbeatTime": now, "lastTransitionTime": now}]}})


def mark_running(cluster: Cluster, pod: dict[str, Any], node: str = NODE) -> None:
    """Bind an unscheduled Pod to ``node`` (as the scheduler would) and mark it Running and
    Ready (as the kubelet would)."""
    meta = pod["metadata"]
    base = f"/api/v1/namespaces/{meta['namespace']}/pods/{meta['name']}"
    if not (pod.get("spec") or {}).get("nodeName"):
        cluster.request("POST", f"{base}/binding", body={
            "apiVersion": "v1", "kind": "Binding", "metadata": {"name": meta["name"]},
            "target": {"apiVersion": "v1", "kind": "Node", "name": node}})
    cluster.request("PATCH", f"{base}/status", body={"status": running_status(pod)},
                    content_type="application/merge-patch+json")


def finish_deletion(cluster: Cluster, pod: dict[str, Any]) -> None:
    """A Pod on a node is deleted gracefully: it goes away only when the kubelet, having
    stopped its containers, deletes it with grace period 0."""
    meta = pod["metadata"]
    cluster.request("DELETE", f"/api/v1/namespaces/{meta['namespace']}/pods/{meta['name']}",
                    body={"gracePeriodSeconds": 0})


class FakeKubelet:
    """The kubelet of one fake Node, in a thread.

    For every namespace it serves, it schedules Pods onto its Node and reports them Running
    and Ready; in every namespace it completes the deletion of Pods bound to its Node (or
    namespaces with such Pods would never finish terminating). One cluster-wide LIST of Pods
    every ``interval`` seconds.
    """

    def __init__(self, cp: Any, namespaces: Iterable[str] = (), interval: float = 0.2) -> None:
        self.cluster = admin(cp)
        self.namespaces = set(namespaces)
        self.interval = interval
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="fake-kubelet")

    def start(self) -> FakeKubelet:
        if not self._thread.is_alive():
            ensure_node(self.cluster)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def __enter__(self) -> FakeKubelet:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @contextlib.contextmanager
    def serving(self, *namespaces: str) -> Iterator[FakeKubelet]:
        """Run the Pods of ``namespaces`` while the block lasts."""
        with self._lock:
            self.namespaces.update(namespaces)
        try:
            yield self
        finally:
            with self._lock:
                self.namespaces.difference_update(namespaces)

    def _run(self) -> None:
        while not self._stop.is_set():
            # keep simulating whatever happens while the tests run
            with contextlib.suppress(Exception):
                self.sync()
            self._stop.wait(self.interval)

    def sync(self) -> None:
        with self._lock:
            serving = set(self.namespaces)
        for pod in self.cluster.list_objects("v1", "Pod", None):
            meta, spec = pod["metadata"], pod.get("spec") or {}
            with contextlib.suppress(Exception):  # the Pod may be gone meanwhile
                if meta.get("deletionTimestamp"):
                    if spec.get("nodeName") == NODE:
                        finish_deletion(self.cluster, pod)
                elif (meta.get("namespace") in serving
                      and (pod.get("status") or {}).get("phase") != "Running"):
                    mark_running(self.cluster, pod)


def wait_for(predicate: Any, timeout: float = 30.0, interval: float = 0.2) -> Any:
    """Poll ``predicate`` until it returns something truthy; return it (or fail)."""
    end = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"condition not reached in {timeout}s: {predicate}")
        time.sleep(interval)
