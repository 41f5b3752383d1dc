"""Grading a class in memory: one LIST per kind split by namespace, then the labs' own check
engine per learner — the same result as grading each learner alone."""

from __future__ import annotations

from typing import Any

from classroom_data import FIRST_POD, FIRST_POD_FAILS, first_pod_work, workspace
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeclass.classroom.grade import grade_class, kinds_to_read, split_by_namespace
from kubeclass.labs.checks import grade as grade_alone
from kubeclass.labs.checks import required_reads
from kubeclass.labs.load import load_lab

VARIANTS = sorted(FIRST_POD_FAILS)


def cluster_wide_pods(work: dict[str, str], bystanders: dict[str, str]) -> list[dict[str, Any]]:
    """What ``GET /api/v1/pods`` returns: the learners' Pods and other namespaces' Pods."""
    pods = []
    for namespace, variant in {**work, **bystanders}.items():
        pods.extend(first_pod_work(variant, namespace))
    return pods


def test_kinds_to_read_one_per_kind() -> None:
    assert kinds_to_read([FIRST_POD]) == [("v1", "Pod")]
    scale = load_lab("scale-deployment")
    assert kinds_to_read([scale]) == [("apps/v1", "Deployment"), ("v1", "Pod"),
                                      ("apps/v1", "ReplicaSet")]
    assert kinds_to_read([FIRST_POD, scale, FIRST_POD]) == [
        ("v1", "Pod"), ("apps/v1", "Deployment"), ("apps/v1", "ReplicaSet")]


def test_split_keeps_only_the_classroom_and_keys_like_the_engine() -> None:
    work = {"c-a": "right", "c-b": "left-scratch"}
    items = cluster_wide_pods(work, {"default": "right", "kube-system": "nothing"})
    snapshot = split_by_namespace("v1", "Pod", items, work, cluster_scoped=False)
    assert sorted(snapshot) == [("v1", "Pod", "c-a"), ("v1", "Pod", "c-b")]
    assert [len(snapshot[k]) for k in sorted(snapshot)] == [1, 2]
    # The keys are exactly those the engine reads for each learner.
    for namespace in work:
        assert required_reads(FIRST_POD.checks(), namespace) == [("v1", "Pod", namespace)]
    # A cluster-scoped kind is shared by everyone under the None namespace.
    nodes = [{"metadata": {"name": "n1"}}]
    assert split_by_namespace("v1", "Node", nodes, work, cluster_scoped=True) == {
        ("v1", "Node", None): nodes}


def test_each_variant_fails_exactly_its_checks() -> None:
    learners = [workspace("c", v) for v in VARIANTS]
    work = {w.namespace: w.learner for w in learners}
    # Bystanders hold perfect work under the same names: it must not count for anyone.
    items = cluster_wide_pods(work, {"default": "right", "other-class-nothing": "right"})
    snapshot = split_by_namespace("v1", "Pod", items, work, cluster_scoped=False)
    result = grade_class(FIRST_POD, "c", learners, snapshot)
    assert [r.workspace.learner for r in result.learners] == VARIANTS
    for r in result.learners:
        failed = {c.check.id for c in r.result.failed_checks()}
        assert failed == FIRST_POD_FAILS[r.workspace.learner], r.workspace.learner
        assert r.result.namespace == r.workspace.namespace
    right = next(r for r in result.learners if r.workspace.learner == "right")
    assert right.result.passed and right.percent == 100.0
    nothing = next(r for r in result.learners if r.workspace.learner == "nothing")
    assert nothing.result.score == 0
    # The diff of a missing Pod names the learner's own namespace.
    diff = nothing.result.failed_checks()[0].diff_lines("en")
    assert diff == ["Pod hello not found in namespace c-nothing"]


def test_rates_histogram_and_counts() -> None:
    learners = [workspace("c", f"l{i}") for i in range(10)]
    variants = ["right"] * 4 + ["wrong-image"] * 3 + ["nothing"] * 3
    work = {w.namespace: v for w, v in zip(learners, variants, strict=True)}
    items = cluster_wide_pods(work, {})
    result = grade_class(FIRST_POD, "c", learners,
                         split_by_namespace("v1", "Pod", items, work, cluster_scoped=False))
    rates = {r.check.id: (r.passed, r.total) for r in result.check_rates()}
    assert rates == {"pod-labelled": (7, 10), "pod-image": (4, 10), "pod-running": (7, 10),
                     "scratch-gone": (7, 10)}
    assert result.passed_count() == 4
    # first-pod: 6 points; wrong-image scores 4/6 (66.7 %), nothing 0.
    assert result.histogram() == [3, 0, 0, 0, 0, 0, 3, 0, 0, 4]
    assert round(result.mean_percent(), 1) == round((4 * 100 + 3 * 400 / 6) / 10, 1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(VARIANTS), min_size=1, max_size=12),
       st.lists(st.sampled_from(VARIANTS), max_size=4))
def test_same_result_as_grading_each_learner_alone(variants: list[str],
                                                   others: list[str]) -> None:
    """The classroom's one shared snapshot grades every learner exactly as `lab check`'s
    per-namespace read would."""
    learners = [workspace("c", f"l{i}") for i in range(len(variants))]
    work = {w.namespace: v for w, v in zip(learners, variants, strict=True)}
    bystanders = {f"other-{i}": v for i, v in enumerate(others)}
    items = cluster_wide_pods(work, bystanders)
    shared = split_by_namespace("v1", "Pod", items, work, cluster_scoped=False)
    result = grade_class(FIRST_POD, "c", learners, shared)
    for r in result.learners:
        namespace = r.workspace.namespace
        alone = {key: [o for o in items if o["metadata"]["namespace"] == key[2]]
                 for key in required_reads(FIRST_POD.checks(), namespace)}
        expected = grade_alone(FIRST_POD, alone, namespace)
        assert r.result == expected
        assert [c.diff_lines("en") for c in r.result.failed_checks()] == \
            [c.diff_lines("en") for c in expected.failed_checks()]
