"""The air-gapped build (망분리): nothing may come from another host.

Material's ``offline`` plugin makes the site work from ``file://`` but still points at
unpkg.com in two places: the iframe-worker shim it adds as a polyfill, and the Mermaid and
ResizeObserver scripts its bundle fetches on demand. The kubeclass plugin ships the shim
and Mermaid itself (:data:`ASSET_DIR`) and rewrites the bundle's two URLs after the build.
:func:`external_references` then checks the result: every HTML, CSS and JavaScript file,
for anything that would make the browser contact another host.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ASSET_DIR = "assets/kubeclass"
SHIM = f"{ASSET_DIR}/iframe-worker-shim.js"
MERMAID = f"{ASSET_DIR}/mermaid.tiny.min.js"

# The bundle loads these with a <script> element only when the browser lacks them.
# Mermaid: our own copy, resolved against the site root (``__md_scope`` is defined by
# Material in every page). ResizeObserver exists in every browser Material supports; an
# empty script keeps the air gap for the rest. The GitHub API is asked for repository
# facts only when ``repo_url`` points at GitHub (not here); inside an air gap it could
# only fail, so it gets an address that never leaves the browser.
BUNDLE_REWRITES: dict[str, str] = {
    '"https://unpkg.com/mermaid@11/dist/mermaid.min.js"':
        f'new URL("{MERMAID}",__md_scope).href',
    '"https://unpkg.com/resize-observer-polyfill"': '"data:text/javascript,"',
    "`https://api.github.com/repos/": "`data:application/json,/repos/",
    "`https://api.github.com/users/": "`data:application/json,/users/",
}


# Zensical's bundle (0.0.x): Mermaid is loaded by our Markdown extension before the bundle
# asks for it (:mod:`.mdext`), so its CDN copy is never needed; Pyodide, the Ace editor
# and GLightbox belong to features this site does not use.
_NOTHING = '"data:text/javascript,"'
ZENSICAL_BUNDLE_REWRITES: dict[str, str] = {
    '"https://unpkg.com/mermaid@12/dist/mermaid.min.js"': _NOTHING,
    '"https://unpkg.com/resize-observer-polyfill"': _NOTHING,
    '"https://unpkg.com/ace-builds@1.44.0/src-noconflict/ace.js"': _NOTHING,
    '"https://unpkg.com/glightbox@3/dist/js/glightbox.min.js"': _NOTHING,
    '"https://unpkg.com/glightbox@3/dist/css/glightbox.min.css"': '"data:text/css,"',
    '"https://cdn.jsdelivr.net/pyodide/v314.0.2/full/"': '"data:text/plain,"',
    '"https://unpkg.com/pyodide@314.0.2/pyodide.js"': _NOTHING,
    "`https://api.github.com/repos/": "`data:application/json,/repos/",
    "`https://api.github.com/users/": "`data:application/json,/users/",
}


def patch_bundle(site_dir: Path, rewrites: dict[str, str] = BUNDLE_REWRITES) -> list[str]:
    """Rewrite the CDN URLs in the theme's JavaScript bundle; returns what was not found."""
    bundles = sorted((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    missing = []
    for needle, replacement in rewrites.items():
        found = False
        for bundle in bundles:
            text = bundle.read_text("utf-8")
            if needle in text:
                bundle.write_text(text.replace(needle, replacement), "utf-8")
                found = True
        if not found:
            missing.append(needle)
    return missing


# --------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class ExternalReference:
    """Something in an emitted file that would load a resource from another host."""

    file: str
    line: int
    url: str
    context: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.context}: {self.url}"


_EXTERNAL = r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"'<>)]*"
_HTML_RESOURCE = re.compile(
    r"<(?P<tag>script|link|img|iframe|source|video|audio|embed|object|track|input|image|use)\b"
    r"[^>]*?\s(?P<attr>src|href|srcset|poster|data|xlink:href)\s*=\s*[\"']?(?P<url>[^\"'\s>]+)",
    re.IGNORECASE,
)
_CSS_RESOURCE = re.compile(rf"(?:url\(\s*[\"']?|@import\s+[\"']?)(?P<url>{_EXTERNAL})", re.I)
_JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\"'\\])//[^\n]*", re.DOTALL)
_JS_URL_STRING = re.compile(rf"([\"'`])(?P<url>{_EXTERNAL})\1")
# Namespace identifiers, never fetched by a browser.
NAMESPACE_HOSTS = ("www.w3.org",)


def external_references(site_dir: Path) -> list[ExternalReference]:
    """Every reference to another host that a browser would load from the built site.

    Links a reader may click (``<a href>``) are not loads and are allowed; so are XML
    namespace URIs. Comments and text in messages do not count, only URL values.
    """
    found: list[ExternalReference] = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in (".html", ".css", ".js") or not path.is_file():
            continue
        text = path.read_text("utf-8", errors="replace")
        shown = str(path.relative_to(site_dir))
        if path.suffix == ".html":
            found += _html_references(shown, text)
        elif path.suffix == ".css":
            found += _matches(shown, text, _CSS_RESOURCE, "css")
        else:
            found += _js_references(shown, text)
    return found


def _html_references(shown: str, text: str) -> Iterator[ExternalReference]:
    for match in _HTML_RESOURCE.finditer(text):
        for url in match.group("url").split(","):
            url = url.strip().split(" ")[0]
            if re.match(_EXTERNAL, url):
                yield ExternalReference(shown, _line(text, match.start()), url,
                                        f"<{match.group('tag').lower()} {match.group('attr')}>")
    yield from _matches(shown, text, _CSS_RESOURCE, "inline style")


def _js_references(shown: str, text: str) -> Iterator[ExternalReference]:
    code = _JS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    for match in _JS_URL_STRING.finditer(code):
        url = match.group("url")
        host = re.sub(r"^(?:https?:)?//", "", url).split("/")[0]
        if host not in NAMESPACE_HOSTS:
            yield ExternalReference(shown, _line(code, match.start()), url, "script URL")


def _matches(shown: str, text: str, pattern: re.Pattern[str], context: str,
             ) -> Iterator[ExternalReference]:
    for match in pattern.finditer(text):
        yield ExternalReference(shown, _line(text, match.start()), match.group("url"), context)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
