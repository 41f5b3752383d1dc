"""A cache of the validated glossary, so that the quiz, `lab check` and the site start at once.

Parsing and validating every YAML file with positions takes far longer than the rest of
the quiz's start-up. The validated glossary is kept by :mod:`kubeclass.cachefile` (JSON,
stamped with a fingerprint of the glossary files).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kubeclass import cachefile, content
from kubeclass.glossary.model import Bilingual, Category, Example, Glossary, Reference, Term

FORMAT = 1  # bump when the layout of the cached data changes


def fingerprint(directory: Path) -> str:
    """A digest of every glossary file's path, size and change times (plus versions)."""
    return cachefile.fingerprint(directory, version=FORMAT)


def term_from_dict(data: dict[str, Any], directory: Path) -> Term:
    """Rebuild a :class:`Term` from :meth:`Term.to_dict` output."""
    return Term(
        id=data["id"],
        term=Bilingual.from_dict(data["term"]),
        category=data["category"],
        level=data["level"],
        short=Bilingual.from_dict(data["short"]),
        long=Bilingual.from_dict(data["long"]),
        abbr=data["abbr"],
        aka=tuple(data["aka"]),
        tags=tuple(data["tags"]),
        examples=tuple(
            Example(title=Bilingual.from_dict(e["title"]), language=e["language"], code=e["code"])
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
        c["id"]: Category(id=c["id"], name=Bilingual.from_dict(c["name"]),
                          description=Bilingual.from_dict(c["description"]))
        for c in data["categories"]
    }
    terms = {t["id"]: term_from_dict(t, directory) for t in data["terms"]}
    return Glossary(terms=terms, categories=categories)


def cache_file(directory: Path) -> Path:
    """The cache file of one glossary directory (several content roots may be in use)."""
    return cachefile.cache_file("glossary", directory)


def load_cached_glossary(directory: Path | None = None) -> Glossary:
    """The validated glossary, from the cache when the files are unchanged.

    Raises :class:`kubeclass.problems.ContentError` like
    :func:`kubeclass.glossary.load.load_glossary` when the glossary is invalid (invalid
    glossaries are never cached).
    """
    base = (directory or content.glossary_dir()).resolve()
    return cachefile.cached(cache_file(base), fingerprint(base),
                            load=lambda: _load(base), encode=glossary_to_dict,
                            decode=lambda data: glossary_from_dict(data, base))


def _load(directory: Path) -> Glossary:
    from kubeclass.glossary.load import load_glossary  # YAML and validation: a miss only

    return load_glossary(directory)
