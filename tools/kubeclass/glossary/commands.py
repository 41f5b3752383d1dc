"""``kubeclass glossary check | list | show | search``."""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

import click

from kubeclass.cliutil import echo_json, fail_with_problems
from kubeclass.glossary.load import check_directory
from kubeclass.glossary.model import LEVELS, Glossary, Lang, Term

LANG_OPTION = click.option(
    "--lang", type=click.Choice(["ko", "en"]), default="ko", show_default=True,
    help="Language to show first.",
)


def _glossary() -> Glossary:
    """The glossary for reading commands: one broken file must not hide every other term."""
    result = check_directory()
    if result.problems:
        click.echo(f"warning: {len(result.problems)} problem(s) in the glossary; showing the valid "
                   "terms (run 'kubeclass glossary check' for details).", err=True)
    return result.glossary


@click.group()
def glossary() -> None:
    """용어집 — check, list, show and search the glossary."""


@glossary.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def check(as_json: bool) -> None:
    """Validate every glossary file and report all problems at once (exit 2 on any)."""
    result = check_directory()
    terms = list(result.glossary.terms.values())
    by_category = dict(sorted(Counter(t.category for t in terms).items()))
    if as_json:
        echo_json({
            "ok": result.ok,
            "terms": len(terms),
            "by_category": by_category,
            "problems": [p.to_dict() for p in result.problems],
        })
        sys.exit(0 if result.ok else 2)
    if not result.ok:
        fail_with_problems(result.problems, what="glossary")
    with_ko = sum(1 for t in terms if t.short.ko and t.long.ko)
    with_en = sum(1 for t in terms if t.short.en and t.long.en)
    click.echo(f"OK: {len(terms)} terms in {len(by_category)} categories "
               f"(한국어 {with_ko}, English {with_en}, seed {sum(t.seed for t in terms)})")
    width = max((len(c) for c in by_category), default=0)
    for category, count in by_category.items():
        click.echo(f"  {category:<{width}}  {count}")


@glossary.command("list")
@click.option("--category", help="Only this category id.")
@click.option("--tag", help="Only terms with this tag.")
@click.option("--level", type=click.Choice(LEVELS), help="Only this level.")
@click.option("--json", "as_json", is_flag=True, help="Print the terms as JSON.")
@LANG_OPTION
def list_terms(category: str | None, tag: str | None, level: str | None, as_json: bool,
               lang: Lang) -> None:
    """List terms, optionally filtered."""
    g = _glossary()
    if category and category not in g.categories:
        raise click.BadParameter(f"unknown category; use one of: {', '.join(g.categories)}",
                                 param_hint="--category")
    terms = [t for t in g.terms.values()
             if (not category or t.category == category) and (not tag or tag in t.tags)
             and (not level or t.level == level)]
    if as_json:
        echo_json([t.to_dict() for t in terms])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, header_style="bold")
    for column in ("id", "용어" if lang == "ko" else "term", "abbr", "category", "level"):
        table.add_column(column)
    for t in terms:
        table.add_row(t.id, t.title(lang), t.abbr or "", t.category, t.level)
    Console().print(table)
    click.echo(f"{len(terms)} terms")


@glossary.command()
@click.argument("query")
@LANG_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the term as JSON.")
def show(query: str, lang: Lang, as_json: bool) -> None:
    """Show one term, found by id, name, abbreviation or alias ("가상머신", "vm")."""
    from kubeclass.glossary.search import find, suggest

    g = _glossary()
    term = find(g, query)
    if term is None:
        close = suggest(g, query)
        click.echo(f"No term matches '{query}'.", err=True)
        if close:
            click.echo("Did you mean: " + ", ".join(f"{t.title(lang)} [{t.id}]" for t in close),
                       err=True)
        sys.exit(1)
    if as_json:
        echo_json(term.to_dict())
        return
    from kubeclass.glossary.render import print_term

    print_term(term, g, lang)


@glossary.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 500), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON (with score).")
@LANG_OPTION
def search(query: str, limit: int, as_json: bool, lang: Lang) -> None:
    """Ranked search over names, aliases and definitions (Korean infix and 초성 too)."""
    from kubeclass.glossary.search import search as run_search

    hits = run_search(_glossary(), query, limit)
    if as_json:
        out: list[dict[str, Any]] = [{**h.term.to_dict(), "score": h.score} for h in hits]
        echo_json(out)
        return
    if not hits:
        click.echo(f"Nothing found for '{query}'.", err=True)
        sys.exit(1)
    for hit in hits:
        _line(hit.term, lang)


def _line(term: Term, lang: Lang) -> None:
    click.echo(f"{click.style(term.title(lang), bold=True)} [{term.id}]  {term.short.get(lang)}")
