"""Classroom mode on the real API server (RBAC on, token auth, TokenRequest): workspaces,
isolation, quota, the learner's own `lab check`, grading the class, idempotence, deletion."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from classroom_helpers import (
    BYSTANDER,
    Classroom,
    bystander_state,
    kubeclass,
    make_classroom,
)

from controlplane import FakeKubelet, admin, wait_for
from kubeclass.labs.cluster import ApiError, Cluster, Forbidden, connect

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def iso(control_plane: Any, admin_kubeconfig: Path, bystander: str,
        tmp_path_factory: pytest.TempPathFactory) -> Classroom:
    return make_classroom(admin_kubeconfig, tmp_path_factory.mktemp("iso"), "iso",
                          ["kim", "lee", "park"])


@pytest.fixture(scope="module")
def before(control_plane: Any, bystander: str) -> dict[str, Any]:
    """The bystander as it was before any classroom command ran in this module."""
    return bystander_state(admin(control_plane))


def learner(room: Classroom, lid: str) -> Cluster:
    return connect(str(room.kubeconfig(lid)))


# --------------------------------------------------------------------------- create


def test_create_makes_each_workspace(before: dict[str, Any], iso: Classroom,
                                     kube: Cluster) -> None:
    assert iso.created["not_ready"] == []
    assert [(x["id"], x["action"], x["namespace"]) for x in iso.created["learners"]] == [
        ("kim", "created", "iso-kim"), ("lee", "created", "iso-lee"),
        ("park", "created", "iso-park")]
    for lid in iso.learners:
        ns = kube.get("v1", "Namespace", iso.namespace(lid))
        assert ns is not None
        meta = ns["metadata"]
        assert meta["labels"]["kubeclass.io/classroom"] == "iso"
        assert meta["labels"]["kubeclass.io/learner"] == lid
        assert meta["annotations"]["kubeclass.io/learner-name"] == f"학습자 {lid}"
        namespace = iso.namespace(lid)
        quota = kube.get("v1", "ResourceQuota", "workspace", namespace)
        assert quota is not None and quota["status"]["hard"]["requests.cpu"] == "2"
        assert kube.get("v1", "LimitRange", "workspace", namespace) is not None
        assert kube.get("v1", "ServiceAccount", "learner", namespace) is not None
        binding = kube.get("rbac.authorization.k8s.io/v1", "RoleBinding", "learner-edit",
                           namespace)
        assert binding is not None and binding["roleRef"]["name"] == "edit"
        # The lab's setup is in place (first-pod starts with a Pod to delete).
        assert kube.get("v1", "Pod", "scratch", namespace) is not None
        # The kubeconfig: owner-only, the server and CA of the instructor's context, a
        # bound token with the expiry the server set, recorded on the namespace too.
        path = iso.kubeconfig(lid)
        assert path.stat().st_mode & 0o777 == 0o600
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
        cluster = config["clusters"][0]["cluster"]
        assert cluster["server"] == kube.server
        assert base64.b64decode(cluster["certificate-authority-data"]).startswith(
            b"-----BEGIN CERTIFICATE-----")
        context = config["contexts"][0]
        assert context["name"] == f"kubeclass-classroom-iso-{lid}"
        assert context["context"]["namespace"] == namespace
        expires = context["context"]["extensions"][0]["extension"]["expires"]
        assert expires == meta["annotations"]["kubeclass.io/token-expires"]
        assert expires == iso.created["learners"][iso.learners.index(lid)]["expires"]
        # No e-mail address leaves the roster.
        assert "@example.com" not in json.dumps(ns)
    assert bystander_state(kube) == before


def test_token_is_a_bound_service_account_token(iso: Classroom) -> None:
    me = learner(iso, "kim")
    review = me.request("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body={
        "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
        "spec": {"resourceAttributes": {"namespace": "iso-kim", "verb": "create",
                                        "resource": "deployments", "group": "apps"}}})
    assert review["status"]["allowed"] is True
    token = yaml.safe_load(iso.kubeconfig("kim").read_text())["users"][0]["user"]["token"]
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    assert claims["sub"] == "system:serviceaccount:iso-kim:learner"
    assert claims["exp"] - claims["iat"] == 168 * 3600


# --------------------------------------------------------------------------- isolation


def test_learner_creates_and_reads_in_own_namespace(iso: Classroom) -> None:
    me = learner(iso, "kim")
    me.apply({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "notes"},
              "data": {"hello": "세계"}}, "iso-kim")
    me.apply({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "mine"},
              "stringData": {"token": "abc"}}, "iso-kim")
    me.apply({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
              "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                       "template": {"metadata": {"labels": {"app": "web"}},
                                    "spec": {"containers": [{"name": "web",
                                                             "image": "nginx:1.25"}]}}}},
             "iso-kim")
    assert me.get("v1", "ConfigMap", "notes", "iso-kim")["data"] == {"hello": "세계"}
    assert me.get("v1", "Secret", "mine", "iso-kim") is not None
    assert [d["metadata"]["name"] for d in me.list_objects("apps/v1", "Deployment", "iso-kim")] \
        == ["web"]
    # Its own namespace object is readable (the edit role includes viewing it).
    assert me.get("v1", "Namespace", "iso-kim") is not None


@pytest.mark.parametrize(("call", "verb", "resource", "namespace"), [
    (lambda c: c.list_objects("v1", "Pod", "iso-lee"), "list", "pods", "iso-lee"),
    (lambda c: c.apply({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}},
                       "iso-lee"), "patch", "configmaps", "iso-lee"),
    (lambda c: c.get("v1", "Secret", "db-password", BYSTANDER), "get", "secrets", BYSTANDER),
    (lambda c: c.list_objects("v1", "Secret", "kube-system"), "list", "secrets", "kube-system"),
    (lambda c: c.list_objects("v1", "Pod", None), "list", "pods", None),
    (lambda c: c.list_objects("v1", "Namespace", None), "list", "namespaces", None),
    (lambda c: c.list_objects("v1", "Node", None), "list", "nodes", None),
    (lambda c: c.get("v1", "Namespace", "iso-lee"), "get", "namespaces", None),
    (lambda c: c.apply({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                        "metadata": {"name": "mine"}, "rules": []}, None),
     "patch", "clusterroles.rbac.authorization.k8s.io", None),
], ids=["pods-of-another-learner", "write-another-learner", "secret-of-bystander",
        "secrets-kube-system", "pods-cluster-wide", "namespaces", "nodes",
        "another-namespace-object", "clusterrole"])
def test_learner_is_forbidden_elsewhere(iso: Classroom, call: Any, verb: str, resource: str,
                                        namespace: str | None) -> None:
    with pytest.raises(Forbidden) as info:
        call(learner(iso, "kim"))
    assert (info.value.verb, info.value.resource) == (verb, resource)
    if namespace is not None:
        assert info.value.namespace == namespace
    assert "system:serviceaccount:iso-kim:learner" in info.value.en


def test_learner_cannot_raise_own_limits_or_grant_rights(iso: Classroom) -> None:
    me = learner(iso, "kim")
    with pytest.raises(Forbidden) as info:
        me.request("PATCH", "/api/v1/namespaces/iso-kim/resourcequotas/workspace",
                   body={"spec": {"hard": {"requests.cpu": "64"}}},
                   content_type="application/merge-patch+json")
    assert (info.value.verb, info.value.resource) == ("patch", "resourcequotas")
    with pytest.raises(Forbidden):
        me.request("DELETE", "/api/v1/namespaces/iso-kim/limitranges/workspace")
    with pytest.raises(Forbidden) as info:
        me.apply({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                  "metadata": {"name": "lee-in"},
                  "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                              "name": "admin"},
                  "subjects": [{"kind": "ServiceAccount", "name": "learner",
                                "namespace": "iso-lee"}]}, "iso-kim")
    assert info.value.resource == "rolebindings.rbac.authorization.k8s.io"
    with pytest.raises(Forbidden):
        me.request("DELETE", "/api/v1/namespaces/iso-kim")


def test_quota_rejects_a_pod_with_an_understandable_message(iso: Classroom) -> None:
    me = learner(iso, "park")
    big = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "big"},
           "spec": {"containers": [{"name": "app", "image": "nginx:1.25",
                                    "resources": {"requests": {"cpu": "3"},
                                                  "limits": {"cpu": "3"}}}]}}
    with pytest.raises(ApiError) as info:
        me.apply(big, "iso-park")
    assert info.value.status == 403
    detail = info.value.detail
    # What kubectl would print too: which object, which quota, asked / used / allowed.
    assert detail.startswith('pods "big" is forbidden: exceeded quota: workspace, ')
    assert "requested: requests.cpu=3" in detail and "limited: requests.cpu=2" in detail
    assert "used: requests.cpu=100m" in detail  # the lab's scratch Pod, via LimitRange defaults
    # kubeclass does not blame RBAC for it (a quota is not a missing Role).
    assert "Role" not in info.value.en
    # A Pod that sets nothing gets the LimitRange defaults and fits.
    small = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "small"},
             "spec": {"containers": [{"name": "app", "image": "nginx:1.25"}]}}
    pod = me.apply(small, "iso-park")
    assert pod["spec"]["containers"][0]["resources"] == {
        "limits": {"cpu": "500m", "memory": "256Mi"},
        "requests": {"cpu": "100m", "memory": "128Mi"}}
    me.delete("v1", "Pod", "small", "iso-park")


def test_quota_message_through_kubeclass(admin_kubeconfig: Path, tmp_path: Path) -> None:
    """A workspace sized for one Pod: the learner's `lab solve` is refused by the quota and
    kubeclass shows the server's own explanation (not an RBAC hint), exit 3."""
    room = make_classroom(admin_kubeconfig, tmp_path, "tiny", ["solo"], "--pods", "1")
    result = kubeclass("lab", "solve", "first-pod", "--lang", "en",
                       kubeconfig=room.kubeconfig("solo"))
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        'kubeclass: applying Pod hello failed (403): pods "hello" is forbidden: exceeded quota: '
        "workspace, requested: pods=1, used: pods=1, limited: pods=1")


