"""A simulated kind node for the lab tests: what kind's own components would do, no more.

The test control plane has an API server and a controller manager but no node. Labs that
grade running Pods, bound claims or admitted Ingresses need the components a kind cluster
has, so a background thread plays them, through the same API and the status subresources
they use:

- **the node and kube-scheduler**: a Node object ``kubeclass-control-plane`` (the Endpoints
  controllers need the node of every address), and Pods bound to it once their claims exist
  and are Bound (a Pod using a missing or unbound claim stays unschedulable).
- **kubelet**: a bound Pod starts only when every ConfigMap and Secret it needs exists; then
  it gets a unique ``podIP``, ``phase: Running`` and Ready conditions, so the real
  ReplicaSet, Deployment and Endpoints controllers react to it. A Pod missing a mounted
  ConfigMap/Secret stays ``Pending`` in ``ContainerCreating``; one missing an environment
  reference waits in ``CreateContainerConfigError``; a busybox or alpine container without a
  command of its own exits at once and loops in ``CrashLoopBackOff`` — what a learner sees
  with ``kubectl get pods``. A deleted Pod on the node is finished off (its containers "stopped") so graceful
  deletion, rollouts and namespace deletion complete.
- **local-path-provisioner** (kind's default StorageClass, ``WaitForFirstConsumer``): a
  claim gets a PersistentVolume only once a Pod uses it, and only for ReadWriteOnce(Pod);
  the real PV controller then binds the two. The volume is deleted when its claim is gone
  (reclaim policy Delete), so `lab reset` leaves nothing behind here either.
- **ingress-nginx** (as installed on kind: ``--ingress-class=nginx``,
  ``--watch-ingress-without-class=false``, ``--publish-status-address=localhost``): an
  Ingress of class ``nginx`` gets ``status.loadBalancer.ingress: [{hostname: localhost}]``;
  any other Ingress is ignored.

Wrong lab attempts must fail on what the learner wrote; the simulation only makes the right
answers observable.
"""

from __future__ import annotations

import contextlib
import ipaddress
import threading
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from kubeclass.labs.cluster import ApiError, Cluster, ClusterError

SIMULATED_LABEL = "kubeclass.io/simulated-by"
SIMULATED_VALUE = "labs-content-tests"
INGRESS_CLASS = "nginx"
INGRESS_ADDRESS = "localhost"
PROVISIONER_MODES = frozenset({"ReadWriteOnce", "ReadWriteOncePod"})
HOST_IP = "172.18.0.2"
NODE_NAME = "kubeclass-control-plane"

Obj = Mapping[str, Any]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _meta(obj: Obj) -> Mapping[str, Any]:
    return obj.get("metadata") or {}


def _names(objs: Iterable[Obj]) -> dict[str, Obj]:
    return {_meta(o).get("name", ""): o for o in objs}


# --------------------------------------------------------------------------- pure decisions


def pod_claims(pod: Obj) -> list[str]:
    """Names of the PersistentVolumeClaims a Pod mounts."""
    volumes = (pod.get("spec") or {}).get("volumes") or []
    return [v["persistentVolumeClaim"]["claimName"] for v in volumes
            if (v.get("persistentVolumeClaim") or {}).get("claimName")]


def _containers(pod: Obj) -> list[Obj]:
    spec = pod.get("spec") or {}
    return [*(spec.get("initContainers") or []), *(spec.get("containers") or [])]


def waiting_reason(pod: Obj, configmaps: Mapping[str, Obj], secrets: Mapping[str, Obj],
                   claims: Mapping[str, Obj]) -> tuple[str, str] | None:
    """Why the kubelet (or scheduler) cannot start this Pod yet: (phase detail, message),
    or None when it can run. Mirrors the checks kubelet does before starting containers."""
    for claim in pod_claims(pod):
        pvc = claims.get(claim)
        if pvc is None:
            return "Unschedulable", f'persistentvolumeclaim "{claim}" not found'
        if (pvc.get("status") or {}).get("phase") != "Bound":
            return "Unschedulable", "pod has unbound immediate PersistentVolumeClaims"
    for volume in (pod.get("spec") or {}).get("volumes") or []:
        for kind, store, key in (("configMap", configmaps, "name"),
                                 ("secret", secrets, "secretName")):
            source = volume.get(kind)
            if source and not source.get("optional") and source.get(key) not in store:
                return "ContainerCreating", (f'MountVolume.SetUp failed for volume '
                                             f'"{volume.get("name")}": {kind} '
                                             f'"{source.get(key)}" not found')
    for container in _containers(pod):
        for ref in container.get("envFrom") or []:
            for kind, store in (("configMapRef", configmaps), ("secretRef", secrets)):
                source = ref.get(kind)
                if source and not source.get("optional") and source.get("name") not in store:
                    return "CreateContainerConfigError", f'{kind} "{source.get("name")}" not found'
        for env in container.get("env") or []:
            value_from = env.get("valueFrom") or {}
            for kind, store in (("configMapKeyRef", configmaps), ("secretKeyRef", secrets)):
                ref = value_from.get(kind)
                if not ref or ref.get("optional"):
                    continue
                obj = store.get(ref.get("name"))
                data = {**((obj or {}).get("data") or {}), **((obj or {}).get("binaryData") or {})}
                if obj is None or ref.get("key") not in data:
                    return "CreateContainerConfigError", (
                        f'couldn\'t find key {ref.get("key")} in {kind[:-6]} '
                        f'{ref.get("name")}')
    return None


