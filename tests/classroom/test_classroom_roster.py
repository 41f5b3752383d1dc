"""The roster reader: forgiving about form, strict about content, every problem at once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kubeclass.classroom.roster import load_roster, parse_roster, split_line
from kubeclass.problems import ContentError

GOOD = "id,name,email\nkim,김민수,kim@example.com\nlee,\"Lee, Jiwoo\",\npark,박서준,park@example.kr\n"


def problems(text: str, classroom: str | None = None) -> list[str]:
    with pytest.raises(ContentError) as info:
        parse_roster(text, "roster.csv", classroom=classroom)
    return [str(p) for p in info.value.problems]


def test_good_roster() -> None:
    roster = parse_roster(GOOD, "roster.csv")
    assert roster.ids() == ["kim", "lee", "park"]
    assert [learner.name for learner in roster.learners] == ["김민수", "Lee, Jiwoo", "박서준"]
    assert [learner.email for learner in roster.learners] == [
        "kim@example.com", None, "park@example.kr"]
    assert [learner.line for learner in roster.learners] == [2, 3, 4]


@pytest.mark.parametrize("text", [
    "kim,김민수,kim@example.com\nlee,Lee\n",  # no header: id,name,email in this order
    "아이디,이름,이메일\nkim,김민수,kim@example.com\nlee,Lee\n",  # Korean header
    "Name , ID\n김민수,kim\nLee,lee\n",  # other order, spaces, capitals
    "# class of 2025\n\nid,name\r\nkim,김민수\r\n\r\nlee,Lee,\r\n",  # comments, CRLF, trailing comma
])
def test_forgiving_about_form(text: str) -> None:
    roster = parse_roster(text)
    assert roster.ids() == ["kim", "lee"]
    assert roster.learners[0].name == "김민수"


def test_excel_encodings(tmp_path: Path) -> None:
    text = "id,name\nkim,김민수\n"
    for encoding in ("utf-8-sig", "utf-8", "cp949"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        assert load_roster(path).learners[0].name == "김민수", encoding


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"id,name\nkim,\xff\xfe\xfd\n")
    with pytest.raises(ContentError) as info:
        load_roster(path)
    assert str(info.value.problems[0]) == (
        f"{path}:2:5: the roster is neither UTF-8 nor CP949 text; save it as \"CSV UTF-8\" "
        "from your spreadsheet")


# Each case: roster text -> the exact problems, in order (path:line:column: field: message).
CASES: dict[str, tuple[str, list[str]]] = {
    "bad-id": ("id,name\nKim.Minsu,김민수\n", [
        "roster.csv:2:1: id: learner id 'Kim.Minsu' must be lower-case letters, digits and '-', "
        "starting and ending with a letter or digit (it names the learner's namespace) "
        "(did you mean 'kim-minsu'?)"]),
    "empty-id": ("id,name\n,김민수\n", ["roster.csv:2:1: id: learner id is empty"]),
    "empty-name": ("id,name\nkim,\n", ["roster.csv:2:5: name: name is empty"]),
    "duplicate": ("id,name\nkim,A\nlee,B\nkim,C\n", [
        "roster.csv:4:1: id: learner id 'kim' is already used on line 2"]),
    "bad-email": ("id,name,email\nkim,A,kim@\n", [
        "roster.csv:2:7: email: 'kim@' is not an e-mail address"]),
    "extra-cell": ("id,name\nkim,Kim,Minsu\n", [
        "roster.csv:2:9: 2 column(s) expected, 3 found (extra cell 'Minsu'); quote a name that "
        "contains a comma: \"Kim, Minsu\""]),
    "unterminated": ('id,name\nkim,"Kim\n', [
        "roster.csv:2:5: unterminated quote: a cell may not span lines; close the quote"]),
    "after-quote": ('id,name\nkim,"Kim" M\n', [
        "roster.csv:2:11: unexpected text after a closing quote"]),
    "header-typo": ("id,nmae,emial\nkim,A,a@b.kr\n", [
        "roster.csv:1:1: header: no 'name' column",
        "roster.csv:1:4: header: unknown column 'nmae' (did you mean 'name'?) "
        "(columns: id, name, email)",
        "roster.csv:1:9: header: unknown column 'emial' (did you mean 'email'?) "
        "(columns: id, name, email)"]),
    "header-repeat": ("id,name,name\nkim,A,B\n", [
        "roster.csv:1:9: header: column 'name' repeats the name column"]),
    "control-char": ("id,name\nkim,A\x07B\n", [
        "roster.csv:2:5: name: name contains control characters"]),
    "empty": ("# nobody yet\n\n", [
        "roster.csv:1:1: the roster lists no learner (expected rows of: id,name[,email])"]),
    "too-long": ("id,name\n" + "a" * 60 + ",A\n", [
        f"roster.csv:2:1: id: learner id '{'a' * 60}' is too long: the namespace "
        f"'k8s101-{'a' * 60}' may have at most 63 characters (id at most 56)"]),
    "many": ("id,name,email\nKim,A,x\n,B,\nlee,,bad\nlee,C\n", [
        "roster.csv:2:1: id: learner id 'Kim' must be lower-case letters, digits and '-', "
        "starting and ending with a letter or digit (it names the learner's namespace) "
        "(did you mean 'kim'?)",
        "roster.csv:2:7: email: 'x' is not an e-mail address",
        "roster.csv:3:1: id: learner id is empty",
        "roster.csv:4:5: name: name is empty",
        "roster.csv:4:6: email: 'bad' is not an e-mail address",
        "roster.csv:5:1: id: learner id 'lee' is already used on line 4"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_roster(case: str) -> None:
    text, expected = CASES[case]
    assert problems(text, classroom="k8s101") == expected


def test_split_line_columns() -> None:
    cells, error = split_line('a, "b, ""c""" ,d,')
    assert error is None
    assert cells == [(1, "a"), (4, 'b, "c"'), (16, "d"), (18, "")]


