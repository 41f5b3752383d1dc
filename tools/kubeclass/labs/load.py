"""Read labs from disk: ``labs/<id>/lab.yaml``, ``setup/``, ``solution/`` and ``tests/``.

Public API (also used by the site plugin and the classroom):
:func:`load_labs` (every lab, validated), :func:`load_lab` (one lab by id) and
:func:`check_labs` (labs and problems, never raises for bad content).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

from kubeclass import content
from kubeclass.errors import UserError
from kubeclass.glossary.validate import DocumentChecker
from kubeclass.labs.model import LAB_FILE, Attempt, Lab, Manifest
from kubeclass.labs.validate import check_attempt, check_lab, check_manifest
from kubeclass.limits import MAX_NODES, Refused
from kubeclass.problems import ContentError, Problem, did_you_mean
from kubeclass.yamlpos import (
    YamlSyntaxError,
    display_path,
    load_text,
    parse_or_report,
    read_text,
    syntax_problem,
)

KNOWN_ENTRIES = {LAB_FILE, "setup", "solution", "tests", "README.md", "files"}
_DOC_START = re.compile(r"^---(\s|$)")




class LabNotFound(UserError):
    """No lab has this id (exit 2)."""

    def __init__(self, lab_id: str, known: list[str]) -> None:
        self.lab_id = lab_id
        self.known = known
        labs = ", ".join(known) or "(none)"
        super().__init__(f"no lab '{lab_id}'{did_you_mean(lab_id, known)}; labs: {labs}",
                         f"실습 '{lab_id}'이(가) 없습니다{did_you_mean(lab_id, known)}; 실습: {labs}")


@dataclass
class LabsCheck:
    """The outcome of reading a labs directory: the valid labs and every problem found."""

    labs: list[Lab]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def lab_dirs(directory: Path) -> list[Path]:
    """The lab folders (every sub-folder not starting with '.' or '_'), sorted."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir()
                  if p.is_dir() and not p.name.startswith((".", "_")))


def glossary_term_ids(glossary_dir: Path | None = None) -> set[str]:
    """Ids of the glossary's valid terms (the glossary's own problems are `glossary check`'s
    business)."""
    from kubeclass.glossary.load import check_directory

    return set(check_directory(glossary_dir).glossary.terms)


def check_labs(directory: Path | None = None, *, term_ids: Collection[str] | None = None,
               check_terms: bool = True, only: str | None = None,
               manifests: bool = True) -> LabsCheck:
    """Read and validate the labs under ``directory`` (default: the content root's labs/).

    Glossary ids come from ``term_ids``, else from the glossary next to the labs (when
    ``check_terms``). ``only`` restricts reading to one lab id. Without ``manifests``,
    only each ``lab.yaml`` is read (what the website shows): ``setup/``, ``solution/`` and
    ``tests/`` — most of the files — are left to ``lab validate``.
    """
    base = (directory or content.labs_dir()).resolve()
    if term_ids is None and check_terms:
        sibling = base.parent / "glossary"
        term_ids = glossary_term_ids(sibling if sibling.is_dir() else None)
    problems: list[Problem] = []
    labs: list[Lab] = []
    for folder in lab_dirs(base):
        if only is not None and folder.name != only:
            continue
        lab, found = _check_folder(folder, term_ids, manifests)
        problems += found
        if lab is not None:
            labs.append(lab)
    return LabsCheck(labs, sorted(problems))


def load_labs(directory: Path | None = None) -> list[Lab]:
    """Every lab, validated (terms resolved against the glossary); raises
    :class:`ContentError` listing every problem."""
    result = check_labs(directory)
    if result.problems:
        raise ContentError(result.problems)
    return result.labs


def load_lab(lab_id: str, directory: Path | None = None, *, check_terms: bool = False) -> Lab:
    """One lab by id, validated. Raises :class:`LabNotFound` or :class:`ContentError`.

    Term ids are not resolved by default: grading does not need the glossary, and
    ``lab validate`` / CI check them.
    """
    base = (directory or content.labs_dir()).resolve()
    known = [p.name for p in lab_dirs(base)]
    if lab_id not in known:
        raise LabNotFound(lab_id, known)
    result = check_labs(base, check_terms=check_terms, only=lab_id)
    if result.problems:
        raise ContentError(result.problems)
    return result.labs[0]


