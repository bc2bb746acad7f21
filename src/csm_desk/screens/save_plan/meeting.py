"""The save plan as the 30-minute save-team meeting, read-only: ``agenda_text`` builds it,
``Reader`` shows it (or any read-only page) until esc."""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from csm_desk.domain.save_plan import AgendaBlock


class Reader(ModalScreen):
    """A read-only page (the meeting agenda, a script); esc closes it."""

    BINDINGS = [Binding("escape,q", "close", "Close", id="close")]
    DEFAULT_CSS = """
    Reader { align: center middle; }
    Reader > VerticalScroll { width: 100; max-width: 95%; height: 90%; border: thick $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, body, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.body, id="reader-body")
            yield Static(Text("esc closes", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)


def agenda_text(title: str, blocks: list[AgendaBlock]) -> Group:
    """The 30-minute meeting; user words stay data, never markup."""
    parts: list = [Text.assemble(("Save-team meeting (30 min): ", "bold"), (title, "bold")), Text("")]
    for block in blocks:
        parts.append(Text.assemble((f"Minutes {block.minutes}  ", "bold cyan"), (block.title, "bold")))
        for line in block.lines:
            indent = 4 if line.startswith("  ") else 2
            parts.append(Padding(Text(line.strip()), (0, 0, 0, indent)))
        parts.append(Text(""))
    return Group(*parts)
