"""Finding tags and attributes in rendered HTML, fast.

The linker walks the HTML that Python-Markdown produced, tag by tag with :data:`TOKEN`,
keeping the original text of everything it does not change. A full parse-and-serialize
round trip (``html.parser``) would be slower and would reformat Material's markup. This
is not a security boundary: the sanitizer (:mod:`kubeclass.site.sanitize`) is Ammonia's
real HTML parser.
"""

from __future__ import annotations

import re

# Comments, declarations/processing instructions, and tags (groups: end, name, attrs);
# everything between two matches is text.
TOKEN = re.compile(
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

