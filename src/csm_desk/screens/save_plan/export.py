"""Where to write the save plan's Markdown (it is copied to the clipboard as well)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from csm_desk.screens.modals import Form


class ExportModal(Form):
    """Where to write the plan's Markdown (it is copied to the clipboard as well)."""

    def __init__(self, suggested: Path) -> None:
        super().__init__()
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Export the save plan as Markdown", classes="title")
            yield Input(str(self.suggested), placeholder="file to write", id="path")
            yield Static("", id="error", classes="error")
            yield Static(
                "enter writes the file (0600) and copies the plan to the clipboard · esc cancels", classes="hint"
            )

    def on_mount(self) -> None:
        self.query_one("#path").focus()

    @on(Input.Submitted, "#path")
    def _done(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        value = self.query_one("#path", Input).value.strip()
        if not value:
            self.show_error("Give a file name.")
            return
        self.dismiss(Path(value).expanduser())