# --------------------------------------------------------------------------- the learner's labs


def test_learner_runs_the_lab_in_their_workspace(control_plane: Any, iso: Classroom) -> None:
    """With their kubeconfig, `lab solve` (a mutating command) passes the guard without
    --yes, works in their namespace only, and `lab check` grades that namespace."""
    kim = iso.kubeconfig("kim")
    fresh = kubeclass("lab", "check", "first-pod", "--no-wait", "--json", kubeconfig=kim)
    assert fresh.exit_code == 1
    data = json.loads(fresh.stdout)
    assert data["namespace"] == "iso-kim" and data["score"] == 0
    solved = kubeclass("lab", "solve", "first-pod", kubeconfig=kim)
    assert solved.exit_code == 0, solved.output + solved.stderr
    assert "iso-kim" in solved.stdout
    with FakeKubelet(control_plane, ["iso-kim"]):
        checked = kubeclass("lab", "check", "first-pod", "--json", kubeconfig=kim)
    assert checked.exit_code == 0, checked.stdout
    data = json.loads(checked.stdout)
    assert (data["namespace"], data["passed"], data["score"]) == ("iso-kim", True, 6)
    # Lee's workspace was not touched by Kim's solve.
    lee = json.loads(kubeclass("lab", "check", "first-pod", "--no-wait", "--json",
                               kubeconfig=iso.kubeconfig("lee")).stdout)
    assert (lee["namespace"], lee["score"]) == ("iso-lee", 0)


