"""Grading a whole class: a few LISTs for everyone, then the labs' pure check engine per learner.

Reading: the classroom's namespaces are found by label selector (one LIST of Namespaces),
then every (apiVersion, kind) the lab's checks look at is read with ONE LIST across all
namespaces (``limit``/``continue`` pages for large lists) and split by namespace in memory.
The learners' own objects carry no classroom label — the namespaces do — so objects of
other namespaces are dropped here, not by the server. The number of requests therefore
depends on the lab (and on page count), never on the number of learners.

Grading: :func:`kubeclass.labs.checks.grade` with each learner's namespace over the one
shared snapshot — exactly the engine ``kubeclass lab check`` uses, so a learner's score in
``classroom grade`` and in their own ``lab check`` agree. Nothing is polled: the class is
graded as it is at that moment (checks' ``timeout`` applies to ``lab check`` only).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kubeclass.classroom.model import Workspace
from kubeclass.labs.checks import CheckResult, LabResult, ReadKey, Snapshot
from kubeclass.labs.checks import grade as grade_lab
from kubeclass.labs.model import Check, Lab

if TYPE_CHECKING:
    from kubeclass.labs.cluster import Cluster

Progress = Callable[[str, int, int], None]  # (what, done, total)


@dataclass(frozen=True)
class LearnerResult:
    """One learner's graded lab."""

    workspace: Workspace
    result: LabResult

    @property
    def percent(self) -> float:
        top = self.result.max_score
        return 100.0 * self.result.score / top if top else 100.0


@dataclass(frozen=True)
class CheckRate:
    """How many learners passed one check."""

    step_id: str
    check: Check
    passed: int
    total: int

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


@dataclass(frozen=True)
class ClassResult:
    """A graded class: one :class:`LearnerResult` per workspace, in learner order."""

    lab: Lab
    classroom: str
    learners: tuple[LearnerResult, ...]
    api_calls: int = 0
    calls: tuple[str, ...] = field(default=(), compare=False)

    @property
    def max_score(self) -> int:
        return self.lab.max_score()

    def passed_count(self) -> int:
        return sum(1 for r in self.learners if r.result.passed)

    def mean_percent(self) -> float:
        return sum(r.percent for r in self.learners) / len(self.learners) if self.learners else 0.0

    def check_rates(self) -> list[CheckRate]:
        """Per check, in lab order: how many learners passed it (where the class struggles)."""
        rates = []
        for step in self.lab.steps:
            for check in step.checks:
                passed = sum(1 for r in self.learners if _outcome(r.result, check.id))
                rates.append(CheckRate(step.id, check, passed, len(self.learners)))
        return rates

    def histogram(self, buckets: int = 10) -> list[int]:
        """How many learners scored in each of ``buckets`` equal score bands (the last band
        includes 100 %)."""
        counts = [0] * buckets
        for r in self.learners:
            counts[min(int(r.percent / (100.0 / buckets)), buckets - 1)] += 1
        return counts


@dataclass(frozen=True)
class TermStruggle:
    """A glossary term behind failed checks: what the instructor may explain again."""

    term_id: str
    learners: int  # learners who failed at least one check teaching it
    failures: int  # failed (learner, check) pairs among those checks
    checks: tuple[str, ...]  # the failed checks teaching it, most failed first

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.term_id, "learners": self.learners, "failures": self.failures,
                "checks": list(self.checks)}


def weakest_terms(result: ClassResult, teaches: Mapping[str, Sequence[str]],
                  limit: int = 10) -> list[TermStruggle]:
    """The terms behind the most failed checks of the class (``teaches``: check id -> the
    terms it teaches, see :mod:`kubeclass.labs.teaches`), most learners first."""
    learners: dict[str, set[str]] = {}
    per_check: dict[str, dict[str, int]] = {}
    for r in result.learners:
        for _, c in failed_checks(r.result):
            for term in teaches.get(c.check.id, ()):
                learners.setdefault(term, set()).add(r.workspace.learner)
                checks = per_check.setdefault(term, {})
                checks[c.check.id] = checks.get(c.check.id, 0) + 1
    struggles = [
        TermStruggle(term_id=term, learners=len(who), failures=sum(per_check[term].values()),
                     checks=tuple(sorted(per_check[term], key=lambda k: (-per_check[term][k], k))))
        for term, who in learners.items()
    ]
    struggles.sort(key=lambda s: (-s.learners, -s.failures, s.term_id))
    return struggles[:limit]


