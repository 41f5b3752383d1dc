"""Which glossary terms a lab check teaches: the lab's terms that the check names.

A lab lists its terms (``terms:`` in ``lab.yaml``); a check is about those of them that its
id, resource kind, message or hint mention — by term id, by name in either language, by
abbreviation or alias. A check that names none of them teaches all of the lab's terms.
Pure: the names come from the glossary, passed in by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from kubeclass.glossary.model import Term
from kubeclass.labs.model import Check, Lab

Names = Mapping[str, Sequence[str]]  # term id -> the names it is known by


def term_names(terms: Iterable[Term]) -> dict[str, list[str]]:
    """The names of each term (id, Korean, English, abbreviation, aliases) for :func:`teaches`."""
    return {
        t.id: [n for n in (t.id, t.term.ko, t.term.en, t.abbr or "", *t.aka) if n]
        for t in terms
    }


def _mentions(name: str, text: str) -> bool:
    if name.isascii():
        # Whole words, any case, an English plural allowed: "Pods" names "Pod".
        pattern = rf"(?<![A-Za-z0-9]){re.escape(name)}(?:s|es)?(?![A-Za-z0-9])"
        return re.search(pattern, text, flags=re.IGNORECASE) is not None
    return name in text  # Korean: a particle follows the word directly ("서비스가")


def _texts(check: Check) -> str:
    parts = [check.id.replace("-", " "), check.resource.kind]
    for text in (check.message, check.hint):
        if text is not None:
            parts += [text.ko, text.en]
    return "\n".join(parts)


def teaches(lab: Lab, check: Check, names: Names) -> tuple[str, ...]:
    """The lab's terms that ``check`` is about (all of them when it names none), lab order."""
    text = _texts(check)
    named = tuple(t for t in lab.terms
                  if any(_mentions(n, text) for n in names.get(t, (t,))))
    return named or lab.terms


def check_terms(lab: Lab, names: Names) -> dict[str, tuple[str, ...]]:
    """Check id -> the terms it teaches, for every check of ``lab``."""
    return {check.id: teaches(lab, check, names) for check in lab.checks()}


def cached_term_names() -> dict[str, list[str]]:
    """:func:`term_names` of the cached glossary; empty when it cannot be read (a broken
    glossary is `glossary check`'s business: every check then teaches all its lab's terms)."""
    from kubeclass.glossary.cache import load_cached_glossary
    from kubeclass.problems import ContentError

    try:
        return term_names(load_cached_glossary().terms.values())
    except (ContentError, OSError):
        return {}
