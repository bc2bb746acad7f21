"""The repeated rows of the save-plan form: an action (what, who, by when) and a role
on the save team (on it or not, who, why)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input

from csm_desk.domain.save_plan import PlanAction
from csm_desk.domain.saving import ROLES
from csm_desk.widgets.date_input import DateInput
from csm_desk.widgets.field_input import FieldInput
from csm_desk.widgets.privacy import PrivateFieldInput


class ActionRow(Horizontal):
    """One action of the plan: what, who, by when (a natural date, read back beside it)."""

    DEFAULT_CSS = """
    ActionRow { height: 3; }
    ActionRow .act { width: 1fr; }
    ActionRow .owner { width: 22; }
    ActionRow DateInput.due { width: 50; }
    ActionRow DateInput.due > Input { width: 16; }
    ActionRow DateInput.due > .read { width: 34; }
    """

    def __init__(self, today: date, item: PlanAction | None = None) -> None:
        super().__init__(classes="action-row")
        self.key = item.key if item else None
        """The action's number in the stored plan; None until it is saved."""
        self.done = item.done if item else False
        self.what = PrivateFieldInput(item.action if item else "", placeholder="action", classes="act")
        self.owner = FieldInput(item.owner if item else "", placeholder="owner", classes="owner")
        self.due = DateInput(
            item.due.isoformat() if item and item.due else "",
            today=today,
            placeholder="fri, +3d",
            beside=True,
            advance=True,
            blank=Text("done", style="green") if self.done else "",
            classes="due",
        )
        """By when; a done action with no date reads "done" beside it."""

    def compose(self) -> ComposeResult:
        yield self.what
        yield self.owner
        yield self.due

    def values(self) -> tuple[str, str, str]:
        """What, who and the date, as typed."""
        return self.what.value, self.owner.value, self.due.value


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
        yield PrivateFieldInput(placeholder="why on the team", classes="reason")

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
        return (
            self.query_one(Checkbox).value,
            self.query_one(".name", Input).value,
            self.query_one(".reason", Input).value,
        )
