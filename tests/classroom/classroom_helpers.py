"""Helpers of the classroom tests on the real control plane: the CLI in-process, a
classroom made through `kubeclass classroom create`, and the bystander namespace's state."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

BYSTANDER = "bystander-team"


def kubeclass(*args: str, kubeconfig: Path | None = None, input: str | None = None,
              env: dict[str, str] | None = None) -> Result:
    """Run the real CLI in-process (the same code path as the console script)."""
    from kubeclass.cli import main

    argv = list(args)
    if kubeconfig is not None:
        argv += ["--kubeconfig", str(kubeconfig)]
    return CliRunner().invoke(main, argv, input=input, env=env, catch_exceptions=False)


@dataclass
class Classroom:
    """A classroom created on the control plane for a test module."""

    name: str
    admin: Path
    out_dir: Path
    roster: Path
    learners: list[str]
    created: dict[str, Any]

    def kubeconfig(self, learner: str) -> Path:
        return self.out_dir / f"{learner}.kubeconfig"

    def namespace(self, learner: str) -> str:
        return f"{self.name}-{learner}"


def apply_retrying(cluster: Any, body: dict[str, Any], namespace: str) -> None:
    """A brand-new namespace refuses Pods until its default ServiceAccount exists."""
    from kubeclass.labs.cluster import ApiError

    for _ in range(100):
        try:
            cluster.apply(body, namespace)
            return
        except ApiError as exc:
            if "serviceaccount" not in exc.detail.replace(" ", "").lower():
                raise
            time.sleep(0.2)
    raise AssertionError(f"could not create {body['kind']} in {namespace}")


def bystander_state(cluster: Any) -> dict[str, Any]:
    """What must never change in the bystander namespace."""
    ns = cluster.get("v1", "Namespace", BYSTANDER)
    return {
        "namespace": (ns or {}).get("metadata", {}).get("uid"),
        "phase": (ns or {}).get("status", {}).get("phase"),
        "objects": sorted(
            (o["kind"], o["metadata"]["name"], o["metadata"]["uid"])
            for kind in ("Pod", "ConfigMap", "Secret")
            for o in cluster.list_objects("v1", kind, BYSTANDER)
            if not o["metadata"]["name"].startswith("default-token")),
    }


def make_classroom(admin_kubeconfig: Path, tmp: Path, name: str, learners: list[str],
                   *extra: str) -> Classroom:
    """`kubeclass classroom create` for ``learners`` (names in Korean), as JSON."""
    roster = tmp / f"{name}.csv"
    rows = "".join(f"{lid},학습자 {lid},{lid}@example.com\n" for lid in learners)
    roster.write_text("id,name,email\n" + rows, encoding="utf-8")
    out_dir = tmp / f"{name}-kubeconfigs"
    result = kubeclass("classroom", "create", "--roster", str(roster), "--lab", "first-pod",
                       "--classroom", name, "--out-dir", str(out_dir), "--json", *extra,
                       kubeconfig=admin_kubeconfig)
    assert result.exit_code == 0, result.output + result.stderr
    return Classroom(name, admin_kubeconfig, out_dir, roster, learners, json.loads(result.stdout))
