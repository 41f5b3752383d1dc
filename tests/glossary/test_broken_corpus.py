"""Every file of the broken corpus is rejected with exactly the expected locations and messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kubeclass.glossary.load import check_directory

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.stem for p in (CORPUS / "broken").glob("*.yaml"))


def make_glossary(tmp_path: Path, case: str) -> Path:
    root = tmp_path / "glossary"
    shutil.copytree(CORPUS / "base", root)
    where = (CORPUS / "broken" / f"{case}.where").read_text(encoding="utf-8").strip()
    (root / where).write_text((CORPUS / "broken" / f"{case}.yaml").read_text(encoding="utf-8"),
                              encoding="utf-8")
    return root


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25


def test_base_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(CORPUS / "base", tmp_path / "glossary")
    monkeypatch.chdir(tmp_path)
    result = check_directory(tmp_path / "glossary")
    assert result.problems == []
    assert sorted(result.glossary.terms) == ["container", "virtual-machine"]


@pytest.mark.parametrize("case", CASES)
def test_broken_file(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_glossary(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    expected = (CORPUS / "broken" / f"{case}.expect").read_text(encoding="utf-8").splitlines()
    assert [str(p) for p in check_directory(root).problems] == expected
