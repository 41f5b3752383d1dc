"""YAML loading that remembers where every key and item stands in the file.

Content is read with the safe loader only (the C one when PyYAML has libyaml), so a
YAML file can never construct Python objects. Positions are 1-based (line, column).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
    ``positions[()]`` is the start of the document.
    """

    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    duplicate_keys: list[tuple[PathKey, int, int]] = field(default_factory=list)
    text: str = field(default="", repr=False)

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


def load_text(text: str) -> Located:
    """Parse one YAML document, raising :class:`YamlSyntaxError` on bad syntax."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        located = Located(None, text=text)
        if node is not None:
            located.data = _convert(node, (), located, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlSyntaxError(str(exc.problem or exc), line, column) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), 1, 1) from None
    finally:
        loader.dispose()
    return located


def load_file(path: Path) -> Located:
    """Read and parse ``path`` (UTF-8)."""
    return load_text(path.read_text(encoding="utf-8"))


_STR_TAG = "tag:yaml.org,2002:str"


def _convert(node: yaml.Node, path: PathKey, out: Located, loader: Any) -> Any:
    """Build plain Python data from the node tree and record positions in one pass.

    Doing this ourselves instead of ``construct_document`` + a second walk halves the cost
    of a glossary check; strings (nearly every scalar here) skip the constructor entirely.
    """
    mark = node.start_mark
    out.positions.setdefault(path, (mark.line + 1, mark.column + 1))
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR_TAG:
            return node.value
        return loader.construct_object(node, deep=True)
    if isinstance(node, yaml.MappingNode):
        data: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            here = (*path, key)
            start = key_node.start_mark
            position = (start.line + 1, start.column + 1)
            if key in data:
                out.duplicate_keys.append((here, *position))
            out.positions[here] = position
            data[key] = _convert(value_node, here, out, loader)
        return data
    items = []
    for index, item in enumerate(node.value):
        here = (*path, index)
        start = item.start_mark
        out.positions[here] = (start.line + 1, start.column + 1)
        items.append(_convert(item, here, out, loader))
    return items


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
    """Parse a YAML file; a syntax or reading error becomes a problem (and None)."""
    try:
        return load_file(path)
    except YamlSyntaxError as exc:
        problems.append(syntax_problem(shown, exc))
    except UnicodeDecodeError as exc:
        problems.append(Problem(shown, 1, 1, "", f"not UTF-8 text ({exc.reason})"))
    except OSError as exc:
        problems.append(Problem(shown, 1, 1, "", f"cannot read file: {exc.strerror}"))
    return None


def syntax_problem(shown: str, exc: YamlSyntaxError) -> Problem:
    """The problem that reports a YAML syntax error at its position."""
    return Problem(shown, exc.line, exc.column, "", f"YAML syntax error: {exc.message}")
