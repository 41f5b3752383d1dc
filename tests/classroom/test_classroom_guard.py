"""The lab guard and classroom contexts (issue 7): a learner's context is accepted by the
mutating `lab` commands for its own namespace only; look-alike contexts are refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from classroom_helpers import Classroom, kubeclass, make_classroom

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def iso(control_plane: Any, admin_kubeconfig: Path,
        tmp_path_factory: pytest.TempPathFactory) -> Classroom:
    return make_classroom(admin_kubeconfig, tmp_path_factory.mktemp("guard"), "guard",
                          ["kim", "lee"])


def test_lab_guard_accepts_a_classroom_context_for_its_own_namespace_only(
        iso: Classroom, tmp_path: Path, admin_kubeconfig: Path) -> None:
    # Kim's kubeconfig pointed at Lee's namespace: refused before any request is made.
    config = yaml.safe_load(iso.kubeconfig("kim").read_text(encoding="utf-8"))
    config["contexts"][0]["context"]["namespace"] = "guard-lee"
    edited = tmp_path / "edited.kubeconfig"
    edited.write_text(yaml.safe_dump(config), encoding="utf-8")
    result = kubeclass("lab", "start", "first-pod", kubeconfig=edited)
    assert result.exit_code == 2, result.output + result.stderr
    assert "refusing to change context 'kubeclass-classroom-guard-kim'" in result.stderr
    # An instructor's context merely named like a classroom context is not one either.
    admin_config = json.loads(admin_kubeconfig.read_text(encoding="utf-8"))
    admin_config["contexts"][0]["name"] = "kubeclass-classroom-fake-x"
    admin_config["contexts"][0]["context"]["namespace"] = "kube-system"
    admin_config["current-context"] = "kubeclass-classroom-fake-x"
    fake = tmp_path / "fake.kubeconfig"
    fake.write_text(json.dumps(admin_config), encoding="utf-8")
    result = kubeclass("lab", "reset", "first-pod", kubeconfig=fake)
    assert result.exit_code == 2, result.output + result.stderr
    assert "refusing to change context 'kubeclass-classroom-fake-x'" in result.stderr
