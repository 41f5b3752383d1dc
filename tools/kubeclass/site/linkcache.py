"""The term mentions of pages from earlier builds, so that a rebuild links unchanged pages
without searching them again.

Searching a page for the names of every term is the plugin's largest cost per page, and
``mkdocs serve`` rebuilds every page on each change. The mentions found in a page depend
only on its rendered HTML, its URL, its own term and the linker's names and rules: the
cache keys each page by a digest of the first three and is stamped with the last
(:attr:`Linker.stamp <kubeclass.site.linker.Linker.stamp>`), so nothing stale is ever
used. It holds positions and term ids only, never HTML: the links themselves are written
afresh on every build, and the sanitizer still reads every generated page.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from kubeclass import cachefile
from kubeclass.site.linker import Mention


class MentionCache:
    """Mentions by page, read from ``path`` at the start of a build and written at its end."""

    def __init__(self, path: Path, stamp: str) -> None:
        self.path, self.stamp = path, stamp
        payload = cachefile.read(path, stamp)
        self._old: dict[str, Any] = payload if isinstance(payload, dict) else {}
        self._new: dict[str, list[Mention]] = {}
        self._found = False  # whether this build searched a page

    @staticmethod
    def key(fragment: str, page_url: str, skip_term: str | None) -> str:
        """The key of one page's mentions: everything of the page they depend on."""
        digest = hashlib.blake2b(f"{page_url}\0{skip_term or ''}\0".encode(), digest_size=16)
        digest.update(fragment.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str) -> list[Mention] | None:
        """The mentions kept for ``key``, or None (not seen before, or damaged)."""
        entry = self._old.get(key)
        if not isinstance(entry, list):
            return None
        try:
            mentions = [Mention(*item) for item in entry]
        except TypeError:
            return None
        if not all(isinstance(s, int) and isinstance(e, int) and isinstance(t, str)
                   and isinstance(lang, str) for s, e, t, lang in mentions):
            return None
        self._new[key] = mentions
        return mentions

    def put(self, key: str, mentions: list[Mention]) -> None:
        """Keep the mentions found in a page for the next build."""
        self._new[key] = mentions
        self._found = True

    def save(self) -> None:
        """Write the pages of this build (only those: removed pages drop out) if anything
        changed; an unwritable cache directory only costs speed."""
        if self._found or self._new.keys() != self._old.keys():
            cachefile.write(self.path, self.stamp, {key: [list(m) for m in mentions]
                                                    for key, mentions in self._new.items()})
