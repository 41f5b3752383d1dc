"""The labs' domain model: plain, frozen data classes.

Nothing here reads files or talks to a cluster; :mod:`kubeclass.labs.load` builds these
objects from ``labs/<id>/`` and :mod:`kubeclass.labs.checks` grades them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kubeclass.glossary.model import Bilingual, Lang
from kubeclass.kube import discovery

__all__ = [
    "CLUSTER_SCOPED_KINDS",
    "LAB_FILE",
    "LAB_LABEL",
    "MANAGED_BY_LABEL",
    "MANAGED_BY_VALUE",
    "Attempt",
    "Bilingual",
    "Check",
    "Count",
    "Lab",
    "Lang",
    "Manifest",
    "ResourceRef",
    "Step",
    "is_cluster_scoped",
]

LAB_FILE = "lab.yaml"  # in labs/<id>/

# Labels that mark what kubeclass created: `lab reset` deletes nothing without them.
MANAGED_BY_LABEL = "app.kubernetes.io/managed-by"
MANAGED_BY_VALUE = "kubeclass"
LAB_LABEL = "kubeclass.io/lab"

# Built-in kinds that live outside namespaces (Kubernetes knowledge, kept with the rest of
# it in kubeclass.kube). Checks on them read with a cluster-wide LIST; setup/ and solution/
# may not create them (`lab reset` could not clean them up safely).
CLUSTER_SCOPED_KINDS = discovery.CLUSTER_SCOPED_KINDS
api_group = discovery.api_group
is_cluster_scoped = discovery.is_cluster_scoped


@dataclass(frozen=True)
class ResourceRef:
    """Which objects a check looks at: one kind, and a name or a label selector (or all)."""

    api_version: str
    kind: str
    name: str | None = None
    # Parsed selector: (key, operator, values) with operator one of
    # "=", "!=", "in", "notin", "exists", "!exists".
    label_selector: tuple[tuple[str, str, tuple[str, ...]], ...] | None = None
    selector_text: str | None = None

    @property
    def cluster_scoped(self) -> bool:
        return is_cluster_scoped(self.api_version, self.kind)

    def describe(self) -> str:
        """``Deployment web`` or ``Pod app=web`` or ``Pod`` (for messages)."""
        if self.name is not None:
            return f"{self.kind} {self.name}"
        if self.selector_text:
            return f"{self.kind} {self.selector_text}"
        return self.kind


@dataclass(frozen=True)
class Count:
    """How many matching objects must exist (bounds inclusive; None = unbounded)."""

    min: int | None = None
    max: int | None = None


@dataclass(frozen=True)
class Check:
    """One graded assertion about the cluster."""

    id: str
    resource: ResourceRef
    expect: Any = None  # partial object, or None
    asserts: tuple[str, ...] = ()  # JMESPath expressions, all must be truthy
    absent: bool = False
    count: Count | None = None
    match: Literal["all", "any"] = "all"
    points: int = 1
    message: Bilingual | None = None
    hint: Bilingual | None = None
    timeout: float = 0.0  # seconds to keep polling while it fails
    interval: float = 2.0  # seconds between polls


@dataclass(frozen=True)
class Step:
    """A part of a lab: instructions, hints revealed one at a time, and its checks."""

    id: str
    title: Bilingual
    instructions: Bilingual
    hints: tuple[Bilingual, ...]
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class Manifest:
    """One Kubernetes object from ``setup/``, ``solution/`` or a test attempt."""

    body: dict[str, Any]
    source: str  # "path:line" for messages

    @property
    def api_version(self) -> str:
        return str(self.body.get("apiVersion", ""))

    @property
    def kind(self) -> str:
        return str(self.body.get("kind", ""))

    @property
    def name(self) -> str:
        return str((self.body.get("metadata") or {}).get("name", ""))


@dataclass(frozen=True)
class Attempt:
    """A test scenario (``labs/<id>/tests/<name>.yaml``): objects applied after setup, and
    the checks that must then fail (every other check must pass)."""

    name: str
    description: str
    manifests: tuple[Manifest, ...]
    # check id -> substrings the English diff must contain
    fails: dict[str, tuple[str, ...]]
    path: Path | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Lab:
    """A hands-on lab: ``labs/<id>/lab.yaml`` plus its ``setup/`` and ``solution/`` folders."""

    id: str
    title: Bilingual
    level: str
    minutes: int
    terms: tuple[str, ...]
    intro: Bilingual
    namespace: str
    steps: tuple[Step, ...]
    setup: tuple[tuple[Manifest, ...], ...] = ()  # one tuple per file, applied in file order
    solution: tuple[tuple[Manifest, ...], ...] = ()
    attempts: tuple[Attempt, ...] = ()
    path: Path | None = field(default=None, compare=False)

    def checks(self) -> list[Check]:
        """Every check of every step, in order."""
        return [check for step in self.steps for check in step.checks]

    def max_score(self) -> int:
        return sum(check.points for check in self.checks())

    def summary(self) -> dict[str, Any]:
        """The ``lab list --json`` entry."""
        return {
            "id": self.id,
            "title": self.title.to_dict(),
            "level": self.level,
            "minutes": self.minutes,
            "terms": list(self.terms),
        }
