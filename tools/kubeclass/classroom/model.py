"""The classroom's domain: names, labels, workspace sizes, and the objects of a workspace.

Pure: nothing here talks to a cluster. :mod:`kubeclass.classroom.workspaces` sends these
objects; :mod:`kubeclass.classroom.grade` reads the workspaces back by their labels.

Naming convention (shared with the lab guard, through :mod:`kubeclass.kube.config`):

- namespace ``<classroom>-<learner>``, labelled ``kubeclass.io/classroom=<classroom>``,
  ``kubeclass.io/learner=<learner>`` and ``app.kubernetes.io/managed-by=kubeclass``;
- kubeconfig context ``kubeclass-classroom-<classroom>-<learner>`` whose namespace is the
  workspace, with a ``kubeclass.io/classroom`` extension naming classroom, learner and
  namespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kubeclass.classroom.roster import MAX_NAMESPACE, Learner
from kubeclass.kube.config import CLASSROOM_CONTEXT_PREFIX, CLASSROOM_EXTENSION
from kubeclass.labs.model import MANAGED_BY_LABEL, MANAGED_BY_VALUE

__all__ = [
    "CLASSROOM_LABEL",
    "CONTEXT_PREFIX",
    "EXTENSION",
    "LEARNER_LABEL",
    "Sizes",
    "Workspace",
    "classroom_selector",
    "context_name",
    "kubeconfig",
    "namespace_for",
    "validate_classroom_name",
    "workspace_objects",
]

CLASSROOM_LABEL = "kubeclass.io/classroom"
LEARNER_LABEL = "kubeclass.io/learner"
NAME_ANNOTATION = "kubeclass.io/learner-name"
LABS_ANNOTATION = "kubeclass.io/labs"
EXPIRES_ANNOTATION = "kubeclass.io/token-expires"
# The lab guard (labs/commands.py) knows a learner's context by this prefix and extension.
CONTEXT_PREFIX = CLASSROOM_CONTEXT_PREFIX
EXTENSION = CLASSROOM_EXTENSION

SERVICE_ACCOUNT = "learner"
ROLE_BINDING = "learner-edit"
QUOTA = "workspace"  # the server's "exceeded quota: workspace, …" then reads naturally
LIMIT_RANGE = "workspace"
EDIT_ROLE = "edit"
MAX_CLASSROOM = 40  # leaves room for learner ids in a 63-character namespace name

_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
# A Kubernetes resource quantity: 2, 500m, 1.5, 2Gi, 1e3 …
_QUANTITY = re.compile(r"^[+]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[mkMGTPE]|[eE][+-]?\d+)?$")
_SUFFIX: dict[str, float] = {"": 1, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
           "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}


def validate_classroom_name(name: str) -> str | None:
    """Why ``name`` cannot name a classroom (it is a label value and a namespace prefix),
    or None when it can."""
    if not _DNS_LABEL.match(name):
        return (f"classroom name '{name}' must be lower-case letters, digits and '-', starting "
                "and ending with a letter or digit")
    if len(name) > MAX_CLASSROOM:
        return f"classroom name '{name}' is longer than {MAX_CLASSROOM} characters"
    return None


def namespace_for(classroom: str, learner_id: str) -> str:
    """The learner's workspace namespace."""
    name = f"{classroom}-{learner_id}"
    if len(name) > MAX_NAMESPACE:  # the roster reader refuses such ids first
        raise ValueError(f"namespace name '{name}' is longer than {MAX_NAMESPACE} characters")
    return name


def context_name(classroom: str, learner_id: str) -> str:
    """The kubeconfig context ``classroom create`` writes for a learner."""
    return f"{CONTEXT_PREFIX}{classroom}-{learner_id}"


def classroom_selector(classroom: str | None, learner_id: str | None = None) -> str:
    """The label selector of a classroom's namespaces (every classroom when None)."""
    parts = [f"{CLASSROOM_LABEL}={classroom}" if classroom else CLASSROOM_LABEL]
    if learner_id:
        parts.append(f"{LEARNER_LABEL}={learner_id}")
    return ",".join(parts)


# --------------------------------------------------------------------------- sizes


