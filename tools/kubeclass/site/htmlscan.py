"""A small, fast scanner over rendered HTML: tags, text and comments, in order.

The linker and the sanitizer both walk the HTML that Python-Markdown produced. They need
the text between tags and the tags themselves, with the original bytes kept so that
anything they do not change comes out exactly as it went in. A full parse-and-serialize
round trip (``html.parser``) would be slower and would reformat Material's markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Comments, declarations/processing instructions, and tags; everything else is text.
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<[!?][^>]*>"
    r"|<(?P<end>/)?(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?P<attrs>(?:\"[^\"]*\"|'[^']*'|[^'\">])*)>",
    re.DOTALL,
)
_ATTR = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
)

VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})


@dataclass(frozen=True, slots=True)
class Token:
    """One piece of HTML: ``kind`` is ``text``, ``start``, ``end`` or ``other``."""

    kind: str
    raw: str
    name: str = ""
    attrs: str = ""

    @property
    def self_closing(self) -> bool:
        return self.kind == "start" and (self.name in VOID or self.attrs.rstrip().endswith("/"))


def scan(html: str) -> Iterator[Token]:
    """The tokens of ``html``; concatenating their ``raw`` gives back ``html`` exactly."""
    pos = 0
    for match in _TOKEN.finditer(html):
        if match.start() > pos:
            yield Token("text", html[pos:match.start()])
        name = match.group("name")
        if name is None:
            yield Token("other", match.group(0))
        else:
            kind = "end" if match.group("end") else "start"
            yield Token(kind, match.group(0), name.lower(), match.group("attrs") or "")
        pos = match.end()
    if pos < len(html):
        yield Token("text", html[pos:])


def attributes(attrs: str) -> list[tuple[str, str | None]]:
    """The attributes of a start tag as ``(lower-case name, raw value or None)``."""
    out: list[tuple[str, str | None]] = []
    for match in _ATTR.finditer(attrs):
        name = match.group(1).lower()
        if name == "/":
            continue
        value = next((v for v in match.group(2, 3, 4) if v is not None), None)
        out.append((name, value))
    return out


def attribute(attrs: str, wanted: str) -> str | None:
    """The raw value of one attribute, or None when absent."""
    for name, value in attributes(attrs):
        if name == wanted:
            return value if value is not None else ""
    return None