# --------------------------------------------------------------------------- grading


def test_grade_equals_each_learners_lab_check(control_plane: Any, iso: Classroom,
                                              tmp_path: Path) -> None:
    kubeclass("lab", "solve", "first-pod", kubeconfig=iso.kubeconfig("kim"))
    with FakeKubelet(control_plane, ["iso-kim"]):
        wait_for(lambda: json.loads(kubeclass("lab", "check", "first-pod", "--no-wait", "--json",
                                              kubeconfig=iso.kubeconfig("kim")).stdout)["passed"])
    html, csv_file, junit = tmp_path / "r.html", tmp_path / "r.csv", tmp_path / "r.xml"
    result = kubeclass("classroom", "grade", "--classroom", "iso", "--lab", "first-pod",
                       "--json", "--html", str(html), "--csv", str(csv_file),
                       "--junit", str(junit), kubeconfig=iso.admin)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    # Namespaces by label selector, then one LIST of Pods for everyone.
    assert data["api_calls"] == 2
    assert data["calls"] == ["GET /api/v1/namespaces?limit=500&labelSelector="
                             "kubeclass.io%2Fclassroom%3Diso",
                             "GET /api/v1/pods?limit=500"]
    assert [x["id"] for x in data["learners"]] == ["kim", "lee", "park"]
    for row in data["learners"]:
        alone = json.loads(kubeclass("lab", "check", "first-pod", "--no-wait", "--json",
                                     kubeconfig=iso.kubeconfig(row["id"])).stdout)
        assert row["namespace"] == alone["namespace"]
        assert (row["score"], row["max_score"], row["passed"]) == \
            (alone["score"], alone["max_score"], alone["passed"])
        failed = [c["id"] for s in alone["steps"] for c in s["checks"] if not c["passed"]]
        assert [c["id"] for c in row["failed_checks"]] == failed
        assert [c["diff"] for c in row["failed_checks"]] == \
            [c["diff"] for s in alone["steps"] for c in s["checks"] if not c["passed"]]
    assert data["learners"][0]["passed"] is True
    learners_table = html.read_text(encoding="utf-8").split('<table><thead>')[-1]
    assert learners_table.count("<tr>") == 4  # the header and one row per learner
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbfid,name,")
    assert junit.read_text(encoding="utf-8").count("<testsuite ") == 3


