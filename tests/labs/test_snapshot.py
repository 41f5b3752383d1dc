"""``Cluster.snapshot`` on the real API server: the grading read sends every LIST before it
reads any answer, and still reads exactly what ``list_objects`` reads — across pages, for
a resource whose plural must be discovered, and when the server refuses or is gone."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from typing import Any

import pytest

from controlplane import free_port, wait_for
from kubeclass.kube import ops as cluster_module
from kubeclass.labs.cluster import Cluster, ClusterError, Forbidden, Unreachable, connect

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(180)]

CRD_GROUP = "garden.kubeclass.io"


def names(objects: list[dict[str, Any]]) -> list[str]:
    return sorted(o["metadata"]["name"] for o in objects)


@pytest.fixture()
def ns(kube: Cluster) -> Iterator[str]:
    """A fresh namespace (its own name: deleting one takes a while) with five ConfigMaps
    and a Service."""
    ns = f"snapshot-{secrets.token_hex(3)}"
    kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}, None)
    for i in range(5):
        kube.apply({"apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": {"name": f"cm-{i}", "labels": {"set": "five"}},
                    "data": {"i": str(i)}}, ns)
    kube.apply({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
                "spec": {"ports": [{"port": 80, "protocol": "TCP"}]}}, ns)
    # A controller adds this one soon after the namespace appears: wait, so that both
    # reads compared below see the same objects.
    wait_for(lambda: kube.get("v1", "ConfigMap", "kube-root-ca.crt", ns) is not None, timeout=30)
    yield ns
    kube.delete("v1", "Namespace", ns, None)


def test_one_request_per_key_and_the_same_objects_as_list_objects(kube: Cluster, ns: str
                                                                   ) -> None:
    keys = [("v1", "Service", ns), ("v1", "ConfigMap", ns), ("v1", "Namespace", None),
            ("v1", "Pod", ns)]
    kube.calls.clear()
    snap = kube.snapshot(keys)
    assert len(kube.calls) == len(keys) and kube.calls == sorted(kube.calls)
    assert all(call.startswith("GET ") for call in kube.calls)
    for key in keys:
        assert names(snap[key]) == names(kube.list_objects(*key)), key
    assert {f"cm-{i}" for i in range(5)} <= set(names(snap[("v1", "ConfigMap", ns)]))
    assert ns in names(snap[("v1", "Namespace", None)])
    assert snap[("v1", "Pod", ns)] == []
    # Items get apiVersion and kind back, as the engine expects.
    service = snap[("v1", "Service", ns)][0]
    assert (service["apiVersion"], service["kind"]) == ("v1", "Service")
    # The keep-alive connections go back to the pool and serve the next round.
    kube.calls.clear()
    again = kube.snapshot(keys)
    assert len(kube.calls) == len(keys)
    assert {k: names(v) for k, v in again.items()} == {k: names(v) for k, v in snap.items()}


def test_pages_are_followed(kube: Cluster, ns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster_module, "PAGE_SIZE", 2)
    kube.calls.clear()
    snap = kube.snapshot([("v1", "ConfigMap", ns), ("v1", "Service", ns)])
    configmaps = [n for n in names(snap[("v1", "ConfigMap", ns)]) if n.startswith("cm-")]
    assert configmaps == [f"cm-{i}" for i in range(5)]
    assert sum("continue=" in call for call in kube.calls) >= 2  # 5+ objects, 2 per page


def test_a_plural_that_must_be_discovered(kube: Cluster, ns: str) -> None:
    """``Cactus`` is served as ``cacti``: the guess ``cactuses`` gets a 404, discovery
    finds the real name and the snapshot still holds the object."""
    kube.apply({
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": f"cacti.{CRD_GROUP}"},
        "spec": {"group": CRD_GROUP, "scope": "Namespaced",
                 "names": {"plural": "cacti", "singular": "cactus", "kind": "Cactus"},
                 "versions": [{"name": "v1", "served": True, "storage": True, "schema": {
                     "openAPIV3Schema": {"type": "object",
                                         "x-kubernetes-preserve-unknown-fields": True}}}]}},
        None)
    try:
        def established() -> bool:
            crd = kube.get("apiextensions.k8s.io/v1", "CustomResourceDefinition",
                           f"cacti.{CRD_GROUP}")
            conditions = ((crd or {}).get("status") or {}).get("conditions") or []
            return any(c.get("type") == "Established" and c.get("status") == "True"
                       for c in conditions)

        wait_for(established, timeout=30)
        wait_for(lambda: _applied(kube, ns), timeout=30)
        fresh = connect(kube.info.kubeconfig, kube.info.name)  # nothing discovered yet
        key = (f"{CRD_GROUP}/v1", "Cactus", ns)
        snap = fresh.snapshot([key, ("v1", "Service", ns)])
        assert names(snap[key]) == ["prickly"]
        # The guess (refused), discovery, the real list — nothing asked twice.
        assert sorted(c.split("?")[0].rsplit("/", 1)[-1] for c in fresh.calls) == [
            "cacti", "cactuses", "services", "v1"]
        fresh.calls.clear()
        fresh.snapshot([key, ("v1", "Service", ns)])  # learned: no guess, no discovery
        assert len(fresh.calls) == 2 and not any("/cactuses" in c for c in fresh.calls)
    finally:
        kube.delete("apiextensions.k8s.io/v1", "CustomResourceDefinition",
                    f"cacti.{CRD_GROUP}", None)


def _applied(kube: Cluster, ns: str) -> bool:
    try:
        kube.apply({"apiVersion": f"{CRD_GROUP}/v1", "kind": "Cactus",
                    "metadata": {"name": "prickly"}}, ns)
    except ClusterError:
        return False  # the new resource is not served yet
    return True


def test_refusal_and_absence_are_reported(control_plane: Any, ns: str) -> None:
    keys = [("v1", "ConfigMap", ns), ("v1", "Service", ns)]
    learner = connect(str(control_plane.kubeconfig_for("learner", context="kind-kubeclass")))
    with pytest.raises(Forbidden) as refused:
        learner.snapshot(keys)
    assert refused.value.verb == "list" and refused.value.namespace == ns

    dead_config = control_plane.kubeconfig_for("admin", context="kind-kubeclass")
    dead_config.write_text(dead_config.read_text().replace(
        control_plane.server, f"https://127.0.0.1:{free_port()}"))
    dead = connect(str(dead_config))
    begin = time.monotonic()
    with pytest.raises(Unreachable):
        dead.snapshot(keys)
    assert time.monotonic() - begin < 15
