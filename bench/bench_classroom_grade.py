"""Benchmark for classroom grading (issue 7), on the real local Kubernetes API server.

A class grows to 50, 100 and 200 learners (``kubeclass classroom create`` run again with a
longer roster each time, which is also its idempotence at scale); each learner's workspace
holds the lab's reference solution or one of the lab's own realistic wrong attempts
(``labs/<id>/tests/*.yaml``), Pods marked Running as a kubelet would. At each size, in the
same invocation:

- ``kubeclass classroom grade --lab ID --json`` (all learners at once), and
- ``kubeclass lab check ID --no-wait --json`` once per learner with that learner's own
  kubeconfig (how a class is graded without classroom mode),

both through the real CLI in-process (so neither side pays interpreter start-up), median
wall time over ``--runs`` runs, API calls counted by the client. Targets: classroom grade
≥ 10× faster at 200 learners, and its API calls the same at every class size. Every
learner's score and failed checks must agree between the two, or the benchmark fails.

``--subprocess`` also times both as real processes of the console script, once each.

Run: ``python bench/bench_classroom_grade.py [--learners 200] [--runs 3] [--lab first-pod]``.
Needs the control plane binaries (``bash tools/controlplane/build.sh``).
"""

from __future__ import annotations

import argparse
import atexit
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _figures import Figure, Unavailable, WrongResult, at_least, check, print_figures
from _timing import kubeclass_script, median, time_call

ROOT = Path(__file__).resolve().parent.parent
TARGET = 10.0


