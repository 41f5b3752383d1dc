"""Lab pages on the website: one page per lab and an index with level and time.

The labs come from ``labs/<id>/lab.yaml`` (:func:`kubeclass.labs.cache.site_labs`, validated
against the glossary already loaded for the build). A lab page shows, Korean first and
English beside it: the introduction, the ``kubeclass lab`` commands to run, every step
with its instructions, its hints as collapsed Material admonitions (``??? tip``) and the
messages of its checks as a checklist of what is graded, then links to the glossary terms
the lab teaches. Every term page lists the labs that teach it (:meth:`LabPages.term_uses`).

Lab text is content, never markup: plain-text fields (titles, check messages) are escaped
completely — only their `code spans` become code — and Markdown fields (intro,
instructions, hints) go through :func:`kubeclass.site.escape.md_block`; the rendered page
then passes the site's sanitizer like every generated page. ``[파드](term:pod)`` links in
lab Markdown are resolved by the plugin like those of hand-written pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kubeclass.glossary.model import Bilingual, Glossary
from kubeclass.problems import ContentError
from kubeclass.site import urls
from kubeclass.site.escape import attr, code_fence, code_span, md_block, md_text
from kubeclass.site.generators import GeneratedPage, NavEntry, SiteContext, TermUse
from kubeclass.site.pages import LEVELS_KO, bilingual_heading, chip, front_matter

if TYPE_CHECKING:
    from kubeclass.labs.model import Check, Lab, Step

INDEX_SRC = f"{urls.LABS_DIR}/index.md"
NAV_TITLE = "실습 Labs"
STYLESHEET = "assets/kubeclass/labs.css"
STYLESHEET_FILE = Path(__file__).resolve().parent / "assets" / "labs.css"
LEVEL_ORDER = {"beginner": 0, "intermediate": 1, "advanced": 2}

_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")


def lab_src(lab_id: str) -> str:
    """The source path of a lab's page: ``labs/<id>.md`` (URL ``labs/<id>/``)."""
    return f"{urls.LABS_DIR}/{lab_id}.md"


def lab_order(labs: Iterable[Lab]) -> list[Lab]:
    """Labs in the order a learner takes them: by level, then shortest first, then id."""
    return sorted(labs, key=lambda lab: (LEVEL_ORDER.get(lab.level, 9), lab.minutes, lab.id))


# ------------------------------------------------------------------------ text helpers


def inline_text(text: str) -> str:
    """A plain-text field as inert Markdown on one line, keeping its `code spans` as code.

    Check messages read "파드 `hello`가 …": the backticks mark code, so they become code
    spans (whose content Markdown shows literally); everything else is escaped by
    :func:`md_text`, so no markup, link or attribute list can come out of it.
    """
    flat = " ".join(text.split())
    out: list[str] = []
    pos = 0
    for span in _CODE_SPAN.finditer(flat):
        out.append(_plain(flat[pos:span.start()]))
        out.append(code_span(span.group(2)))
        pos = span.end()
    out.append(_plain(flat[pos:]))
    return "".join(out)


def _plain(text: str) -> str:
    """``md_text`` that keeps a leading and a trailing space (they separate it from code)."""
    if not text.strip():
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return lead + md_text(text) + trail


def _indent(markdown: str, prefix: str = "    ") -> str:
    """Every line of ``markdown`` indented (the body of an admonition); blank lines stay blank."""
    return "\n".join(prefix + line if line.strip() else "" for line in markdown.split("\n"))


def _english(markdown: str, css: str = "kc-long-en") -> list[str]:
    """A Markdown block marked as English (``lang="en"``), Markdown still rendered inside."""
    return [f'<div class="{css}" lang="en" markdown="1">', "", markdown, "", "</div>"]


def _points(points: int) -> str:
    return (f'<span class="kc-lab-points">{points}점 · '
            f'<span lang="en">{points} pt{"" if points == 1 else "s"}</span></span>')


def meta_line(lab: Lab) -> str:
    """Level, time, steps and points as chips under the title."""
    chips = [
        chip(LEVELS_KO.get(lab.level, lab.level), lab.level, "level"),
        chip(f"{lab.minutes}분", f"{lab.minutes} min", "time"),
        chip(f"{len(lab.steps)}단계", f"{len(lab.steps)} step{'s' if len(lab.steps) != 1 else ''}",
              "steps"),
        chip(f"{lab.max_score()}점", f"{lab.max_score()} pts", "score"),
    ]
    return " ".join(chips) + "\n{ .kc-meta }"


def _commands(*lines: tuple[str, str]) -> str:
    """A ``bash`` block of commands, each with a bilingual comment."""
    width = max(len(command) for command, _ in lines)
    return code_fence("\n".join(f"{command:<{width}}  # {note}" for command, note in lines),
                      "bash")


