"""Modals for the quick actions: stage, note, signal, resolve, follow-up.

Each returns a small dataclass through ``dismiss`` (or None when cancelled). A form that
writes is given the write (``Form.writing``): it stays open until the write landed, and
when the write fails it shows why and keeps everything typed, so ctrl+s tries again."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Self

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from csm_desk.domain.dates import DateError
from csm_desk.domain.records import FieldError, parse_minutes
from csm_desk.domain.vocab import (
    CHANNELS,
    CLOSE_REASONS,
    CLOSED_STAGES,
    SIGNAL_FAMILIES,
    STAGE_LABELS,
    STAGES,
)
from csm_desk.errors import failure_message
from csm_desk.store.views import ContactView, NoteView
from csm_desk.widgets.date_input import DateInput
from csm_desk.widgets.privacy import PrivateInput, PrivateTextArea


@dataclass(frozen=True)
class StageChoice:
    stage: str
    reason: str
    note: str
    close_followups: bool = False
    """Closing as churned or let go: close the account's open follow-ups too."""


ENDING = ("churned", "let_go")
"""Closing stages after which the account's open follow-ups are no longer owed (by default)."""


@dataclass(frozen=True)
class NoteDraft:
    channel: str
    summary: str
    quotes: tuple[str, ...]
    speakers: tuple[int | None, ...] = ()
    """Who said each quote (a contact id), beside ``quotes``; None: not said."""
    at: datetime | None = None
    """When it happened; None: now."""
    duration_min: int | None = None


SPEAKER = re.compile(r"([^:\n]{1,80}):\s+(\S.*)")
"""A quote line that starts with who said it: ``Juliana: we need the export``."""


def split_speakers(lines: Sequence[str], contacts: Sequence[ContactView]) -> list[tuple[str, int | None]]:
    """Each quote line as (words, speaker id): a leading ``Name:`` that is a contact's full or first
    name (one contact only) names the speaker; any other line is the quote as typed, speaker unknown."""
    names: dict[str, set[int]] = {}
    for c in contacts:
        for key in {c.name.strip().casefold(), (c.name.split() or [""])[0].casefold()}:
            if key:
                names.setdefault(key, set()).add(c.id)
    out: list[tuple[str, int | None]] = []
    for line in lines:
        m = SPEAKER.fullmatch(line.strip())
        ids = names.get(m.group(1).strip().casefold(), set()) if m else set()
        if m and len(ids) == 1:
            out.append((m.group(2).strip(), next(iter(ids))))
        else:
            out.append((line.strip(), None))
    return out


def join_speakers(quotes: Sequence[tuple[str, int | None]], contacts: Sequence[ContactView]) -> str:
    """The quote lines as the form shows them, each prefixed with its speaker's name."""
    names = {c.id: c.name for c in contacts}
    return "\n".join(f"{names[s]}: {t}" if s in names else t for t, s in quotes)


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
    Form #error { display: none; }
    Form OptionList { height: auto; max-height: 12; }
    Form TextArea { height: 5; }
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
        line = self.query_one("#error", Static)
        line.update(Text(message))
        line.display = bool(message)  # no blank line while there is nothing to say


