"""The GitHub Actions workflow that proves the labs on a real kind cluster.

It can only run on GitHub (kind needs a Docker engine), so here it is checked statically:
against GitHub's workflow schema (vendored by check-jsonschema, no network), and every
``kubeclass`` command line in its scripts must name a real command and real options.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml

from kubeclass.cli import main

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "labs.yml"


def schema_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         str(path)], capture_output=True, text=True, check=False)


def test_the_workflow_matches_githubs_schema() -> None:
    result = schema_check(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "labs.yml"
    broken.write_text(WORKFLOW.read_text("utf-8").replace("runs-on:", "run-on:"), "utf-8")
    result = schema_check(broken)
    assert result.returncode == 1 and "'runs-on' is a required property" in result.stdout


def kubeclass_lines() -> list[list[str]]:
    """Every ``kubeclass …`` command of the workflow's scripts, split into words."""
    steps = yaml.safe_load(WORKFLOW.read_text("utf-8"))["jobs"]["solutions"]["steps"]
    lines = []
    for step in steps:
        for line in str(step.get("run", "")).splitlines():
            for found in re.finditer(r"\bkubeclass ([^|;>)]+)", line):
                lines.append(shlex.split(found.group(1)))
    return lines


def test_every_kubeclass_command_in_the_workflow_exists() -> None:
    lines = kubeclass_lines()
    assert len(lines) >= 7  # validate, status, list, start, check ×2, solve, reset
    ctx = click.Context(main)
    for words in lines:
        group = main.get_command(ctx, words[0])
        assert isinstance(group, click.Group), words
        command = group.get_command(ctx, words[1])
        assert command is not None, f"kubeclass {words[0]} {words[1]} does not exist"
        options = {opt for param in command.params for opt in param.opts}
        for word in words[2:]:
            if word.startswith("--"):
                assert word in options, f"kubeclass {words[0]} {words[1]} has no {word}"


@pytest.mark.parametrize("flag", ["--no-wait", "--junit", "--json", "--lang"])
def test_the_options_the_workflow_relies_on_are_found(flag: str) -> None:
    assert any(flag in words for words in kubeclass_lines())
