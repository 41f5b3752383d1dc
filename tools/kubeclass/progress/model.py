"""What a learner knows, in one document: a pure function of the glossary, the cards, the
review log, the lab log and the time (``kubeclass progress``).

* *seen*: the term has a card; *mature*: its current interval is 21 days or more (Anki's
  convention); *due*: its review is due now.
* *weakest*: the seen terms with the lowest predicted recall now (FSRS retrievability),
  more lapses first on a tie.
* *predicted retention*: the mean predicted recall of the seen cards on each of the next
  days if the learner stopped reviewing — how fast the knowledge fades.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from kubeclass.glossary.model import Bilingual, Glossary
from kubeclass.quiz.store import CardRow, LabRunRow, ReviewRow
from kubeclass.site.urls import term_page_url

MATURE_DAYS = 21
PAST_DAYS = 30
AHEAD_DAYS = 30
WEAKEST = 10

Recall = Callable[[CardRow, datetime], float]  # predicted recall of a card at a moment


@dataclass(frozen=True)
class Counts:
    """Terms of one group (all, a category, a learning path)."""

    id: str
    name: Bilingual
    total: int
    seen: int
    mature: int
    due: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name.to_dict(), "total": self.total,
                "seen": self.seen, "mature": self.mature, "due": self.due}


@dataclass(frozen=True)
class LabScore:
    """A lab the learner has checked."""

    lab_id: str
    passed: bool  # passed at least once
    best: int
    max_score: int
    last: int  # score of the latest check
    runs: int
    last_checked: datetime

    def to_dict(self) -> dict[str, Any]:
        return {"lab": self.lab_id, "passed": self.passed, "best": self.best,
                "max_score": self.max_score, "last": self.last, "runs": self.runs,
                "last_checked": self.last_checked.isoformat()}


@dataclass(frozen=True)
class WeakTerm:
    """A seen term the learner is least likely to recall now."""

    term_id: str
    name: Bilingual | None
    recall: float
    lapses: int
    due: bool
    url: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.term_id, "name": self.name.to_dict() if self.name else None,
                "recall": round(self.recall, 4), "lapses": self.lapses, "due": self.due,
                "url": self.url}


@dataclass(frozen=True)
class Progress:
    """Everything ``kubeclass progress`` shows."""

    generated: datetime
    overall: Counts
    categories: list[Counts]
    paths: list[Counts]
    labs: list[LabScore]
    weakest: list[WeakTerm]
    reviews_per_day: list[tuple[date, int]] = field(default_factory=list)
    retention_ahead: list[tuple[date, float | None]] = field(default_factory=list)
    reviews: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "generated": self.generated.isoformat(),
            "terms": self.overall.to_dict(),
            "categories": [c.to_dict() for c in self.categories],
            "paths": [p.to_dict() for p in self.paths],
            "labs": [lab.to_dict() for lab in self.labs],
            "weakest": [w.to_dict() for w in self.weakest],
            "reviews": self.reviews,
            "reviews_per_day": {d.isoformat(): n for d, n in self.reviews_per_day},
            "predicted_retention": {d.isoformat(): None if r is None else round(r, 4)
                                    for d, r in self.retention_ahead},
        }


def is_mature(card: CardRow) -> bool:
    """Whether the card's current interval is at least :data:`MATURE_DAYS` days."""
    return card.last_review is not None and card.due - card.last_review >= timedelta(
        days=MATURE_DAYS)


def counts(group_id: str, name: Bilingual, term_ids: Sequence[str],
           cards: Mapping[str, CardRow], now: datetime) -> Counts:
    """The seen / mature / due figures of a group of terms."""
    mine = [cards[t] for t in term_ids if t in cards]
    return Counts(id=group_id, name=name, total=len(term_ids), seen=len(mine),
                  mature=sum(1 for c in mine if is_mature(c)),
                  due=sum(1 for c in mine if c.due <= now))


def lab_scores(runs: Sequence[LabRunRow]) -> list[LabScore]:
    """One entry per checked lab, by lab id."""
    by_lab: dict[str, list[LabRunRow]] = {}
    for run in sorted(runs, key=lambda r: r.checked_at):
        by_lab.setdefault(run.lab_id, []).append(run)
    return [
        LabScore(lab_id=lab_id, passed=any(r.passed for r in mine),
                 best=max(r.score for r in mine), max_score=mine[-1].max_score,
                 last=mine[-1].score, runs=len(mine), last_checked=mine[-1].checked_at)
        for lab_id, mine in sorted(by_lab.items())
    ]


def compute(glossary: Glossary, cards: Mapping[str, CardRow], reviews: Sequence[ReviewRow],
            runs: Sequence[LabRunRow], now: datetime, recall: Recall,
            paths: Mapping[str, tuple[Bilingual, Sequence[str]]] | None = None) -> Progress:
    """The progress at ``now`` (aware). ``paths``: learning path id -> (name, term ids)."""
    known = {t: c for t, c in cards.items() if t in glossary.terms}
    by_category: dict[str, list[str]] = {}
    for term in glossary.terms.values():
        by_category.setdefault(term.category, []).append(term.id)
    categories = [
        counts(cid, glossary.categories[cid].name if cid in glossary.categories
               else Bilingual(cid, cid), term_ids, known, now)
        for cid, term_ids in sorted(by_category.items())
    ]
    path_counts = [counts(pid, name, term_ids, known, now)
                   for pid, (name, term_ids) in (paths or {}).items()]
    recalls = {t: recall(c, now) for t, c in known.items()}
    weak = sorted(known.values(), key=lambda c: (recalls[c.term_id], -c.lapses, c.term_id))
    today = now.astimezone().date()
    per_day = Counter(r.reviewed_at.astimezone().date() for r in reviews)
    ahead: list[tuple[date, float | None]] = []
    for offset in range(AHEAD_DAYS):
        moment = now + timedelta(days=offset)
        values = [recall(c, moment) for c in known.values()]
        ahead.append((today + timedelta(days=offset),
                      sum(values) / len(values) if values else None))
    return Progress(
        generated=now,
        overall=counts("all", Bilingual("전체", "All terms"), list(glossary.terms), known, now),
        categories=categories,
        paths=path_counts,
        labs=lab_scores(runs),
        weakest=[
            WeakTerm(term_id=c.term_id, name=glossary.terms[c.term_id].term,
                     recall=recalls[c.term_id], lapses=c.lapses, due=c.due <= now,
                     url=term_page_url(c.term_id))
            for c in weak[:WEAKEST]
        ],
        reviews_per_day=[(today - timedelta(days=i), per_day.get(today - timedelta(days=i), 0))
                         for i in range(PAST_DAYS - 1, -1, -1)],
        retention_ahead=ahead,
        reviews=len(reviews),
    )