class StageModal(Form):
    """Move an account along the pipeline; closing asks for the reason (and, for churned or let
    go, what to do with the open follow-ups). It scrolls on a short terminal: the focused list
    or box is always in view."""

    DEFAULT_CSS = """
    StageModal > VerticalScroll {
        width: 76; max-width: 95%; height: auto; max-height: 95%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    StageModal #reasons { max-height: 8; }
    """

    def __init__(self, account_name: str, current: str) -> None:
        super().__init__()
        self.account_name = account_name
        self.current = current
        self.open_followups: int | None = None
        """How many follow-ups the account has open (None until known): closing as churned or let go asks about them."""

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(Text(f"Stage of {self.account_name}"), classes="title")
            yield Static("", id="error", classes="error")
            yield OptionList(
                *[Option(STAGE_LABELS[s] + ("  (now)" if s == self.current else ""), id=s) for s in STAGES],
                Option("remove from pipeline", id="none"),
                id="stages",
            )
            yield Label("Reason for closing", id="reason-label")
            yield OptionList(*[Option(label, id=key) for key, label in CLOSE_REASONS.items()], id="reasons")
            yield Label("Its open follow-ups", id="followups-label")
            yield OptionList(
                Option("Close them all (skipped, the case closed)", id="close"),
                Option("Keep them open", id="keep"),
                id="followups",
            )
            yield PrivateInput(placeholder="note (optional) — enter saves", id="note")
            yield Static("enter picks · ctrl+s saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#followups", OptionList).highlighted = 0
        self._show_reasons(False)
        self.query_one("#stages").focus()  # not the scrolling frame

    def know_followups(self, count: int) -> None:
        """The account's open follow-ups were counted (a worker): the question names how many, or goes."""
        self.open_followups = count
        if self.is_attached:
            ol = self.query_one("#followups", OptionList)
            ol.replace_option_prompt("close", f"Close its {count} open follow-up{'s' if count != 1 else ''} (skipped)")
            self._show_reasons(self._stage() in CLOSED_STAGES)

    def _asks_followups(self) -> bool:
        return self._stage() in ENDING and self.open_followups != 0

    def _show_reasons(self, show: bool) -> None:
        self.query_one("#reasons").display = show
        self.query_one("#reason-label").display = show
        asks = show and self._asks_followups()
        self.query_one("#followups").display = asks
        self.query_one("#followups-label").display = asks

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
        self.query_one("#followups" if self._asks_followups() else "#note").focus()

    @on(OptionList.OptionSelected, "#followups")
    def _followups_picked(self) -> None:
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
        close = False
        if stage in ENDING:  # closing them is the default, also while the count is still on its way
            ol = self.query_one("#followups", OptionList)
            close = ol.highlighted is None or ol.get_option_at_index(ol.highlighted).id == "close"
        self.submit(StageChoice(stage, reason, self.query_one("#note", Input).value, close))


class NoteKeeper:
    """Keeps the quick note on disk while it is typed: each save in a worker, one at a time, and none
    after the note itself was written (that write removes the draft in its own transaction)."""

    def __init__(self, app, account_id: int) -> None:
        self.app = app
        self.account_id = account_id
        self._lock = threading.Lock()
        self._closed = False
        self.status: Callable[[str], None] = lambda _said: None
        """Shows how the last save went (set by the form)."""

    def keep(self, channel: str, summary: str, quotes: str) -> None:
        app, account_id = self.app, self.account_id

        def job() -> None:
            with self._lock:
                if self._closed:
                    return
                try:
                    app.desk.save_note_draft(account_id, channel=channel, summary=summary, quotes=quotes)
                except Exception as exc:  # busy, read-only, full: said in the form, tried at the next pause
                    app.call_from_thread(self.status, f"draft NOT saved ({failure_message(exc)})")
                    return
            app.call_from_thread(self.status, "draft saved")

        app.run_worker(job, thread=True, group="note-draft", exit_on_error=False, description="keep the note")

    def then(self, write: Callable[[], object]) -> Callable[[], object]:
        """``write`` (the note itself) run after any save in flight; no save follows it unless it fails."""

        def run() -> object:
            with self._lock:
                self._closed = True
                try:
                    return write()
                except BaseException:
                    self._closed = False
                    raise

        return run

    def drop(self) -> None:
        """The typed note was thrown away on purpose: so is its draft."""
        app, account_id = self.app, self.account_id
        self._closed = True

        def job() -> None:
            with self._lock:
                app.desk.discard_note_draft(account_id)

        app.run_worker(job, thread=True, group="note-draft", exit_on_error=False, description="drop the note")


