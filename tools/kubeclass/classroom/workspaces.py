"""Workspaces on the cluster: create, find, renew and delete them (through the labs' Cluster).

Every workspace is a namespace labelled with its classroom and learner; nothing here reads
or writes a namespace without those labels:

- a new namespace is created with POST (never apply), so an existing namespace of the same
  name — someone else's — answers 409 and is reported, not adopted;
- deletion lists namespaces by the classroom's label selector and deletes each with a
  ``uid`` precondition, so only what the LIST returned can go.

Requests per new learner: namespace, quota, limits, ServiceAccount, RoleBinding, token,
expiry annotation (7), plus each lab's setup. For the whole class: one LIST of existing
workspaces and a few LISTs while waiting until the workspaces can take Pods.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kubeclass.classroom import model
from kubeclass.classroom.model import Sizes, Workspace
from kubeclass.classroom.roster import Learner
from kubeclass.errors import UserError

if TYPE_CHECKING:
    from kubeclass.labs.cluster import Cluster
    from kubeclass.labs.model import Lab

Progress = Callable[[str, int, int], None]  # (what, done, total)


class ClassroomError(UserError):
    """A classroom command cannot go on (bad name, no such classroom …): exit code 2."""


# --------------------------------------------------------------------------- finding


def list_workspaces(cluster: Cluster, classroom: str | None = None,
                    learner: str | None = None) -> list[Workspace]:
    """Workspaces (of one classroom, or of all) by label selector: one LIST, sorted."""
    items = cluster.list_objects("v1", "Namespace", None,
                                 label_selector=model.classroom_selector(classroom, learner))
    found = [Workspace.from_namespace(item) for item in items]
    return sorted(found, key=lambda w: (w.classroom, w.learner))


def choose_classroom(cluster: Cluster, requested: str | None,
                     learner: str | None = None) -> tuple[str, list[Workspace]]:
    """The classroom a command works on and its workspaces.

    With ``requested``, that classroom (it must exist). Without, the only classroom on the
    cluster; several make the user choose with ``--classroom``.
    """
    if requested:
        problem = model.validate_classroom_name(requested)
        if problem:
            raise ClassroomError(problem, f"클래스 이름이 올바르지 않습니다: {problem}")
    workspaces = list_workspaces(cluster, requested)
    names = sorted({w.classroom for w in workspaces})
    if requested and not workspaces:
        others = sorted({w.classroom for w in list_workspaces(cluster)})
        shown = ", ".join(others) or "(none)"
        raise ClassroomError(
            f"no classroom '{requested}' on this cluster (classrooms: {shown})",
            f"이 클러스터에 클래스 '{requested}'이(가) 없습니다 (있는 클래스: {shown})")
    if not requested:
        if not names:
            raise ClassroomError(
                "no classroom on this cluster: create one with "
                "`kubeclass classroom create --roster FILE --lab ID`",
                "이 클러스터에 클래스가 없습니다. `kubeclass classroom create --roster FILE --lab ID`로 "
                "만드세요.")
        if len(names) > 1:
            raise ClassroomError(
                f"several classrooms on this cluster ({', '.join(names)}): choose one with "
                "--classroom NAME",
                f"이 클러스터에 클래스가 여러 개 있습니다 ({', '.join(names)}). --classroom NAME으로 "
                "고르세요.")
        requested = names[0]
    chosen = [w for w in workspaces if w.classroom == requested]
    if learner is not None:
        chosen = [w for w in chosen if w.learner == learner]
        if not chosen:
            raise ClassroomError(
                f"classroom '{requested}' has no learner '{learner}'",
                f"클래스 '{requested}'에 학습자 '{learner}'이(가) 없습니다")
    return requested, chosen


# --------------------------------------------------------------------------- creating


@dataclass
class LearnerOutcome:
    """What ``create`` did for one learner."""

    learner: Learner
    namespace: str
    action: str  # "created", "kept", "renewed", "failed"
    kubeconfig: Path | None = None
    expires: str | None = None
    error_en: str = ""
    error_ko: str = ""


@dataclass
class CreateReport:
    """The outcome of ``classroom create``, learner by learner."""

    classroom: str
    outcomes: list[LearnerOutcome] = field(default_factory=list)
    not_ready: list[str] = field(default_factory=list)
    # lab id -> kinds its solution creates that the learners' role may not create
    forbidden: dict[str, list[str]] = field(default_factory=dict)
    api_calls: int = 0

    def by_action(self, action: str) -> list[LearnerOutcome]:
        return [o for o in self.outcomes if o.action == action]

    @property
    def ok(self) -> bool:
        return not self.by_action("failed")


def create_workspaces(cluster: Cluster, classroom: str, learners: Sequence[Learner],
                      labs: Sequence[Lab], sizes: Sizes, out_dir: Path, *,
                      token_seconds: int, renew: bool = False, parallel: int = 8,
                      server: str | None = None, ready_timeout: float = 120.0,
                      progress: Progress | None = None) -> CreateReport:
    """Create the workspaces that do not exist yet; keep the others as they are.

    A kept workspace is renewed only when ``renew`` is set or its kubeconfig is missing from
    ``out_dir``: its quota, limits, ServiceAccount and RoleBinding are applied again (which
    also repairs a workspace a failed run left half made) and a new token is issued; the
    learner's own objects are never touched. Kubeconfigs point at ``server`` (default: the
    address the instructor's context uses). New workspaces get each lab's setup as soon as
    they can take Pods.
    """
    from kubeclass.kube.config import server_ca
    from kubeclass.labs.cluster import ClusterError

    lab_ids = tuple(lab.id for lab in labs)
    existing = {w.namespace: w for w in list_workspaces(cluster, classroom)}
    out_dir.mkdir(parents=True, exist_ok=True)
    ca_pem, insecure = server_ca(cluster.info)
    address = (server or cluster.server).rstrip("/")
    report = CreateReport(classroom)
    done = 0

    def one(learner: Learner) -> LearnerOutcome:
        namespace = model.namespace_for(classroom, learner.id)
        path = out_dir / f"{learner.id}.kubeconfig"
        workspace = existing.get(namespace)
        try:
            if workspace is not None:
                if workspace.learner != learner.id:
                    return _failed(learner, namespace,
                                   f"namespace {namespace} is the workspace of learner "
                                   f"'{workspace.learner}'",
                                   f"네임스페이스 {namespace}은(는) 학습자 '{workspace.learner}'의 "
                                   "작업 공간입니다")
                if workspace.phase == "Terminating":
                    return _failed(learner, namespace,
                                   f"workspace {namespace} is still being deleted; run create "
                                   "again in a moment",
                                   f"작업 공간 {namespace}이(가) 아직 삭제되는 중입니다. 잠시 후 "
                                   "다시 실행하세요")
                if not renew and path.is_file():
                    return LearnerOutcome(learner, namespace, "kept", path,
                                          workspace.token_expires)
                for body in model.workspace_objects(classroom, learner, sizes):
                    cluster.apply(body, namespace)
                expires = _issue_kubeconfig(cluster, classroom, learner, path, address, ca_pem,
                                            insecure, token_seconds)
                return LearnerOutcome(learner, namespace, "renewed", path, expires)
            created = _create_namespace(cluster, classroom, learner, lab_ids)
            if not created:
                return _failed(learner, namespace,
                               f"namespace {namespace} already exists and is not a kubeclass "
                               "workspace of this classroom: left untouched",
                               f"네임스페이스 {namespace}이(가) 이미 있고 이 클래스의 작업 공간이 "
                               "아닙니다: 건드리지 않았습니다")
            for body in model.workspace_objects(classroom, learner, sizes):
                cluster.apply(body, namespace)
            expires = _issue_kubeconfig(cluster, classroom, learner, path, address, ca_pem,
                                        insecure, token_seconds)
            return LearnerOutcome(learner, namespace, "created", path, expires)
        except ClusterError as exc:
            return _failed(learner, namespace, exc.en, exc.ko)

    def tick(outcome: LearnerOutcome) -> None:
        nonlocal done
        done += 1
        report.outcomes.append(outcome)
        if progress is not None:
            progress("workspaces", done, len(learners))

    if progress is not None:
        progress("workspaces", 0, len(learners))
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        for outcome in pool.map(one, learners):
            tick(outcome)

    created = [o for o in report.outcomes if o.action == "created"]
    if created:
        report.not_ready = _set_up_labs(cluster, classroom, labs, created, parallel,
                                        ready_timeout, progress)
    usable = [o for o in report.outcomes if o.action != "failed"]
    if usable and labs:
        report.forbidden = permission_gaps(cluster, labs, usable[0].namespace)
    order = {learner.id: i for i, learner in enumerate(learners)}
    report.outcomes.sort(key=lambda o: order[o.learner.id])
    report.api_calls = len(cluster.calls)
    return report


def _failed(learner: Learner, namespace: str, en: str, ko: str) -> LearnerOutcome:
    return LearnerOutcome(learner, namespace, "failed", error_en=en, error_ko=ko)


def _create_namespace(cluster: Cluster, classroom: str, learner: Learner,
                      lab_ids: tuple[str, ...]) -> bool:
    """Create the workspace namespace; False when a namespace of that name already exists."""
    return cluster.create(model.namespace_object(classroom, learner, lab_ids)) is not None


def _issue_kubeconfig(cluster: Cluster, classroom: str, learner: Learner, path: Path,
                      server: str, ca_pem: bytes | None, insecure: bool, seconds: int
                      ) -> str | None:
    from kubeclass.kube.config import write_kubeconfig

    namespace = model.namespace_for(classroom, learner.id)
    token, expires = cluster.request_token(namespace, model.SERVICE_ACCOUNT, seconds)
    data = model.kubeconfig(classroom, learner.id, server=server, token=token,
                            ca_pem=ca_pem, insecure=insecure, expires=expires)
    write_kubeconfig(path, data)
    if expires:
        cluster.merge_patch("v1", "Namespace", namespace, None,
                            {"metadata": {"annotations": {model.EXPIRES_ANNOTATION: expires}}},
                            what=f"recording the token expiry of {namespace}")
    return expires


def ready_namespaces(cluster: Cluster, classroom: str, legacy_tokens: bool) -> set[str]:
    """The classroom's namespaces that can take Pods now: the quota controller has counted
    their quota (the quota admission refuses Pods until then) and the ServiceAccount
    controller has made their ``default`` ServiceAccount — before Kubernetes 1.24 with its
    token Secret, which the admission also wants. Two LISTs for the whole class."""
    counted = {str((q.get("metadata") or {}).get("namespace"))
               for q in cluster.list_objects("v1", "ResourceQuota", None,
                                             label_selector=model.classroom_selector(classroom))
               if (q.get("metadata") or {}).get("name") == model.QUOTA
               and (q.get("status") or {}).get("hard")}
    accounts = {str((a.get("metadata") or {}).get("namespace"))
                for a in cluster.list_objects("v1", "ServiceAccount", None)
                if (a.get("metadata") or {}).get("name") == "default"
                and (a.get("secrets") or not legacy_tokens)}
    return counted & accounts


def permission_gaps(cluster: Cluster, labs: Sequence[Lab], namespace: str) -> dict[str, list[str]]:
    """Kinds each lab's solution creates that a learner of ``namespace`` may not create,
    asked of the cluster's own authorizer (one SubjectAccessReview per kind), so the
    instructor hears before class that e.g. an RBAC lab needs more than ``edit``."""
    from kubeclass.labs.runner import is_deletion, manifests_in_order

    user = f"system:serviceaccount:{namespace}:{model.SERVICE_ACCOUNT}"
    groups = ["system:serviceaccounts", f"system:serviceaccounts:{namespace}",
              "system:authenticated"]
    allowed: dict[tuple[str, str], bool] = {}
    gaps: dict[str, list[str]] = {}
    for lab in labs:
        kinds = dict.fromkeys((m.api_version, m.kind) for m in manifests_in_order(lab.solution)
                              if not is_deletion(m))
        for api_version, kind in kinds:
            if (api_version, kind) in allowed:
                continue
            allowed[(api_version, kind)] = cluster.may(user, groups, "create", api_version,
                                                       kind, namespace)
        denied = [kind for api_version, kind in kinds if not allowed[(api_version, kind)]]
        if denied:
            gaps[lab.id] = denied
    return gaps


def server_minor(cluster: Cluster) -> int:
    """The server's Kubernetes minor version (``"20+"`` -> 20; unknown -> a recent one)."""
    import re

    match = re.match(r"\d+", str(cluster.version().get("minor", "")))
    return int(match.group()) if match else 99


