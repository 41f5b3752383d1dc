"""The glossary ships inside the wheel: the CLI works installed, far from any clone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
                   check=True, timeout=300)
    (found,) = out.glob("kubeclass-*.whl")
    return found


def test_wheel_contains_content(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "kubeclass/_content/glossary/categories.yaml" in names
    assert "kubeclass/_content/glossary/paths.yaml" in names
    assert "kubeclass/_content/glossary/virtualization/virtual-machine.yaml" in names
    assert "kubeclass/cli.py" in names


def test_installed_cli_uses_packaged_glossary(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site-packages"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, timeout=300)
    env = {k: v for k, v in os.environ.items() if k != "KUBECLASS_ROOT"}
    env["PYTHONPATH"] = str(target)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run([sys.executable, "-c", "import kubeclass.content as c; print(c.glossary_dir())"],
                          cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == str(target / "kubeclass" / "_content" / "glossary")
    shown = subprocess.run([sys.executable, "-m", "kubeclass", "glossary", "show", "vm", "--json"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert json.loads(shown.stdout)["id"] == "virtual-machine"
