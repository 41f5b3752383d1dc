"""The pure check engine: partial matching, selectors, counts, diffs in both languages,
and the polling rounds of the runner (with a scripted clock and snapshots)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeclass.glossary.model import Bilingual
from kubeclass.labs.checks import (
    compare,
    contains,
    evaluate,
    grade,
    read_key,
    required_reads,
    show,
    truthy,
)
from kubeclass.labs.model import Check, Count, Lab, ResourceRef, Step
from kubeclass.labs.runner import run_checks, with_protocol_defaults
from kubeclass.labs.selectors import SelectorError, matches, parse_selector, selector_text

MSG = Bilingual("메시지", "message")
NS = "lab-x"


def pod(name: str, image: str = "nginx:1.25", labels: dict[str, str] | None = None,
        phase: str = "Pending", **extra: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "namespace": NS, "labels": labels or {}}
    meta.update(extra)
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "spec": {"containers": [{"name": "web", "image": image,
                                     "ports": [{"containerPort": 80, "protocol": "TCP"}]}]},
            "status": {"phase": phase}}


def ref(kind: str = "Pod", name: str | None = None, selector: str | None = None,
        api_version: str = "v1") -> ResourceRef:
    reqs = parse_selector(selector) if selector else None
    return ResourceRef(api_version, kind, name, reqs, selector_text(reqs) if reqs else None)


def check(resource: ResourceRef, **kw: Any) -> Check:
    return Check(id=kw.pop("id", "c"), resource=resource, message=MSG, **kw)


def snap(*objects: dict[str, Any]) -> dict[Any, Any]:
    return {("v1", "Pod", NS): list(objects)}


def diffs(expected: Any, actual: Any, lang: str = "en") -> list[str]:
    out: list[Any] = []
    compare(expected, actual, (), out)
    return [d.render(lang) for d in out]


# ---------------------------------------------------------------- partial match


def test_maps_are_subsets_and_report_field_paths() -> None:
    obj = {"spec": {"replicas": 1, "paused": False}, "metadata": {"name": "web"}}
    assert diffs({"spec": {"replicas": 1}}, obj) == []
    assert diffs({"spec": {"replicas": 3}}, obj) == ["spec.replicas: 3 expected, 1 found"]
    assert diffs({"spec": {"replicas": 3}}, obj, "ko") == ["spec.replicas: 기대값 3, 실제값 1"]
    assert diffs({"spec": {"minReadySeconds": 5}}, obj) == [
        "spec.minReadySeconds: 5 expected, field missing"]


def test_list_element_matches_some_element_regardless_of_order_and_length() -> None:
    actual = {"containers": [{"name": "log", "image": "busybox"},
                             {"name": "web", "image": "nginx:1.25", "ports": [{"p": 1}]}]}
    assert contains({"containers": [{"name": "web", "image": "nginx:1.25"}]}, actual)
    # kuttl would require the same length; we do not.
    assert contains({"containers": [{"image": "busybox"}]}, actual)
    assert not contains({"containers": [{"name": "web", "image": "nginx:1.24"}]}, actual)


def test_list_diff_points_inside_the_element_with_the_same_name() -> None:
    actual = {"spec": {"containers": [{"name": "log", "image": "busybox"},
                                      {"name": "web", "image": "nginx:latest"}]}}
    assert diffs({"spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}}, actual) == [
        'spec.containers[name=web].image: "nginx:1.25" expected, "nginx:latest" found']
    assert diffs({"spec": {"containers": [{"name": "db", "image": "postgres"}]}}, actual) == [
        'spec.containers: no element matches {name: "db", image: "postgres"}']


def test_list_diff_uses_the_only_element_and_reports_empty_lists() -> None:
    assert diffs({"ports": [{"port": 80}]}, {"ports": [{"port": 8080, "name": "http"}]}) == [
        "ports[0].port: 80 expected, 8080 found"]
    assert diffs({"ports": [{"port": 80}]}, {"ports": []}) == [
        "ports: {port: 80} expected in the list, list is empty"]
    assert diffs({"ports": [{"port": 80}]}, {"ports": [{"port": 1}, {"port": 2}]}) == [
        "ports: no element matches {port: 80}"]


def test_scalars_numbers_and_strings_and_null() -> None:
    assert diffs({"port": "80"}, {"port": 80}) == []
    assert diffs({"targetPort": 8080}, {"targetPort": "8080"}) == []
    assert diffs({"flag": True}, {"flag": "true"}) == ['flag: true expected, "true" found']
    assert diffs({"spec": {"nodeName": None}}, {"spec": {}}) == []
    assert diffs({"spec": {"nodeName": None}}, {"spec": {"nodeName": "n1"}}) == [
        'spec.nodeName: should be unset, "n1" found']
    assert diffs({"spec": {"a": 1}}, {"spec": "text"}) == ['spec: {a: 1} expected, "text" found']


def test_label_keys_with_dots_are_quoted_in_paths() -> None:
    obj = {"metadata": {"labels": {"app.kubernetes.io/name": "shop"}}}
    assert diffs({"metadata": {"labels": {"app.kubernetes.io/name": "cart"}}}, obj) == [
        'metadata.labels["app.kubernetes.io/name"]: "cart" expected, "shop" found']


def test_jmespath_truthiness_counts_zero_as_true() -> None:
    assert truthy(0) and truthy("x") and truthy([1]) and truthy({"a": 1})
    assert not truthy(None) and not truthy(False) and not truthy("") and not truthy([])


def test_show_truncates_long_values() -> None:
    assert show("x" * 200).endswith("…") and len(show("x" * 200)) == 80


# ---------------------------------------------------------------- selectors


@pytest.mark.parametrize(("text", "labels", "expected"), [
    ("app=web", {"app": "web"}, True),
    ("app==web", {"app": "api"}, False),
    ("app!=web", {}, True),
    ("app=web,tier!=db", {"app": "web", "tier": "db"}, False),
    ("env in (dev, qa)", {"env": "qa"}, True),
    ("env notin (dev,qa)", {"env": "prod"}, True),
    ("env notin (dev,qa)", {}, True),
    ("release", {"release": ""}, True),
    ("!canary", {"canary": "yes"}, False),
    ("app.kubernetes.io/name=shop", {"app.kubernetes.io/name": "shop"}, True),
])
def test_selector_syntax(text: str, labels: dict[str, str], expected: bool) -> None:
    assert matches(parse_selector(text), labels) is expected


def test_selector_mapping_and_errors() -> None:
    assert parse_selector({"app": "web"}) == (("app", "=", ("web",)),)
    assert selector_text(parse_selector("env in (a,b),!x")) == "env in (a,b),!x"
    for bad in ("app=web=1", "env in a,b", "", {"v": 1}, "=web"):
        with pytest.raises(SelectorError):
            parse_selector(bad)  # type: ignore[arg-type]


# ---------------------------------------------------------------- checks


def test_by_name_not_found_and_found() -> None:
    c = check(ref(name="hello"), expect={"spec": {"containers": [{"image": "nginx:1.25"}]}})
    result = evaluate(c, snap(), NS)
    assert not result.passed and not result.pending
    assert result.diff_lines("en") == ["Pod hello not found in namespace lab-x"]
    assert result.diff_lines("ko") == ["찾을 수 없음: Pod hello (네임스페이스 lab-x)"]
    assert evaluate(c, snap(pod("hello")), NS).passed
    wrong = evaluate(c, snap(pod("hello", image="nginx:1.24")), NS)
    assert wrong.pending
    assert wrong.diff_lines("en") == [
        'spec.containers[0].image: "nginx:1.25" expected, "nginx:1.24" found']


def test_selector_all_any_and_subject_prefix() -> None:
    objs = snap(pod("a", labels={"app": "web"}), pod("b", image="x", labels={"app": "web"}),
                pod("c", labels={"app": "db"}))
    expect = {"spec": {"containers": [{"image": "nginx:1.25"}]}}
    every = evaluate(check(ref(selector="app=web"), expect=expect), objs, NS)
    assert not every.passed
    assert every.diff_lines("en") == [
        'Pod b: spec.containers[0].image: "nginx:1.25" expected, "x" found']
    assert evaluate(check(ref(selector="app=web"), expect=expect, match="any"), objs, NS).passed
    none = evaluate(check(ref(selector="app=api"), expect=expect), objs, NS)
    assert none.diff_lines("en") == ["no Pod matches app=api in namespace lab-x"]


def test_count_counts_objects_that_satisfy_expect_and_assert() -> None:
    objs = snap(pod("a", labels={"app": "web"}, phase="Running"),
                pod("b", labels={"app": "web"}))
    running = check(ref(selector="app=web"), asserts=("status.phase == 'Running'",),
                    count=Count(min=2))
    result = evaluate(running, objs, NS)
    assert not result.passed and result.pending
    lines = result.diff_lines("en")
    assert lines[0] == "Pod app=web: 1 found, at least 2 expected"
    assert "Pod b: condition not met: status.phase == 'Running'" in lines
    assert evaluate(check(ref(selector="app=web"), count=Count(max=1)), objs, NS).diff_lines(
        "ko") == ["Pod app=web: 2개 있음, 1개 이하여야 함"]
    assert evaluate(check(ref(selector="app=web"), count=Count(min=0, max=2)), objs, NS).passed
    zero = evaluate(check(ref(selector="app=none"), count=Count(min=1)), objs, NS)
    assert not zero.pending  # nothing there yet: not worth waiting for


def test_absent_and_pending_while_deleting() -> None:
    gone = check(ref(name="scratch"), absent=True)
    assert evaluate(gone, snap(), NS).passed
    there = evaluate(gone, snap(pod("scratch")), NS)
    assert there.diff_lines("en") == ["Pod scratch exists but should not"]
    assert not there.pending
    deleting = pod("scratch", deletionTimestamp="2024-01-01T00:00:00Z")
    assert evaluate(gone, snap(deleting), NS).pending


def test_assert_errors_are_reported_not_raised() -> None:
    c = check(ref(name="a"), asserts=("to_number(metadata.name) > `1`", "abs(metadata.name)"))
    lines = evaluate(c, snap(pod("a")), NS).diff_lines("en")
    assert lines[0].startswith("condition not met: to_number")
    assert lines[1].startswith("condition could not be evaluated: abs(metadata.name)")


def test_cluster_scoped_kinds_read_without_namespace_and_name_placeholder() -> None:
    ns_ref = ResourceRef("v1", "Namespace", "{namespace}")
    assert read_key(ns_ref, NS) == ("v1", "Namespace", None)
    c = check(ns_ref, expect={"metadata": {"labels": {"team": "a"}}})
    snapshot = {("v1", "Namespace", None): [
        {"metadata": {"name": NS, "labels": {"team": "a"}}}]}
    assert evaluate(c, snapshot, NS).passed
    assert evaluate(c, snapshot, "other").diff_lines("en") == [
        "Namespace other not found in the cluster"]


def _lab(*checks: Check) -> Lab:
    step = Step("s", Bilingual("단계", "step"), Bilingual("하세요", "do it"), (), checks)
    return Lab(id="x", title=MSG, level="beginner", minutes=5, terms=("pod",), intro=MSG,
               namespace=NS, steps=(step,))


def test_grade_runs_every_check_and_scores() -> None:
    lab = _lab(check(ref(name="a"), id="one", points=2),
               check(ref(name="b"), id="two", points=3),
               check(ref("Deployment", "web", api_version="apps/v1"), id="three"))
    assert required_reads(lab.checks(), NS) == [("apps/v1", "Deployment", NS), ("v1", "Pod", NS)]
    result = grade(lab, snap(pod("b")))
    assert [c.passed for c in result.steps[0].checks] == [False, True, False]
    assert (result.score, result.max_score, result.passed) == (3, 6, False)
    # Classroom: one snapshot, many namespaces; a missing key means "no objects".
    other = grade(lab, {("v1", "Pod", "ws-2"): [pod("a"), pod("b")]}, namespace="ws-2")
    assert other.score == 5 and other.namespace == "ws-2"


class Script:
    """A clock and a reader that serve a scripted sequence of snapshots."""

    def __init__(self, snapshots: list[dict[Any, Any]]) -> None:
        self.snapshots = snapshots
        self.now = 0.0
        self.reads: list[list[Any]] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def read(self, keys: list[Any]) -> dict[Any, Any]:
        self.reads.append(keys)
        return self.snapshots[min(len(self.reads) - 1, len(self.snapshots) - 1)]


def test_runner_polls_pending_checks_until_they_pass() -> None:
    running = check(ref(name="a"), id="running", asserts=("status.phase == 'Running'",),
                    timeout=10, interval=1)
    missing = check(ref(name="zzz"), id="missing", timeout=10, interval=1)
    script = Script([snap(pod("a")), snap(pod("a")), snap(pod("a", phase="Running"))])
    result = run_checks(_lab(running, missing), script.read, NS, clock=script.clock,
                        sleep=script.sleep)
    by_id = {c.check.id: c for c in result.steps[0].checks}
    assert by_id["running"].passed and not by_id["missing"].passed
    assert len(script.reads) == 3 and script.now == 2.0
    assert all(keys == [("v1", "Pod", NS)] for keys in script.reads)  # one LIST per round


def test_runner_does_not_wait_for_work_not_started_and_respects_timeouts() -> None:
    missing = check(ref(name="zzz"), id="missing", timeout=30)
    script = Script([snap()])
    run_checks(_lab(missing), script.read, NS, clock=script.clock, sleep=script.sleep)
    assert len(script.reads) == 1 and script.now == 0.0
    never = check(ref(name="a"), id="never", asserts=("status.phase == 'Running'",),
                  timeout=5, interval=2)
    script = Script([snap(pod("a"))])
    result = run_checks(_lab(never), script.read, NS, clock=script.clock, sleep=script.sleep)
    assert not result.passed and script.now == pytest.approx(5.0)
    script = Script([snap(pod("a"))])
    run_checks(_lab(never), script.read, NS, clock=script.clock, sleep=script.sleep, poll=False)
    assert len(script.reads) == 1


def test_protocol_defaults_for_server_side_apply_on_old_servers() -> None:
    svc = {"kind": "Service", "spec": {"ports": [{"port": 80}, {"port": 53, "protocol": "UDP"}]}}
    assert [p["protocol"] for p in with_protocol_defaults(svc)["spec"]["ports"]] == ["TCP", "UDP"]
    deploy = {"kind": "Deployment", "spec": {"template": {"spec": {"containers": [
        {"name": "w", "ports": [{"containerPort": 80}]}, {"name": "x"}]}}}}
    out = with_protocol_defaults(deploy)["spec"]["template"]["spec"]["containers"]
    assert out[0]["ports"] == [{"containerPort": 80, "protocol": "TCP"}] and "ports" not in out[1]
    assert deploy["spec"]["template"]["spec"]["containers"][0]["ports"] == [{"containerPort": 80}]


# ---------------------------------------------------------------- properties

_leaf = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.sampled_from(["a", "b", "80"]))
_json = st.recursive(_leaf, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["x", "y", "name"]), inner,
                                                 max_size=3)), max_leaves=12)


@given(_json)
def test_every_value_contains_itself(value: Any) -> None:
    assert contains(value, value)


@given(_json, _json)
def test_diffs_are_empty_exactly_when_the_value_is_contained(expected: Any, actual: Any) -> None:
    out: list[Any] = []
    compare(expected, actual, (), out)
    assert (not out) == contains(expected, actual)
    for diff in out:  # every diff renders in both languages
        assert diff.render("en") and diff.render("ko")
