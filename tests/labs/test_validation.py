"""Lab validation: a corpus of broken labs, each with the exact problems (file, line,
column, field, message) `kubeclass lab validate` must report — all of them at once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kubeclass.cli import main
from kubeclass.labs.load import check_labs, load_lab, load_labs
from kubeclass.problems import ContentError

REPO = Path(__file__).resolve().parents[2]

LAB = """\
id: demo
title: {ko: 데모, en: Demo}
level: beginner
minutes: 10
terms: [pod, namespace]
intro:
  ko: "[파드](term:pod) 실습"
  en: A Pod lab
steps:
  - id: make
    title: {ko: 만들기, en: Make}
    instructions: {ko: 만드세요, en: Make it}
    hints:
      - {ko: 힌트, en: Hint}
    checks:
      - id: pod-image
        resource: {apiVersion: v1, kind: Pod, name: web}
        expect:
          spec:
            containers: [{name: web, image: "nginx:1.25"}]
        points: 2
        message: {ko: 이미지, en: Image}
      - id: pods
        resource: {apiVersion: v1, kind: Pod, labelSelector: app=web}
        count: {min: 1}
        assert: "status.phase == 'Running'"
        timeout: 10
        message: {ko: 파드, en: Pods}
"""

SOLUTION = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers: [{name: web, image: "nginx:1.25"}]
"""

FRESH = """\
description: fresh
manifests: []
fails:
  pod-image: ["not found"]
  pods: []
"""

L = "labs/demo/lab.yaml"
S = "labs/demo/solution/pod.yaml"
T = "labs/demo/tests/fresh.yaml"
C0 = "steps[0].checks[0]"
C1 = "steps[0].checks[1]"