def test_grade_paginates(monkeypatch: pytest.MonkeyPatch, iso: Classroom) -> None:
    """With a page of 2 objects, the same grades come back through continue tokens."""
    whole = json.loads(kubeclass("classroom", "grade", "--classroom", "iso", "--lab",
                                 "first-pod", "--json", kubeconfig=iso.admin).stdout)
    import kubeclass.kube.ops as cluster_module

    monkeypatch.setattr(cluster_module, "PAGE_SIZE", 2)
    paged = json.loads(kubeclass("classroom", "grade", "--classroom", "iso", "--lab",
                                 "first-pod", "--json", kubeconfig=iso.admin).stdout)
    assert paged["learners"] == whole["learners"]
    continued = [c for c in paged["calls"] if "continue=" in c]
    assert continued and all("limit=2" in c for c in paged["calls"])
    assert paged["api_calls"] > whole["api_calls"]


def test_status(iso: Classroom) -> None:
    result = kubeclass("classroom", "status", "--classroom", "iso", "--json",
                       kubeconfig=iso.admin)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["api_calls"] == 2
    rows = {r["id"]: r for r in data["learners"]}
    assert sorted(rows) == ["kim", "lee", "park"]
    assert rows["lee"]["phase"] == "Active"
    assert rows["lee"]["labs"] == ["first-pod"]
    assert rows["lee"]["quota"]["hard"]["pods"] == "20"
    assert rows["lee"]["quota"]["used"]["pods"] == "1"  # the lab's scratch Pod
    assert rows["lee"]["token_expires"]
    table = kubeclass("classroom", "status", "--classroom", "iso", "--lang", "ko",
                      kubeconfig=iso.admin, env={"COLUMNS": "200"})
    assert table.exit_code == 0
    line = next(x for x in table.stdout.splitlines() if "iso-lee" in x)
    cells = [c.strip() for c in line.strip("│ ").split("│")]
    assert cells[:5] == ["lee", "학습자 lee", "iso-lee", "Active", "1/20"]
    assert cells[5:7] == ["100m/2", "128Mi/2Gi"]


def test_grade_table(iso: Classroom) -> None:
    table = kubeclass("classroom", "grade", "--classroom", "iso", "--lab", "first-pod",
                      "--lang", "en", kubeconfig=iso.admin, env={"COLUMNS": "200"})
    assert table.exit_code == 0
    rows = {c[0]: c for c in ([x.strip() for x in line.strip("│ ").split("│")]
                              for line in table.stdout.splitlines() if line.startswith("│"))}
    assert rows["lee"] == ["lee", "학습자 lee", "0/6",
                           "pod-labelled, pod-image, pod-running, scratch-gone"]
    assert any(line.endswith("API call(s)") for line in table.stdout.splitlines())


