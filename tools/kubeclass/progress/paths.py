"""Learning paths for ``kubeclass progress``: path id -> (name, its term ids, in order)."""

from __future__ import annotations

from collections.abc import Sequence

from kubeclass.glossary.model import Bilingual, Glossary


def learning_paths(glossary: Glossary) -> dict[str, tuple[Bilingual, Sequence[str]]]:
    """The glossary's learning paths (``glossary/paths.yaml``) whose terms ``progress`` counts."""
    from kubeclass.glossary.paths import load_paths

    return {p.id: (p.name, p.term_ids()) for p in load_paths(glossary).values()}
