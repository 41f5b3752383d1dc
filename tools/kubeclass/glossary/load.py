"""Read the glossary from disk: ``glossary/categories.yaml`` and ``glossary/<category>/<id>.yaml``."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kubeclass import content
from kubeclass.glossary.model import Category, Glossary, Term
from kubeclass.glossary.paths import PATHS_FILE
from kubeclass.glossary.paths import check_file as check_paths_file
from kubeclass.glossary.validate import Entry, check_categories, check_glossary, check_term
from kubeclass.problems import ContentError, Problem
from kubeclass.yamlpos import Located, display_path, load_file, parse_or_report

CATEGORIES_FILE = "categories.yaml"


@dataclass(frozen=True)
class FileResult:
    """What validating one term file found (picklable, to come back from a worker)."""

    shown: str
    path: Path
    term: Term | None
    problems: list[Problem]


@dataclass
class CheckResult:
    """The outcome of reading a glossary: the valid terms and every problem found."""

    glossary: Glossary
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def term_files(directory: Path) -> Iterator[Path]:
    """Every ``*.yaml``/``*.yml`` under ``directory`` except ``categories.yaml`` and
    ``paths.yaml``, sorted."""
    for path in sorted(directory.rglob("*")):
        if path.suffix in (".yaml", ".yml") and path.is_file() and path.name != CATEGORIES_FILE \
                and path != directory / PATHS_FILE:
            yield path


# Below this many files a worker pool costs more than it saves.
PARALLEL_FROM = 400


def _check_one(path: Path, base: Path, cwd: str, categories: dict[str, Category]) -> FileResult:
    shown = display_path(path, cwd)
    problems: list[Problem] = []
    folder = path.parent.name if path.parent != base else ""
    if path.suffix != ".yaml" or not folder or path.parent.parent != base:
        problems.append(Problem(shown, 1, 1, "", "term files belong in glossary/<category>/<id>.yaml"))
        return FileResult(shown, path, None, problems)
    doc = parse_or_report(path, shown, problems)
    if doc is None:
        return FileResult(shown, path, None, problems)
    term, found = check_term(shown, path.stem, folder, doc, categories)
    return FileResult(shown, path, term, problems + found)


_Job = tuple[list[Path], Path, str, dict[str, Category]]


def _check_chunk(job: _Job) -> list[FileResult]:
    paths, base, cwd, categories = job
    return [_check_one(path, base, cwd, categories) for path in paths]


def _check_files(paths: list[Path], base: Path, cwd: str,
                 categories: dict[str, Category]) -> list[FileResult]:
    """Per-file validation, spread over the CPUs for large glossaries (results keep file order)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        return _check_chunk((paths, base, cwd, categories))
    chunks = [paths[i::workers * 2] for i in range(workers * 2)]
    with mp.get_context("fork").Pool(workers) as pool:
        results = [r for chunk in pool.map(_check_chunk, [(c, base, cwd, categories) for c in chunks])
                   for r in chunk]
    return sorted(results, key=lambda r: r.path)


def check_directory(directory: Path | None = None) -> CheckResult:
    """Read and validate every file of a glossary directory; never raises for bad content."""
    base = (directory or content.glossary_dir()).resolve()
    cwd = os.getcwd()
    problems: list[Problem] = []
    categories: dict[str, Category] = {}
    cat_path = base / CATEGORIES_FILE
    if not cat_path.is_file():
        problems.append(Problem(display_path(cat_path, cwd), 1, 1, "", "file is missing"))
    else:
        doc = parse_or_report(cat_path, display_path(cat_path, cwd), problems)
        if doc is not None:
            categories, found = check_categories(display_path(cat_path, cwd), doc)
            problems += found

    entries: list[Entry] = []
    for result in _check_files(list(term_files(base)), base, cwd, categories):
        problems += result.problems
        if result.term is not None:
            entries.append(Entry(result.shown, replace(result.term, path=result.path)))
    problems += check_glossary(entries, _locator())

    terms: dict[str, Term] = {}
    for entry in sorted(entries, key=lambda e: e.term.id):
        terms.setdefault(entry.term.id, entry.term)
    glossary = Glossary(terms=terms, categories=categories)
    problems += check_paths_file(base, glossary, cwd)[1]
    return CheckResult(glossary, sorted(problems))


def _locator() -> Callable[[Entry], Located]:
    """Re-reads a term file when a cross-term problem needs positions in it (rare)."""
    cache: dict[str, Located] = {}

    def locate(entry: Entry) -> Located:
        if entry.file not in cache:
            assert entry.term.path is not None
            cache[entry.file] = load_file(entry.term.path)
        return cache[entry.file]

    return locate


def load_glossary(directory: Path | None = None) -> Glossary:
    """The validated glossary; raises :class:`ContentError` listing every problem."""
    result = check_directory(directory)
    if result.problems:
        raise ContentError(result.problems)
    return result.glossary
