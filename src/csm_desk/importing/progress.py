"""How far the reading of an import's files has got: a Rich bar on stderr (only when stderr is a
terminal) for the command, or a callback for the import screen's progress bar."""

from __future__ import annotations

import csv
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

NUL = "a NUL byte: binary data, not CSV text"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""A control character other than tab and line ends: NUL stops the file, any other is noted."""


Listener = Callable[[str, int, int | None], None]
"""Told ``(path, characters read so far, the file's size in bytes or None)`` as a file is read."""


class Progress:
    """Counts the characters read of each file; draws nothing unless a bar was started or a listener given."""

    STEP = 65536
    """characters read between two updates"""

    def __init__(self, bar=None, listener: Listener | None = None) -> None:
        self._bar = bar
        self._listener = listener
        self.shown: list[str] = []
        """``file:line`` of each line that held a control character (an escape sequence): kept, and
        shown as a symbol wherever it appears (``domain.text.visible``), so the import says where."""

    def lines(self, lines: Iterable[str], path: str) -> Iterator[str]:
        """``lines`` unchanged, advancing the bar as they are read (about one update per 64 KB).

        A NUL byte anywhere (not only in the first block that was sniffed) stops the file as
        binary data: csv.Error, which the readers report with the file and line."""
        if self._bar is None and self._listener is None:
            for n, line in enumerate(lines, 1):
                if _CONTROL.search(line):
                    self._control(line, path, n)
                yield line
            return
        try:
            total = os.path.getsize(path)
        except OSError:
            total = None
        task = self._bar.add_task(os.path.basename(path), total=total) if self._bar is not None else None
        done = pending = 0
        for n, line in enumerate(lines, 1):
            if _CONTROL.search(line):
                self._control(line, path, n)
            pending += len(line)
            if pending > self.STEP:
                done += pending
                self._tell(task, path, pending, done, total)
                pending = 0
            yield line
        # Characters, not bytes, were counted: the end is the file's size whatever its encoding.
        if self._bar is not None:
            self._bar.update(task, completed=total or done + pending)
        if self._listener is not None:
            self._listener(path, total or done + pending, total)

    def phase(self, description: str) -> None:
        """A step after the reading (checking and writing the book): a bar without an end, so that a long
        import never looks stuck."""
        if self._bar is not None:
            for task in self._bar.tasks:
                if task.total is None and not task.finished:
                    self._bar.update(task.id, total=1, completed=1)
            self._bar.add_task(description, total=None)

    def _tell(self, task, path: str, step: int, done: int, total: int | None) -> None:
        if self._bar is not None:
            self._bar.advance(task, step)
        if self._listener is not None:
            self._listener(path, min(done, total) if total else done, total)

    def _control(self, line: str, path: str, n: int) -> None:
        if "\x00" in line:
            raise csv.Error(NUL)
        self.shown.append(f"{path}:{n}")


@contextmanager
def progress_bar(enabled: bool | None = None) -> Iterator[Progress]:
    """A Progress drawing on stderr when it is a terminal (or when ``enabled`` says so)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield Progress()
        return
    # Rich's progress costs ~30 ms to import: only when a bar is drawn.
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as RichProgress

    bar = RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        yield Progress(bar)
