"""End to end on the real API server: a `lab check` that fails one check makes that
check's terms due in `quiz --review`, first, with the reason shown; passing the lab then
reviews them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubeclass.labs.cluster import Cluster

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(300)]

REPO = Path(__file__).resolve().parents[2]
LAB = "configmap-secret"
NS = f"lab-{LAB}"


def kubeclass(home: Path, kubeconfig: Path, *args: str,
              stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KUBECLASS_HOME": str(home), "KUBECONFIG": str(kubeconfig),
           "PYTHONIOENCODING": "utf-8"}
    env.pop("KUBECLASS_ROOT", None)
    return subprocess.run([sys.executable, "-m", "kubeclass", *args], input=stdin,
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=150)


def test_a_failed_check_brings_its_terms_back_in_the_quiz(
        kubelet: Any, kube: Cluster, admin_kubeconfig: Path, home: Path) -> None:
    run = lambda *a, stdin=None: kubeclass(home, admin_kubeconfig, *a, stdin=stdin)  # noqa: E731
    try:
        with kubelet.serving(NS):
            started = run("lab", "start", LAB)
            assert started.returncode == 0, started.stderr
            # The learner's attempt: everything right but the Secret's user name.
            attempt = yaml.safe_load((REPO / "labs" / LAB / "tests" / "wrong-username.yaml")
                                     .read_text("utf-8"))
            for body in attempt["manifests"]:
                kube.apply(body, NS)
            checked = run("lab", "check", LAB, "--json")
            assert checked.returncode == 1, checked.stderr
            data = json.loads(checked.stdout)
            failed = [c["id"] for s in data["steps"] for c in s["checks"] if not c["passed"]]
            assert failed == ["secret-data"]
            assert data["quiz"] == {"due": ["secret"], "reviewed": []}

            # The quiz asks it first, and says why (Korean by default, English on request).
            # "q" at the first (multiple-choice) question stops before anything is saved.
            ko = run("quiz", "--review", "--answers", "-", stdin="q\n")
            assert ko.returncode == 0, ko.stderr
            assert f"↻ 실습 {LAB}의 secret-data 검사에서 틀림" in ko.stdout
            session = json.loads(run("quiz", "--review", "--lang", "en", "--json",
                                     "--answers", "-", stdin="\n" * 5).stdout)
            first = session["items"][0]
            assert first["term_id"] == "secret"
            assert first["reason"]["lab"] == LAB and first["reason"]["check"] == "secret-data"
            assert first["reason"]["text"]["en"] == f"failed the secret-data check of lab {LAB}"

            # Fixed: the lab passes, which reviews its terms; nothing is due any more.
            solved = run("lab", "solve", LAB)
            assert solved.returncode == 0, solved.stderr
            passed = run("lab", "check", LAB, "--json")
            assert passed.returncode == 0, passed.stdout + passed.stderr
            assert "secret" in json.loads(passed.stdout)["quiz"]["reviewed"]
            nothing = run("quiz", "--review", "--lang", "en", "--answers", "-", stdin="")
            assert "Nothing to ask right now." in nothing.stdout
            assert "failed the" not in nothing.stdout
    finally:
        run("lab", "reset", LAB)
