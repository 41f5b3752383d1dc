"""Kubeconfig files: which context a command uses, the CA it trusts, and writing one.

Files are read with the official client's own loader (``KubeConfigMerger``), so several
files in ``$KUBECONFIG`` merge as kubectl merges them and a relative path in a file is
relative to that file.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kubeclass.kube.errors import ConfigError

DEFAULT_CONTEXT = "kind-kubeclass"
# Contexts written by `kubeclass classroom create` are named with this prefix and carry the
# learner's namespace; the lab guard accepts them (for that namespace only).
CLASSROOM_CONTEXT_PREFIX = "kubeclass-classroom-"
# ...and carry this kubeconfig extension naming the same namespace (a context merely named
# like one, e.g. an admin context renamed by hand, is not a classroom context).
CLASSROOM_EXTENSION = "kubeclass.io/classroom"


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


def _merged(path: str) -> Any:
    """The merged configuration of the file(s) in ``path`` (a ``ConfigNode`` tree whose
    entries remember their file); raises :class:`ConfigError`."""
    import yaml
    from kubernetes.config.config_exception import ConfigException
    from kubernetes.config.kube_config import KubeConfigMerger

    files = [p for p in path.split(os.pathsep) if p]
    if not any(Path(p).expanduser().is_file() for p in files):
        raise ConfigError("missing", path)
    try:
        merged = KubeConfigMerger(path).config  # type: ignore[no-untyped-call,unused-ignore]
    except (ConfigException, OSError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError("unreadable", path, detail=str(exc)) from None
    except (KeyError, TypeError, AttributeError) as exc:  # an entry without a name, a list …
        raise ConfigError("unreadable", path, detail=f"malformed entry ({exc!r})") from None
    if merged is None or not isinstance(merged.value, dict):
        raise ConfigError("unreadable", path, detail="no configuration found")
    return merged


def _entries(merged: Any, section: str) -> list[Any]:
    """The named entries of a section (``clusters``, ``contexts``), each a ConfigNode."""
    return [e for e in merged.value.get(section) or []
            if isinstance(getattr(e, "value", None), dict) and "name" in e.value]


def context_info(kubeconfig: str | None = None, context: str | None = None) -> ContextInfo:
    """Resolve the context (``--context`` or the kubeconfig's current one)."""
    path = kubeconfig_path(kubeconfig)
    merged = _merged(path)
    by_name = {e.value["name"]: e.value for e in _entries(merged, "contexts")}
    chosen = by_name.get(context or merged.value.get("current-context") or "")
    if chosen is None:
        raise ConfigError("no-context", path, context=context, contexts=sorted(by_name))
    ctx = chosen.get("context") or {}
    extension = next((e.get("extension") for e in ctx.get("extensions") or []
                      if isinstance(e, dict) and e.get("name") == CLASSROOM_EXTENSION), None)
    return ContextInfo(name=chosen["name"], cluster=ctx.get("cluster", ""),
                       user=ctx.get("user", ""), namespace=ctx.get("namespace") or None,
                       kubeconfig=path,
                       classroom_namespace=(extension.get("namespace")
                                            if isinstance(extension, dict) else None))


def server_ca(info: ContextInfo) -> tuple[bytes | None, bool]:
    """The CA bundle (PEM) the context trusts, and whether it skips TLS verification:
    a learner's kubeconfig must reach the same server the same way.

    The first file that defines the cluster wins, as kubectl merges them; a relative
    ``certificate-authority`` path is relative to its kubeconfig.
    """
    for entry in _entries(_merged(info.kubeconfig), "clusters"):
        if entry.value["name"] != info.cluster:
            continue
        cluster = entry.value.get("cluster") or {}
        insecure = bool(cluster.get("insecure-skip-tls-verify"))
        if cluster.get("certificate-authority-data"):
            return base64.b64decode(cluster["certificate-authority-data"]), insecure
        if cluster.get("certificate-authority"):
            base = Path(entry.path).expanduser().parent if entry.path else Path()
            return (base / Path(cluster["certificate-authority"]).expanduser()).read_bytes(), \
                insecure
        return None, insecure
    return None, False


def write_kubeconfig(path: Path, data: dict[str, Any]) -> None:
    """Write a kubeconfig readable by its owner only (it holds a token), atomically."""
    import yaml

    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        yaml.safe_dump(data, out, sort_keys=False, allow_unicode=True)
    os.replace(tmp, path)


def api_client(info: ContextInfo) -> Any:
    """The official client's ``ApiClient`` for the context: its ``configuration`` (server,
    credentials, TLS) and the urllib3 pool manager made from it."""
    from kubernetes.config.config_exception import ConfigException
    from kubernetes.config.kube_config import new_client_from_config

    try:
        return new_client_from_config(  # type: ignore[no-untyped-call,unused-ignore]
            config_file=info.kubeconfig, context=info.name, persist_config=False)
    except (ConfigException, OSError, ValueError) as exc:
        raise ConfigError("unusable", info.kubeconfig, context=info.name,
                          detail=str(exc)) from None
