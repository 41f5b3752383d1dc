"""Workspace objects, sizes and the learner kubeconfig (pure)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import yaml

from kubeclass.classroom import model
from kubeclass.classroom.roster import Learner
from kubeclass.kube.config import context_info, server_ca
from kubeclass.kube.config import write_kubeconfig as write_private

KIM = Learner("kim", "김민수", "kim@example.com", 2)


def test_names_and_labels() -> None:
    assert model.namespace_for("k8s101", "kim") == "k8s101-kim"
    assert model.context_name("k8s101", "kim") == "kubeclass-classroom-k8s101-kim"
    assert model.classroom_selector("k8s101") == "kubeclass.io/classroom=k8s101"
    assert model.classroom_selector(None) == "kubeclass.io/classroom"
    assert model.classroom_selector("k8s101", "kim") == \
        "kubeclass.io/classroom=k8s101,kubeclass.io/learner=kim"
    assert model.validate_classroom_name("k8s101") is None
    assert "lower-case" in (model.validate_classroom_name("K8s") or "")
    assert "longer than 40" in (model.validate_classroom_name("a" * 41) or "")


def test_namespace_object_carries_labels_and_name() -> None:
    ns = model.namespace_object("k8s101", KIM, ("first-pod", "workload"))
    assert ns["metadata"]["name"] == "k8s101-kim"
    assert ns["metadata"]["labels"] == {"app.kubernetes.io/managed-by": "kubeclass",
                                        "kubeclass.io/classroom": "k8s101",
                                        "kubeclass.io/learner": "kim"}
    assert ns["metadata"]["annotations"] == {"kubeclass.io/learner-name": "김민수",
                                             "kubeclass.io/labs": "first-pod,workload"}
    # E-mail addresses stay in the instructor's roster, never on the cluster.
    assert "kim@example.com" not in repr(ns)
    back = model.Workspace.from_namespace({**ns, "status": {"phase": "Active"}})
    assert (back.classroom, back.learner, back.name, back.labs) == \
        ("k8s101", "kim", "김민수", ("first-pod", "workload"))


def test_workspace_objects() -> None:
    objs = {o["kind"]: o for o in model.workspace_objects("k8s101", KIM, model.Sizes())}
    assert sorted(objs) == ["LimitRange", "ResourceQuota", "RoleBinding", "ServiceAccount"]
    assert all(o["metadata"]["namespace"] == "k8s101-kim" for o in objs.values())
    assert objs["ResourceQuota"]["spec"]["hard"] == {
        "requests.cpu": "2", "requests.memory": "2Gi", "limits.cpu": "4", "limits.memory": "4Gi",
        "pods": "20", "persistentvolumeclaims": "5", "requests.storage": "5Gi",
        "services": "10", "services.loadbalancers": "0", "services.nodeports": "2"}
    binding = objs["RoleBinding"]
    # The edit ClusterRole, granted by a RoleBinding: valid in this namespace only.
    assert binding["kind"] == "RoleBinding"
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io",
                                  "kind": "ClusterRole", "name": "edit"}
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "learner",
                                    "namespace": "k8s101-kim"}]
    limits = objs["LimitRange"]["spec"]["limits"][0]
    assert limits["default"] == {"cpu": "500m", "memory": "256Mi"}
    assert limits["defaultRequest"] == {"cpu": "100m", "memory": "128Mi"}


@pytest.mark.parametrize(("text", "value"), [
    ("2", 2.0), ("500m", 0.5), ("1.5", 1.5), ("1Gi", 2.0**30), ("256Mi", 256 * 2.0**20),
    ("1k", 1000.0), ("1e3", 1000.0), (".5", 0.5)])
def test_quantity(text: str, value: float) -> None:
    assert model.quantity(text) == value


def test_sizes() -> None:
    assert model.Sizes().problems() == []
    assert model.Sizes().limits("1.5") == "3"
    assert model.Sizes().limits("500m") == "1000m"
    assert model.Sizes(cpu="2x", pods=-1).problems() == [
        ("cpu", "'2x' is not a Kubernetes quantity (e.g. 500m, 2, 256Mi, 1Gi)"),
        ("pods", "-1 is negative")]


def test_kubeconfig_is_accepted_by_the_lab_guard(tmp_path: Path) -> None:
    """The context `classroom create` writes is a classroom context for the labs (their guard
    accepts it, and its namespace replaces the lab's), with the server and CA embedded."""
    data = model.kubeconfig("k8s101", "kim", server="https://10.0.0.1:6443", token="t0k",
                            ca_pem=b"-----BEGIN CERTIFICATE-----\n", insecure=False,
                            expires="2030-01-01T00:00:00Z")
    path = tmp_path / "kim.kubeconfig"
    write_private(path, data)
    assert path.stat().st_mode & 0o777 == 0o600  # it holds a token
    info = context_info(str(path))
    assert info.name == "kubeclass-classroom-k8s101-kim"
    assert info.namespace == "k8s101-kim"
    assert info.is_classroom
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    cluster = loaded["clusters"][0]["cluster"]
    assert cluster["server"] == "https://10.0.0.1:6443"
    assert base64.b64decode(cluster["certificate-authority-data"]) == \
        b"-----BEGIN CERTIFICATE-----\n"
    assert loaded["users"][0]["user"] == {"token": "t0k"}
    ext = loaded["contexts"][0]["context"]["extensions"][0]
    assert ext == {"name": "kubeclass.io/classroom", "extension": {
        "classroom": "k8s101", "learner": "kim", "namespace": "k8s101-kim",
        "expires": "2030-01-01T00:00:00Z"}}


def test_server_ca_follows_the_instructors_kubeconfig(tmp_path: Path) -> None:
    (tmp_path / "ca.crt").write_bytes(b"PEM")
    config = {"apiVersion": "v1", "kind": "Config", "current-context": "a",
              "clusters": [{"name": "c1", "cluster": {"server": "https://x",
                                                      "certificate-authority": "ca.crt"}},
                           {"name": "c2", "cluster": {"server": "https://y",
                                                      "insecure-skip-tls-verify": True}},
                           {"name": "c3", "cluster": {
                               "server": "https://z",
                               "certificate-authority-data": base64.b64encode(b"DATA").decode()}}],
              "users": [{"name": "u", "user": {"token": "x"}}],
              "contexts": [{"name": n, "context": {"cluster": c, "user": "u"}}
                           for n, c in (("a", "c1"), ("b", "c2"), ("c", "c3"))]}
    path = tmp_path / "config"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    assert server_ca(context_info(str(path), "a")) == (b"PEM", False)
    assert server_ca(context_info(str(path), "b")) == (None, True)
    assert server_ca(context_info(str(path), "c")) == (b"DATA", False)
