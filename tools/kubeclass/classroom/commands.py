"""``kubeclass classroom …``: create, status, grade and delete a class's workspaces.

Exit codes: 0 done, 1 some learner's workspace could not be made (create) or the user
declined (delete), 2 bad input (roster, lab, classroom name, sizes), 3 the cluster could not
be read or changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kubeclass.cliutil import EXIT_BAD_INPUT, echo_json, handle_errors, say
from kubeclass.glossary.model import Lang
from kubeclass.labs.commands import cluster_options, connect_cluster, lang_option

if TYPE_CHECKING:
    from kubeclass.classroom.grade import ClassResult
    from kubeclass.classroom.report import WeakTerms
    from kubeclass.classroom.workspaces import CreateReport

F = TypeVar("F", bound=Callable[..., Any])
Progress = Callable[[str, int, int], None]

classroom_option = click.option(
    "--classroom", "classroom_name", metavar="NAME", envvar="KUBECLASS_CLASSROOM",
    help="Classroom name (default: the only classroom on the cluster).")


@contextmanager
def _progress(enabled: bool, labels: dict[str, str]) -> Iterator[Progress]:
    """A rich progress bar on stderr (only on a terminal); yields a (what, done, total)
    callback that adds one bar per ``what``."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    bars = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, transient=True,
                    disable=not (enabled and console.is_terminal))
    tasks: dict[str, Any] = {}

    def update(what: str, done: int, total: int) -> None:
        if what not in tasks:
            tasks[what] = bars.add_task(labels.get(what, what), total=total)
        bars.update(tasks[what], completed=done, total=total)

    with bars:
        yield update


@click.group()
def classroom() -> None:
    """클래스 — one isolated workspace per learner on a shared cluster, graded together."""


# --------------------------------------------------------------------------- create


@classroom.command("create")
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path), required=True,
              metavar="FILE", help="CSV with one learner per row: id,name[,email].")
@click.option("--lab", "lab_ids", multiple=True, required=True, metavar="ID",
              help="A lab the class will do (repeat for several); its setup is applied.")
@click.option("--classroom", "classroom_name", metavar="NAME", envvar="KUBECLASS_CLASSROOM",
              help="Classroom name, the prefix of every namespace (default: the roster's "
                   "file name).")
@click.option("--server", metavar="URL",
              help="API server address written into the learners' kubeconfigs (default: the "
                   "one of your context; set it when learners reach the cluster by another "
                   "address).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Where to write the learners' kubeconfigs (default: ./<classroom>-kubeconfigs).")
@click.option("--cpu", default="2", show_default=True, help="CPU requests per workspace.")
@click.option("--memory", default="2Gi", show_default=True, help="Memory requests per workspace.")
@click.option("--pods", default=20, show_default=True, type=int, help="Pods per workspace.")
@click.option("--storage", default="5Gi", show_default=True, help="Storage requests per workspace.")
@click.option("--container-cpu", default="500m", show_default=True,
              help="Default CPU limit of a container that sets none.")
@click.option("--container-memory", default="256Mi", show_default=True,
              help="Default memory limit of a container that sets none.")
@click.option("--token-hours", default=168, show_default=True, type=click.IntRange(1, 24 * 366),
              help="How long the learners' tokens are valid.")
@click.option("--renew", is_flag=True,
              help="Issue new tokens (and kubeconfigs) for existing workspaces too.")
