"""Learning paths: ``glossary/paths.yaml``, ordered steps through terms, quizzes and labs.

A path is a list of steps; a step names terms one by one (``terms``), whole categories
(``categories``: every term of the category, so terms added later fall in by themselves)
or both, and the labs that go with it. A term appears once per path, at its first step.
Validation is as strict as for term files: every unknown id is reported at its line.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kubeclass import content
from kubeclass.glossary import schema
from kubeclass.glossary.model import LEVELS, Bilingual, Glossary, Term
from kubeclass.glossary.validate import DocumentChecker
from kubeclass.problems import ContentError, Problem, did_you_mean
from kubeclass.yamlpos import Located, display_path, parse_or_report

PATHS_FILE = "paths.yaml"
PATH_FIELDS: tuple[str, ...] = ("id", "name", "description", "steps")
STEP_FIELDS: tuple[str, ...] = ("title", "terms", "categories", "labs")
LAB_FILE = "lab.yaml"


@dataclass(frozen=True)
class PathStep:
    """One step of a path; ``terms`` is resolved: the named terms, then the categories'."""

    title: Bilingual
    terms: tuple[str, ...]
    labs: tuple[str, ...] = ()


@dataclass(frozen=True)
class LearningPath:
    """An ordered way through the glossary."""

    id: str
    name: Bilingual
    description: Bilingual
    steps: tuple[PathStep, ...]

    def term_ids(self) -> list[str]:
        """Every term of the path, in order."""
        return [t for step in self.steps for t in step.terms]

    def next_term(self, term_id: str) -> str | None:
        """The term after ``term_id`` in this path (None at the end or when not in it)."""
        ids = self.term_ids()
        if term_id not in ids:
            return None
        at = ids.index(term_id)
        return ids[at + 1] if at + 1 < len(ids) else None

    def position(self, term_id: str) -> tuple[int, int] | None:
        """``(step number, number of steps)``, 1-based, of the step holding ``term_id``."""
        for number, step in enumerate(self.steps, 1):
            if term_id in step.terms:
                return number, len(self.steps)
        return None


def category_terms(glossary: Glossary, category: str) -> list[Term]:
    """A category's terms in learning order: beginner first, then by id."""
    level = {name: i for i, name in enumerate(LEVELS)}
    return sorted((t for t in glossary.terms.values() if t.category == category),
                  key=lambda t: (level.get(t.level, len(level)), t.id))


def check_paths(file: str, doc: Located, glossary: Glossary,
                labs: Collection[str] | None) -> tuple[dict[str, LearningPath], list[Problem]]:
    """Validate ``paths.yaml`` against the glossary's terms and categories and the lab ids
    (``labs`` None: no labs folder to check against)."""
    c = DocumentChecker(file, doc)
    c.duplicates()
    out: dict[str, LearningPath] = {}
    if not isinstance(doc.data, list):
        c.report((), "must be a list of learning paths")
        return out, c.problems
    for i, item in enumerate(doc.data):
        data = c.mapping(item, (i,))
        if data is None:
            continue
        c.keys(data, (i,), PATH_FIELDS, PATH_FIELDS)
        pid = c.text(data["id"], (i, "id")) if "id" in data else None
        if pid is not None and not schema.SLUG.match(pid):
            c.report((i, "id"), f"'{pid}' must be lower-case kebab-case")
            pid = None
        elif pid is not None and pid in out:
            c.report((i, "id"), f"path '{pid}' is defined twice")
            pid = None
        name = c.bilingual(data["name"], (i, "name")) if "name" in data else None
        desc = c.bilingual(data["description"], (i, "description")) if "description" in data else None
        steps = _steps(c, data.get("steps"), (i, "steps"), glossary, labs) if "steps" in data else None
        if pid and name and desc and steps:
            out[pid] = LearningPath(id=pid, name=name, description=desc, steps=tuple(steps))
    return out, c.problems


def _steps(c: DocumentChecker, value: Any, path: tuple[int, str], glossary: Glossary,
           labs: Collection[str] | None) -> list[PathStep] | None:
    if not isinstance(value, list) or not value:
        c.report(path, "must list at least one step")
        return None
    seen: set[str] = set()
    out: list[PathStep] = []
    for j, item in enumerate(value):
        at = (*path, j)
        data = c.mapping(item, at)
        if data is None:
            continue
        c.keys(data, at, STEP_FIELDS, ("title",))
        if "terms" not in data and "categories" not in data:
            c.report(at, "a step needs 'terms', 'categories' or both")
        title = c.bilingual(data["title"], (*at, "title")) if "title" in data else None
        terms: list[str] = []
        for k, tid in enumerate(c.texts(data.get("terms", []), (*at, "terms"))):
            if tid not in glossary.terms:
                c.report((*at, "terms", k), f"unknown term id '{tid}'{did_you_mean(tid, glossary.terms)}")
            elif tid in seen:
                c.report((*at, "terms", k), f"term '{tid}' is already in this path")
            else:
                seen.add(tid)
                terms.append(tid)
        for k, cid in enumerate(c.texts(data.get("categories", []), (*at, "categories"))):
            if cid not in glossary.categories:
                c.report((*at, "categories", k),
                         f"unknown category '{cid}'{did_you_mean(cid, glossary.categories)}")
                continue
            fresh = [t.id for t in category_terms(glossary, cid) if t.id not in seen]
            seen.update(fresh)
            terms += fresh
        step_labs = c.texts(data.get("labs", []), (*at, "labs"))
        for k, lab in enumerate(step_labs):
            if labs is not None and lab not in labs:
                c.report((*at, "labs", k), f"unknown lab '{lab}'{did_you_mean(lab, labs)}")
        if title is not None:
            out.append(PathStep(title=title, terms=tuple(terms), labs=tuple(step_labs)))
    return out


def lab_ids(labs_dir: Path) -> set[str] | None:
    """The ids of the labs in ``labs_dir`` (folders with a ``lab.yaml``); nothing is parsed.
    None when there is no such folder (a glossary copied on its own): labs go unchecked."""
    if not labs_dir.is_dir():
        return None
    return {p.parent.name for p in labs_dir.glob(f"*/{LAB_FILE}")}


def check_file(directory: Path, glossary: Glossary,
               cwd: str) -> tuple[dict[str, LearningPath], list[Problem]]:
    """Read and validate ``<directory>/paths.yaml``; no file means no paths."""
    path = directory / PATHS_FILE
    if not path.is_file():
        return {}, []
    shown = display_path(path, cwd)
    problems: list[Problem] = []
    doc = parse_or_report(path, shown, problems)
    if doc is None:
        return {}, problems
    found, more = check_paths(shown, doc, glossary, lab_ids(directory.parent / "labs"))
    return found, problems + more


def load_paths(glossary: Glossary, directory: Path | None = None) -> dict[str, LearningPath]:
    """The validated learning paths of a glossary directory; raises :class:`ContentError`."""
    found, problems = check_file((directory or content.glossary_dir()).resolve(), glossary, os.getcwd())
    if problems:
        raise ContentError(problems)
    return found


def terms_in_no_path(glossary: Glossary, paths: Sequence[LearningPath]) -> list[str]:
    """Term ids that no path reaches (a soft report: new terms wait for a path)."""
    covered = {t for p in paths for t in p.term_ids()}
    return sorted(set(glossary.terms) - covered)

