"""Failures of the Kubernetes edge, typed by what went wrong (modelled on kopf's client errors).

An answer with an error status becomes the :class:`ApiError` subclass of its status code,
carrying the API ``Status`` as the server sent it (``reason``, ``message``, ``details``).
Nothing here is meant for a learner's eyes: the labs and the classroom translate these
errors into their own messages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any


class KubeError(Exception):
    """Any failure of the Kubernetes edge."""


class ConfigError(KubeError):
    """No usable kubeconfig or context. ``problem`` says which: ``missing`` (no file),
    ``unreadable`` (the file cannot be parsed), ``no-context`` (the context is not in it) or
    ``unusable`` (the client cannot be configured from the context)."""

    def __init__(self, problem: str, path: str, *, context: str | None = None,
                 detail: str = "", contexts: Sequence[str] = ()) -> None:
        super().__init__(f"{problem}: {path} {context or ''} {detail}".strip())
        self.problem = problem
        self.path = path
        self.context = context
        self.detail = detail
        self.contexts = tuple(contexts)


class Unreachable(KubeError):
    """Nothing answers at the server address (``reason``: what the connection said)."""

    def __init__(self, server: str, reason: str) -> None:
        super().__init__(f"{server}: {reason}")
        self.server = server
        self.reason = reason


class UnknownKind(KubeError):
    """The server does not serve this apiVersion/kind; ``served``: the group versions
    that do serve the kind."""

    def __init__(self, api_version: str, kind: str, served: Sequence[str] = ()) -> None:
        super().__init__(f"{kind} in {api_version}")
        self.api_version = api_version
        self.kind = kind
        self.served = list(served)


class ApiError(KubeError):
    """An error answer of the API server, with its ``Status``."""

    def __init__(self, status: int, body: Any, *, method: str, path: str, what: str = "",
                 server: str = "") -> None:
        payload = body if isinstance(body, dict) else {}
        self.status = status
        self.reason = str(payload.get("reason") or "")
        # The Status message, or the plain text some answers have (``404 page not found``).
        self.detail = str(payload.get("message") or body or "")
        self.details: dict[str, Any] = dict(payload.get("details") or {})
        self.method = method
        self.path = path
        self.what = what or f"{method} {path}"
        self.server = server
        super().__init__(f"{self.what} ({status}): {self.detail}")


class Unauthorized(ApiError):
    """401: the server rejected the credentials."""


class Forbidden(ApiError):
    """403. For an RBAC denial, ``verb``, ``resource`` (``plural.group``), ``namespace``
    and ``user`` name what was refused; other refusals (an exceeded quota, a terminating
    namespace …) leave them None."""

    verb: str | None
    resource: str | None
    namespace: str | None
    user: str | None

    def __init__(self, status: int, body: Any, **where: Any) -> None:
        super().__init__(status, body, **where)
        self.verb = self.resource = self.namespace = self.user = None
        match = _RBAC_DENIAL.search(self.detail)
        if match is not None:
            group = match.group("group")
            self.verb = match.group("verb")
            self.resource = match.group("resource") + (f".{group}" if group else "")
            self.namespace = match.group("namespace")
            self.user = match.group("user")

    @property
    def by_rbac(self) -> bool:
        """Whether RBAC refused the request (as opposed to an admission plugin)."""
        return self.verb is not None


class NotFound(ApiError):
    """404: the object, or the resource type itself, does not exist."""

    @property
    def unserved(self) -> bool:
        """The server does not know the resource type (a guessed plural, a kind of another
        version): its answer names no object, as it does for ``pods "x" not found``."""
        return not self.details.get("name")


class MethodNotAllowed(ApiError):
    """405: the resource does not support the verb (e.g. no ``deletecollection``)."""


class Conflict(ApiError):
    """409: the object already exists, or a precondition (uid, resourceVersion) failed."""


class Invalid(ApiError):
    """422: the object was refused by validation."""


_BY_STATUS: dict[int, type[ApiError]] = {401: Unauthorized, 403: Forbidden, 404: NotFound,
                                         405: MethodNotAllowed, 409: Conflict, 422: Invalid}


def api_error(status: int, body: Any, *, method: str, path: str, what: str = "",
              server: str = "") -> ApiError:
    """The typed error of an error answer."""
    cls = _BY_STATUS.get(status, ApiError)
    return cls(status, body, method=method, path=path, what=what, server=server)


# The authorizer's wording of a denial (k8s.io/apiserver, ``forbiddenMessage``).
_RBAC_DENIAL = re.compile(
    r'User "(?P<user>[^"]*)" cannot (?P<verb>\S+) resource "(?P<resource>[^"]+)" in API group '
    r'"(?P<group>[^"]*)"(?: in the namespace "(?P<namespace>[^"]+)"| at the cluster scope)?'
)
