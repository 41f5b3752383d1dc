"""Content roots for the security tests: the real glossary and a real lab, copied, and
the hostile term files of ``bench/bench_hostile_yaml.py`` (one definition of each bomb)."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
from bench_hostile_yaml import HOSTILE_FILE, Case, cases  # noqa: E402

__all__ = ["HOSTILE_FILE", "LAB", "REPO", "Case", "cases", "content_root", "run_capped"]

LAB = "scale-deployment"
"""The real lab the tests copy (small: a lab.yaml, one solution and three attempts)."""


SMALL_GLOSSARY = REPO / "tests" / "glossary" / "corpus" / "base"
"""Two valid terms (container, virtual-machine): for tests that read the glossary often."""


def content_root(tmp: Path, *, lab: bool = True, small: bool = False) -> Path:
    """A content root under ``tmp`` with the real glossary (``small``: two terms) and
    (``lab``) one real lab."""
    shutil.copytree(SMALL_GLOSSARY if small else REPO / "glossary", tmp / "glossary")
    if lab:
        shutil.copytree(REPO / "labs" / LAB, tmp / "labs" / LAB)
    return tmp


def _cap() -> None:
    limit = 1 << 30  # far above a content check (~20-60 MB), far below harm to the machine
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_capped(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m kubeclass --root root ARGS`` in ``root`` as a user runs it, with 1 GiB
    of address space at most and no cluster (an unusable kubeconfig)."""
    env = {**os.environ, "KUBECONFIG": str(root / "no-such-kubeconfig")}
    return subprocess.run([sys.executable, "-m", "kubeclass", "--root", str(root), *args],
                          cwd=root, env=env, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=_cap)
