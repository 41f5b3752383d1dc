"""What validating each glossary file found, kept between runs of ``glossary check``.

An author edits a term or two and checks again: parsing and validating the other thousands
of unchanged files again is most of the check's time. A file's result (its term, or its
problems) depends only on its bytes, its place (category folder and name), the categories
and the code that validates it, so it is kept, per file, stamped with the file's stat
(size, change times, inode — as :mod:`kubeclass.cachefile`). Everything else — the
categories, the working directory the problems are shown from, the validating code
itself (its files' stats: a changed rule must not answer from old results) — goes into one
salt; a different salt starts the cache afresh. Cross-term checks (duplicate ids, links
between terms) are never cached: they always run over every term.

Plain JSON, like every cache here: a cache file is data, never code.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from kubeclass import __version__, cachefile
from kubeclass.glossary.cache import term_from_dict
from kubeclass.glossary.model import Category, Term
from kubeclass.problems import Problem

FORMAT = 1  # bump when the layout of an entry changes

_Stat = tuple[int, int, int, int]


def _stat(path: Path) -> _Stat:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def _code_stamp() -> list[_Stat]:
    """The stats of the modules a file's result comes from."""
    here = Path(__file__).resolve().parent
    modules = [*sorted(here.glob("*.py")), here.parent / "yamlpos.py", here.parent / "problems.py",
               here.parent / "korean.py", here.parent / "limits.py"]
    return [_stat(m) for m in modules if m.exists()]


class FileResults:
    """The kept results of one glossary directory, looked up and stored per file."""

    def __init__(self, base: Path, cwd: str, categories: dict[str, Category]) -> None:
        self.base = base
        self.path = cachefile.cache_file("glossary-files", base)
        salt = json.dumps([FORMAT, __version__, str(base), cwd, _code_stamp(),
                           [c.to_dict() for c in categories.values()]], ensure_ascii=False)
        self.salt = hashlib.blake2b(salt.encode(), digest_size=20).hexdigest()
        self.entries: dict[str, list[Any]] = {}
        self.seen: dict[str, _Stat] = {}  # stats taken before the files were read
        self.changed = False
        data = cachefile.read(self.path, self.salt)
        if isinstance(data, dict):
            self.entries = data

    def lookup(self, path: Path) -> tuple[Term | None, list[Problem]] | None:
        """The kept result of ``path`` if the file is unchanged since, else None."""
        key = str(path.relative_to(self.base))
        entry = self.entries.get(key)
        try:
            self.seen[key] = stat = _stat(path)
            if entry is None or tuple(entry[0]) != stat:
                return None
            term = term_from_dict(entry[1], self.base) if entry[1] is not None else None
            if term is not None:
                term = _with_path(term, path)
            return term, [Problem(**p) for p in entry[2]]
        except (OSError, KeyError, TypeError, ValueError, IndexError):
            return None  # gone meanwhile, or a damaged entry: validate the file

    def store(self, path: Path, term: Term | None, problems: list[Problem]) -> None:
        """Keep what validating ``path`` found, under the stat :meth:`lookup` took before
        the file was read: a file changed meanwhile does not match it next time. A file
        with problems is not kept: nothing is cached from refused content, and the few
        broken files an author is fixing are validated afresh each time."""
        stat = self.seen.get(str(path.relative_to(self.base)))
        if stat is None or problems:
            return
        self.entries[str(path.relative_to(self.base))] = [
            list(stat), term.to_dict() if term is not None else None,
            [p.to_dict() for p in problems]]
        self.changed = True

    def save(self, kept: set[Path]) -> None:
        """Write the cache, forgetting files no longer in the glossary (``kept``)."""
        names = {str(p.relative_to(self.base)) for p in kept}
        if not self.changed and names == set(self.entries):
            return
        cachefile.write(self.path, self.salt,
                        {name: entry for name, entry in self.entries.items() if name in names})


def _with_path(term: Term, path: Path) -> Term:
    from dataclasses import replace

    return term if term.path == path else replace(term, path=path)
