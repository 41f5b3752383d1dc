"""The ``kubeclass`` command line.

Only :mod:`click` is imported at start-up: every subcommand group lives in its own
module and is imported when it is run, so ``kubeclass --help`` stays fast and never
loads ``kubernetes``, ``mkdocs`` or ``rich``.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import click

from kubeclass import __version__

# name -> ("module:attribute", one-line help). The help text is kept here so that
# ``kubeclass --help`` can list the commands without importing them.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "glossary": ("kubeclass.glossary.commands:glossary", "Check, list, show and search the glossary."),
    "site": ("kubeclass.site.commands:site", "Build or serve the website."),
    "quiz": ("kubeclass.quiz.commands:quiz", "Quizzes with spaced repetition."),
    "lab": ("kubeclass.labs.commands:lab", "Run and grade hands-on labs."),
    "cluster": ("kubeclass.labs.kind:cluster", "Create and remove the local kind cluster."),
    "classroom": ("kubeclass.classroom.commands:classroom", "Workspaces for a whole class."),
    "progress": ("kubeclass.progress.commands:progress",
                 "What you know: terms, labs, weakest terms, retention."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when they are invoked."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            return self._load(cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, LAZY_COMMANDS[name][1]) for name in sorted(LAZY_COMMANDS)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    @staticmethod
    def _load(cmd_name: str) -> click.Command:
        target, _ = LAZY_COMMANDS[cmd_name]
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="kubeclass")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KUBECLASS_ROOT",
    help="Content tree holding glossary/ and labs/ (default: this clone, or the packaged copy).",
)
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """kubeclass — 클라우드·쿠버네티스 학습 도구 (Korean-first cloud & Kubernetes learning)."""
    if root is not None:
        # Subcommands resolve content through kubeclass.content, which reads this.
        os.environ["KUBECLASS_ROOT"] = str(root)
    ctx.ensure_object(dict)


if __name__ == "__main__":  # pragma: no cover
    main()
