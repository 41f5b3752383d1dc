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
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _timing import kubeclass_script, median, time_call

ROOT = Path(__file__).resolve().parent.parent


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


def give_work(cluster: Any, lab: Any, namespaces: list[str], offset: int) -> dict[str, str]:
    """Each learner's workspace gets the solution or one wrong attempt, in turn."""
    from kubeclass.labs.runner import LifecycleReport, apply_files, solve_lab

    scenarios: list[Any] = [None, *lab.attempts]
    given = {}
    for index, namespace in enumerate(namespaces, offset):
        scenario = scenarios[index % len(scenarios)]
        if scenario is None:
            solve_lab(cluster, lab, namespace)
            given[namespace] = "solution"
        else:
            apply_files(cluster, lab, namespace, [scenario.manifests], LifecycleReport(namespace))
            given[namespace] = scenario.name
    return given


def settle(cluster: Any, helpers: Any, namespaces: list[str], lab_id: str, admin: Path) -> None:
    """Mark the learners' Pods Running (no kubelet here) and wait until the controllers are
    done (ReplicaSets, Endpoints …): the class's grades must not change for two seconds, or
    the two ways of grading would see different moments."""
    last: Any = None
    for _ in range(120):
        changed = sum(helpers.mark_running(cluster, ns) for ns in namespaces)
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
    assert len(by_ns) == len(whole["learners"])
    for row in whole["learners"]:
        mine = by_ns[row["namespace"]]
        failed = [c["id"] for s in mine["steps"] for c in s["checks"] if not c["passed"]]
        if (row["score"], [c["id"] for c in row["failed_checks"]]) != (mine["score"], failed):
            sys.exit(f"DISAGREE for {row['namespace']}: classroom {row['score']} "
                     f"{row['failed_checks']} vs lab check {mine['score']} {failed}")


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

    tool = _module("kubeclass_controlplane_tool", ROOT / "tools/controlplane/controlplane.py")
    absent = tool.missing()
    if absent:
        sys.exit(f"control plane binaries missing ({', '.join(absent)}): "
                 "run `bash tools/controlplane/build.sh`")
    sys.path.insert(0, str(ROOT / "tests"))
    helpers = _module("controlplane", ROOT / "tests" / "controlplane.py")

    from kubeclass.classroom.model import Sizes
    from kubeclass.classroom.roster import Learner
    from kubeclass.classroom.workspaces import create_workspaces
    from kubeclass.labs.cluster import connect
    from kubeclass.labs.load import load_lab

    lab = load_lab(args.lab)
    work = Path(tempfile.mkdtemp(prefix="kubeclass-bench-classroom-"))
    os.environ["KUBECLASS_HOME"] = str(work / "home")
    sizes = sorted({max(1, args.learners * (i + 1) // args.steps) for i in range(args.steps)})
    learners = [Learner(f"l{i:03d}", f"학습자 {i}") for i in range(args.learners)]
    rows = []
    print(f"lab {lab.id} ({len(lab.checks())} checks, kinds "
          f"{sorted({c.resource.kind for c in lab.checks()})}), runs={args.runs}", flush=True)
    with tool.ControlPlane() as cp:
        admin_path = Path(cp.admin_kubeconfig)
        # Another team's namespace with Pods, as on a shared cluster.
        admin = connect(str(admin_path), tool.CONTEXT)
        done = 0
        for size in sizes:
            admin.calls.clear()
            start = time.perf_counter()
            report = create_workspaces(admin, "bench", learners[:size], [lab], Sizes(pods=50),
                                       work / "kubeconfigs", token_seconds=3600)
            created = report.by_action("created")
            create_s = time.perf_counter() - start
            assert report.ok, [o.error_en for o in report.outcomes if o.action == "failed"]
            namespaces = [o.namespace for o in created]
            give_work(admin, lab, namespaces, done)
            settle(admin, helpers, [o.namespace for o in report.outcomes], lab.id, admin_path)
            done = size
            kubeconfigs = [work / "kubeconfigs" / f"{x.id}.kubeconfig" for x in learners[:size]]

            whole = grade_class(lab.id, "bench", admin_path)
            alone = check_each(lab.id, kubeconfigs)
            agree(whole, alone)
            class_times = time_call(lambda: grade_class(lab.id, "bench", admin_path), args.runs)
            each_times = time_call(lambda k=kubeconfigs: check_each(lab.id, k), args.runs)
            passed = sum(1 for x in whole["learners"] if x["passed"])
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

        if args.subprocess:
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
          f"(target >= 10x: {'OK' if speedup >= 10 else 'MISSED'})")
    print(f"API calls of classroom grade by class size: "
          f"{', '.join(str(r['class_calls']) for r in rows)} "
          f"(constant: {'OK' if constant else 'MISSED'}); lab check one by one: "
          f"{', '.join(str(r['each_calls']) for r in rows)}")
    return 0 if speedup >= 10 and constant else 1


if __name__ == "__main__":
    sys.exit(main())
