"""A kubeconfig that skips certificate verification (``insecure-skip-tls-verify: true``):
each lab command says so once, in the learner's language, and stderr holds nothing else
(urllib3's ``InsecureRequestWarning`` used to appear there twice per command)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kubeclass.glossary.model import Lang
from kubeclass.labs import messages

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(180)]

REPO = Path(__file__).resolve().parents[2]


def insecure_kubeconfig(control_plane: Any, tmp_path: Path) -> Path:
    """The admin kubeconfig (context kind-kubeclass) without its CA, verification off."""
    data = control_plane.kubeconfig("admin", context="kind-kubeclass")
    cluster = data["clusters"][0]["cluster"]
    del cluster["certificate-authority"]
    cluster["insecure-skip-tls-verify"] = True
    path = tmp_path / "insecure.kubeconfig"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def kubeclass(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, so Python's warnings reach the real stderr."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "tools"), "KUBECLASS_HOME": str(home)}
    env.pop("PYTHONWARNINGS", None)
    env.pop("KUBECONFIG", None)
    return subprocess.run([sys.executable, "-m", "kubeclass", *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_one_line_of_our_own_instead_of_urllib3_warnings(control_plane: Any, tmp_path: Path,
                                                         lang: Lang) -> None:
    config = insecure_kubeconfig(control_plane, tmp_path)
    expected = messages.text("insecure-tls", lang, server=control_plane.server,
                             context="kind-kubeclass")
    # check reads with several requests at once (the pipelined LISTs) and one at a time.
    checked = kubeclass("lab", "check", "first-pod", "--no-wait", "--json", "--lang", lang,
                        "--kubeconfig", str(config), home=tmp_path / "home")
    assert checked.returncode == 1, checked.stderr  # nothing started: the checks fail
    assert json.loads(checked.stdout)["lab"] == "first-pod"
    assert checked.stderr == expected + "\n"
    started = kubeclass("lab", "start", "first-pod", "--lang", lang, "--kubeconfig",
                        str(config), home=tmp_path / "home")
    reset = kubeclass("lab", "reset", "first-pod", "--lang", lang, "--kubeconfig",
                      str(config), home=tmp_path / "home")
    for result in (started, reset):
        assert result.returncode == 0, result.stderr
        assert result.stderr == expected + "\n"


def test_a_verifying_context_says_nothing(control_plane: Any, tmp_path: Path) -> None:
    checked = kubeclass("lab", "check", "first-pod", "--no-wait", "--json", "--kubeconfig",
                        str(control_plane.admin_kubeconfig), home=tmp_path / "home")
    assert checked.returncode == 1 and checked.stderr == ""