# Images whose default command is a shell: without a command of its own such a container
# exits at once (no terminal) and the kubelet restarts it in a loop.
SHELL_IMAGES = frozenset({"busybox", "alpine"})


def crashes(container: Obj) -> bool:
    """A busybox/alpine container without command or args: its ``sh`` exits immediately."""
    repository = str(container.get("image", "")).split("@")[0].rsplit(":", 1)[0]
    return (repository.rsplit("/", 1)[-1] in SHELL_IMAGES
            and not container.get("command") and not container.get("args"))


def running_status(pod: Obj, pod_ip: str) -> dict[str, Any]:
    """The status a kubelet reports for a started Pod (containers that exit at once end up in
    ``CrashLoopBackOff`` and keep the Pod from being Ready)."""
    now = _now()
    statuses = []
    for i, c in enumerate((pod.get("spec") or {}).get("containers") or []):
        crashing = crashes(c)
        state = ({"waiting": {"reason": "CrashLoopBackOff",
                              "message": "back-off 40s restarting failed container"}}
                 if crashing else {"running": {"startedAt": now}})
        statuses.append(
            {"name": c["name"], "image": c.get("image", ""),
             "imageID": f"docker.io/library/{c.get('image', '')}@sha256:{'0' * 64}",
             "containerID": f"containerd://{i:064x}", "ready": not crashing,
             "started": not crashing, "restartCount": 3 if crashing else 0, "state": state})
    ready = "True" if all(st["ready"] for st in statuses) else "False"
    conditions = [{"type": t, "status": "True" if t in ("Initialized", "PodScheduled") else ready,
                   "lastTransitionTime": now}
                  for t in ("Initialized", "Ready", "ContainersReady", "PodScheduled")]
    return {"phase": "Running", "conditions": conditions, "containerStatuses": statuses,
            "hostIP": HOST_IP, "podIP": pod_ip, "podIPs": [{"ip": pod_ip}], "startTime": now}


def waiting_status(pod: Obj, reason: str, message: str) -> dict[str, Any]:
    """The status of a Pod that cannot start: unschedulable, or scheduled but waiting."""
    now = _now()
    if reason == "Unschedulable":
        return {"phase": "Pending", "conditions": [
            {"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
             "message": message, "lastTransitionTime": now}]}
    statuses = [
        {"name": c["name"], "image": c.get("image", ""), "imageID": "", "ready": False,
         "started": False, "restartCount": 0,
         "state": {"waiting": {"reason": reason, "message": message}}}
        for c in (pod.get("spec") or {}).get("containers") or []
    ]
    return {"phase": "Pending", "hostIP": HOST_IP, "startTime": now,
            "conditions": [{"type": "PodScheduled", "status": "True", "lastTransitionTime": now},
                           {"type": "Ready", "status": "False", "reason": "ContainersNotReady",
                            "lastTransitionTime": now}],
            "containerStatuses": statuses}


def wants_volume(pvc: Obj, pods: Iterable[Obj]) -> bool:
    """WaitForFirstConsumer: provision for an unbound claim once a live Pod uses it, and
    only for the access modes local-path-provisioner supports."""
    meta, spec = _meta(pvc), pvc.get("spec") or {}
    if meta.get("deletionTimestamp") or spec.get("volumeName"):
        return False
    if not set(spec.get("accessModes") or []) <= PROVISIONER_MODES:
        return False
    name = meta.get("name")
    return any(name in pod_claims(p) for p in pods if not _meta(p).get("deletionTimestamp"))


