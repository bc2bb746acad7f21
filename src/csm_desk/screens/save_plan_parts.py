"""The pieces of the save-plan screen: an action row, a save-team row, and the
modals it opens (the meeting agenda, the export, the graceful-exit script)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from csm_desk.domain.dates import DateError, describe, parse_when
from csm_desk.domain.save_plan import AgendaBlock, PlanAction
from csm_desk.domain.saving import ROLES
from csm_desk.screens.modals import Form


def read_back(text: str, today: date, *, blank: str = "") -> Text:
    """How a typed date resolves, shown under or beside the field before anything is saved."""
    if not text.strip():
        return Text(blank, style="dim")
    try:
        day, at = parse_when(text, today)
    except DateError:
        return Text("not a date (try fri, +3d, 2026-12-04)", style="red")
    return Text("→ " + describe(day, at, today), style="bold")


class FieldInput(Input):
    """A form field where enter moves to the next field at once, so typing ahead never lands in the old box."""

    async def action_submit(self) -> None:
        await super().action_submit()
        self.screen.focus_next()


class ActionRow(Horizontal):
    """One action of the plan: what, who, by when (a natural date, read back beside it)."""

    DEFAULT_CSS = """
    ActionRow { height: 3; }
    ActionRow .act { width: 1fr; }
    ActionRow .owner { width: 22; }
    ActionRow .due { width: 16; }
    ActionRow .read { width: 34; padding: 1 0 0 1; }
    """

    def __init__(self, today: date, item: PlanAction | None = None) -> None:
        super().__init__(classes="action-row")
        self.today = today
        self.key = item.key if item else None
        """The action's number in the stored plan; None until it is saved."""
        self.done = item.done if item else False
        self.item = item

    def compose(self) -> ComposeResult:
        item = self.item
        yield FieldInput(item.action if item else "", placeholder="action", classes="act")
        yield FieldInput(item.owner if item else "", placeholder="owner", classes="owner")
        yield FieldInput(item.due.isoformat() if item and item.due else "", placeholder="fri, +3d", classes="due")
        yield Static(Text("done", style="green") if self.done else "", classes="read")

    @on(Input.Changed, ".due")
    def _due_changed(self, event: Input.Changed) -> None:
        self.query_one(".read", Static).update(read_back(event.value, self.today, blank="done" if self.done else ""))

    def values(self) -> tuple[str, str, str]:
        inputs = list(self.query(Input))
        if len(inputs) < 3:  # mounted but not composed yet: what it was given
            item = self.item
            return (item.action, item.owner, item.due.isoformat() if item.due else "") if item else ("", "", "")
        return inputs[0].value, inputs[1].value, inputs[2].value


class TeamRow(Horizontal):
    """A role on the save team: ticked when it is on the team, who fills it, and why."""

    DEFAULT_CSS = """
    TeamRow { height: 3; }
    TeamRow Checkbox { width: 28; }
    TeamRow .name { width: 24; }
    TeamRow .reason { width: 1fr; }
    """

    def __init__(self, role: str) -> None:
        super().__init__(classes="team-row")
        self.role = role
        self.auto_on: bool | None = None
        """What the suggestion last set; a different value means the CSM decided."""
        self.auto_reason: str = ""
        self.touched = False

    def compose(self) -> ComposeResult:
        yield Checkbox(ROLES[self.role], value=False)
        yield FieldInput(placeholder="name", classes="name")
        yield FieldInput(placeholder="why on the team", classes="reason")

    def set_values(self, on: bool, name: str, reason: str) -> None:
        self.query_one(Checkbox).value = on
        self.query_one(".name", Input).value = name
        self.query_one(".reason", Input).value = reason

    def suggest(self, on: bool, reason: str, owner: str) -> None:
        """Follow the suggestion unless the CSM already changed this row."""
        self.query_one(".reason", Input).placeholder = reason or "why on the team"
        if self.touched:
            return
        if (self.auto_on, self.auto_reason) == (on, reason):
            return  # nothing new: setting the same values again would only echo change events
        self.auto_on, self.auto_reason = on, reason
        self.query_one(Checkbox).value = on
        self.query_one(".reason", Input).value = reason
        name = self.query_one(".name", Input)
        if self.role == "csm" and not name.value:
            name.value = owner

    @on(Checkbox.Changed)
    def _ticked(self, event: Checkbox.Changed) -> None:
        if self.auto_on is not None and event.value != self.auto_on:
            self.touched = True

    @on(Input.Changed, ".reason")
    def _reason(self, event: Input.Changed) -> None:
        if self.auto_on is not None and event.value != self.auto_reason:
            self.touched = True

    def values(self) -> tuple[bool, str, str]:
        return (self.query_one(Checkbox).value, self.query_one(".name", Input).value,
                self.query_one(".reason", Input).value)


class Reader(ModalScreen):
    """A read-only page (the meeting agenda, a script); esc closes it."""

    BINDINGS = [Binding("escape,q", "close", "Close", id="reader-close")]
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
            yield Static("enter writes the file (0600) and copies the plan to the clipboard · esc cancels",
                         classes="hint")

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
