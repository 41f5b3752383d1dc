"""Fixtures of the lab content tests: the simulated kind node on the session's control plane.

The control plane itself (``control_plane``, ``kube``, ``admin_kubeconfig``) comes from
tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from node import SimulatedNode

from controlplane import admin


@pytest.fixture(scope="session")
def node(control_plane: Any) -> Iterator[SimulatedNode]:
    """kubelet, scheduler, local-path-provisioner and ingress-nginx for the lab namespaces."""
    simulated = SimulatedNode(admin(control_plane)).start()
    yield simulated
    simulated.stop()

