"""Drive a program in a real terminal: tmux send-keys in, capture-pane out."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid
from collections.abc import Sequence
from pathlib import Path


class Tmux:
    """One private tmux server (own socket) running one command in a 110×45 pane."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], workdir: Path) -> None:
        self.socket = f"kubeclass-test-{uuid.uuid4().hex[:8]}"
        config = workdir / "tmux.conf"
        # remain-on-exit: the last screen (the summary) can be read after the quiz ends.
        config.write_text("set -g remain-on-exit on\nset -g history-limit 5000\n")
        self.env = {**env, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color"}
        self.env.pop("TMUX", None)
        command = "exec " + " ".join(shlex.quote(a) for a in argv)
        self._tmux("-f", str(config), "new-session", "-d", "-s", "quiz", "-x", "110", "-y", "45",
                   command)

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-u", "-L", self.socket, *args], env=self.env,
                              capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr}")
        return done.stdout

    def screen(self) -> str:
        """The pane with its scrollback, as text."""
        return self._tmux("capture-pane", "-p", "-J", "-t", "quiz", "-S", "-2000")

    def send(self, text: str, enter: bool = True) -> None:
        """Type ``text`` literally (Korean included), then Enter."""
        if text:
            self._tmux("send-keys", "-t", "quiz", "-l", text)
        if enter:
            self._tmux("send-keys", "-t", "quiz", "Enter")

    def key(self, name: str) -> None:
        """Press a named key such as ``C-c``."""
        self._tmux("send-keys", "-t", "quiz", name)

    def wait_for(self, text: str, timeout: float = 30, count: int = 1) -> str:
        """Wait until ``text`` is on screen ``count`` times; returns the screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if screen.count(text) >= count:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} (x{count}) not on screen after {timeout}s:\n{screen}")

    def pid(self) -> int:
        """The program's process id (the pane runs it with exec)."""
        return int(self._tmux("display-message", "-p", "-t", "quiz", "#{pane_pid}").strip())

    def dead(self) -> bool:
        """Whether the program has exited."""
        return self._tmux("display-message", "-p", "-t", "quiz", "#{pane_dead}").strip() == "1"

    def wait_dead(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.dead():
                return
            time.sleep(0.05)
        raise AssertionError(f"the program did not exit:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], env=self.env,
                       capture_output=True, timeout=30)


def quiz_env(home: Path) -> dict[str, str]:
    """The environment of a quiz under test: its own KUBECLASS_HOME, the clone's content."""
    env = {**os.environ, "KUBECLASS_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    env.pop("KUBECLASS_ROOT", None)
    return env