def quantity(text: str) -> float:
    """The numeric value of a resource quantity (``500m`` -> 0.5, ``1Gi`` -> 1073741824)."""
    m = _QUANTITY.match(text)
    if m is None:
        raise ValueError(f"'{text}' is not a Kubernetes quantity (e.g. 500m, 2, 256Mi, 1Gi)")
    number = float(m.group(1))
    suffix = m.group(3) or ""
    if suffix[:1] in ("e", "E"):
        return number * 10.0 ** int(suffix[1:])
    return number * float(_SUFFIX[suffix])


@dataclass(frozen=True)
class Sizes:
    """How much a workspace may use (ResourceQuota) and what a container gets by default
    (LimitRange). Quantities are Kubernetes strings."""

    cpu: str = "2"  # requests.cpu of the whole workspace; limits.cpu is twice this
    memory: str = "2Gi"  # requests.memory; limits.memory is twice this
    pods: int = 20
    storage: str = "5Gi"
    pvcs: int = 5
    services: int = 10
    container_cpu: str = "500m"  # default limit of a container that sets none
    container_memory: str = "256Mi"
    request_cpu: str = "100m"  # default request of a container that sets none
    request_memory: str = "128Mi"

    def problems(self) -> list[tuple[str, str]]:
        """(option, message) for every invalid size; empty when all are usable."""
        out: list[tuple[str, str]] = []
        values: dict[str, float] = {}
        for option, text in (("cpu", self.cpu), ("memory", self.memory),
                             ("storage", self.storage), ("container-cpu", self.container_cpu),
                             ("container-memory", self.container_memory),
                             ("request-cpu", self.request_cpu),
                             ("request-memory", self.request_memory)):
            try:
                values[option] = quantity(text)
            except ValueError as exc:
                out.append((option, str(exc)))
        for option, count in (("pods", self.pods), ("pvcs", self.pvcs),
                              ("services", self.services)):
            if count < 0:
                out.append((option, f"{count} is negative"))
        # (smaller, larger, option blamed, message): a workspace where no Pod could start.
        rules = (
            ("request-cpu", "container-cpu", "container-cpu",
             f"is below the default CPU request of a container ({self.request_cpu})"),
            ("request-memory", "container-memory", "container-memory",
             f"is below the default memory request of a container ({self.request_memory})"),
            ("request-cpu", "cpu", "cpu",
             f"is below the default CPU request of one container ({self.request_cpu}): "
             "no Pod could start"),
            ("request-memory", "memory", "memory",
             f"is below the default memory request of one container ({self.request_memory}): "
             "no Pod could start"),
        )
        for small, big, option, message in rules:
            if small in values and big in values and values[small] > values[big]:
                out.append((option, f"{getattr(self, big.replace('-', '_'))} {message}"))
        for small, big in (("container-cpu", "cpu"), ("container-memory", "memory")):
            if small in values and big in values and values[small] > 2 * values[big]:
                out.append((small, f"{getattr(self, small.replace('-', '_'))} exceeds the "
                                   f"workspace's limit quota (twice --{big}): no Pod could start"))
        return out

    def limits(self, text: str) -> str:
        """Twice a quantity, in the same unit (``2Gi`` -> ``4Gi``): the quota on limits."""
        m = _QUANTITY.match(text)
        if m is None:
            return text
        number = float(m.group(1)) * 2
        shown = str(int(number)) if number.is_integer() else f"{number:g}"
        return shown + (m.group(3) or "")


# --------------------------------------------------------------------------- workspaces


@dataclass(frozen=True)
class Workspace:
    """A learner's workspace as found on the cluster (read back from namespace labels)."""

    classroom: str
    learner: str
    namespace: str
    name: str = ""
    labs: tuple[str, ...] = ()
    phase: str = "Active"
    token_expires: str | None = None
    uid: str = ""

    @classmethod
    def from_namespace(cls, obj: dict[str, Any]) -> Workspace:
        """Read a workspace from its Namespace object."""
        meta = obj.get("metadata") or {}
        labels = meta.get("labels") or {}
        notes = meta.get("annotations") or {}
        labs = tuple(x for x in str(notes.get(LABS_ANNOTATION, "")).split(",") if x)
        return cls(classroom=str(labels.get(CLASSROOM_LABEL, "")),
                   learner=str(labels.get(LEARNER_LABEL, "")),
                   namespace=str(meta.get("name", "")),
                   name=str(notes.get(NAME_ANNOTATION, "")) or str(labels.get(LEARNER_LABEL, "")),
                   labs=labs,
                   phase=str((obj.get("status") or {}).get("phase", "Active")),
                   token_expires=notes.get(EXPIRES_ANNOTATION),
                   uid=str(meta.get("uid", "")))