def _check_folder(folder: Path, term_ids: Collection[str] | None, manifests: bool = True
                  ) -> tuple[Lab | None, list[Problem]]:
    problems: list[Problem] = []
    lab_path = folder / LAB_FILE
    shown = display_path(lab_path)
    if not lab_path.is_file():
        return None, [Problem(shown, 1, 1, "", "every lab folder needs a lab.yaml")]
    for entry in sorted(folder.iterdir()):
        if entry.name not in KNOWN_ENTRIES and not entry.name.startswith("."):
            problems.append(Problem(display_path(entry), 1, 1, "",
                                    f"unexpected '{entry.name}' in a lab folder (allowed: "
                                    f"{', '.join(sorted(KNOWN_ENTRIES))})"
                                    f"{did_you_mean(entry.name, KNOWN_ENTRIES)}"))
    doc = parse_or_report(lab_path, display_path(lab_path), problems)
    lab = None
    if doc is not None:
        lab, found = check_lab(shown, folder.name, doc, term_ids)
        problems += found
    if not manifests:
        return (lab if not problems else None), problems
    setup = _manifest_files(folder / "setup", problems, required=False)
    solution = _manifest_files(folder / "solution", problems, required=True)
    attempts: list[Attempt] = []
    tests_dir = folder / "tests"
    if tests_dir.is_dir():
        check_ids = {c.id for c in lab.checks()} if lab is not None else None
        for path in sorted(tests_dir.iterdir()):
            if path.suffix not in (".yaml", ".yml"):
                problems.append(Problem(display_path(path), 1, 1, "",
                                        "tests/ holds only <attempt>.yaml files"))
                continue
            attempt_doc = parse_or_report(path, display_path(path), problems)
            if attempt_doc is None:
                continue
            attempt, found = check_attempt(display_path(path), path.stem, attempt_doc,
                                           check_ids)
            problems += found
            if attempt is not None:
                attempts.append(replace(attempt, path=path))
    if lab is None or problems:
        return None, problems
    return replace(lab, setup=setup, solution=solution, attempts=tuple(attempts),
                   path=folder), problems


def _manifest_files(folder: Path, problems: list[Problem], *, required: bool
                    ) -> tuple[tuple[Manifest, ...], ...]:
    shown_folder = display_path(folder)
    if not folder.is_dir():
        if required:
            problems.append(Problem(shown_folder, 1, 1, "",
                                    f"missing folder '{folder.name}/' with the reference "
                                    "answer as Kubernetes manifests"))
        return ()
    files: list[tuple[Manifest, ...]] = []
    before = len(problems)
    for path in sorted(folder.iterdir()):
        shown = display_path(path)
        if path.suffix not in (".yaml", ".yml") or not path.is_file():
            problems.append(Problem(shown, 1, 1, "", "only .yaml manifests belong here"))
            continue
        files.append(read_manifests(path, shown, problems))
    if required and not any(files) and len(problems) == before:
        problems.append(Problem(shown_folder, 1, 1, "", "holds no manifest"))
    return tuple(files)


def read_manifests(path: Path, shown: str, problems: list[Problem]) -> tuple[Manifest, ...]:
    """Every object of a (multi-document) manifest file, validated."""
    try:
        text = read_text(path)
    except Refused as exc:
        problems.append(exc.problem(shown))
        return ()
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(shown, 1, 1, "", f"cannot read file: {exc}"))
        return ()
    out: list[Manifest] = []
    nodes_left = MAX_NODES  # for the whole file, not each document
    for start, chunk in _documents(text):
        # Leading blank lines keep line numbers those of the whole file.
        try:
            doc = load_text("\n" * start + chunk, max_nodes=nodes_left)
        except YamlSyntaxError as exc:
            problems.append(syntax_problem(shown, exc))
            continue
        except Refused as exc:
            problems.append(exc.problem(shown))
            return ()  # nothing from a refused file
        nodes_left -= doc.nodes
        if doc.data is None:
            continue
        checker = DocumentChecker(shown, doc)
        checker.duplicates()
        line, _ = doc.where(())
        manifest = check_manifest(checker, doc.data, (), f"{shown}:{line}")
        problems += checker.problems
        if manifest is not None and not checker.problems:
            out.append(manifest)
    return tuple(out)


def _documents(text: str) -> list[tuple[int, str]]:
    """Split a multi-document YAML text at ``---`` lines: (first line index, text) pairs."""
    docs: list[tuple[int, str]] = []
    start, current = 0, list[str]()
    for number, line in enumerate(text.splitlines(keepends=True)):
        if _DOC_START.match(line):
            docs.append((start, "".join(current)))
            start, current = number, [line]
        else:
            current.append(line)
    docs.append((start, "".join(current)))
    return docs
