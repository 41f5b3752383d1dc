"""The YAML intake limits: every bomb ends in exit 2 with file:line, every limit is named
where it is crossed, other files are still checked, and nothing is cached from a refusal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hostile import HOSTILE_FILE, LAB, REPO, Case, cases, content_root, run_capped

from kubeclass import cachefile, limits
from kubeclass.classroom.roster import load_roster
from kubeclass.glossary import cache as glossary_cache
from kubeclass.labs import cache as labs_cache
from kubeclass.labs.load import check_labs
from kubeclass.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_ROSTER_ROWS, Refused
from kubeclass.problems import ContentError
from kubeclass.yamlpos import YamlSyntaxError, load_text

BROKEN_TERM = "glossary/container/container.yaml"


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.name)
def test_each_bomb_is_refused_with_its_line_and_the_rest_still_checked(
        case: Case, tmp_path: Path) -> None:
    root = content_root(tmp_path, lab=False)
    (root / HOSTILE_FILE).write_text(case.text(), encoding="utf-8")
    # A second, ordinary problem in another file: it must be reported in the same run.
    broken = root / BROKEN_TERM
    broken.write_text(broken.read_text(encoding="utf-8").replace("level:", "levle:", 1),
                      encoding="utf-8")
    proc = run_capped(root, "glossary", "check")
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    refusal = [line for line in lines if line.startswith(f"{HOSTILE_FILE}:{case.line}:")]
    assert len(refusal) == 1, lines[:5]
    assert "docs/security.md" in refusal[0]
    assert any(line.startswith(f"{BROKEN_TERM}:") and "levle" in line for line in lines)


def refusal(text: str) -> tuple[int, int, str]:
    with pytest.raises(Refused) as info:
        load_text(text)
    return info.value.line, info.value.column, info.value.en


@pytest.mark.parametrize(("text", "where", "words"), [
    ("a: 1\nb: &x 2\n", (2, 4), "anchors"),
    ("a: [1, 2]\nb: *x\n", (2, 4), "aliases"),
    ("a: {x: 1}\nb:\n  <<: {y: 2}\n", (3, 3), "merge keys"),
    ("b: {x: 1, !!merge m: 2}\n", (1, 11), "merge keys"),
    ("? [a, b]\n: c\n", (1, 3), "single value"),
    ("a:\n" + "".join("  " * n + f"- k{n}:\n" for n in range(1, 40)), None, f"{MAX_DEPTH} levels"),
])
def test_refused_features_are_placed_where_they_stand(
        text: str, where: tuple[int, int] | None, words: str) -> None:
    line, column, message = refusal(text)
    if where is not None:
        assert (line, column) == where
    assert words in message


@pytest.mark.parametrize("text", ["a: !!int abc\n", "a: !!float x\n", "a: !!bool x\n",
                                  "a: !!timestamp 2024-13-45\n", "a: !!binary é\n"])
def test_a_value_that_does_not_fit_its_tag_is_a_syntax_error(text: str) -> None:
    with pytest.raises(YamlSyntaxError) as info:
        load_text(text)
    assert (info.value.line, info.value.column) == (1, 4)


def test_a_quoted_merge_key_is_an_ordinary_key() -> None:
    assert load_text('"<<": 1\n').data == {"<<": 1}


def test_depth_up_to_the_limit_is_read_and_one_more_is_not() -> None:
    assert load_text("[" * MAX_DEPTH + "]" * MAX_DEPTH).data is not None
    assert refusal("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))[:2] == (1, MAX_DEPTH + 1)


def test_nodes_up_to_the_limit_are_read_and_one_more_is_not() -> None:
    assert load_text("[" + ", ".join(["a"] * (MAX_NODES - 1)) + "]").nodes == MAX_NODES
    line, _, message = refusal("[a,\n" + "a,\n" * (MAX_NODES - 1) + "a]")
    assert line == MAX_NODES and f"{MAX_NODES:,}" in message  # the list + MAX_NODES items


def test_the_node_limit_counts_every_document_of_a_manifest_file(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    root = content_root(tmp_path)
    monkeypatch.chdir(root)
    many = "".join(f"---\nitems: [{', '.join(['a'] * 999)}]\n" for _ in range(MAX_NODES // 1000))
    (root / "labs" / LAB / "solution" / "many.yaml").write_text(many, encoding="utf-8")
    problems = [str(p) for p in check_labs(root / "labs").problems]
    assert any(p.startswith(f"labs/{LAB}/solution/many.yaml:") and f"{MAX_NODES:,}" in p
               for p in problems), problems


def test_size_limit_names_the_line_where_it_is_crossed(tmp_path: Path) -> None:
    at_limit = tmp_path / "at.yaml"
    at_limit.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES - 4) + b"\n")
    assert len(limits.read_capped(at_limit)) == MAX_FILE_BYTES
    over = tmp_path / "over.yaml"
    over.write_bytes(b"a: 1\n" * (MAX_FILE_BYTES // 5 + 1))  # byte MAX_FILE_BYTES + 1: line 209,716
    with pytest.raises(Refused) as info:
        limits.read_capped(over)
    assert (info.value.line, info.value.column) == (MAX_FILE_BYTES // 5 + 1, 2)
    assert f"{MAX_FILE_BYTES:,} bytes" in info.value.en and "1 MiB" in info.value.ko


def test_labs_refuse_a_bomb_in_lab_yaml_and_in_a_manifest_and_report_both(
        tmp_path: Path) -> None:
    root = content_root(tmp_path)
    laughs = next(c for c in cases() if c.name == "billion-laughs").make()
    lab_file = root / "labs" / LAB / "lab.yaml"
    lab_file.write_text(lab_file.read_text(encoding="utf-8") + laughs, encoding="utf-8")
    lab_lines = lab_file.read_text(encoding="utf-8").count("\n") - laughs.count("\n") + 1
    manifest = root / "labs" / LAB / "solution" / "deployment.yaml"
    manifest.write_text("apiVersion: v1\n---\nkind: &k Pod\n", encoding="utf-8")
    proc = run_capped(root, "lab", "validate")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"labs/{LAB}/lab.yaml:{lab_lines}:" in proc.stderr
    assert f"labs/{LAB}/solution/deployment.yaml:3:7:" in proc.stderr
    proc = run_capped(root, "lab", "check", LAB)
    assert proc.returncode == 2 and f"labs/{LAB}/lab.yaml:{lab_lines}:" in proc.stderr


def test_nothing_is_cached_from_a_refused_file(tmp_path: Path) -> None:
    root = content_root(tmp_path)
    (root / HOSTILE_FILE).write_text(cases()[0].text(), encoding="utf-8")
    glossary = root / "glossary"
    with pytest.raises(ContentError):
        glossary_cache.load_cached_glossary(glossary)
    assert not glossary_cache.cache_file(glossary.resolve()).exists()
    lab_file = root / "labs" / LAB / "lab.yaml"
    lab_file.write_text(lab_file.read_text(encoding="utf-8") + "extra: &a 1\n", encoding="utf-8")
    with pytest.raises(ContentError):
        labs_cache.site_labs(root / "labs", set())
    assert not cachefile.cache_file("labs", (root / "labs").resolve()).exists()


def test_an_oversized_roster_is_refused_with_its_line(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    rows = "".join(f"learner-{i:06d},김민수\n" for i in range(MAX_FILE_BYTES // 20))
    roster.write_text("id,name\n" + rows, encoding="utf-8")
    assert roster.stat().st_size > MAX_FILE_BYTES
    with pytest.raises(ContentError) as info:
        load_roster(roster)
    (problem,) = info.value.problems
    assert problem.line > 1000 and f"{MAX_FILE_BYTES:,}" in problem.message


def test_a_roster_of_too_many_rows_is_refused_at_the_first_row_over(tmp_path: Path) -> None:
    rows = "".join(f"learner-{i},이름\n" for i in range(MAX_ROSTER_ROWS + 5))
    roster = tmp_path / "roster.csv"
    roster.write_text("id,name\n" + rows, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_roster(roster)
    (problem,) = info.value.problems
    assert problem.line == MAX_ROSTER_ROWS + 2 and f"{MAX_ROSTER_ROWS:,}" in problem.message
    roster.write_text("id,name\n" + rows[: rows.index(f"learner-{MAX_ROSTER_ROWS},")],
                      encoding="utf-8")
    assert len(load_roster(roster).learners) == MAX_ROSTER_ROWS


def test_security_page_states_the_real_limits() -> None:
    """The page quotes the constants; a changed limit must change the page too."""
    page = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    for name, value in (("MAX_FILE_BYTES", f"{MAX_FILE_BYTES:,}"), ("MAX_DEPTH", f"{MAX_DEPTH}"),
                        ("MAX_NODES", f"{MAX_NODES:,}"),
                        ("MAX_ROSTER_ROWS", f"{MAX_ROSTER_ROWS:,}")):
        rows = [line for line in page.splitlines() if f"`{name}`" in line]
        assert len(rows) == 2, name  # the Korean table and the English one
        assert all(re.search(rf"(?<![\d,]){re.escape(value)}(?![\d,])", row) for row in rows), rows
