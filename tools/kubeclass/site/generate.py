"""The generation seam: content in, a tree of Markdown pages and static files out.

Everything the site adds to ``docs/`` comes from :func:`generate`, which knows nothing of
any site engine: it runs the page generators (:mod:`.generators`) over a
:class:`~.generators.SiteContext` and returns a :class:`GeneratedTree` — pages (source
path + Markdown + what kind of page it is), the static files to ship, which pages load
which generator scripts and styles, the navigation entries to add and the folders a live
server must watch. The MkDocs plugin turns that tree into in-memory files; the Zensical
engine (:mod:`.zensical`) writes it into a build folder with :func:`write_tree`. A new
generator only has to be listed in :data:`~.generators.EXTRA_GENERATORS`.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kubeclass.site import offline
from kubeclass.site.generators import (
    GeneratedPage,
    GeneratorSet,
    NavEntry,
    PageGenerator,
    SiteContext,
    generator_assets,
)

ASSETS = Path(__file__).parent / "assets"
STYLESHEET = f"{offline.ASSET_DIR}/kubeclass.css"
MANIFEST = "kubeclass-pages.json"


class GenerationError(Exception):
    """The generated tree cannot be made (a generator ships a file that does not exist)."""


@dataclass(frozen=True)
class GeneratedTree:
    """What one build adds to the hand-written pages."""

    pages: tuple[GeneratedPage, ...]
    assets: dict[str, Path]
    """Static files to ship, ``{site path: file}``: ours and the generators'."""
    page_assets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Page source → the generator scripts and stylesheets that page loads."""
    nav: tuple[NavEntry, ...] = ()
    watch: tuple[Path, ...] = ()


def core_assets(site: SiteContext) -> dict[str, Path]:
    """The files every build ships: our stylesheet, Mermaid, and offline the worker shim."""
    assets = {STYLESHEET: ASSETS / "kubeclass.css", offline.MERMAID: ASSETS / "mermaid.tiny.min.js"}
    if site.offline:
        assets[offline.SHIM] = ASSETS / "iframe-worker-shim.js"
    return assets


def generate(site: SiteContext, generators: GeneratorSet) -> GeneratedTree:
    """Every generated page and shipped file of one build; pure apart from reading content."""
    assets: dict[str, Path] = {}
    loaded: dict[int, tuple[str, ...]] = {}  # generator → the scripts and styles its pages load
    for generator in generators.generators:
        shipped = generator_assets(generator, site)
        missing = [str(path) for path in shipped.values() if not path.is_file()]
        if missing:
            raise GenerationError(f"page generator '{generator.name}' ships files "
                                  f"that do not exist: {', '.join(missing)}")
        assets.update(shipped)
        loaded[id(generator)] = tuple(src for src in shipped if src.endswith((".js", ".css")))
    pages: list[GeneratedPage] = []
    page_assets: dict[str, tuple[str, ...]] = {}
    for generator, page in generators.pages_by_generator(site):
        pages.append(page)
        if loaded[id(generator)]:
            page_assets[page.src] = loaded[id(generator)]
    assets.update(core_assets(site))
    return GeneratedTree(pages=tuple(pages), assets=assets, page_assets=page_assets,
                         nav=tuple(_nav(generators.generators, site)),
                         watch=tuple(p for g in generators.generators for p in g.watch(site)))


def _nav(generators: Iterable[PageGenerator], site: SiteContext) -> Iterable[NavEntry]:
    for generator in generators:
        yield from generator.nav(site)


def write_tree(tree: GeneratedTree, docs_dir: Path,
               transform: Callable[[str, str], str] | None = None) -> None:
    """Write the tree's pages and files under ``docs_dir``, and a manifest of the pages.

    The manifest (:data:`MANIFEST`, next to ``docs_dir``) tells the Markdown extension
    (:mod:`.mdext`) which pages are generated: those are sanitized, and some are not
    term-linked. ``transform(markdown, src)`` is applied to each page first (the
    ``term:`` links an engine without our plugin must have resolved). Files that did not
    change are left alone, so an engine's own cache holds.
    """
    for page in tree.pages:
        markdown = transform(page.markdown, page.src) if transform else page.markdown
        _write_if_changed(docs_dir / page.src, markdown)
    for src, path in tree.assets.items():
        target = docs_dir / src
        if not target.is_file() or target.stat().st_size != path.stat().st_size \
                or target.read_bytes() != path.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    manifest = {p.src: {"term": p.term_id, "link": p.link_terms,
                        "assets": list(tree.page_assets.get(p.src, ()))} for p in tree.pages}
    _write_if_changed(docs_dir.parent / MANIFEST, json.dumps(manifest, ensure_ascii=False))


@dataclass(frozen=True)
class ManifestEntry:
    """What a Markdown extension needs to know of one generated page."""

    term: str | None
    link: bool
    assets: tuple[str, ...]


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """The manifest :func:`write_tree` wrote: page source → its entry."""
    data = json.loads(path.read_text("utf-8"))
    return {src: ManifestEntry(entry["term"], bool(entry["link"]), tuple(entry["assets"]))
            for src, entry in data.items()}


def _write_if_changed(path: Path, text: str) -> None:
    if path.is_file() and path.read_text("utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
