"""Statistics (pure) and the three export formats (Anki deck read back with sqlite3)."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import genanki
import markdown

from kubeclass.glossary.model import Glossary
from kubeclass.quiz import export, stats
from kubeclass.quiz.items import build_pool
from kubeclass.quiz.store import CardRow, ReviewRow

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def review(term_id: str, when: datetime, correct: bool, state_before: int | None) -> ReviewRow:
    return ReviewRow(card_id=1, term_id=term_id, rating=3 if correct else 1, reviewed_at=when,
                     duration_ms=None, item_type="typed", correct=correct, given="x",
                     state_before=state_before)


def test_stats_numbers() -> None:
    day = timedelta(days=1)
    cards = {
        t: CardRow(card_id=i, term_id=t, state=2, step=None, stability=3.0, difficulty=5.0,
                   due=due, last_review=NOW - day, introduced=NOW - 5 * day, lapses=lapses)
        for i, (t, due, lapses) in enumerate([
            ("pod", NOW - timedelta(hours=1), 2), ("node", NOW + 2 * day, 0),
            ("job", NOW + 3 * day, 1)], 1)
    }
    reviews = [
        review("pod", NOW - 4 * day, True, None),  # learning: not in retention
        review("pod", NOW - 2 * day, False, 2),
        review("pod", NOW - 1 * day, False, 3),
        review("node", NOW - 1 * day, True, 2),
        review("job", NOW - timedelta(minutes=5), True, 2),
        review("job", NOW - timedelta(minutes=4), False, 2),
    ]
    result = stats.compute(cards, reviews, NOW)
    assert (result.seen, result.due, result.reviews, result.reviews_today) == (3, 1, 6, 2)
    assert result.retention == round(2 / 4, 4)  # graduated reviews: 2 right of 4
    assert result.accuracy == round(3 / 6, 4)
    assert result.streak == 3  # two days ago, yesterday, today
    assert [w.term_id for w in result.weakest] == ["pod", "job"]
    assert result.weakest[0].wrong == 2 and result.weakest[0].reviews == 3
    assert len(result.reviews_per_day) == stats.CHART_DAYS
    assert result.reviews_per_day[-1] == (NOW.astimezone().date(), 2)
    assert sum(n for _, n in result.due_per_day) == 3 and result.due_per_day[0][1] == 1
    data = result.to_dict()
    assert {"seen", "due", "reviews", "retention"} <= set(data)
    json.dumps(data)


def test_empty_stats() -> None:
    result = stats.compute({}, [], NOW)
    assert result.retention is None and result.accuracy is None and result.streak == 0


def test_streak_counts_until_yesterday_when_today_is_not_done() -> None:
    today = NOW.date()
    days = {today - timedelta(days=1), today - timedelta(days=2), today - timedelta(days=4)}
    assert stats.streak(days, today) == 2
    assert stats.streak(set(), today) == 0


def test_bar() -> None:
    assert stats.bar(0, 10) == ""
    assert stats.bar(10, 10, width=4) == "████"
    assert 1 <= len(stats.bar(1, 100, width=4)) <= 2


def _read_apkg(path: Path, tmp: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(path) as archive:
        archive.extract("collection.anki2", tmp)
    return sqlite3.connect(tmp / "collection.anki2")


def test_anki_deck_has_both_directions_and_stable_guids(real_glossary: Glossary,
                                                       tmp_path: Path) -> None:
    terms = list(real_glossary.terms.values())
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    assert export.write_anki(real_glossary, terms, first) == len(terms)
    export.write_anki(real_glossary, terms, second)
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    one, two = _read_apkg(first, tmp_path / "1"), _read_apkg(second, tmp_path / "2")
    notes = dict(one.execute("SELECT guid, flds FROM notes").fetchall())
    assert len(notes) == len(terms)
    assert set(notes) == {genanki.guid_for(t.id) for t in terms}
    # Re-exporting gives the same GUIDs: Anki updates the notes instead of duplicating them.
    assert set(notes) == {g for (g,) in two.execute("SELECT guid FROM notes")}
    assert one.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 2 * len(terms)
    assert {o for (o,) in one.execute("SELECT DISTINCT ord FROM cards")} == {0, 1}
    models = json.loads(one.execute("SELECT models FROM col").fetchone()[0])
    decks = json.loads(one.execute("SELECT decks FROM col").fetchone()[0])
    assert str(export.ANKI_MODEL_ID) in models and str(export.ANKI_DECK_ID) in decks
    model = models[str(export.ANKI_MODEL_ID)]
    assert [t["name"] for t in model["tmpls"]] == [t["name"] for t in export.ANKI_TEMPLATES]
    assert "Malgun Gothic" in model["css"]
    pod = notes[genanki.guid_for("pod")].split("\x1f")
    assert pod[:3] == ["pod", "파드", "Pod"] and pod[-1].endswith("terms/pod/")
    one.close()
    two.close()


def test_anki_fields_are_escaped(glossary: Glossary) -> None:
    from dataclasses import replace

    from kubeclass.glossary.model import Bilingual

    pod = replace(glossary.terms["pod"], short=Bilingual("<b>굵게</b> & 파드", "a < b"))
    fields = export.anki_fields(pod, glossary)
    assert "&lt;b&gt;굵게&lt;/b&gt; &amp; 파드" in fields and "a &lt; b" in fields


def test_json_pool_format(glossary: Glossary) -> None:
    data = export.pool_json(build_pool(glossary, 3, "ko"), "ko", 3)
    assert data["items"] and all({"term_id", "type", "prompt", "options"} <= set(i)
                                 for i in data["items"])
    for item in data["items"]:
        if item["type"] == "typed":
            assert "answer" not in item
        else:
            assert item["options"][item["answer"]] == item["solution"]


def test_markdown_worksheet_has_questions_then_answer_key(glossary: Glossary) -> None:
    items = build_pool(glossary, 1, "ko")[:6]
    text = export.worksheet(items, "ko", 1)
    questions, key = text.split("## 정답")
    assert questions.count("**") == 2 * len(items)
    for number, item in enumerate(items, 1):
        assert f"**{number}.**" in questions
        line = next(line for line in key.splitlines() if line.startswith(f"{number}. "))
        if item.is_choice:
            assert line.startswith(f"{number}. {'①②③④'[item.answer or 0]}")
    assert any(not i.is_choice for i in items) and any(i.is_choice for i in items)
    assert "①" in questions and "답: ____" in questions
    # Markdown syntax in glossary text is escaped.
    assert export.md_escape("a*b_[c](d)<e>") == "a\\*b\\_\\[c\\](d)&lt;e\\>"
    rendered = markdown.markdown(export.md_escape("**굵게** <b>x</b> [링크](https://x) `c`"))
    assert rendered == "<p>**굵게** &lt;b&gt;x&lt;/b&gt; [링크](https://x) `c`</p>"
