"""Fixtures for the quiz tests: small in-memory glossaries, a private KUBECLASS_HOME, the
real glossary, and a helper that runs the real ``kubeclass`` command."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from quiz_helpers import REPO, run_quiz, small_glossary

from kubeclass.glossary.load import load_glossary
from kubeclass.glossary.model import Glossary


@pytest.fixture()
def glossary() -> Glossary:
    """A dozen terms in three categories, built in memory."""
    return small_glossary()


@pytest.fixture(scope="session")
def real_glossary() -> Glossary:
    """The project's glossary, validated."""
    return load_glossary(REPO / "glossary")



@pytest.fixture()
def kubeclass_quiz(home: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``kubeclass_quiz(*args, stdin=...)`` runs the real command against ``home``."""

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return run_quiz(*args, home=home, stdin=stdin)

    return run
