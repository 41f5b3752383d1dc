"""Fitting FSRS to the learner: py-fsrs's Optimizer over the review log, then rescheduling.

The Optimizer needs PyTorch (the optional extra ``kubeclass[optimizer]``); it is imported
only by :func:`fit`, never when the quiz starts. It learns only from reviews on a later
day than the card's previous one, and below one mini-batch (512) of them it silently
returns the default parameters: we count them first and refuse with a clear message.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kubeclass.quiz import scheduler
from kubeclass.quiz.store import ReviewRow, Store

if TYPE_CHECKING:
    import fsrs

MIN_REVIEWS = 512  # fsrs.optimizer's mini_batch_size
RETENTION_RANGE = (0.70, 0.97)


class OptimizeError(Exception):
    """`quiz optimize` cannot run (missing extra, too few reviews); ``str`` is bilingual."""


@dataclass(frozen=True)
class Fitted:
    """What `quiz optimize` did."""

    before: tuple[float, ...]
    after: tuple[float, ...]
    retention: float
    reviews: int  # reviews the optimizer learns from
    rescheduled: int


def learnable_reviews(reviews: Sequence[ReviewRow]) -> int:
    """How many reviews the Optimizer learns from: those on a later day than the card's
    previous review, within each card's first 64 (as fsrs.optimizer counts them)."""
    by_card: dict[int, list[ReviewRow]] = {}
    for row in sorted(reviews, key=lambda r: r.reviewed_at):
        by_card.setdefault(row.card_id, []).append(row)
    count = 0
    for rows in by_card.values():
        rows = rows[:64]
        count += sum(1 for a, b in itertools.pairwise(rows)
                     if (b.reviewed_at - a.reviewed_at).days > 0)
    return count


EXTRA_MODULES = ("torch", "pandas", "numpy", "tqdm")  # what fsrs[optimizer] installs


def _optimizer() -> type:
    import importlib

    # fsrs.optimizer imports without them too and fails only when used: import them first.
    for name in EXTRA_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            raise OptimizeError(
                "FSRS 최적화에는 PyTorch가 필요합니다: pip install 'kubeclass[optimizer]' — "
                "fitting FSRS needs PyTorch: pip install 'kubeclass[optimizer]' "
                f"({exc.name or name} cannot be imported).") from exc
    from fsrs.optimizer import Optimizer

    optimizer: type = Optimizer
    return optimizer


def fit_parameters(logs: Sequence[fsrs.ReviewLog]) -> list[float]:
    """py-fsrs's optimal parameters for ``logs``."""
    parameters: list[float] = _optimizer()(list(logs)).compute_optimal_parameters()
    return [float(p) for p in parameters]


def fit(store: Store, retention: float | None) -> Fitted:
    """Fit the parameters to the store's reviews, store them (and ``retention`` when given)
    and reschedule every card. Raises :class:`OptimizeError` and changes nothing when the
    extra is missing or there are too few reviews."""
    reviews = store.reviews()
    learnable = learnable_reviews(reviews)
    if learnable < MIN_REVIEWS:
        raise OptimizeError(
            f"복습 기록이 부족합니다: 다른 날 다시 본 복습 {learnable}개, 최소 {MIN_REVIEWS}개 "
            f"필요 (바뀐 것 없음) — too few reviews to fit FSRS: {learnable} reviews on a later "
            f"day than the card's previous one, at least {MIN_REVIEWS} needed (nothing changed).")
    _optimizer()  # a missing extra is reported before any work
    before = scheduler.make_scheduler(store)
    after = fit_parameters(scheduler.review_logs(reviews))
    store.set_meta(scheduler.PARAMETERS_KEY, json.dumps(after))
    if retention is not None:
        store.set_meta(scheduler.RETENTION_KEY, repr(retention))
    fresh = scheduler.make_scheduler(store)
    rescheduled = scheduler.reschedule(store, fresh)
    return Fitted(before=tuple(before.parameters), after=tuple(fresh.parameters),
                  retention=fresh.desired_retention, reviews=learnable,
                  rescheduled=rescheduled)
