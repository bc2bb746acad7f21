"""Modals for the quick actions: stage, note, signal, resolve, follow-up.

Each returns a small dataclass through ``dismiss`` (or None when cancelled). A form that
writes is given the write (``Form.writing``): it stays open until the write landed, and
when the write fails it shows why and keeps everything typed, so ctrl+s tries again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any, Self

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from csm_desk.domain.dates import DateError
from csm_desk.domain.vocab import (
    CHANNELS,
    CLOSE_REASONS,
    CLOSED_STAGES,
    SIGNAL_FAMILIES,
    STAGE_LABELS,
    STAGES,
)
from csm_desk.widgets.date_input import DateInput


@dataclass(frozen=True)
class StageChoice:
    stage: str
    reason: str
    note: str


@dataclass(frozen=True)
class NoteDraft:
    channel: str
    summary: str
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class SignalChoice:
    kind: str
    day: date
    quote: str


@dataclass(frozen=True)
class FollowUpDraft:
    title: str
    due: date
    due_time: time | None
    channel: str
    owner: str


FormSubmit = Callable[[Any, Callable[[], None], Callable[[str], None]], None]
"""Runs a form's write: ``(value, landed, failed)``; ``landed()`` when it is stored, ``failed(reason)`` when not."""


class Form(ModalScreen):
    """A modal form: esc cancels, ctrl+s saves; a second esc discards typed text."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
    ]
    DEFAULT_CSS = """
    Form { align: center middle; }
    Form > Vertical { width: 76; max-width: 95%; height: auto; max-height: 95%; border: thick $accent; background: $surface; padding: 0 1; }
    Form .title { text-style: bold; padding: 0 0 1 0; }
    Form .hint { color: $text-muted; }
    Form .error { color: $error; }
    Form OptionList { height: auto; max-height: 12; }
    Form TextArea { height: 6; }
    """
    _armed = False
    _run: FormSubmit | None = None
    saving = False
    """A write is in flight: the form waits for it before it closes or saves again."""

    def writing(self, run: FormSubmit) -> Self:
        """Save through ``run`` (``CsmDeskApp.form_writer``) before closing."""
        self._run = run
        return self

    def dirty(self) -> bool:
        return False

    def action_cancel(self) -> None:
        if self.saving:
            self.notify("Saving… a moment.", markup=False)
            return
        if self.dirty() and not self._armed:
            self._armed = True
            self.notify("Press esc again to discard what you typed.", severity="warning", markup=False)
            return
        self.dismiss(None)

    def action_save(self) -> None:
        raise NotImplementedError

    def submit(self, value: Any) -> None:
        """The form is filled in: close with ``value``, or, for a form that writes, once the write landed."""
        if self._run is None:
            self.dismiss(value)
            return
        if self.saving:
            return
        self.saving = True
        self.show_error("")
        self._run(value, lambda: self._landed(value), self._failed)

    def _landed(self, value: Any) -> None:
        self.saving = False
        self.dismiss(value)

    def _failed(self, reason: str) -> None:
        self.saving = False
        self._armed = False
        self.show_error(f"Not saved: {reason}\nWhat you typed is still here: ctrl+s tries again, esc closes.")

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(Text(message))


class StageModal(Form):
    """Move an account along the pipeline; closing asks for the reason."""

    def __init__(self, account_name: str, current: str) -> None:
        super().__init__()
        self.account_name = account_name
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Stage of {self.account_name}"), classes="title")
            yield OptionList(
                *[Option(STAGE_LABELS[s] + ("  (now)" if s == self.current else ""), id=s) for s in STAGES],
                Option("remove from pipeline", id="none"),
                id="stages",
            )
            yield Label("Reason for closing", id="reason-label")
            yield OptionList(*[Option(label, id=key) for key, label in CLOSE_REASONS.items()], id="reasons")
            yield Input(placeholder="note (optional) — enter saves", id="note")
            yield Static("", id="error", classes="error")
            yield Static("enter picks · ctrl+s saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self._show_reasons(False)

    def _show_reasons(self, show: bool) -> None:
        self.query_one("#reasons").display = show
        self.query_one("#reason-label").display = show

    def _stage(self) -> str | None:
        ol = self.query_one("#stages", OptionList)
        if ol.highlighted is None:
            return None
        sid = ol.get_option_at_index(ol.highlighted).id
        return "" if sid == "none" else sid

    @on(OptionList.OptionHighlighted, "#stages")
    def _stage_moved(self) -> None:
        self._show_reasons(self._stage() in CLOSED_STAGES)

    @on(OptionList.OptionSelected, "#stages")
    def _stage_picked(self) -> None:
        if self._stage() in CLOSED_STAGES:
            self.query_one("#reasons").focus()
        else:
            self.query_one("#note").focus()

    @on(OptionList.OptionSelected, "#reasons")
    def _reason_picked(self) -> None:
        self.query_one("#note").focus()

    @on(Input.Submitted, "#note")
    def _note_done(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        stage = self._stage()
        if stage is None:
            self.show_error("Pick a stage.")
            return
        reason = ""
        if stage in CLOSED_STAGES:
            ol = self.query_one("#reasons", OptionList)
            if ol.highlighted is None:
                self.show_error("Closing needs a reason: pick one.")
                ol.focus()
                return
            reason = ol.get_option_at_index(ol.highlighted).id  # type: ignore[assignment]  # options are always made with an id
        if stage == self.current:
            self.show_error("The account is already in that stage.")
            return
        self.submit(StageChoice(stage, reason, self.query_one("#note", Input).value))


class NoteModal(Form):
    """A quick note: channel, what happened, and the customer's words, one quote per line."""

    def __init__(self, account_name: str) -> None:
        super().__init__()
        self.account_name = account_name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Note on {self.account_name}"), classes="title")
            yield Select([(c, c) for c in CHANNELS], value="call", allow_blank=False, id="channel")
            yield Label("What happened")
            yield TextArea(id="summary", soft_wrap=True)
            yield Label("Their exact words — one quote per line")
            yield TextArea(id="quotes", soft_wrap=True)
            yield Static("", id="error", classes="error")
            yield Static("tab moves · ctrl+s saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#summary").focus()

    def dirty(self) -> bool:
        return bool(
            self.query_one("#summary", TextArea).text.strip() or self.query_one("#quotes", TextArea).text.strip()
        )

    def action_save(self) -> None:
        summary = self.query_one("#summary", TextArea).text.strip()
        quotes = tuple(q.strip() for q in self.query_one("#quotes", TextArea).text.splitlines() if q.strip())
        if not summary and not quotes:
            self.show_error("Nothing to save: write what happened or a quote.")
            return
        self.submit(NoteDraft(str(self.query_one("#channel", Select).value), summary, quotes))


