"""What kubeclass does on a cluster: read, apply, create, delete, tokens, access reviews.

Every operation is one or a few REST calls of :class:`~kubeclass.kube.client.Client`, with
the resource found by :class:`~kubeclass.kube.discovery.Discovery`; answers that mean "not
there" or "already there" become return values, everything else a typed error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from kubeclass.kube.client import Client
from kubeclass.kube.config import ContextInfo, context_info
from kubeclass.kube.discovery import Discovery, api_group, is_cluster_scoped, resource_path
from kubeclass.kube.errors import Conflict, MethodNotAllowed, NotFound

FIELD_MANAGER = "kubeclass"
PAGE_SIZE = 500
MIN_TOKEN_SECONDS = 600  # the TokenRequest API refuses less

ReadKey = tuple[str, str, str | None]  # (apiVersion, kind, namespace or None)


class Kube(Client):
    """A connection to one cluster and the operations on it; records every request."""

    def __init__(self, info: ContextInfo) -> None:
        super().__init__(info)
        self.discovery = Discovery(self)

    # ---- resources

    def resource(self, api_version: str, kind: str) -> tuple[str, bool]:
        """(plural, namespaced) of a kind (see :meth:`Discovery.resource`)."""
        return self.discovery.resource(api_version, kind)

    def discover(self, api_version: str, kind: str) -> tuple[str, bool]:
        """Ask the server how it serves ``kind``; raises ``UnknownKind``."""
        return self.discovery.discover(api_version, kind)

    def path(self, api_version: str, kind: str, namespace: str | None, name: str | None = None,
             plural: str | None = None, namespaced: bool | None = None) -> str:
        """The REST path of a collection or of one object."""
        return self.discovery.path(api_version, kind, namespace, name, plural, namespaced)

    # ---- reading

    def list_objects(self, api_version: str, kind: str, namespace: str | None,
                     label_selector: str | None = None) -> list[dict[str, Any]]:
        """Every object of a kind in ``namespace`` (None: all namespaces / cluster-scoped),
        following ``continue`` tokens. Items get their ``apiVersion`` and ``kind`` back."""

        def call(plural: str, namespaced: bool) -> list[dict[str, Any]]:
            path = self.path(api_version, kind, namespace, plural=plural, namespaced=namespaced)
            page = self.request("GET", path, query=_list_query(label_selector),
                                what=f"listing {kind}")
            return self._collect(api_version, kind, path, label_selector, page)

        return self.discovery.retrying(api_version, kind, call)

    def _collect(self, api_version: str, kind: str, path: str, label_selector: str | None,
                 page: Any) -> list[dict[str, Any]]:
        """The items of a first LIST page and of the pages its ``continue`` token leads to."""
        items: list[dict[str, Any]] = []
        while True:
            for item in page.get("items") or []:
                item.setdefault("apiVersion", api_version)
                item.setdefault("kind", kind)
                items.append(item)
            token = (page.get("metadata") or {}).get("continue") or ""
            if not token:
                return items
            page = self.request("GET", path, query=_list_query(label_selector, token),
                                what=f"listing {kind}")

    def snapshot(self, keys: Iterable[ReadKey]) -> dict[ReadKey, list[dict[str, Any]]]:
        """One LIST per (apiVersion, kind, namespace), all sent at once (see
        :meth:`Client.get_pipelined`): the input of the pure check engine.

        Anything unusual — an error answer, a second page, a broken connection — is redone
        by :meth:`list_objects`, which handles it; a guessed resource name the server does
        not know is first looked up by discovery. ``calls`` lists the requests sorted,
        whatever order they were sent in.
        """
        wanted = list(keys)
        first = len(self.calls)
        paths = [self.path(*key) for key in wanted]
        answers = self.get_pipelined([f"{p}?{urlencode(_list_query(None))}" for p in paths])
        result = {}
        for key, path, answer in zip(wanted, paths, answers, strict=True):
            if isinstance(answer, NotFound) and answer.unserved:
                self.discover(key[0], key[1])  # the guessed resource name was wrong: learn it
            if isinstance(answer, dict):
                result[key] = self._collect(key[0], key[1], path, None, answer)
            else:
                result[key] = self.list_objects(*key)
        self.calls[first:] = sorted(self.calls[first:])
        return result

    def get(self, api_version: str, kind: str, name: str, namespace: str | None = None
            ) -> dict[str, Any] | None:
        """One object, or None when it does not exist."""

        def call(plural: str, namespaced: bool) -> Any:
            path = self.path(api_version, kind, namespace, name, plural, namespaced)
            return self.request("GET", path, what=f"reading {kind} {name}")

        try:
            result: dict[str, Any] = self.discovery.retrying(api_version, kind, call)
        except NotFound:
            return None
        return result

    def version(self) -> dict[str, Any]:
        """The server's /version answer."""
        result: dict[str, Any] = self.request("GET", "/version", what="reading the version")
        return result

    # ---- writing

    def apply(self, body: Mapping[str, Any], namespace: str | None) -> dict[str, Any]:
        """Server-side apply of one object (field manager ``kubeclass``, conflicts forced)."""
        api_version, kind = str(body["apiVersion"]), str(body["kind"])
        name = str(body["metadata"]["name"])
        obj = dict(body)
        if namespace and not is_cluster_scoped(api_version, kind):
            obj["metadata"] = {**obj["metadata"], "namespace": namespace}

        def call(plural: str, namespaced: bool) -> Any:
            path = self.path(api_version, kind, namespace, name, plural, namespaced)
            return self.request("PATCH", path, body=obj,
                                query={"fieldManager": FIELD_MANAGER, "force": "true"},
                                content_type="application/apply-patch+yaml",
                                what=f"applying {kind} {name}")

        result: dict[str, Any] = self.discovery.retrying(api_version, kind, call)
        return result

    def create(self, body: Mapping[str, Any], namespace: str | None = None
               ) -> dict[str, Any] | None:
        """Create one object (POST, never adopting one of the same name); None when an
        object of that name already exists."""
        api_version, kind = str(body["apiVersion"]), str(body["kind"])
        path = self.path(api_version, kind, namespace)
        try:
            result: dict[str, Any] = self.request(
                "POST", path, body=dict(body), query={"fieldManager": FIELD_MANAGER},
                what=f"creating {kind} {body['metadata']['name']}")
        except Conflict:
            return None
        return result

    def merge_patch(self, api_version: str, kind: str, name: str, namespace: str | None,
                    patch: Mapping[str, Any], what: str = "") -> dict[str, Any]:
        """A JSON merge patch of one object."""
        result: dict[str, Any] = self.request(
            "PATCH", self.path(api_version, kind, namespace, name), body=dict(patch),
            content_type="application/merge-patch+json", what=what or f"patching {kind} {name}")
        return result

    def delete(self, api_version: str, kind: str, name: str, namespace: str | None, *,
               uid: str | None = None) -> bool:
        """Delete one object; False when it was already gone. With ``uid``, only the object
        of that uid: False too when the name now belongs to another object."""
        options: dict[str, Any] = {"propagationPolicy": "Background"}
        if uid:
            options["preconditions"] = {"uid": uid}

        def call(plural: str, namespaced: bool) -> Any:
            path = self.path(api_version, kind, namespace, name, plural, namespaced)
            return self.request("DELETE", path, body=options, what=f"deleting {kind} {name}")

        try:
            self.discovery.retrying(api_version, kind, call)
        except NotFound:
            return False
        except Conflict:
            if uid is None:
                raise
            return False
        return True

    def delete_collection(self, api_version: str, kind: str, namespace: str,
                          label_selector: str) -> None:
        """Delete every object of a kind in ``namespace`` that ``label_selector`` selects."""

        def call(plural: str, namespaced: bool) -> Any:
            path = self.path(api_version, kind, namespace, plural=plural, namespaced=namespaced)
            return self.request("DELETE", path, query={"labelSelector": label_selector},
                                body={"propagationPolicy": "Background"},
                                what=f"deleting {kind} objects")

        try:
            self.discovery.retrying(api_version, kind, call)
        except MethodNotAllowed:
            # Some resources have no "deletecollection" (Services before Kubernetes 1.23):
            # list what the selector selects and delete it one by one.
            for obj in self.list_objects(api_version, kind, namespace, label_selector):
                self.delete(api_version, kind, obj["metadata"]["name"], namespace)

    # ---- credentials and permissions

    def request_token(self, namespace: str, service_account: str, seconds: int
                      ) -> tuple[str, str | None]:
        """A bound token of a ServiceAccount from the TokenRequest API: (token, expiry
        timestamp as the server set it). Less than the API's minimum asks for the minimum."""
        path = resource_path("v1", "serviceaccounts", namespace, service_account, "token")
        answer = self.request("POST", path, body={
            "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
            "spec": {"audiences": [], "expirationSeconds": max(seconds, MIN_TOKEN_SECONDS)},
        }, what=f"requesting a token in {namespace}")
        status = answer.get("status") or {}
        return str(status["token"]), status.get("expirationTimestamp")

    def may(self, user: str, groups: Sequence[str], verb: str, api_version: str, kind: str,
            namespace: str) -> bool:
        """Whether the cluster's authorizer lets ``user`` do ``verb`` on ``kind`` in
        ``namespace`` (one SubjectAccessReview)."""
        plural, _ = self.resource(api_version, kind)
        review = self.request(
            "POST", resource_path("authorization.k8s.io/v1", "subjectaccessreviews"),
            body={"apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
                  "spec": {"user": user, "groups": list(groups), "resourceAttributes": {
                      "namespace": namespace, "verb": verb,
                      "group": api_group(api_version), "resource": plural}}},
            what=f"checking whether {user} may {verb} {kind}")
        return bool((review.get("status") or {}).get("allowed"))


def connect(kubeconfig: str | None = None, context: str | None = None) -> Kube:
    """Open the cluster of ``context`` (default: the current one) in ``kubeconfig``."""
    return Kube(context_info(kubeconfig, context))


def _list_query(label_selector: str | None, token: str = "") -> dict[str, str]:
    query = {"limit": str(PAGE_SIZE)}
    if token:
        query["continue"] = token
    if label_selector:
        query["labelSelector"] = label_selector
    return query
