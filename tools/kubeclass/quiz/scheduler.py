"""Spaced repetition with FSRS (the ``fsrs`` package), and which terms a session asks.

One card per term. A right answer rates Good (Easy when it came fast, never Easy for a
forgiven typo or a scripted answer), a wrong one Again. Sessions ask the cards that are
due first, most overdue first, then introduce new terms at a steady daily rate.

``fsrs`` is imported inside the functions that review cards, so the first question is on
screen before it is loaded.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from kubeclass.glossary.model import LEVELS, Term
from kubeclass.quiz.store import CardRow, Outcome, ReviewRow, Store

if TYPE_CHECKING:
    import fsrs

# FSRS ratings (fsrs.Rating values), named here so planning does not import fsrs.
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
STATE_REVIEW = 2  # fsrs.State.Review
NEW_PER_DAY = 20
# An answer this fast (seconds) is rated Easy.
FAST_SECONDS = {"choice": 6.0, "typed": 10.0}


# ``meta`` keys of what `kubeclass quiz optimize` stores for the learner.
PARAMETERS_KEY = "fsrs_parameters"  # JSON list of floats
RETENTION_KEY = "desired_retention"
DEFAULT_RETENTION = 0.9


def make_scheduler(store: Store | None = None) -> fsrs.Scheduler:
    """The FSRS scheduler: the learner's fitted parameters and target retention when
    ``kubeclass quiz optimize`` stored them, else the package's defaults (90 %)."""
    import json

    import fsrs

    if store is None:
        return fsrs.Scheduler()
    parameters = store.meta(PARAMETERS_KEY)
    retention = store.meta(RETENTION_KEY)
    if parameters is None:
        return fsrs.Scheduler(desired_retention=float(retention or DEFAULT_RETENTION))
    return fsrs.Scheduler(parameters=json.loads(parameters),
                          desired_retention=float(retention or DEFAULT_RETENTION))


def review_logs(reviews: Sequence[ReviewRow]) -> list[fsrs.ReviewLog]:
    """Our review log as ``fsrs.ReviewLog`` objects (for rescheduling and the optimizer)."""
    import fsrs

    return [
        fsrs.ReviewLog(card_id=r.card_id, rating=fsrs.Rating(r.rating),
                       review_datetime=r.reviewed_at, review_duration=r.duration_ms)
        for r in reviews
    ]


def rating_for(correct: bool, *, typo: bool, seconds: float | None, typed: bool) -> int:
    """The FSRS rating of an answer. ``seconds`` is None when the answer was scripted."""
    if not correct:
        return AGAIN
    if typo or seconds is None:
        return GOOD
    return EASY if seconds <= FAST_SECONDS["typed" if typed else "choice"] else GOOD


