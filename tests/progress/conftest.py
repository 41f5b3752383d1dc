"""The progress tests use the quiz's terminal driver, the browser helpers and the bench's
synthetic review history."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
for folder in (TESTS.parent / "bench", TESTS / "quiz", TESTS):
    sys.path.insert(0, str(folder))
