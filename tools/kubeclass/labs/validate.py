"""Strict validation of lab files: parsed YAML in, :mod:`kubeclass.labs.model` objects and
problems out.

Pure: no file access (``load.py`` reads the files). Every problem is collected with the
position of its field, unknown keys get a "did you mean" suggestion — a misspelt key must
never turn a check into one that silently passes.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import jmespath
import jmespath.exceptions

from kubeclass.glossary import schema
from kubeclass.glossary.model import LEVELS, Bilingual
from kubeclass.glossary.validate import DocumentChecker, dotted
from kubeclass.labs.model import (
    Attempt,
    Check,
    Count,
    Lab,
    Manifest,
    ResourceRef,
    Step,
    is_cluster_scoped,
)
from kubeclass.labs.selectors import SelectorError, parse_selector, selector_text
from kubeclass.problems import Problem, did_you_mean
from kubeclass.yamlpos import Located, PathKey

LAB_FIELDS = ("id", "title", "level", "minutes", "terms", "intro", "namespace", "steps")
LAB_REQUIRED = ("id", "title", "level", "minutes", "terms", "intro", "steps")
STEP_FIELDS = ("id", "title", "instructions", "hints", "checks")
STEP_REQUIRED = ("id", "title", "instructions", "checks")
CHECK_FIELDS = ("id", "resource", "expect", "assert", "absent", "count", "match", "points",
                "message", "hint", "timeout", "interval")
CHECK_REQUIRED = ("id", "resource", "message")
RESOURCE_FIELDS = ("apiVersion", "kind", "name", "labelSelector")
RESOURCE_REQUIRED = ("apiVersion", "kind")
COUNT_FIELDS = ("min", "max")
ATTEMPT_FIELDS = ("description", "manifests", "fails")
ATTEMPT_REQUIRED = ("description", "manifests", "fails")

# Top-level fields of Kubernetes objects and of ObjectMeta: `expect` may only use these,
# so `metadata.lables` is reported instead of making a check that can never pass.
OBJECT_FIELDS = (
    "apiVersion", "kind", "metadata", "spec", "status", "data", "stringData", "binaryData",
    "type", "immutable", "rules", "subjects", "roleRef", "aggregationRule", "secrets",
    "imagePullSecrets", "automountServiceAccountToken", "webhooks", "provisioner",
    "parameters", "reclaimPolicy", "volumeBindingMode", "allowVolumeExpansion",
    "mountOptions", "allowedTopologies", "subsets", "endpoints", "addressType", "ports",
    "target", "involvedObject", "reason", "message", "source", "count", "value",
    "globalDefault", "description", "preemptionPolicy", "handler", "overhead", "scheduling",
    "template", "limits", "regarding", "note", "action", "eventTime", "firstTimestamp",
    "lastTimestamp", "reportingComponent", "reportingInstance", "series", "related",
)
METADATA_FIELDS = (
    "name", "generateName", "namespace", "labels", "annotations", "ownerReferences",
    "finalizers", "uid", "resourceVersion", "generation", "creationTimestamp",
    "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink",
)

SLUG = schema.SLUG
_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
_API_VERSION = re.compile(r"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+((alpha|beta)[0-9]+)?$")
_KIND = re.compile(r"^[A-Z][A-Za-z0-9]*$")
MAX_TIMEOUT = 600


def _kind(value: Any) -> str:
    """How a YAML value reads in a message: 'a mapping', 'a list', 'a string' …"""
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "true/false",
             int: "a number", float: "a number", type(None): "empty"}
    return names.get(type(value), type(value).__name__)


@dataclass
class LabChecker(DocumentChecker):
    """DocumentChecker plus the number, flag and enum fields labs use."""

    def integer(self, value: Any, path: PathKey, low: int, high: int | None = None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(path, f"must be a whole number, not {_kind(value)}")
            return None
        if value < low or (high is not None and value > high):
            bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
            self.report(path, f"must be {bounds}, not {value}")
            return None
        return value

    def number(self, value: Any, path: PathKey, low: float, high: float, *,
               open_low: bool = False) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report(path, f"must be a number of seconds, not {_kind(value)}")
            return None
        if value < low or (open_low and value == low) or value > high:
            low_text = f"more than {low:g}" if open_low else f"at least {low:g}"
            self.report(path, f"must be {low_text} and at most {high:g}, not {value}")
            return None
        return float(value)

    def flag(self, value: Any, path: PathKey) -> bool | None:
        if not isinstance(value, bool):
            self.report(path, f"must be true or false, not {_kind(value)}")
            return None
        return value

    def choice(self, value: Any, path: PathKey, choices: Collection[str]) -> str | None:
        text = self.text(value, path)
        if text is not None and text not in choices:
            self.report(path, f"'{text}' is not one of: {', '.join(choices)}"
                              f"{did_you_mean(text, choices)}")
            return None
        return text

    def slug(self, value: Any, path: PathKey, what: str) -> str | None:
        text = self.text(value, path)
        if text is not None and not SLUG.match(text):
            self.report(path, f"{what} '{text}' must be lower-case kebab-case (e.g. 'create-pod')")
            return None
        return text

    def markdown(self, value: Any, path: PathKey, term_ids: Collection[str] | None
                 ) -> Bilingual | None:
        """A bilingual Markdown field whose ``term:<id>`` links must resolve."""
        text = self.bilingual(value, path, markdown=True)
        if text is not None and term_ids is not None:
            for lang in ("ko", "en"):
                for target in schema.term_links(getattr(text, lang)):
                    if target not in term_ids:
                        self.report_text((*path, lang), f"term:{target}",
                                         f"link to unknown term 'term:{target}'"
                                         f"{did_you_mean(target, term_ids)}")
        return text


# --------------------------------------------------------------------------- lab.yaml


def check_lab(file: str, folder: str, doc: Located, term_ids: Collection[str] | None
              ) -> tuple[Lab | None, list[Problem]]:
    """Validate one ``lab.yaml``. ``term_ids`` (None: skip) are the glossary's ids."""
    c = LabChecker(file, doc)
    c.duplicates()
    data = c.mapping(doc.data, ())
    if data is None:
        return None, c.problems
    c.keys(data, (), LAB_FIELDS, LAB_REQUIRED)

    lab_id = c.slug(data["id"], ("id",), "id") if "id" in data else None
    if lab_id is not None and lab_id != folder:
        c.report(("id",), f"id '{lab_id}' must equal the folder name '{folder}'")
    title = c.bilingual(data["title"], ("title",)) if "title" in data else None
    level = c.choice(data["level"], ("level",), LEVELS) if "level" in data else None
    minutes = c.integer(data["minutes"], ("minutes",), 1, 240) if "minutes" in data else None
    terms = _terms(c, data["terms"], term_ids) if "terms" in data else []
    intro = c.markdown(data["intro"], ("intro",), term_ids) if "intro" in data else None
    namespace = None
    if "namespace" in data:
        namespace = c.text(data["namespace"], ("namespace",))
        if namespace is not None and not _DNS_LABEL.match(namespace):
            c.report(("namespace",), f"'{namespace}' is not a valid namespace name "
                                     "(lower-case letters, digits and '-', at most 63)")
    elif lab_id is not None and len(f"lab-{lab_id}") > 63:
        c.report(("id",), "id too long for the default namespace 'lab-<id>' (63 characters)")
    steps = _steps(c, data["steps"], term_ids) if "steps" in data else []

    if c.problems or None in (lab_id, title, level, minutes, intro):
        return None, c.problems
    assert lab_id and title and level and minutes and intro
    lab = Lab(id=lab_id, title=title, level=level, minutes=minutes, terms=tuple(terms),
              intro=intro, namespace=namespace or f"lab-{lab_id}", steps=tuple(steps))
    return lab, c.problems


