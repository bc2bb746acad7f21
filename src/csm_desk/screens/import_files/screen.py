"""The import screen: the files (and a mapping or a preset), a preview of what the import would do, then the
import itself, both in thread workers with a progress bar fed as the files are read.

The preview is the command's ``--dry-run``: the same reading, checks and writes, rolled back. Import is
only offered after a preview without problems, of exactly what the fields say now.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, ProgressBar, Select, Static
from textual.worker import Worker, WorkerState

from csm_desk.domain.text import visible
from csm_desk.errors import failure_message
from csm_desk.importing.mapping import MappingError, load_mapping
from csm_desk.importing.presets import preset_named, preset_names
from csm_desk.importing.progress import Progress
from csm_desk.importing.run import ImportOutcome, ImportRequest
from csm_desk.render.privacy import badge
from csm_desk.screens.failures import ReportsFailures
from csm_desk.screens.import_files.view import file_widgets, problems, summary
from csm_desk.widgets.privacy import FollowsPrivacy, is_private

DETECT = "detect"
"""The preset choice that lets each file's header pick its preset (or none); the locale choice that leaves
dates and numbers to the preset or the mapping."""
Fields = tuple[str, str, str, str]
"""paths, mapping file, preset, locale: what a preview was made of"""
LOCALE_HINTS = {"pt-BR": "15/03 1.234,5", "en-US": "03/15 1,234.5", "en-GB": "15/03 1,234.5"}
"""``--locale`` in the screen: how the exports write dates and numbers, over the preset's or mapping's word"""


class ImportScreen(FollowsPrivacy, ReportsFailures, Screen):
    """Type the files, preview, import; esc goes back."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="back"),
        Binding("ctrl+r", "preview", "Preview", id="import-preview", priority=True),
        Binding("ctrl+s", "write", "Import", id="import-write", priority=True),
        Binding("q", "back", "Back", show=False, id="quit-guard"),
    ]
    DEFAULT_CSS = """
    ImportScreen .row { height: 1; margin: 0 1; }
    ImportScreen #files-row { margin: 1 1 0 1; }
    ImportScreen .row > Label { width: 9; color: $text-muted; }
    ImportScreen .row > Input { width: 1fr; }
    ImportScreen #mapping { width: 1fr; }
    ImportScreen #preset-label { width: 8; margin-left: 2; }
    ImportScreen #preset { width: 28; }
    ImportScreen #locale-label { width: 6; margin-left: 2; }
    ImportScreen #locale { width: 28; }
    ImportScreen Input.-textual-compact:focus { background: $boost; }
    ImportScreen #actions { height: 1; margin: 1 1 0 1; }
    ImportScreen #actions > Button { margin-right: 2; }
    ImportScreen #status { width: 1fr; height: 1; color: $text-muted; }
    ImportScreen #progress { margin: 0 1; height: 1; display: none; }
    ImportScreen #progress.running { display: block; }
    ImportScreen #result { height: 1fr; padding: 0 1; border-top: hkey $primary 40%; }
    ImportScreen #result > Static { height: auto; }
    ImportScreen #summary { margin-bottom: 1; }
    ImportScreen #problems { margin-bottom: 1; }
    ImportScreen .file-heading { margin-top: 1; }
    ImportScreen .table-line { padding-left: 2; }
    ImportScreen DataTable.rows { height: auto; max-height: 8; margin-left: 2; }
    ImportScreen .more { padding-left: 2; }
    """

    class Read(Message):
        """How much of a file has been read (from the worker, as it reads)."""

        def __init__(self, path: str, done: int, total: int | None) -> None:
            super().__init__()
            self.path, self.done, self.total = path, done, total

    class Finished(Message):
        """A preview or an import came back (``outcome``), or could not start (``refused``: why)."""

        def __init__(self, fields: Fields, outcome: ImportOutcome | None, refused: str = "") -> None:
            super().__init__()
            self.fields = fields
            """what the fields said when it started"""
            self.outcome = outcome
            self.refused = refused

    def __init__(self) -> None:
        super().__init__()
        self.outcome: ImportOutcome | None = None
        """What is on screen (tests read it)."""
        self._previewed: Fields | None = None
        """The fields a clean preview was made of: Import writes only that."""
        self._sizes: dict[str, int] = {}
        self._read: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="topbar")
        with Horizontal(classes="row", id="files-row"):
            yield Label("Files")
            yield Input(placeholder="one or more paths: export.csv ~/Downloads/'book 2.xlsx'", compact=True, id="paths")
            yield Label("Dates", id="locale-label")
            locales = [("preset's or mapping's", DETECT)] + [
                (f"{name} {LOCALE_HINTS[name]}", name) for name in LOCALE_HINTS
            ]
            yield Select(locales, value=DETECT, allow_blank=False, compact=True, id="locale")
        with Horizontal(classes="row"):
            yield Label("Mapping")
            yield Input(placeholder="optional: mapping.toml", compact=True, id="mapping")
            yield Label("Preset", id="preset-label")
            choices = [("found from the header", DETECT)] + [(name, name) for name in preset_names()]
            yield Select(choices, value=DETECT, allow_blank=False, compact=True, id="preset")
        with Horizontal(id="actions"):
            yield Button("Preview", id="preview", compact=True, variant="primary")
            yield Button("Import", id="write", compact=True, variant="success", disabled=True)
            yield Static(id="status", markup=False)
        yield ProgressBar(id="progress", show_eta=False)
        with VerticalScroll(id="result"):
            yield Static(
                Text(
                    "Paths are separated by spaces; quote a path that has spaces in it. A file in csm-desk's own "
                    "format, or an export a preset knows by its header, needs no mapping. Preview shows what the "
                    "import would do; nothing is written until Import.",
                    style="dim",
                ),
                id="summary",
            )
        yield Footer()

    def on_mount(self) -> None:
        self._topbar()
        self.query_one("#paths", Input).focus()

    def _topbar(self) -> None:
        bar = badge(is_private(self))
        bar.append("Import files", style="bold")
        bar.append("  · enter or ctrl+r previews, ctrl+s imports, esc back", style="dim")
        self.query_one("#topbar", Static).update(bar)

    def refresh_privacy(self) -> None:
        self._topbar()
        if self.outcome is not None:
            self.call_later(self._show, self.outcome)

    # -- what to import -----------------------------------------------------------
    def _fields(self) -> tuple[str, str, str, str]:
        preset = self.query_one("#preset", Select).value
        return (
            self.query_one("#paths", Input).value.strip(),
            self.query_one("#mapping", Input).value.strip(),
            str(preset),
            str(self.query_one("#locale", Select).value),
        )

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        # What the preview showed is no longer what the fields say: preview again before importing.
        self.query_one("#write", Button).disabled = self._fields() != self._previewed

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_preview()

    @on(Button.Pressed, "#preview")
    def _preview_pressed(self) -> None:
        self.action_preview()

    @on(Button.Pressed, "#write")
    def _write_pressed(self) -> None:
        self.action_write()

    def _paths(self, text: str) -> list[str] | None:
        """The typed paths (quoted as a shell would, ``~`` expanded), or None after saying what is wrong."""
        try:
            paths = [os.path.expanduser(p) for p in shlex.split(text)]
        except ValueError:
            self._say("A quote is not closed in the paths: close it, or leave the quotes out.", error=True)
            return None
        if not paths:
            self._say("Type the path of at least one file to import.", error=True)
            return None
        return paths

    # -- preview and import ---------------------------------------------------------
    def action_preview(self) -> None:
        if self._busy():
            return
        fields = self._fields()
        paths = self._paths(fields[0])
        if paths is None:
            return
        self._start(paths, "Reading the files…")
        self._preview(fields, paths)

    def action_write(self) -> None:
        if self._busy() or self.query_one("#write", Button).disabled:
            return
        fields = self._fields()
        paths = self._paths(fields[0])
        if paths is None:
            return
        self._start(paths, "Importing: reading the files…")
        self._write(fields, paths)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False, description="preview the import")
    def _preview(self, fields: Fields, paths: list[str]) -> None:
        request = self._request(fields, paths)
        if isinstance(request, str):
            self.post_message(self.Finished(fields, None, request))
            return
        try:
            outcome = self.app.desk.preview_import(request, self._progress())
        except Exception as exc:  # the database busy or unreadable: said, never a silent hang
            self.post_message(self.Finished(fields, None, f"Not previewed: {failure_message(exc)}"))
            return
        self.post_message(self.Finished(fields, outcome))

    @work(thread=True, exclusive=True, group="import", exit_on_error=False, description="import the files")
    def _write(self, fields: Fields, paths: list[str]) -> None:
        request = self._request(fields, paths)
        if isinstance(request, str):
            self.post_message(self.Finished(fields, None, request))
            return
        try:
            outcome = self.app.desk.import_files(request, self._progress(), backups=self.app.ctx.backups_folder())
        except Exception as exc:  # busy, read-only, the disk full: nothing was written, and it is said
            message = failure_message(exc)
            self.app.call_from_thread(self.app.write_failed, message, "Not imported")
            self.post_message(self.Finished(fields, None, f"Nothing was written: {message}"))
            return
        self.post_message(self.Finished(fields, outcome))

    def _request(self, fields: tuple[str, str, str, str], paths: list[str]) -> ImportRequest | str:
        """The import the fields describe, or why there is none (a mapping that cannot be read)."""
        _, mapping_path, preset_name, locale = fields
        if mapping_path and preset_name != DETECT:
            return "A preset is a mapping: choose the mapping file or the preset, not both."
        mapping = None
        if mapping_path:
            try:
                mapping = load_mapping(os.path.expanduser(mapping_path))
            except MappingError as exc:
                return str(exc)
        preset = preset_named(preset_name) if preset_name != DETECT else None
        return ImportRequest(tuple(paths), None, mapping, preset, None if locale == DETECT else locale)

    def _progress(self) -> Progress:
        """Told from the worker as each file is read; the bar moves on the UI thread."""

        def heard(path: str, done: int, total: int | None) -> None:
            self.post_message(self.Read(path, done, total))

        return Progress(listener=heard)

    def _start(self, paths: list[str], status: str) -> None:
        self._sizes = {p: _size(p) for p in paths}
        self._read = {}
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(sum(self._sizes.values()), 1), progress=0)
        bar.add_class("running")
        for button in self.query(Button):
            button.disabled = True
        self._say(status)

    def _busy(self) -> bool:
        return any(w.group == "import" and w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in self.workers)

    @on(Read)
    def _read_some(self, event: Read) -> None:
        self._read[event.path] = event.done
        done = sum(self._read.values())
        self.query_one("#progress", ProgressBar).update(progress=done)
        if done >= sum(self._sizes.values()):
            self._say("Checking every row against the book…")

    @on(Finished)
    async def _finished(self, event: Finished) -> None:
        outcome = event.outcome
        # Only a clean preview can be imported, and only while the fields still say what it was made of;
        # once written, a second import needs a preview of its own. One that could not run changes nothing.
        if outcome is not None:
            self._previewed = event.fields if outcome.dry_run and not outcome.problems else None
        self._stop()
        if outcome is None:
            self._say(event.refused, error=True)
            return
        self.outcome = outcome
        await self._show(outcome)
        if outcome.problems:
            self._say("Problems found: nothing written.", error=True)
        elif outcome.dry_run:
            self._say("Ready: ctrl+s (or Import) writes it.")
            self.query_one("#write", Button).focus()
        else:
            self._say("Imported: esc goes back to the book.")
            self.query_one("#result", VerticalScroll).focus()
            self.app.notify(f"Imported {outcome.files} file{'s' if outcome.files != 1 else ''}.", markup=False)

    def _stop(self) -> None:
        self.query_one("#progress", ProgressBar).remove_class("running")
        self.query_one("#preview", Button).disabled = False
        self.query_one("#write", Button).disabled = self._fields() != self._previewed

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)  # a failure is shown by the app
        if event.worker.group == "import" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._stop()
            self._say("Nothing was written.", error=True)

    async def _show(self, outcome: ImportOutcome) -> None:
        result = self.query_one("#result", VerticalScroll)
        widgets: list[Widget] = [Static(summary(outcome, self._restore_command()), id="summary")]
        if outcome.problems:
            widgets.append(Static(problems(outcome), id="problems"))
        widgets += list(file_widgets(outcome, private=is_private(self)))
        with self.app.batch_update():
            await result.remove_children()
            await result.mount_all(widgets)
        result.scroll_home(animate=False)

    def _restore_command(self) -> str:
        """``csm-desk restore`` as this book needs it: with its --demo or --db, unless it is the default one."""
        from csm_desk.locations import default_db_path

        ctx = self.app.ctx
        if ctx.demo:
            return "csm-desk --demo restore"
        if ctx.db == str(default_db_path()):
            return "csm-desk restore"
        return f"csm-desk --db {shlex.quote(ctx.db)} restore"

    def _say(self, text: str, *, error: bool = False) -> None:
        self.query_one("#status", Static).update(Text(visible(text), style="bold red" if error else ""))

    def load(self) -> None:
        """After ``u``: when what it took back was the import on screen, say so."""
        outcome = self.outcome
        if (
            outcome is not None
            and outcome.undo_step is not None
            and outcome.undo_step is self.app.desk.undo.last_undone
        ):
            self._say("The import was taken back (undo).")
            self.query_one("#summary", Static).update(
                Text.assemble(("Undone: ", "bold"), "the import was taken back; the book is as it was before it.")
            )

    def action_back(self) -> None:
        if self._busy():
            self.app.notify("The import is still running: wait for it to finish.", markup=False)
            return
        self.app.pop_screen()


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0
