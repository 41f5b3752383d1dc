"""``kubeclass lab …``: list, show, validate, start, check, reset, solve and hint.

Exit codes: 0 success / every check passed, 1 a check failed, 2 bad input (invalid lab,
unknown id, refused context), 3 the cluster could not be read or changed.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kubeclass.cliutil import EXIT_BAD_INPUT, echo_json, fail_with_problems, handle_errors, say
from kubeclass.glossary.model import Bilingual, Lang

if TYPE_CHECKING:
    from kubeclass.kube.config import ContextInfo
    from kubeclass.labs.checks import LabResult
    from kubeclass.labs.cluster import Cluster
    from kubeclass.labs.model import Lab
    from kubeclass.labs.report import TermPage
    from kubeclass.quiz.labfeed import Fed

EXIT_FAILED = 1
EXIT_CLUSTER = 3
F = TypeVar("F", bound=Callable[..., Any])

lang_option = click.option("--lang", type=click.Choice(["ko", "en"]), default="ko",
                           envvar="KUBECLASS_LANG", show_default=True,
                           help="Language of instructions and feedback.")


def cluster_options(func: F) -> F:
    """--kubeconfig and --context (KUBECONFIG is honoured by default)."""
    func = click.option("--context", "context", metavar="NAME",
                        help="kubeconfig context (default: the current context).")(func)
    func = click.option("--kubeconfig", type=click.Path(dir_okay=False), metavar="FILE",
                        help="kubeconfig file (default: $KUBECONFIG or ~/.kube/config).")(func)
    return func


def mutating_options(func: F) -> F:
    """Cluster options plus --yes for contexts other than kind-kubeclass."""
    func = click.option("--yes", is_flag=True,
                        help="Allow a context other than kind-kubeclass (with --context).")(func)
    return cluster_options(func)


def _lab(lab_id: str) -> Lab:
    from kubeclass.labs.load import load_lab

    return load_lab(lab_id)


@click.group()
def lab() -> None:
    """실습 — hands-on labs graded on your kind cluster."""


@lab.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the labs as JSON.")
@lang_option
def list_labs(as_json: bool, lang: Lang) -> None:
    """List the labs."""
    from kubeclass.cliutil import load_or_exit
    from kubeclass.labs.load import check_labs

    result = load_or_exit(lambda: check_labs(check_terms=False))
    if result.problems:
        fail_with_problems(result.problems, what="labs")
    if as_json:
        echo_json([lab_.summary() for lab_ in result.labs])
        return
    for item in result.labs:
        click.echo(f"{item.id:<24} {item.level:<13} {item.minutes:>3} min  {item.title.get(lang)}")


@lab.command("show")
@click.argument("lab_id", metavar="ID")
@lang_option
@handle_errors("labs")
def show(lab_id: str, lang: Lang) -> None:
    """Show a lab's introduction and instructions in the terminal."""
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.rule import Rule
    from rich.text import Text

    item = _lab(lab_id)
    console = Console(highlight=False)
    console.print(Text(item.title.get(lang), style="bold"))
    meta = {"ko": f"{item.level} · {item.minutes}분 · 네임스페이스 {item.namespace}",
            "en": f"{item.level} · {item.minutes} min · namespace {item.namespace}"}
    console.print(Text(meta[lang], style="dim"))
    console.print(Markdown(_no_term_links(item.intro.get(lang))))
    for index, step in enumerate(item.steps, 1):
        console.print(Rule(f"{index}. {step.title.get(lang)}", align="left"))
        console.print(Markdown(_no_term_links(step.instructions.get(lang))))
        if step.hints:
            say(lang, f"({len(step.hints)} hint(s): kubeclass lab hint {item.id} --step {step.id})",
                 f"(힌트 {len(step.hints)}개: kubeclass lab hint {item.id} --step {step.id})")
    say(lang, f"\nStart: kubeclass lab start {item.id}    Grade: kubeclass lab check {item.id}",
         f"\n시작: kubeclass lab start {item.id}    채점: kubeclass lab check {item.id}")


def _no_term_links(markdown: str) -> str:
    """``[파드](term:pod)`` reads as ``파드`` in the terminal (the link is for the site)."""
    import re

    return re.sub(r"\[([^\]]+)\]\(term:[a-z0-9-]+\)", r"\1", markdown)


