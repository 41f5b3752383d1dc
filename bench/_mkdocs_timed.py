"""``mkdocs build`` in this process, timing the kubeclass plugin's own work inside it.

Run by ``bench_site_build.py`` for both of its sites, so that the plain site and the plugin
site are built the same way. Prints one JSON line: the seconds spent in the plugin
(importing it and running its event handlers) and in the whole run.

Usage: ``python bench/_mkdocs_timed.py CONFIG SITE_DIR [--plugin]``.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable
from typing import Any

EVENTS = ("on_config", "on_files", "on_page_markdown", "on_page_content", "on_page_context",
          "on_post_page", "on_post_build")


def _timed(handler: Callable[..., Any], spent: list[float]) -> Callable[..., Any]:
    @functools.wraps(handler)  # keeps the handler's event priority for MkDocs
    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return handler(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start
    return run


def main() -> None:
    start = time.perf_counter()
    config_file, site_dir = sys.argv[1], sys.argv[2]
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # as `mkdocs build -q`
    spent = [0.0]
    if "--plugin" in sys.argv[3:]:
        begin = time.perf_counter()
        from kubeclass.site.plugin import KubeclassPlugin

        spent[0] += time.perf_counter() - begin
        for event in EVENTS:
            setattr(KubeclassPlugin, event, _timed(getattr(KubeclassPlugin, event), spent))
    build(load_config(config_file, site_dir=site_dir))
    print(json.dumps({"plugin": spent[0], "run": time.perf_counter() - start}))


if __name__ == "__main__":
    main()
