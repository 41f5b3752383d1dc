"""What some labs' checks stand for, asked of the real API server itself.

A check reads what the learner wrote; these tests confirm that passing it means what the lab
teaches: the workspace's Role and RoleBinding really let the team member do their work and
nothing more (the API server's own authorizer, through SubjectAccessReview), the quota
really refuses a Pod too big for the workspace, and the wrong binding of a wrong attempt
really grants nothing.
"""

from __future__ import annotations

import pytest
from node import SimulatedNode
from scenario import apply_scenario, lab_session

from controlplane import wait_for
from kubeclass.labs.cluster import ApiError, Cluster
from kubeclass.labs.load import load_lab

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(180)]

WORKSPACE = load_lab("workspace-multitenancy")


def allowed(kube: Cluster, user: str, verb: str, resource: str, group: str,
            namespace: str) -> bool:
    """Ask the API server's authorizer whether ``user`` (a ServiceAccount) may do it."""
    sa_namespace = user.split(":")[2]
    review = kube.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", body={
        "apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
        "spec": {"user": user,
                 "groups": ["system:serviceaccounts", f"system:serviceaccounts:{sa_namespace}",
                            "system:authenticated"],
                 "resourceAttributes": {"verb": verb, "resource": resource, "group": group,
                                        "namespace": namespace}}})
    return bool(review["status"].get("allowed"))


def test_workspace_role_is_least_privilege(kube: Cluster, node: SimulatedNode) -> None:
    namespace = WORKSPACE.namespace
    dev = f"system:serviceaccount:{namespace}:dev"
    with lab_session(kube, node, WORKSPACE, namespace):
        assert not allowed(kube, dev, "create", "deployments", "apps", namespace)
        apply_scenario(kube, WORKSPACE, namespace, None)

        for verb, resource, group in (("create", "deployments", "apps"),
                                      ("delete", "pods", ""), ("list", "services", ""),
                                      ("update", "configmaps", "")):
            assert allowed(kube, dev, verb, resource, group, namespace), (verb, resource)
        assert not allowed(kube, dev, "get", "secrets", "", namespace)
        assert not allowed(kube, dev, "delete", "resourcequotas", "", namespace)
        assert not allowed(kube, dev, "create", "rolebindings", "rbac.authorization.k8s.io",
                           namespace)
        assert not allowed(kube, dev, "list", "pods", "", "default"), "only inside the workspace"

        # The quota refuses a Pod bigger than the whole workspace's share, with its name
        # (once the quota controller has published the quota's status, as it does at once).
        wait_for(lambda: (kube.get("v1", "ResourceQuota", "team-quota", namespace) or {})
                 .get("status", {}).get("hard"))
        with pytest.raises(ApiError) as refused:
            kube.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "too-big"},
                        "spec": {"containers": [{"name": "c", "image": "nginx:1.25",
                                                 "resources": {"requests": {"cpu": "3"},
                                                               "limits": {"cpu": "3"}}}]}},
                       namespace)
        assert refused.value.status == 403
        assert "exceeded quota: team-quota" in refused.value.detail


def test_binding_to_another_namespace_grants_nothing(kube: Cluster,
                                                     node: SimulatedNode) -> None:
    namespace = WORKSPACE.namespace
    attempt = next(a for a in WORKSPACE.attempts if a.name == "binding-other-namespace")
    with lab_session(kube, node, WORKSPACE, namespace):
        apply_scenario(kube, WORKSPACE, namespace, attempt)
        dev = f"system:serviceaccount:{namespace}:dev"
        assert not allowed(kube, dev, "create", "deployments", "apps", namespace)
        # the rights went to default:dev instead — inside this namespace only
        assert allowed(kube, "system:serviceaccount:default:dev", "create", "deployments",
                       "apps", namespace)