def test_cli_bad_roster_exit_2_no_traceback(tmp_path: Path) -> None:
    """All problems, path:line:column, exit 2 — before any cluster is contacted (the
    kubeconfig given does not even exist)."""
    roster = tmp_path / "class.csv"
    roster.write_text("id,name\nKim,A\nlee,\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "kubeclass", "classroom", "create", "--roster", str(roster),
         "--lab", "first-pod", "--kubeconfig", str(tmp_path / "none")],
        capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0].startswith(f"{roster}:2:1: id: learner id 'Kim' must be lower-case")
    assert lines[1] == f"{roster}:3:5: name: name is empty"
    assert lines[-1] == "2 problem(s) in the input."


def test_cli_bad_options_exit_2(tmp_path: Path) -> None:
    """Every bad option at once, exit 2, before the cluster is contacted."""
    roster = tmp_path / "class.csv"
    roster.write_text(GOOD, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "kubeclass", "classroom", "create", "--roster", str(roster),
         "--lab", "first-pod", "--classroom", "Bad_Name", "--cpu", "two", "--memory", "100m",
         "--container-cpu", "50m", "--container-memory", "1Gi",
         "--kubeconfig", str(tmp_path / "none")],
        capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        "kubeclass: --classroom: classroom name 'Bad_Name' must be lower-case letters, digits "
        "and '-', starting and ending with a letter or digit",
        "kubeclass: --cpu: 'two' is not a Kubernetes quantity (e.g. 500m, 2, 256Mi, 1Gi)",
        "kubeclass: --container-cpu: 50m is below the default CPU request of a container (100m)",
        "kubeclass: --memory: 100m is below the default memory request of one container "
        "(128Mi): no Pod could start",
        "kubeclass: --container-memory: 1Gi exceeds the workspace's limit quota (twice "
        "--memory): no Pod could start",
        "5 problem(s) in the options.",
    ]


def test_cli_unknown_lab_exit_2(tmp_path: Path) -> None:
    roster = tmp_path / "class.csv"
    roster.write_text(GOOD, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "kubeclass", "classroom", "create", "--roster", str(roster),
         "--lab", "first-pdo"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "no lab 'first-pdo' (did you mean 'first-pod'?)" in proc.stderr