def test_grade_names_the_terms_behind_the_most_failed_checks(iso: Classroom,
                                                            tmp_path: Path) -> None:
    """kim solved first-pod (see above); lee and park failed every check."""
    from kubeclass.glossary.cache import load_cached_glossary
    from kubeclass.labs.load import load_lab
    from kubeclass.labs.teaches import check_terms, term_names
    from kubeclass.site.urls import term_page_url

    glossary = load_cached_glossary()
    teaches = check_terms(load_lab("first-pod"), term_names(glossary.terms.values()))
    html = tmp_path / "r.html"
    data = json.loads(kubeclass("classroom", "grade", "--classroom", "iso", "--lab", "first-pod",
                                "--json", "--html", str(html), kubeconfig=iso.admin).stdout)
    failing = [r for r in data["learners"] if not r["passed"]]
    assert [r["id"] for r in failing] == ["lee", "park"]
    expected = {}
    for term in {t for terms in teaches.values() for t in terms}:
        checks = [c for c, terms in teaches.items() if term in terms]
        expected[term] = {"learners": 2, "failures": 2 * len(checks), "checks": sorted(checks)}
    weak = data["weakest_terms"]
    assert {w["id"]: {"learners": w["learners"], "failures": w["failures"],
                      "checks": sorted(w["checks"])} for w in weak} == expected
    assert [w["failures"] for w in weak] == sorted((w["failures"] for w in weak), reverse=True)
    assert all(w["url"] == term_page_url(w["id"]) and w["name"]["ko"] ==
               glossary.terms[w["id"]].term.ko for w in weak)
    page = html.read_text(encoding="utf-8")
    assert page.count('<tr data-term="') == len(weak)
    assert f'<a href="{weak[0]["url"]}">' in page
    table = kubeclass("classroom", "grade", "--classroom", "iso", "--lab", "first-pod",
                      "--lang", "en", kubeconfig=iso.admin, env={"COLUMNS": "200"})
    assert "Terms to explain again (behind the most failed checks)" in table.stdout
    top = glossary.terms[weak[0]["id"]].title("en")
    line = next(x for x in table.stdout.splitlines() if x.startswith(f"│ {top} "))
    assert "2/3" in line and weak[0]["url"] in line


# --------------------------------------------------------------------------- idempotence


def test_create_again_keeps_work_and_adds_newcomers(iso: Classroom, kube: Cluster) -> None:
    kim_pod = kube.get("v1", "Pod", "hello", "iso-kim")
    assert kim_pod is not None  # solved earlier in this module
    kim_file = iso.kubeconfig("kim").read_bytes()
    roster = iso.roster.read_text(encoding="utf-8") + "choi,최유나,\n"
    iso.roster.write_text(roster, encoding="utf-8")
    result = kubeclass("classroom", "create", "--roster", str(iso.roster), "--lab", "first-pod",
                       "--classroom", "iso", "--out-dir", str(iso.out_dir), "--json",
                       kubeconfig=iso.admin)
    assert result.exit_code == 0, result.stderr
    actions = {x["id"]: x["action"] for x in json.loads(result.stdout)["learners"]}
    assert actions == {"kim": "kept", "lee": "kept", "park": "kept", "choi": "created"}
    again = kube.get("v1", "Pod", "hello", "iso-kim")
    assert again is not None and again["metadata"]["uid"] == kim_pod["metadata"]["uid"]
    assert iso.kubeconfig("kim").read_bytes() == kim_file  # no new token for kept workspaces
    # --renew issues fresh kubeconfigs; the new one works.
    result = kubeclass("classroom", "create", "--roster", str(iso.roster), "--lab", "first-pod",
                       "--classroom", "iso", "--out-dir", str(iso.out_dir), "--renew",
                       "--token-hours", "2", "--json", kubeconfig=iso.admin)
    assert {x["action"] for x in json.loads(result.stdout)["learners"]} == {"renewed"}
    assert iso.kubeconfig("kim").read_bytes() != kim_file
    assert learner(iso, "kim").get("v1", "Pod", "hello", "iso-kim") is not None
    # A half-made workspace (its ServiceAccount gone, no kubeconfig) is repaired.
    kube.delete("v1", "ServiceAccount", "learner", "iso-lee")
    iso.kubeconfig("lee").unlink()
    result = kubeclass("classroom", "create", "--roster", str(iso.roster), "--lab", "first-pod",
                       "--classroom", "iso", "--out-dir", str(iso.out_dir), "--json",
                       kubeconfig=iso.admin)
    actions = {x["id"]: x["action"] for x in json.loads(result.stdout)["learners"]}
    assert actions == {"kim": "kept", "lee": "renewed", "park": "kept", "choi": "kept"}
    assert learner(iso, "lee").list_objects("v1", "Pod", "iso-lee") is not None