@click.option("--parallel", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Workspaces made at the same time.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@cluster_options
@lang_option
@handle_errors("input")
def create(roster: Path, lab_ids: tuple[str, ...], classroom_name: str | None,
           server: str | None, out_dir: Path | None, cpu: str, memory: str, pods: int, storage: str,
           container_cpu: str, container_memory: str, token_hours: int, renew: bool,
           parallel: int, as_json: bool, kubeconfig: str | None, context: str | None,
           lang: Lang) -> None:
    """Create a workspace per learner: namespace, quota, limits, RBAC, own kubeconfig.

    Idempotent: running it again adds new learners and leaves existing workspaces (and the
    learners' work in them) alone.
    """
    from kubeclass.classroom import model
    from kubeclass.classroom.roster import load_roster, slug
    from kubeclass.classroom.workspaces import create_workspaces
    from kubeclass.labs.load import load_lab

    name = classroom_name or slug(roster.stem)
    sizes = model.Sizes(cpu=cpu, memory=memory, pods=pods, storage=storage,
                        container_cpu=container_cpu, container_memory=container_memory)
    bad = sizes.problems()
    problem = model.validate_classroom_name(name)
    if problem:
        bad.insert(0, ("classroom", problem))
    if server is not None and not server.startswith("https://"):
        bad.append(("server", f"'{server}' is not an https:// URL"))
    if bad:
        for option, message in bad:
            click.echo(f"kubeclass: --{option}: {message}", err=True)
        click.echo(f"{len(bad)} problem(s) in the options.", err=True)
        sys.exit(EXIT_BAD_INPUT)
    learners = load_roster(roster, classroom=name)
    labs = [load_lab(lab_id) for lab_id in dict.fromkeys(lab_ids)]
    cluster = connect_cluster(kubeconfig, context, lang)
    target = out_dir or Path(f"{name}-kubeconfigs")
    if not as_json:
        say(lang, f"Classroom '{name}': {len(learners.learners)} learner(s) on context "
                   f"'{cluster.info.name}' ({cluster.server})",
             f"클래스 '{name}': 학습자 {len(learners.learners)}명, 컨텍스트 '{cluster.info.name}' "
             f"({cluster.server})", err=True)
    labels = {"workspaces": "작업 공간" if lang == "ko" else "workspaces",
              "labs": "실습 준비" if lang == "ko" else "lab setup"}
    with _progress(not as_json, labels) as progress:
        report = create_workspaces(cluster, name, learners.learners, labs, sizes, target,
                                   token_seconds=token_hours * 3600, renew=renew,
                                   parallel=parallel, server=server, progress=progress)
    if as_json:
        echo_json(_create_json(report))
    else:
        _print_create(report, target, [lab.id for lab in labs], lang)
    sys.exit(0 if report.ok else 1)


def _create_json(report: CreateReport) -> dict[str, Any]:
    return {
        "classroom": report.classroom,
        "api_calls": report.api_calls,
        "not_ready": report.not_ready,
        "forbidden": report.forbidden,
        "learners": [{"id": o.learner.id, "name": o.learner.name, "namespace": o.namespace,
                      "action": o.action,
                      "kubeconfig": str(o.kubeconfig) if o.kubeconfig else None,
                      "expires": o.expires, "error": o.error_en or None}
                     for o in report.outcomes],
    }


def _print_create(report: CreateReport, out_dir: Path, lab_ids: list[str], lang: Lang) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    failed = report.by_action("failed")
    for outcome in failed:
        console.print(f"[red]✗[/] {outcome.learner.id}: "
                      f"{outcome.error_ko if lang == 'ko' else outcome.error_en}", markup=True)
    counts = {a: len(report.by_action(a)) for a in ("created", "kept", "renewed", "failed")}
    table = Table(show_header=False, box=None)
    words = {"created": ("created", "새로 만듦"), "kept": ("kept as they are", "그대로 둠"),
             "renewed": ("new kubeconfig", "kubeconfig 새로 발급"), "failed": ("failed", "실패")}
    for action, count in counts.items():
        if count:
            en, ko = words[action]
            table.add_row(ko if lang == "ko" else en, str(count))
    console.print(table)
    for lab_id, kinds in report.forbidden.items():
        say(lang, f"warning: in lab '{lab_id}' learners must create {', '.join(kinds)}, which "
                   "their role (edit, in their namespace) does not allow: they will get "
                   "403 Forbidden there",
             f"주의: 실습 '{lab_id}'에서 학습자는 {', '.join(kinds)}을(를) 만들어야 하지만 학습자 롤"
             "(자기 네임스페이스의 edit)은 이를 허용하지 않습니다: 403 Forbidden을 받게 됩니다",
             err=True)
    if report.not_ready:
        say(lang, f"warning: {len(report.not_ready)} workspace(s) were slow to accept Pods "
                   "(quota not counted yet, or no ServiceAccount token); their lab setup was "
                   "applied late: " + ", ".join(report.not_ready),
             f"주의: 작업 공간 {len(report.not_ready)}개가 늦게 준비되었습니다 (쿼터 집계 또는 "
             "서비스 어카운트 토큰 대기). 실습 준비를 늦게 적용했습니다: "
             + ", ".join(report.not_ready), err=True)
    first = lab_ids[0] if lab_ids else "ID"
    say(lang,
         f"Kubeconfigs: {out_dir}/<id>.kubeconfig — give each learner their own file. They run:\n"
         f"  export KUBECONFIG=<id>.kubeconfig\n  kubeclass lab show {first} --lang en\n"
         f"  kubeclass lab check {first}\n"
         f"Grade the class: kubeclass classroom grade --classroom {report.classroom} --lab {first}",
         f"kubeconfig: {out_dir}/<id>.kubeconfig — 학습자마다 자기 파일을 나눠 주세요. 학습자는:\n"
         f"  export KUBECONFIG=<id>.kubeconfig\n  kubeclass lab show {first}\n"
         f"  kubeclass lab check {first}\n"
         f"클래스 채점: kubeclass classroom grade --classroom {report.classroom} --lab {first}")


# --------------------------------------------------------------------------- status


@classroom.command("status")
@classroom_option
@click.option("--json", "as_json", is_flag=True, help="Print the workspaces as JSON.")
@cluster_options
@lang_option
@handle_errors("input")
def status(classroom_name: str | None, as_json: bool, kubeconfig: str | None,
           context: str | None, lang: Lang) -> None:
    """List the workspaces: phase, quota use, token expiry (two API calls)."""
    from kubeclass.classroom.workspaces import choose_classroom, quota_usage

    cluster = connect_cluster(kubeconfig, context, lang)
    name, workspaces = choose_classroom(cluster, classroom_name)
    usage = quota_usage(cluster, name)
    rows: list[dict[str, Any]] = []
    for w in workspaces:
        quota = usage.get(w.namespace, {"hard": {}, "used": {}})
        rows.append({"id": w.learner, "name": w.name, "namespace": w.namespace,
                     "phase": w.phase, "labs": list(w.labs), "token_expires": w.token_expires,
                     "quota": quota})
    if as_json:
        echo_json({"classroom": name, "api_calls": len(cluster.calls), "learners": rows})
        return
    from rich.console import Console
    from rich.table import Table

    ko = lang == "ko"
    table = Table(title=f"{'클래스' if ko else 'Classroom'} {name}")
    for header in (("아이디", "ID"), ("이름", "Name"), ("네임스페이스", "Namespace"),
                   ("상태", "Phase"), ("파드", "Pods"), ("CPU", "CPU"), ("메모리", "Memory"),
                   ("토큰 만료", "Token expires")):
        table.add_column(header[0] if ko else header[1])
    for row in rows:
        quota = row["quota"]

        def use(key: str, q: dict[str, Any] = quota) -> str:
            return f"{q['used'].get(key, '-')}/{q['hard'].get(key, '-')}"

        table.add_row(row["id"], row["name"], row["namespace"], row["phase"], use("pods"),
                      use("requests.cpu"), use("requests.memory"), row["token_expires"] or "-")
    Console(highlight=False).print(table)


# --------------------------------------------------------------------------- grade


@classroom.command("grade")
@click.option("--lab", "lab_id", required=True, metavar="ID", help="The lab to grade.")
@classroom_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="Also write a CSV (one row per learner) for an LMS.")
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also write JUnit XML (a testsuite per learner).")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="Also write a self-contained HTML report for the instructor.")
@cluster_options
@lang_option
@handle_errors("input")
def grade(lab_id: str, classroom_name: str | None, as_json: bool, csv_file: Path | None,
          junit: Path | None, html_file: Path | None, kubeconfig: str | None,
          context: str | None, lang: Lang) -> None:
    """Grade every learner: one LIST per kind for the whole class, the lab engine in memory."""
    from kubeclass.classroom import report
    from kubeclass.classroom.grade import grade_classroom
    from kubeclass.classroom.workspaces import choose_classroom
    from kubeclass.labs.load import load_lab

    lab = load_lab(lab_id)
    cluster = connect_cluster(kubeconfig, context, lang)
    name, workspaces = choose_classroom(cluster, classroom_name)
    labels = {"grade": "채점" if lang == "ko" else "grading"}
    with _progress(not as_json, labels) as progress:
        result = grade_classroom(cluster, lab, name, workspaces, progress)
    weak = _weak_terms(result)
    if csv_file is not None:
        # With a BOM, Excel opens UTF-8 (Korean names) correctly.
        csv_file.write_text(report.to_csv(result), encoding="utf-8-sig")
    if junit is not None:
        junit.write_text(report.to_junit(result, lang), encoding="utf-8")
    if html_file is not None:
        html_file.write_text(report.to_html(result, lang, weak=weak), encoding="utf-8")
    if as_json:
        echo_json(report.to_json(result, lang, weak))
    else:
        _print_grade(result, lang, weak)


