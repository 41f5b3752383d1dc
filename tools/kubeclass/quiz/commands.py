"""``kubeclass quiz [OPTIONS]`` (the quiz itself), ``quiz stats``, ``quiz reset``, ``quiz export``.

Only click and light modules are imported here; rich, fsrs, genanki and SQLite are
imported by the command that runs, so starting the quiz stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from kubeclass.cliutil import echo_json, load_or_exit
from kubeclass.glossary.model import LEVELS, Glossary, Lang, Term
from kubeclass.problems import did_you_mean
from kubeclass.quiz.items import ITEM_TYPES, ItemType

if TYPE_CHECKING:
    from kubeclass.quiz.store import Store

LANG = click.Choice(["ko", "en"])


def _glossary() -> Glossary:
    from kubeclass.glossary.cache import load_cached_glossary

    return load_or_exit(load_cached_glossary, what="glossary")


def _check_filters(glossary: Glossary, categories: Sequence[str], tags: Sequence[str]) -> None:
    """Unknown categories or tags are bad input (exit 2), with a suggestion."""
    known_tags = {tag for term in glossary.terms.values() for tag in term.tags}
    problems = [
        f"unknown category '{c}'{did_you_mean(c, glossary.categories)}"
        for c in categories if c not in glossary.categories
    ] + [f"unknown tag '{t}'{did_you_mean(t, known_tags)}" for t in tags if t not in known_tags]
    if problems:
        raise click.UsageError("; ".join(problems))


def _path_terms(glossary: Glossary, name: str | None) -> tuple[str, ...]:
    """The term ids of learning path ``name``, in order; an unknown name is bad input."""
    if name is None:
        return ()
    from kubeclass.glossary.paths import load_paths

    paths = load_or_exit(lambda: load_paths(glossary), what="learning paths")
    if name not in paths:
        known = ", ".join(paths) or "(none: glossary/paths.yaml defines no path)"
        raise click.UsageError(f"unknown learning path '{name}'{did_you_mean(name, paths)}; "
                               f"known paths: {known}")
    return tuple(paths[name].term_ids())


def _open_store() -> Store:
    from kubeclass.quiz.paths import db_path
    from kubeclass.quiz.store import Store, StoreError

    try:
        return Store.open(db_path(), notice=lambda message: click.echo(message, err=True))
    except (StoreError, OSError) as exc:
        click.echo(f"kubeclass quiz: {exc}", err=True)
        sys.exit(1)


def _filtered(
    glossary: Glossary, categories: Sequence[str], tags: Sequence[str], levels: Sequence[str]
) -> list[Term]:
    return [
        t for t in glossary.terms.values()
        if (not categories or t.category in categories)
        and (not tags or set(tags) & set(t.tags))
        and (not levels or t.level in levels)
    ]


@click.group(invoke_without_command=True)
@click.option("-n", "--count", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="Number of questions.")
@click.option("--category", "categories", multiple=True, help="Only this category (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Only terms with this tag (repeatable).")
@click.option("--level", "levels", multiple=True, type=click.Choice(LEVELS),
              help="Only this level (repeatable).")
@click.option("--type", "types", multiple=True, type=click.Choice(ITEM_TYPES),
              help="Only this item type (repeatable).")
@click.option("--path", "path_name", metavar="NAME",
              help="Follow a learning path (glossary/paths.yaml): its terms, in its order.")
@click.option("--lang", type=LANG, default="ko", show_default=True,
              help="Language of the questions (Korean shows the English name too).")
@click.option("--seed", type=int, help="Make the questions and their order reproducible.")
@click.option("--review", "review_only", is_flag=True, help="Only cards that are due now.")
@click.option("--new-per-day", type=click.IntRange(0), default=20, show_default=True,
              help="How many new terms to introduce per day.")
@click.option("--answers", type=click.File("r", encoding="utf-8"), metavar="FILE|-",
              help="Read answers from FILE ('-' for stdin), one per line, instead of a person.")
@click.option("--json", "as_json", is_flag=True, help="Print the session as JSON.")
@click.option("--no-save", is_flag=True, help="Do not record the answers in the progress file.")
@click.pass_context
def quiz(
    ctx: click.Context, count: int, categories: tuple[str, ...], tags: tuple[str, ...],
    levels: tuple[str, ...], types: tuple[ItemType, ...], path_name: str | None, lang: Lang,
    seed: int | None, review_only: bool, new_per_day: int, answers: IO[str] | None, as_json: bool,
    no_save: bool,
) -> None:
    """퀴즈 — a quiz with spaced repetition (FSRS); `quiz stats|reset|export` for the rest.

    Answer multiple-choice questions with the option's number and typed questions with
    the term in Korean or English (abbreviations and aliases count). Enter alone means
    "I don't know". q (at a multiple-choice question), Ctrl-C or Ctrl-D stop; every
    answer given so far is saved.
    """
    if ctx.invoked_subcommand is not None:
        return
    from rich.console import Console

    from kubeclass.quiz.session import Options, ScriptedAnswers, Session
    from kubeclass.quiz.view import RichView, TerminalAnswers

    glossary = _glossary()
    _check_filters(glossary, categories, tags)
    path = _path_terms(glossary, path_name)
    if answers is None and not sys.stdin.isatty():
        answers = sys.stdin  # piped in: the same as --answers -
    scripted = answers is not None
    console = Console(stderr=as_json, quiet=as_json and scripted, highlight=False)
    source = ScriptedAnswers(answers) if answers is not None else TerminalAnswers(console)
    options = Options(
        count=count, categories=categories, tags=tags, levels=levels, types=types, lang=lang,
        seed=seed, review_only=review_only, new_per_day=new_per_day, path=path,
    )
    store = None if no_save else _open_store()
    try:
        result = Session(glossary, store, options, source, RichView(console, lang)).run()
    finally:
        if store is not None:
            store.close()
    if as_json:
        echo_json(result.to_dict())


@quiz.command()
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@click.option("--lang", type=LANG, default="ko", show_default=True)
def stats(as_json: bool, lang: Lang) -> None:
    """Cards seen and due, retention, streak, weakest terms, reviews per day."""
    from datetime import UTC, datetime

    from kubeclass.quiz.stats import compute

    store = _open_store()
    try:
        result = compute(store.cards(), store.reviews(), datetime.now(UTC))
    finally:
        store.close()
    if as_json:
        echo_json(result.to_dict())
        return
    from rich.console import Console

    from kubeclass.quiz.view import render_stats

    render_stats(result, _glossary(), Console(highlight=False), lang)


@quiz.command()
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def reset(yes: bool) -> None:
    """Forget all quiz progress (asks first)."""
    store = _open_store()
    try:
        seen = len(store.cards())
        if not yes:
            click.confirm(
                f"학습 기록(용어 {seen}개)을 모두 지울까요? Erase all progress ({seen} terms)?",
                abort=True,
            )
        store.reset()
    finally:
        store.close()
    click.echo(f"학습 기록을 지웠습니다 (progress erased): {store.path}")


@quiz.command()
@click.option("--format", "fmt", type=click.Choice(["anki", "json", "markdown", "revlog"]),
              required=True,
              help="anki: an .apkg deck; json: the item pool; markdown: a printable worksheet; "
                   "revlog: your review log as fsrs-optimizer CSV.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: stdout; required for anki).")
@click.option("--lang", type=LANG, default="ko", show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--category", "categories", multiple=True)
@click.option("--tag", "tags", multiple=True)
@click.option("--level", "levels", multiple=True, type=click.Choice(LEVELS))
@click.option("--type", "types", multiple=True, type=click.Choice(ITEM_TYPES))
@click.option("-n", "--count", type=click.IntRange(1),
              help="At most this many items (default: all; the worksheet takes 20).")
def export(
    fmt: str, output: Path | None, lang: Lang, seed: int, categories: tuple[str, ...],
    tags: tuple[str, ...], levels: tuple[str, ...], types: tuple[ItemType, ...],
    count: int | None,
) -> None:
    """Export the quiz: Anki deck (both directions), JSON item pool, Markdown worksheet, or
    the review log (fsrs-optimizer CSV, to compare with Anki)."""
    if fmt == "revlog":
        from kubeclass.quiz.export import revlog_csv

        store = _open_store()
        try:
            _write(revlog_csv(store.reviews()), output)
        finally:
            store.close()
        return
    glossary = _glossary()
    _check_filters(glossary, categories, tags)
    terms = _filtered(glossary, categories, tags, levels)
    if fmt == "anki":
        if output is None:
            raise click.UsageError("--format anki needs -o/--output FILE.apkg")
        from kubeclass.quiz.export import write_anki

        notes = write_anki(glossary, terms[:count] if count else terms, output)
        click.echo(f"{output}: {notes} notes, {2 * notes} cards (ko→en, en→ko)", err=True)
        return
    import random

    from kubeclass.quiz.items import build_pool

    items = build_pool(glossary, seed, lang, types or ITEM_TYPES, terms)
    if fmt == "markdown":
        from kubeclass.quiz.export import worksheet

        random.Random(seed).shuffle(items)
        text = worksheet(items[: count or 20], lang, seed)
    else:
        import json

        from kubeclass.quiz.export import pool_json

        text = json.dumps(pool_json(items[:count] if count else items, lang, seed),
                          ensure_ascii=False, indent=2) + "\n"
    _write(text, output)


@quiz.command()
@click.option("--retention", type=click.FloatRange(0.70, 0.97), metavar="0.70–0.97",
              help="Target retention: the share of cards you want to remember when they "
                   "come due (stored; default 0.9).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def optimize(retention: float | None, as_json: bool) -> None:
    """Fit FSRS to your own review log (needs `pip install 'kubeclass[optimizer]'`)."""
    from kubeclass.cliutil import EXIT_BAD_INPUT
    from kubeclass.quiz.optimize import OptimizeError, fit

    store = _open_store()
    try:
        fitted = fit(store, retention)
    except OptimizeError as exc:
        click.echo(f"kubeclass quiz optimize: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    finally:
        store.close()
    if as_json:
        echo_json({"before": list(fitted.before), "after": list(fitted.after),
                   "retention": fitted.retention, "reviews": fitted.reviews,
                   "rescheduled": fitted.rescheduled})
        return
    changed = sum(1 for a, b in zip(fitted.before, fitted.after, strict=True) if a != b)
    click.echo(f"FSRS 매개변수를 맞췄습니다 (fitted): 복습 {fitted.reviews}개로 매개변수 "
               f"{changed}/{len(fitted.after)}개 변경, 목표 유지율 {fitted.retention:.2f}, "
               f"카드 {fitted.rescheduled}장 재조정 — {fitted.reviews} reviews, {changed} of "
               f"{len(fitted.after)} parameters changed, target retention "
               f"{fitted.retention:.2f}, {fitted.rescheduled} cards rescheduled.")


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"{output}", err=True)

