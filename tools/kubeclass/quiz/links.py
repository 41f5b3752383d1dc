"""Full URLs of term pages, for the quiz's feedback.

The base URL is, in order: ``KUBECLASS_SITE_URL``, ``site_url`` in the clone's
``mkdocs.yml``, or :data:`DEFAULT_SITE_URL`. ``mkdocs.yml`` is read with a regular
expression, not YAML: it holds ``!!python/name`` tags that a safe loader refuses, and the
quiz must start fast.
"""

from __future__ import annotations

import os
import re
from functools import cache

from kubeclass import content
from kubeclass.site.urls import term_url

DEFAULT_SITE_URL = "https://kubeclass.github.io/kubeclass/"
_SITE_URL = re.compile(r"^site_url:\s*['\"]?(?P<url>https?://[^'\"\s#]+)", re.MULTILINE)


@cache
def site_url() -> str:
    """The base URL of the website, ending in ``/``."""
    url = os.environ.get("KUBECLASS_SITE_URL", "")
    if not url:
        root = content.repo_root()
        config = root / "mkdocs.yml" if root is not None else None
        if config is not None and config.is_file():
            match = _SITE_URL.search(config.read_text(encoding="utf-8", errors="replace"))
            url = match.group("url") if match else ""
    url = url or DEFAULT_SITE_URL
    return url if url.endswith("/") else url + "/"


def term_page_url(term_id: str) -> str:
    """The full URL of a term's page on the website."""
    return site_url() + term_url(term_id)
