"""The kubeclass MkDocs plugin: MkDocs events only; the work happens in the sibling modules.

- ``on_config``: load and validate the glossary (a build with a broken glossary stops with
  every problem listed), set up the Korean search separator, our stylesheet and, for the
  offline build, the locally shipped iframe-worker shim.
- ``on_files``: add the generated pages (:mod:`.pages` and any extra generators from
  :mod:`.generators`) and our assets as in-memory files — nothing generated is written
  into ``docs/``.
- ``on_page_markdown``: resolve ``term:<id>`` links (Markdown links and Mermaid ``click``
  lines) in every page.
- ``on_page_content``: sanitize generated pages (:mod:`.sanitize`).
- ``on_page_context``: link term mentions (:mod:`.linker`; the mentions of a page seen in
  an earlier build come from :mod:`.linkcache`), after the search plugin has read the page;
  add names to the page's search entry (:mod:`.searchindex`).
- ``on_post_page``: point Material at the kubeclass search worker; load Mermaid locally on
  pages with a diagram, and generators' scripts on their pages.
- ``on_post_build``: keep this build's term mentions for the next; in the offline build,
  rewrite the CDN URLs in Material's bundle (:mod:`.offline`).
- ``on_serve``: watch ``glossary/`` (and what other generators read) for live reload.
"""

from __future__ import annotations

import json
import logging
import os
import re
from html import escape as html_escape
from html import unescape as html_unescape
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from kubeclass import content
from kubeclass.cachefile import cache_file
from kubeclass.glossary.model import Glossary
from kubeclass.problems import ContentError
from kubeclass.site import offline, searchindex, urls
from kubeclass.site.escape import inert
from kubeclass.site.generate import STYLESHEET, GenerationError, generate
from kubeclass.site.generators import (
    GeneratedPage,
    GeneratorNotFound,
    GeneratorSet,
    PageGenerator,
    SiteContext,
    load_extra,
)
from kubeclass.site.linkcache import MentionCache
from kubeclass.site.linker import Linker
from kubeclass.site.pages import GlossaryPages
from kubeclass.site.sanitize import sanitize
from kubeclass.site.termlinks import resolve_term_links

log = logging.getLogger("mkdocs.plugins.kubeclass")

WORKER = "assets/javascripts/workers/kubeclass-search.js"
DEFAULT_SEPARATOR = r'[\s\-,:!=\[\]()"/·.]+'

_BUNDLE_SCRIPT = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js">')
_MATERIAL_WORKER = re.compile(r"^assets/javascripts/workers/(search\.[0-9a-f]+\.min\.js)$")

class KubeclassConfig(Config):  # type: ignore[no-untyped-call,unused-ignore]
    """Options of the ``kubeclass`` plugin in ``mkdocs.yml``."""

    root = c.Optional(c.Type(str))
    """Content root holding glossary/ (default: KUBECLASS_ROOT, the clone, the package)."""
    link_terms = c.Type(bool, default=True)
    """Link term mentions in running text."""
    no_autolink = c.ListOfItems(c.Type(str), default=[])
    """Term ids whose names are everyday words: never linked automatically."""
    generators = c.Optional(c.ListOfItems(c.Type(str)))
    """Extra page generators (quiz, labs); default: every installed one."""


