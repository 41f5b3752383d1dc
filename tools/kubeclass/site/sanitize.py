"""The last line of defence for pages made from glossary text: an allow-list HTML cleaner.

Generated Markdown is already escaped (:mod:`kubeclass.site.escape`), so in practice this
changes nothing. It exists so that a gap there — an extension that turns some syntax into
an attribute, a link scheme nobody thought of — still cannot put script into a page:
unknown elements are shown as text, event handlers and unknown attributes are dropped,
and only ``http``, ``https``, ``mailto`` and relative URLs survive. Images from other hosts
become plain links, so a page never loads anything from elsewhere (the air-gapped build).
"""

from __future__ import annotations

import html
import re

from kubeclass.site.escape import inert
from kubeclass.site.htmlscan import Token, attributes, scan

ALLOWED_ELEMENTS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul", "var", "nav", "svg", "path", "g",
})
_GLOBAL_ATTRS = frozenset({"class", "title", "lang", "dir", "role", "id"})
_ELEMENT_ATTRS: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "td": frozenset({"colspan", "rowspan", "style"}),
    "th": frozenset({"colspan", "rowspan", "style"}),
    "col": frozenset({"span"}),
    "svg": frozenset({"viewbox", "xmlns", "width", "height", "fill"}),
    "path": frozenset({"d", "fill"}),
}
_URL_ATTRS = frozenset({"href", "src"})
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
# Python-Markdown's tables write alignment as an inline style; nothing else is allowed.
_TABLE_ALIGN = re.compile(r"^text-align:\s*(left|right|center);?$")
_SAFE_ID = re.compile(r"^[^\s\"'<>&]+$")


def safe_url(value: str) -> bool:
    """True for relative URLs and http(s)/mailto ones (after undoing entity tricks)."""
    url = _INVISIBLE.sub("", html.unescape(value))
    return not _SCHEME.match(url) or url.lower().startswith(_SAFE_SCHEMES)


def is_external(value: str) -> bool:
    """True for a URL that points at another host (``https://…`` or ``//…``)."""
    url = _INVISIBLE.sub("", html.unescape(value)).lower()
    return url.startswith(("http:", "https:", "//"))


def sanitize(fragment: str) -> str:
    """``fragment`` with everything outside the allow-list made harmless."""
    out: list[str] = []
    for token in scan(fragment):
        if token.kind == "text":
            out.append(token.raw)
        elif token.kind == "other":
            continue  # comments, <!DOCTYPE>, <?…?>: nothing a page needs
        elif token.name not in ALLOWED_ELEMENTS:
            out.append(html.escape(token.raw, quote=False))
        elif token.kind == "end":
            out.append(f"</{token.name}>")
        else:
            out.append(_clean_start(token))
    return "".join(out)


def _clean_start(token: Token) -> str:
    allowed = _GLOBAL_ATTRS | _ELEMENT_ATTRS.get(token.name, frozenset())
    kept: dict[str, str | None] = {}
    for name, raw in attributes(token.attrs):
        value = html.unescape(raw) if raw is not None else None
        if not (name in allowed or name.startswith("aria-")) or name in kept:
            continue
        if name in _URL_ATTRS and (value is None or not safe_url(value)):
            continue
        if name == "style" and not _TABLE_ALIGN.match(value or ""):
            continue
        if name == "id" and (not value or value.startswith("__") or not _SAFE_ID.match(value)):
            continue  # ids such as "__config" would shadow Material's own elements
        if name == "title" and value is not None:
            value = inert(value)  # Material's tooltips insert titles as HTML
        kept[name] = value
    if token.name == "img":
        src = kept.get("src")
        if not src or is_external(src):
            return _image_as_link(src, kept.get("alt") or "")
    rendered = "".join(
        f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"'
        for name, value in kept.items()
    )
    closing = " /" if token.self_closing and token.name not in ("img", "br", "hr", "col") else ""
    return f"<{token.name}{rendered}{closing}>"


def _image_as_link(src: str | None, alt: str) -> str:
    label = html.escape(alt or "image", quote=False)
    if not src:
        return f"<span>{label}</span>"
    return f'<a href="{html.escape(src, quote=True)}">{label}</a>'