# --------------------------------------------------------------------------- lab page


def step_section(lab: Lab, number: int, step: Step) -> list[str]:
    """One step: instructions in both languages, hints collapsed, the graded checklist."""
    parts = [
        bilingual_heading(2, f"{number}. {step.title.ko}", step.title.en, f"step-{step.id}"),
        "",
        md_block(step.instructions.ko),
        "",
        *_english(md_block(step.instructions.en)),
        "",
    ]
    for index, hint in enumerate(step.hints, 1):
        # The title is ours, never lab text: admonition titles are not escaped by Markdown.
        body = [md_block(hint.ko), "", *_english(md_block(hint.en))]
        parts += [f'??? tip "힌트 {index} · Hint {index}"', "", _indent("\n".join(body)), ""]
    if step.hints:
        parts += [f"터미널에서 힌트를 하나씩 보려면 <span lang=\"en\">(one hint at a time in the "
                  f"terminal)</span>: `kubeclass lab hint {lab.id} --step {step.id}`", ""]
    parts += [
        f'<p class="kc-lab-graded"><strong>채점 항목</strong> · '
        f'<span lang="en">What is graded</span> — {_points(sum(c.points for c in step.checks))}'
        "</p>",
        "",
        '<div class="kc-lab-checks" markdown="1">',
        "",
        *(check_item(check) for check in step.checks),
        "",
        "</div>",
        "",
    ]
    return parts


def check_item(check: Check) -> str:
    """One graded check as a checklist item: its message in Korean, then English, and points."""
    message = check.message or Bilingual(check.id, check.id)
    return (f"- {inline_text(message.ko)} {_points(check.points)}"
            f' <span class="kc-lab-check__en" lang="en">{inline_text(message.en)}</span>')


def terms_section(lab: Lab, glossary: Glossary, src: str) -> list[str]:
    """Links to the glossary terms the lab teaches, each with its short definition."""
    terms = [glossary.terms[t] for t in lab.terms if t in glossary.terms]
    if not terms:
        return []
    parts = [bilingual_heading(2, "이 실습에서 배우는 용어", "Terms in this lab", "terms"), "",
             '<div class="kc-related kc-nolink" markdown="1">', ""]
    for term in terms:
        english = ("" if term.term.ko == term.term.en
                   else f' <span class="kc-en" lang="en">{attr(term.term.en)}</span>')
        link = urls.relative_src(src, urls.term_src(term.id))
        parts.append(f"- [{md_text(term.term.ko)}{english}]({link}) — {md_text(term.short.ko)}")
    return [*parts, "", "</div>", ""]


def lab_page(lab: Lab, glossary: Glossary) -> GeneratedPage:
    """The page of one lab."""
    src = lab_src(lab.id)
    namespace = code_span(lab.namespace)
    parts = [
        front_matter(title=attr(f"실습: {lab.title.ko}"), description=attr(lab.title.en)),
        bilingual_heading(1, lab.title.ko, lab.title.en),
        "",
        meta_line(lab),
        "",
        md_block(lab.intro.ko),
        "",
        *_english(md_block(lab.intro.en)),
        "",
        bilingual_heading(2, "시작하기", "Getting started", "start"),
        "",
        "kind 클러스터(`kubeclass cluster up`)에서 실습을 시작하면 실습용 네임스페이스와 "
        f"준비 오브젝트가 만들어집니다. 네임스페이스: {namespace}",
        "",
        f'<p class="kc-lab-en" lang="en">Start the lab on your kind cluster '
        f"(<code>kubeclass cluster up</code>): it creates the namespace "
        f"<code>{attr(lab.namespace)}</code> and what the lab needs.</p>",
        "",
        _commands((f"kubeclass lab start {lab.id}", "실습 준비 · set the lab up"),
                  (f"kubeclass lab show {lab.id}", "터미널에서 안내 보기 · instructions in the terminal")),
        "",
    ]
    for number, step in enumerate(lab.steps, 1):
        parts += step_section(lab, number, step)
    parts += [
        bilingual_heading(2, "채점과 정리", "Grade and clean up", "check"),
        "",
        "단계를 마칠 때마다 채점해 보세요. 실패한 검사는 무엇이 다른지와 다음 힌트를 보여 줍니다. "
        "끝나면 실습이 만든 것을 지웁니다.",
        "",
        '<p class="kc-lab-en" lang="en">Grade after every step: a failed check shows what '
        "differs and the next hint. When you are done, remove what the lab created.</p>",
        "",
        _commands((f"kubeclass lab check {lab.id}", "채점 · grade"),
                  (f"kubeclass lab reset {lab.id}", "정리 · clean up")),
        "",
        *terms_section(lab, glossary, src),
    ]
    return GeneratedPage(src=src, markdown="\n".join(parts), in_nav=False)


