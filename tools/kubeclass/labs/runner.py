"""Grading rounds and the lab lifecycle (start, solve, reset) over a :class:`Cluster`.

Grading: each round reads one LIST per (apiVersion, kind, namespace) that a still-pending
check needs, then evaluates those checks in memory. Checks with a ``timeout`` are polled
until they pass or time runs out; a missing field just means "not yet".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from kubeclass.errors import UserError
from kubeclass.labs.checks import CheckResult, LabResult, ReadKey, Snapshot, StepResult, evaluate
from kubeclass.labs.checks import required_reads as reads_for
from kubeclass.labs.model import (
    LAB_LABEL,
    MANAGED_BY_LABEL,
    MANAGED_BY_VALUE,
    Check,
    Lab,
    Manifest,
)

if TYPE_CHECKING:
    from kubeclass.labs.cluster import Cluster

Reader = Callable[[list[ReadKey]], Snapshot]
DELETE_ANNOTATION = "kubeclass.io/action"


def run_checks(lab: Lab, read: Reader, namespace: str, *,
               clock: Callable[[], float] = time.monotonic,
               sleep: Callable[[float], None] = time.sleep,
               only: Iterable[str] | None = None,
               poll: bool = True,
               on_wait: Callable[[list[Check]], None] | None = None) -> LabResult:
    """Grade ``lab`` in ``namespace``; ``read`` turns read keys into a snapshot.

    Every check is evaluated (no stopping at the first failure). While some failing check
    with a ``timeout`` looks like work in progress (:attr:`CheckResult.pending`: its objects
    exist but are not right yet, or are being deleted), every failing check whose timeout
    has not expired is re-read and re-evaluated every ``interval``. A check about objects
    that do not exist at all is not waited for: the learner has not done that step yet.
    ``on_wait`` is told once which checks are being waited for.
    """
    wanted = set(only) if only is not None else None
    checks = [c for c in lab.checks() if wanted is None or c.id in wanted]
    start = clock()
    snapshot = read(reads_for(checks, namespace))
    results: dict[str, CheckResult] = {c.id: evaluate(c, snapshot, namespace) for c in checks}
    told = False

    def open_checks() -> list[Check]:
        elapsed = clock() - start
        return [c for c in checks if not results[c.id].passed and elapsed < c.timeout]

    while poll:
        candidates = open_checks()
        if not any(results[c.id].pending for c in candidates):
            break
        if on_wait is not None and not told:
            on_wait([c for c in candidates if results[c.id].pending])
            told = True
        now = clock()
        step = min(c.interval for c in candidates)
        deadline = max(start + c.timeout for c in candidates)
        sleep(max(0.0, min(step, deadline - now)))
        candidates = open_checks()
        if not candidates:
            break
        snapshot = read(reads_for(candidates, namespace))
        for check in candidates:
            results[check.id] = evaluate(check, snapshot, namespace)

    steps = tuple(
        StepResult(step.id, tuple(results[c.id] for c in step.checks if c.id in results))
        for step in lab.steps
        if any(c.id in results for c in step.checks)
    )
    return LabResult(lab=lab, namespace=namespace, steps=steps)


# --------------------------------------------------------------------------- lifecycle


def lab_labels(lab: Lab) -> dict[str, str]:
    """Labels kubeclass puts on the lab namespace."""
    return {MANAGED_BY_LABEL: MANAGED_BY_VALUE, LAB_LABEL: lab.id}


def labelled(manifest: Manifest, lab: Lab) -> dict[str, Any]:
    """The manifest's body with ``kubeclass.io/lab`` (and managed-by unless the author set
    one) added to its labels, so `lab reset` can find exactly what kubeclass created."""
    body = dict(manifest.body)
    meta = dict(body.get("metadata") or {})
    labels = dict(meta.get("labels") or {})
    labels[LAB_LABEL] = lab.id
    labels.setdefault(MANAGED_BY_LABEL, MANAGED_BY_VALUE)
    meta["labels"] = labels
    body["metadata"] = meta
    return body


def with_protocol_defaults(body: dict[str, Any]) -> dict[str, Any]:
    """Spell out ``protocol: TCP`` on Service and container ports.

    The server defaults it anyway, but server-side apply in Kubernetes before 1.21-ish
    rejects list entries that omit a key field ("associative list with keys has an element
    that omits key field protocol"), and the test server is 1.20.
    """

    def ports(items: Any) -> Any:
        if not isinstance(items, list):
            return items
        return [{**p, "protocol": p.get("protocol", "TCP")} if isinstance(p, dict) else p
                for p in items]

    def pod_spec(spec: Any) -> Any:
        if not isinstance(spec, dict):
            return spec
        out = dict(spec)
        for key in ("containers", "initContainers"):
            if isinstance(out.get(key), list):
                out[key] = [{**c, "ports": ports(c["ports"])} if isinstance(c, dict)
                            and "ports" in c else c for c in out[key]]
        return out

    def template(tpl: Any) -> Any:
        if isinstance(tpl, dict) and "spec" in tpl:
            return {**tpl, "spec": pod_spec(tpl["spec"])}
        return tpl

    spec = body.get("spec")
    if not isinstance(spec, dict):
        return body
    kind = body.get("kind")
    if kind == "Service":
        spec = {**spec, "ports": ports(spec.get("ports"))} if "ports" in spec else spec
    elif kind == "Pod":
        spec = pod_spec(spec)
    elif "template" in spec:
        spec = {**spec, "template": template(spec["template"])}
    elif isinstance(spec.get("jobTemplate"), dict):
        job = spec["jobTemplate"]
        spec = {**spec, "jobTemplate": {**job, "spec": {**(job.get("spec") or {}),
                "template": template((job.get("spec") or {}).get("template"))}}}
    return {**body, "spec": spec}


def is_deletion(manifest: Manifest) -> bool:
    """A manifest marked ``kubeclass.io/action: delete`` removes that object instead."""
    annotations = (manifest.body.get("metadata") or {}).get("annotations") or {}
    return annotations.get(DELETE_ANNOTATION) == "delete"


@dataclass(frozen=True)
class NamespaceState:
    """Whether the lab namespace exists and whether kubeclass made it for this lab."""

    exists: bool
    ours: bool
    other_lab: str | None = None


def namespace_state(obj: Mapping[str, Any] | None, lab: Lab) -> NamespaceState:
    """Classify a namespace object (None: it does not exist)."""
    if obj is None:
        return NamespaceState(False, False)
    labels = (obj.get("metadata") or {}).get("labels") or {}
    managed = labels.get(MANAGED_BY_LABEL) == MANAGED_BY_VALUE
    lab_id = labels.get(LAB_LABEL)
    if managed and lab_id == lab.id:
        return NamespaceState(True, True)
    return NamespaceState(True, False, lab_id if managed else None)


def manifests_in_order(files: Iterable[Iterable[Manifest]]) -> list[Manifest]:
    """Manifests file by file, in file order, as ``lab start``/``solve`` apply them."""
    return [m for file in files for m in file]


def kinds_of(lab: Lab) -> list[tuple[str, str]]:
    """Every (apiVersion, kind) that setup/solution/tests create, for ``lab reset``."""
    seen: dict[tuple[str, str], None] = {}
    for manifest in [*manifests_in_order(lab.setup), *manifests_in_order(lab.solution),
                     *(m for a in lab.attempts for m in a.manifests)]:
        if not is_deletion(manifest):
            seen[(manifest.api_version, manifest.kind)] = None
    return list(seen)


def strip_action(manifest: Manifest) -> Manifest:
    """The manifest without kubeclass' own annotation (never sent to the server)."""
    meta = dict(manifest.body.get("metadata") or {})
    annotations = {k: v for k, v in (meta.get("annotations") or {}).items()
                   if k != DELETE_ANNOTATION}
    if annotations:
        meta["annotations"] = annotations
    else:
        meta.pop("annotations", None)
    return replace(manifest, body={**manifest.body, "metadata": meta})


class LabStateError(UserError):
    """The cluster is in a state where the lifecycle command must not go on (exit 2)."""


# Kinds whose controllers report status.observedGeneration: `lab solve` waits for them
# between files so a later file (a new image, a new replica count) is a real rollout.
_GENERATION_KINDS = frozenset({"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"})


@dataclass
class LifecycleReport:
    """What a lifecycle command did, for the terminal and for tests."""

    namespace: str
    created_namespace: bool = False
    deleted_namespace: bool = False
    applied: list[str] | None = None
    deleted: list[str] | None = None
    warnings: list[tuple[str, str]] | None = None  # (en, ko)

    def __post_init__(self) -> None:
        self.applied = self.applied or []
        self.deleted = self.deleted or []
        self.warnings = self.warnings or []


def _wait_namespace_gone(cluster: Cluster, namespace: str, timeout: float,
                         sleep: Callable[[float], None] = time.sleep) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cluster.get("v1", "Namespace", namespace) is None:
            return True
        sleep(0.5)
    return cluster.get("v1", "Namespace", namespace) is None


def start_lab(cluster: Cluster, lab: Lab, namespace: str, *, manage_namespace: bool = True,
              timeout: float = 120.0) -> LifecycleReport:
    """Create the lab namespace (labelled) and apply ``setup/`` with server-side apply.

    ``manage_namespace=False`` (a classroom workspace) applies into an existing namespace
    the learner owns and never touches the namespace itself.
    """
    report = LifecycleReport(namespace)
    if manage_namespace:
        obj = cluster.get("v1", "Namespace", namespace)
        if obj is not None and (obj.get("metadata") or {}).get("deletionTimestamp"):
            if not _wait_namespace_gone(cluster, namespace, timeout):
                raise LabStateError(
                    f"namespace {namespace} is still being deleted; try again in a moment",
                    f"네임스페이스 {namespace}이(가) 아직 삭제되는 중입니다. 잠시 후 다시 시도하세요.")
            obj = None
        state = namespace_state(obj, lab)
        if state.other_lab:
            raise LabStateError(
                f"namespace {namespace} belongs to lab '{state.other_lab}'; "
                f"run `kubeclass lab reset {state.other_lab}` first",
                f"네임스페이스 {namespace}은(는) 실습 '{state.other_lab}'의 것입니다. "
                f"먼저 `kubeclass lab reset {state.other_lab}`을 실행하세요.")
        if not state.exists:
            cluster.apply({"apiVersion": "v1", "kind": "Namespace",
                           "metadata": {"name": namespace, "labels": lab_labels(lab)}}, None)
            report.created_namespace = True
        elif not state.ours:
            assert report.warnings is not None
            report.warnings.append((
                f"namespace {namespace} already existed and was not created by kubeclass: "
                "`lab reset` will remove only the objects kubeclass applied, not the namespace",
                f"네임스페이스 {namespace}은(는) kubeclass가 만든 것이 아닙니다. `lab reset`은 "
                "kubeclass가 적용한 오브젝트만 지우고 네임스페이스는 남깁니다."))
    apply_files(cluster, lab, namespace, lab.setup, report)
    return report


def apply_files(cluster: Cluster, lab: Lab, namespace: str,
                files: Iterable[Iterable[Manifest]], report: LifecycleReport, *,
                wait_timeout: float = 30.0) -> None:
    """Apply manifests file by file (deletion markers delete); between files, wait until
    workload controllers have seen the new generation."""
    assert report.applied is not None and report.deleted is not None
    for file in files:
        touched: dict[tuple[str, str, str], None] = {}
        for manifest in file:
            what = f"{manifest.kind}/{manifest.name}"
            ident = (manifest.api_version, manifest.kind, manifest.name)
            if ident in touched:
                # The same workload again (a new image …): let its controller see the
                # previous version first, so this is a real rollout with a new revision.
                wait_observed(cluster, *ident, namespace, wait_timeout)
                del touched[ident]
            if is_deletion(manifest):
                if cluster.delete(manifest.api_version, manifest.kind, manifest.name, namespace):
                    report.deleted.append(what)
                continue
            body = with_protocol_defaults(labelled(strip_action(manifest), lab))
            _apply_when_ready(cluster, body, namespace)
            report.applied.append(what)
            if manifest.kind == "ResourceQuota":
                # A Pod created before the quota controller publishes status.hard is not
                # charged until the next full resync (minutes): the quota would read wrong.
                wait_quota_published(cluster, manifest.name, namespace, wait_timeout)
            if manifest.kind in _GENERATION_KINDS:
                touched[ident] = None
        for api_version, kind, name in touched:
            wait_observed(cluster, api_version, kind, name, namespace, wait_timeout)


def _apply_when_ready(cluster: Cluster, body: dict[str, Any], namespace: str,
                      timeout: float = 30.0) -> None:
    """Apply; a brand-new namespace has no default ServiceAccount for a moment, and Pods
    are refused until the controllers made it — retry those refusals for a while."""
    from kubeclass.labs.cluster import ApiError

    end = time.monotonic() + timeout
    while True:
        try:
            cluster.apply(body, namespace)
            return
        except ApiError as exc:
            retry = "service account" in exc.detail or "serviceaccount" in exc.detail
            if not retry or time.monotonic() > end:
                raise
            time.sleep(0.3)


def _wait_until(ready: Callable[[], bool], timeout: float,
                sleep: Callable[[float], None] = time.sleep) -> bool:
    """Poll ``ready`` every 0.2 s until it holds (True) or ``timeout`` seconds pass (False)."""
    end = time.monotonic() + timeout
    while not ready():
        if time.monotonic() >= end:
            return False
        sleep(0.2)
    return True


def wait_observed(cluster: Cluster, api_version: str, kind: str, name: str, namespace: str,
                  timeout: float, sleep: Callable[[float], None] = time.sleep) -> bool:
    """Wait until the controller reports ``status.observedGeneration >= metadata.generation``."""

    def observed() -> bool:
        obj = cluster.get(api_version, kind, name, namespace) or {}
        generation = (obj.get("metadata") or {}).get("generation", 0)
        return bool((obj.get("status") or {}).get("observedGeneration", -1) >= generation)

    return _wait_until(observed, timeout, sleep)


def wait_quota_published(cluster: Cluster, name: str, namespace: str, timeout: float,
                         sleep: Callable[[float], None] = time.sleep) -> bool:
    """Wait until the quota controller has published ``status.hard`` of a ResourceQuota."""

    def published() -> bool:
        obj = cluster.get("v1", "ResourceQuota", name, namespace) or {}
        return bool((obj.get("status") or {}).get("hard"))

    return _wait_until(published, timeout, sleep)


def solve_lab(cluster: Cluster, lab: Lab, namespace: str) -> LifecycleReport:
    """Apply the reference solution (file by file) into ``namespace``."""
    report = LifecycleReport(namespace)
    apply_files(cluster, lab, namespace, lab.solution, report)
    return report


def reset_lab(cluster: Cluster, lab: Lab, namespace: str, *, manage_namespace: bool = True,
              wait: bool = True, timeout: float = 120.0) -> LifecycleReport:
    """Remove what kubeclass created for the lab, and nothing else.

    A namespace labelled by kubeclass for this lab is deleted with its content. Otherwise
    (a namespace kubeclass did not create, or a classroom workspace) only objects carrying
    ``kubeclass.io/lab=<id>`` are deleted.
    """
    report = LifecycleReport(namespace)
    assert report.warnings is not None and report.deleted is not None
    if manage_namespace:
        state = namespace_state(cluster.get("v1", "Namespace", namespace), lab)
        if not state.exists:
            return report
        if state.ours:
            cluster.delete("v1", "Namespace", namespace, None)
            report.deleted_namespace = True
            if wait and not _wait_namespace_gone(cluster, namespace, timeout):
                report.warnings.append((f"namespace {namespace} is still terminating",
                                        f"네임스페이스 {namespace}이(가) 아직 삭제되는 중입니다"))
            return report
    selector = f"{LAB_LABEL}={lab.id}"
    for api_version, kind in kinds_of(lab):
        cluster.delete_collection(api_version, kind, namespace, selector)
        report.deleted.append(f"{kind} ({selector})")
    return report
