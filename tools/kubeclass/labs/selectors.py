"""Kubernetes label selectors, parsed and matched in memory.

Checks share one unfiltered LIST per kind, so selectors are applied here rather than by
the server. Syntax is kubectl's: ``app=web,tier!=db,env in (dev,qa),release,!canary``.
A mapping ``{app: web}`` means the same as ``app=web`` (``matchLabels``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

Requirement = tuple[str, str, tuple[str, ...]]

_KEY = r"[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?"
_VALUE = r"([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?"
_SET = re.compile(rf"^\s*({_KEY})\s+(in|notin)\s*\(([^)]*)\)\s*$")
_CMP = re.compile(rf"^\s*({_KEY})\s*(==|=|!=)\s*(\S*)\s*$")
_EXISTS = re.compile(rf"^\s*(!?)\s*({_KEY})\s*$")
_VALUE_RE = re.compile(rf"^{_VALUE}$")


class SelectorError(ValueError):
    """The selector text is not a valid label selector."""


def _split(text: str) -> list[str]:
    """Split on commas that are not inside ``( … )``."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def _value(value: str, where: str) -> str:
    if len(value) > 63 or not _VALUE_RE.match(value):
        raise SelectorError(f"'{value}' is not a valid label value in '{where}'")
    return value


def parse_selector(spec: str | Mapping[str, Any]) -> tuple[Requirement, ...]:
    """Parse a selector string or ``matchLabels`` mapping into requirements."""
    if isinstance(spec, Mapping):
        out: list[Requirement] = []
        for key, value in spec.items():
            if not isinstance(value, str):
                raise SelectorError(f"label '{key}' must have a string value (quote it: \"{value}\")")
            if not re.fullmatch(_KEY, str(key)):
                raise SelectorError(f"'{key}' is not a valid label key")
            out.append((str(key), "=", (_value(value, f"{key}={value}"),)))
        return tuple(out)
    if not spec.strip():
        raise SelectorError("the selector is empty")
    reqs: list[Requirement] = []
    for part in _split(spec):
        if m := _SET.match(part):
            values = tuple(_value(v.strip(), part) for v in m.group(4).split(","))
            reqs.append((m.group(1), m.group(3), values))
        elif m := _CMP.match(part):
            reqs.append((m.group(1), "!=" if m.group(3) == "!=" else "=", (_value(m.group(4), part),)))
        elif m := _EXISTS.match(part):
            reqs.append((m.group(2), "!exists" if m.group(1) else "exists", ()))
        else:
            raise SelectorError(f"cannot parse '{part.strip()}' (use key=value, key!=value, "
                                "key in (a,b), key notin (a,b), key or !key)")
    return tuple(reqs)


def selector_text(requirements: tuple[Requirement, ...]) -> str:
    """The canonical kubectl form of parsed requirements."""
    parts = []
    for key, op, values in requirements:
        if op in ("=", "!="):
            parts.append(f"{key}{op}{values[0]}")
        elif op in ("in", "notin"):
            parts.append(f"{key} {op} ({','.join(values)})")
        else:
            parts.append(key if op == "exists" else f"!{key}")
    return ",".join(parts)


def matches(requirements: tuple[Requirement, ...], labels: Mapping[str, str] | None) -> bool:
    """Whether an object with ``labels`` is selected."""
    labels = labels or {}
    for key, op, values in requirements:
        present = key in labels
        value = labels.get(key)
        if op == "=" and value != values[0]:
            return False
        if op == "!=" and value == values[0]:
            return False
        if op == "in" and value not in values:
            return False
        if op == "notin" and present and value in values:
            return False
        if op == "exists" and not present:
            return False
        if op == "!exists" and present:
            return False
    return True
