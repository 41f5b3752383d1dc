"""The glossary's domain model: plain, frozen data classes.

Nothing here reads files; :mod:`kubeclass.glossary.load` builds these objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Lang = Literal["ko", "en"]
LANGS: tuple[Lang, ...] = ("ko", "en")
LEVELS: tuple[str, ...] = ("beginner", "intermediate", "advanced")


@dataclass(frozen=True)
class Bilingual:
    """A text in Korean and English."""

    ko: str
    en: str

    def get(self, lang: Lang) -> str:
        """The text in ``lang``."""
        return self.ko if lang == "ko" else self.en

    def to_dict(self) -> dict[str, str]:
        return {"ko": self.ko, "en": self.en}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Bilingual:
        """The inverse of :meth:`to_dict`."""
        return cls(ko=data["ko"], en=data["en"])


@dataclass(frozen=True)
class Example:
    """A command or manifest that shows a term in use."""

    title: Bilingual
    language: str
    code: str

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title.to_dict(), "language": self.language, "code": self.code}


@dataclass(frozen=True)
class Reference:
    """A link to official documentation."""

    title: str
    url: str

    def to_dict(self) -> dict[str, str]:
        return {"title": self.title, "url": self.url}


@dataclass(frozen=True)
class Category:
    """A group of terms (one folder of ``glossary/``)."""

    id: str
    name: Bilingual
    description: Bilingual

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name.to_dict(), "description": self.description.to_dict()}


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    id: str
    term: Bilingual
    category: str
    level: str
    short: Bilingual
    long: Bilingual
    abbr: str | None = None
    aka: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    related: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    seed: bool = False
    path: Path | None = field(default=None, compare=False)

    def names(self) -> tuple[str, ...]:
        """Every name this term answers to: both names, abbreviation and aliases."""
        extra = (self.abbr,) if self.abbr else ()
        return (self.term.ko, self.term.en, *extra, *self.aka)

    def title(self, lang: Lang = "ko") -> str:
        """``가상 머신 (Virtual Machine)`` in Korean, ``Virtual Machine (가상 머신)`` in English."""
        first, second = (self.term.ko, self.term.en) if lang == "ko" else (self.term.en, self.term.ko)
        return first if first == second else f"{first} ({second})"

    def to_dict(self) -> dict[str, Any]:
        """The term as JSON-ready data, in the YAML field order."""
        return {
            "id": self.id,
            "term": self.term.to_dict(),
            "abbr": self.abbr,
            "aka": list(self.aka),
            "category": self.category,
            "tags": list(self.tags),
            "level": self.level,
            "seed": self.seed,
            "short": self.short.to_dict(),
            "long": self.long.to_dict(),
            "examples": [e.to_dict() for e in self.examples],
            "related": list(self.related),
            "references": [r.to_dict() for r in self.references],
        }


@dataclass(frozen=True)
class Glossary:
    """All terms and categories, keyed by id (terms sorted by id)."""

    terms: dict[str, Term]
    categories: dict[str, Category]

    def __len__(self) -> int:
        return len(self.terms)

    def by_category(self) -> dict[str, list[Term]]:
        """Terms grouped by category id, in the categories' order."""
        groups: dict[str, list[Term]] = {c: [] for c in self.categories}
        for term in self.terms.values():
            groups.setdefault(term.category, []).append(term)
        return groups
