"""Benchmarks for the glossary (issue 2).

1. ``kubeclass --help`` against ``python -c "import click, yaml"`` (target ≤ 1.5×).
2. ``kubeclass glossary check`` on a synthetic 5,000-term glossary (target ≤ 1.5 s median),
   with the ratio to a plain ``yaml.safe_load`` of the same files in a fresh process: after
   an edit of one term (the author's loop; the unchanged files answer from the results kept
   by the last check) and from scratch (an empty cache folder, as on a fresh machine or CI).
   A broken edit must then be reported, or the benchmark fails.

Run: ``python bench/bench_glossary.py [--runs N] [--terms N]``. Prints medians and ratios;
both sides of every ratio are measured in the same invocation.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _figures import Figure, at_most, print_figures
from _figures import check as _check
from _timing import kubeclass_script, median, report, time_command, user_env

ROOT = Path(__file__).resolve().parent.parent
HELP_TARGET = 1.5
CHECK_TARGET = 1.5  # seconds, at 5,000 terms


def make_glossary(target: Path, count: int) -> None:
    """A synthetic but valid glossary: ``count`` terms across the real categories."""
    glossary = target / "glossary"
    glossary.mkdir(parents=True)
    shutil.copy(ROOT / "glossary" / "categories.yaml", glossary / "categories.yaml")
    import yaml

    categories = [c["id"] for c in yaml.safe_load((glossary / "categories.yaml").read_text("utf-8"))]
    for i in range(count):
        category = categories[i % len(categories)]
        folder = glossary / category
        folder.mkdir(exist_ok=True)
        related = ", ".join(f"term-{(i + k) % count}" for k in (1, 2, 3))
        (folder / f"term-{i}.yaml").write_text(f"""id: term-{i}
term:
  ko: 용어 {i}번
  en: Term number {i}
abbr: T{i}
aka: [용어{i}, term-{i}-alias]
category: {category}
tags: [kubernetes, synthetic]
level: beginner
short:
  ko: {i}번 용어를 한 문장으로 설명한다.
  en: Explains term {i} in one sentence.
long:
  ko: |
    {i}번 용어는 [다른 용어](term:term-{(i + 1) % count})와 함께 쓰인다.

    - 첫째, 파드(Pod)와 서비스(Service)를 이해한다.
    - 둘째, `kubectl get pods` 로 확인한다.
  en: |
    Term {i} is used with [another term](term:term-{(i + 1) % count}).

    - First, understand Pods and Services.
    - Second, check with `kubectl get pods`.
examples:
  - title: {{ko: 확인, en: Check}}
    language: bash
    code: |
      kubectl get pods -n demo-{i}
related: [{related}]
references:
  - title: Kubernetes 문서
    url: https://kubernetes.io/ko/docs/concepts/
""", encoding="utf-8")


SAFE_LOAD_ALL = """
import sys, yaml
from pathlib import Path
Loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
for p in sorted(Path(sys.argv[1]).rglob('*.yaml')):
    yaml.load(p.read_text('utf-8'), Loader=Loader)
