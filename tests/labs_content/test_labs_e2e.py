"""Every lab, end to end on the real API server (with the simulated kind node).

- each ``tests/<scenario>.yaml`` of each lab — ``fresh`` and the wrong attempts — fails
  exactly the checks it declares, with the declared diff texts, the check's message in both
  languages, and keeps doing so (the result is stable, not a race with a controller);
- the real ``kubeclass lab`` commands: ``start`` → ``check`` fails every check → ``solve`` →
  ``check`` scores 100 % → ``reset`` leaves nothing behind and a bystander untouched;
- the solution also scores 100 % in a classroom workspace (another namespace, not managed
  by the lab), and ``reset`` there removes everything the lab made, and only that.

Labs are discovered from labs/: a new lab is tested as soon as it exists. Scenarios run
scenario-major (every lab's first scenario, then every lab's second …) so a lab's namespace
has finished terminating by the time the lab starts again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from node import SimulatedNode
from scenario import apply_scenario, converge, mismatch, run_scenario

from controlplane import wait_for
from kubeclass.cli import main
from kubeclass.labs.checks import required_reads
from kubeclass.labs.cluster import Cluster
from kubeclass.labs.load import load_labs
from kubeclass.labs.model import LAB_LABEL, Attempt, Lab
from kubeclass.labs.report import to_json
from kubeclass.labs.runner import kinds_of, reset_lab, start_lab

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(300)]

LABS = load_labs()


def _scenario_cases() -> list[Any]:
    rounds: list[list[tuple[Lab, Attempt]]] = []
    for lab in LABS:
        # fresh first: it needs nothing but `lab start`
        attempts = sorted(lab.attempts, key=lambda a: (a.name != "fresh", a.name))
        for i, attempt in enumerate(attempts):
            if len(rounds) <= i:
                rounds.append([])
            rounds[i].append((lab, attempt))
    return [pytest.param(lab, attempt, id=f"{lab.id}/{attempt.name}")
            for group in rounds for lab, attempt in group]


def _lab_cases() -> list[Any]:
    return [pytest.param(lab, id=lab.id) for lab in LABS]


# --------------------------------------------------------------------------- scenarios


@pytest.mark.parametrize(("lab", "attempt"), _scenario_cases())
def test_scenario_fails_exactly_what_it_declares(kube: Cluster, node: SimulatedNode, lab: Lab,
                                                 attempt: Attempt) -> None:
    outcome = run_scenario(kube, node, lab, attempt)
    problems = mismatch(outcome.failing(), dict(attempt.fails))
    assert not problems, (f"labs/{lab.id}/tests/{attempt.name}.yaml ({attempt.description}):\n"
                          + "\n".join(problems))
    assert outcome.stable
    if attempt.name == "fresh":
        assert {c.id for c in lab.checks()} == set(outcome.failing()), "fresh: every check fails"
    # What the learner reads for each failed check: its message and a diff, in both languages.
    reports = {lang: {c["id"]: c for s in to_json(outcome.result, lang)["steps"]
                      for c in s["checks"]} for lang in ("ko", "en")}
    for check in lab.checks():
        if check.id not in attempt.fails:
            continue
        for lang in ("ko", "en"):
            shown = reports[lang][check.id]
            assert not shown["passed"] and shown["points"] == 0
            assert shown["message"] == check.message.get(lang)  # type: ignore[union-attr]
            assert shown["diff"], f"{check.id}: no diff in {lang}"
        assert reports["ko"][check.id]["diff"] != reports["en"][check.id]["diff"], (
            f"{check.id}: the Korean diff is not translated")


# --------------------------------------------------------------------------- the commands


def _lab_cli(*args: str, kubeconfig: Path) -> Result:
    return CliRunner().invoke(main, ["lab", *args, "--kubeconfig", str(kubeconfig)],
                              catch_exceptions=False)


def _checks(result: Result) -> dict[str, dict[str, Any]]:
    data = json.loads(result.stdout)
    return {c["id"]: c for step in data["steps"] for c in step["checks"]}


@pytest.mark.parametrize("lab", _lab_cases())
def test_commands_full_cycle(kube: Cluster, node: SimulatedNode, admin_kubeconfig: Path,
                             home: Path, lab: Lab) -> None:
    namespace = lab.namespace
    bystander = f"bystander-{lab.id}"[:63]
    kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": bystander}}, None)
    kube.apply({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "keep"},
                "data": {"owner": "someone else"}}, bystander)

    started = _lab_cli("start", lab.id, kubeconfig=admin_kubeconfig)
    assert started.exit_code == 0, started.output
    with node.serving(namespace):
        fresh = _lab_cli("check", lab.id, "--json", "--no-wait", "--lang", "en",
                         kubeconfig=admin_kubeconfig)
        assert fresh.exit_code == 1, fresh.output
        data = json.loads(fresh.stdout)
        assert (data["passed"], data["score"]) == (False, 0)
        assert all(not c["passed"] and c["diff"] and c["message"]
                   for c in _checks(fresh).values())
        # One LIST per (apiVersion, kind, namespace) the checks read, never one per check.
        assert data["api_calls"] == len(required_reads(lab.checks(), namespace))

        solved = _lab_cli("solve", lab.id, kubeconfig=admin_kubeconfig)
        assert solved.exit_code == 0, solved.output
        graded = _lab_cli("check", lab.id, "--json", "--lang", "ko", kubeconfig=admin_kubeconfig)
        assert graded.exit_code == 0, graded.output
        data = json.loads(graded.stdout)
        assert data["passed"] and data["score"] == data["max_score"] == lab.max_score()
        # and it stays that way
        settled = converge(kube, lab, namespace, {})
        assert settled.stable, mismatch(settled.failing(), {})

    reset = _lab_cli("reset", lab.id, kubeconfig=admin_kubeconfig)
    assert reset.exit_code == 0, reset.output
    assert kube.get("v1", "Namespace", namespace) is None
    wait_for(lambda: not node.volumes_for(namespace), timeout=30)
    keep = kube.get("v1", "ConfigMap", "keep", bystander)
    assert keep is not None and keep["data"] == {"owner": "someone else"}
    kube.delete("v1", "Namespace", bystander, None)


# --------------------------------------------------------------------------- classroom


def _left_behind(kube: Cluster, node: SimulatedNode, lab: Lab, namespace: str) -> list[str]:
    """What the lab still has in a workspace: labelled objects of its kinds, workload
    offspring (ReplicaSets, Pods), Endpoints of its Services, claims and their volumes."""
    left = [f"{o['kind']} {o['metadata']['name']}"
            for api_version, kind in kinds_of(lab)
            for o in kube.list_objects(api_version, kind, namespace,
                                       label_selector=f"{LAB_LABEL}={lab.id}")]
    for api_version, kind in (("v1", "Pod"), ("apps/v1", "ReplicaSet"), ("v1", "Endpoints"),
                              ("v1", "PersistentVolumeClaim")):
        left += [f"{kind} {o['metadata']['name']}"
                 for o in kube.list_objects(api_version, kind, namespace)]
    left += [f"PersistentVolume {pv['metadata']['name']}" for pv in node.volumes_for(namespace)]
    return left


@pytest.mark.parametrize("lab", _lab_cases())
def test_solution_in_a_classroom_workspace(kube: Cluster, node: SimulatedNode, lab: Lab) -> None:
    workspace = f"ws-{lab.id}"[:63]
    kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {
        "name": workspace, "labels": {"kubeclass.io/classroom": "labs-content",
                                      "kubeclass.io/learner": "s1"}}}, None)
    kube.apply({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "my-notes"},
                "data": {"todo": "finish the lab"}}, workspace)
    try:
        with node.serving(workspace):
            start_lab(kube, lab, workspace, manage_namespace=False)
            apply_scenario(kube, lab, workspace, None)
            outcome = converge(kube, lab, workspace, {})
            assert outcome.stable, mismatch(outcome.failing(), {})
            assert outcome.result.score == lab.max_score()

            reset_lab(kube, lab, workspace, manage_namespace=False)
            wait_for(lambda: not _left_behind(kube, node, lab, workspace), timeout=60)
        assert kube.get("v1", "Namespace", workspace) is not None
        notes = kube.get("v1", "ConfigMap", "my-notes", workspace)
        assert notes is not None and notes["data"] == {"todo": "finish the lab"}
    finally:
        kube.delete("v1", "Namespace", workspace, None)
