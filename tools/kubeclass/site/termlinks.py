"""``term:<id>`` links in page Markdown, resolved to the term's page (engine-neutral).

Writers link a term with ``[파드](term:pod)`` and, in a Mermaid diagram, with
``click node "term:pod"``. A Markdown link becomes a link between source files
(``../terms/pod.md``), which the site engine resolves and checks; a Mermaid ``click`` is
raw HTML to the engine, so it gets the final relative URL from ``relative_url``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kubeclass.glossary.model import Glossary
from kubeclass.site import urls
from kubeclass.site.escape import map_prose

TERM_LINK = re.compile(r"\]\(\s*term:([a-z0-9]+(?:-[a-z0-9]+)*)(#[^)\s]*)?(\s+\"[^\"]*\")?\s*\)")
_MERMAID_BLOCK = re.compile(r"^(\s*)(`{3,}|~{3,})mermaid\b.*?^\1\2", re.MULTILINE | re.DOTALL)
_MERMAID_CLICK = re.compile(
    r'^(\s*click\s+\S+\s+(?:href\s+)?)"term:([a-z0-9]+(?:-[a-z0-9]+)*)"(\s+"[^"]*")?',
    re.MULTILINE)


def resolve_term_links(markdown: str, src: str, glossary: Glossary,
                       relative_url: Callable[[str], str | None],
                       warn: Callable[[str], None]) -> str:
    """``markdown`` of the page at ``src`` with its ``term:`` links resolved.

    ``relative_url(term_id)`` is the URL of the term's page relative to this page (None
    when the term has no page); unknown terms are left as written and reported to ``warn``.
    """

    def term_link(match: re.Match[str]) -> str:
        term_id, anchor, title = match.group(1), match.group(2) or "", match.group(3) or ""
        if term_id not in glossary.terms:
            warn(f"{src} links to unknown term 'term:{term_id}'")
            return match.group(0)
        return f"]({urls.relative_src(src, urls.term_src(term_id))}{anchor}{title})"

    def mermaid_click(match: re.Match[str]) -> str:
        term_id = match.group(2)
        target = relative_url(term_id) if term_id in glossary.terms else None
        if target is None:
            warn(f"{src} Mermaid diagram links to unknown term '{term_id}'")
            return match.group(0)
        tooltip = match.group(3) or ' "' + glossary.terms[term_id].short.ko.replace('"', "'") + '"'
        return f'{match.group(1)}"{target}"{tooltip}'

    if "mermaid" in markdown:
        markdown = _MERMAID_BLOCK.sub(
            lambda m: _MERMAID_CLICK.sub(mermaid_click, m.group(0)), markdown)
    # Only prose: a "term:" link shown inside code is an example, not a link.
    return map_prose(markdown, lambda text: TERM_LINK.sub(term_link, text), needles=("term:",))