def _set_up_labs(cluster: Cluster, classroom: str, labs: Sequence[Lab],
                 outcomes: Sequence[LearnerOutcome], parallel: int, patience: float,
                 progress: Progress | None, interval: float = 0.5) -> list[str]:
    """Apply every lab's setup in each new workspace as soon as it can take Pods (the
    namespace itself is left alone). Workspaces still not ready after ``patience`` seconds
    without progress get their setup tried anyway (a failure marks the learner failed);
    returns their namespaces."""
    from concurrent.futures import Future

    from kubeclass.labs.cluster import ClusterError
    from kubeclass.labs.runner import start_lab

    todo = [lab for lab in labs if lab.setup]
    if not todo:
        return []
    legacy_tokens = server_minor(cluster) < 24
    pending = {o.namespace: o for o in outcomes}
    total = len(pending) * len(todo)
    finished = 0

    def one(outcome: LearnerOutcome, lab: Lab) -> None:
        try:
            start_lab(cluster, lab, outcome.namespace, manage_namespace=False)
        except ClusterError as exc:
            outcome.action = "failed"
            outcome.error_en = f"setup of lab '{lab.id}' failed: {exc.en}"
            outcome.error_ko = f"실습 '{lab.id}' 준비 실패: {exc.ko}"

    def tick(_: Future[None]) -> None:
        nonlocal finished
        finished += 1
        if progress is not None:
            progress("labs", finished, total)

    if progress is not None:
        progress("labs", 0, total)
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        give_up = time.monotonic() + patience
        while pending:
            ready = ready_namespaces(cluster, classroom, legacy_tokens) & set(pending)
            for namespace in sorted(ready):
                outcome = pending.pop(namespace)
                for lab in todo:
                    pool.submit(one, outcome, lab).add_done_callback(tick)
            if ready:
                give_up = time.monotonic() + patience
            if not pending or time.monotonic() > give_up:
                break
            time.sleep(interval)
        late = sorted(pending)
        for namespace in late:
            for lab in todo:
                pool.submit(one, pending[namespace], lab).add_done_callback(tick)
    return late


