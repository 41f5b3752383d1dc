"""Benchmark for ``kubeclass site serve`` (issue 20): how soon an edit shows.

Serves the site of a synthetic glossary (1,000 terms) with the real command, then edits one
term's YAML file (its Korean short definition) and polls the served term page until it
shows the new text: the time an author waits between saving a file and seeing it in the
browser. Several edits, one after another; the median is the figure (target ≤ 1 s). The
first build of the server (from start to the term page served) is shown beside it: what
a full build of the same site costs.

The served page must show each edit (within ten minutes), or the benchmark fails.

Run: ``python bench/bench_site_serve.py [--terms 1000] [--edits 5]``.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _figures import Figure, WrongResult, at_most, print_figures
from _timing import median, user_env
from bench_glossary import make_glossary
from bench_site_build import write_sites

TARGET = 1.0  # seconds from saving the file to the page served with the change
TIMEOUT = 600.0
TERM = "term-7"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(config: Path, home: Path) -> Iterator[str]:
    """``kubeclass site serve`` of ``config`` on a free port; yields its base URL."""
    port = _free_port()
    log = (config.parent / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "kubeclass", "site", "serve", "-f", str(config),
         "--dev-addr", f"127.0.0.1:{port}"],
        env=user_env(KUBECLASS_HOME=str(home), PYTHONPYCACHEPREFIX=str(home / "pycache")),
        stdout=log, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (OSError, urllib.error.URLError):
        return ""


def wait_for_text(url: str, needle: str, log: Path) -> float:
    """Seconds until the page at ``url`` holds ``needle``, polling every 20 ms."""
    start = time.perf_counter()
    while needle not in _page(url):
        if time.perf_counter() - start > TIMEOUT:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise WrongResult(f"{url} did not show {needle!r} within {TIMEOUT:.0f} s\n{tail}")
        time.sleep(0.02)
    return time.perf_counter() - start


def measure(terms: int, edits: int, *, quick: bool = False) -> list[Figure]:
    """Serve a ``terms``-term site; ``edits`` edits of one term, each timed until shown."""
    with tempfile.TemporaryDirectory(prefix="kc-serve-bench-") as tmp:
        work = Path(tmp)
        make_glossary(work / "content", terms)
        plugin_site, _, pages = write_sites(work / "content", work / "sites")
        config = plugin_site / "mkdocs.yml"
        source = work / "content" / "glossary"
        term_file = next(source.rglob(f"{TERM}.yaml"))
        original = term_file.read_text("utf-8")
        sentence = "7번 용어를 한 문장으로 설명한다."
        start = time.perf_counter()
        with serving(config, work / "home") as base:
            url = f"{base}terms/{TERM}/"
            log = plugin_site / "serve.log"
            wait_for_text(url, sentence, log)
            first = time.perf_counter() - start
            print(f"serve: first build of {pages} pages served after {first:.1f} s", flush=True)
            times = []
            for edit in range(edits):
                marker = f"고친 문장 {edit} edited"
                time.sleep(1.5)  # a new modification time, and the watcher settled
                term_file.write_text(original.replace(sentence, marker), "utf-8")
                seconds = wait_for_text(url, marker, log)
                times.append(seconds)
                print(f"edit {edit + 1}: shown after {seconds:.2f} s", flush=True)
    shown = median(times)
    return [
        Figure(f"site serve: a term's edit shown, {terms} terms", f"≤ {TARGET:.0f} s at 1,000 terms",
               shown, "s", at_most(shown, TARGET, quick=quick),
               "용어 파일을 저장한 뒤 `kubeclass site serve` 가 띄운 쪽에 고친 내용이 "
               "보이기까지 작성자가 기다리는 시간.",
               "How long an author waits, after saving a term's file, to see the change in "
               "the page `kubeclass site serve` shows.",
               f"median of {edits} edits; min {min(times):.2f} s, max {max(times):.2f} s"),
        Figure(f"site serve: first build, {pages} pages", "", first, "s", "INFO",
               "`kubeclass site serve` 를 시작해 첫 쪽이 나오기까지: 사이트 전체를 한 번 "
               "만드는 시간.",
               "From starting `kubeclass site serve` to the first page served: one full "
               "build of the site.",
               "one start, empty caches"),
    ]


def figures(quick: bool) -> list[Figure]:
    """The protocol of ``bench/all.py``: quick is one edit at 30 terms."""
    return measure(30, 1, quick=True) if quick else measure(1000, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terms", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    print_figures(measure(args.terms, args.edits))


if __name__ == "__main__":
    main()
