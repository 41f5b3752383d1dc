"""One quiz session: choose the terms, ask, judge, save every answer, summarise.

The loop is independent of where answers come from (a person at the terminal, see
:mod:`kubeclass.quiz.view`, or :class:`ScriptedAnswers` for ``--answers FILE``) and of
how it is shown (:class:`View`; the rich one is in :mod:`kubeclass.quiz.view`). Every
answer is saved before the next question is shown, so an interrupted session keeps
everything but the question on screen.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from kubeclass.glossary.model import Glossary, Lang, Term
from kubeclass.quiz import scheduler
from kubeclass.quiz.answers import Judge, Verdict, parse_choice
from kubeclass.quiz.items import CHOICE_TYPES, Item, ItemFactory, ItemType, applicable
from kubeclass.quiz.store import CardRow, Store

if TYPE_CHECKING:
    import fsrs

    from kubeclass.quiz.labfeed import LabReason

QUIT = {"q", ":q", "quit", "exit", "끝", "종료"}


@dataclass(frozen=True)
class Options:
    """What the learner asked for on the command line."""

    count: int = 10
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    types: tuple[ItemType, ...] = ()
    lang: Lang = "ko"
    seed: int | None = None
    review_only: bool = False
    new_per_day: int = scheduler.NEW_PER_DAY
    path: tuple[str, ...] = ()  # a learning path's term ids: only these, in this order


@dataclass(frozen=True)
class Answered:
    """One question and what became of it."""

    item: Item
    given: int | str | None  # option index for choices, text for typed items
    verdict: Verdict
    seconds: float | None
    rating: int
    card: CardRow | None = None  # the card after the review (None when not saved)
    reason: LabReason | None = None  # why it was asked first (a failed lab check)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "term_id": self.item.term_id,
            "type": self.item.type,
            "prompt": self.item.prompt,
            "options": list(self.item.options),
            "answer": self.item.answer if self.item.is_choice else self.item.solution,
            "given": self.given,
            "correct": self.verdict.correct,
            "typo": self.verdict.typo,
            "rating": self.rating,
        }
        if not self.item.is_choice:
            data["accepted"] = list(self.item.accepted)
        if self.reason is not None:
            data["reason"] = {"lab": self.reason.lab_id, "check": self.reason.check_id,
                              "text": {"ko": self.reason.text("ko"),
                                       "en": self.reason.text("en")}}
        return data


@dataclass
class Result:
    """A finished (or interrupted) session."""

    answered: list[Answered] = field(default_factory=list)
    planned: int = 0
    seconds: float = 0.0
    stopped: bool = False
    plan: scheduler.Plan | None = None
    seed: int = 0

    @property
    def score(self) -> int:
        return sum(1 for a in self.answered if a.verdict.correct)

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": [a.to_dict() for a in self.answered],
            "score": self.score,
            "total": len(self.answered),
            "planned": self.planned,
            "seed": self.seed,
            "seconds": round(self.seconds, 3),
        }


class Answers(Protocol):
    """Where answers come from. ``read`` returns None at the end of input."""

    scripted: bool

    def read(self, prompt: Any) -> str | None: ...


class ScriptedAnswers:
    """Answers from a file or pipe, one per line (``--answers FILE|-``)."""

    scripted = True

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines: Iterator[str] = iter(lines)

    def read(self, prompt: Any) -> str | None:
        line = next(self._lines, None)
        return None if line is None else line.rstrip("\r\n")


class View(Protocol):
    """How a session is shown (see :mod:`kubeclass.quiz.view`)."""

    def question(self, item: Item, number: int, total: int,
                 reason: LabReason | None = None) -> Any: ...

    def invalid_choice(self, item: Item) -> None: ...

    def echo_answer(self, text: str) -> None: ...

    def feedback(self, answered: Answered, term: Term, glossary: Glossary) -> None: ...

    def nothing_to_do(self, plan: scheduler.Plan, options: Options) -> None: ...

    def summary(self, result: Result, glossary: Glossary) -> None: ...


def select_terms(glossary: Glossary, options: Options) -> list[Term]:
    """The terms the filters allow (and that can make an item of a requested type);
    with a learning path, its terms in its order."""
    chosen = []
    pool = [glossary.terms[t] for t in options.path if t in glossary.terms] if options.path \
        else glossary.terms.values()
    for term in pool:
        if options.categories and term.category not in options.categories:
            continue
        if options.tags and not set(options.tags) & set(term.tags):
            continue
        if options.levels and term.level not in options.levels:
            continue
        if options.types and not any(applicable(term, t) for t in options.types):
            continue
        chosen.append(term)
    return chosen


def choose_type(term: Term, card: CardRow | None, options: Options, rng: random.Random) -> ItemType:
    """The item type for one term: recognition (choices) while new, recall (typed) later."""
    if options.types:
        return rng.choice([t for t in options.types if applicable(term, t)])
    choices = [t for t in CHOICE_TYPES if applicable(term, t)]
    if card is not None and card.state == scheduler.STATE_REVIEW and rng.random() < 0.5:
        return "typed"
    return rng.choice(choices)


class Session:
    """Runs one quiz session; ``store`` None means nothing is saved."""

    def __init__(
        self,
        glossary: Glossary,
        store: Store | None,
        options: Options,
        answers: Answers,
        view: View,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.glossary = glossary
        self.store = store
        self.options = options
        self.answers = answers
        self.view = view
        self.clock = clock
        self.seed = options.seed if options.seed is not None else random.SystemRandom().randrange(2**31)
        self._scheduler: fsrs.Scheduler | None = None  # made at the first answer
        self.reasons: dict[str, LabReason] = {}  # terms a failed lab check brought back

    def items(self, plan: scheduler.Plan, cards: dict[str, CardRow]) -> list[Item]:
        """The items of the planned terms, in plan order."""
        rng = random.Random(f"session|{self.seed}")
        factory = ItemFactory(self.glossary, self.options.lang)
        items = []
        for term_id in plan.term_ids:
            term = self.glossary.terms[term_id]
            kind = choose_type(term, cards.get(term_id), self.options, rng)
            item = factory.make(term, kind, self.seed)
            if item is None and (not self.options.types or "typed" in self.options.types):
                item = factory.make(term, "typed", self.seed)  # too few distractors
            if item is not None:
                items.append(item)
        return items

    def prepare(self) -> tuple[scheduler.Plan, list[Item]]:
        """The plan and the items of this session (what :meth:`run` will ask)."""
        cards = self.store.cards() if self.store is not None else {}
        if self.store is not None:
            from kubeclass.quiz.labfeed import reasons

            self.reasons = reasons(self.store)
        terms = select_terms(self.glossary, self.options)
        plan = scheduler.plan(
            terms, cards, self.clock(), self.options.count, random.Random(self.seed),
            review_only=self.options.review_only, new_per_day=self.options.new_per_day,
            first=self.reasons,
            ordered=bool(self.options.path),
        )
        return plan, self.items(plan, cards)

    def run(self) -> Result:
        """Ask every planned question; Ctrl-C, Ctrl-D, ``q`` or the end of input stop early."""
        started = time.monotonic()
        plan, items = self.prepare()
        result = Result(planned=len(items), plan=plan, seed=self.seed)
        if not items:
            self.view.nothing_to_do(plan, self.options)
            return result
        judge = Judge(self.glossary)
        try:
            for number, item in enumerate(items, 1):
                answered = self._ask(item, number, len(items), judge)
                if answered is None:
                    result.stopped = True
                    break
                result.answered.append(answered)
                self.view.feedback(answered, self.glossary.terms[item.term_id], self.glossary)
        except KeyboardInterrupt:
            result.stopped = True
        result.seconds = time.monotonic() - started
        self.view.summary(result, self.glossary)
        return result

    def _ask(self, item: Item, number: int, total: int, judge: Judge) -> Answered | None:
        prompt = self.view.question(item, number, total, self.reasons.get(item.term_id))
        shown = time.monotonic()
        while True:
            text = self.answers.read(prompt)
            if text is None:
                return None
            if self.answers.scripted:
                self.view.echo_answer(text)
            if text.strip().casefold() in QUIT and item.is_choice:
                return None
            given: int | str | None
            if item.is_choice:
                given = parse_choice(item, text) if text.strip() else None
                if given is None and text.strip() and not self.answers.scripted:
                    self.view.invalid_choice(item)
                    continue  # a person mistyped a number: ask again
                verdict = judge.choice(item, given)
            else:
                given = text.strip()
                verdict = judge.typed(item, given)
            break
        seconds = None if self.answers.scripted else time.monotonic() - shown
        rating = scheduler.rating_for(
            verdict.correct, typo=verdict.typo, seconds=seconds, typed=not item.is_choice
        )
        card = self._save(item, given, rating, seconds)
        return Answered(item=item, given=given, verdict=verdict, seconds=seconds,
                        rating=rating, card=card, reason=self.reasons.get(item.term_id))

    def _save(
        self, item: Item, given: int | str | None, rating: int, seconds: float | None
    ) -> CardRow | None:
        if self.store is None:
            return None
        if self._scheduler is None:
            self._scheduler = scheduler.make_scheduler(self.store)
            scheduler.sync_parameters(self.store, self._scheduler)
        fsrs_scheduler = self._scheduler
        now = self.clock()
        duration = None if seconds is None else int(seconds * 1000)
        outcome = self.store.record(
            item.term_id,
            now,
            lambda card, card_id: scheduler.review(
                fsrs_scheduler, card, card_id=card_id, term_id=item.term_id, rating=rating,
                now=now, duration_ms=duration, item_type=item.type,
                given=None if given is None else str(given),
            ),
        )
        return outcome.card


def weakest(answered: Sequence[Answered]) -> list[str]:
    """Term ids answered wrong in this session, in order, without repeats."""
    return list(dict.fromkeys(a.item.term_id for a in answered if not a.verdict.correct))
