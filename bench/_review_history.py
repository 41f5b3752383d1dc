"""A synthetic learner's review history, written straight into a progress store.

Shared by the quiz-start bench (a store that has grown to 10,000 reviews) and the tests
of ``quiz optimize`` / ``export --format revlog`` / ``progress``. The learner is simulated:
each card is reviewed when FSRS (default parameters) says it is due, and is remembered
with the probability a *different* forgetting curve gives — a learner who forgets faster
than FSRS's defaults assume, so that fitting to them changes the parameters.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from kubeclass.quiz import scheduler
from kubeclass.quiz.store import CardRow, Outcome, Store


def write_history(store: Store, term_ids: Sequence[str], reviews: int, *,
                  end: datetime | None = None, seed: int = 0) -> int:
    """Add about ``reviews`` reviews over ``term_ids`` (one card each), ending at ``end``
    (default: now), in one transaction. Returns the number of reviews written."""
    import fsrs

    rng = random.Random(seed)
    end = end or datetime.now(UTC)
    per_card = max(1, math.ceil(reviews / max(1, len(term_ids))))
    start = end - timedelta(days=per_card * 15)
    fsrs_scheduler = fsrs.Scheduler(enable_fuzzing=False)
    planned: list[tuple[datetime, str, int, int]] = []  # (time, term, rating, duration)
    cards = [fsrs.Card(card_id=i + 1, due=start) for i in range(len(term_ids))]
    next_at = [start + timedelta(hours=rng.randrange(0, 72), seconds=rng.randrange(3600))
               for _ in term_ids]
    while len(planned) < reviews:
        active = [i for i, when in enumerate(next_at) if when < end]
        if not active:
            break
        for i in active:  # round robin: every card's history grows at the same pace
            if len(planned) >= reviews:
                break
            card, when = cards[i], next_at[i]
            elapsed = (when - card.last_review).total_seconds() / 86400 if card.last_review else 0
            # This learner forgets at three times the rate FSRS's defaults predict.
            recall = (math.exp(-3 * elapsed / (9 * (card.stability or 1.0)))
                      if card.last_review else 0.7)
            rating = rng.choice((3, 3, 3, 4, 2)) if rng.random() < recall else 1
            planned.append((when, term_ids[i], rating, rng.randrange(2000, 15000)))
            cards[i], _ = fsrs_scheduler.review_card(card, fsrs.Rating(rating), when)
            # The learner comes back on the due day or, for learning steps, the next day.
            day = max(cards[i].due, when + timedelta(days=1)).replace(hour=0, minute=0)
            next_at[i] = day + timedelta(hours=rng.randrange(7, 23), minutes=rng.randrange(60))
    planned.sort()
    ours = fsrs.Scheduler()

    def answer(when: datetime, term: str, rating: int,
               duration: int) -> Callable[[CardRow | None, int], Outcome]:
        return lambda card, card_id: scheduler.review(
            ours, card, card_id=card_id, term_id=term, rating=rating, now=when,
            duration_ms=duration, item_type="typed", given=None)

    store.record_many((review[1], answer(*review)) for review in planned)
    store.set_meta("scheduler", ours.to_json())  # as the quiz leaves it: no rescheduling
    return len(planned)


__all__ = ["write_history"]
