"""The agenda's modals: the outcome of a done follow-up, a snooze, a new date.

Each returns a small value through ``Form.submit`` (None when cancelled); typed dates
are read back (``DateInput``) before they are saved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from csm_desk.domain.dates import DateError
from csm_desk.render.privacy import title as title_text
from csm_desk.screens.modals import Form
from csm_desk.widgets.date_input import DateInput
from csm_desk.widgets.privacy import PrivateInput, PrivateLabel


@dataclass(frozen=True)
class NewDate:
    due: date
    due_time: time | None


class OutcomeModal(Form):
    """Mark a follow-up done; the optional outcome lands on the account's timeline."""

    def __init__(self, title: str, account_name: str, *, written: bool = True) -> None:
        super().__init__()
        self.fu_title = title
        self.written = written
        """The title holds a person's words: hidden in privacy mode."""
        self.account_name = account_name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield PrivateLabel(
                lambda private: Text.assemble(
                    "Done: ", title_text(self.fu_title, self.written, private), f" — {self.account_name}"
                ),
                classes="title",
            )
            yield PrivateInput(placeholder="what came of it (optional) — enter saves", id="outcome")
            yield Static("", id="error", classes="error")
            yield Static("enter saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#outcome").focus()

    def dirty(self) -> bool:
        return bool(self.query_one("#outcome", Input).value.strip())

    @on(Input.Submitted, "#outcome")
    def _done(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.submit(self.query_one("#outcome", Input).value.strip())


def snooze_choices(base: date) -> list[tuple[str, date]]:
    """+1 day, +3 days and next week, counted from ``base`` (today, or a later due date)."""
    monday = base + timedelta(days=7 - base.weekday())
    return [("+1 day", base + timedelta(days=1)), ("+3 days", base + timedelta(days=3)), ("next week", monday)]


class SnoozeModal(Form):
    """Hide a follow-up until a later day: enter takes the highlighted choice (↑/↓ move it),
    or type a date first."""

    BINDINGS = [
        Binding("up", "choice(-1)", "Previous choice", show=False, id="cursor-up"),
        Binding("down", "choice(1)", "Next choice", show=False, id="cursor-down"),
    ]

    def __init__(self, title: str, today: date, base: date, *, written: bool = True) -> None:
        super().__init__()
        self.fu_title = title
        self.written = written
        self.today = today
        self.choices = snooze_choices(base)
        self.base = base

    def compose(self) -> ComposeResult:
        with Vertical():
            yield PrivateLabel(
                lambda private: Text.assemble("Snooze: ", title_text(self.fu_title, self.written, private)),
                classes="title",
            )
            yield OptionList(
                *[
                    Option(f"{label:<10} {day.strftime('%a %d %b %Y')}", id=str(i))
                    for i, (label, day) in enumerate(self.choices)
                ],
                id="choices",
            )
            yield DateInput(today=self.today, placeholder="or type a date: fri, +5d, 2026-12-04", id="when")
            yield Static("", id="error", classes="error")
            yield Static("↑/↓ and enter pick · or type a date and enter · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).highlighted = 0
        self.query_one("#when").focus()

    def action_choice(self, step: int) -> None:
        ol = self.query_one("#choices", OptionList)
        ol.highlighted = ((ol.highlighted or 0) + step) % len(self.choices)

    @on(OptionList.OptionSelected, "#choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.submit(self.choices[int(event.option.id)][1])  # type: ignore[arg-type]  # options are always made with an id

    @on(DateInput.Submitted, "#when")
    def _typed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        try:
            day, _ = self.query_one("#when", DateInput).parsed()
        except DateError:  # nothing typed, or not a date (the line under the box says so): the highlighted choice
            ol = self.query_one("#choices", OptionList)
            self.submit(self.choices[ol.highlighted or 0][1])
            return
        if day <= self.base:
            self.show_error(f"Snooze to a day after {self.base.isoformat()}; r reschedules to an earlier one.")
            return
        self.submit(day)


class RescheduleModal(Form):
    """Give a follow-up a new due date and optional time."""

    def __init__(self, title: str, today: date, current: str, *, written: bool = True) -> None:
        super().__init__()
        self.fu_title = title
        self.written = written
        self.today = today
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield PrivateLabel(
                lambda private: Text.assemble("Reschedule: ", title_text(self.fu_title, self.written, private)),
                classes="title",
            )
            yield Static(Text(f"now due {self.current}", style="dim"))
            yield DateInput(
                today=self.today, placeholder="when: tomorrow, fri 14:00, +3d, next week, eom, 2026-12-04", id="when"
            )
            yield Static("", id="error", classes="error")
            yield Static("enter saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#when").focus()

    def dirty(self) -> bool:
        return bool(self.query_one("#when", DateInput).value.strip())

    @on(DateInput.Submitted, "#when")
    def _typed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        try:
            day, at = self.query_one("#when", DateInput).parsed()
        except DateError as exc:
            self.show_error(str(exc))
            return
        self.submit(NewDate(day, at))
