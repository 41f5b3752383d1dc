"""The quiz in the terminal (rich): questions, feedback, the end-of-session summary.

Glossary text is always put into :class:`rich.text.Text` objects, never into markup
strings, so brackets in a definition can not be taken for rich markup.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from typing import Any

from rich.console import Console
from rich.text import Text

from kubeclass.glossary.model import Glossary, Lang, Term
from kubeclass.quiz import scheduler
from kubeclass.quiz.items import Item
from kubeclass.quiz.labfeed import LabReason
from kubeclass.quiz.session import Answered, Options, Result, weakest
from kubeclass.site.urls import term_page_url

TYPE_LABELS = {
    "term-def": {"ko": "용어 → 뜻", "en": "term → definition"},
    "def-term": {"ko": "뜻 → 용어", "en": "definition → term"},
    "abbr": {"ko": "약어", "en": "abbreviation"},
    "typed": {"ko": "직접 입력", "en": "type the term"},
}
UI: dict[str, dict[Lang, str]] = {
    "choose": {"ko": "번호 (모르면 Enter, 끝내기 q) › ", "en": "Number (Enter: don't know, q: quit) › "},
    "type": {"ko": "용어 입력 (모르면 Enter) › ", "en": "Term (Enter: don't know) › "},
    "invalid": {"ko": "1–{n} 사이의 번호를 입력하세요.", "en": "Please type a number from 1 to {n}."},
    "correct": {"ko": "정답!", "en": "Correct!"},
    "fast": {"ko": " 빠르고 정확해요.", "en": " Quick and right."},
    "typo": {"ko": "오타를 인정했어요 (typo accepted): {given} → {name}",
             "en": "Typo accepted: {given} → {name}"},
    "wrong": {"ko": "오답. 정답: ", "en": "Wrong. Answer: "},
    "other": {"ko": "‘{given}’은(는) 다른 용어입니다: {name}", "en": "‘{given}’ is another term: {name}"},
    "next": {"ko": "다음 복습: {when}", "en": "Next review: {when}"},
    "score": {"ko": "점수", "en": "Score"},
    "time": {"ko": "걸린 시간", "en": "Time"},
    "weak": {"ko": "다시 볼 용어", "en": "Terms to review"},
    "none_weak": {"ko": "모두 맞혔어요!", "en": "All correct!"},
    "stopped": {"ko": "중간에 멈췄어요. 답한 문제까지 저장했습니다.",
                "en": "Stopped early; every answer so far is saved."},
    "nothing": {"ko": "지금 풀 문제가 없어요.", "en": "Nothing to ask right now."},
    "next_due": {"ko": "다음 복습 예정: {when}", "en": "Next card due: {when}"},
    "new_limit": {"ko": "오늘의 새 용어 {n}개를 모두 배웠어요 (--new-per-day로 바꿀 수 있어요).",
                  "en": "Today's {n} new terms are done (change with --new-per-day)."},
    "no_terms": {"ko": "조건에 맞는 용어가 없어요.", "en": "No term matches these filters."},
}


def when(moment: datetime, now: datetime, lang: Lang) -> str:
    """``10분 뒤`` / ``in 3 days``: a short relative time."""
    delta = max(moment - now, timedelta(0))
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        amount, ko, en = max(minutes, 1), "분", "minute"
    elif minutes < 24 * 60:
        amount, ko, en = minutes // 60, "시간", "hour"
    else:
        amount, ko, en = round(delta / timedelta(days=1)), "일", "day"
    if lang == "ko":
        return f"{amount}{ko} 뒤"
    return f"in {amount} {en}{'s' if amount != 1 else ''}"


class TerminalAnswers:
    """Answers typed by a person (line editing through readline when available)."""

    scripted = False

    def __init__(self, console: Console) -> None:
        self.console = console
        with contextlib.suppress(ImportError):  # Windows has none
            import readline  # noqa: F401  (line editing for input())

    def read(self, prompt: Any) -> str | None:
        try:
            return self.console.input(prompt)
        except EOFError:
            self.console.print()
            return None


class RichView:
    """Questions, feedback and summary on a rich console."""

    def __init__(self, console: Console, lang: Lang) -> None:
        self.console = console
        self.lang = lang

    def _t(self, key: str, **values: object) -> str:
        return UI[key][self.lang].format(**values)

    def question(self, item: Item, number: int, total: int,
                 reason: LabReason | None = None) -> Text:
        label = TYPE_LABELS[item.type][self.lang]
        self.console.print()
        self.console.rule(Text(f"{number}/{total} · {label}", style="bold cyan"), align="left")
        if reason is not None:
            self.console.print(Text(f"↻ {reason.text(self.lang)}", style="magenta"))
        self.console.print(Text(item.instruction, style="dim"))
        self.console.print(Text(item.prompt, style="bold"))
        for index, option in enumerate(item.options, 1):
            line = Text(f"  {index}) ", style="cyan")
            line.append(option)
            self.console.print(line)
        return Text(self._t("choose" if item.is_choice else "type"), style="bold")

    def invalid_choice(self, item: Item) -> None:
        self.console.print(Text(self._t("invalid", n=len(item.options)), style="yellow"))

    def echo_answer(self, text: str) -> None:
        self.console.print(Text(text or "∅", style="dim"))

    def feedback(self, answered: Answered, term: Term, glossary: Glossary) -> None:
        item, verdict = answered.item, answered.verdict
        if verdict.correct:
            line = Text("✔ " + self._t("correct"), style="bold green")
            if answered.rating == scheduler.EASY:
                line.append(self._t("fast"), style="green")
            self.console.print(line)
            if verdict.typo:
                self.console.print(Text(
                    self._t("typo", given=answered.given, name=item.solution), style="yellow"))
        else:
            line = Text("✘ " + self._t("wrong"), style="bold red")
            if item.is_choice and item.answer is not None:
                line.append(f"{item.answer + 1}) ", style="red")
            line.append(item.solution, style="bold")
            self.console.print(line)
            if verdict.other_term and verdict.other_term in glossary.terms:
                other = glossary.terms[verdict.other_term]
                self.console.print(Text(
                    self._t("other", given=answered.given, name=other.title(self.lang)),
                    style="yellow"))
        about = Text(term.title(self.lang), style="bold")
        about.append(" — ")
        about.append(term.short.get(self.lang))
        self.console.print(about)
        self.console.print(Text(term_page_url(term.id), style="blue underline"))
        if answered.card is not None:
            now = datetime.now(UTC)
            self.console.print(Text(
                self._t("next", when=when(answered.card.due, now, self.lang)), style="dim"))

    def nothing_to_do(self, plan: scheduler.Plan, options: Options) -> None:
        if plan.eligible == 0:
            self.console.print(Text(self._t("no_terms"), style="yellow"))
            return
        self.console.print(Text(self._t("nothing"), style="bold"))
        if plan.next_due is not None:
            self.console.print(self._t(
                "next_due", when=when(plan.next_due, datetime.now(UTC), self.lang)))
        if not options.review_only and plan.new_left == 0:
            self.console.print(self._t("new_limit", n=options.new_per_day))

    def summary(self, result: Result, glossary: Glossary) -> None:
        total = len(result.answered)
        self.console.print()
        self.console.rule(Text(self._t("score"), style="bold"), align="left")
        if result.stopped:
            self.console.print(Text(self._t("stopped"), style="yellow"))
        percent = f" ({100 * result.score // total}%)" if total else ""
        minutes, seconds = divmod(int(result.seconds), 60)
        self.console.print(Text.assemble(
            (f"{self._t('score')}: ", "bold"), f"{result.score}/{total}{percent}",
            "   ", (f"{self._t('time')}: ", "bold"), f"{minutes}:{seconds:02d}",
        ))
        wrong = weakest(result.answered)
        if not total:
            return
        if not wrong:
            self.console.print(Text(self._t("none_weak"), style="green"))
            return
        self.console.print(Text(self._t("weak") + ":", style="bold"))
        for term_id in wrong:
            term = glossary.terms[term_id]
            line = Text(f"  • {term.title(self.lang)}  ")
            line.append(term_page_url(term_id), style="blue")
            self.console.print(line)


STATS_TEXT: dict[str, dict[Lang, str]] = {
    "title": {"ko": "학습 통계", "en": "Progress"},
    "seen": {"ko": "본 용어", "en": "Terms seen"},
    "due": {"ko": "지금 복습할 카드", "en": "Due now"},
    "due_today": {"ko": "오늘 복습할 카드", "en": "Due today"},
    "reviews": {"ko": "총 답변 수", "en": "Reviews"},
    "retention": {"ko": "기억 유지율", "en": "Retention"},
    "accuracy": {"ko": "정답률", "en": "Accuracy"},
    "streak": {"ko": "연속 학습일", "en": "Streak (days)"},
    "weakest": {"ko": "자주 틀리는 용어", "en": "Weakest terms"},
    "per_day": {"ko": "날짜별 답변 수", "en": "Reviews per day"},
    "ahead": {"ko": "날짜별 복습 예정", "en": "Cards due per day"},
    "wrong": {"ko": "틀림", "en": "wrong"},
}


def render_stats(stats: Any, glossary: Glossary, console: Console, lang: Lang) -> None:
    """Print ``kubeclass quiz stats``: the numbers, the weakest terms and two small charts."""
    from rich.columns import Columns
    from rich.table import Table

    from kubeclass.quiz.stats import bar

    t = {key: value[lang] for key, value in STATS_TEXT.items()}

    def percent(value: float | None) -> str:
        return "—" if value is None else f"{value * 100:.0f}%"

    numbers = Table.grid(padding=(0, 2))
    numbers.add_column(style="bold")
    numbers.add_column(justify="right")
    for key, value in (
        ("seen", str(stats.seen)), ("due", str(stats.due)), ("due_today", str(stats.due_today)),
        ("reviews", str(stats.reviews)), ("retention", percent(stats.retention)),
        ("accuracy", percent(stats.accuracy)), ("streak", str(stats.streak)),
    ):
        numbers.add_row(t[key], value)
    console.rule(Text(t["title"], style="bold cyan"), align="left")
    console.print(numbers)
    if stats.weakest:
        console.print()
        console.print(Text(t["weakest"], style="bold"))
        for weak in stats.weakest:
            name = glossary.terms[weak.term_id].title(lang) if weak.term_id in glossary.terms \
                else weak.term_id
            line = Text(f"  • {name}  ")
            line.append(f"{weak.wrong}/{weak.reviews} {t['wrong']}", style="red")
            console.print(line)

    def chart(title: str, rows: list[tuple[Any, int]], style: str) -> Table:
        table = Table(title=title, show_header=False, box=None, padding=(0, 1), title_justify="left")
        table.add_column(style="dim")
        table.add_column(style=style, no_wrap=True)
        table.add_column(justify="right")
        largest = max((n for _, n in rows), default=0)
        for day, count in rows:
            table.add_row(day.strftime("%m-%d"), bar(count, largest, 16), str(count))
        return table

    console.print()
    console.print(Columns([
        chart(t["per_day"], stats.reviews_per_day, "green"),
        chart(t["ahead"], stats.due_per_day, "cyan"),
    ], padding=(0, 4)))
