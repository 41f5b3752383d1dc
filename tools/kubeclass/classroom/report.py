"""A graded class as JSON, CSV, JUnit XML and a self-contained HTML page.

Learner names come from a CSV the instructor was sent, so every text is treated as hostile:
HTML output escapes everything (and forbids scripts and outside requests with a
Content-Security-Policy), CSV cells that a spreadsheet would run as a formula are defused,
XML is built with ElementTree (which escapes).
"""

from __future__ import annotations

import csv
import html
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from kubeclass.classroom.grade import ClassResult, LearnerResult, TermStruggle, failed_checks
from kubeclass.glossary.model import Lang
from kubeclass.labs.report import TermPage

# The terms behind the most failed checks, each with its glossary page.
WeakTerms = Sequence[tuple[TermStruggle, TermPage]]

_TEXT: dict[str, dict[Lang, str]] = {
    "title": {"ko": "실습 채점 보고서", "en": "Lab grading report"},
    "classroom": {"ko": "클래스", "en": "Classroom"},
    "lab": {"ko": "실습", "en": "Lab"},
    "learners": {"ko": "학습자", "en": "Learners"},
    "passed": {"ko": "전부 통과", "en": "Passed all"},
    "mean": {"ko": "평균 점수", "en": "Mean score"},
    "api": {"ko": "API 호출", "en": "API calls"},
    "rates": {"ko": "검사별 통과율 (학급이 어려워하는 단계)",
              "en": "Pass rate per check (where the class struggles)"},
    "distribution": {"ko": "점수 분포", "en": "Score distribution"},
    "table": {"ko": "학습자별 결과", "en": "Results per learner"},
    "id": {"ko": "아이디", "en": "ID"},
    "name": {"ko": "이름", "en": "Name"},
    "namespace": {"ko": "네임스페이스", "en": "Namespace"},
    "score": {"ko": "점수", "en": "Score"},
    "failed": {"ko": "실패한 검사", "en": "Failed checks"},
    "step": {"ko": "단계", "en": "Step"},
    "check": {"ko": "검사", "en": "Check"},
    "none": {"ko": "없음", "en": "none"},
    "generated": {"ko": "생성", "en": "Generated"},
    "no-learners": {"ko": "채점할 학습자가 없습니다.", "en": "No learner to grade."},
    "weak-terms": {"ko": "다시 설명할 용어 (가장 많이 실패한 검사의 용어)",
                   "en": "Terms to explain again (behind the most failed checks)"},
    "term": {"ko": "용어", "en": "Term"},
    "failed-learners": {"ko": "실패한 학습자", "en": "Learners who failed"},
    "failed-checks": {"ko": "실패한 검사", "en": "Failed checks"},
}


def _t(key: str, lang: Lang) -> str:
    return _TEXT[key][lang]


def learner_row(r: LearnerResult, lang: Lang) -> dict[str, Any]:
    """One learner in ``classroom grade --json``."""
    return {
        "id": r.workspace.learner,
        "name": r.workspace.name,
        "namespace": r.workspace.namespace,
        "score": r.result.score,
        "max_score": r.result.max_score,
        "passed": r.result.passed,
        "failed_checks": [
            {"id": c.check.id, "step": step_id,
             "message": c.check.message.get(lang) if c.check.message else None,
             "diff": c.diff_lines(lang)}
            for step_id, c in failed_checks(r.result)
        ],
    }


def weak_terms_json(weak: WeakTerms) -> list[dict[str, Any]]:
    """The ``weakest_terms`` of ``classroom grade --json``."""
    return [{**struggle.to_dict(), "name": page.name.to_dict() if page.name else None,
             "url": page.url} for struggle, page in weak]


def to_json(result: ClassResult, lang: Lang, weak: WeakTerms = ()) -> dict[str, Any]:
    """The ``classroom grade --json`` document (``weak``: the terms behind the most failed
    checks, see :func:`kubeclass.classroom.grade.weakest_terms`)."""
    return {
        "lab": result.lab.id,
        "classroom": result.classroom,
        "api_calls": result.api_calls,
        "calls": list(result.calls),
        "max_score": result.max_score,
        "summary": {"learners": len(result.learners), "passed": result.passed_count(),
                    "mean_percent": round(result.mean_percent(), 1)},
        "checks": [{"id": r.check.id, "step": r.step_id, "passed": r.passed, "total": r.total,
                    "rate": round(r.rate, 4)} for r in result.check_rates()],
        "weakest_terms": weak_terms_json(weak),
        "learners": [learner_row(r, lang) for r in result.learners],
    }


