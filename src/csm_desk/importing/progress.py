"""A Rich progress bar over the files being read, on stderr, only when stderr is a terminal."""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

NUL = "a NUL byte: binary data, not CSV text"


class Progress:
    """Counts the characters read of each file; draws nothing unless a bar was started."""

    def __init__(self, bar=None) -> None:
        self._bar = bar

    def lines(self, lines: Iterable[str], path: str) -> Iterator[str]:
        """``lines`` unchanged, advancing the bar as they are read (about one update per 64 KB).

        A NUL byte anywhere (not only in the first block that was sniffed) stops the file as
        binary data: csv.Error, which the readers report with the file and line."""
        if self._bar is None:
            for line in lines:
                if "\x00" in line:
                    raise csv.Error(NUL)
                yield line
            return
        try:
            total = os.path.getsize(path)
        except OSError:
            total = None
        task = self._bar.add_task(os.path.basename(path), total=total)
        pending = 0
        for line in lines:
            if "\x00" in line:
                raise csv.Error(NUL)
            pending += len(line)
            if pending > 65536:
                self._bar.advance(task, pending)
                pending = 0
            yield line
        self._bar.update(task, completed=total or pending)


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
