"""Benchmarks for the glossary (issue 2).

1. ``kubeclass --help`` against ``python -c "import click, yaml"`` (target ≤ 1.5×).
2. ``kubeclass glossary check`` on a synthetic 5,000-term glossary (target ≤ 1.5 s median),
   with the ratio to a plain ``yaml.safe_load`` of the same files in a fresh process.

Run: ``python bench/bench_glossary.py [--runs N] [--terms N]``. Prints medians and ratios;
both sides of every ratio are measured in the same invocation.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import kubeclass_script, median, report, time_command

ROOT = Path(__file__).resolve().parent.parent


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--terms", type=int, default=5000)
    args = parser.parse_args()
    kubeclass = kubeclass_script()
    py = sys.executable

    print("== kubeclass --help vs python -c 'import click, yaml'")
    base = time_command([py, "-c", "import click, yaml"], args.runs)
    helps = time_command([kubeclass, "--help"], args.runs)
    report("python -c 'import click, yaml' (baseline)", base)
    report("kubeclass --help", helps, base, target=1.5)

    with tempfile.TemporaryDirectory() as tmp:
        make_glossary(Path(tmp), args.terms)
        print(f"== glossary check on a synthetic {args.terms}-term glossary")
        runs = max(3, args.runs // 3)
        plain = time_command([py, "-c", SAFE_LOAD_ALL, str(Path(tmp) / "glossary")], runs)
        check = time_command([kubeclass, "--root", tmp, "glossary", "check"], runs)
        report("plain yaml safe_load of the same files", plain)
        report("kubeclass glossary check", check, plain)
        verdict = "OK" if median(check) <= 1.5 else "MISSED"
        print(f"glossary check median {median(check):.2f} s for {args.terms} terms "
              f"(target <= 1.5 s: {verdict})")


if __name__ == "__main__":
    main()
