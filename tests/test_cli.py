"""The root command: version, help, lazy subcommands, --root."""

from __future__ import annotations

import subprocess
import sys

import kubeclass
from kubeclass.cli import LAZY_COMMANDS

HEAVY = ("kubernetes", "mkdocs", "material", "rich", "fsrs", "genanki", "jmespath", "yaml", "torch",
         "pandas", "numpy")


def python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_version() -> None:
    proc = subprocess.run([sys.executable, "-m", "kubeclass", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"kubeclass, version {kubeclass.__version__}"


def test_help_lists_every_command_without_heavy_imports() -> None:
    proc = python(
        "import sys\n"
        "from kubeclass.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit as e:\n    assert e.code == 0\n"
        f"print('LOADED', [m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert "LOADED []" in proc.stdout
    for name in LAZY_COMMANDS:
        assert f"  {name} " in proc.stdout


def test_every_lazy_command_imports() -> None:
    for name, (target, _) in LAZY_COMMANDS.items():
        module, attr = target.split(":")
        proc = python(f"import {module} as m, click; assert isinstance(m.{attr}, click.Command)")
        assert proc.returncode == 0, (name, proc.stderr)


def test_unknown_command_is_a_usage_error() -> None:
    proc = subprocess.run([sys.executable, "-m", "kubeclass", "glosary"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "No such command 'glosary'" in proc.stderr
    assert "Traceback" not in proc.stderr