def _terms(c: LabChecker, value: Any, term_ids: Collection[str] | None) -> list[str]:
    terms = c.texts(value, ("terms",), non_empty=True)
    seen: set[str] = set()
    for i, term in enumerate(terms):
        if term in seen:
            c.report(("terms", i), f"term '{term}' is listed twice")
        seen.add(term)
        if term_ids is not None and term not in term_ids:
            c.report(("terms", i), f"unknown glossary term '{term}'{did_you_mean(term, term_ids)}")
    return terms


def _steps(c: LabChecker, value: Any, term_ids: Collection[str] | None) -> list[Step]:
    if not isinstance(value, list):
        c.report(("steps",), f"must be a list, not {_kind(value)}")
        return []
    if not value:
        c.report(("steps",), "must list at least one step")
    steps: list[Step] = []
    step_ids: set[str] = set()
    check_ids: set[str] = set()
    total_checks = 0
    for i, item in enumerate(value):
        path: PathKey = ("steps", i)
        data = c.mapping(item, path)
        if data is None:
            continue
        c.keys(data, path, STEP_FIELDS, STEP_REQUIRED)
        step_id = c.slug(data["id"], (*path, "id"), "step id") if "id" in data else None
        if step_id is not None:
            if step_id in step_ids:
                c.report((*path, "id"), f"step id '{step_id}' is used twice")
            step_ids.add(step_id)
        title = c.bilingual(data["title"], (*path, "title")) if "title" in data else None
        instructions = (c.markdown(data["instructions"], (*path, "instructions"), term_ids)
                        if "instructions" in data else None)
        hints: list[Bilingual] = []
        if "hints" in data:
            if isinstance(data["hints"], list):
                for j, hint in enumerate(data["hints"]):
                    parsed = c.markdown(hint, (*path, "hints", j), term_ids)
                    if parsed is not None:
                        hints.append(parsed)
            else:
                c.report((*path, "hints"), f"must be a list, not {_kind(data['hints'])}")
        checks: list[Check] = []
        if "checks" in data:
            if isinstance(data["checks"], list):
                if not data["checks"]:
                    c.report((*path, "checks"), "must list at least one check")
                for j, check_data in enumerate(data["checks"]):
                    total_checks += 1
                    check = _check(c, check_data, (*path, "checks", j), check_ids)
                    if check is not None:
                        checks.append(check)
            else:
                c.report((*path, "checks"), f"must be a list, not {_kind(data['checks'])}")
        if step_id and title and instructions:
            steps.append(Step(step_id, title, instructions, tuple(hints), tuple(checks)))
    return steps