class SignalModal(Form):
    """Log one of the 17 signals: type to narrow the list, enter to pick."""

    def __init__(self, account_name: str, today: date) -> None:
        super().__init__()
        self.account_name = account_name
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Signal on {self.account_name}"), classes="title")
            yield Input(placeholder="type to narrow the list", id="search")
            yield OptionList(id="kinds")
            yield DateInput(
                "today",
                today=self.today,
                placeholder="when (today, yesterday, -3d, 2026-11-20)",
                past=True,
                blank=None,
                id="when",
            )
            yield Input(placeholder="their words (optional)", id="quote")
            yield Static("", id="error", classes="error")
            yield Static("enter picks · ctrl+s saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#search").focus()

    def dirty(self) -> bool:
        return bool(self.query_one("#quote", Input).value.strip())

    def _fill(self, text: str) -> None:
        ol = self.query_one("#kinds", OptionList)
        ol.clear_options()
        needle = text.casefold().strip()
        for family, kinds in SIGNAL_FAMILIES.items():
            for kind, label in kinds.items():
                if not needle or needle in label.casefold() or needle in kind:
                    ol.add_option(Option(Text.assemble(label, (f"  {family}", "dim")), id=kind))
        if ol.option_count:
            ol.highlighted = 0

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one("#when").focus()

    @on(OptionList.OptionSelected, "#kinds")
    def _picked(self) -> None:
        self.query_one("#when").focus()

    @on(DateInput.Submitted, "#when")
    def _when_done(self) -> None:
        self.query_one("#quote").focus()

    @on(Input.Submitted, "#quote")
    def _quote_done(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        ol = self.query_one("#kinds", OptionList)
        if ol.highlighted is None:
            self.show_error("Pick a signal from the list.")
            return
        try:
            day, _ = self.query_one("#when", DateInput).parsed()
        except DateError as exc:
            self.show_error(str(exc))
            return
        if day > self.today:
            self.show_error("A signal cannot be dated in the future.")
            return
        kind = ol.get_option_at_index(ol.highlighted).id or ""  # options are always made with an id
        self.submit(SignalChoice(kind, day, self.query_one("#quote", Input).value.strip()))


class ResolveModal(Form):
    """Pick an active signal to resolve today."""

    def __init__(self, account_name: str, signals: list[tuple[int, str]]) -> None:
        super().__init__()
        self.account_name = account_name
        self.signals = signals

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Resolve a signal on {self.account_name}"), classes="title")
            yield OptionList(*[Option(Text(label), id=str(sid)) for sid, label in self.signals], id="signals")
            yield Static("", id="error", classes="error")
            yield Static("enter resolves it today · esc cancels", classes="hint")

    @on(OptionList.OptionSelected)
    def _picked(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        ol = self.query_one(OptionList)
        if ol.highlighted is None:
            self.show_error("Pick a signal.")
            return
        self.submit(int(ol.get_option_at_index(ol.highlighted).id))  # type: ignore[arg-type]  # options are always made with an id


class FollowUpModal(Form):
    """A new follow-up; the typed date is read back before saving."""

    def __init__(self, account_name: str, today: date, owner: str = "", title: str = "") -> None:
        super().__init__()
        self.account_name = account_name
        self.today = today
        self.owner = owner
        self.initial_title = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"Follow-up for {self.account_name}"), classes="title")
            yield Input(value=self.initial_title, placeholder="what to do", id="title")
            yield DateInput(
                today=self.today, placeholder="when: tomorrow, fri 14:00, +3d, next week, 2026-12-04", id="when"
            )
            yield Select([(c, c) for c in CHANNELS], value="call", allow_blank=False, id="channel")
            yield Input(value=self.owner, placeholder="owner", id="owner")
            yield Static("", id="error", classes="error")
            yield Static("enter moves on · ctrl+s saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#title").focus()

    def dirty(self) -> bool:
        return bool(self.query_one("#title", Input).value.strip() or self.query_one("#when", DateInput).value.strip())

    @on(Input.Submitted, "#title")
    def _title_done(self) -> None:
        self.query_one("#when").focus()

    @on(DateInput.Submitted, "#when")
    def _when_done(self) -> None:
        self.query_one("#channel").focus()

    @on(Input.Submitted, "#owner")
    def _owner_done(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self.show_error("A follow-up needs a title.")
            return
        try:
            day, at = self.query_one("#when", DateInput).parsed()
        except DateError as exc:
            self.show_error(str(exc))
            return
        channel = str(self.query_one("#channel", Select).value)
        self.submit(FollowUpDraft(title, day, at, channel, self.query_one("#owner", Input).value.strip()))
