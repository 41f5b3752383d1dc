"""How generated pages come into the site: one generator per kind of content.

The glossary generator (:mod:`kubeclass.site.pages`) is always on. Quiz pages and lab
pages plug in the same way as separate modules listed in :data:`EXTRA_GENERATORS`; the
plugin loads each one that is installed. A generator is any object with the methods of
:class:`PageGenerator`:

- ``pages(site)`` — the Markdown pages it adds (source path + text), never written to disk;
- ``term_uses(site)`` — which of its pages use which term, so that every term page can list
  "the quizzes and labs that use this term";
- ``watch(site)`` — directories ``mkdocs serve`` must watch for changes;
- ``nav(site)`` — top-level navigation entries it adds when ``mkdocs.yml`` does not list
  them already (keep these few: the navigation is rendered into every page);
- ``assets(site)`` (optional) — static files to ship, ``{site path: file}``; its ``.js`` and
  ``.css`` files are loaded on the pages of that generator (and only there).

Generated pages go through the sanitizer (:mod:`kubeclass.site.sanitize`): plain HTML with
classes, ids, ``lang`` and ``aria-*`` survives; scripts, forms and event handlers do not,
so behaviour comes from an asset script.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from kubeclass.glossary.model import Bilingual, Glossary

# name -> "module:attribute" of a zero-argument factory returning a PageGenerator.
EXTRA_GENERATORS: dict[str, str] = {
    "quiz": "kubeclass.site.quizpages:QuizPages",
    "labs": "kubeclass.site.labpages:LabPages",
    "paths": "kubeclass.site.pathpages:PathPages",
}


@dataclass(frozen=True)
class SiteContext:
    """What generators know about the build."""

    glossary: Glossary
    content_root: Path
    offline: bool = False


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in memory during the build.

    ``src`` is its path as if it were under ``docs/`` (``terms/pod.md``); links between
    generated pages are Markdown links between such paths, so MkDocs resolves and checks
    them. ``term_id`` marks the page about one term (never linked to itself);
    ``link_terms`` says whether term mentions in its text get linked; pages with
    ``in_nav=False`` (one per term, per category) stay out of any automatic navigation.
    """

    src: str
    markdown: str
    term_id: str | None = None
    link_terms: bool = True
    in_nav: bool = True


@dataclass(frozen=True)
class TermUse:
    """A generated page (a quiz, a lab) that uses a glossary term."""

    term_id: str
    kind: str  # "quiz", "lab"; "path" and "next" for learning paths (see pathpages)
    title: Bilingual
    src: str
    detail: str = ""


@dataclass(frozen=True)
class NavEntry:
    """A top-level navigation entry: ``{title: src}`` in ``mkdocs.yml`` terms."""

    title: str
    src: str


class PageGenerator(Protocol):
    """The interface of a page generator (see the module docstring)."""

    name: str

    def pages(self, site: SiteContext, uses: Sequence[TermUse]) -> Iterable[GeneratedPage]: ...

    def term_uses(self, site: SiteContext) -> Iterable[TermUse]: ...

    def watch(self, site: SiteContext) -> Iterable[Path]: ...

    def nav(self, site: SiteContext) -> Iterable[NavEntry]: ...


def generator_assets(generator: PageGenerator, site: SiteContext) -> dict[str, Path]:
    """The optional ``assets(site)`` of a generator, ``{}`` when it has none."""
    assets = getattr(generator, "assets", None)
    return dict(assets(site)) if callable(assets) else {}


class GeneratorNotFound(Exception):
    """A generator named in the plugin configuration is not installed."""


@dataclass
class GeneratorSet:
    """The generators of one build, glossary first."""

    generators: list[PageGenerator] = field(default_factory=list)

    def uses(self, site: SiteContext) -> list[TermUse]:
        """Every term use reported by any generator, for the term pages."""
        return [use for g in self.generators for use in g.term_uses(site)]

    def pages(self, site: SiteContext) -> list[GeneratedPage]:
        """Every page of every generator."""
        return [page for _, page in self.pages_by_generator(site)]

    def pages_by_generator(self, site: SiteContext) -> list[tuple[PageGenerator, GeneratedPage]]:
        """Every page with the generator that made it."""
        uses = self.uses(site)
        return [(g, page) for g in self.generators for page in g.pages(site, uses)]


def load_extra(names: Sequence[str] | None) -> list[PageGenerator]:
    """The extra generators: ``names`` (each must exist) or, when None, every installed one."""
    chosen = list(EXTRA_GENERATORS) if names is None else list(names)
    found: list[PageGenerator] = []
    for name in chosen:
        target = EXTRA_GENERATORS.get(name)
        if target is None:
            raise GeneratorNotFound(
                f"unknown page generator '{name}'; known: {', '.join(EXTRA_GENERATORS)}")
        module_name, attr = target.split(":")
        if importlib.util.find_spec(module_name) is None:
            if names is None:
                continue  # not written yet / not installed: the site simply has no such pages
            raise GeneratorNotFound(f"page generator '{name}' ({module_name}) is not installed")
        factory = getattr(importlib.import_module(module_name), attr)
        found.append(factory())
    return found
