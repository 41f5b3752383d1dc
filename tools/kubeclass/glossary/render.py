"""Terminal rendering of one term with rich."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markdown import Markdown
from rich.panel import Panel
from rich.syntax import Syntax
from rich.text import Text

from kubeclass.glossary.model import LANGS, Glossary, Lang, Term


def print_term(term: Term, glossary: Glossary, lang: Lang, console: Console | None = None) -> None:
    """Print ``term`` in both languages, ``lang`` first."""
    console = console or Console()
    order = (lang, *(other for other in LANGS if other != lang))
    category = glossary.categories.get(term.category)
    meta = Text()
    if term.abbr:
        meta.append(f"{term.abbr} · ", style="bold cyan")
    meta.append(category.name.get(lang) if category else term.category, style="magenta")
    meta.append(f" · {term.level}", style="dim")
    if term.tags:
        meta.append("  " + " ".join(f"#{tag}" for tag in term.tags), style="dim")
    parts: list[Text | Markdown | Syntax] = [meta]
    for language in order:
        parts += [Text(""), Text(term.short.get(language), style="bold"),
                  Markdown(term.long.get(language))]
    for example in term.examples:
        parts += [Text(""), Text(example.title.get(lang), style="italic"),
                  Syntax(example.code.rstrip(), example.language, theme="ansi_dark")]
    if term.aka:
        parts += [Text(""), Text("aka: " + ", ".join(term.aka), style="dim")]
    if term.related:
        names = [glossary.terms[r].title(lang) if r in glossary.terms else r for r in term.related]
        label = "관련 용어" if lang == "ko" else "Related"
        parts.append(Text(f"{label}: " + ", ".join(names), style="cyan"))
    for ref in term.references:
        parts.append(Text(f"↗ {ref.title} — {ref.url}", style="blue"))
    console.print(Panel(Group(*parts), title=term.title(lang), title_align="left", expand=True))
