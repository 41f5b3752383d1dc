"""Learning paths for ``kubeclass progress``: path id -> (name, its term ids, in order).

The glossary's learning paths (``glossary/paths.yaml``, read by
``kubeclass.glossary.paths``) are being added on another branch; until they are merged
there are none and the per-path table is simply empty. Plugging them in is this one
function's body, e.g. ``{p.id: (p.name, p.term_ids()) for p in
load_paths(glossary).values()}`` — the view, JSON and page already show whatever it returns.
"""

from __future__ import annotations

from collections.abc import Sequence

from kubeclass.glossary.model import Bilingual, Glossary


def learning_paths(glossary: Glossary) -> dict[str, tuple[Bilingual, Sequence[str]]]:
    """The learning paths whose terms ``progress`` counts (none yet)."""
    return {}
