"""Cache files of validated content (the glossary, the labs), so that commands start at once.

A cache holds what reading and validating a content directory produced, as plain JSON
(never pickle: a cache file is not trusted code), stamped with a fingerprint of the files
it came from (names, sizes, change times). Any change, a new file or a removed one, or a
damaged cache means the content is read again; an invalid content is never cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kubeclass import __version__

T = TypeVar("T")


def fingerprint(directory: Path, *, version: int, salt: str = "",
                suffixes: tuple[str, ...] = (".yaml", ".yml"), every_name: bool = False) -> str:
    """A digest of the path, size and change times of every file under ``directory``
    ending in ``suffixes`` (with ``every_name``, the names of all other files and folders).

    ``stat`` rather than the bytes: reading every file would cost more than the rest of
    the start-up. ``st_ctime_ns`` changes on every write and can not be set back by
    tools such as ``touch``, so an edit is seen even when it keeps the size. ``version``
    is the cached data's layout; ``salt``, anything else the cached result depends on.
    """
    digest = hashlib.blake2b(f"{version}|{__version__}|{directory}|{salt}".encode(),
                             digest_size=20)
    entries: list[str] = []
    for root, dirs, names in os.walk(directory):
        dirs.sort()
        if every_name:
            entries += (os.path.relpath(os.path.join(root, name), directory) + "/"
                        for name in dirs)
        for name in names:
            rel = os.path.relpath(os.path.join(root, name), directory)
            if name.endswith(suffixes):
                info = os.stat(os.path.join(root, name))
                entries.append(f"{rel}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}"
                               f"\0{info.st_ino}")
            elif every_name:
                entries.append(rel)
    digest.update("\n".join(sorted(entries)).encode())
    return digest.hexdigest()


def cache_file(kind: str, directory: Path) -> Path:
    """The cache file of one content directory (several content roots may be in use)."""
    from kubeclass.quiz.paths import cache_dir

    key = hashlib.blake2b(str(directory).encode(), digest_size=8).hexdigest()
    return cache_dir() / f"{kind}-{key}.json"


def cached(path: Path, stamp: str, *, load: Callable[[], T], encode: Callable[[T], Any],
           decode: Callable[[Any], T]) -> T:
    """``decode`` of what ``path`` holds under ``stamp``; else ``load()``, cached for next time.

    ``load`` raises when the content is invalid, so an invalid content is never cached.
    """
    data = read(path, stamp)
    if data is not None:
        try:
            return decode(data)
        except (KeyError, TypeError, AttributeError, ValueError):
            pass  # damaged: read the files
    value = load()
    write(path, stamp, encode(value))
    return value


def read(path: Path, stamp: str) -> Any | None:
    """The payload cached in ``path`` if its fingerprint is ``stamp``, else None."""
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached["fingerprint"] == stamp:
            return cached["payload"]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing, stale or damaged
    return None


def write(path: Path, stamp: str, payload: Any) -> None:
    """Cache ``payload`` (JSON data) under ``stamp``; a read-only home only costs speed."""
    try:
        text = json.dumps({"fingerprint": stamp, "payload": payload}, ensure_ascii=False)
    except (TypeError, ValueError):
        return  # a value JSON cannot hold (a YAML timestamp): read the files every time
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
