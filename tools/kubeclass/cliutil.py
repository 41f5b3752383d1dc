"""Small helpers shared by the subcommands: JSON output and content errors → exit 2."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar, cast

import click

from kubeclass.errors import UserError
from kubeclass.problems import ContentError, Problem

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

EXIT_BAD_INPUT = 2


def echo_json(data: Any) -> None:
    """Print ``data`` as pretty JSON, Korean kept readable (no \\uXXXX escapes)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def fail_with_problems(problems: list[Problem], *, what: str = "content") -> NoReturn:
    """Print every problem as ``path:line:column: field: message`` and exit with code 2."""
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s) in the {what}.", err=True)
    sys.exit(EXIT_BAD_INPUT)


def load_or_exit(loader: Callable[[], T], *, what: str = "content") -> T:
    """Run a content loader; on :class:`ContentError` report its problems and exit 2."""
    try:
        return loader()
    except ContentError as exc:
        fail_with_problems(exc.problems, what=what)


def say(lang: str, en: str, ko: str, *, err: bool = False) -> None:
    """Print the Korean or the English text, as the user's ``--lang`` asks."""
    click.echo(ko if lang == "ko" else en, err=err)


def handle_errors(what: str) -> Callable[[F], F]:
    """Decorate a command so invalid content (exit 2, every problem listed) and any
    :class:`UserError` (its message in the command's ``--lang``, its exit code) end it
    cleanly instead of with a traceback. ``what`` names the content in the summary line."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except ContentError as exc:
                fail_with_problems(exc.problems, what=what)
            except UserError as exc:
                click.echo(f"kubeclass: {exc.message(kwargs.get('lang') or 'ko')}", err=True)
                sys.exit(exc.exit_code)

        return cast(F, wrapper)

    return decorate
