"""`kubeclass cluster up | down | status` with fake `kind` and `docker` executables on PATH
that record their arguments (no Docker engine here); `status` talks to the real API server."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kubeclass.cli import main

REPO = Path(__file__).resolve().parents[2]

FAKE = """#!/bin/sh
# Records its arguments, one JSON array per line, then behaves as told by env variables.
python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "$@" >> "{log}"
{body}
"""
KIND_BODY = """
if [ "$1" = "get" ] && [ "$2" = "clusters" ]; then
  [ -f "{state}" ] && cat "{state}"
  exit 0
fi
if [ "$1" = "create" ]; then echo kubeclass > "{state}"; exit "${{FAKE_KIND_EXIT:-0}}"; fi
if [ "$1" = "delete" ]; then rm -f "{state}"; exit 0; fi
exit 0
"""
DOCKER_BODY = 'exit "${FAKE_DOCKER_EXIT:-0}"'


class Fakes:
    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.state = bin_dir / "clusters"

    def write(self, name: str, body: str) -> None:
        path = self.bin / name
        path.write_text(FAKE.format(log=self.bin / f"{name}.log", body=body), encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)

    def calls(self, name: str) -> list[list[str]]:
        log = self.bin / f"{name}.log"
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


@pytest.fixture()
def fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fakes:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    f = Fakes(bin_dir)
    f.write("kind", KIND_BODY.format(state=f.state))
    f.write("docker", DOCKER_BODY)
    python_dir = Path(os.path.realpath(os.sys.executable)).parent  # type: ignore[attr-defined]
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{python_dir}{os.pathsep}/usr/bin:/bin")
    monkeypatch.delenv("KIND_EXPERIMENTAL_PROVIDER", raising=False)
    monkeypatch.delenv("KUBECLASS_ROOT", raising=False)
    return f


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["cluster", *args], catch_exceptions=False)


def test_up_creates_the_cluster_with_the_lab_config(fakes: Fakes) -> None:
    result = run("up", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert fakes.calls("kind") == [
        ["get", "clusters"],
        ["create", "cluster", "--name", "kubeclass", "--wait", "120s",
         "--config", str(REPO / "labs" / "kind-config.yaml")],
    ]
    assert fakes.calls("docker") == [["info"]]
    assert "Cluster ready: context kind-kubeclass" in result.stdout
    again = run("up", "--lang", "en", "--image", "kindest/node:v1.30.0")
    assert again.exit_code == 0 and "already exists" in again.stdout
    assert len(fakes.calls("kind")) == 3  # only another `get clusters`


def test_up_passes_image_and_reports_kind_failures(fakes: Fakes,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_KIND_EXIT", "1")
    result = run("up", "--image", "kindest/node:v1.30.0", "--wait", "30s")
    assert result.exit_code == 1 and "kind create cluster 실패" in result.stderr
    assert fakes.calls("kind")[-1][-2:] == ["--image", "kindest/node:v1.30.0"]
    assert "--wait" in fakes.calls("kind")[-1] and "30s" in fakes.calls("kind")[-1]


def test_down(fakes: Fakes) -> None:
    nothing = run("down", "--lang", "en")
    assert nothing.exit_code == 0 and "nothing to delete" in nothing.stdout
    fakes.state.write_text("kubeclass\n")
    deleted = run("down")
    assert deleted.exit_code == 0
    assert fakes.calls("kind")[-1] == ["delete", "cluster", "--name", "kubeclass"]
    assert not fakes.state.exists()


def test_missing_kind_or_docker_explains_how_to_install(fakes: Fakes) -> None:
    (fakes.bin / "kind").unlink()
    no_kind = run("up", "--lang", "en")
    assert no_kind.exit_code == 3 and "kind is not installed" in no_kind.stderr
    assert "https://kind.sigs.k8s.io/docs/user/quick-start/#installation" in no_kind.stderr
    fakes.write("kind", KIND_BODY.format(state=fakes.state))
    (fakes.bin / "docker").unlink()
    no_docker = run("up")
    assert no_docker.exit_code == 3 and "Docker가 설치되어 있지 않습니다" in no_docker.stderr
    assert fakes.calls("kind") == []  # nothing was attempted


def test_docker_not_running(fakes: Fakes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_DOCKER_EXIT", "1")
    result = run("up", "--lang", "en")
    assert result.exit_code == 3 and "docker is installed but not running" in result.stderr


def test_podman_provider(fakes: Fakes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIND_EXPERIMENTAL_PROVIDER", "podman")
    assert run("up").exit_code == 3  # no podman on PATH
    fakes.write("podman", DOCKER_BODY)
    assert run("up").exit_code == 0 and fakes.calls("podman") == [["info"]]


def test_status_without_cluster(fakes: Fakes) -> None:
    result = run("status", "--lang", "en")
    assert result.exit_code == 3 and "No kind cluster 'kubeclass'" in result.stdout


@pytest.mark.cluster
def test_status_reaches_the_api_server(fakes: Fakes, control_plane: Any) -> None:
    fakes.state.write_text("kubeclass\n")
    result = run("status", "--lang", "en", "--kubeconfig", str(control_plane.admin_kubeconfig))
    assert result.exit_code == 0, result.output
    assert f"Cluster 'kubeclass' is up: {control_plane.server}, Kubernetes v1.20.2" in result.stdout
    other = control_plane.kubeconfig_for("admin", context="something-else")
    missing = run("status", "--lang", "en", "--kubeconfig", str(other))
    assert missing.exit_code == 3 and "context 'kind-kubeclass' is not in" in missing.stderr
