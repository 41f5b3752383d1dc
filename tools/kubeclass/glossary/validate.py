"""Strict validation of glossary documents: parsed YAML in, terms and problems out.

Pure: no file access. Every problem is collected (never stop at the first) with the
position of the field it is about, so an author fixes everything in one pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kubeclass.glossary import schema
from kubeclass.glossary.model import LANGS, LEVELS, Bilingual, Category, Example, Reference, Term
from kubeclass.korean import normalize
from kubeclass.problems import Problem, did_you_mean
from kubeclass.yamlpos import Located, PathKey


def dotted(path: PathKey) -> str:
    """``("examples", 0, "code")`` → ``examples[0].code``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class DocumentChecker:
    """Collects the problems of one YAML document, each at its field's position."""

    file: str
    doc: Located
    problems: list[Problem] = field(default_factory=list)

    def report(self, path: PathKey, message: str) -> None:
        line, column = self.doc.where(path)
        self.problems.append(Problem(self.file, line, column, dotted(path), message))

    def report_text(self, path: PathKey, needle: str, message: str) -> None:
        """Report a problem found in a text field at the line of ``needle`` inside it."""
        line, column = self.doc.find_after(path, needle)
        self.problems.append(Problem(self.file, line, column, dotted(path), message))

    def duplicates(self) -> None:
        for path, line, column in self.doc.duplicate_keys:
            self.problems.append(
                Problem(self.file, line, column, dotted(path), "key appears twice in this mapping")
            )

    def keys(self, data: dict[str, Any], path: PathKey, allowed: Sequence[str],
             required: Sequence[str]) -> None:
        for key in data:
            if key not in allowed:
                hint = did_you_mean(str(key), allowed)
                self.report((*path, key), f"unknown field '{key}'{hint}")
        for key in required:
            if key not in data:
                self.report(path, f"missing required field '{dotted((*path, key))}'")

    def records(self, value: Any, path: PathKey,
                fields: Sequence[str]) -> list[tuple[PathKey, dict[str, Any]]]:
        """The items of a list of mappings that all take exactly ``fields``, with their paths;
        a value that is not a list, an item that is not a mapping, and unknown or missing
        keys are reported."""
        if not isinstance(value, list):
            self.report(path, f"must be a list, not {_kind(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            data = self.mapping(item, (*path, i))
            if data is not None:
                self.keys(data, (*path, i), fields, fields)
                out.append(((*path, i), data))
        return out

    def mapping(self, value: Any, path: PathKey) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.report(path, f"must be a mapping, not {_kind(value)}")
        return None

    def text(self, value: Any, path: PathKey) -> str | None:
        if not isinstance(value, str):
            self.report(path, f"must be a string, not {_kind(value)}")
            return None
        if not value.strip():
            self.report(path, "must not be empty")
            return None
        return value

    def texts(self, value: Any, path: PathKey, *, non_empty: bool = False) -> list[str]:
        if not isinstance(value, list):
            self.report(path, f"must be a list, not {_kind(value)}")
            return []
        if non_empty and not value:
            self.report(path, "must list at least one entry")
        out = [self.text(item, (*path, i)) for i, item in enumerate(value)]
        return [item for item in out if item is not None]

    def bilingual(self, value: Any, path: PathKey, *, markdown: bool = False) -> Bilingual | None:
        data = self.mapping(value, path)
        if data is None:
            return None
        self.keys(data, path, LANGS, LANGS)
        texts = {lang: self.text(data[lang], (*path, lang)) for lang in LANGS if lang in data}
        for lang, text in texts.items():
            if text is None:
                continue
            for needle, message in schema.markdown_problems(text):
                self.report_text((*path, lang), needle, message)
            if not markdown and schema.term_links(text):
                self.report((*path, lang), "links belong in 'long'; keep this plain text")
        if texts.get("ko") is None or texts.get("en") is None:
            return None
        return Bilingual(ko=texts["ko"] or "", en=texts["en"] or "")


def _kind(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "true/false",
             int: "a number", float: "a number", type(None): "empty"}
    return names.get(type(value), type(value).__name__)


def check_term(file: str, stem: str, folder: str, doc: Located,
               categories: Iterable[str]) -> tuple[Term | None, list[Problem]]:
    """Validate one term document. Cross-term rules live in :func:`check_glossary`."""
    c = DocumentChecker(file, doc)
    c.duplicates()
    data = c.mapping(doc.data, ())
    if data is None:
        return None, c.problems
    c.keys(data, (), schema.TERM_FIELDS, schema.REQUIRED_FIELDS)

    term_id = c.text(data["id"], ("id",)) if "id" in data else None
    if term_id is not None:
        if not schema.SLUG.match(term_id):
            c.report(("id",), f"'{term_id}' must be lower-case kebab-case (e.g. 'virtual-machine')")
        elif term_id != stem:
            c.report(("id",), f"id '{term_id}' must equal the file name '{stem}'")
    names = c.bilingual(data["term"], ("term",)) if "term" in data else None
    short = c.bilingual(data["short"], ("short",)) if "short" in data else None
    long = c.bilingual(data["long"], ("long",), markdown=True) if "long" in data else None

    category = c.text(data["category"], ("category",)) if "category" in data else None
    known = list(categories)
    if category is not None:
        if category not in known:
            c.report(("category",), f"unknown category '{category}'{did_you_mean(category, known)}")
        elif category != folder:
            c.report(("category",), f"category '{category}' does not match the folder '{folder}'")

    level = c.text(data["level"], ("level",)) if "level" in data else None
    if level is not None and level not in LEVELS:
        c.report(("level",), f"unknown level '{level}'; use one of: {', '.join(LEVELS)}"
                 f"{did_you_mean(level, LEVELS)}")

    abbr = c.text(data["abbr"], ("abbr",)) if "abbr" in data else None
    aka = c.texts(data["aka"], ("aka",)) if "aka" in data else []
    tags = c.texts(data["tags"], ("tags",), non_empty=True) if "tags" in data else []
    for i, tag in enumerate(tags):
        if not schema.SLUG.match(tag):
            c.report(("tags", i), f"tag '{tag}' must be lower-case kebab-case")
    seed = data.get("seed", False)
    if not isinstance(seed, bool):
        c.report(("seed",), f"must be true or false, not {_kind(seed)}")
        seed = False
    for path, plain in [(("abbr",), abbr), *((("aka", i), a) for i, a in enumerate(aka))]:
        for needle, message in schema.markdown_problems(plain or ""):
            c.report_text(path, needle, message)
    related = c.texts(data["related"], ("related",)) if "related" in data else []
    examples = _examples(c, data.get("examples", []))
    references = _references(c, data["references"]) if "references" in data else []

    if c.problems or None in (term_id, names, short, long, category, level):
        return None, c.problems
    assert term_id and names and short and long and category and level
    term = Term(
        id=term_id, term=names, category=category, level=level, short=short, long=long,
        abbr=abbr, aka=tuple(aka), tags=tuple(tags), examples=tuple(examples),
        related=tuple(related), references=tuple(references), seed=seed,
    )
    return term, c.problems


def _examples(c: DocumentChecker, value: Any) -> list[Example]:
    out = []
    for path, data in c.records(value, ("examples",), schema.EXAMPLE_FIELDS):
        title = c.bilingual(data["title"], (*path, "title")) if "title" in data else None
        language = c.text(data["language"], (*path, "language")) if "language" in data else None
        if language is not None and language not in schema.EXAMPLE_LANGUAGES:
            c.report((*path, "language"), f"unknown language '{language}'; use one of: "
                     f"{', '.join(schema.EXAMPLE_LANGUAGES)}")
            language = None
        code = c.text(data["code"], (*path, "code")) if "code" in data else None
        if title and language and code:
            out.append(Example(title=title, language=language, code=code))
    return out


def _references(c: DocumentChecker, value: Any) -> list[Reference]:
    if value == []:
        c.report(("references",), "must list at least one reference")
    out = []
    for path, data in c.records(value, ("references",), schema.REFERENCE_FIELDS):
        title = c.text(data["title"], (*path, "title")) if "title" in data else None
        url = c.text(data["url"], (*path, "url")) if "url" in data else None
        if url is not None and not (url.startswith("https://") and len(url) > len("https://x.y")):
            c.report((*path, "url"), f"'{url}' must be an https:// URL")
            url = None
        for needle, message in schema.markdown_problems(title or ""):
            c.report_text((*path, "title"), needle, message)
        if title and url:
            out.append(Reference(title=title, url=url))
    return out


def check_categories(file: str, doc: Located) -> tuple[dict[str, Category], list[Problem]]:
    """Validate ``categories.yaml``: a list of ``{id, name: {ko,en}, description: {ko,en}}``."""
    c = DocumentChecker(file, doc)
    c.duplicates()
    out: dict[str, Category] = {}
    if not isinstance(doc.data, list):
        c.report((), f"must be a list of categories, not {_kind(doc.data)}")
        return out, c.problems
    for i, item in enumerate(doc.data):
        data = c.mapping(item, (i,))
        if data is None:
            continue
        c.keys(data, (i,), schema.CATEGORY_FIELDS, schema.CATEGORY_FIELDS)
        cid = c.text(data["id"], (i, "id")) if "id" in data else None
        name = c.bilingual(data["name"], (i, "name")) if "name" in data else None
        desc = c.bilingual(data["description"], (i, "description")) if "description" in data else None
        if cid is not None and not schema.SLUG.match(cid):
            c.report((i, "id"), f"'{cid}' must be lower-case kebab-case")
        elif cid is not None and cid in out:
            c.report((i, "id"), f"category '{cid}' is defined twice")
        elif cid and name and desc:
            out[cid] = Category(id=cid, name=name, description=desc)
    return out, c.problems


@dataclass(frozen=True)
class Entry:
    """A valid term and the file it came from, for cross-term checks."""

    file: str
    term: Term


def check_glossary(entries: Sequence[Entry], locate: Callable[[Entry], Located]) -> list[Problem]:
    """Rules across terms: unique ids, unique names/aliases, resolvable related and links.

    ``locate`` gives an entry's parsed document; it is only called for problems, so the
    documents need not be kept in memory (or sent back from worker processes).
    """

    def _at(entry: Entry, path: PathKey, message: str) -> Problem:
        line, column = locate(entry).where(path)
        return Problem(entry.file, line, column, dotted(path), message)

    problems: list[Problem] = []
    first_file: dict[str, str] = {}
    for entry in entries:
        if entry.term.id in first_file:
            problems.append(_at(entry, ("id",), f"duplicate id '{entry.term.id}' "
                                f"(also in {first_file[entry.term.id]})"))
        else:
            first_file[entry.term.id] = entry.file
    ids = set(first_file)

    # normalized name -> every (entry, field, name) that claims it; normalized as the quiz's
    # answer matching and the search do, so an alias never makes another term's name "right"
    claims: dict[str, list[tuple[Entry, PathKey, str]]] = {}
    for entry in entries:
        t = entry.term
        # The quiz accepts a typed id too (kubeclass.quiz.answers.Judge), so ids take part.
        fields: list[tuple[PathKey, str]] = [(("id",), t.id), (("term", "ko"), t.term.ko),
                                             (("term", "en"), t.term.en)]
        if t.abbr:
            fields.append((("abbr",), t.abbr))
        fields += [(("aka", i), alias) for i, alias in enumerate(t.aka)]
        for path, name in fields:
            claims.setdefault(normalize(name), []).append((entry, path, name))
    for claimants in claims.values():
        # A term may repeat its own name as an alias; only a clash between terms is wrong.
        if len({entry.term.id for entry, _, _ in claimants}) < 2:
            continue
        for entry, path, name in claimants:
            others = sorted({f"'{o.term.id}' ({o.file})" for o, _, _ in claimants
                             if o.term.id != entry.term.id})
            problems.append(_at(entry, path, f"'{name}' is also a name of term {', '.join(others)}"))

    for entry in entries:
        t = entry.term
        for i, rid in enumerate(t.related):
            if rid == t.id:
                problems.append(_at(entry, ("related", i), "a term cannot be related to itself"))
            elif rid not in ids:
                problems.append(_at(entry, ("related", i), f"unknown term id '{rid}'"
                                    f"{did_you_mean(rid, ids)}"))
        for lang in LANGS:
            for target in schema.term_links(t.long.get(lang)):
                if target not in ids:
                    line, column = locate(entry).find_after(("long", lang), f"term:{target}")
                    problems.append(Problem(entry.file, line, column, f"long.{lang}",
                                            f"link to unknown term 'term:{target}'"
                                            f"{did_you_mean(target, ids)}"))
    return problems

