"""The labs as the website shows them, cached: each ``lab.yaml``, read and validated.

A site build (and every rebuild of ``mkdocs serve``) needs the labs' texts and checks, not
their manifests. Parsing the YAML with positions and validating it costs more than the
rest of the lab pages; unchanged labs are read from :mod:`kubeclass.cachefile` instead.
The fingerprint covers every ``lab.yaml``, the names of all other files and folders (an
unexpected file is a problem ``check_labs`` reports) and the glossary's term ids (a lab
naming a term that is gone is invalid).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from pathlib import Path
from typing import Any

from kubeclass import cachefile
from kubeclass.labs.model import LAB_FILE, Bilingual, Check, Count, Lab, ResourceRef, Step
from kubeclass.problems import ContentError

FORMAT = 1  # bump when the layout of the cached data changes


def site_labs(directory: Path, term_ids: Collection[str]) -> list[Lab]:
    """The labs of ``check_labs(directory, term_ids=term_ids, manifests=False)``, cached
    while the labs and the term ids stay the same. Raises :class:`ContentError` listing
    every problem when a lab is not valid."""
    base = directory.resolve()
    stamp = cachefile.fingerprint(base, version=FORMAT, salt="\n".join(sorted(term_ids)),
                                  suffixes=(LAB_FILE,), every_name=True)
    return cachefile.cached(cachefile.cache_file("labs", base), stamp,
                            load=lambda: _check(base, term_ids),
                            encode=lambda labs: [lab_to_dict(lab) for lab in labs],
                            decode=lambda data: [lab_from_dict(item) for item in data])


def _check(directory: Path, term_ids: Collection[str]) -> list[Lab]:
    from kubeclass.labs.load import check_labs  # YAML and validation: a miss only

    result = check_labs(directory, term_ids=term_ids, manifests=False)
    if result.problems:
        raise ContentError(result.problems)
    return result.labs


def lab_to_dict(lab: Lab) -> dict[str, Any]:
    """A lab without its manifests and path, as JSON-ready data."""
    data = dataclasses.asdict(dataclasses.replace(lab, setup=(), solution=(), attempts=()))
    del data["path"], data["setup"], data["solution"], data["attempts"]
    return data


def lab_from_dict(data: dict[str, Any]) -> Lab:
    """Rebuild a :class:`Lab` (without manifests) from :func:`lab_to_dict` output."""
    return Lab(id=data["id"], title=Bilingual.from_dict(data["title"]), level=data["level"],
               minutes=data["minutes"], terms=tuple(data["terms"]),
               intro=Bilingual.from_dict(data["intro"]), namespace=data["namespace"],
               steps=tuple(_step(s) for s in data["steps"]))


def _step(data: dict[str, Any]) -> Step:
    return Step(id=data["id"], title=Bilingual.from_dict(data["title"]),
                instructions=Bilingual.from_dict(data["instructions"]),
                hints=tuple(Bilingual.from_dict(h) for h in data["hints"]),
                checks=tuple(_check_from_dict(c) for c in data["checks"]))


def _check_from_dict(data: dict[str, Any]) -> Check:
    ref = data["resource"]
    selector = ref["label_selector"]
    resource = ResourceRef(
        api_version=ref["api_version"], kind=ref["kind"], name=ref["name"],
        label_selector=(None if selector is None
                        else tuple((key, op, tuple(values)) for key, op, values in selector)),
        selector_text=ref["selector_text"])
    count = data["count"]
    return Check(
        id=data["id"], resource=resource, expect=data["expect"], asserts=tuple(data["asserts"]),
        absent=data["absent"], count=None if count is None else Count(**count),
        match=data["match"], points=data["points"],
        message=None if data["message"] is None else Bilingual.from_dict(data["message"]),
        hint=None if data["hint"] is None else Bilingual.from_dict(data["hint"]),
        timeout=data["timeout"], interval=data["interval"])
