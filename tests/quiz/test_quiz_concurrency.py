"""Several quiz processes at once on one progress file: nothing lost, nothing corrupted."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from quiz_helpers import REPO, run_quiz


def test_concurrent_quizzes_do_not_corrupt_or_lose_answers(home: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("".join(f"{i % 4 + 1}\n" for i in range(120)), "utf-8")
    assert run_quiz("--count", "1", "--no-save", "--answers", "-", home=home,
                    stdin="1\n").returncode == 0  # warm the glossary cache first
    env = {**os.environ, "KUBECLASS_HOME": str(home)}
    env.pop("KUBECLASS_ROOT", None)
    # The same seed: the processes ask the same terms in the same order, so they update
    # the same cards at the same moments — the worst case for a read-modify-write.
    argv = [sys.executable, "-m", "kubeclass", "quiz", "--count", "120", "--seed", "1",
            "--new-per-day", "1000", "--answers", str(answers), "--json"]
    procs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env, cwd=REPO) for _ in range(3)]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert json.loads(out)["total"] == 120

    with sqlite3.connect(home / "progress.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 360
        # Every card counts exactly the reviews logged for it: no update was overwritten.
        mismatched = conn.execute(
            "SELECT c.term_id, c.reps, COUNT(r.review_id) FROM cards c"
            " JOIN reviews r ON r.card_id = c.card_id GROUP BY c.card_id"
            " HAVING c.reps != COUNT(r.review_id)").fetchall()
        assert mismatched == []
        # Each process plans from the file as it finds it, so later starters skip the
        # terms the first one has already introduced: 120 to 360 cards.
        assert 120 <= conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0] <= 360
        # The sessions really ran at the same time: a term answered by two processes
        # has its reviews closer together than a whole session of 120 answers.
        spans = conn.execute("SELECT MAX(review_id) - MIN(review_id) FROM reviews"
                             " GROUP BY term_id HAVING COUNT(*) >= 2").fetchall()
        assert spans and min(span for (span,) in spans) < 120
