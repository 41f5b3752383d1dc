"""Learning paths for ``kubeclass progress``: path id -> (name, its term ids, in order).

The glossary's learning paths (``glossary/paths.yaml``) are being added; until they are,
there are none and the per-path table is simply empty. Plugging them in is this one
function: read them and return each path's name and term ids.
"""

from __future__ import annotations

from collections.abc import Sequence

from kubeclass.glossary.model import Bilingual, Glossary


def learning_paths(glossary: Glossary) -> dict[str, tuple[Bilingual, Sequence[str]]]:
    """The learning paths whose terms ``progress`` counts (none yet)."""
    return {}