# --------------------------------------------------------------------------- status


def quota_usage(cluster: Cluster, classroom: str) -> dict[str, dict[str, dict[str, str]]]:
    """namespace -> {"hard": …, "used": …} of each workspace quota: one LIST."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for quota in cluster.list_objects("v1", "ResourceQuota", None,
                                      label_selector=model.classroom_selector(classroom)):
        meta = quota.get("metadata") or {}
        if meta.get("name") != model.QUOTA:
            continue
        status = quota.get("status") or {}
        out[str(meta.get("namespace"))] = {"hard": dict(status.get("hard") or {}),
                                           "used": dict(status.get("used") or {})}
    return out


# --------------------------------------------------------------------------- deleting


def delete_workspaces(cluster: Cluster, workspaces: Sequence[Workspace], *, wait: bool = False,
                      timeout: float = 120.0, progress: Progress | None = None) -> list[str]:
    """Delete the namespaces of ``workspaces`` (found by label, each with its uid as a
    precondition, so a namespace re-created meanwhile under the same name is not touched).
    Returns the namespaces deleted."""
    deleted = []
    for index, workspace in enumerate(workspaces, 1):
        # Gone already, or the name now belongs to another namespace: nothing deleted.
        if workspace.phase != "Terminating" and cluster.delete(
                "v1", "Namespace", workspace.namespace, None, uid=workspace.uid or None):
            deleted.append(workspace.namespace)
        if progress is not None:
            progress("delete", index, len(workspaces))
    if wait and workspaces:
        classroom = workspaces[0].classroom
        names = {w.namespace for w in workspaces}
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            left = {w.namespace for w in list_workspaces(cluster, classroom)} & names
            if not left:
                break
            time.sleep(0.5)
    return deleted
