"""Requests to one API server: plain REST calls that return plain dicts.

Configuration, credentials and TLS come from the official ``kubernetes`` client (its
kubeconfig loader and the urllib3 pool manager it configures); bodies are decoded JSON and
nothing is deserialized into models, so callers see exactly what the API served. Every
request is recorded in :attr:`Client.calls`; error answers raise the typed errors of
:mod:`kubeclass.kube.errors`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode, urlsplit

from kubeclass.kube.config import ContextInfo, api_client
from kubeclass.kube.errors import ApiError, Unreachable, api_error

TIMEOUT = (5.0, 30.0)  # connect, read (seconds)


class Client:
    """A connection to the server of one kubeconfig context."""

    def __init__(self, info: ContextInfo) -> None:
        api = api_client(info)
        self.info = info
        self._config = api.configuration
        self.server = str(self._config.host).rstrip("/")
        self._pool_manager = api.rest_client.pool_manager
        self._prefix = urlsplit(self.server).path.rstrip("/")  # path part of the server URL
        self.calls: list[str] = []
        self._http: Any = None
        self._token: str | None = None
        self._refreshed = False
        if self.insecure:
            _silence_insecure_warning()

    @property
    def insecure(self) -> bool:
        """Whether the context skips verifying the server's certificate."""
        return not self._config.verify_ssl

    # ---- one request

    def request(self, method: str, path: str, *, query: Mapping[str, str] | None = None,
                body: Any = None, content_type: str = "application/json",
                what: str = "") -> Any:
        """One REST call; returns the decoded JSON body or raises a typed error."""
        import urllib3

        target = path + (f"?{urlencode(query)}" if query else "")
        headers = self._headers()
        payload = None
        if body is not None:
            headers["Content-Type"] = content_type
            payload = json.dumps(body).encode()
        self.calls.append(f"{method} {target}")
        timeout, retries = _timeouts()
        try:
            response = self._connection_pool().urlopen(
                method, self._prefix + target, body=payload, headers=headers,
                timeout=timeout, retries=retries, preload_content=True)
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
        raise api_error(response.status, data, method=method, path=path, what=what,
                        server=self.server)

    def _connection_pool(self) -> Any:
        """One connection pool for the server (keep-alive); the PoolManager holds the TLS
        settings the kubeconfig loader gave it."""
        if self._http is None:
            self._http = self._pool_manager.connection_from_url(self.server)
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

    # ---- many GETs at once

    def get_pipelined(self, targets: Sequence[str]) -> list[Any]:
        """GET each ``path?query`` of ``targets`` together: the answer of each is its decoded
        body, the typed :class:`ApiError` of an error answer, or None where the request
        needs the careful path of :meth:`request` (a broken connection, a proxy).

        All requests of a batch are sent before any answer is read, each on its own
        keep-alive connection, so the server works on them at once while this thread reads
        the answers in turn (no threads: on a small machine, Python threads cost more CPU
        than the requests they overlap).
        """
        import http.client

        import urllib3

        pool = self._connection_pool()
        answers: list[Any] = [None] * len(targets)
        if getattr(pool, "proxy", None) is not None or len(targets) <= 1:
            return answers  # a proxy tunnel needs urllib3's own set-up: one at a time
        headers = self._headers()
        # No more at once than the pool keeps, or urllib3 discards the surplus connections.
        batch = max(1, int(getattr(self._config, "connection_pool_maxsize", 0) or 4))
        failures = (OSError, http.client.HTTPException, urllib3.exceptions.HTTPError)
        for start in range(0, len(targets), batch):
            sent = []
            for index in range(start, min(start + batch, len(targets))):
                # urllib3 keeps its pool's connections private; these two calls are how
                # its own urlopen borrows and returns one.
                conn = pool._get_conn()
                try:
                    conn.timeout = TIMEOUT[0]
                    conn.request("GET", self._prefix + targets[index], headers=headers)
                except failures:
                    conn.close()
                    pool._put_conn(None)
                    continue
                self.calls.append(f"GET {targets[index]}")
                sent.append((index, conn))
            for index, conn in sent:
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
                path = targets[index].partition("?")[0]
                answers[index] = (page if 200 <= response.status < 300 and isinstance(page, dict)
                                  else _error_or_none(response.status, page, path, self.server))
        return answers


def _error_or_none(status: int, page: Any, path: str, server: str) -> ApiError | None:
    """The typed error of an error answer; None for a success that is not a JSON object."""
    if 200 <= status < 300:
        return None
    return api_error(status, page, method="GET", path=path, server=server)


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


@functools.cache
def _silence_insecure_warning() -> None:
    """Hide urllib3's ``InsecureRequestWarning``: it repeats for every connection of a
    context that skips certificate verification, which the caller says once, its own way."""
    import warnings

    import urllib3

    warnings.filterwarnings("ignore", category=urllib3.exceptions.InsecureRequestWarning)


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