def _weak_terms(result: ClassResult) -> WeakTerms:
    """The terms behind the class's most failed checks, with their glossary pages."""
    from kubeclass.classroom.grade import weakest_terms
    from kubeclass.glossary.cache import load_cached_glossary
    from kubeclass.glossary.model import Bilingual
    from kubeclass.labs.report import term_pages
    from kubeclass.labs.teaches import check_terms, term_names
    from kubeclass.problems import ContentError

    try:
        terms = list(load_cached_glossary().terms.values())
    except (ContentError, OSError):
        terms = []  # a broken glossary: the terms are still named, by id
    names: dict[str, Bilingual] = {t.id: t.term for t in terms}
    struggles = weakest_terms(result, check_terms(result.lab, term_names(terms)))
    pages = term_pages([s.term_id for s in struggles], names)
    return list(zip(struggles, pages, strict=True))


def _print_grade(result: ClassResult, lang: Lang, weak: WeakTerms = ()) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from kubeclass.classroom.grade import failed_checks

    ko = lang == "ko"
    console = Console(highlight=False)
    table = Table(title=f"{result.lab.title.get(lang)} — {result.classroom}")
    for header in (("아이디", "ID"), ("이름", "Name"), ("점수", "Score"),
                   ("실패한 검사", "Failed checks")):
        table.add_column(header[0] if ko else header[1])
    for r in result.learners:
        failed = ", ".join(c.check.id for _, c in failed_checks(r.result))
        style = "green" if r.result.passed else "red"
        table.add_row(Text(r.workspace.learner), Text(r.workspace.name),
                      Text(f"{r.result.score}/{r.result.max_score}", style=style),
                      Text(failed or "-"))
    console.print(table)
    for rate in result.check_rates():
        console.print(Text(f"  {rate.check.id:<28} {rate.passed:>4}/{rate.total:<4} "
                           f"{'█' * round(20 * rate.rate):<20} {100 * rate.rate:5.1f}%"))
    console.print(Text(
        (f"통과 {result.passed_count()}/{len(result.learners)}명, 평균 "
         f"{result.mean_percent():.1f}%, API 호출 {result.api_calls}회") if ko else
        (f"{result.passed_count()}/{len(result.learners)} passed, mean "
         f"{result.mean_percent():.1f}%, {result.api_calls} API call(s)"), style="bold"))
    if not weak:
        return
    terms = Table(title="다시 설명할 용어 (가장 많이 실패한 검사의 용어)" if ko else
                  "Terms to explain again (behind the most failed checks)", title_justify="left")
    for header in (("용어", "Term"), ("실패한 학습자", "Learners who failed"),
                   ("실패한 검사", "Failed checks"), ("용어 페이지", "Page")):
        terms.add_column(header[0] if ko else header[1])
    for struggle, page in weak:
        terms.add_row(Text(page.label(lang)), Text(f"{struggle.learners}/{len(result.learners)}"),
                      Text(", ".join(struggle.checks)), Text(page.url, style="blue"))
    console.print(terms)