def to_fsrs(card: CardRow) -> fsrs.Card:
    """Our stored card as an ``fsrs.Card`` (same ``card_id``)."""
    import fsrs

    return fsrs.Card(
        card_id=card.card_id,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def review(
    scheduler: fsrs.Scheduler,
    card: CardRow | None,
    *,
    card_id: int,
    term_id: str,
    rating: int,
    now: datetime,
    duration_ms: int | None,
    item_type: str,
    given: str | None,
) -> Outcome:
    """Review ``card`` (None: a new term) and return its new state and the review log."""
    import fsrs

    if now.tzinfo != UTC:
        now = now.astimezone(UTC)  # fsrs insists on UTC-aware datetimes
    before = to_fsrs(card) if card is not None else fsrs.Card(card_id=card_id, due=now)
    after, _log = scheduler.review_card(
        before, fsrs.Rating(rating), review_datetime=now, review_duration=duration_ms
    )
    lapsed = rating == AGAIN and card is not None and card.state == STATE_REVIEW
    new = CardRow(
        card_id=card_id,
        term_id=term_id,
        state=int(after.state),
        step=after.step,
        stability=after.stability,
        difficulty=after.difficulty,
        due=after.due,
        last_review=after.last_review,
        introduced=card.introduced if card is not None else now,
        reps=(card.reps if card else 0) + 1,
        lapses=(card.lapses if card else 0) + int(lapsed),
    )
    log = ReviewRow(
        card_id=card_id,
        term_id=term_id,
        rating=rating,
        reviewed_at=now,
        duration_ms=duration_ms,
        item_type=item_type,
        correct=rating != AGAIN,
        given=given,
        state_before=None if card is None else card.state,
    )
    return Outcome(card=new, review=log)


def sync_parameters(store: Store, scheduler: fsrs.Scheduler) -> int:
    """Reschedule every card from its review log if the scheduler's parameters changed.

    Returns the number of cards rescheduled (0 when nothing changed).
    """
    current = scheduler.to_json()
    stored = store.meta("scheduler")
    if stored == current:
        return 0
    if stored is None:  # the first answer ever: nothing was scheduled any other way
        store.set_meta("scheduler", current)
        return 0
    return reschedule(store, scheduler)


def reschedule(store: Store, scheduler: fsrs.Scheduler) -> int:
    """Recompute every card from its review log with ``scheduler``; returns the count."""

    cards = store.cards()
    logs: dict[int, list[fsrs.ReviewLog]] = {}
    for log in review_logs(store.reviews()):
        logs.setdefault(log.card_id, []).append(log)
    updated: list[CardRow] = []
    for card in cards.values():
        fresh = scheduler.reschedule_card(to_fsrs(card), logs.get(card.card_id, []))
        updated.append(
            CardRow(
                card_id=card.card_id, term_id=card.term_id, state=int(fresh.state),
                step=fresh.step, stability=fresh.stability, difficulty=fresh.difficulty,
                due=fresh.due, last_review=fresh.last_review, introduced=card.introduced,
                reps=card.reps, lapses=card.lapses,
            )
        )
    store.replace_cards(updated)
    store.set_meta("scheduler", scheduler.to_json())
    return len(updated)


def start_of_day(now: datetime) -> datetime:
    """Midnight of the learner's local day containing ``now`` (as an aware datetime)."""
    local = now.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class Plan:
    """The terms a session asks, due ones first."""

    due: list[str]
    new: list[str]
    new_left: int  # new terms still allowed today (before this session)
    next_due: datetime | None  # the earliest card not due yet, for "come back at …"
    eligible: int = 0  # terms the filters allow

    @property
    def term_ids(self) -> list[str]:
        return [*self.due, *self.new]


def plan(
    terms: Sequence[Term],
    cards: dict[str, CardRow],
    now: datetime,
    count: int,
    rng: random.Random,
    *,
    review_only: bool = False,
    new_per_day: int = NEW_PER_DAY,
    first: Collection[str] = (),
    ordered: bool = False,
) -> Plan:
    """Choose up to ``count`` of ``terms``: due cards (most overdue first), then new terms.

    Due cards of ``first`` (terms a failed lab check brought back) come before the others.

    New terms come beginner level first, in a random order within a level, and no more
    than ``new_per_day`` are introduced per local day. ``ordered`` (a learning path) keeps
    the new terms in the order of ``terms`` instead, and asks the due ones in that order too
    (those of ``first`` still first).
    """
    eligible = {t.id for t in terms}
    due_cards = sorted(
        (c for c in cards.values() if c.term_id in eligible and c.due <= now),
        key=lambda c: (c.term_id not in first, c.due, c.term_id),
    )
    later = [c.due for c in cards.values() if c.term_id in eligible and c.due > now]
    due = [c.term_id for c in due_cards[:count]]
    if ordered:
        position = {t.id: i for i, t in enumerate(terms)}
        due.sort(key=lambda term_id: (term_id not in first, position[term_id]))
    midnight = start_of_day(now)
    introduced_today = sum(1 for c in cards.values() if c.introduced >= midnight)
    new_left = max(0, new_per_day - introduced_today)
    new: list[str] = []
    if not review_only:
        fresh = [t for t in terms if t.id not in cards]
        if not ordered:
            rng.shuffle(fresh)
            level = {name: i for i, name in enumerate(LEVELS)}
            fresh.sort(key=lambda t: level.get(t.level, len(level)))  # stable: shuffled within
        new = [t.id for t in fresh[: min(new_left, count - len(due))]]
    return Plan(due=due, new=new, new_left=new_left, next_due=min(later, default=None),
                eligible=len(eligible))


def due_between(cards: dict[str, CardRow], start: datetime, days: int) -> list[int]:
    """How many cards fall due on each of ``days`` local days from ``start``'s day."""
    today = start.astimezone().date()
    counts = [0] * days
    for card in cards.values():
        index = (card.due.astimezone().date() - today).days
        if card.due <= start:
            index = 0  # overdue cards count as due today
        if 0 <= index < days:
            counts[index] += 1
    return counts
