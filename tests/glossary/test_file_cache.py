"""``glossary check`` keeps each file's result: a re-check validates only changed files and
reports exactly what a check from scratch reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kubeclass.glossary import filecache
from kubeclass.glossary import load as glossary_load
from kubeclass.glossary.load import CheckResult, check_directory

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def glossary_copy(tmp_path: Path) -> Path:
    target = tmp_path / "glossary"
    shutil.copytree(REPO / "glossary", target)
    return target


def _scratch(directory: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CheckResult:
    """A check with an empty cache folder of its own."""
    with monkeypatch.context() as patch:
        patch.setenv("KUBECLASS_HOME", str(tmp_path / f"scratch-{len(list(tmp_path.iterdir()))}"))
        return check_directory(directory)


def _same(a: CheckResult, b: CheckResult) -> None:
    assert a.problems == b.problems
    assert [t.to_dict() for t in a.glossary.terms.values()] == \
        [t.to_dict() for t in b.glossary.terms.values()]
    assert [t.path for t in a.glossary.terms.values()] == [t.path for t in b.glossary.terms.values()]


def _validated(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Records the files the next checks parse and validate."""
    seen: list[Path] = []
    real = glossary_load._validate_files

    def spy(paths: list[Path], *args: object) -> list[glossary_load.FileResult]:
        seen.extend(paths)
        return real(paths, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(glossary_load, "_validate_files", spy)
    return seen


def test_a_recheck_validates_only_the_edited_file(home: Path, glossary_copy: Path,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    first = check_directory(glossary_copy)
    assert first.ok and len(first.glossary.terms) > 100
    seen = _validated(monkeypatch)
    _same(check_directory(glossary_copy), first)
    assert seen == []
    pod = next(glossary_copy.rglob("pod.yaml"))
    # Same size: only the change time tells the edit apart.
    pod.write_text(pod.read_text("utf-8").replace("level: beginner", "level: advanced", 1), "utf-8")
    again = check_directory(glossary_copy)
    assert seen == [pod]
    assert again.glossary.terms["pod"].level == "advanced"
    _same(again, _scratch(glossary_copy, tmp_path, monkeypatch))


def test_problems_are_kept_and_cleared_like_a_check_from_scratch(
        home: Path, glossary_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pod = next(glossary_copy.rglob("pod.yaml"))
    original = pod.read_text("utf-8")
    pod.write_text(original.replace("level: beginner", "level: expert", 1), "utf-8")
    broken = pod.parent / "zz-broken.yaml"
    broken.write_text("id: [unclosed\n", "utf-8")
    first = check_directory(glossary_copy)
    assert len(first.problems) >= 2
    again = check_directory(glossary_copy)  # from the kept results
    _same(again, first)
    _same(again, _scratch(glossary_copy, tmp_path, monkeypatch))
    broken.unlink()
    pod.write_text(original, "utf-8")
    assert check_directory(glossary_copy).ok


def test_changed_categories_or_code_start_afresh(home: Path, glossary_copy: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    check_directory(glossary_copy)
    seen = _validated(monkeypatch)
    categories = glossary_copy / "categories.yaml"
    text = categories.read_text("utf-8")
    # A category's description does not change any term file, but it is in the salt.
    categories.write_text(text.replace("description:", "description:", 1) + "\n", "utf-8")
    check_directory(glossary_copy)
    assert seen == []  # same categories: nothing to redo
    monkeypatch.setattr(filecache, "_code_stamp", lambda: [(1, 2, 3, 4)])
    check_directory(glossary_copy)
    assert len(seen) > 100  # the validating code changed: every file again


def test_a_damaged_cache_is_ignored(home: Path, glossary_copy: Path) -> None:
    first = check_directory(glossary_copy)
    kept = filecache.FileResults(glossary_copy.resolve(), str(Path.cwd()), first.glossary.categories)
    for garbage in ("{not json", json.dumps({"fingerprint": kept.salt, "payload": [1]}),
                    json.dumps({"fingerprint": kept.salt,
                                "payload": {"network/pod.yaml": [[0], {"id": 1}, [{}]]}})):
        kept.path.write_text(garbage, "utf-8")
        _same(check_directory(glossary_copy), first)