def volume_for(pvc: Obj) -> dict[str, Any]:
    """The PersistentVolume local-path-provisioner would create for ``pvc``."""
    meta, spec = _meta(pvc), pvc.get("spec") or {}
    name = f"pvc-{meta['uid']}"
    storage = ((spec.get("resources") or {}).get("requests") or {}).get("storage", "1Gi")
    return {
        "apiVersion": "v1", "kind": "PersistentVolume",
        "metadata": {"name": name, "labels": {SIMULATED_LABEL: SIMULATED_VALUE},
                     "annotations": {"pv.kubernetes.io/provisioned-by": "rancher.io/local-path"}},
        "spec": {
            "capacity": {"storage": storage},
            "accessModes": list(spec.get("accessModes") or []),
            "persistentVolumeReclaimPolicy": "Delete",
            "storageClassName": spec.get("storageClassName") or "",
            "volumeMode": spec.get("volumeMode") or "Filesystem",
            "hostPath": {"path": f"/var/local-path-provisioner/{name}_{meta['namespace']}_"
                                 f"{meta['name']}", "type": "DirectoryOrCreate"},
            "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                         "namespace": meta["namespace"], "name": meta["name"],
                         "uid": meta["uid"]},
        },
    }


def ingress_admitted(ingress: Obj) -> bool:
    """Whether ingress-nginx (class ``nginx``, no class-less Ingresses) serves this Ingress."""
    spec = ingress.get("spec") or {}
    annotations = _meta(ingress).get("annotations") or {}
    return (spec.get("ingressClassName") == INGRESS_CLASS
            or annotations.get("kubernetes.io/ingress.class") == INGRESS_CLASS)


# --------------------------------------------------------------------------- the node


def node_object() -> dict[str, Any]:
    """The kind control-plane node, as kubeadm and kind label it."""
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": NODE_NAME, "labels": {
            "kubernetes.io/hostname": NODE_NAME, "kubernetes.io/os": "linux",
            "node-role.kubernetes.io/control-plane": "", "ingress-ready": "true",
            SIMULATED_LABEL: SIMULATED_VALUE}},
    }


