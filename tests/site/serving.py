"""``kubeclass site serve`` in a test: started on a free port, polled, always stopped."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from controlplane import free_port


@contextmanager
def site_server(config: Path) -> Iterator[str]:
    """Serve the site of ``config``; yields its base URL (``http://127.0.0.1:PORT/``)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kubeclass", "site", "serve", "-f", str(config),
         "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def page_with(url: str, needle: str, timeout: float = 120) -> str:
    """Poll ``url`` until its text holds ``needle`` (or the time runs out); the last text."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline and needle not in text:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
        except OSError:
            time.sleep(0.5)
            continue
        if needle not in text:
            time.sleep(0.5)
    return text
