"""Progress statistics: a pure function of the cards, the review log and the time.

Days are the learner's local days. *Retention* is FSRS's sense of it: the share of
right answers among reviews of cards that had already graduated to the Review state
(answers to brand-new or relearning cards measure learning, not memory). *Accuracy*
counts every answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from kubeclass.quiz.scheduler import STATE_REVIEW, due_between
from kubeclass.quiz.store import CardRow, ReviewRow

CHART_DAYS = 14


@dataclass(frozen=True)
class Weak:
    """A term the learner keeps getting wrong."""

    term_id: str
    wrong: int
    reviews: int
    lapses: int


@dataclass(frozen=True)
class Stats:
    """Everything ``kubeclass quiz stats`` shows."""

    seen: int
    due: int  # due now
    due_today: int  # due before the end of the local day (including overdue)
    reviews: int
    reviews_today: int
    retention: float | None
    accuracy: float | None
    streak: int
    weakest: list[Weak] = field(default_factory=list)
    reviews_per_day: list[tuple[date, int]] = field(default_factory=list)
    due_per_day: list[tuple[date, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "seen": self.seen,
            "due": self.due,
            "due_today": self.due_today,
            "reviews": self.reviews,
            "reviews_today": self.reviews_today,
            "retention": self.retention,
            "accuracy": self.accuracy,
            "streak": self.streak,
            "weakest": [w.__dict__ for w in self.weakest],
            "reviews_per_day": {d.isoformat(): n for d, n in self.reviews_per_day},
            "due_per_day": {d.isoformat(): n for d, n in self.due_per_day},
        }


def streak(days: set[date], today: date) -> int:
    """Consecutive days with at least one review, ending today (or yesterday: today is not over)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def compute(
    cards: dict[str, CardRow], reviews: Sequence[ReviewRow], now: datetime, weakest: int = 5
) -> Stats:
    """The statistics at ``now`` (an aware datetime)."""
    today = now.astimezone().date()
    local_days = [r.reviewed_at.astimezone().date() for r in reviews]
    per_day = Counter(local_days)
    graduated = [r for r in reviews if r.state_before == STATE_REVIEW]
    wrong = Counter(r.term_id for r in reviews if not r.correct)
    total = Counter(r.term_id for r in reviews)
    weak = sorted(
        (
            Weak(term_id=t, wrong=wrong[t], reviews=total[t],
                 lapses=cards[t].lapses if t in cards else 0)
            for t in wrong
        ),
        key=lambda w: (-w.wrong, -w.lapses, w.wrong - w.reviews, w.term_id),
    )
    ahead = due_between(cards, now, CHART_DAYS)
    return Stats(
        seen=len(cards),
        due=sum(1 for c in cards.values() if c.due <= now),
        due_today=ahead[0] if ahead else 0,
        reviews=len(reviews),
        reviews_today=per_day.get(today, 0),
        retention=_share(sum(r.correct for r in graduated), len(graduated)),
        accuracy=_share(sum(r.correct for r in reviews), len(reviews)),
        streak=streak(set(per_day), today),
        weakest=weak[:weakest],
        reviews_per_day=[
            (day, per_day.get(day, 0))
            for day in (today - timedelta(days=i) for i in range(CHART_DAYS - 1, -1, -1))
        ],
        due_per_day=[(today + timedelta(days=i), n) for i, n in enumerate(ahead)],
    )


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def bar(value: int, largest: int, width: int = 24) -> str:
    """A horizontal bar of eighth-blocks, ``width`` characters for ``largest``."""
    if value <= 0 or largest <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[rest]