# (name, file to edit, text to replace, replacement, expected problems)
CASES: list[tuple[str, str, str, str, list[str]]] = [
    ("typo-top-key", "lab.yaml", "level: beginner", "lebel: beginner", [
        f"{L}:1:1: missing required field 'level'",
        f"{L}:3:1: lebel: unknown field 'lebel' (did you mean 'level'?)"]),
    ("typo-check-key", "lab.yaml", "        expect:", "        expcet:", [
        f"{L}:18:9: {C0}.expcet: unknown field 'expcet' (did you mean 'expect'?)"]),
    ("bad-level", "lab.yaml", "level: beginner", "level: expert", [
        f"{L}:3:1: level: 'expert' is not one of: beginner, intermediate, advanced"]),
    ("minutes-zero", "lab.yaml", "minutes: 10", "minutes: 0", [
        f"{L}:4:1: minutes: must be between 1 and 240, not 0"]),
    ("minutes-text", "lab.yaml", "minutes: 10", "minutes: ten", [
        f"{L}:4:1: minutes: must be a whole number, not a string"]),
    ("unknown-term", "lab.yaml", "terms: [pod, namespace]", "terms: [pod, namspace]", [
        f"{L}:5:14: terms[1]: unknown glossary term 'namspace' (did you mean 'namespace'?)"]),
    ("missing-language", "lab.yaml", "title: {ko: 데모, en: Demo}", "title: {ko: 데모}", [
        f"{L}:2:1: title: missing required field 'title.en'"]),
    ("id-not-folder", "lab.yaml", "id: demo", "id: demo-two", [
        f"{L}:1:1: id: id 'demo-two' must equal the folder name 'demo'"]),
    ("duplicate-check-id", "lab.yaml", "      - id: pods", "      - id: pod-image", [
        f"{L}:23:9: {C1}.id: check id 'pod-image' is used twice in this lab"]),
    ("name-and-selector", "lab.yaml", "kind: Pod, name: web}",
     "kind: Pod, name: web, labelSelector: app=web}", [
        f"{L}:17:58: {C0}.resource.labelSelector: use either 'name' or 'labelSelector', not both"]),
    ("bad-selector", "lab.yaml", "labelSelector: app=web", "labelSelector: app in web", [
        f"{L}:24:47: {C1}.resource.labelSelector: cannot parse 'app in web' (use key=value, "
        "key!=value, key in (a,b), key notin (a,b), key or !key)"]),
    ("absent-with-expect", "lab.yaml", "        points: 2", "        absent: true", [
        f"{L}:18:9: {C0}.expect: 'expect' cannot be combined with 'absent: true'"]),
    ("count-min-above-max", "lab.yaml", "count: {min: 1}", "count: {min: 3, max: 1}", [
        f"{L}:25:25: {C1}.count.max: max (1) is smaller than min (3)"]),
    ("bad-api-version", "lab.yaml", "{apiVersion: v1, kind: Pod, name: web}",
     "{apiVersion: apps, kind: Pod, name: web}", [
        f"{L}:17:20: {C0}.resource.apiVersion: 'apps' is not an apiVersion (e.g. 'v1', "
        "'apps/v1', 'networking.k8s.io/v1')"]),
    ("lowercase-kind", "lab.yaml", "kind: Pod, name: web", "kind: pod, name: web", [
        f"{L}:17:36: {C0}.resource.kind: 'pod' is not a kind (CamelCase, e.g. 'Deployment')"]),
    ("metadata-typo", "lab.yaml",
     "          spec:\n            containers: [{name: web, image: \"nginx:1.25\"}]",
     "          metadata: {lables: {app: web}}", [
        f"{L}:19:22: {C0}.expect.metadata.lables: 'lables' is not a metadata field "
        "(did you mean 'labels'?)"]),
    ("label-value-not-string", "lab.yaml",
     "          spec:\n            containers: [{name: web, image: \"nginx:1.25\"}]",
     "          metadata: {labels: {version: 1.0}}", [
        f"{L}:19:31: {C0}.expect.metadata.labels.version: label values are strings: "
        "quote it (\"1.0\")"]),
    ("object-field-typo", "lab.yaml", "          spec:", "          sepc:", [
        f"{L}:19:11: {C0}.expect.sepc: 'sepc' is not a field of a Kubernetes object "
        "(did you mean 'spec'?)"]),
    ("timeout-too-long", "lab.yaml", "timeout: 10", "timeout: 9999", [
        f"{L}:27:9: {C1}.timeout: must be at least 0 and at most 600, not 9999"]),
    ("negative-points", "lab.yaml", "points: 2", "points: -1", [
        f"{L}:21:9: {C0}.points: must be between 0 and 100, not -1"]),
    ("invalid-jmespath", "lab.yaml", "assert: \"status.phase == 'Running'\"",
     "assert: [\"status.phase ==\"]", [
        f"{L}:26:18: {C1}.assert[0]: invalid JMESPath expression: "]),
    ("raw-html", "lab.yaml", "  en: A Pod lab", "  en: A <script>alert(1)</script> lab", [
        f"{L}:8:9: intro.en: raw HTML is not allowed ('<script>'); write Markdown",
        f"{L}:8:25: intro.en: raw HTML is not allowed ('</script>'); write Markdown"]),
    ("unknown-term-link", "lab.yaml", "{ko: 만드세요, en: Make it}",
     "{ko: 만드세요, en: \"Make a [pod](term:podd)\"}", [
        f"{L}:12:48: steps[0].instructions.en: link to unknown term 'term:podd' "
        "(did you mean 'pod'?)"]),
    ("yaml-syntax", "lab.yaml", "{ko: 만들기, en: Make}", "{ko: 만들기, en: Make", [
        f"{L}:12:17: YAML syntax error: "]),
    ("duplicate-key", "lab.yaml", "minutes: 10", "minutes: 10\nminutes: 20", [
        f"{L}:5:1: minutes: key appears twice in this mapping"]),
    ("empty-checks", "lab.yaml",
     LAB[LAB.index("    checks:"):], "    checks: []\n", [
        f"{L}:15:5: steps[0].checks: must list at least one check"]),
    ("match-with-count", "lab.yaml", "count: {min: 1}", "count: {min: 1}\n        match: any", [
        f"{L}:26:9: {C1}.match: 'match' has no effect with 'count' (count counts the objects "
        "that satisfy expect/assert)"]),
    ("bad-namespace", "lab.yaml", "minutes: 10", "minutes: 10\nnamespace: Lab_X", [
        f"{L}:5:1: namespace: 'Lab_X' is not a valid namespace name (lower-case letters, "
        "digits and '-', at most 63)"]),
    ("solution-namespace", "solution/pod.yaml", "  name: web", "  name: web\n  namespace: prod", [
        f"{S}:5:3: metadata.namespace: leave the namespace out: kubeclass applies every object "
        "into the lab's namespace (or the learner's workspace)"]),
    ("solution-cluster-scoped", "solution/pod.yaml", "apiVersion: v1\nkind: Pod",
     "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole", [
        f"{S}:2:1: kind: ClusterRole is cluster-scoped; labs may only create objects inside "
        "their namespace (so `lab reset` can remove them)"]),
    ("solution-second-doc", "solution/pod.yaml", "spec:",
     "spec:\n  containers: []\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n"
     "status: {}\n---\nspec:", [
        f"{S}:11:1: metadata: needs a valid metadata.name (generateName is not supported)",
        f"{S}:12:1: status: the server ignores 'status' in a manifest; leave it out",
        f"{S}:14:1: missing required field 'apiVersion'",
        f"{S}:14:1: missing required field 'kind'",
        f"{S}:14:1: missing required field 'metadata'"]),
    ("attempt-typo", "tests/fresh.yaml", "  pods: []", "  pod: []", [
        f"{T}:5:3: fails.pod: unknown check id 'pod' (did you mean 'pods'?)"]),
    ("attempt-unknown-key", "tests/fresh.yaml", "description: fresh", "descripton: fresh", [
        f"{T}:1:1: descripton: unknown field 'descripton' (did you mean 'description'?)",
        f"{T}:1:1: missing required field 'description'"]),
    ("hints-not-list", "lab.yaml", "    hints:\n      - {ko: 힌트, en: Hint}",
     "    hints: {ko: 힌트, en: Hint}", [
        f"{L}:13:5: steps[0].hints: must be a list, not a mapping"]),
]