def _outcome(result: LabResult, check_id: str) -> bool:
    return any(c.passed for s in result.steps for c in s.checks if c.check.id == check_id)


def failed_checks(result: LabResult) -> list[tuple[str, CheckResult]]:
    """(step id, result) of every failed check, in lab order."""
    return [(s.step_id, c) for s in result.steps for c in s.checks if not c.passed]


# --------------------------------------------------------------------------- pure core


def kinds_to_read(labs: Iterable[Lab]) -> list[tuple[str, str]]:
    """Distinct (apiVersion, kind) the labs' checks look at, in first-use order."""
    seen: dict[tuple[str, str], None] = {}
    for lab in labs:
        for check in lab.checks():
            seen[(check.resource.api_version, check.resource.kind)] = None
    return list(seen)


def split_by_namespace(api_version: str, kind: str, items: Iterable[Mapping[str, Any]],
                       namespaces: Iterable[str], cluster_scoped: bool) -> dict[ReadKey, list[Any]]:
    """Turn one cluster-wide LIST into snapshot entries keyed like the lab engine reads
    them: ``(apiVersion, kind, namespace)`` for each classroom namespace that has objects
    (others are dropped), or ``(apiVersion, kind, None)`` for a cluster-scoped kind."""
    if cluster_scoped:
        return {(api_version, kind, None): list(items)}
    wanted = set(namespaces)
    out: dict[ReadKey, list[Any]] = {}
    for item in items:
        namespace = (item.get("metadata") or {}).get("namespace")
        if namespace in wanted:
            out.setdefault((api_version, kind, namespace), []).append(item)
    return out


def grade_class(lab: Lab, classroom: str, workspaces: Sequence[Workspace], snapshot: Snapshot,
                progress: Progress | None = None) -> ClassResult:
    """Grade every workspace with the labs' check engine over one shared snapshot."""
    results = []
    for index, workspace in enumerate(workspaces, 1):
        results.append(LearnerResult(workspace, grade_lab(lab, snapshot, workspace.namespace)))
        if progress is not None:
            progress("grade", index, len(workspaces))
    return ClassResult(lab=lab, classroom=classroom, learners=tuple(results))


# --------------------------------------------------------------------------- cluster edge


def read_snapshot(cluster: Cluster, labs: Iterable[Lab], namespaces: Sequence[str],
                  progress: Progress | None = None) -> dict[ReadKey, list[Any]]:
    """One paginated LIST per (apiVersion, kind) across all namespaces, split by namespace."""
    from kubeclass.labs.model import is_cluster_scoped

    kinds = kinds_to_read(labs)
    snapshot: dict[ReadKey, list[Any]] = {}
    for index, (api_version, kind) in enumerate(kinds, 1):
        items = cluster.list_objects(api_version, kind, None)
        snapshot.update(split_by_namespace(api_version, kind, items, namespaces,
                                           is_cluster_scoped(api_version, kind)))
        if progress is not None:
            progress(f"{kind}", index, len(kinds))
    return snapshot


def grade_classroom(cluster: Cluster, lab: Lab, classroom: str,
                    workspaces: Sequence[Workspace],
                    progress: Progress | None = None) -> ClassResult:
    """Read the class's objects (one LIST per kind) and grade every workspace in memory.

    ``workspaces`` come from :func:`kubeclass.classroom.workspaces.list_workspaces` (one
    LIST of Namespaces by label selector); the API calls of both are counted on ``cluster``.
    """
    active = [w for w in workspaces if w.phase != "Terminating"]
    snapshot = read_snapshot(cluster, [lab], [w.namespace for w in active], progress)
    result = grade_class(lab, classroom, active, snapshot, progress)
    return ClassResult(lab=result.lab, classroom=classroom, learners=result.learners,
                       api_calls=len(cluster.calls), calls=tuple(cluster.calls))
