"""Fixtures of the classroom tests on the real control plane (from tests/conftest.py).

Every test area shares one control plane per session, so each classroom here has its own
name, and a bystander namespace (someone else's work) must survive everything.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from classroom_helpers import BYSTANDER, apply_retrying


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hint counters of `lab check` go to a temporary data directory."""
    monkeypatch.setenv("KUBECLASS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KUBECLASS_LANG", "en")


@pytest.fixture(scope="session")
def bystander(control_plane: Any) -> Iterator[str]:
    """Another team's namespace with a Pod, a ConfigMap and a Secret, made before any
    classroom exists; tests assert it is untouched."""
    from controlplane import admin

    cluster = admin(control_plane)
    cluster.apply({"apiVersion": "v1", "kind": "Namespace",
                   "metadata": {"name": BYSTANDER, "labels": {"team": "payments"}}}, None)
    for body in (
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"},
         "data": {"mode": "production"}},
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db-password"},
         "stringData": {"password": "s3cret"}},
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "hello", "labels": {"app": "hello"}},
         "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}},
    ):
        apply_retrying(cluster, body, BYSTANDER)
    yield BYSTANDER


