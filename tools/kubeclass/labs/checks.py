"""The pure check engine: a lab and an in-memory snapshot of the cluster in, results out.

A snapshot maps ``(apiVersion, kind, namespace)`` to the objects a LIST returned (plain
dicts as the API serves them; ``namespace`` is None for cluster-scoped kinds). A key that
is absent means "no objects" — the classroom grader builds one snapshot for many learners
from one cluster-wide LIST per kind, and a learner without Pods simply has no entry.

Nothing here does I/O: :mod:`kubeclass.labs.cluster` fills snapshots,
:mod:`kubeclass.labs.runner` polls, the commands render.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jmespath
import jmespath.exceptions
import jmespath.parser

from kubeclass.glossary.model import Lang
from kubeclass.labs import messages
from kubeclass.labs.model import Check, Lab, ResourceRef
from kubeclass.labs.selectors import matches as selector_matches

ReadKey = tuple[str, str, str | None]
Obj = Mapping[str, Any]
Snapshot = Mapping[ReadKey, Sequence[Obj]]

_MISSING = object()
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Diff:
    """One reason a check failed, rendered in the learner's language by :meth:`render`."""

    code: str  # a key of kubeclass.labs.messages
    path: str = ""
    expected: Any = None
    found: Any = None
    subject: str = ""  # "Pod web-1" when several objects are graded
    extra: tuple[tuple[str, Any], ...] = ()

    def render(self, lang: Lang = "ko") -> str:
        values = dict(self.extra)
        if "namespace" in values:
            ns = values["namespace"]
            values["where"] = (messages.text("where-ns", lang, namespace=ns) if ns
                               else messages.text("where-cluster", lang))
        values.update(
            path=self.path or ".",
            expected=show(self.expected),
            found=show(self.found),
            subject=self.subject,
        )
        line = messages.text(self.code, lang, **values)
        prefixed = self.subject and self.code not in _SUBJECT_CODES
        return f"{self.subject}: {line}" if prefixed else line


# Codes whose template already names the subject.
_SUBJECT_CODES = frozenset({"not-found", "present", "count-min", "count-max", "none-selected"})


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check."""

    check: Check
    passed: bool
    diffs: tuple[Diff, ...] = ()
    # The failure looks like work in progress (the objects exist but are not there yet, or
    # are being deleted): worth polling. Nothing to look at yet is not.
    pending: bool = False

    @property
    def points(self) -> int:
        """Points earned (all or nothing)."""
        return self.check.points if self.passed else 0

    def diff_lines(self, lang: Lang = "ko") -> list[str]:
        return [d.render(lang) for d in self.diffs]


@dataclass(frozen=True)
class StepResult:
    """The checks of one step."""

    step_id: str
    checks: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


@dataclass(frozen=True)
class LabResult:
    """A graded lab. ``api_calls`` is filled in by whoever read the cluster."""

    lab: Lab
    namespace: str
    steps: tuple[StepResult, ...]
    api_calls: int = 0
    calls: tuple[str, ...] = field(default=(), compare=False)

    @property
    def score(self) -> int:
        return sum(c.points for s in self.steps for c in s.checks)

    @property
    def max_score(self) -> int:
        return self.lab.max_score()

    @property
    def passed(self) -> bool:
        return all(s.passed for s in self.steps)

    def failed_checks(self) -> list[CheckResult]:
        return [c for s in self.steps for c in s.checks if not c.passed]


# --------------------------------------------------------------------------- reading plan


def read_key(resource: ResourceRef, namespace: str) -> ReadKey:
    """The snapshot key a check reads: its kind in the lab's namespace (None if cluster-wide)."""
    return (resource.api_version, resource.kind, None if resource.cluster_scoped else namespace)


def required_reads(checks: Iterable[Check], namespace: str) -> list[ReadKey]:
    """Distinct keys needed to grade ``checks``: one LIST each, shared by all checks."""
    keys = {read_key(c.resource, namespace) for c in checks}
    return sorted(keys, key=lambda k: (k[0], k[1], k[2] or ""))


# --------------------------------------------------------------------------- grading


