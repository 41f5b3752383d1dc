"""`kubeclass progress`: the figures (JSON, checked against the store), the screen in a
real terminal (tmux) and the HTML page in real Chromium (offline, everything escaped)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from _review_history import write_history
from tmux_driver import Tmux, quiz_env

from kubeclass.glossary.cache import load_cached_glossary
from kubeclass.quiz.paths import DB_NAME
from kubeclass.quiz.store import LabCheckRow, LabRunRow, Store
from kubeclass.site.urls import term_page_url

REPO = Path(__file__).resolve().parents[2]
HOSTILE_LAB = '<script>alert("x")</script>&amp;'
NOW = datetime.now(UTC)


def fill(home: Path) -> None:
    """300 reviews of 40 terms ending two days ago, two labs (one passed), one hostile id."""
    terms = sorted(load_cached_glossary().terms)[::4][:40]
    with Store.open(home / DB_NAME) as store:
        write_history(store, terms, 300, end=NOW - timedelta(days=2), seed=5)
        for lab_id, score, passed, when in (("first-pod", 2, False, 3), ("first-pod", 6, True, 1),
                                            (HOSTILE_LAB, 1, False, 1)):
            store.record_lab(LabRunRow(lab_id=lab_id, checked_at=NOW - timedelta(days=when),
                                       score=score, max_score=6, passed=passed,
                                       checks=(LabCheckRow("c", "s", passed, ("pod",)),)), {})


def kubeclass(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kubeclass", "progress", *args],
                          capture_output=True, text=True, env=quiz_env(home), cwd=REPO,
                          timeout=120)


def test_json_figures_match_the_store(home: Path) -> None:
    fill(home)
    done = kubeclass(home, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    glossary = load_cached_glossary()
    with Store.open(home / DB_NAME) as store:
        cards = store.cards()
        reviews = store.reviews()
    assert data["terms"]["total"] == len(glossary.terms)
    assert data["terms"]["seen"] == len(cards) == 40
    assert data["terms"]["due"] == sum(1 for c in cards.values() if c.due <= NOW)
    mature = sum(1 for c in cards.values()
                 if c.last_review and c.due - c.last_review >= timedelta(days=21))
    assert data["terms"]["mature"] == mature
    for key in ("total", "seen", "mature", "due"):
        assert sum(c[key] for c in data["categories"]) == data["terms"][key]
    by_category = {c["id"]: c for c in data["categories"]}
    for category in glossary.categories:
        seen = sum(1 for t in cards if glossary.terms[t].category == category)
        assert by_category[category]["seen"] == seen
    from kubeclass.glossary.paths import load_paths

    paths = load_paths(glossary)
    assert [p["id"] for p in data["paths"]] == list(paths)
    for shown in data["paths"]:
        ids = paths[shown["id"]].term_ids()
        assert shown["total"] == len(ids)
        assert shown["seen"] == sum(1 for t in ids if t in cards)
    assert data["reviews"] == 300 == len(reviews)
    assert len(data["reviews_per_day"]) == 30
    recent = sum(1 for r in reviews if r.reviewed_at.astimezone().date()
                 > (NOW - timedelta(days=30)).astimezone().date())
    assert sum(data["reviews_per_day"].values()) == recent
    ahead = list(data["predicted_retention"].values())
    assert len(ahead) == 30 and all(0 < r < 1 for r in ahead)
    assert ahead == sorted(ahead, reverse=True) and ahead[0] > ahead[-1]  # memory fades
    weakest = data["weakest"]
    assert len(weakest) == 10
    assert [w["recall"] for w in weakest] == sorted(w["recall"] for w in weakest)
    assert all(w["url"] == term_page_url(w["id"]) for w in weakest)
    assert data["labs"] == [
        {"lab": HOSTILE_LAB, "passed": False, "best": 1, "max_score": 6, "last": 1, "runs": 1,
         "last_checked": (NOW - timedelta(days=1)).isoformat()},
        {"lab": "first-pod", "passed": True, "best": 6, "max_score": 6, "last": 6, "runs": 2,
         "last_checked": (NOW - timedelta(days=1)).isoformat()},
    ]


def test_an_empty_store(home: Path) -> None:
    data = json.loads(kubeclass(home, "--json").stdout)
    assert data["terms"]["seen"] == 0 and data["weakest"] == [] and data["labs"] == []
    assert set(data["predicted_retention"].values()) == {None}


@pytest.mark.tmux
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_screen_in_a_real_terminal(home: Path, tmp_path: Path) -> None:
    fill(home)
    weakest = json.loads(kubeclass(home, "--json", "--lang", "en").stdout)["weakest"]
    tmux = Tmux([sys.executable, "-m", "kubeclass", "progress", "--lang", "en"],
                quiz_env(home), tmp_path)
    try:
        tmux.wait_dead()
        screen = tmux.screen()
    finally:
        tmux.close()
    lines = screen.splitlines()
    assert lines[0].startswith("Learning progress ─")
    total = next(line for line in lines if line.split()[:2] == ["All", "terms"])
    assert total.split()[2:4] == [str(len(load_cached_glossary().terms)), "40"]
    assert "✓ first-pod" in screen and "Best 6/6" in screen
    assert HOSTILE_LAB in screen  # shown as text, not taken for markup
    assert "The ten weakest terms" in screen
    first = weakest[0]
    assert f"{first['name']['en']}  {first['url']}" in screen
    assert "Reviews per day (last 30 days) · Reviews 300" in screen
    spark = lines[lines.index(next(x for x in lines if x.startswith("Reviews per day"))) + 1]
    assert len(spark.split()[0]) == 30 and set(spark.split()[0]) <= set("▁▂▃▄▅▆▇█")
    assert "Predicted retention" in screen and "+29d" in screen


def test_the_html_page_in_chromium(home: Path, tmp_path: Path) -> None:
    pytest.importorskip("selenium")
    from selenium.webdriver.common.by import By
    from site_browser import chrome

    fill(home)
    page = tmp_path / "progress.html"
    done = kubeclass(home, "--html", str(page), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    driver = chrome()
    try:
        driver.get(page.as_uri())
        assert driver.execute_script("return document.scripts.length") == 0
        assert driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)") == []
        assert driver.find_element(By.TAG_NAME, "h1").text == "학습 현황"
        labs = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#labs td:first-child")]
        assert labs == [HOSTILE_LAB, "first-pod"]
        links = driver.find_elements(By.CSS_SELECTOR, "#weakest a")
        assert [a.get_attribute("href") for a in links] == [w["url"] for w in data["weakest"]]
        assert links[0].text == data["weakest"][0]["name"]["ko"]
        bars = driver.find_elements(By.CSS_SELECTOR, "#reviews-chart rect.bar")
        assert [int(b.get_attribute("data-value")) for b in bars] == list(
            data["reviews_per_day"].values())
        heights = [float(b.get_attribute("height")) for b in bars]
        busiest = max(range(30), key=lambda i: list(data["reviews_per_day"].values())[i])
        assert heights[busiest] == max(heights) > 0
        # The chart is drawn: the curve has a point per day and takes room on the page.
        points = driver.execute_script(
            "return document.querySelector('#retention-chart polyline').points.numberOfItems")
        assert points == 30
        box: dict[str, Any] = driver.execute_script(
            "const r = document.querySelector('#retention-chart').getBoundingClientRect();"
            "return {w: r.width, h: r.height}")
        assert box["w"] > 300 and box["h"] > 60
        rows = driver.find_elements(By.CSS_SELECTOR, "tr.group")
        assert len(rows) == len(data["categories"]) + len(data["paths"])
        driver.save_screenshot(str(tmp_path / "progress.png"))
    finally:
        driver.quit()
    assert "<script>" not in page.read_text("utf-8")


def test_progress_is_a_lazy_command() -> None:
    code = ("import sys\nfrom kubeclass.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('LOADED', 'kubeclass.progress.commands' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ}, timeout=60)
    assert "progress " in done.stdout and "LOADED False" in done.stdout


def test_learning_paths_are_counted_when_there_are_any(home: Path) -> None:
    """The per-path figures need only what progress.paths.learning_paths returns."""
    from kubeclass.glossary.model import Bilingual
    from kubeclass.progress.model import compute
    from kubeclass.progress.page import to_html

    fill(home)
    glossary = load_cached_glossary()
    with Store.open(home / DB_NAME) as store:
        cards = store.cards()
    seen = sorted(cards)[:3]
    unseen = [t for t in sorted(glossary.terms) if t not in cards][:2]
    path = {"basics": (Bilingual("기초", "Basics"), [*seen, *unseen])}
    figures = compute(glossary, cards, [], [], NOW, lambda card, moment: 0.5, path)
    (basics,) = figures.paths
    assert (basics.id, basics.total, basics.seen) == ("basics", 5, 3)
    assert basics.due == sum(1 for t in seen if cards[t].due <= NOW)
    assert figures.to_dict()["paths"][0]["name"] == {"ko": "기초", "en": "Basics"}
    assert '<tr class="group" data-id="basics"><td>Basics</td>' in to_html(figures, "en")