@lab.command("validate")
@click.argument("lab_ids", nargs=-1, metavar="[ID]...")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def validate(lab_ids: tuple[str, ...], as_json: bool) -> None:
    """Validate lab files (all problems at once, path:line:column; exit 2 on problems)."""
    from kubeclass.content import labs_dir
    from kubeclass.labs.load import check_labs, lab_dirs

    known = {p.name for p in lab_dirs(labs_dir())}
    unknown = [i for i in lab_ids if i not in known]
    if unknown:
        click.echo(f"kubeclass: unknown lab(s): {', '.join(unknown)}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    result = check_labs()
    labs = [x for x in result.labs if not lab_ids or x.id in lab_ids]
    problems = [p for p in result.problems
                if not lab_ids or any(f"/{i}/" in f"/{p.file}" for i in lab_ids)]
    if as_json:
        echo_json({"ok": not problems, "labs": len(labs),
                   "checks": sum(len(x.checks()) for x in labs),
                   "problems": [p.to_dict() for p in problems]})
        sys.exit(EXIT_BAD_INPUT if problems else 0)
    if problems:
        fail_with_problems(problems, what="labs")
    click.echo(f"{len(labs)} lab(s), {sum(len(x.checks()) for x in labs)} check(s): OK")


# --------------------------------------------------------------------------- cluster side


def connect_cluster(kubeconfig: str | None, context: str | None, lang: Lang) -> Cluster:
    """Open the cluster of a command; a context that skips verifying the server's
    certificate is said once, on stderr (the HTTP library's own warnings are silenced)."""
    from kubeclass.labs import messages
    from kubeclass.labs.cluster import connect

    cluster = connect(kubeconfig, context)
    if cluster.insecure:
        click.echo(messages.text("insecure-tls", lang, server=cluster.server,
                                 context=cluster.info.name), err=True)
    return cluster


def _namespace(item: Lab, info: ContextInfo) -> str:
    """The lab's namespace, or the learner's workspace for a classroom context."""
    return info.namespace if info.is_classroom and info.namespace else item.namespace


def guard(info: ContextInfo, context_option: str | None, yes: bool, lang: Lang) -> None:
    """Refuse to change any cluster but the kubeclass kind cluster (or a classroom workspace)
    unless the user named the context and confirmed with --yes."""
    from kubeclass.kube.config import DEFAULT_CONTEXT

    if info.name == DEFAULT_CONTEXT or info.is_classroom:
        return
    if context_option and yes:
        return
    say(lang,
         f"kubeclass: refusing to change context '{info.name}': labs only modify the "
         f"'{DEFAULT_CONTEXT}' cluster. Switch with `kubectl config use-context "
         f"{DEFAULT_CONTEXT}`, or confirm with --context {info.name} --yes.",
         f"kubeclass: 컨텍스트 '{info.name}'은(는) 변경하지 않습니다. 실습은 '{DEFAULT_CONTEXT}' "
         f"클러스터만 바꿉니다. `kubectl config use-context {DEFAULT_CONTEXT}`로 바꾸거나, "
         f"--context {info.name} --yes로 확인하세요.", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _mutating(lab_id: str, kubeconfig: str | None, context: str | None, yes: bool,
              lang: Lang) -> tuple[Lab, Cluster, str]:
    item = _lab(lab_id)
    cluster = connect_cluster(kubeconfig, context, lang)
    guard(cluster.info, context, yes, lang)
    return item, cluster, _namespace(item, cluster.info)


def _print_warnings(warnings: list[tuple[str, str]] | None, lang: Lang) -> None:
    for en, ko in warnings or []:
        say(lang, f"warning: {en}", f"주의: {ko}", err=True)


@lab.command("start")
@click.argument("lab_id", metavar="ID")
@mutating_options
@lang_option
@handle_errors("labs")
def start(lab_id: str, kubeconfig: str | None, context: str | None, yes: bool,
          lang: Lang) -> None:
    """Create the lab namespace and apply the lab's setup."""
    from kubeclass.labs import progress
    from kubeclass.labs.runner import start_lab

    item, cluster, namespace = _mutating(lab_id, kubeconfig, context, yes, lang)
    report = start_lab(cluster, item, namespace, manage_namespace=not cluster.info.is_classroom)
    progress.forget(item.id)
    _print_warnings(report.warnings, lang)
    applied = len(report.applied or [])
    say(lang, f"Lab '{item.id}' is ready in namespace {namespace} ({applied} object(s) set up).",
         f"실습 '{item.id}' 준비 완료: 네임스페이스 {namespace} (준비된 오브젝트 {applied}개).")
    say(lang, f"Instructions: kubeclass lab show {item.id} --lang en    "
               f"Grade: kubeclass lab check {item.id}",
         f"안내: kubeclass lab show {item.id}    채점: kubeclass lab check {item.id}")


@lab.command("solve")
@click.argument("lab_id", metavar="ID")
@mutating_options
@lang_option
@handle_errors("labs")
def solve(lab_id: str, kubeconfig: str | None, context: str | None, yes: bool,
          lang: Lang) -> None:
    """Apply the reference solution (for instructors and tests)."""
    from kubeclass.labs.runner import solve_lab

    item, cluster, namespace = _mutating(lab_id, kubeconfig, context, yes, lang)
    report = solve_lab(cluster, item, namespace)
    say(lang, f"Applied the solution of '{item.id}' in {namespace}: "
               f"{', '.join(report.applied or []) or 'nothing'}"
               + (f"; deleted {', '.join(report.deleted or [])}" if report.deleted else ""),
         f"'{item.id}'의 해답을 {namespace}에 적용했습니다: "
         f"{', '.join(report.applied or []) or '없음'}"
         + (f"; 삭제: {', '.join(report.deleted or [])}" if report.deleted else ""))


@lab.command("reset")
@click.argument("lab_id", metavar="ID")
@click.option("--wait/--no-wait", default=True, show_default=True,
              help="Wait until the lab namespace is gone.")
@mutating_options
@lang_option
@handle_errors("labs")
def reset(lab_id: str, wait: bool, kubeconfig: str | None, context: str | None, yes: bool,
          lang: Lang) -> None:
    """Delete what kubeclass created for the lab (never anything else)."""
    from kubeclass.labs import progress
    from kubeclass.labs.runner import reset_lab

    item, cluster, namespace = _mutating(lab_id, kubeconfig, context, yes, lang)
    report = reset_lab(cluster, item, namespace, manage_namespace=not cluster.info.is_classroom,
                       wait=wait)
    progress.forget(item.id)
    _print_warnings(report.warnings, lang)
    if report.deleted_namespace:
        say(lang, f"Deleted namespace {namespace} of lab '{item.id}'.",
             f"실습 '{item.id}'의 네임스페이스 {namespace}을(를) 삭제했습니다.")
    elif report.deleted:
        say(lang, f"Deleted the objects kubeclass created in {namespace}; your own objects "
                   "and the namespace are left as they are.",
             f"{namespace}에서 kubeclass가 만든 오브젝트를 삭제했습니다. 직접 만든 오브젝트와 "
             "네임스페이스는 그대로 둡니다.")
    else:
        say(lang, f"Nothing to reset: namespace {namespace} does not exist.",
             f"초기화할 것이 없습니다: 네임스페이스 {namespace}이(가) 없습니다.")


@lab.command("hint")
@click.argument("lab_id", metavar="ID")
@click.option("--step", "step_id", metavar="STEP", help="Step id (default: the first step).")
@lang_option
@handle_errors("labs")
def hint(lab_id: str, step_id: str | None, lang: Lang) -> None:
    """Reveal the next hint of a step (one at a time)."""
    from kubeclass.labs import progress
    from kubeclass.problems import did_you_mean

    item = _lab(lab_id)
    steps = {s.id: s for s in item.steps}
    step = steps.get(step_id) if step_id else item.steps[0]
    if step is None:
        click.echo(f"kubeclass: lab '{item.id}' has no step '{step_id}'"
                   f"{did_you_mean(step_id or '', steps)}; steps: {', '.join(steps)}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    index = progress.reveal_next(item.id, step.id, len(step.hints))
    if index < 0:
        say(lang, "This step has no hints.", "이 단계에는 힌트가 없습니다.")
        return
    click.echo(f"[{index + 1}/{len(step.hints)}] {step.hints[index].get(lang).strip()}")


@lab.command("check")
@click.argument("lab_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also write a JUnit XML report.")
@click.option("--watch", is_flag=True, help="Re-check every few seconds until everything passes.")
@click.option("--no-wait", is_flag=True, help="Do not poll checks that have a timeout.")
@click.option("--no-record", is_flag=True,
              help="Do not record the result in the quiz progress (where a failed check's "
                   "terms come back in `kubeclass quiz --review`).")
@cluster_options
@lang_option
@handle_errors("labs")
def check(lab_id: str, as_json: bool, junit: Path | None, watch: bool, no_wait: bool,
          no_record: bool, kubeconfig: str | None, context: str | None, lang: Lang) -> None:
    """Grade the lab on the cluster (exit 0 all passed, 1 something failed, 3 no cluster)."""
    from dataclasses import replace

    from kubeclass.labs.report import print_report, to_json, to_junit
    from kubeclass.labs.runner import run_checks

    item = _lab(lab_id)
    cluster = connect_cluster(kubeconfig, context, lang)
    namespace = _namespace(item, cluster.info)
    terms = functools.cache(functools.partial(_term_pages, item))  # read only when needed
    while True:
        cluster.calls.clear()
        result = run_checks(item, cluster.snapshot, namespace, poll=not (no_wait or watch),
                            on_wait=None if as_json else functools.partial(_waiting, lang))
        result = replace(result, api_calls=len(cluster.calls), calls=tuple(cluster.calls))
        final = result.passed or not watch
        fed = _record(result, lang) if final and not no_record else None
        hints = _step_hints(result, advance=not watch)
        if junit is not None:
            junit.write_text(to_junit(result, lang), encoding="utf-8")
        if as_json:
            document = to_json(result, lang, hints, terms=terms())
            if fed is not None:
                document["quiz"] = {"due": list(fed.due), "reviewed": list(fed.reviewed)}
            echo_json(document)
        else:
            if watch:
                click.clear()
            print_report(result, lang, hints, terms=None if result.passed else terms())
            if fed is not None and fed.due:
                say(lang, f"Back in the quiz: {', '.join(fed.due)} (kubeclass quiz --review)",
                     f"퀴즈 복습에 추가: {', '.join(fed.due)} (kubeclass quiz --review)")
        if final:
            break
        try:
            time.sleep(2)
        except KeyboardInterrupt:
            if not no_record:
                _record(result, lang)
            break
    sys.exit(0 if result.passed else EXIT_FAILED)


def _record(result: LabResult, lang: Lang) -> Fed | None:
    """Log the graded lab in the quiz progress (see :mod:`kubeclass.quiz.labfeed`).

    Grading does not depend on it: a progress file that cannot be written is a warning.
    """
    import sqlite3
    from datetime import UTC, datetime

    from kubeclass.labs.teaches import cached_term_names, check_terms
    from kubeclass.quiz import labfeed
    from kubeclass.quiz.paths import db_path
    from kubeclass.quiz.store import Store, StoreError

    run = labfeed.lab_run(result, check_terms(result.lab, cached_term_names()),
                          datetime.now(UTC))
    try:
        with Store.open(db_path(), notice=lambda m: click.echo(m, err=True)) as store:
            return labfeed.feed(store, run, run.checked_at)
    except (StoreError, OSError, sqlite3.Error) as exc:
        say(lang, f"warning: the result was not recorded in the quiz progress: {exc}",
             f"주의: 결과를 퀴즈 학습 기록에 남기지 못했습니다: {exc}", err=True)
        return None


def _term_pages(item: Lab) -> list[TermPage]:
    """The lab's glossary terms with their names and website pages.

    Names come from the cached, validated glossary; if it cannot be read (a broken
    glossary is `glossary check`'s business), the pages are still listed, by id.
    """
    from kubeclass.glossary.cache import load_cached_glossary
    from kubeclass.labs.report import term_pages
    from kubeclass.problems import ContentError

    try:
        glossary = load_cached_glossary()
    except (ContentError, OSError):
        return term_pages(item.terms, {})
    return term_pages(item.terms, {t: glossary.terms[t].term
                                   for t in item.terms if t in glossary.terms})


def _waiting(lang: Lang, checks: list[Any]) -> None:
    longest = max(int(c.timeout) for c in checks)
    ids = ", ".join(c.id for c in checks)
    say(lang, f"waiting up to {longest}s for: {ids} …", f"최대 {longest}초 기다리는 중: {ids} …",
         err=True)


def _step_hints(result: LabResult, *, advance: bool) -> dict[str, Bilingual]:
    """The current hint of each failing step; the learner's current step (the first that
    fails) reveals its next hint each time the check is run."""
    from kubeclass.labs import progress

    out: dict[str, Bilingual] = {}
    steps = {s.id: s for s in result.lab.steps}
    first = True
    for step_result in result.steps:
        step = steps[step_result.step_id]
        if step_result.passed or not step.hints:
            continue
        if first and advance:
            out[step.id] = step.hints[progress.reveal_next(result.lab.id, step.id,
                                                           len(step.hints))]
        else:
            shown = progress.revealed(result.lab.id, step.id)
            if shown:
                out[step.id] = step.hints[min(shown, len(step.hints)) - 1]
        first = False
    return out
