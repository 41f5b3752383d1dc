"""The quiz as a person uses it: a real terminal (tmux), keys typed, the screen read back.

Also what must survive: Ctrl-C keeps every answer given, and ``kill -9`` in the middle of
a question loses at most that question (the progress file stays sound).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tmux_driver import Tmux, quiz_env

from kubeclass.glossary.cache import load_cached_glossary
from kubeclass.quiz.items import Item
from kubeclass.quiz.session import Options, ScriptedAnswers, Session

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def planned(home: Path, **options: object) -> list[Item]:
    """The items ``kubeclass quiz`` will ask a learner with a fresh progress file."""
    session = Session(load_cached_glossary(), None, Options(**options),  # type: ignore[arg-type]
                      ScriptedAnswers([]), view=None)  # type: ignore[arg-type]
    return session.prepare()[1]


@pytest.fixture()
def terminal(home: Path, tmp_path: Path) -> Iterator[object]:
    started: list[Tmux] = []

    def start(*args: str) -> Tmux:
        tmux = Tmux([sys.executable, "-m", "kubeclass", "quiz", *args], quiz_env(home), tmp_path)
        started.append(tmux)
        return tmux

    yield start
    for tmux in started:
        tmux.close()


def reviews(home: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(home / "progress.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return conn.execute("SELECT term_id, correct FROM reviews ORDER BY review_id").fetchall()


def test_a_learner_answers_in_a_real_terminal(terminal, home: Path) -> None:  # type: ignore[no-untyped-def]
    items = planned(home, count=3, seed=11)
    assert len(items) == 3 and all(i.is_choice for i in items)  # new terms: recognition first
    tmux = terminal("--count", "3", "--seed", "11")

    screen = tmux.wait_for("1/3")
    assert items[0].prompt[:12] in screen and items[0].options[0][:12] in screen
    tmux.send("9")  # not an option: asked again, nothing recorded
    tmux.wait_for("1–4 사이의 번호를 입력하세요")
    tmux.send(str((items[0].answer or 0) + 1))
    screen = tmux.wait_for("정답!")
    assert "/terms/" + items[0].term_id + "/" in screen

    tmux.wait_for("2/3")
    wrong = ((items[1].answer or 0) + 1) % 4 + 1
    tmux.send(str(wrong))
    screen = tmux.wait_for("오답. 정답: ")
    assert items[1].solution[:10] in screen.split("오답. 정답: ")[1]

    tmux.wait_for("3/3")
    tmux.send("")  # Enter alone: "I don't know"
    tmux.wait_for("오답", count=2)
    screen = tmux.wait_for("점수: 1/3 (33%)")
    assert "다시 볼 용어" in screen
    tmux.wait_dead()
    assert reviews(home) == [(items[0].term_id, 1), (items[1].term_id, 0), (items[2].term_id, 0)]


def test_typed_answers_in_korean_with_spaces_and_a_typo(terminal, home: Path) -> None:  # type: ignore[no-untyped-def]
    items = planned(home, count=2, seed=4, types=("typed",))
    tmux = terminal("--count", "2", "--seed", "4", "--type", "typed")
    tmux.wait_for("1/2")
    korean = next(a for a in items[0].accepted if any("가" <= c <= "힣" for c in a))
    tmux.send(" ".join(korean.replace(" ", "")))  # "가 상 머 신": spaces do not matter
    tmux.wait_for("정답!")
    tmux.wait_for("2/2")
    english = max((a for a in items[1].accepted if a.isascii()), key=len)
    tmux.send(english.lower()[:-1] if len(english.replace(" ", "")) >= 10 else english.upper())
    screen = tmux.wait_for("점수: 2/2")
    if len(english.replace(" ", "")) >= 10:
        assert "오타를 인정했어요" in screen
    tmux.wait_dead()
    assert [c for _, c in reviews(home)] == [1, 1]


def test_ctrl_c_ends_with_a_summary_and_keeps_the_answers(terminal, home: Path) -> None:  # type: ignore[no-untyped-def]
    items = planned(home, count=5, seed=2)
    tmux = terminal("--count", "5", "--seed", "2")
    for number in (1, 2):
        tmux.wait_for(f"{number}/5")
        tmux.send(str((items[number - 1].answer or 0) + 1))
    tmux.wait_for("3/5")
    tmux.key("C-c")
    screen = tmux.wait_for("중간에 멈췄어요")
    assert "점수: 2/2" in screen
    tmux.wait_dead()
    assert [t for t, _ in reviews(home)] == [items[0].term_id, items[1].term_id]


def test_kill_9_loses_at_most_the_question_on_screen(terminal, home: Path) -> None:  # type: ignore[no-untyped-def]
    items = planned(home, count=5, seed=8)
    tmux = terminal("--count", "5", "--seed", "8")
    for number in (1, 2, 3):
        tmux.wait_for(f"{number}/5")
        tmux.send(str((items[number - 1].answer or 0) + 1))
    tmux.wait_for("4/5")
    tmux.wait_for("번호 (모르면 Enter", count=4)  # the 4th question waits for its answer
    os.kill(tmux.pid(), signal.SIGKILL)
    tmux.wait_dead()
    assert [t for t, _ in reviews(home)] == [i.term_id for i in items[:3]]

    # The next quiz opens the same file (nothing moved aside) and carries on.
    again = terminal("--count", "1", "--seed", "9")
    again.wait_for("1/1")
    again.send("1")
    again.wait_for("점수: ")
    again.wait_dead()
    assert len(reviews(home)) == 4
    assert not list(home.glob("progress.sqlite3.broken-*"))


def test_a_learner_follows_a_learning_path(terminal, home: Path) -> None:  # type: ignore[no-untyped-def]
    from kubeclass.glossary.paths import load_paths

    path = load_paths(load_cached_glossary())["first-steps"]
    items = planned(home, count=2, seed=5, path=tuple(path.term_ids()))
    assert [i.term_id for i in items] == path.term_ids()[:2]
    tmux = terminal("--path", "first-steps", "--count", "2", "--seed", "5")
    screen = tmux.wait_for("1/2")
    assert items[0].prompt[:12] in screen
    tmux.send(str((items[0].answer or 0) + 1))
    screen = tmux.wait_for("정답!")
    assert "/terms/" + path.term_ids()[0] + "/" in screen
    tmux.wait_for("2/2")
    tmux.send(str((items[1].answer or 0) + 1))
    tmux.wait_for("점수: 2/2 (100%)")
    assert [term for term, _ in reviews(home)] == path.term_ids()[:2]