def workspace_labels(classroom: str, learner_id: str) -> dict[str, str]:
    """Labels of a workspace namespace (and of the objects kubeclass puts in it)."""
    return {MANAGED_BY_LABEL: MANAGED_BY_VALUE, CLASSROOM_LABEL: classroom,
            LEARNER_LABEL: learner_id}


def namespace_object(classroom: str, learner: Learner, labs: tuple[str, ...],
                     token_expires: str | None = None) -> dict[str, Any]:
    """The workspace's Namespace (the learner's name and the labs in annotations)."""
    annotations = {NAME_ANNOTATION: learner.name, LABS_ANNOTATION: ",".join(labs)}
    if token_expires:
        annotations[EXPIRES_ANNOTATION] = token_expires
    return {"apiVersion": "v1", "kind": "Namespace",
            "metadata": {"name": namespace_for(classroom, learner.id),
                         "labels": workspace_labels(classroom, learner.id),
                         "annotations": annotations}}


def workspace_objects(classroom: str, learner: Learner, sizes: Sizes) -> list[dict[str, Any]]:
    """What goes inside the namespace: quota, limits, the learner's ServiceAccount and its
    RoleBinding to the ``edit`` ClusterRole in this namespace only (a RoleBinding, never a
    ClusterRoleBinding)."""
    namespace = namespace_for(classroom, learner.id)
    labels = workspace_labels(classroom, learner.id)

    def meta(name: str) -> dict[str, Any]:
        return {"name": name, "namespace": namespace, "labels": labels}

    quota = {
        "requests.cpu": sizes.cpu, "requests.memory": sizes.memory,
        "limits.cpu": sizes.limits(sizes.cpu), "limits.memory": sizes.limits(sizes.memory),
        "pods": str(sizes.pods), "persistentvolumeclaims": str(sizes.pvcs),
        "requests.storage": sizes.storage, "services": str(sizes.services),
        "services.loadbalancers": "0", "services.nodeports": "2",
    }
    return [
        {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": meta(QUOTA),
         "spec": {"hard": quota}},
        {"apiVersion": "v1", "kind": "LimitRange", "metadata": meta(LIMIT_RANGE),
         "spec": {"limits": [{
             "type": "Container",
             "default": {"cpu": sizes.container_cpu, "memory": sizes.container_memory},
             "defaultRequest": {"cpu": sizes.request_cpu, "memory": sizes.request_memory},
         }]}},
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta(SERVICE_ACCOUNT)},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
         "metadata": meta(ROLE_BINDING),
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                     "name": EDIT_ROLE},
         "subjects": [{"kind": "ServiceAccount", "name": SERVICE_ACCOUNT,
                       "namespace": namespace}]},
    ]


def kubeconfig(classroom: str, learner_id: str, *, server: str, token: str,
               ca_pem: bytes | None, insecure: bool, expires: str | None) -> dict[str, Any]:
    """The learner's kubeconfig: one cluster (the instructor's server and CA), one token
    user, one context whose namespace is the workspace."""
    import base64

    namespace = namespace_for(classroom, learner_id)
    name = context_name(classroom, learner_id)
    cluster: dict[str, Any] = {"server": server}
    if ca_pem:
        cluster["certificate-authority-data"] = base64.b64encode(ca_pem).decode("ascii")
    if insecure:
        cluster["insecure-skip-tls-verify"] = True
    extension = {"classroom": classroom, "learner": learner_id, "namespace": namespace}
    if expires:
        extension["expires"] = expires
    return {
        "apiVersion": "v1",
        "kind": "Config",
        "preferences": {},
        "clusters": [{"name": f"{CONTEXT_PREFIX}{classroom}", "cluster": cluster}],
        "users": [{"name": name, "user": {"token": token}}],
        "contexts": [{"name": name, "context": {
            "cluster": f"{CONTEXT_PREFIX}{classroom}", "user": name, "namespace": namespace,
            "extensions": [{"name": EXTENSION, "extension": extension}],
        }}],
        "current-context": name,
    }
