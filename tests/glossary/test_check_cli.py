"""`kubeclass glossary check` as a user runs it: a real process, exit codes, no traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from test_broken_corpus import CORPUS, make_glossary


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kubeclass", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60)


def test_all_problems_exit_2_no_traceback(tmp_path: Path) -> None:
    root = make_glossary(tmp_path, "many-problems")
    # A second broken file: problems of both files come out in one run.
    (root / "virtualization" / "unknown-key.yaml").write_text(
        (CORPUS / "broken" / "unknown-key.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    proc = run("--root", str(tmp_path), "glossary", "check", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert "glossary/virtualization/many-problems.yaml:7:1: level: unknown level 'expert'; use one of: " \
        "beginner, intermediate, advanced" in lines
    assert "glossary/virtualization/unknown-key.yaml:8:1: shrot: unknown field 'shrot' " \
        "(did you mean 'short'?)" in lines
    assert lines[-1] == "5 problem(s) in the glossary."


def test_json_output(tmp_path: Path) -> None:
    make_glossary(tmp_path, "raw-html")
    proc = run("--root", str(tmp_path), "glossary", "check", "--json", cwd=tmp_path)
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert data["ok"] is False
    assert data["terms"] == 2
    assert data["by_category"] == {"container": 1, "virtualization": 1}
    assert data["problems"][0] == {
        "file": "glossary/virtualization/raw-html.yaml", "line": 13, "column": 39, "field": "long.ko",
        "message": "raw HTML is not allowed ('<script>'); write Markdown",
    }


def test_success_counts(tmp_path: Path) -> None:
    shutil.copytree(CORPUS / "base", tmp_path / "glossary")
    proc = run("--root", str(tmp_path), "glossary", "check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("OK: 2 terms in 2 categories")
    data = json.loads(run("--root", str(tmp_path), "glossary", "check", "--json", cwd=tmp_path).stdout)
    assert data == {"ok": True, "terms": 2, "by_category": {"container": 1, "virtualization": 1},
                    "problems": []}


def test_missing_glossary_is_clear(tmp_path: Path) -> None:
    proc = run("--root", str(tmp_path), "glossary", "check", cwd=tmp_path)
    assert proc.returncode == 2
    assert "glossary/categories.yaml:1:1: file is missing" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_reading_commands_survive_one_broken_file(tmp_path: Path) -> None:
    make_glossary(tmp_path, "yaml-syntax")
    proc = run("--root", str(tmp_path), "glossary", "list", "--json", cwd=tmp_path)
    assert proc.returncode == 0
    assert [t["id"] for t in json.loads(proc.stdout)] == ["container", "virtual-machine"]
    assert proc.stderr.startswith("warning: 1 problem(s) in the glossary")
    assert "Traceback" not in proc.stderr


def test_alias_that_names_another_term_is_rejected(tmp_path: Path) -> None:
    """An alias is an accepted quiz answer: one that folds (as the quiz folds typed answers)
    to another term's name or id would make that other term's answer right. Both files are named."""
    root = tmp_path / "glossary"
    shutil.copytree(CORPUS / "base", root)
    container = root / "container" / "container.yaml"
    text = container.read_text(encoding="utf-8")
    # "Virtual-machine" folds to the other term's id and English name; "가상머신" to its Korean name.
    container.write_text(text.replace("category:", "aka: [Virtual-machine, 가상머신]\ncategory:", 1),
                         encoding="utf-8")
    proc = run("--root", str(tmp_path), "glossary", "check", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    vm = "glossary/virtualization/virtual-machine.yaml"
    ours = "glossary/container/container.yaml"
    assert f"{ours}:3:7: aka[0]: 'Virtual-machine' is also a name of term 'virtual-machine' ({vm})" \
        in lines
    assert f"{ours}:3:24: aka[1]: '가상머신' is also a name of term 'virtual-machine' ({vm})" in lines
    assert any(line.startswith(f"{vm}:") and f"is also a name of term 'container' ({ours})" in line
               for line in lines)
    assert any(line.startswith(f"{vm}:1:1: id: 'virtual-machine' is also a name of term 'container'")
               for line in lines)