"""


def measure(runs: int, terms: int, *, quick: bool = False) -> list[Figure]:
    """Both benchmarks: ``runs`` runs of ``--help`` (a third of them of ``glossary check``)."""
    kubeclass = kubeclass_script()
    py = sys.executable

    print("== kubeclass --help vs python -c 'import click, yaml'")
    base = time_command([py, "-c", "import click, yaml"], runs)
    helps = time_command([kubeclass, "--help"], runs)
    report("python -c 'import click, yaml' (baseline)", base)
    report("kubeclass --help", helps, base, target=HELP_TARGET)
    help_ratio = median(helps) / median(base)

    with tempfile.TemporaryDirectory() as tmp:
        make_glossary(Path(tmp), terms)
        print(f"== glossary check on a synthetic {terms}-term glossary")
        check_runs = max(1 if quick else 3, runs // 3)
        plain = time_command([py, "-c", SAFE_LOAD_ALL, str(Path(tmp) / "glossary")], check_runs)
        check_argv = [kubeclass, "--root", tmp, "glossary", "check"]
        home = Path(tmp) / "home"  # the check's kept results: the bench's, not the user's
        env = user_env(KUBECLASS_HOME=str(home))
        said = subprocess.run(check_argv, capture_output=True, text=True, env=env)
        _check(said.returncode == 0 and said.stdout.startswith(f"OK: {terms} terms"),
               f"glossary check of {terms} valid terms said: {said.stdout[:200]}{said.stderr[-500:]}")
        edited = next((Path(tmp) / "glossary").rglob("term-1.yaml"))
        original = edited.read_text("utf-8")
        first, again = [], []
        for run in range(check_runs):  # interleaved: from scratch, then after an edit
            first += time_command(check_argv, 1, env=user_env(
                KUBECLASS_HOME=str(Path(tmp) / f"empty-home-{run}")))
            edited.write_text(original.replace("1번 용어를", f"1번 용어를 다시({run})"), "utf-8")
            again += time_command(check_argv, 1, env=env)
        # The edit must be seen: a broken edit is reported, not answered from kept results.
        edited.write_text(original.replace("level: beginner", "level: [beginner"), "utf-8")
        broken = subprocess.run(check_argv, capture_output=True, text=True, env=env)
        _check(broken.returncode == 2 and "term-1.yaml" in broken.stdout + broken.stderr,
               f"a broken edit of term-1.yaml was not reported: exit {broken.returncode}")
        report("plain yaml safe_load of the same files", plain)
        report("kubeclass glossary check, empty cache", first, plain)
        report("kubeclass glossary check, after editing a term", again, plain)
        for label, series in (("empty cache", first), ("after an edit", again)):
            verdict = "OK" if median(series) <= CHECK_TARGET else "MISSED"
            print(f"glossary check ({label}) median {median(series):.2f} s for {terms} terms "
                  f"(target <= {CHECK_TARGET} s: {verdict})")
    return [
        Figure("kubeclass --help / python -c 'import click, yaml'", f"≤ {HELP_TARGET}×",
               help_ratio, "×", at_most(help_ratio, HELP_TARGET),
               "명령을 칠 때마다 기다리는 시간: 파이썬이 click과 yaml을 불러오는 시간과 거의 같습니다.",
               "How long every command makes you wait before it starts: about what Python "
               "takes to import click and yaml.",
               f"medians of {runs} runs, {median(helps) * 1000:.0f} ms vs "
               f"{median(base) * 1000:.0f} ms"),
        Figure(f"glossary check after editing a term, {terms} terms",
               f"≤ {CHECK_TARGET} s at 5,000 terms", median(again), "s",
               at_most(median(again), CHECK_TARGET, quick=quick),
               "용어 파일 하나를 고친 뒤 `kubeclass glossary check` 가 모든 문제를 알려 주기까지 "
               "작성자가 기다리는 시간 (용어 5,000개; 고치지 않은 파일은 지난 검사 결과를 씀).",
               "How long an author waits, after editing a term, for `kubeclass glossary check` "
               "to report every problem (5,000 terms; unchanged files answer from the last "
               "check's results).",
               f"median of {check_runs} runs; plain yaml load of the same files "
               f"{median(plain):.2f} s ({median(again) / median(plain):.2f}×)"),
        Figure(f"glossary check from scratch, {terms} terms",
               f"≤ {CHECK_TARGET} s at 5,000 terms", median(first), "s",
               at_most(median(first), CHECK_TARGET, quick=quick),
               "처음 검사할 때 (새 기계나 CI, 캐시 없음): 모든 파일을 읽고 검사하는 시간.",
               "The first check on a fresh machine or CI runner (no cache): every file read "
               "and validated.",
               f"median of {check_runs} runs, each with an empty cache folder; "
               f"{median(first) / median(plain):.2f}× the plain yaml load"),
    ]


def figures(quick: bool) -> list[Figure]:
    """The protocol of ``bench/all.py``: quick is one run on 200 terms."""
    return measure(1, 200, quick=True) if quick else measure(15, 5000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--terms", type=int, default=5000)
    args = parser.parse_args()
    print_figures(measure(args.runs, args.terms))


if __name__ == "__main__":
    main()
