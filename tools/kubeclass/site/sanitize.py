"""The last line of defence for pages made from glossary text: an allow-list HTML cleaner.

Generated Markdown is already escaped (:mod:`kubeclass.site.escape`), so in practice this
changes nothing. It exists so that a gap there — an extension that turns some syntax into
an attribute, a link scheme nobody thought of — still cannot put script into a page.
The cleaning is Ammonia's (``nh3``: a real HTML parser and serializer, kept by people who
do nothing else): only the elements and attributes below survive, event handlers and
unknown attributes are dropped, and only ``http``, ``https``, ``mailto`` and relative URLs
are kept. Around it, two steps of our own that can only make a page more inert: unknown
elements are shown as text (their ``<`` escaped before parsing, as a reader of the page
would expect to see ``<script>`` they wrote), and images from other hosts become plain
links, so a page never loads anything from elsewhere (the air-gapped build).
"""

from __future__ import annotations

import html
import re

import nh3

from kubeclass.site.escape import inert

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
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
    "col": frozenset({"span"}),
    # The HTML parser gives SVG attributes their SVG spelling (viewBox).
    "svg": frozenset({"viewBox", "xmlns", "width", "height", "fill"}),
    "path": frozenset({"d", "fill"}),
}
_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Python-Markdown's tables write alignment as an inline style; nothing else is allowed.
_TABLE_ALIGN = frozenset(f"text-align: {side};" for side in ("left", "right", "center"))
_SAFE_ID = re.compile(r"^[^\s\"'<>&]+$")
# Material's own ids all start with "__"; of those only code-block anchors may appear in content.
_CODE_ID = re.compile(r"^__code(?:lineno)?[\w-]*$")
# The "<" of a tag that is not an allowed element: escaped, the tag is then text.
_UNKNOWN_TAG = re.compile(
    r"<(?=/?(?!(?:" + "|".join(sorted(ALLOWED_ELEMENTS, key=len, reverse=True))
    + r")[\s/>])[A-Za-z])", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
# An image as Ammonia writes it: every attribute as name="value", '"' written &quot;.
_IMAGE = re.compile(r'<img((?: [^\s="]+="[^"]*")*)>')
_ATTRIBUTE = re.compile(r' ([^\s="]+)="([^"]*)"')


def _attribute(element: str, name: str, value: str) -> str | None:
    """Ammonia's callback for every attribute it allowed: ids, names and titles."""
    if name in ("id", "name"):
        if not _SAFE_ID.match(value) or (value.startswith("__") and not _CODE_ID.match(value)):
            return None  # ids such as "__config" would shadow Material's own elements
    elif name == "title":
        return inert(value)  # Material's tooltips insert titles as HTML
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_ELEMENTS),
    clean_content_tags=set(),
    attributes={"*": set(_GLOBAL_ATTRS), **{tag: set(names) for tag, names in _ELEMENT_ATTRS.items()}},
    attribute_filter=_attribute,
    generic_attribute_prefixes={"aria-"},
    tag_attribute_values={tag: {"style": set(_TABLE_ALIGN)} for tag in ("td", "th")},
    url_schemes=set(_URL_SCHEMES),
    link_rel=None,
    strip_comments=True,
)


def sanitize(fragment: str) -> str:
    """``fragment`` with everything outside the allow-list made harmless."""
    cleaned = _CLEANER.clean(_UNKNOWN_TAG.sub("&lt;", fragment))
    return _IMAGE.sub(_image, cleaned) if "<img" in cleaned else cleaned


def safe_url(value: str) -> bool:
    """True when the sanitizer keeps ``value`` (an attribute's text) as a link target:
    relative URLs and http(s)/mailto ones, whatever entities or spaces disguise them."""
    kept = _CLEANER.clean(f'<a href="{value.replace(chr(34), "&quot;")}">x</a>')
    return kept.startswith("<a href=")


def is_external(value: str) -> bool:
    """True for a URL that points at another host (``https://…`` or ``//…``)."""
    url = _INVISIBLE.sub("", html.unescape(value)).lower()
    return url.startswith(("http:", "https:", "//"))


def _image(match: re.Match[str]) -> str:
    """A kept image, or a link in its place when it would load from another host."""
    attrs = dict(_ATTRIBUTE.findall(match.group(1)))
    src = attrs.get("src")
    if src and not is_external(src):
        return match.group(0)
    label = attrs.get("alt") or "image"  # still escaped as Ammonia wrote it
    return f'<a href="{src}">{label}</a>' if src else f"<span>{label}</span>"
