"""Fixtures for the site tests: real builds (once per session) and a real Chromium.

- ``site_dir``: the regular site, built with ``mkdocs build --strict`` (the plugin through
  its entry point), served over HTTP by ``site_url``;
- ``offline_site_dir``: the air-gapped build, ``kubeclass site build --offline``;
- ``zensical_site_url``: the site built by ``kubeclass site build --engine zensical``, over
  HTTP (skips when Zensical is not installed);
- ``browser``: headless Debian Chromium driven by Selenium (no browser download);
- ``screenshot_dir``: where browser tests leave screenshots to look at.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from site_browser import chrome

sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parents[2]


def run_kubeclass(*args: str, env: dict[str, str] | None = None,
                  cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real ``kubeclass`` command in a fresh process."""
    return subprocess.run([sys.executable, "-m", "kubeclass", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, cwd=cwd or REPO,
                          timeout=600)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the real glossary by plain ``mkdocs build --strict``."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "KUBECLASS_OFFLINE": "false", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KUBECLASS_ROOT", None)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    return out


@pytest.fixture(scope="session")
def offline_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The air-gapped build, through the kubeclass command."""
    out = tmp_path_factory.mktemp("site-offline")
    done = run_kubeclass("site", "build", "--offline", "--strict", "--site-dir", str(out))
    assert done.returncode == 0, done.stderr
    assert "0 warnings" in done.stdout, done.stdout + done.stderr
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """A built site over HTTP on a free local port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The regular site over HTTP."""
    with serve_directory(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def zensical_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built by Zensical, over HTTP."""
    import importlib.util

    if importlib.util.find_spec("zensical") is None:
        pytest.skip("pip install 'kubeclass[zensical]'")
    out = tmp_path_factory.mktemp("site-zensical")
    done = run_kubeclass("site", "build", "--engine", "zensical", "--site-dir", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    with serve_directory(out) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    driver = chrome()
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Screenshots for a human to look at (the path is printed; KUBECLASS_SCREENSHOTS keeps them)."""
    wanted = os.environ.get("KUBECLASS_SCREENSHOTS")
    path = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


TEST_DOCS = {
    "index.md": "# 시험 사이트\n\n파드와 컨테이너를 다룬다.\n",
    "tags.md": "# 태그\n\n<!-- material/tags -->\n",
}


def make_site(root: Path, *, glossary: Path | None = None, docs: dict[str, str] | None = None,
              nav: str = "  - index.md\n  - glossary/index.md\n  - tags.md\n") -> Path:
    """A site of its own under ``root``: the repo's mkdocs.yml (INHERIT) with its own content.

    ``root/glossary`` is a copy of ``glossary`` (default: the real one); ``root/docs`` holds
    ``docs`` (default: a home page and the tags page). Returns the config file.
    """
    root.mkdir(parents=True, exist_ok=True)
    if not (root / "glossary").exists():
        shutil.copytree(glossary or REPO / "glossary", root / "glossary")
        # The real learning paths name the real labs; these sites bring their own labs, if any.
        (root / "glossary" / "paths.yaml").unlink(missing_ok=True)
    for name, text in (TEST_DOCS if docs is None else docs).items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    config = root / "mkdocs.yml"
    config.write_text(f"""INHERIT: {REPO / "mkdocs.yml"}
docs_dir: docs
site_dir: site
nav:
{nav}plugins:
  - search:
      lang: ko
      separator: '[\\s\\-,:!=\\[\\]()"/·.]+'
      pipeline: []
      fields: {{title: {{boost: 1000}}, names: {{boost: 200}}, text: {{boost: 1}}, tags: {{boost: 10}}}}
  - tags:
      export: false
  - kubeclass:
      root: .
  - offline:
      enabled: !ENV [KUBECLASS_OFFLINE, false]
""", "utf-8")
    return config
