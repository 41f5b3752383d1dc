"""Run one lab scenario on the real API server, the way a learner would have done it.

A scenario is a lab's ``tests/<name>.yaml`` (``fresh``, or a wrong attempt) or its
``solution/``. It runs like a learner's session: ``lab start``, the learner's objects
applied **one at a time in order** (an attempt may list the same Deployment twice to make a
real rollout; the solution is applied file by file like ``lab solve``), the simulated node
serving the namespace meanwhile, then grading until the result is stable.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from node import SimulatedNode

from controlplane import wait_for
from kubeclass.labs.checks import LabResult
from kubeclass.labs.cluster import Cluster
from kubeclass.labs.model import Attempt, Lab
from kubeclass.labs.runner import (
    LifecycleReport,
    apply_files,
    is_deletion,
    reset_lab,
    run_checks,
    start_lab,
)

Expected = dict[str, tuple[str, ...]]

# A scenario's result must hold this long (several grading rounds, many node ticks) before
# it counts: a check that fails only because a controller has not caught up yet, or that
# passes only for a moment, is not what the scenario declares.
SETTLE = 2.0
ROUND = 0.25


@dataclass
class Outcome:
    """The last grading of a scenario and how long it took to reach it."""

    result: LabResult
    seconds: float
    stable: bool

    def failing(self) -> dict[str, list[str]]:
        """check id -> its English diff lines, for the checks that failed."""
        return {c.check.id: c.diff_lines("en") for c in self.result.failed_checks()}


def mismatch(failing: dict[str, list[str]], expected: Expected) -> list[str]:
    """Every way ``failing`` differs from ``expected`` (empty: it is exactly that)."""
    problems = [f"check '{cid}' should fail but passes" for cid in expected if cid not in failing]
    problems += [f"check '{cid}' should pass but fails: {failing[cid]}"
                 for cid in failing if cid not in expected]
    for cid, texts in expected.items():
        for text in texts:
            if cid in failing and not any(text in line for line in failing[cid]):
                problems.append(f"check '{cid}': no diff line contains {text!r}; "
                                f"got {failing[cid]}")
    return problems


def patience(lab: Lab) -> float:
    """How long controllers and the simulated node may take: the lab's longest timeout."""
    return max([c.timeout for c in lab.checks()] + [10.0]) + 10.0


def converge(cluster: Cluster, lab: Lab, namespace: str, expected: Expected) -> Outcome:
    """Grade every ``ROUND`` until the failing checks are ``expected`` for ``SETTLE``
    seconds in a row, or :func:`patience` runs out."""
    start = time.monotonic()
    held_since: float | None = None
    while True:
        result = run_checks(lab, cluster.snapshot, namespace, poll=False)
        now = time.monotonic()
        outcome = Outcome(result, now - start, stable=False)
        if mismatch(outcome.failing(), expected):
            held_since = None
        else:
            held_since = now if held_since is None else held_since
            if now - held_since >= SETTLE:
                outcome.stable = True
                return outcome
        if now - start > patience(lab) + SETTLE:
            return outcome
        time.sleep(ROUND)


def expected_of(attempt: Attempt | None) -> Expected:
    """What a scenario declares: nothing fails for the solution."""
    return {} if attempt is None else dict(attempt.fails)


def quota_in_force(cluster: Cluster, name: str, namespace: str) -> bool:
    """Whether the quota controller has published the quota's status: only then does
    admission count new Pods against it. (A Pod created in the same instant may be missed
    until the controller's next full resync, minutes later — a learner who runs
    ``kubectl describe quota`` as told never meets this, a script does.)"""
    quota = cluster.get("v1", "ResourceQuota", name, namespace) or {}
    hard = (quota.get("spec") or {}).get("hard") or {}
    return set(hard) <= set(((quota.get("status") or {}).get("hard")) or {})


def apply_scenario(cluster: Cluster, lab: Lab, namespace: str, attempt: Attempt | None) -> None:
    """Do what the learner did: the attempt's objects one by one, or the solution's files,
    looking at each new quota before going on (as the lab's instructions say)."""
    report = LifecycleReport(namespace)
    units = lab.solution if attempt is None else [[m] for m in attempt.manifests]
    for unit in units:
        apply_files(cluster, lab, namespace, [unit], report)
        for manifest in unit:
            if manifest.kind == "ResourceQuota" and not is_deletion(manifest):
                wait_for(partial(quota_in_force, cluster, manifest.name, namespace))


@contextmanager
def lab_session(cluster: Cluster, node: SimulatedNode, lab: Lab, namespace: str,
                *, wait_reset: bool = True) -> Iterator[None]:
    """``lab start`` in ``namespace`` with the node serving it; ``lab reset`` afterwards."""
    start_lab(cluster, lab, namespace)
    try:
        with node.serving(namespace):
            yield
    finally:
        reset_lab(cluster, lab, namespace, wait=wait_reset)


def run_scenario(cluster: Cluster, node: SimulatedNode, lab: Lab, attempt: Attempt | None,
                 namespace: str | None = None, *, wait_reset: bool = False) -> Outcome:
    """start → the learner's work → grade until stable → reset (in the lab's namespace
    unless told otherwise; the next ``lab start`` waits for a terminating namespace)."""
    namespace = namespace or lab.namespace
    with lab_session(cluster, node, lab, namespace, wait_reset=wait_reset):
        apply_scenario(cluster, lab, namespace, attempt)
        return converge(cluster, lab, namespace, expected_of(attempt))
