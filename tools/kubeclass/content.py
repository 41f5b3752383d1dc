"""Where the content (``glossary/`` and ``labs/``) lives.

In order: ``KUBECLASS_ROOT`` (set by ``--root``), the clone this package runs from,
then the copy packaged inside the wheel.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def content_root() -> Path:
    """Return the directory that holds ``glossary/`` and ``labs/``."""
    env = os.environ.get("KUBECLASS_ROOT")
    if env:
        return Path(env).expanduser().resolve()
    clone = _PACKAGE.parent.parent
    if (clone / "glossary" / "categories.yaml").is_file():
        return clone
    return _PACKAGE / "_content"


def glossary_dir() -> Path:
    """The glossary directory of the active content root."""
    return content_root() / "glossary"


def labs_dir() -> Path:
    """The labs directory of the active content root."""
    return content_root() / "labs"


def repo_root() -> Path | None:
    """The clone this package runs from, or None when installed from a wheel."""
    clone = _PACKAGE.parent.parent
    return clone if (clone / "pyproject.toml").is_file() else None
