"""How many hints of each lab step the learner has seen (hints are revealed one at a time).

A small JSON file in the user's data directory (``KUBECLASS_HOME`` overrides), written
atomically; a corrupt file is simply started afresh — it only holds hint counters.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def data_dir() -> Path:
    """``$KUBECLASS_HOME``, else the platform's user data directory for kubeclass."""
    home = os.environ.get("KUBECLASS_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("kubeclass", appauthor=False))


def _file() -> Path:
    return data_dir() / "lab-hints.json"


def _read() -> dict[str, Any]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(data: dict[str, Any]) -> None:
    path = _file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".lab-hints.")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=1)
    os.replace(tmp, path)


def revealed(lab_id: str, step_id: str) -> int:
    """How many hints of the step have been shown."""
    value = _read().get(lab_id, {}).get(step_id, 0)
    return value if isinstance(value, int) else 0


def reveal_next(lab_id: str, step_id: str, available: int) -> int:
    """Reveal one more hint (up to ``available``); returns the index of the hint to show,
    or -1 when the step has none."""
    if available <= 0:
        return -1
    data = _read()
    lab = data.setdefault(lab_id, {})
    if not isinstance(lab, dict):
        lab = data[lab_id] = {}
    shown = lab.get(step_id, 0) if isinstance(lab.get(step_id, 0), int) else 0
    index = min(shown, available - 1)
    lab[step_id] = min(shown + 1, available)
    _write(data)
    return index


def forget(lab_id: str) -> None:
    """Hide every hint of a lab again (after ``lab start`` or ``lab reset``)."""
    data = _read()
    if data.pop(lab_id, None) is not None:
        _write(data)