def _module(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def cli(*args: str) -> tuple[int, str]:
    """The kubeclass CLI in-process: (exit code, stdout)."""
    from click.testing import CliRunner

    from kubeclass.cli import main

    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def give_work(cluster: Any, lab: Any, namespaces: list[str], offset: int) -> dict[str, Any]:
    """A third of the learners get the solution, the others the lab's wrong attempts in
    turn; returns what each namespace got (None: the solution)."""
    from kubeclass.labs.runner import LifecycleReport, apply_files, solve_lab

    wrong = [a for a in lab.attempts if a.fails]
    given: dict[str, Any] = {}
    for index, namespace in enumerate(namespaces, offset):
        if index % 3 == 0 or not wrong:
            solve_lab(cluster, lab, namespace)
            given[namespace] = None
        else:
            attempt = wrong[(index - index // 3 - 1) % len(wrong)]  # the i-th wrong one
            apply_files(cluster, lab, namespace, [attempt.manifests], LifecycleReport(namespace))
            given[namespace] = attempt
    return given


def graded_as_given(whole: dict[str, Any], given: dict[str, Any]) -> int:
    """How many learners were graded fully right; every learner's failed checks must be
    exactly what was set up (none for the solution, an attempt's ``fails``), or stop."""
    check(len(whole["learners"]) == len(given),
          f"classroom grade graded {len(whole['learners'])} learners, {len(given)} set up")
    for row in whole["learners"]:
        attempt = given[row["namespace"]]
        failed = sorted(c["id"] for c in row["failed_checks"])
        expected = sorted(attempt.fails) if attempt else []
        check(failed == expected and row["passed"] == (attempt is None),
              f"{row['namespace']} was given {attempt.name if attempt else 'the solution'}: "
              f"expected failed checks {expected}, graded {failed} (passed {row['passed']})")
    return sum(1 for row in whole["learners"] if row["passed"])


def mark_running(cluster: Any, helpers: Any, namespaces: list[str]) -> int:
    """What the kubelet would do (there is none): the learners' Pods that are not Running
    are bound to the fake Node and reported Running. Returns how many were."""
    wanted = set(namespaces)
    changed = 0
    for pod in cluster.list_objects("v1", "Pod", None):
        meta = pod["metadata"]
        if (meta.get("namespace") in wanted and not meta.get("deletionTimestamp")
                and (pod.get("status") or {}).get("phase") != "Running"):
            helpers.mark_running(cluster, pod)
            changed += 1
    return changed


def settle(cluster: Any, helpers: Any, namespaces: list[str], lab_id: str, admin: Path) -> None:
    """Mark the learners' Pods Running (no kubelet here) and wait until the controllers are
    done (ReplicaSets, Endpoints …): the class's grades must not change for two seconds, or
    the two ways of grading would see different moments."""
    last: Any = None
    helpers.ensure_node(cluster)
    for _ in range(120):
        changed = mark_running(cluster, helpers, namespaces)
        grades = [(x["namespace"], x["score"], [c["id"] for c in x["failed_checks"]])
                  for x in grade_class(lab_id, "bench", admin)["learners"]]
        if not changed and grades == last:
            return
        last = grades
        time.sleep(1.0)


def grade_class(lab_id: str, classroom: str, admin: Path) -> dict[str, Any]:
    code, out = cli("classroom", "grade", "--classroom", classroom, "--lab", lab_id, "--json",
                    "--kubeconfig", str(admin))
    assert code == 0, out
    data: dict[str, Any] = json.loads(out)
    return data


def check_each(lab_id: str, kubeconfigs: list[Path]) -> list[dict[str, Any]]:
    out = []
    for path in kubeconfigs:
        code, text = cli("lab", "check", lab_id, "--no-wait", "--json", "--kubeconfig", str(path))
        assert code in (0, 1), text
        out.append(json.loads(text))
    return out


def agree(whole: dict[str, Any], alone: list[dict[str, Any]]) -> None:
    """Same namespace, score and failed checks for every learner, or stop."""
    by_ns = {x["namespace"]: x for x in alone}
    check(len(by_ns) == len(whole["learners"]), "lab check and classroom grade saw other learners")
    for row in whole["learners"]:
        mine = by_ns[row["namespace"]]
        failed = [c["id"] for s in mine["steps"] for c in s["checks"] if not c["passed"]]
        if (row["score"], [c["id"] for c in row["failed_checks"]]) != (mine["score"], failed):
            raise WrongResult(f"DISAGREE for {row['namespace']}: classroom {row['score']} "
                              f"{row['failed_checks']} vs lab check {mine['score']} {failed}")


def measure(learners_count: int, steps: int, runs: int, lab_id: str, *,
            processes: bool = False, quick: bool = False) -> list[Figure]:
    """The class grows to ``steps`` sizes up to ``learners_count``; the figures at the last."""
    tool = _module("kubeclass_controlplane_tool", ROOT / "tools/controlplane/controlplane.py")
    absent = tool.missing()
    if absent:
        raise Unavailable(f"control plane binaries missing ({', '.join(absent)}): "
                          "run `bash tools/controlplane/build.sh`")
    sys.path.insert(0, str(ROOT / "tests"))
    helpers = _module("controlplane", ROOT / "tests" / "controlplane.py")

    from kubeclass.classroom.model import Sizes
    from kubeclass.classroom.roster import Learner
    from kubeclass.classroom.workspaces import create_workspaces
    from kubeclass.labs.cluster import connect
    from kubeclass.labs.load import load_lab

    lab = load_lab(lab_id)
    work = Path(tempfile.mkdtemp(prefix="kubeclass-bench-classroom-"))
    atexit.register(shutil.rmtree, work, True)  # kubeconfigs and caches: the bench's own
    os.environ["KUBECLASS_HOME"] = str(work / "home")
    sizes = sorted({max(1, learners_count * (i + 1) // steps) for i in range(steps)})
    learners = [Learner(f"l{i:03d}", f"학습자 {i}") for i in range(learners_count)]
    rows: list[dict[str, Any]] = []
    print(f"lab {lab.id} ({len(lab.checks())} checks, kinds "
          f"{sorted({c.resource.kind for c in lab.checks()})}), runs={runs}", flush=True)
    with tool.ControlPlane() as cp:
        admin_path = Path(cp.admin_kubeconfig)
        # Another team's namespace with Pods, as on a shared cluster.
        admin = connect(str(admin_path), tool.CONTEXT)
        done = 0
        given: dict[str, Any] = {}
        for size in sizes:
            admin.calls.clear()
            start = time.perf_counter()
            report = create_workspaces(admin, "bench", learners[:size], [lab], Sizes(pods=50),
                                       work / "kubeconfigs", token_seconds=3600)
            created = report.by_action("created")
            create_s = time.perf_counter() - start
            check(report.ok, str([o.error_en for o in report.outcomes if o.action == "failed"]))
            namespaces = [o.namespace for o in created]
            given.update(give_work(admin, lab, namespaces, done))
            settle(admin, helpers, [o.namespace for o in report.outcomes], lab.id, admin_path)
            done = size
            kubeconfigs = [work / "kubeconfigs" / f"{x.id}.kubeconfig" for x in learners[:size]]

            whole = grade_class(lab.id, "bench", admin_path)
            alone = check_each(lab.id, kubeconfigs)
            agree(whole, alone)
            class_times = time_call(lambda: grade_class(lab.id, "bench", admin_path), runs)
            each_times = time_call(lambda k=kubeconfigs: check_each(lab.id, k), runs)
            passed = graded_as_given(whole, given)
            row = {"learners": size, "passed": passed,
                   "create_s": create_s, "created": len(created),
                   "class_ms": median(class_times) * 1000, "class_calls": whole["api_calls"],
                   "each_ms": median(each_times) * 1000,
                   "each_calls": sum(x["api_calls"] for x in alone)}
            rows.append(row)
            print(f"{size:>4} learners ({passed} fully right): classroom grade "
                  f"{row['class_ms']:8.1f} ms, {row['class_calls']:>3} API calls | lab check "
                  f"x{size}: {row['each_ms']:9.1f} ms, {row['each_calls']:>4} API calls | "
                  f"{row['each_ms'] / row['class_ms']:5.1f}x faster | create +{len(created)} "
                  f"in {create_s:.1f} s", flush=True)

        if processes:
            script = kubeclass_script()
            env = {**os.environ, "KUBECONFIG": str(admin_path)}
            start = time.perf_counter()
            subprocess.run([script, "classroom", "grade", "--classroom", "bench", "--lab", lab.id,
                            "--json"], check=True, stdout=subprocess.DEVNULL, env=env)
            one = time.perf_counter() - start
            start = time.perf_counter()
            for x in learners:
                proc = subprocess.run([script, "lab", "check", lab.id, "--no-wait", "--json",
                                       "--kubeconfig", str(work / "kubeconfigs" /
                                                           f"{x.id}.kubeconfig")],
                                      stdout=subprocess.DEVNULL, env=env)
                assert proc.returncode in (0, 1)
            many = time.perf_counter() - start
            print(f"processes: classroom grade {one * 1000:.0f} ms vs {len(learners)} x lab check "
                  f"{many * 1000:.0f} ms: {many / one:.1f}x faster", flush=True)

    last = rows[-1]
    speedup = last["each_ms"] / last["class_ms"]
    constant = len({r["class_calls"] for r in rows}) == 1
    print(f"\nAt {last['learners']} learners: classroom grade {last['class_ms']:.1f} ms vs "
          f"lab check one by one {last['each_ms']:.1f} ms -> {speedup:.1f}x faster "
          f"(target >= {TARGET:.0f}x: {'OK' if speedup >= TARGET else 'MISSED'})")
    print(f"API calls of classroom grade by class size: "
          f"{', '.join(str(r['class_calls']) for r in rows)} "
          f"(constant: {'OK' if constant else 'MISSED'}); lab check one by one: "
          f"{', '.join(str(r['each_calls']) for r in rows)}")
    solved = sum(1 for x in given.values() if x is None)
    return [
        Figure(f"classroom grade vs lab check one by one, {last['learners']} learners",
               f"≥ {TARGET:.0f}× faster at 200 learners", speedup, "×",
               at_least(speedup, TARGET, quick=quick),
               "강사가 반 전체를 채점할 때: 학습자마다 한 번씩 채점하는 것보다 몇 배 빠른가.",
               "For an instructor grading the whole class: how many times faster than "
               "checking each learner's lab one at a time.",
               f"medians of {runs} runs, {last['class_ms']:.0f} ms vs {last['each_ms']:.0f} ms"),
        Figure("API calls of classroom grade, by class size", "the same at every size",
               last["class_calls"], "calls", "OK" if constant else "MISSED",
               "반이 커져도 채점이 쿠버네티스 API 서버에 주는 부담은 그대로입니다.",
               "A bigger class does not put more load on the Kubernetes API server.",
               f"{', '.join(str(r['class_calls']) for r in rows)} calls at "
               f"{', '.join(str(r['learners']) for r in rows)} learners; one by one: "
               f"{', '.join(str(r['each_calls']) for r in rows)}"),
        Figure(f"learners graded fully right, of {last['learners']}",
               f"= the {solved} given the solution", last["passed"], "learners",
               "OK" if last["passed"] == solved else "MISSED",
               "정답을 낸 학습자만 만점을 받고, 틀린 시도는 틀린 검사 항목까지 정확히 나옵니다.",
               "Exactly the learners who handed in the solution get full marks, and each wrong "
               "attempt fails exactly the checks it should.",
               "a third given the solution, the others the lab's wrong attempts"),
    ]


def figures(quick: bool) -> list[Figure]:
    """The protocol of ``bench/all.py``: quick is a class of 6 in two steps, one run."""
    if quick:
        return measure(6, 2, 1, "first-pod", quick=True)
    return measure(200, 3, 3, "first-pod")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--steps", type=int, default=3, help="class sizes measured (default 3: "
                        "a third, two thirds, all)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lab", default="first-pod")
    parser.add_argument("--subprocess", action="store_true",
                        help="also time both sides as real processes (once each)")
    args = parser.parse_args()
    results = measure(args.learners, args.steps, args.runs, args.lab, processes=args.subprocess)
    print_figures(results)
    return 0 if all(f.verdict == "OK" for f in results) else 1


if __name__ == "__main__":
    sys.exit(main())
