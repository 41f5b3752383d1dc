"""Where the quiz keeps the learner's progress and its caches.

``KUBECLASS_HOME`` puts everything under one directory (tests, a USB stick in a separated
network); otherwise the platform's user data and cache directories are used.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "kubeclass"
DB_NAME = "progress.sqlite3"


def _home() -> Path | None:
    env = os.environ.get("KUBECLASS_HOME")
    return Path(env).expanduser() if env else None


def data_dir() -> Path:
    """The directory of the progress database."""
    home = _home()
    if home is not None:
        return home
    import platformdirs  # only on this path: it is not needed by `kubeclass --help`

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """The directory of disposable caches (the parsed glossary)."""
    home = _home()
    if home is not None:
        return home / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def db_path() -> Path:
    """The progress database file."""
    return data_dir() / DB_NAME
