"""Where generated pages live on the site.

Every generated page has a source path (``terms/pod.md``, as if it were a file under
``docs/``) and a site-relative URL (``terms/pod/``). MkDocs turns the first into the
second. The quiz and the labs print full links to term pages with :func:`term_page_url`.

Light on purpose: the quiz and ``lab check`` import this module, so it must not import
MkDocs, YAML or anything heavy.
"""

from __future__ import annotations

import os
import re
from functools import cache

from kubeclass import content

TERMS_DIR = "terms"
CATEGORIES_DIR = "categories"
GLOSSARY_INDEX = "glossary/index.md"
INDEX_AZ = "glossary/a-z.md"
INDEX_KO = "glossary/ga-na-da.md"
TAGS_PAGE = "tags.md"
LABS_DIR = "labs"

DEFAULT_SITE_URL = "https://kubeclass.github.io/kubeclass/"
SITE_URL_ENV = "KUBECLASS_SITE_URL"
_SITE_URL = re.compile(r"^site_url:\s*['\"]?(?P<url>https?://[^'\"\s#]+)", re.MULTILINE)


def term_src(term_id: str) -> str:
    """The source path of a term page: ``terms/<id>.md``."""
    return f"{TERMS_DIR}/{term_id}.md"


def category_src(category_id: str) -> str:
    """The source path of a category page: ``categories/<id>.md``."""
    return f"{CATEGORIES_DIR}/{category_id}.md"


def term_url(term_id: str) -> str:
    """The site-relative URL of a term page, e.g. ``"terms/pod/"``.

    This is the URL of the regular (online) build; the offline build, which has no
    directory URLs, serves the same page as ``terms/pod.html``.
    """
    return f"{TERMS_DIR}/{term_id}/"


def category_url(category_id: str) -> str:
    """The site-relative URL of a category page, e.g. ``"categories/k8s-workloads/"``."""
    return f"{CATEGORIES_DIR}/{category_id}/"


def src_to_url(src: str, *, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a source path (``a/b.md`` → ``a/b/`` or ``a/b.html``)."""
    stem = src[: -len(".md")] if src.endswith(".md") else src
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_src(from_src: str, to_src: str) -> str:
    """A Markdown link from one source file to another (``../terms/pod.md``)."""
    from_parts = from_src.split("/")[:-1]
    to_parts = to_src.split("/")
    common = 0
    while (common < len(from_parts) and common < len(to_parts) - 1
           and from_parts[common] == to_parts[common]):
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:])


@cache
def site_url() -> str:
    """The base URL of the published website, ending in ``/``.

    In order: ``KUBECLASS_SITE_URL``, ``site_url`` in the clone's ``mkdocs.yml``, or
    :data:`DEFAULT_SITE_URL`. ``mkdocs.yml`` is read with a regular expression, not YAML:
    it holds ``!!python/name`` tags that a safe loader refuses, and the quiz must start
    fast. Cached for the process (call ``site_url.cache_clear()`` after changing the
    environment).
    """
    url = os.environ.get(SITE_URL_ENV, "").strip()
    if not url:
        root = content.repo_root()
        config = root / "mkdocs.yml" if root is not None else None
        if config is not None and config.is_file():
            url = configured_site_url(config.read_text(encoding="utf-8", errors="replace")) or ""
    url = url or DEFAULT_SITE_URL
    return url if url.endswith("/") else url + "/"


def configured_site_url(mkdocs_yml: str) -> str | None:
    """The top-level ``site_url`` of an ``mkdocs.yml`` text (http or https), if it has one."""
    match = _SITE_URL.search(mkdocs_yml)
    return match.group("url") if match else None


def term_page_url(term_id: str) -> str:
    """The full URL of a term's page on the website (``https://…/terms/pod/``)."""
    return site_url() + term_url(term_id)


def relative_url(url: str, other: str) -> str:
    """``url`` relative to the page at ``other`` (both site-relative), as MkDocs computes it.

    The last part of ``other`` is dropped when it is a file name (holds a dot).
    """
    dirname, _, basename = other.rpartition("/")
    if "." in basename:
        other = dirname
    other_parts = [p for p in other.split("/") if p and p != "."]
    dest_parts = [p for p in url.split("/") if p and p != "."]
    common = 0
    for a, b in zip(other_parts, dest_parts, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(other_parts) - common) + dest_parts[common:]) or "."
    return rel + "/" if url.endswith("/") else rel
