"""The site's cache of the labs: the same labs as reading the files, invalidated by any change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kubeclass import cachefile
from kubeclass.glossary.cache import load_cached_glossary
from kubeclass.labs import cache
from kubeclass.labs import load as labs_load
from kubeclass.labs.model import Lab
from kubeclass.problems import ContentError

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def term_ids() -> set[str]:
    return set(load_cached_glossary(REPO / "glossary").terms)


@pytest.fixture()
def labs_copy(tmp_path: Path) -> Path:
    target = tmp_path / "labs"
    shutil.copytree(REPO / "labs", target)
    return target


def _reading_the_files(labs: Path, term_ids: set[str]) -> list[Lab]:
    result = labs_load.check_labs(labs, term_ids=term_ids, manifests=False)
    assert result.ok, result.problems
    return result.labs


def test_cached_labs_equal_the_labs_read_from_the_files(home: Path, labs_copy: Path,
                                                        term_ids: set[str]) -> None:
    expected = _reading_the_files(labs_copy, term_ids)
    assert len(expected) >= 5
    assert cache.site_labs(labs_copy, term_ids) == expected  # a miss: read and cached
    cached_file = cachefile.cache_file("labs", labs_copy.resolve())
    assert cached_file.is_file() and cached_file.is_relative_to(home)
    assert cache.site_labs(labs_copy, term_ids) == expected  # a hit
    for lab in expected:  # every field survives JSON
        assert cache.lab_from_dict(json.loads(json.dumps(cache.lab_to_dict(lab)))) == lab


def test_unchanged_labs_are_not_read_again(home: Path, labs_copy: Path, term_ids: set[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cache.site_labs(labs_copy, term_ids)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("lab.yaml was read again")

    monkeypatch.setattr(labs_load, "check_labs", no_reading)
    assert cache.site_labs(labs_copy, term_ids)


def test_any_change_is_seen(home: Path, labs_copy: Path, term_ids: set[str]) -> None:
    first = cache.site_labs(labs_copy, term_ids)[0]
    lab_yaml = labs_copy / first.id / "lab.yaml"
    text = lab_yaml.read_text("utf-8")
    lab_yaml.write_text(text.replace(f"minutes: {first.minutes}", "minutes: 99", 1), "utf-8")
    assert cache.site_labs(labs_copy, term_ids)[0].minutes == 99
    # A file that does not belong in a lab folder is a problem, though it is no lab.yaml.
    stray = labs_copy / first.id / "notes.txt"
    stray.write_text("x", "utf-8")
    with pytest.raises(ContentError, match=r"notes\.txt"):
        cache.site_labs(labs_copy, term_ids)
    stray.unlink()
    assert cache.site_labs(labs_copy, term_ids)[0].minutes == 99
    # A term the labs use that the glossary no longer has makes them invalid.
    with pytest.raises(ContentError):
        cache.site_labs(labs_copy, term_ids - {first.terms[0]})


def test_a_damaged_cache_is_ignored(home: Path, labs_copy: Path, term_ids: set[str]) -> None:
    expected = cache.site_labs(labs_copy, term_ids)
    cached_file = cachefile.cache_file("labs", labs_copy.resolve())
    stamp = json.loads(cached_file.read_text("utf-8"))["fingerprint"]
    for garbage in ("{not json", json.dumps({"fingerprint": "x"}), json.dumps([1, 2]),
                    json.dumps({"fingerprint": stamp, "payload": [{"id": "x"}]})):
        cached_file.write_text(garbage, "utf-8")
        assert cache.site_labs(labs_copy, term_ids) == expected