def _check(c: LabChecker, value: Any, path: PathKey, check_ids: set[str]) -> Check | None:
    data = c.mapping(value, path)
    if data is None:
        return None
    before = len(c.problems)
    c.keys(data, path, CHECK_FIELDS, CHECK_REQUIRED)
    check_id = c.slug(data["id"], (*path, "id"), "check id") if "id" in data else None
    if check_id is not None:
        if check_id in check_ids:
            c.report((*path, "id"), f"check id '{check_id}' is used twice in this lab")
        check_ids.add(check_id)
    resource = _resource(c, data["resource"], (*path, "resource")) if "resource" in data else None

    expect = None
    if "expect" in data:
        expect = c.mapping(data["expect"], (*path, "expect"))
        if expect is not None:
            _expect_keys(c, expect, (*path, "expect"))
    asserts: list[str] = []
    if "assert" in data:
        raw = data["assert"]
        items = [raw] if isinstance(raw, str) else raw
        item_paths = [(*path, "assert")] if isinstance(raw, str) else [
            (*path, "assert", k) for k in range(len(raw) if isinstance(raw, list) else 0)]
        if not isinstance(items, list):
            c.report((*path, "assert"), f"must be a JMESPath expression or a list of them, "
                                        f"not {_kind(raw)}")
            items = []
        for expr, expr_path in zip(items, item_paths, strict=True):
            text = c.text(expr, expr_path)
            if text is None:
                continue
            try:
                jmespath.compile(text)
            except jmespath.exceptions.JMESPathError as exc:
                c.report(expr_path, f"invalid JMESPath expression: {_one_line(exc)}")
                continue
            asserts.append(text)
    absent = c.flag(data["absent"], (*path, "absent")) if "absent" in data else False
    count = _count(c, data["count"], (*path, "count")) if "count" in data else None
    match = c.choice(data["match"], (*path, "match"), ("all", "any")) if "match" in data else "all"
    points = c.integer(data["points"], (*path, "points"), 0, 100) if "points" in data else 1
    message = c.bilingual(data["message"], (*path, "message")) if "message" in data else None
    hint = c.markdown(data["hint"], (*path, "hint"), None) if "hint" in data else None
    timeout = (c.number(data["timeout"], (*path, "timeout"), 0, MAX_TIMEOUT)
               if "timeout" in data else 0.0)
    interval = (c.number(data["interval"], (*path, "interval"), 0, 60, open_low=True)
                if "interval" in data else 2.0)

    if absent:
        for other in ("expect", "assert", "count", "match"):
            if other in data:
                c.report((*path, other), f"'{other}' cannot be combined with 'absent: true'")
    if "match" in data and "count" in data:
        c.report((*path, "match"), "'match' has no effect with 'count' (count counts the "
                                   "objects that satisfy expect/assert)")
    if resource is not None and resource.name is not None and "match" in data:
        c.report((*path, "match"), "'match' only applies to a labelSelector or a whole kind")

    if len(c.problems) > before or None in (check_id, resource, message, points, timeout,
                                             interval, match, absent):
        return None
    assert check_id and resource and message and match in ("all", "any")
    assert points is not None and timeout is not None and interval is not None
    return Check(
        id=check_id, resource=resource, expect=expect, asserts=tuple(asserts),
        absent=bool(absent), count=count, match="any" if match == "any" else "all",
        points=points, message=message, hint=hint, timeout=timeout, interval=interval,
    )


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def _resource(c: LabChecker, value: Any, path: PathKey) -> ResourceRef | None:
    data = c.mapping(value, path)
    if data is None:
        return None
    before = len(c.problems)
    c.keys(data, path, RESOURCE_FIELDS, RESOURCE_REQUIRED)
    api_version = c.text(data["apiVersion"], (*path, "apiVersion")) if "apiVersion" in data else None
    if api_version is not None and not _API_VERSION.match(api_version):
        c.report((*path, "apiVersion"), f"'{api_version}' is not an apiVersion "
                                        "(e.g. 'v1', 'apps/v1', 'networking.k8s.io/v1')")
    kind = c.text(data["kind"], (*path, "kind")) if "kind" in data else None
    if kind is not None and not _KIND.match(kind):
        c.report((*path, "kind"), f"'{kind}' is not a kind (CamelCase, e.g. 'Deployment')")
    name = None
    if "name" in data:
        name = c.text(data["name"], (*path, "name"))
        plain = name.replace("{namespace}", "x") if name else None
        if name is not None and plain is not None and not _DNS_SUBDOMAIN.match(plain):
            c.report((*path, "name"), f"'{name}' is not a valid object name")
    requirements = None
    shown = None
    if "labelSelector" in data:
        raw = data["labelSelector"]
        if not isinstance(raw, str | dict):
            c.report((*path, "labelSelector"), "must be a selector string ('app=web,tier!=db') "
                                               f"or a mapping of labels, not {_kind(raw)}")
        else:
            try:
                requirements = parse_selector(raw)
                shown = selector_text(requirements)
            except SelectorError as exc:
                c.report((*path, "labelSelector"), str(exc))
    if "name" in data and "labelSelector" in data:
        c.report((*path, "labelSelector"), "use either 'name' or 'labelSelector', not both")
    if len(c.problems) > before or api_version is None or kind is None:
        return None
    return ResourceRef(api_version, kind, name, requirements, shown)


