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
from kubeclass.site.htmlscan import TOKEN, VOID, attributes

ALLOWED_ELEMENTS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul", "var", "nav", "svg", "path", "g",
})
_GLOBAL_ATTRS = frozenset({"class", "title", "lang", "dir", "role", "id"})
_ELEMENT_ATTRS: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "name"}),
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
# Material's own ids all start with "__"; of those only code-block anchors may appear in content.
_CODE_ID = re.compile(r"^__code(?:lineno)?[\w-]*$")
# Tags that are plainly fine are kept without a closer look: an allowed element whose
# attributes are all simple and harmless — every span of highlighted code, headings with
# ids, links with ordinary targets. Anything else (an unknown element or attribute, a
# value with "&", "<" or a scheme) goes through the full check.
_SIMPLE_ATTR = (r'\s+(?:class="[\w \-]*"|lang="[\w\-]*"|id="(?!__)[^"<>&\s]*"'
                r'|title="[^"<>&]*"|role="[\w\-]*"|aria-[\w\-]+="[^"<>&]*"'
                r'|colspan="\d+"|rowspan="\d+"|style="text-align: (?:left|right|center);")')
_SIMPLE_HREF = r'\s+href="(?:https?://|#|(?![\w+.\-]*:))[^"<>&\s]*"'
# The line anchors of highlighted code (Material's anchor_linenums), nearly every tag a
# term page's examples have that is not plainly fine otherwise.
_LINE_ANCHOR = (r'a id="__codelineno-[\w-]+" name="__codelineno-[\w-]+" '
                r'href="#__codelineno-[\w-]+">')
# The commonest elements of rendered pages first: the engine tries the names in order.
_COMMON = ("span", "a", "li", "code", "p", "div", "h2", "ul", "strong", "td", "pre", "h3")
_SUSPECT = re.compile(
    r"<(?!/?(?:" + "|".join([*_COMMON, *sorted(ALLOWED_ELEMENTS - set(_COMMON), key=len,
                                               reverse=True)])
    + rf")(?:{_SIMPLE_ATTR})*\s*/?>|a(?:{_SIMPLE_ATTR}|{_SIMPLE_HREF})*\s*>|{_LINE_ANCHOR})")


def safe_url(value: str) -> bool:
    """True for relative URLs and http(s)/mailto ones (after undoing entity tricks)."""
    url = _INVISIBLE.sub("", html.unescape(value))
    return not _SCHEME.match(url) or url.lower().startswith(_SAFE_SCHEMES)


def is_external(value: str) -> bool:
    """True for a URL that points at another host (``https://…`` or ``//…``)."""
    url = _INVISIBLE.sub("", html.unescape(value)).lower()
    return url.startswith(("http:", "https:", "//"))


def sanitize(fragment: str) -> str:
    """``fragment`` with everything outside the allow-list made harmless.

    Only tags that are not plainly fine (an allowed element with at most a simple class,
    like every span of highlighted code) are looked at one by one; the search for them
    runs inside the regular-expression engine.
    """
    out: list[str] = []
    pos = 0
    for suspect in _SUSPECT.finditer(fragment):
        if suspect.start() < pos:
            continue  # inside a tag already handled (a "<" in an attribute value)
        token = TOKEN.match(fragment, suspect.start())
        if token is None:
            continue  # a lone "<" in text is not markup
        out.append(fragment[pos:token.start()])
        out.append(_clean_tag(token))
        pos = token.end()
    out.append(fragment[pos:])
    return "".join(out)


def _clean_tag(match: re.Match[str]) -> str:
    name = match.group("name")
    if name is None:
        return ""  # comments, <!DOCTYPE>, <?…?>: nothing a page needs
    name = name.lower()
    if name not in ALLOWED_ELEMENTS:
        return html.escape(match.group(0), quote=False)
    if match.group("end"):
        return f"</{name}>"
    return _clean_start(name, match.group("attrs") or "")


def _clean_start(tag: str, attrs: str) -> str:
    allowed = _GLOBAL_ATTRS | _ELEMENT_ATTRS.get(tag, frozenset())
    kept: dict[str, str | None] = {}
    for name, raw in attributes(attrs):
        value = html.unescape(raw) if raw is not None else None
        if not (name in allowed or name.startswith("aria-")) or name in kept:
            continue
        if name in _URL_ATTRS and (value is None or not safe_url(value)):
            continue
        if name == "style" and not _TABLE_ALIGN.match(value or ""):
            continue
        if name in ("id", "name") and not (value and _SAFE_ID.match(value)
                                 and (not value.startswith("__") or _CODE_ID.match(value))):
            continue  # ids such as "__config" would shadow Material's own elements
        if name == "title" and value is not None:
            value = inert(value)  # Material's tooltips insert titles as HTML
        kept[name] = value
    if tag == "img":
        src = kept.get("src")
        if not src or is_external(src):
            return _image_as_link(src, kept.get("alt") or "")
    rendered = "".join(
        f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"'
        for name, value in kept.items()
    )
    self_closing = tag not in VOID and attrs.rstrip().endswith("/")
    return f"<{tag}{rendered}{' /' if self_closing else ''}>"


def _image_as_link(src: str | None, alt: str) -> str:
    label = html.escape(alt or "image", quote=False)
    if not src:
        return f"<span>{label}</span>"
    return f'<a href="{html.escape(src, quote=True)}">{label}</a>'
