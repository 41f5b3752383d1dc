"""FSRS scheduling through the real ``fsrs`` package, and session planning."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs

from kubeclass.glossary.model import Glossary
from kubeclass.quiz import scheduler
from kubeclass.quiz.store import CardRow, Store

NOW = datetime(2025, 3, 10, 3, 0, tzinfo=UTC)


def card(term_id: str, due: datetime, *, card_id: int = 1, state: int = 2,
         introduced: datetime = NOW - timedelta(days=30)) -> CardRow:
    return CardRow(card_id=card_id, term_id=term_id, state=state, step=None, stability=5.0,
                   difficulty=5.0, due=due, last_review=due - timedelta(days=5),
                   introduced=introduced, reps=3, lapses=0)


def test_ratings() -> None:
    assert scheduler.rating_for(False, typo=False, seconds=1.0, typed=False) == fsrs.Rating.Again
    assert scheduler.rating_for(True, typo=False, seconds=2.0, typed=False) == fsrs.Rating.Easy
    assert scheduler.rating_for(True, typo=False, seconds=30.0, typed=False) == fsrs.Rating.Good
    assert scheduler.rating_for(True, typo=False, seconds=8.0, typed=True) == fsrs.Rating.Easy
    assert scheduler.rating_for(True, typo=True, seconds=2.0, typed=True) == fsrs.Rating.Good
    assert scheduler.rating_for(True, typo=False, seconds=None, typed=False) == fsrs.Rating.Good


def test_review_follows_fsrs() -> None:
    fs = fsrs.Scheduler(enable_fuzzing=False)
    new = scheduler.review(fs, None, card_id=7, term_id="pod", rating=scheduler.GOOD, now=NOW,
                           duration_ms=1200, item_type="def-term", given="2")
    assert new.card.card_id == 7 and new.card.reps == 1 and new.card.introduced == NOW
    assert new.card.due > NOW and new.card.last_review == NOW
    # The same review done directly with fsrs gives the same card.
    expected, _ = fs.review_card(fsrs.Card(card_id=7, due=NOW), fsrs.Rating.Good,
                                 review_datetime=NOW)
    assert (new.card.state, new.card.step, new.card.due) == (int(expected.state), expected.step,
                                                            expected.due)
    assert new.review.correct and new.review.duration_ms == 1200 and new.review.state_before is None

    # Graduate the card, then forget it: a lapse, and it is due again within minutes.
    later = NOW
    current = new.card
    while current.state != scheduler.STATE_REVIEW:
        later = current.due
        current = scheduler.review(fs, current, card_id=7, term_id="pod", rating=scheduler.GOOD,
                                   now=later, duration_ms=None, item_type="typed", given="x").card
    forgot = scheduler.review(fs, current, card_id=7, term_id="pod", rating=scheduler.AGAIN,
                              now=current.due, duration_ms=None, item_type="typed", given="?")
    assert forgot.card.lapses == 1 and not forgot.review.correct
    assert forgot.card.due - current.due <= timedelta(minutes=10)
    assert forgot.review.state_before == scheduler.STATE_REVIEW


def test_review_takes_any_aware_time() -> None:
    seoul = NOW.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Seoul"))
    outcome = scheduler.review(fsrs.Scheduler(), None, card_id=1, term_id="pod",
                               rating=scheduler.GOOD, now=seoul, duration_ms=None,
                               item_type="abbr", given=None)
    assert outcome.card.last_review == NOW and outcome.card.last_review.tzinfo == UTC


def test_plan_due_first_most_overdue_first(glossary: Glossary) -> None:
    cards = {
        "pod": card("pod", NOW - timedelta(hours=1), card_id=1),
        "node": card("node", NOW - timedelta(days=2), card_id=2),
        "job": card("job", NOW + timedelta(days=3), card_id=3),
    }
    plan = scheduler.plan(list(glossary.terms.values()), cards, NOW, 5, random.Random(1))
    assert plan.due == ["node", "pod"]
    assert len(plan.new) == 3 and not set(plan.new) & set(cards)
    assert plan.next_due == NOW + timedelta(days=3)
    review = scheduler.plan(list(glossary.terms.values()), cards, NOW, 5, random.Random(1),
                            review_only=True)
    assert review.term_ids == ["node", "pod"]


def test_new_terms_respect_the_daily_rate(glossary: Glossary) -> None:
    terms = list(glossary.terms.values())
    today = scheduler.start_of_day(NOW)
    introduced_today = {
        t: card(t, NOW + timedelta(days=1), card_id=i, introduced=today + timedelta(minutes=i))
        for i, t in enumerate(["pod", "node", "job"], 1)
    }
    plan = scheduler.plan(terms, introduced_today, NOW, 10, random.Random(1), new_per_day=5)
    assert plan.new_left == 2 and len(plan.new) == 2
    tomorrow = scheduler.plan(terms, introduced_today, NOW + timedelta(days=1), 10,
                              random.Random(1), new_per_day=5)
    assert len(tomorrow.new) == 5


def test_new_terms_start_with_beginner_level(glossary: Glossary) -> None:
    from dataclasses import replace

    terms = [replace(t, level="advanced") if t.id != "pod" else t for t in glossary.terms.values()]
    for seed in range(5):
        plan = scheduler.plan(terms, {}, NOW, 3, random.Random(seed))
        assert plan.new[0] == "pod"


def test_parameters_change_reschedules_from_the_log(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    old = fsrs.Scheduler(enable_fuzzing=False)
    assert scheduler.sync_parameters(store, old) == 0  # first run: just remembered
    moment = NOW
    for rating in (scheduler.GOOD, scheduler.GOOD, scheduler.GOOD):
        store.record("pod", moment, lambda c, i, m=moment, r=rating: scheduler.review(
            old, c, card_id=i, term_id="pod", rating=r, now=m, duration_ms=None,
            item_type="typed", given="파드"))
        moment = store.cards()["pod"].due
    before = store.cards()["pod"]
    assert scheduler.sync_parameters(store, old) == 0
    stricter = fsrs.Scheduler(desired_retention=0.97, enable_fuzzing=False)
    assert scheduler.sync_parameters(store, stricter) == 1
    after = store.cards()["pod"]
    assert after.due < before.due  # higher retention → shorter interval
    replay = stricter.reschedule_card(scheduler.to_fsrs(before), [
        fsrs.ReviewLog(card_id=r.card_id, rating=fsrs.Rating(r.rating),
                       review_datetime=r.reviewed_at, review_duration=None)
        for r in store.reviews()
    ])
    assert after.due == replay.due
    assert store.meta("scheduler") == stricter.to_json()
    store.close()


def test_due_between_counts_per_local_day() -> None:
    cards = {
        "a": card("a", NOW - timedelta(days=3)),
        "b": card("b", NOW + timedelta(days=1)),
        "c": card("c", NOW + timedelta(days=1, minutes=5)),
        "d": card("d", NOW + timedelta(days=40)),
    }
    counts = scheduler.due_between(cards, NOW, 14)
    assert counts[0] == 1 and counts[1] == 2 and sum(counts) == 3