def _count(c: LabChecker, value: Any, path: PathKey) -> Count | None:
    data = c.mapping(value, path)
    if data is None:
        return None
    c.keys(data, path, COUNT_FIELDS, ())
    if not data:
        c.report(path, "give 'min', 'max' or both")
        return None
    low = c.integer(data["min"], (*path, "min"), 0) if "min" in data else None
    high = c.integer(data["max"], (*path, "max"), 0) if "max" in data else None
    if low is not None and high is not None and low > high:
        c.report((*path, "max"), f"max ({high}) is smaller than min ({low})")
        return None
    return Count(low, high)


def _expect_keys(c: LabChecker, expect: dict[str, Any], path: PathKey) -> None:
    for key in expect:
        if key not in OBJECT_FIELDS:
            c.report((*path, key), f"'{key}' is not a field of a Kubernetes object"
                                   f"{did_you_mean(str(key), OBJECT_FIELDS)}")
    meta = expect.get("metadata")
    if meta is None:
        return
    if not isinstance(meta, dict):
        c.report((*path, "metadata"), f"must be a mapping, not {_kind(meta)}")
        return
    for key in meta:
        if key not in METADATA_FIELDS:
            c.report((*path, "metadata", key), f"'{key}' is not a metadata field"
                                               f"{did_you_mean(str(key), METADATA_FIELDS)}")
    for field_name in ("labels", "annotations"):
        values = meta.get(field_name)
        if isinstance(values, dict):
            for key, val in values.items():
                if val is not None and not isinstance(val, str):
                    c.report((*path, "metadata", field_name, key),
                             f"{field_name[:-1]} values are strings: quote it (\"{val}\")")