class NoteModal(Form):
    """A quick note: channel, what happened, and the customer's words, one quote per line.

    With a ``keeper`` what is typed is on disk within ``DRAFT_DELAY`` seconds, and a note left
    unsaved (the terminal closed, the process killed) comes back when the form opens again."""

    DRAFT_DELAY = 0.3

    DEFAULT_CSS = """
    NoteModal #note-when { height: 1; }
    NoteModal #draft-status { display: none; }
    NoteModal #note-when > Label { width: auto; padding: 0 1 0 0; color: $text-muted; }
    NoteModal #note-when > DateInput { width: 1fr; }
    NoteModal #duration { width: 8; }
    NoteModal Input.-textual-compact:focus { background: $boost; }
    """

    def __init__(
        self,
        account_name: str,
        *,
        draft=None,
        keeper: NoteKeeper | None = None,
        today: date | None = None,
        contacts: Sequence[ContactView] = (),
        note: NoteView | None = None,
    ) -> None:
        super().__init__()
        self.account_name = account_name
        self.draft = draft
        self.keeper = keeper
        self.today = today
        """The day typed dates resolve against; None: the form has no date (it is now)."""
        self.contacts = tuple(contacts)
        self.note = note
        """The stored note being corrected; None for a new one."""
        self._timer: Timer | None = None
        self._kept = (draft.channel, draft.summary, draft.quotes) if draft is not None else ("call", "", "")

    def compose(self) -> ComposeResult:
        with Vertical():
            verb = "Note on" if self.note is None else "Correct the note on"
            yield Label(Text(f"{verb} {self.account_name}"), classes="title")
            # Above the fields, so a failed save and the draft's state show even on a 24-line terminal.
            yield Static("", id="error", classes="error")
            yield Static("", id="draft-status", classes="hint")
            yield Select([(c, c) for c in CHANNELS], value="call", allow_blank=False, compact=True, id="channel")
            if self.today is not None:
                with Horizontal(id="note-when"):
                    yield Label("When")
                    when = ""
                    if self.note is not None:
                        when = f"{self.note.at.astimezone():%Y-%m-%d %H:%M}"
                    yield DateInput(when, today=self.today, beside=True, blank="now", compact=True, id="when")
                    yield Label(" Minutes")
                    minutes = str(self.note.duration_min or "") if self.note is not None else ""
                    yield Input(minutes, placeholder="—", compact=True, id="duration")
            yield Label("What happened")
            yield PrivateTextArea(id="summary", soft_wrap=True)
            someone = next((c.name.split()[0] for c in self.contacts if c.status == "active" and c.name.split()), "Ana")
            yield Label(Text(f"Their exact words — one quote per line; '{someone}: …' says who said it"))
            yield PrivateTextArea(id="quotes", soft_wrap=True)
            yield Static("tab moves · ctrl+s saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        if self.keeper is not None:
            self.keeper.status = self._draft_status
        d = self.draft
        if d is not None:
            with self.prevent(TextArea.Changed, Select.Changed):
                if d.channel in CHANNELS:
                    self.query_one("#channel", Select).value = d.channel
                self.query_one("#summary", TextArea).load_text(d.summary)
                self.query_one("#quotes", TextArea).load_text(d.quotes)
            self._draft_status(f"the note left unsaved at {d.updated_at.astimezone():%H:%M} is back")
        n = self.note
        if n is not None:
            with self.prevent(TextArea.Changed, Select.Changed):
                if n.channel in CHANNELS:
                    self.query_one("#channel", Select).value = n.channel
                self.query_one("#summary", TextArea).load_text(n.summary)
                self.query_one("#quotes", TextArea).load_text(join_speakers(n.quotes, self.contacts))
            self._loaded = self._typed_now()
        self.query_one("#summary").focus()

    def _typed_now(self) -> tuple[str, ...]:
        texts = (self.query_one("#summary", TextArea).text, self.query_one("#quotes", TextArea).text)
        if self.today is None:
            return texts
        return (*texts, self.query_one("#when", DateInput).value, self.query_one("#duration", Input).value)

    @property
    def draft_due(self) -> bool:
        """A save of the draft is waiting for its timer."""
        return self._timer is not None

    def _draft_status(self, said: str) -> None:
        if self.is_attached:
            line = self.query_one("#draft-status", Static)
            line.update(Text(said))
            line.display = bool(said)

    @on(TextArea.Changed)
    @on(Select.Changed)
    def _typed(self) -> None:
        if self.keeper is not None and self._timer is None and not self.saving:
            self._timer = self.set_timer(self.DRAFT_DELAY, self._keep)

    def _keep(self) -> None:
        self._timer = None
        now = (
            str(self.query_one("#channel", Select).value),
            self.query_one("#summary", TextArea).text,
            self.query_one("#quotes", TextArea).text,
        )
        if self.keeper is not None and not self.saving and now != self._kept:
            self._kept = now
            self.keeper.keep(*now)

    _loaded: tuple[str, ...] | None = None

    def dirty(self) -> bool:
        if self._loaded is not None:  # correcting a stored note: changed from what was loaded
            return self._typed_now() != self._loaded
        return bool(
            self.query_one("#summary", TextArea).text.strip() or self.query_one("#quotes", TextArea).text.strip()
        )

    def action_cancel(self) -> None:
        discarding = self.keeper is not None and not self.saving and (self._armed or not self.dirty())
        super().action_cancel()
        if discarding and (self.draft is not None or self.dirty()):
            if self._timer is not None:
                self._timer.stop()
            self.keeper.drop()

    def action_save(self) -> None:
        summary = self.query_one("#summary", TextArea).text.strip()
        lines = [q for q in self.query_one("#quotes", TextArea).text.splitlines() if q.strip()]
        said = split_speakers(lines, self.contacts)
        if not summary and not said:
            self.show_error("Nothing to save: write what happened or a quote.")
            return
        try:
            at, minutes = self._when()
        except FieldError as exc:
            self.show_error(exc.message)
            self.query_one("#when" if exc.field == "when" else "#duration").focus()
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        channel = str(self.query_one("#channel", Select).value)
        self.submit(NoteDraft(channel, summary, tuple(t for t, _ in said), tuple(s for _, s in said), at, minutes))

    def _when(self) -> tuple[datetime | None, int | None]:
        """When it happened (None: now) and how long it took, as typed; ``FieldError`` when wrong."""
        if self.today is None:
            return None, None
        minutes = parse_minutes(self.query_one("#duration", Input).value)
        field = self.query_one("#when", DateInput)
        if not field.value.strip():
            return (self.note.at if self.note is not None else None), minutes
        try:
            day, at = field.parsed()
        except DateError as exc:
            raise FieldError("when", f"When: {exc}") from None
        if day > self.today:
            raise FieldError("when", "When: a note is about what happened, so not after today.")
        if at is None:
            if day == self.today and self.note is None:
                return None, minutes  # today, no time typed: now
            at = time(12)  # a past day without a time of day is kept at noon (the box's placeholder says so)
        return datetime.combine(day, at).astimezone(), minutes


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
            yield PrivateInput(placeholder="their words (optional)", id="quote")
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

    def __init__(
        self,
        account_name: str,
        today: date,
        owner: str = "",
        title: str = "",
        *,
        when: str = "",
        channel: str = "call",
    ) -> None:
        super().__init__()
        self.account_name = account_name
        self.today = today
        self.owner = owner
        self.initial_title = title
        self.initial_when = when
        """A stored follow-up's due date (and time) when it is being corrected."""
        self.channel = channel if channel in CHANNELS else "call"

    def compose(self) -> ComposeResult:
        with Vertical():
            heading = "Correct the follow-up for" if self.initial_when else "Follow-up for"
            yield Label(Text(f"{heading} {self.account_name}"), classes="title")
            yield PrivateInput(value=self.initial_title, placeholder="what to do", id="title")
            yield DateInput(
                self.initial_when,
                today=self.today,
                placeholder="when: tomorrow, fri 14:00, +3d, next week, 2026-12-04",
                id="when",
            )
            yield Select([(c, c) for c in CHANNELS], value=self.channel, allow_blank=False, id="channel")
            yield Input(value=self.owner, placeholder="owner", id="owner")
            yield Static("", id="error", classes="error")
            yield Static("enter moves on · ctrl+s saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#title").focus()

    def dirty(self) -> bool:
        title, when = self.query_one("#title", Input).value.strip(), self.query_one("#when", DateInput).value.strip()
        if self.initial_when:  # correcting a stored one: changed from what it was
            return (title, when) != (self.initial_title, self.initial_when)
        return bool(title or when)

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