# --------------------------------------------------------------------------- delete


@classroom.command("delete")
@classroom_option
@click.option("--learner", metavar="ID", help="Delete only this learner's workspace.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--wait/--no-wait", default=False, show_default=True,
              help="Wait until the namespaces are gone.")
@cluster_options
@lang_option
@handle_errors("input")
def delete(classroom_name: str | None, learner: str | None, yes: bool, wait: bool,
           kubeconfig: str | None, context: str | None, lang: Lang) -> None:
    """Delete workspaces (asks first). Only namespaces with the classroom label are deleted."""
    from kubeclass.classroom.workspaces import choose_classroom, delete_workspaces

    cluster = connect_cluster(kubeconfig, context, lang)
    name, workspaces = choose_classroom(cluster, classroom_name, learner)
    what_en = f"learner '{learner}'" if learner else f"all {len(workspaces)} learner(s)"
    what_ko = f"학습자 '{learner}'" if learner else f"학습자 {len(workspaces)}명 전원"
    question = (f"클래스 '{name}'에서 {what_ko}의 작업 공간(네임스페이스와 그 안의 모든 것)을 "
                f"컨텍스트 '{cluster.info.name}'에서 삭제할까요?" if lang == "ko" else
                f"Delete the workspace(s) of {what_en} of classroom '{name}' (the namespaces and "
                f"everything in them) on context '{cluster.info.name}'?")
    if not yes and not click.confirm(question, default=False, err=True):
        say(lang, "Nothing deleted.", "아무것도 삭제하지 않았습니다.", err=True)
        sys.exit(1)
    labels = {"delete": "삭제" if lang == "ko" else "deleting"}
    with _progress(True, labels) as progress:
        deleted = delete_workspaces(cluster, workspaces, wait=wait, progress=progress)
    say(lang, f"Deleted {len(deleted)} workspace(s) of classroom '{name}'.",
         f"클래스 '{name}'의 작업 공간 {len(deleted)}개를 삭제했습니다.")
