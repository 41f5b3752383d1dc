"""Where generated pages live on the site.

Every generated page has a source path (``terms/pod.md``, as if it were a file under
``docs/``) and a site-relative URL (``terms/pod/``). MkDocs turns the first into the
second; the quiz and the labs use :func:`term_url` to print links to term pages.
"""

from __future__ import annotations

TERMS_DIR = "terms"
CATEGORIES_DIR = "categories"
GLOSSARY_INDEX = "glossary/index.md"
INDEX_AZ = "glossary/a-z.md"
INDEX_KO = "glossary/ga-na-da.md"
TAGS_PAGE = "tags.md"


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