def grade(lab: Lab, snapshot: Snapshot, namespace: str | None = None) -> LabResult:
    """Grade every check of ``lab`` (none stops the others) against ``snapshot``."""
    ns = namespace or lab.namespace
    steps = tuple(
        StepResult(step.id, tuple(evaluate(check, snapshot, ns) for check in step.checks))
        for step in lab.steps
    )
    return LabResult(lab=lab, namespace=ns, steps=steps)


def select(resource: ResourceRef, objects: Iterable[Obj], namespace: str) -> list[Obj]:
    """The objects a check is about: by name, by label selector, or all of the kind."""
    name = resource.name.replace("{namespace}", namespace) if resource.name else None
    out = []
    for obj in objects:
        meta = obj.get("metadata") or {}
        if name is not None and meta.get("name") != name:
            continue
        if resource.label_selector is not None and not selector_matches(
            resource.label_selector, meta.get("labels")
        ):
            continue
        out.append(obj)
    return out


def evaluate(check: Check, snapshot: Snapshot, namespace: str) -> CheckResult:
    """Evaluate one check against a snapshot."""
    resource = check.resource
    key = read_key(resource, namespace)
    selected = select(resource, snapshot.get(key, ()), namespace)
    by_name = resource.name is not None

    deleting = any((o.get("metadata") or {}).get("deletionTimestamp") for o in selected)
    if check.absent:
        diffs = tuple(Diff("present", subject=_subject(resource.kind, o)) for o in selected)
        return CheckResult(check, not diffs, diffs, pending=deleting)

    graded = [(obj, object_diffs(check, obj, "" if by_name else _subject(resource.kind, obj)))
              for obj in selected]
    matching = [obj for obj, d in graded if not d]
    failing = [d for _, d in graded if d]

    if check.count is not None:
        low, high = check.count.min, check.count.max
        n = len(matching)
        subject = resource.describe()
        if low is not None and n < low:
            closest = sorted(failing, key=len)[:3]
            diffs = (Diff("count-min", subject=subject, found=n, extra=(("min", low),)),
                     *(d for group in closest for d in group))
            return CheckResult(check, False, diffs, pending=bool(selected))
        if high is not None and n > high:
            return CheckResult(check, False,
                               (Diff("count-max", subject=subject, found=n, extra=(("max", high),)),),
                               pending=deleting)
        return CheckResult(check, True)

    if not selected:
        return CheckResult(check, False, (_nothing_selected(resource, namespace, key[2]),))
    if check.match == "any":
        if matching:
            return CheckResult(check, True)
        return CheckResult(check, False, min(failing, key=len), pending=True)
    diffs = tuple(d for group in failing for d in group)
    return CheckResult(check, not diffs, diffs, pending=bool(diffs))


def _nothing_selected(resource: ResourceRef, namespace: str, where: str | None) -> Diff:
    """``where`` is the namespace read (None: cluster-wide); ``namespace`` the lab's."""
    extra = (("namespace", where),)
    if resource.name is not None:
        name = resource.name.replace("{namespace}", namespace)
        return Diff("not-found", subject=f"{resource.kind} {name}", extra=extra)
    return Diff("none-selected", extra=(*extra, ("kind", resource.kind),
                                        ("selector", resource.selector_text or "*")))


def _subject(kind: str, obj: Obj) -> str:
    return f"{kind} {(obj.get('metadata') or {}).get('name', '?')}"


def object_diffs(check: Check, obj: Obj, subject: str = "") -> tuple[Diff, ...]:
    """Why ``obj`` does not satisfy the check's ``expect`` and ``assert`` (empty: it does)."""
    out: list[Diff] = []
    if check.expect is not None:
        compare(check.expect, obj, (), out)
    for expr in check.asserts:
        try:
            value = compiled(expr).search(obj)
        except jmespath.exceptions.JMESPathError as exc:
            out.append(Diff("assert-error", extra=(("expr", expr), ("error", str(exc)))))
            continue
        if not truthy(value):
            out.append(Diff("assert", extra=(("expr", expr),)))
    if subject:
        out = [Diff(d.code, d.path, d.expected, d.found, subject, d.extra) for d in out]
    return tuple(out)


