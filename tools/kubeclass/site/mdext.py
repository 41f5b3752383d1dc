"""The kubeclass Python-Markdown extension: what the MkDocs plugin does per page, for engines
that run Markdown extensions but not MkDocs plugins (Zensical).

On each rendered page it

- sanitizes the HTML of generated pages (:mod:`.sanitize`) and makes their
  table-of-contents labels inert;
- links term mentions in running text (:mod:`.linker`), titled with the one-sentence
  definition (the tooltip);
- loads Mermaid from our copy on pages with a diagram, and a generator's scripts and
  styles on its pages (the engine's own bundle would fetch Mermaid from a CDN);
- gives term pages their search names (:func:`.searchindex.search_text`), which the
  engine's search indexes with the page text.

The page being rendered comes from the engine (:func:`current_page_src`); which pages
are generated comes from the manifest :func:`.generate.write_tree` wrote.
"""

from __future__ import annotations

from functools import cache
from html import escape as html_escape
from html import unescape as html_unescape
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from kubeclass.glossary.model import Glossary
from kubeclass.site import offline, searchindex, urls
from kubeclass.site.escape import inert
from kubeclass.site.generate import read_manifest
from kubeclass.site.linker import Linker
from kubeclass.site.sanitize import sanitize


def current_page_src(md: Markdown) -> str | None:
    """The source path (``terms/pod.md``) of the page ``md`` renders, if the engine says.

    Zensical registers its page context as a preprocessor of every Markdown instance.
    """
    for processor in md.preprocessors:
        page = getattr(processor, "page", None)
        path = getattr(page, "path", None)
        if isinstance(path, str):
            return path.replace("\\", "/").lstrip("/")
    return None


@cache
def _glossary(directory: str) -> Glossary:
    from kubeclass.glossary.cache import load_cached_glossary

    return load_cached_glossary(Path(directory))


@cache
def _linker(directory: str, exclude: tuple[str, ...]) -> Linker:
    return Linker(_glossary(directory), exclude=exclude)


class _TreeDone(Treeprocessor):
    """Marks the end of the tree stage: from now on, postprocessors see the whole page."""

    def __init__(self, md: Markdown, post: _PagePostprocessor) -> None:
        super().__init__(md)
        self.post = post

    def run(self, root: Any) -> None:
        self.post.armed = True


class _PagePostprocessor(Postprocessor):
    def __init__(self, md: Markdown, extension: KubeclassExtension) -> None:
        super().__init__(md)
        self.ext = extension
        # The toc extension runs every postprocessor on each heading's text too; only
        # the whole page (after the tree stage) is ours to change.
        self.armed = False

    def run(self, text: str) -> str:
        src = current_page_src(self.md)
        if not self.armed or src is None:
            return text
        self.armed = False
        return self.ext.finish(self.md, src, text)


class KubeclassExtension(Extension):
    """Per-page work of the kubeclass site for a non-MkDocs engine (see the module doc)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "glossary": ["", "the glossary folder"],
            "manifest": ["", "the generated pages' manifest (generate.write_tree)"],
            "no_autolink": [[], "term ids never linked automatically"],
            "link_terms": [True, "link term mentions in running text"],
        }
        super().__init__(**kwargs)
        manifest = Path(self.getConfig("manifest"))
        self._pages = read_manifest(manifest) if manifest.is_file() else None

    def extendMarkdown(self, md: Markdown) -> None:
        """Run last, on the page's final HTML (after raw HTML is put back)."""
        post = _PagePostprocessor(md, self)
        md.treeprocessors.register(_TreeDone(md, post), "kubeclass-tree-done", -100)
        md.postprocessors.register(post, "kubeclass", 1)

    def finish(self, md: Markdown, src: str, html: str) -> str:
        """The final HTML of the page at ``src``."""
        glossary = _glossary(self.getConfig("glossary"))
        generated = self._pages.get(src) if self._pages is not None else None
        if generated is not None:
            html = sanitize(html)
            _inert_toc(getattr(md, "toc_tokens", []))
        term_id, link = generated.term if generated else None, generated.link if generated else True
        # Zensical resolves every relative link of the HTML as a path between source files
        # (``../terms/pod.md``) and rewrites it to the final URL, so links are written so.
        if link and self.getConfig("link_terms"):
            linker = _linker(self.getConfig("glossary"), tuple(self.getConfig("no_autolink")))
            html = linker.link(html, src, lambda target: urls.relative_src(src, urls.term_src(target)),
                               skip_term=term_id)
        loads = list(generated.assets if generated else ())
        if 'class="mermaid"' in html:
            loads.insert(0, offline.MERMAID)
        for asset in loads:
            href = urls.relative_src(src, asset)
            html += (f'<script src="{href}"></script>' if asset.endswith(".js")
                     else f'<link rel="stylesheet" href="{href}">')
        term = glossary.terms.get(term_id or "")
        if term is not None:
            html = searchindex.search_text(searchindex.term_names(term)) + html
        return html


def _inert_toc(items: list[dict[str, Any]]) -> None:
    """Table-of-contents labels of generated pages without markup from glossary text."""
    for item in items:
        plain = html_escape(inert(html_unescape(str(item.get("name", "")))), quote=False)
        item["name"] = item["html"] = plain
        _inert_toc(item.get("children", []))


def makeExtension(**kwargs: Any) -> KubeclassExtension:
    """Python-Markdown's entry point: ``markdown_extensions: [kubeclass.site.mdext]``."""
    return KubeclassExtension(**kwargs)
