"""Kubernetes talk lives in ``kubeclass.kube`` only: no other module imports the client
libraries, builds an API path or reads an HTTP status code."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "kubeclass"
EDGE = PACKAGE / "kube"

FORBIDDEN = {
    "imports the kubernetes client": re.compile(r"^\s*(import|from)\s+kubernetes\b", re.M),
    "uses urllib3": re.compile(r"\burllib3\b"),
    "builds a core API path": re.compile(r"/api/v1\b"),
    "builds a group API path": re.compile(r"/apis\b"),
    "reads an HTTP status code": re.compile(
        r"\.status(_code)?\s*(==|!=|<|>|\bin\b|\bnot in\b)|\bstatus\s*==\s*\d{3}"),
}


def offences() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if EDGE in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        for what, pattern in FORBIDDEN.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {what}")
    return found


def test_only_the_kube_package_talks_to_kubernetes() -> None:
    assert offences() == []


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    """Each pattern catches the code it is meant to catch (the scan is not vacuous)."""
    samples = {
        "imports the kubernetes client": "from kubernetes.config import kube_config\n",
        "uses urllib3": "import urllib3\n",
        "builds a core API path": 'path = f"/api/v1/namespaces/{ns}"\n',
        "builds a group API path": 'path = "/apis/apps/v1"\n',
        "reads an HTTP status code": "if exc.status == 404:\n    pass\n",
    }
    for what, code in samples.items():
        hits = [name for name, pattern in FORBIDDEN.items() if pattern.search(code)]
        assert hits == [what], (what, hits)
    assert FORBIDDEN["reads an HTTP status code"].search("if exc.status in (404, 409):")
    assert not any(p.search("status = quota.get('status') or {}") for p in FORBIDDEN.values())
