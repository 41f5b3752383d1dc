"""Turning a graded lab into JSON, JUnit XML and terminal text (in the learner's language)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kubeclass.glossary.model import Bilingual, Lang
from kubeclass.labs import messages
from kubeclass.labs.checks import CheckResult, LabResult
from kubeclass.site.urls import term_page_url


@dataclass(frozen=True)
class TermPage:
    """A glossary term of the lab to read after a failed check: its names and its page."""

    id: str
    name: Bilingual | None  # None when the glossary has no such term (or could not be read)
    url: str

    def label(self, lang: Lang) -> str:
        """``파드 (Pod)`` in Korean, ``Pod (파드)`` in English; the id without a name."""
        if self.name is None:
            return self.id
        first, second = (self.name.ko, self.name.en) if lang == "ko" else (self.name.en,
                                                                            self.name.ko)
        return first if first == second else f"{first} ({second})"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name.to_dict() if self.name else None,
                "url": self.url}


def term_pages(term_ids: Iterable[str], names: Mapping[str, Bilingual]) -> list[TermPage]:
    """The website pages of ``term_ids``, named from ``names`` (term id → its name)."""
    return [TermPage(t, names.get(t), term_page_url(t)) for t in term_ids]


def _get(text: Bilingual | None, lang: Lang) -> str | None:
    return text.get(lang) if text is not None else None


def check_hint(result: CheckResult, step_hints: Mapping[str, Bilingual], step_id: str,
               lang: Lang) -> str | None:
    """The hint shown for a failed check: its own, else its step's current hint."""
    if result.passed:
        return None
    return _get(result.check.hint, lang) or _get(step_hints.get(step_id), lang)


def to_json(result: LabResult, lang: Lang, step_hints: Mapping[str, Bilingual] | None = None,
            calls: list[str] | None = None, terms: Sequence[TermPage] | None = None
            ) -> dict[str, Any]:
    """The ``lab check --json`` document (``terms``: the lab's term pages, default unnamed)."""
    hints = step_hints or {}
    pages = term_pages(result.lab.terms, {}) if terms is None else terms
    return {
        "lab": result.lab.id,
        "namespace": result.namespace,
        "lang": lang,
        "passed": result.passed,
        "score": result.score,
        "max_score": result.max_score,
        "api_calls": result.api_calls,
        "calls": list(calls or result.calls),
        "steps": [
            {
                "id": step.step_id,
                "passed": step.passed,
                "checks": [
                    {
                        "id": c.check.id,
                        "passed": c.passed,
                        "points": c.points,
                        "max_points": c.check.points,
                        "diff": c.diff_lines(lang),
                        "message": _get(c.check.message, lang),
                        "hint": check_hint(c, hints, step.step_id, lang),
                    }
                    for c in step.checks
                ],
            }
            for step in result.steps
        ],
        "terms": [page.to_dict() for page in pages],
    }


def to_junit(result: LabResult, lang: Lang) -> str:
    """A JUnit XML report (one testcase per check) for CI systems and LMSs."""
    checks = [(s.step_id, c) for s in result.steps for c in s.checks]
    failures = sum(1 for _, c in checks if not c.passed)
    suites = ET.Element("testsuites", tests=str(len(checks)), failures=str(failures))
    suite = ET.SubElement(suites, "testsuite", name=f"kubeclass.lab.{result.lab.id}",
                          tests=str(len(checks)), failures=str(failures), errors="0")
    props = ET.SubElement(suite, "properties")
    for name, value in (("namespace", result.namespace), ("score", str(result.score)),
                        ("max_score", str(result.max_score))):
        ET.SubElement(props, "property", name=name, value=value)
    for step_id, c in checks:
        case = ET.SubElement(suite, "testcase", classname=f"{result.lab.id}.{step_id}",
                             name=c.check.id)
        if not c.passed:
            failure = ET.SubElement(case, "failure",
                                    message=_get(c.check.message, lang) or c.check.id)
            failure.text = "\n".join(c.diff_lines(lang))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def print_report(result: LabResult, lang: Lang, step_hints: Mapping[str, Bilingual],
                 *, terms: Sequence[TermPage] | None = None, color: bool | None = None) -> None:
    """Print the graded lab: per step and check, diffs, message and hint, then the score.

    When something failed, the lab's glossary terms follow with their names and website
    pages (``terms``; by default the pages of ``result.lab.terms``, named by id only).
    """
    from rich.console import Console
    from rich.text import Text

    # soft_wrap: long lines are left to the terminal, so piped output keeps one line per item.
    console = Console(highlight=False, no_color=color is False, force_terminal=color,
                      soft_wrap=True)
    titles = {s.id: s.title.get(lang) for s in result.lab.steps}
    console.print(Text(f"{result.lab.title.get(lang)} — {result.namespace}", style="bold"))
    for index, step in enumerate(result.steps, 1):
        mark = "✓" if step.passed else "✗"
        style = "green" if step.passed else "red"
        console.print(Text(f"\n{mark} {messages.text('step', lang)} {index}. "
                           f"{titles.get(step.step_id, step.step_id)}", style=f"bold {style}"))
        for c in step.checks:
            line = Text(f"  {'✓' if c.passed else '✗'} ", style="green" if c.passed else "red")
            line.append(_get(c.check.message, lang) or c.check.id)
            line.append(f"  [{c.points}/{c.check.points}] ({c.check.id})", style="dim")
            console.print(line)
            if c.passed:
                continue
            for diff in c.diff_lines(lang):
                console.print(Text(f"      {diff}", style="yellow"))
            hint = check_hint(c, step_hints, step.step_id, lang)
            if hint:
                console.print(Text(f"      {messages.text('hint', lang)}: {hint.strip()}",
                                   style="cyan"))
    failed = len(result.failed_checks())
    total = sum(len(s.checks) for s in result.steps)
    console.print()
    console.print(Text(f"{messages.text('score', lang)}: {result.score}/{result.max_score}  ",
                       style="bold")
                  + Text(messages.text("api-calls", lang, calls=result.api_calls), style="dim"))
    if result.passed:
        console.print(Text(messages.text("all-passed", lang), style="bold green"))
        return
    console.print(Text(messages.text("some-failed", lang, failed=failed, total=total),
                       style="bold red"))
    pages = term_pages(result.lab.terms, {}) if terms is None else terms
    if pages:
        console.print(Text(messages.text("read-terms", lang)))
        for page in pages:
            line = Text(f"  • {page.label(lang)}: ")
            line.append(page.url, style="blue underline")
            console.print(line)
