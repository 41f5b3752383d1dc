"""YAML loading that remembers where every key and item stands in the file.

Content is read with the safe loader only (the C one when PyYAML has libyaml), so a
YAML file can never construct Python objects, and within the intake limits of
:mod:`kubeclass.limits` (size, depth, number of values; no anchors, aliases or merge keys),
checked while the file is parsed. Positions are 1-based (line, column).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kubeclass.limits import (
    MAX_DEPTH,
    MAX_NODES,
    Refused,
    anchor_or_alias,
    complex_key,
    merge_key,
    read_capped,
    too_deep,
    too_many_nodes,
)
from kubeclass.problems import Problem

# The C loader when PyYAML was built with libyaml (about 5x faster), else the pure one.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple[str | int, ...]


class YamlSyntaxError(Exception):
    """The text is not valid YAML."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Located:
    """A loaded document and the positions of its parts.

    ``positions[("short", "ko")]`` is where the key ``ko`` under ``short`` stands;
    ``positions[("related", 2)]`` where the third item of ``related`` stands;
    ``positions[()]`` is the start of the document; ``nodes`` counts its values.
    """

    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    duplicate_keys: list[tuple[PathKey, int, int]] = field(default_factory=list)
    text: str = field(default="", repr=False)
    nodes: int = 0

    def where(self, path: PathKey) -> tuple[int, int]:
        """The position of ``path``, or of its closest ancestor that exists."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def find_after(self, path: PathKey, needle: str) -> tuple[int, int]:
        """Where ``needle`` first appears at or after ``path``'s line: for a problem inside
        a multi-line text, the line of the offending part rather than of its field."""
        line, column = self.where(path)
        lines = self.text.splitlines()  # only on the (rare) path that reports a problem
        for number in range(line, len(lines) + 1):
            found = lines[number - 1].find(needle)
            if found >= 0:
                return number, found + 1
        return line, column


def load_text(text: str, *, max_nodes: int = MAX_NODES) -> Located:
    """Parse one YAML document within the intake limits (:mod:`kubeclass.limits`).

    Raises :class:`YamlSyntaxError` on bad syntax and :class:`~kubeclass.limits.Refused`
    on an anchor, alias or merge key, or when the document is deeper than ``MAX_DEPTH``
    or holds more than ``max_nodes`` values. ``located.nodes`` is how many it holds.
    """
    loader = _Loader(text)
    located = Located(None, text=text)
    try:
        located.data, located.nodes = _build(loader, located, max_nodes)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlSyntaxError(str(exc.problem or exc), line, column) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), 1, 1) from None
    finally:
        loader.dispose()
    return located


def read_text(path: Path) -> str:
    """The text of a content file (UTF-8, newlines as ``open`` reads them); raises
    :class:`~kubeclass.limits.Refused` when it is larger than ``MAX_FILE_BYTES``."""
    text = read_capped(path).decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def load_file(path: Path) -> Located:
    """Read and parse ``path`` (UTF-8) within the intake limits."""
    return load_text(read_text(path))


_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_KEY: Any = object()  # a mapping frame that waits for its next key
_Scalar, _Alias = yaml.ScalarEvent, yaml.AliasEvent
_MapStart, _SeqStart = yaml.MappingStartEvent, yaml.SequenceStartEvent
_Ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _build(loader: Any, out: Located, max_nodes: int) -> tuple[Any, int]:
    """Build plain Python data from the parser's events, recording positions as it goes.

    The intake checks ride on the same pass, so they cost next to nothing and a hostile
    file is refused at its first bad event, before anything large exists: the C composer
    would expand nothing either, but it recurses once per level (a deep file crashes it)
    and builds a node per value before any check could run. Strings (nearly every scalar
    here) skip the constructor entirely.
    """
    get = loader.get_event
    positions = out.positions
    get()  # StreamStart
    event = get()
    if not isinstance(event, yaml.DocumentStartEvent):
        return None, 0  # an empty stream
    root: Any = None
    # One frame per open list or mapping: [container, path, key awaiting its value or _KEY].
    stack: list[list[Any]] = []
    nodes = 0
    while True:
        event = get()
        kind = type(event)
        if kind in _Ends:
            stack.pop()
            continue
        if kind is yaml.DocumentEndEvent:
            break
        mark = event.start_mark
        if kind is _Alias:
            raise anchor_or_alias(mark.line + 1, mark.column + 1, "*")
        if event.anchor is not None:
            raise anchor_or_alias(mark.line + 1, mark.column + 1, "&")
        nodes += 1
        if nodes > max_nodes:
            raise too_many_nodes(mark.line + 1, mark.column + 1)
        top = stack[-1] if stack else None
        if top is not None and top[2] is _KEY:  # a key of the mapping on top
            if kind is not _Scalar:
                raise complex_key(mark.line + 1, mark.column + 1)
            key = event.value
            if (key == "<<" and event.implicit[0]) or event.tag == _MERGE_TAG:
                raise merge_key(mark.line + 1, mark.column + 1)
            here = (*top[1], key)
            position = (mark.line + 1, mark.column + 1)
            if key in top[0]:
                out.duplicate_keys.append((here, *position))
            positions[here] = position
            top[2] = key
            continue
        if top is None:
            path: PathKey = ()
            positions.setdefault(path, (mark.line + 1, mark.column + 1))
        elif top[2] is None:  # a list
            path = (*top[1], len(top[0]))
            positions[path] = (mark.line + 1, mark.column + 1)
        else:
            path = (*top[1], top[2])
        if kind is _Scalar:
            value = event.value
            tag = event.tag
            if (tag is None or tag == "!") and event.implicit[0]:
                tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
            if tag is not None and tag != _STR_TAG and tag != "!":
                value = _construct(loader, yaml.ScalarNode(tag, value, mark, event.end_mark,
                                                           event.style))
        else:
            if len(stack) >= MAX_DEPTH:
                raise too_deep(mark.line + 1, mark.column + 1)
            value = {} if kind is _MapStart else []
        if top is None:
            root = value
        elif top[2] is None:
            top[0].append(value)
        else:
            top[0][top[2]] = value
            top[2] = _KEY
        if kind is not _Scalar:
            stack.append([value, path, _KEY if kind is _MapStart else None])
    event = get()
    if not isinstance(event, yaml.StreamEndEvent):
        mark = event.start_mark
        raise YamlSyntaxError("expected a single document, but found another document",
                              mark.line + 1, mark.column + 1)
    return root, nodes


def _construct(loader: Any, node: yaml.ScalarNode) -> Any:
    """A typed scalar (int, bool, date …). PyYAML's constructors raise plain Python errors
    for a value that does not fit its explicit tag (``!!int abc``): a syntax error here."""
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, KeyError, TypeError, OverflowError, IndexError):
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlSyntaxError(f"cannot read {node.value[:40]!r} as {tag}",
                              node.start_mark.line + 1, node.start_mark.column + 1) from None


def display_path(path: Path, cwd: str | None = None) -> str:
    """A path as the user will recognise it: relative to the working directory.

    Content loaders call this once per file, so the common case (a file below ``cwd``)
    avoids :func:`os.path.relpath`, which is slow enough to show up in a 5,000-file check.
    """
    cwd = cwd or os.getcwd()
    text = str(path)
    if text.startswith(cwd + os.sep):
        return text[len(cwd) + 1:]
    return os.path.relpath(text, cwd)


def parse_or_report(path: Path, shown: str, problems: list[Problem]) -> Located | None:
    """Parse a YAML file; a syntax or reading error or a refusal becomes a problem (and None)."""
    try:
        return load_file(path)
    except YamlSyntaxError as exc:
        problems.append(syntax_problem(shown, exc))
    except Refused as exc:
        problems.append(exc.problem(shown))
    except UnicodeDecodeError as exc:
        problems.append(Problem(shown, 1, 1, "", f"not UTF-8 text ({exc.reason})"))
    except OSError as exc:
        problems.append(Problem(shown, 1, 1, "", f"cannot read file: {exc.strerror}"))
    return None


def syntax_problem(shown: str, exc: YamlSyntaxError) -> Problem:
    """The problem that reports a YAML syntax error at its position."""
    return Problem(shown, exc.line, exc.column, "", f"YAML syntax error: {exc.message}")
