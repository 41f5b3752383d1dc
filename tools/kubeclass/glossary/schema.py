"""What a glossary file may contain: field names, kinds and the shared text rules."""

from __future__ import annotations

import re

TERM_FIELDS: tuple[str, ...] = (
    "id", "term", "abbr", "aka", "category", "tags", "level", "seed",
    "short", "long", "examples", "related", "references",
)
REQUIRED_FIELDS: tuple[str, ...] = (
    "id", "term", "category", "tags", "level", "short", "long", "related", "references",
)
EXAMPLE_FIELDS: tuple[str, ...] = ("title", "language", "code")
REFERENCE_FIELDS: tuple[str, ...] = ("title", "url")
CATEGORY_FIELDS: tuple[str, ...] = ("id", "name", "description")
EXAMPLE_LANGUAGES: tuple[str, ...] = (
    "bash", "shell", "console", "yaml", "json", "dockerfile", "text", "python", "go", "ini", "toml", "hcl",
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Code is content, not markup: strip fenced blocks and inline code before looking for HTML.
# A fenced block as CommonMark sees it: an opening line of 3+ backticks (whose info string has
# no backtick — "```a``` text" is inline code, not a fence) or tildes, up to a closing line of
# the same fence and nothing else. Anything looser lets raw HTML hide from the checks.
_FENCED = re.compile(r"^ {0,3}(`{3,}(?=[^`\n]*$)|~{3,}).*?^ {0,3}\1[ \t]*$|^ {0,3}(`{3,}|~{3,})[^`\n]*\Z",
                     re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_AUTOLINK = re.compile(r"<https://[^\s>]+>")
# Any "<" that starts a tag, a closing tag, a comment or a declaration: browsers also take
# "<img/src/onerror=…>" and "<svg/onload=…>" (no space after the name) as tags.
_HTML_TAG = re.compile(r"<[A-Za-z/!?][^<>\n]{0,80}>?")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_SCRIPT_SCHEME = re.compile(r"(?i)\b(?:javascript|vbscript|data)\s*:")


def _prose(text: str) -> str:
    """``text`` without fenced code blocks and inline code (skipped cheaply when absent)."""
    if "`" in text:
        text = _INLINE_CODE.sub("", _FENCED.sub("", text))
    if "~~~" in text:
        text = _FENCED.sub("", text)
    return text


def markdown_problems(text: str) -> list[tuple[str, str]]:
    """What is unsafe or broken in a Markdown field: raw HTML, script links, bad targets.

    Returns ``(offending text, message)`` pairs; the offending text lets the caller point
    at the exact line. ``term:<id>`` targets are checked against the glossary by the caller
    (see :func:`term_links`).
    """
    prose = _prose(text)
    problems: list[tuple[str, str]] = []
    if "<" not in prose and ":" not in prose and "](" not in prose:
        return problems  # nearly every short text: nothing that could be HTML or a link
    for tag in _HTML_TAG.finditer(_AUTOLINK.sub("", prose)):
        problems.append((tag.group(0), f"raw HTML is not allowed ({tag.group(0)!r}); write Markdown"))
    for scheme in _SCRIPT_SCHEME.finditer(prose):
        problems.append((scheme.group(0), f"'{scheme.group(0)}' URLs are not allowed"))
    for target in _LINK_TARGET.findall(prose):
        if target.startswith(("https://", "term:", "#")) or _SCRIPT_SCHEME.match(target):
            continue
        problems.append((target, f"link target {target!r} must be https://… or term:<id>"))
    return problems


def term_links(text: str) -> list[str]:
    """The term ids linked as ``[text](term:<id>)`` in a Markdown field."""
    prose = _prose(text)
    if "](" not in prose:
        return []
    return [t[len("term:"):] for t in _LINK_TARGET.findall(prose) if t.startswith("term:")]
