"""The real ``kubeclass quiz`` command in fresh processes: scripted sessions, JSON output,
stats, reset, export, bad input, and what ``--help`` must not import."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from quiz_helpers import REPO, run_quiz

Quiz = Callable[..., subprocess.CompletedProcess[str]]


def session(quiz: Quiz, *args: str, answers: str) -> dict:  # type: ignore[type-arg]
    done = quiz(*args, "--answers", "-", "--json", stdin=answers)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_scripted_session_json(kubeclass_quiz: Quiz) -> None:
    data = session(kubeclass_quiz, "--count", "5", "--seed", "7", answers="1\n2\n3\n4\n1\n")
    assert data["total"] == 5 == len(data["items"])
    assert data["score"] == sum(item["correct"] for item in data["items"])
    for item in data["items"]:
        assert {"term_id", "type", "prompt", "options", "answer", "given", "correct"} <= set(item)
        if item["type"] == "typed":
            assert isinstance(item["answer"], str) and item["options"] == []
        else:
            assert item["correct"] == (item["given"] == item["answer"])


def test_right_answers_score_and_typed_answers_accept_aliases(kubeclass_quiz: Quiz) -> None:
    # Learn which answers are right from a first run that saves nothing ...
    probe = session(kubeclass_quiz, "--count", "6", "--seed", "3", "--no-save",
                    answers="\n" * 6)
    assert probe["score"] == 0
    right = [str(i["answer"] + 1) for i in probe["items"]]
    # ... then give them: the same seed asks the same questions.
    data = session(kubeclass_quiz, "--count", "6", "--seed", "3", answers="\n".join(right) + "\n")
    assert [i["prompt"] for i in data["items"]] == [i["prompt"] for i in probe["items"]]
    assert data["score"] == 6
    typed = session(kubeclass_quiz, "--count", "3", "--seed", "5", "--type", "typed", "--no-save",
                    answers="\n" * 3)
    answers = [item["accepted"][-1] for item in typed["items"]]  # an alias or abbreviation
    again = session(kubeclass_quiz, "--count", "3", "--seed", "5", "--type", "typed", "--no-save",
                    answers="\n".join(a.upper().replace(" ", "") for a in answers) + "\n")
    assert again["score"] == 3


def test_english_and_filters(kubeclass_quiz: Quiz) -> None:
    data = session(kubeclass_quiz, "--count", "4", "--lang", "en", "--category",
                   "k8s-workloads", "--type", "term-def", "--no-save", answers="1\n" * 4)
    assert {i["type"] for i in data["items"]} == {"term-def"}
    for item in data["items"]:
        assert all(ord(c) < 0x1100 for c in item["prompt"]), item["prompt"]  # no Hangul
    abbr = session(kubeclass_quiz, "--count", "50", "--type", "abbr", "--no-save",
                   "--new-per-day", "500", answers="1\n" * 50)
    assert abbr["total"] >= 10 and all(i["type"] == "abbr" for i in abbr["items"])


def test_end_of_answers_stops_the_session(kubeclass_quiz: Quiz) -> None:
    data = session(kubeclass_quiz, "--count", "5", answers="1\n2\n")
    assert data["total"] == 2 and data["planned"] == 5


def test_review_only_with_nothing_due(kubeclass_quiz: Quiz) -> None:
    data = session(kubeclass_quiz, "--review", answers="1\n")
    assert data == {**data, "items": [], "total": 0}
    human = kubeclass_quiz("--review", "--answers", "-", stdin="1\n")
    assert human.returncode == 0 and "지금 풀 문제가 없어요" in human.stdout


def test_terminal_output_shows_feedback_url_and_summary(kubeclass_quiz: Quiz) -> None:
    done = kubeclass_quiz("--count", "2", "--seed", "1", stdin="1\n\n")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "1/2" in out and "2/2" in out
    assert "https://" in out and "/terms/" in out
    assert "점수: " in out and "걸린 시간" in out


def test_stats_and_reset(kubeclass_quiz: Quiz, home: Path) -> None:
    session(kubeclass_quiz, "--count", "4", "--seed", "2", answers="1\n2\n3\n4\n")
    done = kubeclass_quiz("stats", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["seen"] == 4 and data["reviews"] == 4
    assert {"seen", "due", "reviews", "retention"} <= set(data)
    shown = kubeclass_quiz("stats")
    assert shown.returncode == 0 and "본 용어" in shown.stdout and "█" in shown.stdout
    refused = kubeclass_quiz("reset", stdin="n\n")
    assert refused.returncode == 1
    assert json.loads(kubeclass_quiz("stats", "--json").stdout)["seen"] == 4
    assert kubeclass_quiz("reset", stdin="y\n").returncode == 0
    assert json.loads(kubeclass_quiz("stats", "--json").stdout)["seen"] == 0


def test_export_formats(kubeclass_quiz: Quiz, tmp_path: Path) -> None:
    done = kubeclass_quiz("export", "--format", "json", "--seed", "4")
    assert done.returncode == 0, done.stderr
    pool = json.loads(done.stdout)["items"]
    assert len(pool) > 300
    assert {i["type"] for i in pool} == {"term-def", "def-term", "abbr", "typed"}
    deck = tmp_path / "deck.apkg"
    done = kubeclass_quiz("export", "--format", "anki", "-o", str(deck), "--category", "cloud")
    assert done.returncode == 0 and deck.stat().st_size > 1000
    sheet = tmp_path / "sheet.md"
    done = kubeclass_quiz("export", "--format", "markdown", "-o", str(sheet), "--count", "8")
    text = sheet.read_text("utf-8")
    assert done.returncode == 0 and "**8.**" in text and "## 정답" in text
    assert kubeclass_quiz("export", "--format", "anki").returncode == 2  # needs -o


def test_bad_input_exits_2_with_a_suggestion(kubeclass_quiz: Quiz) -> None:
    done = kubeclass_quiz("--category", "k8s-workload", "--answers", "-", stdin="")
    assert done.returncode == 2
    assert "unknown category 'k8s-workload'" in done.stderr and "k8s-workloads" in done.stderr
    assert "Traceback" not in done.stderr
    done = kubeclass_quiz("--type", "essay")
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_broken_glossary_exits_2_with_every_problem(tmp_path: Path, home: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(REPO / "glossary", root / "glossary")
    pod = next((root / "glossary").rglob("pod.yaml"))
    pod.write_text(pod.read_text("utf-8").replace("level: beginner", "levle: beginner"), "utf-8")
    env = {**os.environ, "KUBECLASS_HOME": str(home), "KUBECLASS_ROOT": str(root)}
    done = subprocess.run([sys.executable, "-m", "kubeclass", "quiz", "--answers", "-"],
                          input="", capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2
    assert "pod.yaml:" in done.stderr and "levle" in done.stderr and "did you mean" in done.stderr
    assert "Traceback" not in done.stderr


def test_damaged_progress_file_is_moved_aside_by_the_command(kubeclass_quiz: Quiz,
                                                            home: Path) -> None:
    home.mkdir(parents=True)
    (home / "progress.sqlite3").write_bytes(b"\x00garbage" * 500)
    done = kubeclass_quiz("--count", "1", "--answers", "-", "--json", stdin="1\n")
    assert done.returncode == 0
    assert "moved to" in done.stderr and "broken-" in done.stderr
    assert json.loads(done.stdout)["total"] == 1
    assert len(list(home.glob("progress.sqlite3.broken-*"))) == 1


@pytest.mark.parametrize("args", [["--help"], ["quiz", "--help"]])
def test_help_imports_no_heavy_module(args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "kubeclass", *args],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    for heavy in ("rich", "fsrs", "genanki", "kubernetes", "mkdocs", "sqlite3"):
        assert heavy not in imported, f"{args} imports {heavy}"


def test_scripted_quiz_does_not_import_mkdocs_or_kubernetes(home: Path) -> None:
    env = {**os.environ, "KUBECLASS_HOME": str(home)}
    assert run_quiz("--count", "1", "--answers", "-", home=home, stdin="1\n").returncode == 0
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "kubeclass", "quiz",
                           "--count", "1", "--answers", "-"], input="1\n",
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "fsrs" in imported  # the answer was scheduled
    for heavy in ("genanki", "kubernetes", "mkdocs", "yaml"):
        assert heavy not in imported, heavy  # yaml: the glossary came from the cache
