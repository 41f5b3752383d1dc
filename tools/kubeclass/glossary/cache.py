"""A cache of the validated glossary, so that the quiz, `lab check` and the site start at once.

Parsing and validating every YAML file with positions takes far longer than the rest of
the quiz's start-up. The validated glossary is saved as plain JSON (never pickle: a
cache file is not trusted code) with a fingerprint of the glossary files (names, sizes,
change times); any change to a file, a new file or a removed one, or a damaged cache,
means a fresh load.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from kubeclass import __version__, content
from kubeclass.glossary.model import Bilingual, Category, Example, Glossary, Reference, Term

FORMAT = 1  # bump when the layout of the cached data changes


def fingerprint(directory: Path) -> str:
    """A digest of every glossary file's path, size and change times (plus versions).

    ``stat`` rather than the bytes: reading every file would cost more than the rest of
    the start-up. ``st_ctime_ns`` changes on every write and can not be set back by
    tools such as ``touch``, so an edit is seen even when it keeps the size.
    """
    digest = hashlib.blake2b(f"{FORMAT}|{__version__}|{directory}".encode(), digest_size=20)
    entries: list[str] = []
    for root, dirs, names in os.walk(directory):
        dirs.sort()
        for name in names:
            if name.endswith((".yaml", ".yml")):
                info = os.stat(os.path.join(root, name))
                rel = os.path.relpath(os.path.join(root, name), directory)
                entries.append(f"{rel}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}"
                               f"\0{info.st_ino}")
    digest.update("\n".join(sorted(entries)).encode())
    return digest.hexdigest()


def _bi(data: dict[str, str]) -> Bilingual:
    return Bilingual(ko=data["ko"], en=data["en"])


def term_from_dict(data: dict[str, Any], directory: Path) -> Term:
    """Rebuild a :class:`Term` from :meth:`Term.to_dict` output."""
    return Term(
        id=data["id"],
        term=_bi(data["term"]),
        category=data["category"],
        level=data["level"],
        short=_bi(data["short"]),
        long=_bi(data["long"]),
        abbr=data["abbr"],
        aka=tuple(data["aka"]),
        tags=tuple(data["tags"]),
        examples=tuple(
            Example(title=_bi(e["title"]), language=e["language"], code=e["code"])
            for e in data["examples"]
        ),
        related=tuple(data["related"]),
        references=tuple(Reference(title=r["title"], url=r["url"]) for r in data["references"]),
        seed=bool(data["seed"]),
        path=directory / data["category"] / f"{data['id']}.yaml",
    )


def glossary_to_dict(glossary: Glossary) -> dict[str, Any]:
    """The glossary as JSON-ready data (the cache's payload)."""
    return {
        "categories": [c.to_dict() for c in glossary.categories.values()],
        "terms": [t.to_dict() for t in glossary.terms.values()],
    }


def glossary_from_dict(data: dict[str, Any], directory: Path) -> Glossary:
    """Rebuild a :class:`Glossary` from :func:`glossary_to_dict` output."""
    categories = {
        c["id"]: Category(id=c["id"], name=_bi(c["name"]), description=_bi(c["description"]))
        for c in data["categories"]
    }
    terms = {t["id"]: term_from_dict(t, directory) for t in data["terms"]}
    return Glossary(terms=terms, categories=categories)


def cache_file(directory: Path) -> Path:
    """The cache file of one glossary directory (several content roots may be in use)."""
    from kubeclass.quiz.paths import cache_dir

    key = hashlib.blake2b(str(directory).encode(), digest_size=8).hexdigest()
    return cache_dir() / f"glossary-{key}.json"


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_cached_glossary(directory: Path | None = None) -> Glossary:
    """The validated glossary, from the cache when the files are unchanged.

    Raises :class:`kubeclass.problems.ContentError` like
    :func:`kubeclass.glossary.load.load_glossary` when the glossary is invalid (invalid
    glossaries are never cached).
    """
    base = (directory or content.glossary_dir()).resolve()
    stamp = fingerprint(base)
    path = cache_file(base)
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached["fingerprint"] == stamp:
            return glossary_from_dict(cached["glossary"], base)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # missing, stale or damaged: load from the YAML files
    from kubeclass.glossary.load import load_glossary

    glossary = load_glossary(base)
    payload = {"fingerprint": stamp, "glossary": glossary_to_dict(glossary)}
    with contextlib.suppress(OSError):  # a read-only home only costs speed
        _write_atomically(path, json.dumps(payload, ensure_ascii=False))
    return glossary
