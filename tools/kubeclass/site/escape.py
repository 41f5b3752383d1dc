"""Putting glossary text into generated Markdown and HTML without letting it become markup.

Glossary files are content, never code. ``kubeclass glossary check`` already rejects raw
HTML and script links, but the site does not rely on that: plain-text fields are escaped
completely, Markdown fields keep their Markdown but lose raw HTML and attribute lists, and
:mod:`kubeclass.site.sanitize` cleans the rendered HTML as a last line of defence.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache

# Characters Python-Markdown (with the tables extension) gives a meaning to and lets us
# backslash-escape. Others (``:``, ``~``) would keep a visible backslash.
_MD_SPECIAL = "\\`*_{}[]()#+-.!|"
# md_text in one pass: inert angle brackets, "&" escaped for HTML, Markdown backslashed.
# (A regular expression, not str.translate: that looks up every character of the text.)
_INERT = {"<": "\uff1c", ">": "\uff1e"}  # see inert()
_MD_TEXT = {**_INERT, "&": "&amp;", **{c: "\\" + c for c in _MD_SPECIAL}}
_MD_TEXT_CHARS = re.compile("[" + re.escape("".join(_MD_TEXT)) + "]")
# A fence opener as Python-Markdown sees one: a backtick fence's info string holds no
# backtick ("```x``` text" is inline code, not a fence).
_FENCE_OPEN = re.compile(r"^(\s*)(`{3,}(?=[^`]*$)|~{3,})")
_BACKTICKS = re.compile(r"`+")
_AUTOLINK = re.compile(r"<https://[^\s<>]+>")


def inert(text: str) -> str:
    """Plain text that stays text even where the theme re-reads text as HTML.

    Material's tooltips (``content.tooltips``) put a ``title`` attribute — and the text of
    a clipped ``.md-ellipsis`` element such as the page title in the header — into the
    page with ``innerHTML``. Escaping alone cannot help there (the browser un-escapes
    first), so ``<`` and ``>`` become their full-width forms, which no parser reads as
    markup. Names, titles and definitions never need the ASCII ones.
    """
    return text.replace("<", _INERT["<"]).replace(">", _INERT[">"])


def attr(text: str) -> str:
    """``text`` escaped for an HTML attribute value or element content (and made inert)."""
    return html.escape(inert(text), quote=True)


def md_text(text: str) -> str:
    """Plain text as inert Markdown: one line, HTML escaped, Markdown syntax backslashed."""
    return _MD_TEXT_CHARS.sub(_md_char, " ".join(text.split()))


def _md_char(match: re.Match[str]) -> str:
    return _MD_TEXT[match.group()]


def md_block(markdown: str) -> str:
    """A Markdown field with raw HTML and ``{: attr}`` lists disarmed outside code.

    ``<`` becomes ``&lt;`` (so ``<script>`` shows as text) except in ``<https://…>``
    autolinks, and ``{`` is backslashed so the ``attr_list`` extension cannot add
    attributes such as ``onclick``. Fenced blocks and inline code are left alone: their
    content is shown literally anyway.
    """
    return map_prose(markdown, _escape_prose, needles=("<", "{"))


def map_prose(markdown: str, change: Callable[[str], str],
              needles: tuple[str, ...] = ()) -> str:
    """``markdown`` with ``change`` applied to its prose: not to fenced blocks, not to code spans.

    ``change`` sees one line (or a piece of one between code spans) at a time.
    ``needles``: when given, lines holding none of them are left as they are (fast path).
    """
    if needles and not any(needle in markdown for needle in needles):
        return markdown
    # Only lines holding a needle are visited, found by one search over the whole text
    # (pages are long and their lines many).
    search = _finder(needles or ("",))
    fences = _fenced_blocks(markdown)
    out: list[str] = []
    done = 0
    found = search(markdown, 0)
    while found is not None:
        start = markdown.rfind("\n", 0, found.start()) + 1
        end = markdown.find("\n", found.start())
        end = len(markdown) if end < 0 else end
        while fences and fences[0][1] <= start:
            fences.pop(0)
        if fences and fences[0][0] <= start:
            end = fences[0][1]  # a fenced block: leave it all as it is
        else:
            out.append(markdown[done:start])
            out.append(_map_prose_line(markdown[start:end], change))
            done = end
        found = search(markdown, end + 1) if end < len(markdown) else None
    out.append(markdown[done:])
    return "".join(out)


def _fenced_blocks(markdown: str) -> list[tuple[int, int]]:
    """The fenced code blocks of ``markdown``: (start of the opening line, end of the closing
    line), in order. Only lines holding a fence can open or close one."""
    starts: set[int] = set()  # of the lines holding ``` or ~~~ (str.find: no regex is as fast)
    for token in ("```", "~~~"):
        at = markdown.find(token)
        while at >= 0:
            starts.add(markdown.rfind("\n", 0, at) + 1)
            at = markdown.find(token, (markdown.find("\n", at) + 1) or len(markdown))
    lines = []  # (start, end) of each of those lines
    for start in sorted(starts):
        end = markdown.find("\n", start)
        lines.append((start, len(markdown) if end < 0 else end))
    blocks: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        start, end = lines[index]
        opened = _FENCE_OPEN.match(markdown[start:end])
        index += 1
        if opened is None:
            continue
        # A fence that is never closed is no fence to Python-Markdown: its lines are prose.
        close = next((i for i in range(index, len(lines))
                      if _closes(markdown[slice(*lines[i])], opened.group(2))), None)
        if close is not None:
            blocks.append((start, lines[close][1]))
            index = close + 1
    return blocks


@cache
def _finder(needles: tuple[str, ...]) -> Callable[[str, int], re.Match[str] | None]:
    """A search for any of ``needles``."""
    return re.compile("|".join(re.escape(needle) for needle in needles)).search


def _closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes a block opened by ``fence`` (as long or longer, nothing else)."""
    stripped = line.strip()
    return stripped.startswith(fence) and set(stripped) == {fence[0]}


def _map_prose_line(line: str, change: Callable[[str], str]) -> str:
    """Apply ``change`` to one line outside fences, keeping inline code spans intact."""
    pieces: list[str] = []
    pos = 0
    while pos < len(line):
        tick = _BACKTICKS.search(line, pos)
        if tick is None:
            pieces.append(change(line[pos:]))
            break
        # An inline code span closes with a backtick run of exactly the same length.
        closing = re.compile(rf"(?<!`){re.escape(tick.group(0))}(?!`)")
        end = closing.search(line, tick.end())
        if end is None:
            pieces.append(change(line[pos:tick.end()]))
            pos = tick.end()
            continue
        pieces.append(change(line[pos:tick.start()]))
        pieces.append(line[tick.start():end.end()])
        pos = end.end()
    return "".join(pieces)


def _escape_prose(text: str) -> str:
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = _AUTOLINK.sub(keep, text)
    text = text.replace("<", "&lt;").replace("{", "\\{")
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def code_fence(code: str, language: str) -> str:
    """A fenced code block that ``code`` cannot close early, whatever backticks it holds."""
    fence = "`" * max(3, _longest_backticks(code) + 1)
    lang = re.sub(r"[^a-z0-9+-]", "", language.lower()) or "text"
    return f"{fence}{lang}\n{code.rstrip()}\n{fence}"


def code_span(code: str) -> str:
    """A code span that ``code`` cannot close early, whatever backticks it holds."""
    ticks = "`" * (_longest_backticks(code) + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{ticks}{pad}{code}{pad}{ticks}"


def _longest_backticks(code: str) -> int:
    return max((len(run) for run in _BACKTICKS.findall(code)), default=0)


def table_cell(text: str) -> str:
    """Plain text for a Markdown table cell (pipes escaped as well)."""
    return md_text(text)
