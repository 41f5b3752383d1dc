"""The cluster as the labs and the classroom use it: :mod:`kubeclass.kube` with learner-facing
errors.

:class:`Cluster` offers the operations of :class:`kubeclass.kube.ops.Kube` and turns each
typed error of :mod:`kubeclass.kube.errors` into a :class:`ClusterError` that says in Korean
and English what happened and what to do: unreachable, credentials rejected, RBAC
forbidden (naming the verb and resource), a kind the server does not serve, a kubeconfig
that cannot be used. Importing this module does not import ``kubernetes``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from kubeclass.errors import UserError
from kubeclass.kube import errors
from kubeclass.kube.config import DEFAULT_CONTEXT, ContextInfo

if TYPE_CHECKING:
    from kubeclass.kube.ops import Kube, ReadKey

__all__ = ["DEFAULT_CONTEXT", "ApiError", "Cluster", "ClusterError", "ConfigError",
           "ContextInfo", "Forbidden", "Unauthorized", "UnknownKind", "Unreachable",
           "connect", "learner_error"]

P = ParamSpec("P")
T = TypeVar("T")


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


def _config_error(exc: errors.ConfigError) -> ConfigError:
    path = exc.path
    if exc.problem == "missing":
        return ConfigError(
            f"no kubeconfig at {path}. Create the cluster with `kubeclass cluster up` "
            "or pass --kubeconfig FILE.",
            f"kubeconfig 파일이 없습니다 ({path}). `kubeclass cluster up`으로 클러스터를 만들거나 "
            "--kubeconfig FILE을 지정하세요.")
    if exc.problem == "no-context":
        names = ", ".join(exc.contexts) or "(none)"
        if exc.context is None:
            return ConfigError(f"{path} names no current context (contexts: {names}): "
                               "pass --context NAME",
                               f"{path}에 현재 컨텍스트가 없습니다 (있는 컨텍스트: {names}). "
                               "--context NAME을 지정하세요")
        return ConfigError(f"context '{exc.context}' is not in {path} (contexts: {names})",
                           f"{path}에 컨텍스트 '{exc.context}'이(가) 없습니다 (있는 컨텍스트: {names})")
    if exc.problem == "unusable":
        return ConfigError(f"cannot use context '{exc.context}' of {path}: {exc.detail}",
                           f"{path}의 컨텍스트 '{exc.context}'을(를) 쓸 수 없습니다: {exc.detail}")
    return ConfigError(f"cannot read the kubeconfig {path}: {exc.detail}",
                       f"kubeconfig {path}을(를) 읽을 수 없습니다: {exc.detail}")


def learner_error(exc: errors.KubeError) -> ClusterError:
    """The learner-facing error of a failure of the Kubernetes edge."""
    if isinstance(exc, errors.ConfigError):
        return _config_error(exc)
    if isinstance(exc, errors.Unreachable):
        return Unreachable(exc.server, exc.reason)
    if isinstance(exc, errors.UnknownKind):
        return UnknownKind(exc.api_version, exc.kind, exc.served)
    if isinstance(exc, errors.Unauthorized):
        return Unauthorized(exc.server)
    if isinstance(exc, errors.Forbidden) and exc.verb and exc.resource:
        return Forbidden(exc.verb, exc.resource, exc.namespace, exc.user)
    if isinstance(exc, errors.ApiError):
        return ApiError(exc.status, exc.what, exc.detail)
    return ClusterError(str(exc), str(exc))


def _translated(method: Callable[Concatenate[Cluster, P], T]
                ) -> Callable[Concatenate[Cluster, P], T]:
    """Run ``method``, turning a typed error of the Kubernetes edge into a ClusterError."""

    @functools.wraps(method)
    def wrapper(cluster: Cluster, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(cluster, *args, **kwargs)
        except errors.KubeError as exc:
            raise learner_error(exc) from None

    return wrapper


# --------------------------------------------------------------------------- the cluster


class Cluster:
    """A connection to one cluster (see :class:`kubeclass.kube.ops.Kube`) whose failures
    are :class:`ClusterError` s; records every request in :attr:`calls`."""

    def __init__(self, kube: Kube) -> None:
        self.kube = kube

    @property
    def info(self) -> ContextInfo:
        """The kubeconfig context of the connection."""
        return self.kube.info

    @property
    def server(self) -> str:
        """The API server's address."""
        return self.kube.server

    @property
    def calls(self) -> list[str]:
        """Every request made, as ``METHOD path?query``."""
        return self.kube.calls

    @property
    def insecure(self) -> bool:
        """Whether the context skips verifying the server's certificate."""
        return self.kube.insecure

    @_translated
    def request(self, method: str, path: str, *, query: Mapping[str, str] | None = None,
                body: Any = None, content_type: str = "application/json",
                what: str = "") -> Any:
        """One REST call (for tests and tools that need a raw one)."""
        return self.kube.request(method, path, query=query, body=body,
                                 content_type=content_type, what=what)

    def resource(self, api_version: str, kind: str) -> tuple[str, bool]:
        """(plural, namespaced) of a kind, as known so far."""
        return self.kube.resource(api_version, kind)

    @_translated
    def list_objects(self, api_version: str, kind: str, namespace: str | None,
                     label_selector: str | None = None) -> list[dict[str, Any]]:
        """Every object of a kind in ``namespace`` (None: all / cluster-scoped)."""
        return self.kube.list_objects(api_version, kind, namespace, label_selector)

    @_translated
    def snapshot(self, keys: Iterable[ReadKey]) -> dict[ReadKey, list[dict[str, Any]]]:
        """One LIST per (apiVersion, kind, namespace), sent at once: what checks read."""
        return self.kube.snapshot(keys)

    @_translated
    def get(self, api_version: str, kind: str, name: str, namespace: str | None = None
            ) -> dict[str, Any] | None:
        """One object, or None when it does not exist."""
        return self.kube.get(api_version, kind, name, namespace)

    @_translated
    def version(self) -> dict[str, Any]:
        """The server's /version answer."""
        return self.kube.version()

    @_translated
    def apply(self, body: Mapping[str, Any], namespace: str | None) -> dict[str, Any]:
        """Server-side apply of one object."""
        return self.kube.apply(body, namespace)

    @_translated
    def create(self, body: Mapping[str, Any], namespace: str | None = None
               ) -> dict[str, Any] | None:
        """Create one object; None when one of that name exists already."""
        return self.kube.create(body, namespace)

    @_translated
    def merge_patch(self, api_version: str, kind: str, name: str, namespace: str | None,
                    patch: Mapping[str, Any], what: str = "") -> dict[str, Any]:
        """A JSON merge patch of one object."""
        return self.kube.merge_patch(api_version, kind, name, namespace, patch, what)

    @_translated
    def delete(self, api_version: str, kind: str, name: str, namespace: str | None, *,
               uid: str | None = None) -> bool:
        """Delete one object (only the one of ``uid``, if given); False when gone already."""
        return self.kube.delete(api_version, kind, name, namespace, uid=uid)

    @_translated
    def delete_collection(self, api_version: str, kind: str, namespace: str,
                          label_selector: str) -> None:
        """Delete every object of a kind in ``namespace`` that ``label_selector`` selects."""
        self.kube.delete_collection(api_version, kind, namespace, label_selector)

    @_translated
    def request_token(self, namespace: str, service_account: str, seconds: int
                      ) -> tuple[str, str | None]:
        """A bound ServiceAccount token: (token, expiry timestamp)."""
        return self.kube.request_token(namespace, service_account, seconds)

    @_translated
    def may(self, user: str, groups: Sequence[str], verb: str, api_version: str, kind: str,
            namespace: str) -> bool:
        """Whether the cluster's authorizer lets ``user`` do ``verb`` on ``kind``."""
        return self.kube.may(user, groups, verb, api_version, kind, namespace)


def connect(kubeconfig: str | None = None, context: str | None = None) -> Cluster:
    """Open the cluster of ``context`` (default: the current one) in ``kubeconfig``."""
    from kubeclass.kube.ops import connect as open_kube

    try:
        return Cluster(open_kube(kubeconfig, context))
    except errors.KubeError as exc:
        raise learner_error(exc) from None