# --------------------------------------------------------------------------- manifests


def check_manifest(c: DocumentChecker, body: Any, path: PathKey, source: str,
                   allow_status: bool = False) -> Manifest | None:
    """An object from setup/, solution/ or a test attempt, applied into the lab namespace."""
    data = c.mapping(body, path)
    if data is None:
        return None
    before = len(c.problems)
    for key in ("apiVersion", "kind", "metadata"):
        if key not in data:
            c.report(path, f"missing required field '{dotted((*path, key))}'")
    api_version = data.get("apiVersion")
    kind = data.get("kind")
    if "apiVersion" in data and (not isinstance(api_version, str)
                                 or not _API_VERSION.match(api_version)):
        c.report((*path, "apiVersion"), f"'{api_version}' is not an apiVersion")
    if "kind" in data and (not isinstance(kind, str) or not _KIND.match(kind)):
        c.report((*path, "kind"), f"'{kind}' is not a kind")
    meta = data.get("metadata")
    if "metadata" in data:
        if not isinstance(meta, dict):
            c.report((*path, "metadata"), f"must be a mapping, not {_kind(meta)}")
        else:
            name = meta.get("name")
            if not isinstance(name, str) or not _DNS_SUBDOMAIN.match(name):
                c.report((*path, "metadata", "name") if "name" in meta else (*path, "metadata"),
                         "needs a valid metadata.name (generateName is not supported)")
            if "namespace" in meta:
                c.report((*path, "metadata", "namespace"),
                         "leave the namespace out: kubeclass applies every object into the "
                         "lab's namespace (or the learner's workspace)")
    if isinstance(api_version, str) and isinstance(kind, str) and (
        is_cluster_scoped(api_version, kind)
    ):
        c.report((*path, "kind"), f"{kind} is cluster-scoped; labs may only create objects "
                                  "inside their namespace (so `lab reset` can remove them)")
    if "status" in data and not allow_status:
        c.report((*path, "status"), "the server ignores 'status' in a manifest; leave it out")
    if len(c.problems) > before:
        return None
    return Manifest(body=data, source=source)


# --------------------------------------------------------------------------- tests/*.yaml


def check_attempt(file: str, name: str, doc: Located, check_ids: Collection[str] | None
                  ) -> tuple[Attempt | None, list[Problem]]:
    """Validate a test scenario ``labs/<id>/tests/<name>.yaml``."""
    c = LabChecker(file, doc)
    c.duplicates()
    data = c.mapping(doc.data, ())
    if data is None:
        return None, c.problems
    c.keys(data, (), ATTEMPT_FIELDS, ATTEMPT_REQUIRED)
    description = c.text(data["description"], ("description",)) if "description" in data else None
    manifests: list[Manifest] = []
    if "manifests" in data:
        raw = data["manifests"]
        if isinstance(raw, list):
            for i, item in enumerate(raw):
                line, _ = doc.where(("manifests", i))
                manifest = check_manifest(c, item, ("manifests", i), f"{file}:{line}")
                if manifest is not None:
                    manifests.append(manifest)
        else:
            c.report(("manifests",), f"must be a list of objects (may be []), not {_kind(raw)}")
    fails: dict[str, tuple[str, ...]] = {}
    if "fails" in data:
        raw = data["fails"]
        if isinstance(raw, dict):
            for check_id, expected in raw.items():
                where: PathKey = ("fails", check_id)
                if check_ids is not None and check_id not in check_ids:
                    c.report(where, f"unknown check id '{check_id}'"
                                    f"{did_you_mean(str(check_id), check_ids)}")
                if expected is None:
                    fails[str(check_id)] = ()
                else:
                    fails[str(check_id)] = tuple(c.texts(expected, where))
        else:
            c.report(("fails",), "must map each check id that should fail to the texts its "
                                 f"English diff must contain, not {_kind(raw)}")
    if c.problems or description is None:
        return None, c.problems
    return Attempt(name=name, description=description, manifests=tuple(manifests),
                   fails=fails), c.problems
