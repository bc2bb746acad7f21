"""The real crash: csm-desk runs in a terminal (tmux), the CSM types in a call, the
process is killed with SIGKILL, and the next start offers every word back."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from csm_desk.store.tables import Draft

BIN = Path(sys.executable).with_name("csm-desk")
WORDS = "she said the board wants a cheaper tool 4711"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux for a real terminal"),
]


class Terminal:
    """One private tmux server running csm-desk; polls the screen like a person would."""

    def __init__(self, name: str) -> None:
        self.socket = name
        self.session = name

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False).stdout

    def start(self, db: Path | str, folder: Path) -> int:
        # A config that has been through the first-run form: the app opens straight on the queue.
        # (Beside the test's files: on PostgreSQL ``db`` is a URL, not a path.)
        config = folder / "config.toml"
        config.write_text('[app]\nme = ""\nproduct = "Pulseboard"\n', encoding="utf-8")
        command = f"exec {BIN} --db {db} --config {config} --today 2026-11-23"
        subprocess.run(
            ["tmux", "-L", self.socket, "new-session", "-d", "-s", self.session, "-x", "120", "-y", "40", command],
            check=True,
        )
        return int(self.tmux("display", "-p", "-t", self.session, "#{pane_pid}").strip())

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def wait_for(self, text: str, timeout: float = 20) -> str:
        return wait_until(lambda: text in (s := self.screen()) and s, timeout, f"{text!r} on screen:\n{self.screen()}")

    def close(self) -> None:
        self.tmux("kill-server")


def wait_until(check, timeout: float, what: str):
    """Poll a real external process until ``check`` is truthy (this waits on another process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _draft_notes(store) -> str | None:
    with store.read() as s:
        draft = s.scalars(select(Draft).where(Draft.status == "open")).first()
        return draft.notes if draft else None


def test_sigkill_mid_call_loses_nothing(store, db_path, book, tmp_path):
    term = Terminal(f"csmcrash{os.getpid()}")
    try:
        pid = term.start(db_path, tmp_path)
        term.wait_for("Globex")
        term.keys("c")
        term.wait_for("CALL")
        term.keys(WORDS, literal=True)
        wait_until(lambda: _draft_notes(store) == WORDS, 10, "the draft row in the database")
        os.kill(pid, signal.SIGKILL)
        wait_until(
            lambda: "dead" if subprocess.run(["kill", "-0", str(pid)], capture_output=True).returncode else None,
            10,
            "the process to die",
        )
        term.close()

        term.start(db_path, tmp_path)
        term.wait_for("Globex")
        term.keys("c")
        offered = term.wait_for("Unfinished call")
        assert WORDS in offered
        term.keys("Enter")
        term.wait_for("draft resumed")
        assert "cheaper tool" in term.wait_for("4711")  # back in the editor, soft-wrapped
    finally:
        term.close()
    assert _draft_notes(store) == WORDS
