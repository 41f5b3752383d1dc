"""Small helpers shared by the subcommands: JSON output and content errors → exit 2."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from kubeclass.problems import ContentError, Problem

T = TypeVar("T")

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
