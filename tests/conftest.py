"""Fixtures shared by every test area: the real local Kubernetes control plane.

The control plane starts once per session, on first use only (tests that do not ask for it
never pay for it). Tests using it should carry ``@pytest.mark.cluster``. Helpers (fake
kubelet, kubeconfigs for other users) live in ``tests/controlplane.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from controlplane import ControlPlane, FakeKubelet, admin, missing_binaries
from kubeclass.labs.cluster import Cluster


@pytest.fixture(scope="session", autouse=True)
def _session_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Caches and progress of every test in a folder of the test session, never the user's:
    each build of a temporary site would otherwise leave its cache files there for good.
    Tests that need a home of their own still get one (``home``)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("KUBECLASS_HOME", str(tmp_path_factory.mktemp("kubeclass-home")))
    yield
    patch.undo()


@pytest.fixture(scope="session")
def control_plane() -> Iterator[Any]:
    """etcd + kube-apiserver + kube-controller-manager, for the whole session."""
    absent = missing_binaries()
    if absent:
        pytest.skip(f"control plane binaries missing ({', '.join(absent)}): "
                    "run `bash tools/controlplane/build.sh`")
    with ControlPlane() as cp:
        yield cp


@pytest.fixture(scope="session")
def admin_kubeconfig(control_plane: Any) -> Path:
    """An admin kubeconfig whose context is ``kind-kubeclass``."""
    path: Path = control_plane.admin_kubeconfig
    return path


@pytest.fixture()
def kube(control_plane: Any) -> Cluster:
    """A kubeclass connection to the control plane as admin."""
    return admin(control_plane)


@pytest.fixture(scope="session")
def kubelet(control_plane: Any) -> Iterator[FakeKubelet]:
    """The fake kubelet of the session: ``with kubelet.serving(namespace): ...`` runs the
    Pods of a namespace; deletion of Pods on its Node always completes."""
    with FakeKubelet(control_plane) as fake:
        yield fake


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private KUBECLASS_HOME (progress, hints, caches), no ambient kubeconfig or content root."""
    path = tmp_path / "home"
    monkeypatch.setenv("KUBECLASS_HOME", str(path))
    monkeypatch.delenv("KUBECONFIG", raising=False)
    monkeypatch.delenv("KUBECLASS_ROOT", raising=False)
    return path
