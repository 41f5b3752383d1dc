"""Term mentions kept between builds: never stale, never trusted blindly, and a rebuild
from them gives the very pages a fresh build gives."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import make_site, run_kubeclass
from glossary_fixtures import glossary, small_glossary, term

from kubeclass.site.linkcache import MentionCache
from kubeclass.site.linker import Linker, Mention

PAGE = ('<h1>파드</h1><p>파드를 쓰면 컨테이너의 장점이 크다. VM은 무겁다.</p>'
        '<div lang="en"><p>Pods and virtual machines.</p></div>')


def href(term_id: str) -> str:
    return f"../terms/{term_id}/"


def test_kept_mentions_give_the_same_links(tmp_path: Path) -> None:
    linker = Linker(small_glossary())
    found = linker.mentions(PAGE, "guide/", skip_term=None)
    assert [m.term_id for m in found] == ["pod", "container", "virtual-machine"]
    cache = MentionCache(tmp_path / "mentions.json", linker.stamp)
    key = cache.key(PAGE, "guide/", None)
    assert cache.get(key) is None
    cache.put(key, found)
    cache.save()

    again = MentionCache(tmp_path / "mentions.json", linker.stamp)
    kept = again.get(key)
    assert kept == found
    assert linker.fits(PAGE, kept)
    assert linker.apply(PAGE, kept, href) == linker.link(PAGE, "guide/", href)


def test_the_key_covers_the_page_its_url_and_its_term() -> None:
    key = MentionCache.key(PAGE, "guide/", None)
    assert key == MentionCache.key(PAGE, "guide/", None)
    assert len({key, MentionCache.key(PAGE + " ", "guide/", None),
                MentionCache.key(PAGE, "other/", None),
                MentionCache.key(PAGE, "guide/", "pod")}) == 4


def test_other_names_or_rules_mean_another_stamp() -> None:
    base = Linker(small_glossary()).stamp
    assert Linker(small_glossary()).stamp == base
    assert Linker(small_glossary(), exclude=["pod"]).stamp != base
    renamed = glossary(*(t if t.id != "pod" else term("pod", "파드", "Pod", aka=("팟",))
                         for t in small_glossary().terms.values()))
    assert Linker(renamed).stamp != base


def test_a_cache_of_other_names_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "mentions.json"
    cache = MentionCache(path, "stamp-a")
    key = cache.key(PAGE, "guide/", None)
    cache.put(key, [Mention(3, 5, "pod", "ko")])
    cache.save()
    assert MentionCache(path, "stamp-b").get(key) is None
    assert MentionCache(path, "stamp-a").get(key) == [Mention(3, 5, "pod", "ko")]


@pytest.mark.parametrize("payload", [
    "not json at all",
    json.dumps({"fingerprint": "s", "payload": ["a", "list"]}),
    json.dumps({"fingerprint": "s", "payload": {"KEY": "not a list"}}),
    json.dumps({"fingerprint": "s", "payload": {"KEY": [[1, 2, "pod"]]}}),
    json.dumps({"fingerprint": "s", "payload": {"KEY": [["1", 2, "pod", "ko"]]}}),
    json.dumps({"fingerprint": "s", "payload": {"KEY": [[1, 2, None, "ko"]]}}),
], ids=["not-json", "list", "entry", "short-item", "string-offset", "null-term"])
def test_a_damaged_cache_is_ignored(tmp_path: Path, payload: str) -> None:
    path = tmp_path / "mentions.json"
    key = MentionCache.key(PAGE, "guide/", None)
    path.write_text(payload.replace("KEY", key), "utf-8")
    assert MentionCache(path, "s").get(key) is None


POD, CONTAINER, NOT_A_NAME = 14, 21, 18  # where "파드", "컨테이너" and "쓰면" start in PAGE


@pytest.mark.parametrize("mentions", [
    [Mention(POD, 9999, "pod", "ko")],                                     # past the end
    [Mention(POD, POD + 2, "pod", "ko"), Mention(POD + 1, CONTAINER + 4, "container", "ko")],
    [Mention(CONTAINER, CONTAINER + 4, "container", "ko"), Mention(POD, POD + 2, "pod", "ko")],
    [Mention(POD, POD + 2, "no-such-term", "ko")],                         # unknown term
    [Mention(POD - 3, POD + 2, "pod", "ko")],                              # over a tag
    [Mention(NOT_A_NAME, NOT_A_NAME + 2, "pod", "ko")],                    # not a name
    [Mention(POD, POD + 2, "container", "ko")],                            # another term's
    [Mention(POD + 2, POD, "pod", "ko")],                                  # empty
], ids=["past-end", "overlap", "order", "unknown", "tag", "not-a-name", "other-term", "empty"])
def test_mentions_that_do_not_fit_the_page_are_refused(mentions: list[Mention]) -> None:
    linker = Linker(small_glossary())
    assert (PAGE[POD:POD + 2], PAGE[CONTAINER:CONTAINER + 4], PAGE[NOT_A_NAME:NOT_A_NAME + 2]) \
        == ("파드", "컨테이너", "쓰면")
    assert linker.fits(PAGE, linker.mentions(PAGE, "guide/"))
    assert not linker.fits(PAGE, mentions)


def _build(config: Path, home: Path) -> dict[str, str]:
    done = run_kubeclass("site", "build", "--strict", "-f", str(config),
                         env={"KUBECLASS_HOME": str(home), "SOURCE_DATE_EPOCH": "1"})  # one quiz
    assert done.returncode == 0, done.stderr
    site = config.parent / "site"
    return {str(p.relative_to(site)): p.read_text("utf-8") for p in sorted(site.rglob("*.html"))
            if "404" not in p.name}


def test_a_rebuild_uses_the_kept_mentions_and_sees_every_change(tmp_path: Path) -> None:
    docs = {"index.md": "# 홈\n\n파드를 먼저 보고 나중에 컨테이너를 본다.\n",
            "tags.md": "# 태그\n\n<!-- material/tags -->\n"}
    config = make_site(tmp_path / "site", docs=docs)
    home = tmp_path / "home"
    first = _build(config, home)
    [cache_file] = (home / "cache").glob("mentions-*.json")
    written = cache_file.stat().st_mtime_ns
    assert 'class="kc-term" href="terms/pod/"' in first["index.html"]

    # Nothing changed: every page's mentions come from the cache (it is not rewritten),
    # and the pages are the same.
    assert _build(config, home) == first
    assert cache_file.stat().st_mtime_ns == written

    # A changed page is searched again; the others still come from the cache.
    (tmp_path / "site" / "docs" / "index.md").write_text(
        "# 홈\n\n서비스와 VM을 본다.\n", "utf-8")
    edited = _build(config, home)
    assert 'href="terms/service/"' in edited["index.html"]
    assert 'href="terms/virtual-machine/"' in edited["index.html"]
    assert 'href="terms/pod/"' not in edited["index.html"]
    assert {k: v for k, v in edited.items() if k != "index.html"} == {
        k: v for k, v in first.items() if k != "index.html"}

    # Mentions that do not fit their page (a damaged or tampered cache) are searched
    # again: the pages are those of a build without any cache.
    data = json.loads(cache_file.read_text("utf-8"))
    for key in data["payload"]:
        data["payload"][key] = [[0, 5, "pod", "ko"]]
    cache_file.write_text(json.dumps(data), "utf-8")
    tampered = _build(config, home)
    fresh = _build(config, tmp_path / "empty-home")
    assert tampered == fresh == edited
    assert os.path.getsize(cache_file) > 0
