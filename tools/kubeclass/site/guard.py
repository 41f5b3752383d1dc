"""The guard against silent loss: after any build, every term and lab has its page.

An engine that ignores our generation (Zensical ignores MkDocs plugins it does not know,
and says nothing) would otherwise "succeed" with the hand-written pages only. The pages
expected come from the content itself — the glossary's terms and the folders of labs/ —
never from what the generation produced, so a build that lost its generation is caught.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kubeclass.site import urls
from kubeclass.site.labpages import lab_src


@dataclass(frozen=True)
class ExpectedPage:
    """A page that must exist in every build."""

    kind: str  # "term" or "lab"
    id: str
    src: str

    def __str__(self) -> str:
        return f"{self.kind} {self.id} ({self.src})"


def expected_pages(term_ids: Iterable[str], labs_dir: Path) -> list[ExpectedPage]:
    """One page per term and one per lab folder (a folder holding ``lab.yaml``)."""
    pages = [ExpectedPage("term", term_id, urls.term_src(term_id)) for term_id in sorted(term_ids)]
    if labs_dir.is_dir():
        pages += [ExpectedPage("lab", d.name, lab_src(d.name))
                  for d in sorted(labs_dir.iterdir()) if (d / "lab.yaml").is_file()]
    return pages


def page_exists(site_dir: Path, src: str) -> bool:
    """Whether the built site holds the page of ``src``, with or without directory URLs."""
    directory = site_dir / urls.src_to_url(src, directory_urls=True) / "index.html"
    return directory.is_file() or (site_dir / urls.src_to_url(src, directory_urls=False)).is_file()


def missing_pages(site_dir: Path, expected: Iterable[ExpectedPage]) -> list[ExpectedPage]:
    """The expected pages the built site lacks."""
    return [page for page in expected if not page_exists(site_dir, page.src)]
