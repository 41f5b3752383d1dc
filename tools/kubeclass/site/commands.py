"""``kubeclass site build`` and ``kubeclass site serve``: MkDocs with our plugin, or Zensical.

MkDocs is imported inside the commands, so ``kubeclass --help`` stays light.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

import click

from kubeclass import content
from kubeclass.cliutil import EXIT_BAD_INPUT, load_or_exit

OFFLINE_ENV = "KUBECLASS_OFFLINE"
ENGINES = ("mkdocs", "zensical")


def _config_file(given: Path | None) -> Path:
    """The ``mkdocs.yml`` to use: the given one, the clone's, or the working directory's."""
    if given is not None:
        candidates = [given]
    else:
        clone = content.repo_root()
        candidates = [p for p in (clone / "mkdocs.yml" if clone else None, Path("mkdocs.yml"))
                      if p is not None]
    for path in candidates:
        if path.is_file():
            return path.resolve()
    click.echo(f"no mkdocs.yml found (looked at: {', '.join(map(str, candidates))}); "
               "run from a kubeclass clone or pass --config-file", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _check_content(config: Any) -> Path:
    """Validate the glossary the site is built from: every problem as file:line:column, exit 2.

    Returns the content root."""
    from kubeclass.glossary.load import load_glossary

    plugin = config.plugins.get("kubeclass")
    root: Path = plugin.content_root(config) if plugin is not None else content.content_root()
    load_or_exit(lambda: load_glossary(root / "glossary"), what="glossary")
    return root


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _setup_logging(verbose: bool) -> _WarningCounter:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_kubeclass", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._kubeclass = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    for existing in logger.handlers:
        existing.setLevel(logging.INFO if verbose else logging.WARNING)
    counter = _WarningCounter()
    logger.addHandler(counter)
    return counter


config_option = click.option(
    "--config-file", "-f", type=click.Path(dir_okay=False, path_type=Path),
    help="MkDocs configuration (default: mkdocs.yml of this clone).")


@click.group()
def site() -> None:
    """웹사이트 — build or serve the learners' website (MkDocs + Material)."""


@site.command()
@click.option("--offline", is_flag=True,
              help="Air-gapped build: works from file://, no request to any other host.")
@click.option("--engine", type=click.Choice(ENGINES), default="mkdocs", show_default=True,
              help="Site engine: MkDocs + Material, or Zensical (pip install 'kubeclass[zensical]').")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output directory (default: site/ next to mkdocs.yml).")
@click.option("--strict", is_flag=True, help="Fail when the engine reports any warning.")
@click.option("--verbose", "-v", is_flag=True, help="Show the engine's progress messages.")
@config_option
def build(offline: bool, engine: str, site_dir: Path | None, strict: bool, verbose: bool,
          config_file: Path | None) -> None:
    """Build the site from the glossary (and labs) into a folder.

    After the build every term and lab must have its page: a build that lost any fails
    with exit code 2 and names them.
    """
    path = _config_file(config_file)
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from kubeclass.site.offline import external_references

    os.environ[OFFLINE_ENV] = "true" if offline else "false"
    counter = _setup_logging(verbose)
    started = time.perf_counter()
    try:
        options: dict[str, object] = {"strict": True} if strict else {}
        if site_dir is not None:
            options["site_dir"] = str(site_dir.resolve())
        config = load_config(str(path), **options)  # type: ignore[arg-type]
        root = _check_content(config)
        offline_plugin = config.plugins.get("material/offline")
        if offline and not (offline_plugin and offline_plugin.config.enabled):
            click.echo(f"{path}: the offline plugin must be listed with "
                       f"'enabled: !ENV [{OFFLINE_ENV}, false]' for --offline", err=True)
            sys.exit(EXIT_BAD_INPUT)
        out = Path(config.site_dir)
        warnings = _run_engine(engine, config, path, out, offline=offline, strict=strict,
                               verbose=verbose)
    except (Abort, ConfigurationError) as exc:
        click.echo(f"site build failed: {exc}", err=True)
        sys.exit(1)
    _guard(root, out)
    if offline:
        leaks = external_references(out)
        for leak in leaks:
            click.echo(f"external reference: {leak}", err=True)
        if leaks:
            click.echo(f"the offline build references {len(leaks)} resource(s) on other hosts",
                       err=True)
            sys.exit(1)
    pages = sum(1 for _ in out.rglob("*.html"))
    kind = "offline site" if offline else "site"
    click.echo(f"built the {kind}: {pages} pages in {out} ({engine}, "
               f"{time.perf_counter() - started:.1f} s, {counter.count + warnings} warnings)")


def _run_engine(engine: str, config: Any, path: Path, out: Path, *, offline: bool, strict: bool,
                verbose: bool) -> int:
    """Build with ``engine``; the warnings it reported besides MkDocs' logged ones."""
    if engine == "mkdocs":
        from mkdocs.commands.build import build as mkdocs_build

        mkdocs_build(config)
        return 0
    from kubeclass.site import zensicalbuild
    from kubeclass.site.generate import GenerationError

    log = logging.getLogger("mkdocs.plugins.kubeclass")
    try:
        done = zensicalbuild.build(config, path, out, offline=offline, strict=strict,
                                   verbose=verbose,
                                   warn=lambda message: log.warning(f"kubeclass: {message}"))
    except (zensicalbuild.ZensicalFailed, GenerationError) as exc:
        click.echo(f"site build failed (zensical): {exc}", err=True)
        sys.exit(1)
    return done.warnings


def _guard(root: Path, out: Path) -> None:
    """Exit 2, naming them, when any term or lab has no page in the built site."""
    from kubeclass.glossary.cache import load_cached_glossary
    from kubeclass.site.guard import expected_pages, missing_pages

    glossary = load_cached_glossary(root / "glossary")
    missing = missing_pages(out, expected_pages(glossary.terms, root / "labs"))
    if not missing:
        return
    for page in missing:
        click.echo(f"missing page: {page}", err=True)
    click.echo(f"site build lost {len(missing)} page(s): every term and lab must have one "
               f"in {out}", err=True)
    sys.exit(EXIT_BAD_INPUT)


@site.command()
@click.option("--dev-addr", "-a", metavar="IP:PORT", default="127.0.0.1:8000", show_default=True,
              help="Address to serve on.")
@config_option
def serve(dev_addr: str, config_file: Path | None) -> None:
    """Serve the site with live reload: edits to docs/ and glossary/ rebuild it."""
    path = _config_file(config_file)
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    os.environ.setdefault(OFFLINE_ENV, "false")
    _check_content(load_config(str(path)))
    _setup_logging(verbose=True)
    try:
        mkdocs_serve(config_file=str(path), dev_addr=dev_addr)
    except Abort as exc:
        click.echo(f"site serve failed: {exc}", err=True)
        sys.exit(1)
