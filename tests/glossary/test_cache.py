"""The glossary cache: JSON only, invalidated by any change to a glossary file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kubeclass.glossary import cache
from kubeclass.glossary import load as glossary_load
from kubeclass.glossary.model import Glossary
from kubeclass.problems import ContentError

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def glossary_copy(tmp_path: Path) -> Path:
    target = tmp_path / "glossary"
    shutil.copytree(REPO / "glossary", target)
    return target


def _same(a: Glossary, b: Glossary) -> None:
    assert [t.to_dict() for t in a.terms.values()] == [t.to_dict() for t in b.terms.values()]
    assert list(a.categories.values()) == list(b.categories.values())
    assert [t.path for t in a.terms.values()] == [t.path for t in b.terms.values()]


def test_round_trip_equals_the_loaded_glossary(home: Path, glossary_copy: Path) -> None:
    fresh = cache.load_cached_glossary(glossary_copy)
    _same(fresh, glossary_load.load_glossary(glossary_copy))
    cached_file = cache.cache_file(glossary_copy.resolve())
    assert cached_file.is_file() and cached_file.is_relative_to(home)
    assert json.loads(cached_file.read_text("utf-8"))["fingerprint"]
    _same(cache.load_cached_glossary(glossary_copy), fresh)


def test_unchanged_files_do_not_reload(home: Path, glossary_copy: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    cache.load_cached_glossary(glossary_copy)

    def no_loading(directory: Path | None = None) -> Glossary:
        raise AssertionError("the YAML files were parsed again")

    monkeypatch.setattr(glossary_load, "load_glossary", no_loading)
    assert len(cache.load_cached_glossary(glossary_copy).terms) > 100


def test_an_edited_added_or_removed_file_reloads(home: Path, glossary_copy: Path) -> None:
    cache.load_cached_glossary(glossary_copy)
    pod = next(glossary_copy.rglob("pod.yaml"))
    text = pod.read_text("utf-8")
    # Same size: only the change time tells the edit apart.
    pod.write_text(text.replace("level: beginner", "level: advanced", 1), "utf-8")
    assert cache.load_cached_glossary(glossary_copy).terms["pod"].level == "advanced"
    broken = pod.parent / "zz-broken.yaml"
    broken.write_text("id: [unclosed\n", "utf-8")
    with pytest.raises(ContentError):
        cache.load_cached_glossary(glossary_copy)
    broken.unlink()
    assert cache.load_cached_glossary(glossary_copy).terms["pod"].level == "advanced"


def test_a_damaged_cache_is_ignored(home: Path, glossary_copy: Path) -> None:
    cache.load_cached_glossary(glossary_copy)
    cached_file = cache.cache_file(glossary_copy.resolve())
    for garbage in ("{not json", json.dumps({"fingerprint": "x"}), json.dumps([1, 2]),
                    json.dumps({"fingerprint": cache.fingerprint(glossary_copy.resolve()),
                                "payload": {"terms": [{"id": "x"}]}})):
        cached_file.write_text(garbage, "utf-8")
        assert "pod" in cache.load_cached_glossary(glossary_copy).terms
