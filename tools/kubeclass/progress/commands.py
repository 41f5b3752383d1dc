"""``kubeclass progress``: what the learner knows, from the quiz and the labs, in one view.

rich, fsrs and the glossary are imported when the command runs (``kubeclass --help`` and
the quiz never import this module).
"""

from __future__ import annotations

from pathlib import Path

import click

from kubeclass.cliutil import echo_json
from kubeclass.glossary.model import Lang


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="Also write the view as a self-contained HTML page.")
@click.option("--lang", type=click.Choice(["ko", "en"]), default="ko", show_default=True)
def progress(as_json: bool, html_file: Path | None, lang: Lang) -> None:
    """학습 현황 — terms seen / mature / due, labs, weakest terms, reviews and retention."""
    from datetime import UTC, datetime

    from kubeclass.progress.model import compute
    from kubeclass.progress.paths import learning_paths
    from kubeclass.quiz import scheduler
    from kubeclass.quiz.commands import _glossary, _open_store
    from kubeclass.quiz.store import CardRow

    glossary = _glossary()
    store = _open_store()
    try:
        fsrs_scheduler = scheduler.make_scheduler(store)

        def recall(card: CardRow, moment: datetime) -> float:
            if card.stability is None:
                return 0.0
            return float(fsrs_scheduler.get_card_retrievability(scheduler.to_fsrs(card), moment))

        figures = compute(glossary, store.cards(), store.reviews(), store.lab_runs(),
                          datetime.now(UTC), recall, learning_paths(glossary))
    finally:
        store.close()
    if html_file is not None:
        from kubeclass.progress.page import to_html

        html_file.write_text(to_html(figures, lang), encoding="utf-8")
        click.echo(str(html_file), err=True)
    if as_json:
        echo_json(figures.to_dict())
        return
    from rich.console import Console

    from kubeclass.progress.terminal import render

    render(figures, Console(highlight=False), lang)
