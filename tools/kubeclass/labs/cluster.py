"""The cluster edge: the only module that talks to Kubernetes.

Configuration, credentials and TLS come from the official ``kubernetes`` client (its
kubeconfig loader and its configured urllib3 pool); requests are plain REST calls that
return plain dicts, so the pure engine grades exactly what the API served and nothing is
deserialized into models. Every request is recorded in :attr:`Cluster.calls`.

Failures become :class:`ClusterError` subclasses with a message in Korean and English:
unreachable, credentials rejected, RBAC forbidden (naming the verb and resource) and a
kind the server does not serve. ``kubernetes`` is imported inside functions so that
importing this module stays cheap.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from kubeclass.errors import UserError
from kubeclass.labs.checks import ReadKey
from kubeclass.labs.model import api_group, is_cluster_scoped

FIELD_MANAGER = "kubeclass"
PAGE_SIZE = 500
DEFAULT_CONTEXT = "kind-kubeclass"
# Contexts written by `kubeclass classroom create` are named with this prefix and carry the
# learner's namespace; the lab guard accepts them (for that namespace only).
CLASSROOM_CONTEXT_PREFIX = "kubeclass-classroom-"
# ...and carry this kubeconfig extension naming the same namespace (a context merely named
# like one, e.g. an admin context renamed by hand, is not a classroom context).
CLASSROOM_EXTENSION = "kubeclass.io/classroom"
TIMEOUT = (5.0, 30.0)  # connect, read (seconds)


# --------------------------------------------------------------------------- errors


class ClusterError(UserError):
    """The cluster could not be read or changed; exit code 3 with a clear message."""

    exit_code = 3


class ConfigError(ClusterError):
    """No usable kubeconfig or context."""


class Unreachable(ClusterError):
    """Nothing answers at the server address."""

    def __init__(self, server: str, reason: str) -> None:
        hint_en = ("Is the cluster running? Try `kubeclass cluster status` or "
                   "`kubeclass cluster up`.")
        hint_ko = ("클러스터가 실행 중인가요? `kubeclass cluster status` 또는 "
                   "`kubeclass cluster up`을 실행해 보세요.")
        super().__init__(f"cannot reach the cluster at {server} ({reason}). {hint_en}",
                         f"클러스터({server})에 연결할 수 없습니다 ({reason}). {hint_ko}")
        self.server = server


class Unauthorized(ClusterError):
    """The server rejected the credentials (401)."""

    def __init__(self, server: str) -> None:
        super().__init__(
            f"the cluster at {server} rejected your credentials (401 Unauthorized): the token or "
            "certificate in your kubeconfig is wrong or has expired. Get a fresh kubeconfig "
            "(`kind export kubeconfig --name kubeclass`, or ask your instructor).",
            f"클러스터({server})가 인증 정보를 거부했습니다 (401 Unauthorized). kubeconfig의 토큰이나 "
            "인증서가 잘못되었거나 만료되었습니다. 새 kubeconfig를 받으세요 "
            "(`kind export kubeconfig --name kubeclass` 또는 강사에게 요청).",
        )


class Forbidden(ClusterError):
    """RBAC denied a request (403); names the verb and resource that are missing."""

    def __init__(self, verb: str, resource: str, namespace: str | None, user: str | None) -> None:
        where_en = f" in namespace {namespace}" if namespace else " cluster-wide"
        where_ko = f"네임스페이스 {namespace}에서" if namespace else "클러스터 전체에서"
        who = f'user "{user}"' if user else "your user"
        who_ko = f'사용자 "{user}"' if user else "현재 사용자"
        super().__init__(
            f"permission denied (403 Forbidden): {who} may not '{verb}' {resource}{where_en}. "
            f"Ask your administrator for a Role that allows verb '{verb}' on '{resource}'.",
            f"권한 없음 (403 Forbidden): {who_ko}는 {where_ko} {resource}에 대해 '{verb}' 권한이 "
            f"없습니다. 관리자에게 '{resource}'에 '{verb}'을(를) 허용하는 롤(Role)을 요청하세요.",
        )
        self.verb = verb
        self.resource = resource
        self.namespace = namespace


class UnknownKind(ClusterError):
    """The server does not serve this apiVersion/kind."""

    def __init__(self, api_version: str, kind: str, served: Sequence[str]) -> None:
        also_en = f" It serves {kind} as: {', '.join(served)}." if served else ""
        also_ko = f" 이 서버가 제공하는 버전: {', '.join(served)}." if served else ""
        super().__init__(
            f"the cluster does not serve {kind} in {api_version} (too old or too new a "
            f"Kubernetes, or an add-on is not installed).{also_en}",
            f"이 클러스터는 {api_version}의 {kind}를 제공하지 않습니다 (쿠버네티스 버전이 맞지 않거나 "
            f"애드온이 설치되지 않았습니다).{also_ko}",
        )
        self.api_version = api_version
        self.kind = kind


class ApiError(ClusterError):
    """Any other error answer (e.g. 422 Invalid from an apply)."""

    def __init__(self, status: int, what: str, detail: str) -> None:
        super().__init__(f"{what} failed ({status}): {detail}", f"{what} 실패 ({status}): {detail}")
        self.status = status
        self.detail = detail


# --------------------------------------------------------------------------- contexts


@dataclass(frozen=True)
class ContextInfo:
    """The kubeconfig context a command will use."""

    name: str
    cluster: str
    user: str
    namespace: str | None
    kubeconfig: str
    classroom_namespace: str | None = None  # from the context's kubeclass.io/classroom extension

    @property
    def is_classroom(self) -> bool:
        """A learner's context written by ``classroom create`` (its namespace is the workspace):
        the name prefix, a namespace, and the classroom extension naming that namespace."""
        return (self.name.startswith(CLASSROOM_CONTEXT_PREFIX) and bool(self.namespace)
                and self.classroom_namespace == self.namespace)


def kubeconfig_path(kubeconfig: str | None) -> str:
    """``--kubeconfig``, else ``$KUBECONFIG`` (may list several files), else ~/.kube/config."""
    return kubeconfig or os.environ.get("KUBECONFIG") or str(Path("~/.kube/config").expanduser())


def context_info(kubeconfig: str | None = None, context: str | None = None) -> ContextInfo:
    """Resolve the context (``--context`` or the kubeconfig's current one)."""
    from kubernetes.config.config_exception import ConfigException
    from kubernetes.config.kube_config import list_kube_config_contexts

    path = kubeconfig_path(kubeconfig)
    files = [p for p in path.split(os.pathsep) if p]
    if not any(Path(p).expanduser().is_file() for p in files):
        raise ConfigError(
            f"no kubeconfig at {path}. Create the cluster with `kubeclass cluster up` "
            "or pass --kubeconfig FILE.",
            f"kubeconfig 파일이 없습니다 ({path}). `kubeclass cluster up`으로 클러스터를 만들거나 "
            "--kubeconfig FILE을 지정하세요.",
        )
    try:
        contexts, active = list_kube_config_contexts(path)  # type: ignore[no-untyped-call,unused-ignore]
    except (ConfigException, OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the kubeconfig {path}: {exc}",
                          f"kubeconfig {path}을(를) 읽을 수 없습니다: {exc}") from None
    by_name = {c["name"]: c for c in contexts or []}
    chosen = by_name.get(context) if context else active
    if chosen is None:
        names = ", ".join(sorted(by_name)) or "(none)"
        raise ConfigError(f"context '{context}' is not in {path} (contexts: {names})",
                          f"{path}에 컨텍스트 '{context}'이(가) 없습니다 (있는 컨텍스트: {names})")
    ctx = chosen.get("context") or {}
    extension = next((e.get("extension") for e in ctx.get("extensions") or []
                      if isinstance(e, dict) and e.get("name") == CLASSROOM_EXTENSION), None)
    return ContextInfo(name=chosen["name"], cluster=ctx.get("cluster", ""),
                       user=ctx.get("user", ""), namespace=ctx.get("namespace") or None,
                       kubeconfig=path,
                       classroom_namespace=(extension.get("namespace")
                                            if isinstance(extension, dict) else None))


# --------------------------------------------------------------------------- the client


@dataclass
class Cluster:
    """A connection to one cluster; records every request it makes."""

    info: ContextInfo
    server: str
    _pool: Any = field(repr=False)
    _config: Any = field(repr=False)
    calls: list[str] = field(default_factory=list)
    _resources: dict[tuple[str, str], tuple[str, bool]] = field(default_factory=dict)
    _http: Any = field(default=None, repr=False)
    _token: str | None = field(default=None, repr=False)
    _refreshed: bool = field(default=False, repr=False)

    _prefix: str = field(default="", repr=False)  # path part of the server URL, if any

    # ---- plumbing

    def request(self, method: str, path: str, *, query: Mapping[str, str] | None = None,
                body: Any = None, content_type: str = "application/json",
                what: str = "") -> Any:
        """One REST call; returns the decoded JSON body or raises a :class:`ClusterError`."""
        import urllib3

        target = path + (f"?{urlencode(query)}" if query else "")
        headers = self._headers()
        payload = None
        if body is not None:
            headers["Content-Type"] = content_type
            payload = json.dumps(body).encode()
        self.calls.append(f"{method} {target}")
        try:
            response = self._connection_pool().urlopen(
                method, self._prefix + target, body=payload, headers=headers,
                timeout=_timeouts()[0], retries=_timeouts()[1], preload_content=True)
        except urllib3.exceptions.HTTPError as exc:
            raise Unreachable(self.server, _reason(exc)) from None
        if response.status == 401 and self._token is not None and not self._refreshed:
            # A token from an exec/OIDC plugin may have expired: refresh once and retry.
            self._token, self._refreshed = None, True
            return self.request(method, path, query=query, body=body,
                                content_type=content_type, what=what)
        data = _decode(response.data)
        if 200 <= response.status < 300:
            return data
        self._raise(response.status, data, method, path, what)

    def _connection_pool(self) -> Any:
        """One connection pool for the server (keep-alive); the PoolManager holds the TLS
        settings the kubeconfig loader gave it."""
        if self._http is None:
            self._http = self._pool.connection_from_url(self.server)
        return self._http

    def _headers(self) -> dict[str, str]:
        """The headers of every request: JSON answers, our name, the kubeconfig's token."""
        return {"Accept": "application/json", "User-Agent": "kubeclass", **self._auth_header()}

    def _auth_header(self) -> dict[str, str]:
        """The bearer token of the kubeconfig, read once: asking the client for it each
        time re-reads the whole configuration (its refresh hook), a millisecond per call."""
        if self._token is None:
            bearer = self._config.auth_settings().get("BearerToken") or {}
            self._token = str(bearer.get("value") or "")
        return {"Authorization": self._token} if self._token else {}

    def _raise(self, status: int, data: Any, method: str, path: str, what: str) -> None:
        message = _message(data)
        if status == 401:
            raise Unauthorized(self.server)
        if status == 403 and (parts := _forbidden_parts(message)) is not None:
            raise Forbidden(*parts)
        raise ApiError(status, what or f"{method} {path}", message)

    # ---- discovery (only when a guess fails)

    def resource(self, api_version: str, kind: str) -> tuple[str, bool]:
        """(plural, namespaced) of a kind: guessed first, discovered when the guess fails."""
        key = (api_version, kind)
        if key not in self._resources:
            self._resources[key] = (guess_plural(kind), not is_cluster_scoped(api_version, kind))
        return self._resources[key]

    def discover(self, api_version: str, kind: str) -> tuple[str, bool]:
        """Ask the server how it serves ``kind``; raises :class:`UnknownKind`."""
        base = "/api/v1" if api_version == "v1" else f"/apis/{api_version}"
        try:
            listing = self.request("GET", base, what=f"discovery of {api_version}")
        except ApiError as exc:
            if exc.status != 404:
                raise
            listing = {"resources": []}
        for res in listing.get("resources", []):
            if res.get("kind") == kind and "/" not in res.get("name", ""):
                found = (str(res["name"]), bool(res.get("namespaced")))
                self._resources[(api_version, kind)] = found
                return found
        raise UnknownKind(api_version, kind, self._served_versions(api_version, kind))

    def _served_versions(self, api_version: str, kind: str) -> list[str]:
        group = api_group(api_version)
        if not group:
            return []
        try:
            groups = self.request("GET", "/apis", what="discovery")
        except ClusterError:
            return []
        versions = []
        for g in groups.get("groups", []):
            if g.get("name") == group:
                versions = [v["groupVersion"] for v in g.get("versions", [])
                            if v.get("groupVersion") != api_version]
        served = []
        for gv in versions:
            try:
                listing = self.request("GET", f"/apis/{gv}", what="discovery")
            except ClusterError:
                continue
            if any(r.get("kind") == kind for r in listing.get("resources", [])):
                served.append(gv)
        return served

    def path(self, api_version: str, kind: str, namespace: str | None, name: str | None = None,
             plural: str | None = None, namespaced: bool | None = None) -> str:
        """The REST path of a collection or of one object."""
        if plural is None or namespaced is None:
            plural, namespaced = self.resource(api_version, kind)
        base = "/api/v1" if api_version == "v1" else f"/apis/{api_version}"
        if namespaced and namespace:
            base += f"/namespaces/{quote(namespace)}"
        base += f"/{plural}"
        return base + (f"/{quote(name)}" if name else "")

    def _with_discovery(self, api_version: str, kind: str, call: Any) -> Any:
        """Run ``call(plural, namespaced)``; on 404 for a guessed resource, discover and retry."""
        plural, namespaced = self.resource(api_version, kind)
        try:
            return call(plural, namespaced)
        except ApiError as exc:
            if not _unserved(exc.status, exc.detail):
                raise
        found = self.discover(api_version, kind)
        if found == (plural, namespaced):
            raise UnknownKind(api_version, kind, [])
        return call(*found)

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

        result: list[dict[str, Any]] = self._with_discovery(api_version, kind, call)
        return result

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
        """One LIST per (apiVersion, kind, namespace): the input of the pure engine.

        All the requests are sent before any answer is read, each on its own keep-alive
        connection, so the server works on them at once while this thread reads the answers
        in turn (no threads: on a small machine, Python threads cost more CPU than the LISTs
        they overlap). Anything unusual — an error answer, a second page, a broken
        connection — is redone by :meth:`list_objects`, which handles it; a guessed resource
        name the server does not know is first looked up by discovery. ``calls`` lists the
        requests sorted, whatever order they were sent in.
        """
        wanted = list(keys)
        first = len(self.calls)
        answers, unserved = self._send_lists(wanted)
        result = {}
        for index, (key, answer) in enumerate(zip(wanted, answers, strict=True)):
            if index in unserved:
                self.discover(key[0], key[1])  # the guessed resource name was wrong: learn it
            if answer is None:
                result[key] = self.list_objects(*key)
            else:
                result[key] = self._collect(key[0], key[1], answer[0], None, answer[1])
        self.calls[first:] = sorted(self.calls[first:])
        return result

    def _send_lists(self, keys: Sequence[ReadKey]
                    ) -> tuple[list[tuple[str, Any] | None], set[int]]:
        """(path, first page) of each key's LIST, sent together; None where that request
        needs the careful path of :meth:`list_objects`. Also the indexes of the keys whose
        guessed resource the server does not know (404)."""
        import http.client

        import urllib3

        pool = self._connection_pool()
        answers: list[tuple[str, Any] | None] = [None] * len(keys)
        unserved: set[int] = set()
        if getattr(pool, "proxy", None) is not None or len(keys) <= 1:
            return answers, unserved  # a proxy tunnel needs urllib3's own set-up: one at a time
        headers = self._headers()
        # No more at once than the pool keeps, or urllib3 discards the surplus connections.
        batch = max(1, int(getattr(self._config, "connection_pool_maxsize", 0) or 4))
        failures = (OSError, http.client.HTTPException, urllib3.exceptions.HTTPError)
        for start in range(0, len(keys), batch):
            sent = []
            for index in range(start, min(start + batch, len(keys))):
                path = self.path(*keys[index])
                target = f"{path}?{urlencode(_list_query(None))}"
                # urllib3 keeps its pool's connections private; these two calls are how
                # its own urlopen borrows and returns one.
                conn = pool._get_conn()
                try:
                    conn.timeout = TIMEOUT[0]
                    conn.request("GET", self._prefix + target, headers=headers)
                except failures:
                    conn.close()
                    pool._put_conn(None)
                    continue
                self.calls.append(f"GET {target}")
                sent.append((index, path, conn))
            for index, path, conn in sent:
                try:
                    conn.timeout = TIMEOUT[1]
                    response = conn.getresponse()
                    data = response.data
                except failures:
                    conn.close()
                    pool._put_conn(None)
                    continue
                pool._put_conn(conn)
                page = _decode(data)
                if 200 <= response.status < 300 and isinstance(page, dict):
                    answers[index] = (path, page)
                elif _unserved(response.status, _message(page)):
                    unserved.add(index)
        return answers, unserved

    def get(self, api_version: str, kind: str, name: str, namespace: str | None = None
            ) -> dict[str, Any] | None:
        """One object, or None when it does not exist."""

        def call(plural: str, namespaced: bool) -> Any:
            path = self.path(api_version, kind, namespace, name, plural, namespaced)
            return self.request("GET", path, what=f"reading {kind} {name}")

        try:
            result: dict[str, Any] = self._with_discovery(api_version, kind, call)
            return result
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise

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

        result: dict[str, Any] = self._with_discovery(api_version, kind, call)
        return result

    def delete(self, api_version: str, kind: str, name: str, namespace: str | None) -> bool:
        """Delete one object; False when it was already gone."""

        def call(plural: str, namespaced: bool) -> Any:
            path = self.path(api_version, kind, namespace, name, plural, namespaced)
            return self.request("DELETE", path, body={"propagationPolicy": "Background"},
                                what=f"deleting {kind} {name}")

        try:
            self._with_discovery(api_version, kind, call)
        except ApiError as exc:
            if exc.status == 404:
                return False
            raise
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
            self._with_discovery(api_version, kind, call)
        except ApiError as exc:
            # Some resources have no "deletecollection" (Services before Kubernetes 1.23):
            # list what the selector selects and delete it one by one.
            if exc.status != 405:
                raise
            for obj in self.list_objects(api_version, kind, namespace, label_selector):
                self.delete(api_version, kind, obj["metadata"]["name"], namespace)


def connect(kubeconfig: str | None = None, context: str | None = None) -> Cluster:
    """Open the cluster of ``context`` (default: the current one) in ``kubeconfig``."""
    from kubernetes.config.config_exception import ConfigException
    from kubernetes.config.kube_config import new_client_from_config

    info = context_info(kubeconfig, context)
    try:
        api = new_client_from_config(  # type: ignore[no-untyped-call,unused-ignore]
            config_file=info.kubeconfig, context=info.name, persist_config=False)
    except (ConfigException, OSError, ValueError) as exc:
        raise ConfigError(f"cannot use context '{info.name}' of {info.kubeconfig}: {exc}",
                          f"{info.kubeconfig}의 컨텍스트 '{info.name}'을(를) 쓸 수 없습니다: {exc}"
                          ) from None
    from urllib.parse import urlsplit

    config = api.configuration
    server = str(config.host).rstrip("/")
    return Cluster(info=info, server=server, _pool=api.rest_client.pool_manager,
                   _config=config, _prefix=urlsplit(server).path.rstrip("/"))


# --------------------------------------------------------------------------- helpers


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


@functools.cache
def _timeouts() -> tuple[Any, Any]:
    """urllib3 Timeout and Retry, made once (urllib3 is imported on first use only)."""
    import urllib3

    # Retry once, also for PATCH and DELETE (urllib3 retries only GET-like verbs): after
    # answering 404 to a PATCH for a resource it does not serve, the API server drops the
    # keep-alive connection, and the next request on it — the PATCH to the discovered
    # resource — dies unanswered. What we send is idempotent (server-side apply, delete
    # → 404 "already gone"); POST (create) is left out: a retried create would fail 409.
    retry = urllib3.Retry(total=1, redirect=0,
                          allowed_methods=frozenset({"GET", "HEAD", "PATCH", "PUT", "DELETE"}))
    return urllib3.Timeout(connect=TIMEOUT[0], read=TIMEOUT[1]), retry


def _list_query(label_selector: str | None, token: str = "") -> dict[str, str]:
    query = {"limit": str(PAGE_SIZE)}
    if token:
        query["continue"] = token
    if label_selector:
        query["labelSelector"] = label_selector
    return query


def _decode(raw: bytes | None) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace").strip()


def _reason(exc: Exception) -> str:
    inner = getattr(exc, "reason", None) or exc
    text = str(inner)
    for marker in ("Connection refused", "Name or service not known", "timed out",
                   "No route to host", "certificate verify failed"):
        if marker.lower() in text.lower():
            return marker
    return type(inner).__name__


_FORBIDDEN = re.compile(
    r'User "(?P<user>[^"]*)" cannot (?P<verb>\S+) resource "(?P<resource>[^"]+)" in API group '
    r'"(?P<group>[^"]*)"(?: in the namespace "(?P<namespace>[^"]+)"| at the cluster scope)?'
)


def _forbidden_parts(message: str) -> tuple[str, str, str | None, str | None] | None:
    """(verb, resource, namespace, user) of an RBAC denial; None for other 403 answers
    (quota exceeded, namespace terminating …), whose server message is shown as it is."""
    m = _FORBIDDEN.search(message)
    if m is None:
        return None
    group = m.group("group")
    resource = m.group("resource") + (f".{group}" if group else "")
    return m.group("verb"), resource, m.group("namespace"), m.group("user")


def _message(data: Any) -> str:
    """The message of an error answer (a Status object, or plain text)."""
    status = data if isinstance(data, dict) else {}
    return str(status.get("message") or data or "")


def _unserved(status: int, detail: str) -> bool:
    """A 404 about the resource type (a guessed plural the server does not know), not
    about one object of it."""
    return status == 404 and not _is_object_not_found(detail)


def _is_object_not_found(detail: str) -> bool:
    """A 404 about one object (``pods "x" not found``) rather than about the resource type."""
    return bool(re.search(r'"[^"]*" not found', detail))
