"""The site's performance page is the runner's output of a full run, never typed by hand."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from _figures import MISSED, OK, Figure
from _page import MARKER, PAGE, BenchResult, RunInfo, parse, render

REPO = Path(__file__).resolve().parents[2]
INFO = RunInfo(date="2026-12-03 13:00 UTC", cores=2, cpu="Test CPU", python="3.11.7",
               commit="abc1234", minutes=31.5, quick=False, load=3.2)


def _figure(name: str, verdict: str = OK) -> Figure:
    return Figure(name, "≤ 1.5 s", 1.234, "s", verdict, "한국어 설명 --> 끝", "English | -->",
                  "median of 3")


def test_the_page_is_what_the_runner_writes_for_the_run_it_carries() -> None:
    text = (REPO / PAGE).read_text("utf-8")
    assert MARKER in text
    info, results = parse(text)
    assert render(info, results) == text, "docs/performance.md was edited by hand"
    assert not info.quick, "the page shows a quick run"
    assert info.cores > 0 and info.date and info.commit
    figures = [f for r in results for f in r.figures]
    assert figures, "the page shows no figures"
    assert all(r.status in ("ok", "ran", "skipped") for r in results)
    for figure in figures:  # every figure's row is in the table, Korean sentence first
        assert f"| {figure.shown()} | {figure.verdict} |" in text
        assert text.index(figure.meaning_ko) < text.index(figure.meaning_en)


def test_a_hand_edit_of_the_page_is_told_apart() -> None:
    results = [BenchResult("glossary", "ok", [_figure("glossary check")])]
    text = render(INFO, results)
    assert parse(text) == (INFO, results)
    edited = text.replace("1.23 s", "1.03 s")
    assert edited != text
    assert render(*parse(edited)) != edited


def test_text_that_would_end_the_comment_stays_inside_it() -> None:
    results = [BenchResult("a", "ok", [_figure("x --> y"), _figure("z", MISSED)]),
               BenchResult("b", "ran")]
    text = render(INFO, results)
    assert parse(text) == (INFO, results)
    assert text.rstrip().endswith("-->") and text.count("kubeclass-bench-data") == 1


def test_a_page_without_the_marker_is_refused() -> None:
    with pytest.raises(ValueError, match="marker"):
        parse("# 성능\n\n| a | b |\n")


def test_the_page_is_in_the_nav_for_makers() -> None:
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml's !ENV and python tags: content of no interest here.
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((REPO / "mkdocs.yml").read_text("utf-8"), Loader=Loader)
    makers = next(entry["만드는 사람을 위해"] for entry in config["nav"]
                  if isinstance(entry, dict) and "만드는 사람을 위해" in entry)
    assert any(PAGE.removeprefix("docs/") in (e.values() if isinstance(e, dict) else [e])
               for e in makers)
