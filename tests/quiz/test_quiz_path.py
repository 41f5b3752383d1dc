"""``kubeclass quiz --path NAME``: a learning path's terms, in the path's order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from quiz_helpers import REPO

from kubeclass.cli import main
from kubeclass.glossary.load import load_glossary
from kubeclass.glossary.paths import load_paths


@pytest.fixture()
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("KUBECLASS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KUBECLASS_ROOT", str(REPO))
    return CliRunner()


def test_a_path_is_asked_in_its_order(runner: CliRunner) -> None:
    path = load_paths(load_glossary(REPO / "glossary"))["first-steps"]
    expected = path.term_ids()
    first = runner.invoke(main, ["quiz", "--path", "first-steps", "-n", "8", "--seed", "4",
                                 "--answers", "-", "--json"], input="\n" * 8)
    assert first.exit_code == 0, first.output
    asked = [item["term_id"] for item in json.loads(first.stdout)["items"]]
    assert asked == expected[:8]
    # The next session goes on along the path: the terms seen are not new any more.
    second = runner.invoke(main, ["quiz", "--path", "first-steps", "-n", "3", "--seed", "4",
                                  "--answers", "-", "--json"], input="\n" * 3)
    assert second.exit_code == 0, second.output
    later = [item["term_id"] for item in json.loads(second.stdout)["items"]]
    assert later == expected[8:11]


def test_an_unknown_path_is_bad_input_listing_the_names(runner: CliRunner) -> None:
    done = runner.invoke(main, ["quiz", "--path", "first-step", "--no-save", "--answers", "-"], input="")
    assert done.exit_code == 2
    assert "unknown learning path 'first-step' (did you mean 'first-steps'?)" in done.output
    assert "known paths: kubernetes-fundamentals, first-steps" in done.output
    assert done.exception is None or isinstance(done.exception, SystemExit)
