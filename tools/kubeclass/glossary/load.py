"""Read the glossary from disk: ``glossary/categories.yaml`` and ``glossary/<category>/<id>.yaml``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kubeclass import content
from kubeclass.glossary.model import Category, Glossary, Term
from kubeclass.glossary.validate import Entry, check_categories, check_glossary, check_term
from kubeclass.problems import ContentError, Problem
from kubeclass.yamlpos import Located, YamlSyntaxError, load_file

CATEGORIES_FILE = "categories.yaml"


@dataclass
class CheckResult:
    """The outcome of reading a glossary: the valid terms and every problem found."""

    glossary: Glossary
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _display(path: Path, base: Path) -> str:
    """A path as the user will recognise it: relative to the working directory if inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path.relative_to(base.parent))


def term_files(directory: Path) -> Iterator[Path]:
    """Every ``*.yaml``/``*.yml`` under ``directory`` except ``categories.yaml``, sorted."""
    for path in sorted(directory.rglob("*")):
        if path.suffix in (".yaml", ".yml") and path.is_file() and path.name != CATEGORIES_FILE:
            yield path


def _parse(path: Path, base: Path, problems: list[Problem]) -> Located | None:
    shown = _display(path, base)
    try:
        return load_file(path)
    except YamlSyntaxError as exc:
        problems.append(Problem(shown, exc.line, exc.column, "", f"YAML syntax error: {exc.message}"))
    except UnicodeDecodeError as exc:
        problems.append(Problem(shown, 1, 1, "", f"not UTF-8 text ({exc.reason})"))
    except OSError as exc:
        problems.append(Problem(shown, 1, 1, "", f"cannot read file: {exc.strerror}"))
    return None


def check_directory(directory: Path | None = None) -> CheckResult:
    """Read and validate every file of a glossary directory; never raises for bad content."""
    base = (directory or content.glossary_dir()).resolve()
    problems: list[Problem] = []
    categories: dict[str, Category] = {}
    cat_path = base / CATEGORIES_FILE
    if not cat_path.is_file():
        problems.append(Problem(_display(cat_path, base), 1, 1, "", "file is missing"))
    else:
        doc = _parse(cat_path, base, problems)
        if doc is not None:
            categories, found = check_categories(_display(cat_path, base), doc)
            problems += found

    entries: list[Entry] = []
    for path in term_files(base):
        shown = _display(path, base)
        folder = path.parent.name if path.parent != base else ""
        if path.suffix != ".yaml" or not folder or path.parent.parent != base:
            problems.append(Problem(shown, 1, 1, "", "term files belong in glossary/<category>/<id>.yaml"))
            continue
        doc = _parse(path, base, problems)
        if doc is None:
            continue
        term, found = check_term(shown, path.stem, folder, doc, categories)
        problems += found
        if term is not None:
            entries.append(Entry(shown, term, doc))
    problems += check_glossary(entries)

    terms: dict[str, Term] = {}
    for entry in sorted(entries, key=lambda e: e.term.id):
        terms.setdefault(entry.term.id, _with_path(entry, base))
    return CheckResult(Glossary(terms=terms, categories=categories), sorted(problems))


def _with_path(entry: Entry, base: Path) -> Term:
    return replace(entry.term, path=base / entry.term.category / f"{entry.term.id}.yaml")


def load_glossary(directory: Path | None = None) -> Glossary:
    """The validated glossary; raises :class:`ContentError` listing every problem."""
    result = check_directory(directory)
    if result.problems:
        raise ContentError(result.problems)
    return result.glossary
