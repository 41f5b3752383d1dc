"""Turning a graded lab into JSON, JUnit XML and terminal text (in the learner's language)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from kubeclass.glossary.model import Bilingual, Lang
from kubeclass.labs import messages
from kubeclass.labs.checks import CheckResult, LabResult


def _get(text: Bilingual | None, lang: Lang) -> str | None:
    return text.get(lang) if text is not None else None


def check_hint(result: CheckResult, step_hints: Mapping[str, Bilingual], step_id: str,
               lang: Lang) -> str | None:
    """The hint shown for a failed check: its own, else its step's current hint."""
    if result.passed:
        return None
    return _get(result.check.hint, lang) or _get(step_hints.get(step_id), lang)


def to_json(result: LabResult, lang: Lang, step_hints: Mapping[str, Bilingual] | None = None,
            calls: list[str] | None = None) -> dict[str, Any]:
    """The ``lab check --json`` document."""
    hints = step_hints or {}
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
                 *, color: bool | None = None) -> None:
    """Print the graded lab: per step and check, diffs, message and hint, then the score."""
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
    if result.lab.terms:
        console.print(Text(messages.text("read-terms", lang, terms=", ".join(result.lab.terms)),
                           style="dim"))
