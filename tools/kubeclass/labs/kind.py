"""``kubeclass cluster up | down | status``: the learner's kind cluster named ``kubeclass``.

A thin wrapper over the ``kind`` binary (https://kind.sigs.k8s.io) with the lab
configuration ``labs/kind-config.yaml`` (port mappings for the Ingress and NodePort labs).
Missing Docker or kind is reported with how to install them (exit 3).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click

from kubeclass.content import labs_dir

CLUSTER_NAME = "kubeclass"
CONTEXT = f"kind-{CLUSTER_NAME}"
EXIT_ENVIRONMENT = 3

_INSTALL = {
    "kind": {
        "en": "kind is not installed. Install it: https://kind.sigs.k8s.io/docs/user/quick-start/"
              "#installation (e.g. `go install sigs.k8s.io/kind@latest`, `brew install kind`, "
              "or download the release binary).",
        "ko": "kind가 설치되어 있지 않습니다. 설치 방법: https://kind.sigs.k8s.io/docs/user/"
              "quick-start/#installation (예: `go install sigs.k8s.io/kind@latest`, "
              "`brew install kind`, 또는 릴리스 바이너리 내려받기).",
    },
    "docker": {
        "en": "Docker is not installed (kind runs Kubernetes nodes as Docker containers). "
              "Install Docker: https://docs.docker.com/engine/install/ — or Podman with "
              "KIND_EXPERIMENTAL_PROVIDER=podman.",
        "ko": "Docker가 설치되어 있지 않습니다 (kind는 쿠버네티스 노드를 Docker 컨테이너로 "
              "실행합니다). Docker 설치: https://docs.docker.com/engine/install/ — 또는 Podman과 "
              "KIND_EXPERIMENTAL_PROVIDER=podman.",
    },
    "engine": {
        "en": "{engine} is installed but not running or not accessible: start it "
              "(e.g. `sudo systemctl start docker`) or add your user to the docker group.",
        "ko": "{engine}이(가) 설치되어 있지만 실행 중이 아니거나 접근할 수 없습니다. 엔진을 "
              "시작하거나 (예: `sudo systemctl start docker`) 사용자를 docker 그룹에 추가하세요.",
    },
}


def _say(lang: str, en: str, ko: str, *, err: bool = False) -> None:
    click.echo(ko if lang == "ko" else en, err=err)


def _engine() -> str:
    provider = os.environ.get("KIND_EXPERIMENTAL_PROVIDER", "docker")
    return "podman" if provider == "podman" else "docker"


def _require(lang: str, *, engine_running: bool = True) -> str:
    """The kind executable; exit 3 with install instructions when kind or Docker is missing."""
    kind = shutil.which("kind")
    if kind is None:
        click.echo(f"kubeclass: {_INSTALL['kind'][lang]}", err=True)
        sys.exit(EXIT_ENVIRONMENT)
    engine = _engine()
    engine_path = shutil.which(engine)
    if engine_path is None:
        click.echo(f"kubeclass: {_INSTALL['docker'][lang]}", err=True)
        sys.exit(EXIT_ENVIRONMENT)
    if engine_running:
        probe = subprocess.run([engine_path, "info"], capture_output=True, text=True,
                               check=False)
        if probe.returncode != 0:
            click.echo(f"kubeclass: {_INSTALL['engine'][lang].format(engine=engine)}", err=True)
            sys.exit(EXIT_ENVIRONMENT)
    return kind


def _clusters(kind: str) -> list[str]:
    out = subprocess.run([kind, "get", "clusters"], capture_output=True, text=True, check=False)
    return [line.strip() for line in out.stdout.splitlines() if line.strip()]


def default_config() -> Path:
    """``labs/kind-config.yaml`` of the active content root."""
    return labs_dir() / "kind-config.yaml"


lang_option = click.option("--lang", type=click.Choice(["ko", "en"]), default="ko",
                           envvar="KUBECLASS_LANG", show_default=True)


@click.group()
def cluster() -> None:
    """클러스터 — the local kind cluster 'kubeclass' for the labs."""


@cluster.command("up")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path),
              help="kind configuration (default: labs/kind-config.yaml).")
@click.option("--image", metavar="IMAGE", help="Node image, e.g. kindest/node:v1.30.0.")
@click.option("--wait", default="120s", show_default=True, help="Wait for the control plane.")
@lang_option
def up(config: Path | None, image: str | None, wait: str, lang: str) -> None:
    """Create the kind cluster 'kubeclass' (does nothing if it exists)."""
    kind = _require(lang)
    if CLUSTER_NAME in _clusters(kind):
        _say(lang, f"The kind cluster '{CLUSTER_NAME}' already exists (context {CONTEXT}).",
             f"kind 클러스터 '{CLUSTER_NAME}'이(가) 이미 있습니다 (컨텍스트 {CONTEXT}).")
        return
    config = config or default_config()
    argv = [kind, "create", "cluster", "--name", CLUSTER_NAME, "--wait", wait]
    if config.is_file():
        argv += ["--config", str(config)]
    if image:
        argv += ["--image", image]
    code = subprocess.run(argv, check=False).returncode
    if code != 0:
        _say(lang, f"kind create cluster failed (exit {code}).",
             f"kind create cluster 실패 (종료 코드 {code}).", err=True)
        sys.exit(1)
    _say(lang, f"Cluster ready: context {CONTEXT}. Next: kubeclass lab list",
         f"클러스터 준비 완료: 컨텍스트 {CONTEXT}. 다음: kubeclass lab list")


@cluster.command("down")
@lang_option
def down(lang: str) -> None:
    """Delete the kind cluster 'kubeclass'."""
    kind = _require(lang, engine_running=False)
    if CLUSTER_NAME not in _clusters(kind):
        _say(lang, f"No kind cluster '{CLUSTER_NAME}'; nothing to delete.",
             f"kind 클러스터 '{CLUSTER_NAME}'이(가) 없습니다. 삭제할 것이 없습니다.")
        return
    code = subprocess.run([kind, "delete", "cluster", "--name", CLUSTER_NAME],
                          check=False).returncode
    if code != 0:
        sys.exit(1)
    _say(lang, f"Deleted the kind cluster '{CLUSTER_NAME}'.",
         f"kind 클러스터 '{CLUSTER_NAME}'을(를) 삭제했습니다.")


@cluster.command("status")
@click.option("--kubeconfig", type=click.Path(dir_okay=False), metavar="FILE")
@lang_option
def status(kubeconfig: str | None, lang: str) -> None:
    """Is the cluster there, and does its API server answer? (exit 0 yes, 3 no)"""
    from kubeclass.labs.cluster import ClusterError
    from kubeclass.labs.commands import connect_cluster

    kind = _require(lang, engine_running=False)
    if CLUSTER_NAME not in _clusters(kind):
        _say(lang, f"No kind cluster '{CLUSTER_NAME}'. Create it: kubeclass cluster up",
             f"kind 클러스터 '{CLUSTER_NAME}'이(가) 없습니다. 만들기: kubeclass cluster up")
        sys.exit(EXIT_ENVIRONMENT)
    try:
        api = connect_cluster(kubeconfig, CONTEXT, "en" if lang == "en" else "ko")
        version = api.version().get("gitVersion", "?")
    except ClusterError as exc:
        _say(lang, f"kind cluster '{CLUSTER_NAME}' exists, but: {exc.message('en')}",
             f"kind 클러스터 '{CLUSTER_NAME}'은(는) 있지만: {exc.message('ko')}", err=True)
        sys.exit(EXIT_ENVIRONMENT)
    _say(lang, f"Cluster '{CLUSTER_NAME}' is up: {api.server}, Kubernetes {version} "
               f"(context {CONTEXT}).",
         f"클러스터 '{CLUSTER_NAME}' 실행 중: {api.server}, 쿠버네티스 {version} "
         f"(컨텍스트 {CONTEXT}).")