# ------------------------------------------------------------------------- index page


def index_page(labs: Sequence[Lab], glossary: Glossary) -> GeneratedPage:
    """The list of labs with level, time and the terms they teach."""
    src = INDEX_SRC
    parts = [
        front_matter(title="실습 (Labs)", description="kind 클러스터에서 kubectl로 하는 실습"),
        bilingual_heading(1, "실습", "Labs"),
        "",
        "kind 클러스터에서 `kubectl`로 직접 해 보고, `kubeclass lab check`로 바로 채점받는 "
        "실습입니다. 각 실습은 10–30분이면 끝납니다.",
        "",
        '<p class="kc-lab-en" lang="en">Hands-on labs: do the work with <code>kubectl</code> on '
        "a kind cluster and get it graded at once with <code>kubeclass lab check</code>. "
        "Each one takes 10–30 minutes.</p>",
        "",
    ]
    if labs:
        parts += [
            "| 실습 | English | 수준 · Level | 시간 · Time | 용어 · Terms |",
            "| --- | --- | --- | --- | --- |",
        ]
        for lab in labs:
            level = f"{md_text(LEVELS_KO.get(lab.level, lab.level))} · {md_text(lab.level)}"
            terms = ", ".join(
                f"[{md_text(glossary.terms[t].term.ko)}]"
                f"({urls.relative_src(src, urls.term_src(t))})"
                for t in lab.terms if t in glossary.terms)
            parts.append(f"| [{md_text(lab.title.ko)}]({urls.relative_src(src, lab_src(lab.id))}) "
                         f'| <span lang="en">{attr(lab.title.en)}</span> | {level} '
                         f"| {lab.minutes}분 | {terms} |")
        parts.append("")
    else:
        parts += ["아직 실습이 없습니다. <span lang=\"en\">No labs yet.</span>", ""]
    parts += [
        bilingual_heading(2, "준비", "Before you start", "setup"),
        "",
        _commands(("kubeclass cluster up", "kind 클러스터 만들기 · create the kind cluster"),
                  ("kubeclass lab list", "실습 목록 · list the labs")),
        "",
    ]
    return GeneratedPage(src=src, markdown="\n".join(parts), link_terms=False)


# -------------------------------------------------------------------------- generator


@dataclass(frozen=True)
class _Loaded:
    site: SiteContext
    labs: list[Lab]


class LabPages:
    """The lab page generator (see :mod:`kubeclass.site.generators`)."""

    name = "labs"

    def __init__(self) -> None:
        self._loaded: _Loaded | None = None

    def labs(self, site: SiteContext) -> list[Lab]:
        """The valid labs of the site's content root, read once per build.

        Terms are resolved against the build's glossary. A broken ``lab.yaml`` stops the
        build with every problem listed, as a broken glossary does.
        """
        if self._loaded is not None and self._loaded.site is site:
            return self._loaded.labs
        from kubeclass.labs.cache import site_labs

        try:
            # Lab pages are made from lab.yaml alone; the manifests are `lab validate`'s.
            labs = site_labs(site.content_root / "labs", site.glossary.terms)
        except ContentError as exc:
            from kubeclass.site.generate import GenerationError

            raise GenerationError(
                f"the labs have {len(exc.problems)} problem(s):\n{exc}") from exc
        self._loaded = _Loaded(site, lab_order(labs))
        return self._loaded.labs

    def pages(self, site: SiteContext, uses: Sequence[TermUse]) -> Iterable[GeneratedPage]:
        labs = self.labs(site)
        yield index_page(labs, site.glossary)
        for lab in labs:
            yield lab_page(lab, site.glossary)

    def term_uses(self, site: SiteContext) -> Iterable[TermUse]:
        for lab in self.labs(site):
            detail = f"{LEVELS_KO.get(lab.level, lab.level)} · {lab.minutes}분"
            for term_id in lab.terms:
                yield TermUse(term_id=term_id, kind="lab", title=lab.title, src=lab_src(lab.id),
                              detail=detail)

    def watch(self, site: SiteContext) -> Iterable[Path]:
        return (site.content_root / "labs",)

    def nav(self, site: SiteContext) -> Iterable[NavEntry]:
        return (NavEntry(title=NAV_TITLE, src=INDEX_SRC),)

    def assets(self, site: SiteContext) -> dict[str, Path]:
        """The stylesheet of the lab pages (checklist, step layout)."""
        return {STYLESHEET: STYLESHEET_FILE}