# --------------------------------------------------------------------------- CSV


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: a leading ``= + - @`` would make Excel or
    LibreOffice run it as a formula (CSV injection), so it gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(result: ClassResult) -> str:
    """One row per learner, for an LMS gradebook (UTF-8; write it with a BOM for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["id", "name", "namespace", "lab", "score", "max_score", "percent",
                     "passed", "failed_checks"])
    for r in result.learners:
        writer.writerow([safe_cell(r.workspace.learner), safe_cell(r.workspace.name),
                         r.workspace.namespace, result.lab.id, r.result.score,
                         r.result.max_score, f"{r.percent:.1f}",
                         "true" if r.result.passed else "false",
                         " ".join(c.check.id for _, c in failed_checks(r.result))])
    return out.getvalue()


# --------------------------------------------------------------------------- JUnit


def to_junit(result: ClassResult, lang: Lang) -> str:
    """JUnit XML: one testsuite per learner, one testcase per check (GitHub Classroom,
    GitLab and most LMS importers read this)."""
    total = len(result.learners) * len(result.lab.checks())
    failures = sum(len(failed_checks(r.result)) for r in result.learners)
    root = ET.Element("testsuites", name=f"kubeclass.classroom.{result.classroom}.{result.lab.id}",
                      tests=str(total), failures=str(failures))
    for r in result.learners:
        checks = [(s.step_id, c) for s in r.result.steps for c in s.checks]
        failed = sum(1 for _, c in checks if not c.passed)
        suite = ET.SubElement(root, "testsuite", name=f"{r.workspace.learner}",
                              tests=str(len(checks)), failures=str(failed), errors="0")
        props = ET.SubElement(suite, "properties")
        for key, value in (("name", r.workspace.name), ("namespace", r.workspace.namespace),
                           ("score", str(r.result.score)),
                           ("max_score", str(r.result.max_score))):
            ET.SubElement(props, "property", name=key, value=value)
        for step_id, c in checks:
            case = ET.SubElement(suite, "testcase", name=c.check.id,
                                 classname=f"{r.workspace.learner}.{result.lab.id}.{step_id}")
            if not c.passed:
                message = c.check.message.get(lang) if c.check.message else c.check.id
                failure = ET.SubElement(case, "failure", message=message)
                failure.text = "\n".join(c.diff_lines(lang))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


# --------------------------------------------------------------------------- HTML


_CSS = """
:root{--ok:#1a7f37;--bad:#cf222e;--mid:#bf8700;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;
--bg:#fff;--bar:#eef1f4}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;
--bg:#0d1117;--bar:#21262d}}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Apple SD Gothic Neo","Malgun Gothic","Noto Sans KR",
sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.2em;margin:32px 0 12px;
border-bottom:1px solid var(--line);padding-bottom:4px}
.muted{color:var(--muted)}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:140px}
.card b{display:block;font-size:1.5em}
.rate{display:grid;grid-template-columns:minmax(180px,2fr) 5fr 70px;gap:8px;align-items:center;
margin:4px 0}
.track{background:var(--bar);border-radius:4px;height:18px;overflow:hidden}
.fill{height:100%}
.hist{display:flex;align-items:flex-end;gap:6px;height:160px;border-bottom:1px solid var(--line)}
.hist div{flex:1;display:flex;flex-direction:column;justify-content:flex-end;align-items:center;
height:100%}
.hist span.col{width:100%;background:#0969da;border-radius:4px 4px 0 0;min-height:1px}
.hist-labels{display:flex;gap:6px}.hist-labels span{flex:1;text-align:center;font-size:.8em}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{font-weight:600}td.num{text-align:right;white-space:nowrap}
.pass{color:var(--ok);font-weight:600}.fail{color:var(--bad);font-weight:600}
ul.failed{margin:0;padding-left:18px}code{font-size:.9em}
"""


def _code(text: str) -> str:
    """Escape ``text``, then show its Markdown code spans (`kubectl get pods`) as <code>:
    safe, because the backticks' content is already escaped."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _color(rate: float) -> str:
    if rate >= 0.8:
        return "var(--ok)"
    if rate >= 0.5:
        return "var(--mid)"
    return "var(--bad)"


def to_html(result: ClassResult, lang: Lang, *, generated: datetime | None = None,
            weak: WeakTerms = ()) -> str:
    """A single self-contained page: no scripts, no fonts, images or styles from anywhere
    else (a CSP forbids them too), every text escaped."""
    e = html.escape
    lab = result.lab
    when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    step_titles = {s.id: s.title.get(lang) for s in lab.steps}
    parts: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(_t('title', lang))} — {e(lab.title.get(lang))} — {e(result.classroom)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{e(lab.title.get(lang))}</h1>",
        f'<p class="muted">{e(_t("title", lang))} · {e(_t("classroom", lang))} '
        f"<code>{e(result.classroom)}</code> · {e(_t('lab', lang))} <code>{e(lab.id)}</code> · "
        f"{e(_t('generated', lang))} {e(when)}</p>",
        '<div class="cards">',
        _card(_t("learners", lang), str(len(result.learners))),
        _card(_t("passed", lang), f"{result.passed_count()} / {len(result.learners)}"),
        _card(_t("mean", lang), f"{result.mean_percent():.0f}%"),
        _card(_t("api", lang), str(result.api_calls)),
        "</div>",
    ]
    if not result.learners:
        parts.append(f"<p>{e(_t('no-learners', lang))}</p></body></html>")
        return "\n".join(parts) + "\n"

    parts.append(f"<h2>{e(_t('rates', lang))}</h2>")
    for rate in result.check_rates():
        label = rate.check.message.get(lang) if rate.check.message else rate.check.id
        percent = 100 * rate.rate
        parts.append(
            f'<div class="rate"><div><b>{e(step_titles.get(rate.step_id, rate.step_id))}</b>'
            f'<br><span class="muted">{_code(label)} (<code>{e(rate.check.id)}</code>)</span></div>'
            f'<div class="track" role="img" aria-label="{percent:.0f}%">'
            f'<div class="fill" style="width:{percent:.1f}%;background:{_color(rate.rate)}">'
            f'</div></div><div class="num">{rate.passed}/{rate.total}</div></div>')

    if weak:
        parts.append(f"<h2>{e(_t('weak-terms', lang))}</h2><table id=\"weak-terms\"><thead><tr>"
                     f"<th>{e(_t('term', lang))}</th><th>{e(_t('failed-learners', lang))}</th>"
                     f"<th>{e(_t('failed-checks', lang))}</th></tr></thead><tbody>")
        for struggle, page in weak:
            checks = ", ".join(f"<code>{e(c)}</code>" for c in struggle.checks)
            parts.append(f'<tr data-term="{e(struggle.term_id)}"><td><a href="{e(page.url)}">'
                         f"{e(page.label(lang))}</a></td>"
                         f'<td class="num">{struggle.learners} / {len(result.learners)}</td>'
                         f"<td>{checks}</td></tr>")
        parts.append("</tbody></table>")

    counts = result.histogram()
    top = max(counts) or 1
    parts.append(f"<h2>{e(_t('distribution', lang))}</h2><div class=\"hist\">")
    for count in counts:
        parts.append(f'<div><span>{count}</span><span class="col" '
                     f'style="height:{100 * count / top:.1f}%"></span></div>')
    parts.append('</div><div class="hist-labels">')
    width = 100 // len(counts)
    for index in range(len(counts)):
        upper = 100 if index == len(counts) - 1 else (index + 1) * width - 1
        parts.append(f"<span>{index * width}–{upper}%</span>")
    parts.append("</div>")

    parts.append(f"<h2>{e(_t('table', lang))}</h2><table><thead><tr>"
                 f"<th>{e(_t('id', lang))}</th><th>{e(_t('name', lang))}</th>"
                 f"<th>{e(_t('namespace', lang))}</th><th>{e(_t('score', lang))}</th>"
                 f"<th>{e(_t('failed', lang))}</th></tr></thead><tbody>")
    for r in result.learners:
        failed = failed_checks(r.result)
        cls = "pass" if r.result.passed else "fail"
        cell = e(_t("none", lang))
        items = "".join(
            f"<li><code>{e(c.check.id)}</code> — "
            f"{_code(c.check.message.get(lang) if c.check.message else '')}"
            + "".join(f"<br><span class=\"muted\">{e(line)}</span>"
                      for line in c.diff_lines(lang)) + "</li>"
            for _, c in failed)
        if failed:
            cell = f'<ul class="failed">{items}</ul>'
        parts.append(
            f"<tr><td><code>{e(r.workspace.learner)}</code></td><td>{e(r.workspace.name)}</td>"
            f"<td><code>{e(r.workspace.namespace)}</code></td>"
            f'<td class="num {cls}">{r.result.score}/{r.result.max_score} '
            f"({r.percent:.0f}%)</td>"
            f"<td>{cell}</td></tr>")
    parts.append("</tbody></table></body></html>")
    return "\n".join(parts) + "\n"


def _card(label: str, value: str) -> str:
    return f'<div class="card"><span class="muted">{html.escape(label)}</span>' \
           f"<b>{html.escape(value)}</b></div>"
