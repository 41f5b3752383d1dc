"""`quiz optimize` fits FSRS to the learner's review log (py-fsrs's Optimizer, PyTorch),
refuses clearly when it cannot, and `quiz export --format revlog` writes that log in the
fsrs-optimizer CSV format, which the Optimizer reads back to the same parameters."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from subprocess import CompletedProcess

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from _review_history import write_history

from kubeclass.glossary.model import Glossary
from kubeclass.quiz import scheduler
from kubeclass.quiz.optimize import MIN_REVIEWS, learnable_reviews
from kubeclass.quiz.paths import DB_NAME
from kubeclass.quiz.store import Store

Quiz = Callable[..., CompletedProcess[str]]


def fill(home: Path, glossary: Glossary, reviews: int) -> int:
    with Store.open(home / DB_NAME) as store:
        return write_history(store, sorted(glossary.terms)[:100], reviews, seed=7)


@pytest.mark.timeout(600)
def test_optimize_fits_a_1000_review_log_and_reschedules(
        home: Path, real_glossary: Glossary, kubeclass_quiz: Quiz) -> None:
    pytest.importorskip("torch", reason="the optimizer extra: pip install 'kubeclass[optimizer]'")
    assert fill(home, real_glossary, 1000) == 1000
    with Store.open(home / DB_NAME) as store:
        assert learnable_reviews(store.reviews()) >= MIN_REVIEWS
        due_before = {t: c.due for t, c in store.cards().items()}
        revlog = kubeclass_quiz("export", "--format", "revlog")
    done = kubeclass_quiz("optimize", "--retention", "0.85", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["before"] == list(scheduler.make_scheduler().parameters)
    assert result["after"] != result["before"] and len(result["after"]) == len(result["before"])
    assert result["retention"] == 0.85 and result["rescheduled"] == 100
    with Store.open(home / DB_NAME) as store:
        stored = scheduler.make_scheduler(store)
        assert list(stored.parameters) == result["after"]
        assert stored.desired_retention == 0.85
        assert {t: c.due for t, c in store.cards().items()} != due_before
        assert store.meta("scheduler") == stored.to_json()  # the quiz will not reschedule again

    # The exported revlog, read back as the fsrs-optimizer format, fits the same parameters.
    import fsrs

    from kubeclass.quiz.optimize import fit_parameters

    rows = list(csv.DictReader(io.StringIO(revlog.stdout)))
    assert list(rows[0]) == ["card_id", "review_time", "review_rating", "review_state",
                             "review_duration"]
    assert len(rows) == 1000 and {r["review_rating"] for r in rows} <= {"1", "2", "3", "4"}
    assert {r["review_state"] for r in rows} <= {"0", "1", "2", "3"}
    logs = [fsrs.ReviewLog(card_id=int(r["card_id"]), rating=fsrs.Rating(int(r["review_rating"])),
                           review_datetime=datetime.fromtimestamp(int(r["review_time"]) / 1000,
                                                                  UTC),
                           review_duration=int(r["review_duration"]) or None)
            for r in rows]
    assert fit_parameters(logs) == pytest.approx(result["after"], abs=1e-6)


def test_optimize_refuses_too_few_reviews_and_changes_nothing(
        home: Path, real_glossary: Glossary, kubeclass_quiz: Quiz) -> None:
    fill(home, real_glossary, 200)
    with Store.open(home / DB_NAME) as store:
        cards = store.cards()
    refused = kubeclass_quiz("optimize", "--retention", "0.8")
    assert refused.returncode == 2
    assert "too few reviews to fit FSRS" in refused.stderr and "복습 기록이 부족합니다" in refused.stderr
    assert f"at least {MIN_REVIEWS} needed (nothing changed)" in refused.stderr
    assert "Traceback" not in refused.stderr
    with Store.open(home / DB_NAME) as store:
        assert store.cards() == cards and store.meta(scheduler.PARAMETERS_KEY) is None
        assert store.meta(scheduler.RETENTION_KEY) is None


@pytest.mark.parametrize("value", ["0.5", "0.99"])
def test_retention_out_of_range_is_bad_input(kubeclass_quiz: Quiz, value: str) -> None:
    refused = kubeclass_quiz("optimize", "--retention", value)
    assert refused.returncode == 2 and "0.7<=x<=0.97" in refused.stderr


def test_a_missing_extra_is_named(home: Path, real_glossary: Glossary,
                                  kubeclass_quiz: Quiz, tmp_path: Path) -> None:
    """Without torch (hidden by a module finder that refuses it) the message says what to install."""
    fill(home, real_glossary, 1000)
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text(
        "import sys\n"
        "class _Hide:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'torch' or name.startswith('torch.'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, _Hide())\n", encoding="utf-8")
    import os
    import subprocess

    from quiz_helpers import REPO

    env = {**os.environ, "KUBECLASS_HOME": str(home),
           "PYTHONPATH": os.pathsep.join([str(hide), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "kubeclass", "quiz", "optimize"],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "pip install 'kubeclass[optimizer]'" in done.stderr and "torch" in done.stderr


def test_a_quiz_session_imports_no_optimizer_or_progress_module(home: Path) -> None:
    """A whole session (question, answer saved, summary) loads neither PyTorch nor the
    optimizer, progress or export modules, even with fitted parameters stored."""
    import os
    import subprocess

    from quiz_helpers import REPO

    with Store.open(home / DB_NAME) as store:
        store.set_meta(scheduler.PARAMETERS_KEY, json.dumps(list(scheduler.make_scheduler()
                                                                 .parameters)))
    code = ("import sys\n"
            "from kubeclass.cli import main\n"
            "try:\n    main(['quiz', '--count', '1', '--answers', '-'])\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            "heavy = ('torch', 'pandas', 'numpy', 'kubeclass.quiz.optimize', 'kubeclass.progress',"
            " 'kubeclass.quiz.export', 'kubeclass.labs.teaches')\n"
            "print('LOADED', [m for m in heavy if m in sys.modules])\n")
    done = subprocess.run([sys.executable, "-c", code], input="1\n", capture_output=True,
                          text=True, cwd=REPO, timeout=120,
                          env={**os.environ, "KUBECLASS_HOME": str(home)})
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stdout
