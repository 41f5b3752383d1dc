"""Lab results feed the quiz: a failed check brings its terms back, a passed lab reviews them.

* Every ``kubeclass lab check`` is logged in the progress store (the run, each check,
  the terms each check teaches), in one transaction with the reviews it causes.
* The terms of a failed check get an FSRS *Again* review (a lapse for a learned card)
  and are due at once; the review's ``given`` names the lab and the check, which is
  the reason ``quiz --review`` shows. A term whose last review is already such a lab
  failure is left alone: re-running a failing check while working on it is not
  another lapse.
* A passed lab is a *Good* review of all its terms — once: checking an already passed
  lab again reviews nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from kubeclass.glossary.model import Lang
from kubeclass.quiz import scheduler
from kubeclass.quiz.store import CardRow, LabCheckRow, LabRunRow, Outcome, Store

if TYPE_CHECKING:
    import fsrs

    from kubeclass.labs.checks import LabResult

ITEM_TYPE = "lab"  # reviews.item_type of the reviews a lab check causes


@dataclass(frozen=True)
class LabReason:
    """Why a term is due: it is taught by a check that failed."""

    lab_id: str
    check_id: str

    def text(self, lang: Lang) -> str:
        """``실습 service의 clusterip-selector 검사에서 틀림`` / its English equivalent."""
        if lang == "ko":
            return f"실습 {self.lab_id}의 {self.check_id} 검사에서 틀림"
        return f"failed the {self.check_id} check of lab {self.lab_id}"

    @classmethod
    def parse(cls, given: str | None) -> LabReason | None:
        """The reason logged as a review's ``given`` (``lab/check``), or None."""
        lab_id, slash, check_id = (given or "").partition("/")
        return cls(lab_id, check_id) if slash and lab_id and check_id else None


@dataclass(frozen=True)
class Fed:
    """What one lab check did to the quiz."""

    due: tuple[str, ...]  # terms made due now (Again)
    reviewed: tuple[str, ...]  # terms reviewed Good (the lab passed)


def lab_run(result: LabResult, teaches: Mapping[str, tuple[str, ...]],
            now: datetime) -> LabRunRow:
    """The log entry of a graded lab (``teaches``: check id -> its terms)."""
    return LabRunRow(
        lab_id=result.lab.id, checked_at=now, score=result.score,
        max_score=result.max_score, passed=result.passed,
        checks=tuple(
            LabCheckRow(c.check.id, s.step_id, c.passed, teaches.get(c.check.id, ()))
            for s in result.steps for c in s.checks
        ),
    )


def feed(store: Store, run: LabRunRow, now: datetime) -> Fed:
    """Log ``run`` and review its terms (see the module docstring); one transaction."""
    fsrs_scheduler = scheduler.make_scheduler(store)
    scheduler.sync_parameters(store, fsrs_scheduler)
    pending = {t for t, r in store.last_reviews(ITEM_TYPE).items() if not r.correct}
    failed: dict[str, str] = {}  # term -> the first failed check teaching it
    for check in run.checks:
        if not check.passed:
            for term in check.terms:
                failed.setdefault(term, check.check_id)
    answers: dict[str, Callable[[CardRow | None, int], Outcome | None]] = {}
    for term, check_id in failed.items():
        if term not in pending:
            answers[term] = _answer(fsrs_scheduler, term, scheduler.AGAIN, now,
                                    f"{run.lab_id}/{check_id}")
    reviewed: list[str] = []
    if run.passed and not _passed_before(store, run.lab_id):
        terms = dict.fromkeys(t for c in run.checks for t in c.terms)
        reviewed = [t for t in terms if t not in failed]
        for term in reviewed:
            answers[term] = _answer(fsrs_scheduler, term, scheduler.GOOD, now, run.lab_id)
    store.record_lab(run, answers)
    return Fed(due=tuple(t for t in failed if t in answers), reviewed=tuple(reviewed))


def _passed_before(store: Store, lab_id: str) -> bool:
    runs = store.lab_runs(lab_id)
    return bool(runs) and runs[-1].passed


def _answer(fsrs_scheduler: fsrs.Scheduler, term: str, rating: int, now: datetime,
            given: str) -> Callable[[CardRow | None, int], Outcome]:
    def answer(card: CardRow | None, card_id: int) -> Outcome:
        outcome = scheduler.review(
            fsrs_scheduler, card, card_id=card_id, term_id=term, rating=rating, now=now,
            duration_ms=None, item_type=ITEM_TYPE, given=given,
        )
        if rating == scheduler.AGAIN:
            # Due at once, not after FSRS's relearning step: the lab just showed the gap.
            return replace(outcome, card=replace(outcome.card, due=now))
        return outcome

    return answer


def reasons(store: Store) -> dict[str, LabReason]:
    """Terms whose latest review is a failed lab check, with that check (one query)."""
    out: dict[str, LabReason] = {}
    for term, review in store.last_reviews(ITEM_TYPE).items():
        reason = LabReason.parse(review.given) if not review.correct else None
        if reason is not None:
            out[term] = reason
    return out