def test_an_existing_foreign_namespace_is_not_adopted(control_plane: Any, kube: Cluster,
                                                      tmp_path: Path) -> None:
    kube.apply({"apiVersion": "v1", "kind": "Namespace",
                "metadata": {"name": "taken-ghost", "labels": {"owner": "someone"}}}, None)
    roster = tmp_path / "taken.csv"
    roster.write_text("id,name\nghost,유령\nok,정상\n", encoding="utf-8")
    result = kubeclass("classroom", "create", "--roster", str(roster), "--lab", "first-pod",
                       "--classroom", "taken", "--out-dir", str(tmp_path / "out"),
                       "--server", "https://classroom.example:6443",
                       kubeconfig=Path(str(control_plane.admin_kubeconfig)))
    assert result.exit_code == 1
    assert "namespace taken-ghost already exists and is not a kubeclass workspace" in \
        result.stdout
    ns = kube.get("v1", "Namespace", "taken-ghost")
    assert ns is not None and ns["metadata"]["labels"] == {"owner": "someone"}
    assert kube.get("v1", "ServiceAccount", "learner", "taken-ghost") is None
    assert not (tmp_path / "out" / "ghost.kubeconfig").exists()
    config = yaml.safe_load((tmp_path / "out" / "ok.kubeconfig").read_text(encoding="utf-8"))
    assert config["clusters"][0]["cluster"]["server"] == "https://classroom.example:6443"


def test_create_warns_about_labs_the_learners_role_cannot_do(admin_kubeconfig: Path,
                                                             tmp_path: Path) -> None:
    """Asked of the cluster's authorizer before class: an RBAC/quota lab needs more than
    `edit` (and the answer matches what the learner really gets)."""
    room = make_classroom(admin_kubeconfig, tmp_path, "perm", ["solo"],
                          "--lab", "workspace-multitenancy")
    assert room.created["forbidden"] == {
        "workspace-multitenancy": ["ResourceQuota", "LimitRange", "Role", "RoleBinding"]}
    me = learner(room, "solo")
    with pytest.raises(Forbidden) as info:
        me.apply({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                  "metadata": {"name": "reader"}, "rules": []}, "perm-solo")
    assert info.value.resource == "roles.rbac.authorization.k8s.io"
    me.apply({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ok"}}, "perm-solo")


# --------------------------------------------------------------------------- deleting


def test_delete_asks_and_removes_only_classroom_namespaces(
        control_plane: Any, admin_kubeconfig: Path, bystander: str, kube: Cluster,
        tmp_path: Path) -> None:
    before = bystander_state(kube)
    room = make_classroom(admin_kubeconfig, tmp_path, "gone", ["ann", "bob", "cid"])
    names = [room.namespace(x) for x in room.learners]
    # Declining deletes nothing.
    result = kubeclass("classroom", "delete", "--classroom", "gone", input="n\n",
                       kubeconfig=admin_kubeconfig)
    assert result.exit_code == 1
    assert all(kube.get("v1", "Namespace", n) is not None for n in names)
    # One learner.
    result = kubeclass("classroom", "delete", "--classroom", "gone", "--learner", "bob",
                       "--wait", input="y\n", kubeconfig=admin_kubeconfig)
    assert result.exit_code == 0, result.stderr
    assert kube.get("v1", "Namespace", "gone-bob") is None
    assert kube.get("v1", "Namespace", "gone-ann") is not None
    # The rest, without asking.
    result = kubeclass("classroom", "delete", "--classroom", "gone", "--yes", "--wait",
                       kubeconfig=admin_kubeconfig)
    assert result.exit_code == 0, result.stderr
    assert all(kube.get("v1", "Namespace", n) is None for n in names)
    assert bystander_state(kube) == before
    # Another classroom and the bystander are still there.
    assert kube.get("v1", "Namespace", BYSTANDER) is not None
    gone = kubeclass("classroom", "grade", "--classroom", "gone", "--lab", "first-pod",
                     kubeconfig=admin_kubeconfig)
    assert gone.exit_code == 2
    assert "no classroom 'gone' on this cluster" in gone.stderr


def test_several_classrooms_need_a_choice(iso: Classroom, admin_kubeconfig: Path,
                                          tmp_path: Path) -> None:
    make_classroom(admin_kubeconfig, tmp_path, "other", ["zed"])
    result = kubeclass("classroom", "grade", "--lab", "first-pod", kubeconfig=admin_kubeconfig)
    assert result.exit_code == 2
    assert "several classrooms on this cluster" in result.stderr
    assert "iso" in result.stderr and "other" in result.stderr