class SimulatedNode:
    """Plays the node, kube-scheduler, kubelet, local-path-provisioner and ingress-nginx."""

    def __init__(self, cluster: Cluster, interval: float = 0.2) -> None:
        self.cluster = cluster
        self.interval = interval
        self.errors: list[str] = []
        self._namespaces: set[str] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="simulated-node")
        self._ips: dict[str, str] = {}
        self._next_ip = ipaddress.ip_address("10.244.0.2")
        self._patched: dict[str, str] = {}  # pod uid -> last state written

    # ---- lifecycle

    def start(self) -> SimulatedNode:
        """Register the node and start serving."""
        self.cluster.apply(node_object(), None)
        self._patch_status(f"/api/v1/nodes/{NODE_NAME}", {
            "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                            "message": "kubelet is posting ready status",
                            "lastHeartbeatTime": _now(), "lastTransitionTime": _now()}],
            "addresses": [{"type": "InternalIP", "address": HOST_IP},
                          {"type": "Hostname", "address": NODE_NAME}]}, status_path=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; remove the node and the volumes it provisioned."""
        self._stop.set()
        self._thread.join(timeout=10)
        with contextlib.suppress(ClusterError):
            self.finish_deletions()
            self.collect_volumes(everything=True)
            self.cluster.delete("v1", "Node", NODE_NAME, None)

    @contextlib.contextmanager
    def serving(self, namespace: str) -> Iterator[None]:
        """Schedule and run the Pods of ``namespace`` (and provision, admit …) while the
        block runs. Deleted Pods on the node are finished off everywhere, always."""
        with self._lock:
            self._namespaces.add(namespace)
        try:
            yield
        finally:
            with self._lock:
                self._namespaces.discard(namespace)

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                namespaces = sorted(self._namespaces)
            for namespace in namespaces:
                try:
                    self.tick(namespace)
                except ClusterError as exc:  # e.g. the namespace is terminating: next round
                    self._note(f"{namespace}: {exc}")
            try:
                self.finish_deletions()
                self.collect_volumes()
            except ClusterError as exc:
                self._note(str(exc))
            self._stop.wait(self.interval)

    def _note(self, error: str) -> None:
        if len(self.errors) < 100:
            self.errors.append(error)

    # ---- one round

    def tick(self, namespace: str) -> None:
        """One reconciliation round over ``namespace``."""
        c = self.cluster
        pods = [p for p in c.list_objects("v1", "Pod", namespace)
                if not _meta(p).get("deletionTimestamp")]
        claims = _names(c.list_objects("v1", "PersistentVolumeClaim", namespace))
        for pvc in claims.values():
            if wants_volume(pvc, pods) and c.get("v1", "PersistentVolume",
                                                 f"pvc-{_meta(pvc)['uid']}") is None:
                c.apply(volume_for(pvc), None)
        configmaps = _names(c.list_objects("v1", "ConfigMap", namespace))
        secrets = _names(c.list_objects("v1", "Secret", namespace))
        for pod in pods:
            self._kubelet(pod, namespace, configmaps, secrets, claims)
        for ingress in c.list_objects("networking.k8s.io/v1", "Ingress", namespace):
            if ingress_admitted(ingress) and not (
                    (ingress.get("status") or {}).get("loadBalancer") or {}).get("ingress"):
                self._patch_status(
                    f"/apis/networking.k8s.io/v1/namespaces/{namespace}/ingresses/"
                    f"{_meta(ingress)['name']}",
                    {"loadBalancer": {"ingress": [{"hostname": INGRESS_ADDRESS}]}},
                    status_path=True)

    def _kubelet(self, pod: Obj, namespace: str, configmaps: Mapping[str, Obj],
                 secrets: Mapping[str, Obj], claims: Mapping[str, Obj]) -> None:
        meta = _meta(pod)
        uid, name = meta["uid"], meta["name"]
        if (pod.get("status") or {}).get("phase") == "Running":
            return  # a started Pod keeps running
        blocked = waiting_reason(pod, configmaps, secrets, claims)
        state = "running" if blocked is None else f"waiting:{blocked[0]}"
        if self._patched.get(uid) == state:
            return
        base = f"/api/v1/namespaces/{namespace}/pods/{name}"
        schedulable = blocked is None or blocked[0] != "Unschedulable"
        if schedulable and not (pod.get("spec") or {}).get("nodeName") and not self._bind(
                namespace, name):
            return
        if blocked is None:
            if uid not in self._ips:
                self._ips[uid] = str(self._next_ip)
                self._next_ip += 1
            status = running_status(pod, self._ips[uid])
        else:
            status = waiting_status(pod, *blocked)
        if self._patch_status(base, status, status_path=True):
            self._patched[uid] = state

    def _bind(self, namespace: str, name: str) -> bool:
        """What kube-scheduler does: bind the Pod to the node."""
        body = {"apiVersion": "v1", "kind": "Binding", "metadata": {"name": name},
                "target": {"apiVersion": "v1", "kind": "Node", "name": NODE_NAME}}
        try:
            self.cluster.request("POST", f"/api/v1/namespaces/{namespace}/pods/{name}/binding",
                                 body=body, what=f"binding Pod {name}")
        except ApiError as exc:
            if exc.status in (404, 409):  # gone, or bound meanwhile
                return exc.status == 409
            raise
        return True

    def _patch_status(self, path: str, status: dict[str, Any], *, status_path: bool) -> bool:
        try:
            self.cluster.request("PATCH", path + ("/status" if status_path else ""),
                                 body={"status": status},
                                 content_type="application/merge-patch+json")
        except ApiError as exc:
            if exc.status == 404:  # deleted meanwhile
                return False
            raise
        return True

    def finish_deletions(self) -> None:
        """What the kubelet does once a deleted Pod's containers stopped: remove it for good
        (graceful deletion of a Pod on a node waits for this)."""
        page = self.cluster.request("GET", "/api/v1/pods",
                                    query={"fieldSelector": f"spec.nodeName={NODE_NAME}"},
                                    what="listing the node's Pods")
        for pod in page.get("items") or []:
            meta = pod["metadata"]
            if not meta.get("deletionTimestamp"):
                continue
            with contextlib.suppress(ApiError):
                self.cluster.request(
                    "DELETE", f"/api/v1/namespaces/{meta['namespace']}/pods/{meta['name']}",
                    body={"gracePeriodSeconds": 0, "preconditions": {"uid": meta["uid"]}},
                    what=f"finishing Pod {meta['name']}")

    def collect_volumes(self, everything: bool = False) -> None:
        """Delete the simulated volumes whose claim is gone (reclaim policy Delete)."""
        c = self.cluster
        for pv in c.list_objects("v1", "PersistentVolume", None,
                                 label_selector=f"{SIMULATED_LABEL}={SIMULATED_VALUE}"):
            ref = (pv.get("spec") or {}).get("claimRef") or {}
            claim = c.get("v1", "PersistentVolumeClaim", ref.get("name", ""),
                          ref.get("namespace"))
            gone = claim is None or _meta(claim).get("uid") != ref.get("uid")
            if (everything or gone) and not _meta(pv).get("deletionTimestamp"):
                c.delete("v1", "PersistentVolume", _meta(pv)["name"], None)

    def volumes_for(self, namespace: str) -> list[dict[str, Any]]:
        """Simulated volumes still claimed from ``namespace`` (for 'nothing left' checks)."""
        return [pv for pv in self.cluster.list_objects(
                    "v1", "PersistentVolume", None,
                    label_selector=f"{SIMULATED_LABEL}={SIMULATED_VALUE}")
                if ((pv.get("spec") or {}).get("claimRef") or {}).get("namespace") == namespace]