class KubeclassPlugin(BasePlugin[KubeclassConfig]):  # type: ignore[no-untyped-call,unused-ignore]
    """Generates the glossary site from ``glossary/`` at build time."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._site: SiteContext | None = None
        self._generators: GeneratorSet = GeneratorSet()
        self._linker: Linker | None = None
        self._mentions: MentionCache | None = None
        self._generated: dict[str, GeneratedPage] = {}
        self._page_assets: dict[str, list[str]] = {}
        self._term_urls: dict[str, str] = {}
        self._worker_needle = ""
        self._offline = False

    # ------------------------------------------------------------------ configuration

    @event_priority(100)  # before Material's search and offline plugins read their settings
    def on_config(self, config: Any) -> Any:
        root = self.content_root(config)
        glossary = _load_glossary(root / "glossary")
        offline_plugin = config.plugins.get("material/offline")
        self._offline = bool(offline_plugin and offline_plugin.config.enabled)
        self._site = SiteContext(glossary=glossary, content_root=root, offline=self._offline)
        try:
            extra: list[PageGenerator] = load_extra(self.config.generators)
        except GeneratorNotFound as exc:
            raise PluginError(f"kubeclass: {exc}") from exc
        self._generators = GeneratorSet([GlossaryPages(), *extra])
        unknown = [t for t in self.config.no_autolink if t not in glossary.terms]
        if unknown:
            log.warning(f"kubeclass: no_autolink names unknown terms: {', '.join(unknown)}")
        self._linker, self._mentions = None, None
        if self.config.link_terms:
            self._linker = Linker(glossary, exclude=self.config.no_autolink)
            self._mentions = MentionCache(cache_file("mentions", Path(config.docs_dir)),
                                          self._linker.stamp)

        search = config.plugins.get("material/search")
        if search is not None:
            search.config.separator = searchindex.separator(
                search.config.separator or DEFAULT_SEPARATOR)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if self._offline:
            # A copy on a separated network has no canonical home: no <link rel=canonical>
            # or sitemap entries pointing at the public site.
            config.site_url = None
            # Material's offline plugin adds an unpkg.com URL unless a shim is present.
            polyfills = config.extra.get("polyfills") or []
            if offline.SHIM not in polyfills:
                config.extra["polyfills"] = [*polyfills, offline.SHIM]
        self._add_nav(config)
        return config

    def content_root(self, config: Any) -> Path:
        """The content tree this site is built from (the ``root`` option, else the default)."""
        if self.config.root:
            base = Path(config.config_file_path or ".").parent
            return (base / os.path.expanduser(self.config.root)).resolve()
        return content.content_root()

    def _add_nav(self, config: Any) -> None:
        nav = config.nav
        if nav is None or self._site is None:
            return
        listed = json.dumps(nav, ensure_ascii=False)
        for generator in self._generators.generators:
            for entry in generator.nav(self._site):
                if f'"{entry.src}"' not in listed:
                    nav.append({entry.title: entry.src})

    # -------------------------------------------------------------------------- files

    def on_files(self, files: Files, config: Any) -> Files:
        if self._site is None:
            raise PluginError("kubeclass: on_config did not run")
        try:
            tree = generate(self._site, self._generators)
        except GenerationError as exc:
            raise PluginError(f"kubeclass: {exc}") from exc
        self._generated = {}
        self._page_assets = {src: list(loaded) for src, loaded in tree.page_assets.items()}
        for page in tree.pages:
            if files.get_file_from_path(page.src) is not None:
                raise PluginError(
                    f"kubeclass: docs/{page.src} exists, but that page is generated from the "
                    "content; remove the file")
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src, content=page.markdown,
                                        inclusion=inclusion))
            self._generated[page.src] = page
        for src, path in tree.assets.items():
            files.append(File.generated(config, src, abs_src_path=str(path)))
        self._term_urls = {}
        for term_id in self._site.glossary.terms:
            file = files.get_file_from_path(urls.term_src(term_id))
            if file is not None:
                self._term_urls[term_id] = file.url
        self._add_worker(files, config)
        return files

    def _add_worker(self, files: Files, config: Any) -> None:
        material_worker = next(
            (m.group(1) for f in files if (m := _MATERIAL_WORKER.match(f.src_uri))), None)
        if material_worker is None:
            log.warning("kubeclass: Material's search worker was not found; "
                        "search keeps lunr's ranking")
            return
        self._worker_needle = f'{material_worker}"'
        worker = searchindex.worker_script("search-worker.js", "__MATERIAL_WORKER__",
                                           material_worker)
        files.append(File.generated(config, WORKER, content=worker))

    # -------------------------------------------------------------------------- pages

    def on_page_markdown(self, markdown: str, page: Page, config: Any, files: Files) -> str:
        if self._site is None:
            return markdown

        def relative_url(term_id: str) -> str | None:
            url = self._term_urls.get(term_id)
            return get_relative_url(url, page.url) if url is not None else None

        return resolve_term_links(markdown, page.file.src_uri, self._site.glossary, relative_url,
                                  lambda message: log.warning(f"kubeclass: {message}"))

    def on_page_content(self, html: str, page: Page, config: Any, files: Files) -> str:
        if page.file.src_uri in self._generated:
            html = sanitize(html)
            _inert_toc(page.toc)
        return html

    def _link_terms(self, page: Page, generated: GeneratedPage | None) -> None:
        """Link the term mentions in the page's content."""
        linker, kept = self._linker, self._mentions
        html = page.content
        if linker is None or kept is None or html is None or (
                generated is not None and not generated.link_terms):
            return
        term_id = generated.term_id if generated else None
        # Kept from an earlier build when the page is unchanged, else searched.
        key = kept.key(html, page.url, term_id)
        mentions = kept.get(key)
        if mentions is None or not linker.fits(html, mentions):
            mentions = linker.mentions(html, page.url, skip_term=term_id)
            kept.put(key, mentions)
        page.content = linker.apply(
            html, mentions, lambda target: get_relative_url(self._term_urls[target], page.url))

    @event_priority(-50)  # after Material's search plugin has indexed the page
    def on_page_context(self, context: Any, page: Page, config: Any, nav: Any) -> Any:
        """Link term mentions, and give the page's search entry its names (term names,
        aliases; or its title).

        The links go in only now, after Material's search plugin has read the page: they
        add no text to the index, but every tag costs its HTML parser time (about 1.5 %
        of the build). The template, rendered next, shows the linked content.
        """
        generated = self._generated.get(page.file.src_uri)
        self._link_terms(page, generated)
        term = (self._site.glossary.terms.get(generated.term_id or "")
                if self._site is not None and generated is not None else None)
        if term is not None:
            names = searchindex.term_names(term)
        elif page.title and not (page.meta.get("search") or {}).get("exclude"):
            names = searchindex.title_names(str(page.title))
        else:
            return context
        search = config.plugins.get("material/search")
        entries = getattr(getattr(search, "search_index", None), "entries", None)
        if search is not None and entries is None:
            log.warning("kubeclass: Material's search index has changed shape; "
                        "search results keep lunr's ranking")
        searchindex.add_names(entries or [], page.url, names)
        return context

    def on_post_page(self, output: str, page: Page, config: Any) -> str:
        # Material's configuration names its search worker; ours loads it and reranks.
        at = output.rfind(self._worker_needle) if self._worker_needle else -1
        if at >= 0:
            output = (output[:at] + WORKER.rsplit("/", 1)[1]
                      + output[at + len(self._worker_needle) - 1:])
        scripts = [src for src in self._page_assets.get(page.file.src_uri, ())
                   if src.endswith(".js")]
        styles = [src for src in self._page_assets.get(page.file.src_uri, ())
                  if src.endswith(".css")]
        if '<pre class="mermaid">' in output:
            scripts.insert(0, offline.MERMAID)
        if scripts:
            # Before Material's bundle: Mermaid must be there when the bundle looks for it.
            tags = "".join(f'<script src="{get_relative_url(src, page.url)}"></script>'
                           for src in scripts)
            bundle = _BUNDLE_SCRIPT.search(output)
            at = bundle.start() if bundle else output.index("</body>")
            output = output[:at] + tags + output[at:]
        if styles:
            tags = "".join(f'<link rel="stylesheet" href="{get_relative_url(src, page.url)}">'
                           for src in styles)
            at = output.index("</head>")
            output = output[:at] + tags + output[at:]
        return output

    # -------------------------------------------------------------------------- build

    def on_post_build(self, config: Any) -> None:
        if self._mentions is not None:
            self._mentions.save()
        site_dir = Path(config.site_dir)
        if self._offline:
            for needle in offline.patch_bundle(site_dir):
                log.warning(f"kubeclass: {needle} not found in Material's bundle; "
                            "the offline build may reach another host")

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        if self._site is not None:
            for generator in self._generators.generators:
                for path in generator.watch(self._site):
                    if path.exists():
                        server.watch(str(path))
        return server


def _inert_toc(items: Any) -> None:
    """Table-of-contents titles of generated pages, safe where Material re-reads them as HTML.

    Clipped navigation text gets a tooltip built from its text with ``innerHTML``; headings
    made from glossary text (example titles) must not carry a ``<`` into it.
    """
    for item in items:
        item.title = html_escape(inert(html_unescape(item.title)), quote=False)
        _inert_toc(item.children)


def _load_glossary(directory: Path) -> Glossary:
    """The validated glossary; every problem listed when it is not valid.

    Through the quiz's cache of the validated glossary (keyed by the files' sizes and
    change times): validating every YAML file is most of what the plugin would otherwise
    spend before the first page, and ``mkdocs serve`` rebuilds often.
    """
    from kubeclass.glossary.cache import load_cached_glossary

    if not directory.is_dir():
        raise PluginError(f"kubeclass: no glossary at {directory}")
    try:
        return load_cached_glossary(directory)
    except ContentError as exc:
        raise PluginError(
            f"kubeclass: the glossary has {len(exc.problems)} problem(s):\n{exc}") from exc
