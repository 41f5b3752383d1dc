"""``kubeclass progress`` on one terminal screen (rich): tables and text sparklines.

Glossary text goes into :class:`rich.text.Text` and table cells as plain strings, never
into markup, so brackets in names cannot be taken for rich markup.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from kubeclass.glossary.model import Lang
from kubeclass.progress.model import Counts, Progress
from kubeclass.progress.text import sparkline, t


def _groups(title: str, rows: list[Counts], lang: Lang) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=None,
                  padding=(0, 1), show_edge=False)
    table.add_column(t("group", lang) if title == t("terms", lang) else title, no_wrap=True)
    for key in ("total", "seen", "mature", "due"):
        table.add_column(t(key, lang), justify="right")
    for row in rows:
        table.add_row(row.name.get(lang), str(row.total), str(row.seen), str(row.mature),
                      str(row.due), style="bold" if row.id == "all" else None)
    return table


def render(progress: Progress, console: Console, lang: Lang) -> None:
    """Print the whole view."""
    console.rule(Text(t("title", lang), style="bold cyan"), align="left")
    console.print(_groups(t("terms", lang), [progress.overall, *progress.categories], lang))
    console.print(Text(t("mature-note", lang), style="dim"))
    if progress.paths:
        console.print(_groups(t("path", lang), progress.paths, lang))

    console.print()
    console.print(Text(t("labs", lang), style="bold"))
    if not progress.labs:
        console.print(Text("  " + t("no-labs", lang), style="dim"))
    for lab in progress.labs:
        line = Text(f"  {'✓' if lab.passed else '·'} ", style="green" if lab.passed else "yellow")
        line.append(f"{lab.lab_id:<24}")
        line.append(f" {t('best', lang)} {lab.best}/{lab.max_score}"
                    f"  {t('last', lang)} {lab.last}/{lab.max_score}"
                    f"  {t('runs', lang)} {lab.runs}", style="dim")
        console.print(line)

    console.print()
    console.print(Text(t("weakest", lang), style="bold"))
    if not progress.weakest:
        console.print(Text("  " + t("no-terms", lang), style="dim"))
    for weak in progress.weakest:
        name = weak.name.get(lang) if weak.name else weak.term_id
        line = Text(f"  {weak.recall * 100:3.0f}%  ", style="red" if weak.recall < 0.8 else "")
        line.append(name, style="bold")
        line.append("  ")
        line.append(weak.url, style="blue underline")
        console.print(line)

    per_day = [n for _, n in progress.reviews_per_day]
    ahead = [r for _, r in progress.retention_ahead]
    console.print()
    console.print(Group(
        Text(f"{t('per-day', lang)} · {t('reviews', lang)} {progress.reviews}", style="bold"),
        Text(f"  {sparkline(per_day)}  max {max(per_day, default=0)}", style="green"),
        Text(t("ahead", lang), style="bold"),
        Text(f"  {sparkline(ahead, top=1.0)}  " + "  ".join(
            f"+{day}d {value * 100:.0f}%" for day, value in enumerate(ahead)
            if day in (0, 7, 29) and value is not None), style="cyan"),
    ))