PREFIX_ONLY = {"invalid-jmespath", "yaml-syntax"}


def _make_tree(root: Path) -> Path:
    lab = root / "labs" / "demo"
    (lab / "solution").mkdir(parents=True)
    (lab / "tests").mkdir()
    (lab / "lab.yaml").write_text(LAB, encoding="utf-8")
    (lab / "solution" / "pod.yaml").write_text(SOLUTION, encoding="utf-8")
    (lab / "tests" / "fresh.yaml").write_text(FRESH, encoding="utf-8")
    (root / "glossary").symlink_to(REPO / "glossary")
    return lab


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    lab = _make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KUBECLASS_ROOT", str(tmp_path))
    return lab


def test_the_base_lab_is_valid(tree: Path) -> None:
    labs = load_labs()
    assert [lab.id for lab in labs] == ["demo"]
    lab = labs[0]
    assert lab.namespace == "lab-demo" and lab.max_score() == 3
    assert lab.attempts[0].fails == {"pod-image": ("not found",), "pods": ()}
    assert load_lab("demo").solution[0][0].name == "web"


@pytest.mark.parametrize(("name", "file", "old", "new", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_broken_lab(tree: Path, name: str, file: str, old: str, new: str,
                    expected: list[str]) -> None:
    path = tree / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"corpus case {name}: '{old}' not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = sorted(str(p) for p in check_labs().problems)
    if name in PREFIX_ONLY:  # the parser's own wording follows the prefix
        assert len(problems) == 1 and problems[0].startswith(expected[0]), problems
        return
    assert problems == sorted(expected)


def test_missing_solution_and_stray_files(tree: Path) -> None:
    shutil.rmtree(tree / "solution")
    (tree / "lab.yml").write_text("id: x\n", encoding="utf-8")
    (tree / "tests" / "notes.txt").write_text("x", encoding="utf-8")
    assert [str(p) for p in check_labs().problems] == [
        "labs/demo/lab.yml:1:1: unexpected 'lab.yml' in a lab folder (allowed: README.md, files, "
        "lab.yaml, setup, solution, tests) (did you mean 'lab.yaml'?)",
        "labs/demo/solution:1:1: missing folder 'solution/' with the reference answer as "
        "Kubernetes manifests",
        "labs/demo/tests/notes.txt:1:1: tests/ holds only <attempt>.yaml files",
    ]


def test_lab_yaml_only_for_the_website(tree: Path) -> None:
    """``manifests=False`` (the website's read) skips setup/, solution/ and tests/ but
    still reports every problem of lab.yaml and of the folder itself."""
    (tree / "solution" / "pod.yaml").write_text("kind: [broken\n", encoding="utf-8")
    (tree / "tests" / "fresh.yaml").write_text("nonsense: 1\n", encoding="utf-8")
    assert {p.file for p in check_labs().problems} == {
        "labs/demo/solution/pod.yaml", "labs/demo/tests/fresh.yaml"}
    light = check_labs(manifests=False)
    assert not light.problems and [lab.id for lab in light.labs] == ["demo"]
    assert light.labs[0].solution == () and light.labs[0].max_score() == 3
    text = (tree / "lab.yaml").read_text(encoding="utf-8")
    (tree / "lab.yaml").write_text(text.replace("level: beginner", "levle: beginner"),
                                   encoding="utf-8")
    (tree / "notes.txt").write_text("x", encoding="utf-8")
    light = check_labs(manifests=False)
    assert light.labs == []
    assert [(p.file, p.field) for p in light.problems if p.field != ""] == [
        ("labs/demo/lab.yaml", "levle")]
    assert any(p.file == "labs/demo/notes.txt" for p in light.problems)


def test_cli_reports_every_problem_with_exit_2(tree: Path) -> None:
    text = (tree / "lab.yaml").read_text(encoding="utf-8")
    text = text.replace("level: beginner", "level: expert").replace("minutes: 10", "minutes: 0")
    (tree / "lab.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["lab", "validate"])
    assert result.exit_code == 2
    assert result.output.splitlines()[:2] == [
        f"{L}:3:1: level: 'expert' is not one of: beginner, intermediate, advanced",
        f"{L}:4:1: minutes: must be between 1 and 240, not 0"]
    assert "Traceback" not in result.output
    as_json = CliRunner().invoke(main, ["lab", "validate", "--json"])
    data = json.loads(as_json.output)
    assert as_json.exit_code == 2 and data["ok"] is False
    assert data["problems"][0] == {"file": L, "line": 3, "column": 1, "field": "level",
                                   "message": "'expert' is not one of: beginner, intermediate, "
                                              "advanced"}
    # Commands that need the lab refuse it the same way.
    show = CliRunner().invoke(main, ["lab", "show", "demo"])
    assert show.exit_code == 2 and f"{L}:3:1: level:" in show.output


def test_cli_validate_ok_and_list_json(tree: Path) -> None:
    result = CliRunner().invoke(main, ["lab", "validate"])
    assert result.exit_code == 0 and result.output == "1 lab(s), 2 check(s): OK\n"
    listing = CliRunner().invoke(main, ["lab", "list", "--json"])
    assert json.loads(listing.output) == [{"id": "demo", "title": {"ko": "데모", "en": "Demo"},
                                           "level": "beginner", "minutes": 10,
                                           "terms": ["pod", "namespace"]}]
    unknown = CliRunner().invoke(main, ["lab", "show", "dmeo", "--lang", "en"])
    assert unknown.exit_code == 2 and "no lab 'dmeo' (did you mean 'demo'?)" in unknown.output
    korean = CliRunner().invoke(main, ["lab", "show", "dmeo"])
    assert korean.exit_code == 2 and "실습 'dmeo'이(가) 없습니다 (did you mean 'demo'?)" in korean.output


def test_the_real_labs_are_valid() -> None:
    result = check_labs(REPO / "labs")
    assert result.problems == [], "\n".join(str(p) for p in result.problems)
    assert {"first-pod", "scale-deployment"} <= {lab.id for lab in result.labs}


def test_content_error_lists_all_problems(tree: Path) -> None:
    (tree / "lab.yaml").write_text(LAB.replace("minutes: 10", "minutes: 0")
                                   .replace("level: beginner", "level: x"), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_labs()
    assert len(info.value.problems) == 2


def test_show_prints_the_instructions_without_term_links() -> None:
    result = CliRunner().invoke(main, ["lab", "show", "first-pod", "--lang", "en"])
    assert result.exit_code == 0
    assert "Your first Pod" in result.output and "namespace lab-first-pod" in result.output
    assert "A Pod is the smallest unit" in result.output and "term:" not in result.output
    assert "kubeclass lab hint first-pod --step create-pod" in result.output
    ko = CliRunner().invoke(main, ["lab", "show", "first-pod"])
    assert "첫 번째 파드 만들기" in ko.output and "시작: kubeclass lab start first-pod" in ko.output