@lru_cache(maxsize=4096)
def compiled(expr: str) -> jmespath.parser.ParsedResult:
    """A JMESPath expression compiled once per process."""
    return jmespath.compile(expr)


def truthy(value: Any) -> bool:
    """JMESPath truthiness: false, null and empty strings, lists and objects are false;
    every number (0 too) is true."""
    if value is None or value is False:
        return False
    if isinstance(value, str | list | dict):
        return len(value) > 0
    return True


# --------------------------------------------------------------------------- partial match


def compare(expected: Any, actual: Any, path: tuple[str, ...], out: list[Diff]) -> None:
    """Append to ``out`` every way ``actual`` fails to contain ``expected``.

    Maps are subsets recursively; a list matches when every expected element matches *some*
    actual element (order and extra elements are free); ``null`` means "unset"; scalars are
    equal, a number equals its string form (``80`` and ``"80"``).
    """
    if expected is None:
        if actual is not None and actual is not _MISSING:
            out.append(Diff("unexpected", render_path(path), found=actual))
        return
    if actual is _MISSING or actual is None:
        out.append(Diff("missing", render_path(path), expected=expected))
        return
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            out.append(Diff("mismatch", render_path(path), expected=expected, found=actual))
            return
        for key, value in expected.items():
            compare(value, actual.get(key, _MISSING), (*path, _key(key)), out)
        return
    if isinstance(expected, list):
        if not isinstance(actual, list):
            out.append(Diff("mismatch", render_path(path), expected=expected, found=actual))
            return
        for element in expected:
            _compare_element(element, actual, path, out)
        return
    if not scalar_equal(expected, actual):
        out.append(Diff("mismatch", render_path(path), expected=expected, found=actual))


def _compare_element(element: Any, actual: list[Any], path: tuple[str, ...], out: list[Diff]
                     ) -> None:
    if any(contains(element, item) for item in actual):
        return
    if not actual:
        out.append(Diff("empty-list", render_path(path), expected=element))
        return
    # Point inside the element the learner most likely meant: the one with the same name,
    # or the only one. Otherwise say that nothing matches.
    if isinstance(element, dict) and isinstance(element.get("name"), str):
        same = [i for i, item in enumerate(actual)
                if isinstance(item, dict) and item.get("name") == element["name"]]
        if same:
            compare(element, actual[same[0]], (*path, f"[name={element['name']}]"), out)
            return
    elif len(actual) == 1:
        compare(element, actual[0], (*path, "[0]"), out)
        return
    out.append(Diff("no-element", render_path(path), expected=element))


def contains(expected: Any, actual: Any) -> bool:
    """Whether ``actual`` contains ``expected`` (the boolean form of :func:`compare`)."""
    if expected is None:
        return actual is None or actual is _MISSING
    if actual is None or actual is _MISSING:
        return False
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            contains(v, actual.get(k, _MISSING)) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return isinstance(actual, list) and all(
            any(contains(e, a) for a in actual) for e in expected
        )
    return scalar_equal(expected, actual)


def scalar_equal(expected: Any, actual: Any) -> bool:
    """Equality of leaf values; numbers and their string forms are equal, booleans are not
    numbers."""
    if isinstance(expected, dict | list) or isinstance(actual, dict | list):
        return False
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if expected == actual:
        return True
    return str(expected) == str(actual)


def _key(key: Any) -> str:
    text = str(key)
    return f".{text}" if _PLAIN_KEY.match(text) else f"[{json.dumps(text, ensure_ascii=False)}]"


def render_path(path: tuple[str, ...]) -> str:
    """``(".spec", ".containers", "[name=web]", ".image")`` -> ``spec.containers[name=web].image``."""
    return "".join(path).lstrip(".")


def show(value: Any, limit: int = 80) -> str:
    """A short one-line rendering of a value for a diff line."""
    if value is None:
        return "null"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, dict | list):
        text = _flow(value)
    else:
        text = json.dumps(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return show(value, limit=10_000)
