"""``kubeclass site build --engine zensical``: the site built by Zensical.

Zensical reads ``mkdocs.yml`` and runs Python-Markdown extensions, but no MkDocs plugin:
ours would be ignored without a word. So the generated tree (:mod:`.generate`) is written
into a build folder next to a copy of ``docs/`` (with ``term:`` links resolved), under a
small configuration that inherits ``mkdocs.yml`` and adds what the plugin would have added
— our stylesheet, the Korean search separator, the navigation entries of the generators
and the kubeclass Markdown extension (:mod:`.mdext`) for the per-page work. Zensical runs
in a child process on that folder; its output is then copied to the site folder.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kubeclass.site import offline as offline_build
from kubeclass.site import searchindex, urls
from kubeclass.site.generate import MANIFEST, STYLESHEET, generate, write_tree
from kubeclass.site.generators import GeneratorSet, SiteContext, load_extra
from kubeclass.site.pages import GlossaryPages
from kubeclass.site.termlinks import resolve_term_links

CONFIG_NAME = "mkdocs.yml"
_WARNING = re.compile(r"^\S*Warning:", re.MULTILINE)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class ZensicalFailed(Exception):
    """Zensical is missing, or its build failed (the message holds its output)."""


@dataclass(frozen=True)
class ZensicalResult:
    """A finished Zensical build."""

    site_dir: Path
    build_dir: Path
    warnings: int


def build_dir_for(config_path: Path) -> Path:
    """The build folder of one ``mkdocs.yml``: kept between builds (a disposable cache)."""
    from kubeclass.quiz.paths import cache_dir

    key = hashlib.blake2b(str(config_path).encode(), digest_size=8).hexdigest()
    return cache_dir() / "zensical" / key


def build(config: Any, config_path: Path, site_dir: Path, *, offline: bool, strict: bool,
          verbose: bool, warn: Callable[[str], None]) -> ZensicalResult:
    """Build the site of the loaded MkDocs ``config`` with Zensical into ``site_dir``."""
    if shutil.which("zensical") is None and not _has_module("zensical"):
        raise ZensicalFailed("Zensical is not installed: pip install 'kubeclass[zensical]'")
    folder = build_dir_for(config_path)
    docs = folder / "docs"
    overrides, term_names = _prepare(config, docs, offline=offline, warn=warn)
    child = folder / CONFIG_NAME
    child.write_text(yaml.safe_dump({"INHERIT": str(config_path), **overrides},
                                    allow_unicode=True, sort_keys=False), "utf-8")
    # --clean: term links on hand-written pages depend on the glossary, which Zensical's
    # page cache does not know about.
    command = [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(child)]
    if strict:
        command.append("--strict")
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, check=False)
    output = _ANSI.sub("", done.stdout + done.stderr)
    if verbose:
        sys.stderr.write(output)
    if done.returncode != 0:
        raise ZensicalFailed(output.strip()[-4000:] or f"zensical exited {done.returncode}")
    built = folder / "site"
    if offline:
        for needle in offline_build.patch_bundle(built, offline_build.ZENSICAL_BUNDLE_REWRITES):
            warn(f"{needle} not found in Zensical's bundle; the offline build may reach "
                 "another host")
    if not _add_search_worker(built, term_names):
        warn("Zensical's search worker was not found; search keeps Zensical's ranking")
    if site_dir.exists():
        shutil.rmtree(site_dir)
    shutil.copytree(built, site_dir)
    return ZensicalResult(site_dir=site_dir, build_dir=folder,
                          warnings=len(_WARNING.findall(output)))


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def _prepare(config: Any, docs: Path, *, offline: bool, warn: Callable[[str], None],
             ) -> tuple[dict[str, Any], dict[str, searchindex.PageNames]]:
    """Fill ``docs`` (hand-written pages + the generated tree); the config overrides and
    the search names of the term pages by URL."""
    plugin = config.plugins.get("kubeclass")
    source = Path(config.docs_dir)
    overrides: dict[str, Any] = {"docs_dir": "docs", "site_dir": "site"}
    written: set[Path] = set()
    term_names: dict[str, searchindex.PageNames] = {}
    directory_urls = not offline
    if plugin is None:
        # Nothing is generated: the guard after the build names every missing page.
        written |= _copy_docs(source, docs, None)
    else:
        from kubeclass.site.plugin import _load_glossary

        root = plugin.content_root(config)
        glossary = _load_glossary(root / "glossary")
        site = SiteContext(glossary=glossary, content_root=root, offline=offline)
        generators = GeneratorSet([GlossaryPages(), *load_extra(plugin.config.generators)])
        tree = generate(site, generators)
        term_names = {urls.src_to_url(urls.term_src(term.id), directory_urls=directory_urls):
                      searchindex.term_names(term) for term in glossary.terms.values()}

        def resolve(markdown: str, src: str) -> str:
            page_url = urls.src_to_url(src, directory_urls=directory_urls)

            def relative_url(term_id: str) -> str:
                term_url = urls.src_to_url(urls.term_src(term_id), directory_urls=directory_urls)
                return urls.relative_url(term_url, page_url)

            return resolve_term_links(markdown, src, glossary, relative_url, warn)

        written |= _copy_docs(source, docs, resolve)
        clash = [p.src for p in tree.pages if (source / p.src).exists()]
        if clash:
            raise ZensicalFailed(f"docs/{clash[0]} exists, but that page is generated from "
                                 "the content; remove the file")
        write_tree(tree, docs, resolve)
        written |= {docs / p.src for p in tree.pages} | {docs / a for a in tree.assets}
        listed = yaml.safe_dump(config.nav or [], allow_unicode=True)
        overrides["nav"] = [{e.title: e.src} for e in tree.nav if e.src not in listed]
        overrides["extra_css"] = [STYLESHEET]
        if offline:
            # Zensical's offline plugin adds an unpkg.com URL unless a shim is listed.
            overrides["extra"] = {"polyfills": [offline_build.SHIM]}
        search = config.plugins.get("material/search")
        base = search.config.separator if search is not None else None
        overrides["plugins"] = [{"search": {"separator": searchindex.separator(
            base or r'[\s\-,:!=\[\]()"/·.]+')}}]
        overrides["markdown_extensions"] = [{"kubeclass.site.mdext": {
            "glossary": str(root / "glossary"),
            "manifest": str(docs.parent / MANIFEST),
            "no_autolink": list(plugin.config.no_autolink),
            "link_terms": bool(plugin.config.link_terms),
        }}]
        if not overrides["nav"]:
            del overrides["nav"]
    _remove_stale(docs, written)
    return overrides, term_names


_ZENSICAL_WORKER = "search.*.min.js"
_INDEX_SCRIPT = re.compile(r"^(?P<head>.*?=\s*)(?P<index>\{.*\})(?P<tail>\W*)$", re.DOTALL)


def _add_search_worker(built: Path, term_names: dict[str, searchindex.PageNames]) -> bool:
    """Put our search worker in front of Zensical's, and names into its search index.

    Zensical writes the index (``search.json``; ``search.js`` for ``file://``) and names
    its worker in every page's configuration; the wrapper (:data:`plugin.WORKER`'s name,
    next to Zensical's worker) reranks with the ``kc`` keys added here: a term page's
    names, any other page's title. Returns False when Zensical's worker is not there.
    """
    from kubeclass.site.plugin import WORKER

    workers = built / "assets" / "javascripts" / "workers"
    found = sorted(workers.glob(_ZENSICAL_WORKER))
    if not found:
        return False
    engine_worker = found[0].name
    name = WORKER.rsplit("/", 1)[1]
    (workers / name).write_text(searchindex.worker_script(
        "zensical-search-worker.js", "__ZENSICAL_WORKER__", engine_worker), "utf-8")

    def names_of(item: dict[str, Any]) -> searchindex.PageNames | None:
        location = item.get("location", "")
        if location in term_names:
            return term_names[location]
        title = html.unescape(re.sub(r"<[^>]+>", "", str(item.get("title") or "")))
        return searchindex.title_names(title) if title.strip() else None

    index_json = built / "search.json"
    if index_json.is_file():
        index = json.loads(index_json.read_text("utf-8"))
        searchindex.add_names_to_items(index.get("items", []), names_of)
        index_json.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")),
                              "utf-8")
    index_js = built / "search.js"
    if index_js.is_file() and (m := _INDEX_SCRIPT.match(index_js.read_text("utf-8"))):
        index = json.loads(m["index"])
        searchindex.add_names_to_items(index.get("items", []), names_of)
        index_js.write_text(m["head"] + json.dumps(index, ensure_ascii=False,
                                                   separators=(",", ":")) + m["tail"], "utf-8")
    needle = f'{engine_worker}"'
    for page in built.rglob("*.html"):
        text = page.read_text("utf-8")
        if needle in text:
            page.write_text(text.replace(needle, f'{name}"'), "utf-8")
    return True


def _copy_docs(source: Path, docs: Path, resolve: Callable[[str, str], str] | None) -> set[Path]:
    """Copy the hand-written pages, their Markdown passed through ``resolve``."""
    written: set[Path] = set()
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(source)
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            text = path.read_text("utf-8")
            text = resolve(text, rel.as_posix()) if resolve is not None else text
            if not target.is_file() or target.read_text("utf-8") != text:
                target.write_text(text, "utf-8")
        elif not target.is_file() or target.read_bytes() != path.read_bytes():
            shutil.copyfile(path, target)
        written.add(target)
    return written


def _remove_stale(docs: Path, written: set[Path]) -> None:
    """Remove what an earlier build left and this one did not write (a deleted term)."""
    if not docs.is_dir():
        return
    for path in sorted(docs.rglob("*"), reverse=True):
        if path.is_file() and path not in written:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
