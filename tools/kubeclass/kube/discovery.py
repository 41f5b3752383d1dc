"""Which resource serves a kind: built-in knowledge first, the server's discovery on a miss.

A kind's resource name (its plural) and scope are guessed from the built-in rules; only
when the server answers that it does not know a guessed resource is its discovery
document read (and remembered for the connection).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote

from kubeclass.kube.errors import KubeError, NotFound, UnknownKind

if TYPE_CHECKING:
    from kubeclass.kube.client import Client

T = TypeVar("T")

# Built-in kinds that live outside namespaces (group, kind).
CLUSTER_SCOPED_KINDS: frozenset[tuple[str, str]] = frozenset(
    {
        ("", "Namespace"),
        ("", "Node"),
        ("", "PersistentVolume"),
        ("", "ComponentStatus"),
        ("rbac.authorization.k8s.io", "ClusterRole"),
        ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
        ("storage.k8s.io", "StorageClass"),
        ("storage.k8s.io", "CSIDriver"),
        ("storage.k8s.io", "CSINode"),
        ("storage.k8s.io", "VolumeAttachment"),
        ("networking.k8s.io", "IngressClass"),
        ("scheduling.k8s.io", "PriorityClass"),
        ("node.k8s.io", "RuntimeClass"),
        ("apiextensions.k8s.io", "CustomResourceDefinition"),
        ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
        ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
        ("apiregistration.k8s.io", "APIService"),
        ("certificates.k8s.io", "CertificateSigningRequest"),
        ("policy", "PodSecurityPolicy"),
    }
)


def api_group(api_version: str) -> str:
    """``apps/v1`` -> ``apps``; ``v1`` -> ``""`` (the core group)."""
    return api_version.rpartition("/")[0]


def is_cluster_scoped(api_version: str, kind: str) -> bool:
    """Whether objects of this built-in kind have no namespace."""
    return (api_group(api_version), kind) in CLUSTER_SCOPED_KINDS


def guess_plural(kind: str) -> str:
    """The resource name Kubernetes uses for a built-in kind (checked by discovery on 404)."""
    lower = kind.lower()
    if lower == "endpoints":
        return lower
    if lower.endswith(("s", "x", "ch", "sh")):
        return lower + "es"
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return lower[:-1] + "ies"
    return lower + "s"


def group_path(api_version: str) -> str:
    """The REST path of a group version: ``/api/v1`` or ``/apis/<group>/<version>``."""
    return "/api/v1" if api_version == "v1" else f"/apis/{api_version}"


def resource_path(api_version: str, plural: str, namespace: str | None = None,
                  name: str | None = None, subresource: str | None = None) -> str:
    """The REST path of a collection, of one object or of one of its subresources."""
    path = group_path(api_version)
    if namespace:
        path += f"/namespaces/{quote(namespace)}"
    path += f"/{plural}" + (f"/{quote(name)}" if name else "")
    return path + (f"/{subresource}" if subresource else "")


class Discovery:
    """The resources of one server, as far as they were needed: guessed, or discovered."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self._resources: dict[tuple[str, str], tuple[str, bool]] = {}

    def resource(self, api_version: str, kind: str) -> tuple[str, bool]:
        """(plural, namespaced) of a kind: guessed first, discovered when the guess fails."""
        key = (api_version, kind)
        if key not in self._resources:
            self._resources[key] = (guess_plural(kind), not is_cluster_scoped(api_version, kind))
        return self._resources[key]

    def path(self, api_version: str, kind: str, namespace: str | None, name: str | None = None,
             plural: str | None = None, namespaced: bool | None = None) -> str:
        """The REST path of a collection or of one object (``namespace`` is dropped for a
        cluster-scoped kind)."""
        if plural is None or namespaced is None:
            plural, namespaced = self.resource(api_version, kind)
        return resource_path(api_version, plural, namespace if namespaced else None, name)

    def discover(self, api_version: str, kind: str) -> tuple[str, bool]:
        """Ask the server how it serves ``kind``; raises :class:`UnknownKind`."""
        try:
            listing = self._client.request("GET", group_path(api_version),
                                           what=f"discovery of {api_version}")
        except NotFound:
            listing = {"resources": []}
        for res in listing.get("resources", []):
            if res.get("kind") == kind and "/" not in res.get("name", ""):
                found = (str(res["name"]), bool(res.get("namespaced")))
                self._resources[(api_version, kind)] = found
                return found
        raise UnknownKind(api_version, kind, self._served_versions(api_version, kind))

    def _served_versions(self, api_version: str, kind: str) -> list[str]:
        """The other versions of the kind's group that serve it (for the error)."""
        group = api_group(api_version)
        if not group:
            return []
        try:
            groups = self._client.request("GET", "/apis", what="discovery")
        except KubeError:
            return []
        versions = []
        for g in groups.get("groups", []):
            if g.get("name") == group:
                versions = [v["groupVersion"] for v in g.get("versions", [])
                            if v.get("groupVersion") != api_version]
        served = []
        for gv in versions:
            try:
                listing = self._client.request("GET", group_path(gv), what="discovery")
            except KubeError:
                continue
            if any(r.get("kind") == kind for r in listing.get("resources", [])):
                served.append(gv)
        return served

    def retrying(self, api_version: str, kind: str, call: Callable[[str, bool], T]) -> T:
        """``call(plural, namespaced)``; when the server does not know the guessed resource,
        discover the real one and call again."""
        plural, namespaced = self.resource(api_version, kind)
        try:
            return call(plural, namespaced)
        except NotFound as exc:
            if not exc.unserved:
                raise
        found = self.discover(api_version, kind)
        if found == (plural, namespaced):
            raise UnknownKind(api_version, kind, [])
        return call(*found)
