"""The agenda: overdue, today and upcoming follow-ups, cleared from the keyboard.

Overdue work never drops off by itself: it stays at the top until it is done or
skipped. Every change goes through the desk's one write path, so ``u`` takes it back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from csm_desk.desk import Desk
from csm_desk.render.privacy import PRIVATE_NOTE, badge, masked_money
from csm_desk.screens.agenda_modals import NewDate, OutcomeModal, RescheduleModal, SnoozeModal
from csm_desk.screens.failures import ReportsFailures
from csm_desk.screens.modals import FollowUpDraft, FollowUpModal, Form
from csm_desk.screens.navigation import OpenAccount, OpenCall
from csm_desk.store.agenda import Agenda, AgendaItem
from csm_desk.widgets.agenda_list import AgendaList
from csm_desk.widgets.privacy import FollowsPrivacy, is_private

EMPTY = "Nothing due: no overdue, today's or upcoming follow-ups. Press f on an account to add one."


class AgendaScreen(FollowsPrivacy, ReportsFailures, Screen):
    """What is due, in order; x, z, r, d act on the highlighted follow-up."""

    BINDINGS = [
        Binding("x", "done", "Done", id="agenda-done"),
        Binding("X", "skip", "Skip", id="agenda-skip"),
        Binding("z", "snooze", "Snooze", id="agenda-snooze"),
        Binding("r", "reschedule", "Reschedule", id="agenda-reschedule"),
        Binding("e", "edit", "Edit", id="agenda-edit"),
        Binding("delete,D", "delete", "Delete", id="agenda-delete"),
        Binding("c", "call", "Call", id="call"),
        Binding("u", "app.undo", "Undo", id="undo"),
        Binding("escape", "app.switch_mode('queue')", "Queue", id="back"),
        Binding("ctrl+r,F5", "refresh", "Refresh", show=False, id="refresh"),
    ]
    DEFAULT_CSS = """
    AgendaScreen #agenda-empty { padding: 2 4; }
    """

    class Loaded(Message):
        def __init__(self, agenda: Agenda) -> None:
            super().__init__()
            self.agenda = agenda

    def __init__(self) -> None:
        super().__init__()
        self.agenda: Agenda | None = None
        self.items: dict[str, AgendaItem] = {}
        self._keep: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="topbar")
        yield Static(EMPTY, id="agenda-empty", markup=False)
        yield AgendaList(id="agenda-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#agenda-empty").display = False
        self.query_one(AgendaList).focus()
        self.reload(check_lifecycle=True)

    def on_screen_resume(self) -> None:
        if self.agenda is not None:
            self.reload()

    # -- loading --------------------------------------------------------------
    def reload(self, keep_id: int | None = None, *, check_lifecycle: bool = False) -> None:
        self._keep = keep_id if keep_id is not None else (self.current.id if self.current else None)
        self._load(check_lifecycle)

    @work(thread=True, exclusive=True, group="agenda", exit_on_error=False, description="load the agenda")
    def _load(self, check_lifecycle: bool) -> None:
        desk = self.app.desk
        self.post_message(self.Loaded(desk.agenda()))
        # Once a day, after first paint: re-engagement nudges that time alone made due.
        if check_lifecycle and desk.daily_check():
            self.post_message(self.Loaded(desk.agenda()))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.agenda = event.agenda
        self._draw(self._keep)

    def _draw(self, keep_id: int | None) -> None:
        agenda = self.agenda
        table = self.query_one(AgendaList)
        table.set_agenda(agenda, keep_id)  # type: ignore[arg-type]  # set by the first load, before any key reaches this
        self.query_one("#agenda-empty").display = not len(agenda)  # type: ignore[arg-type]  # set by the first load, before any key reaches this
        table.display = bool(len(agenda))  # type: ignore[arg-type]  # set by the first load, before any key reaches this
        if table.display and self.focused is None:  # hiding the list took its focus: the keys need it back
            table.focus()
        self._update_topbar()

    def _update_topbar(self) -> None:
        agenda = self.agenda
        bar = badge(is_private(self))
        bar.append("Agenda", style="bold")
        bar.append(f"  {agenda.today.strftime('%a %d %b %Y')}")
        for name, items in agenda.sections():
            bar.append(f"  · {len(items)} {name}", style="bold red" if name == "overdue" and items else "")
        bar.append(f"  · next {agenda.days} days  · esc/a: queue", style="dim")
        self.query_one("#topbar", Static).update(bar)

    @property
    def current(self) -> AgendaItem | None:
        return self.query_one(AgendaList).current  # type: ignore[return-value]  # day headings are never current

    # -- writes (through the undo stack) ------------------------------------------
    def _write(self, label: str, change: Callable[[Desk], object], item: AgendaItem) -> None:
        self.app.write(change, self._said(label, item.title, item.title_written), self.reload)

    def _said(self, label: str, title: str, written: bool = True) -> str:
        """What the toast says; in privacy mode the follow-up's ``title`` in it is hidden when a person wrote it."""
        if is_private(self) and title:
            label = label.replace(title, PRIVATE_NOTE if written else masked_money(title))
        return label[:1].upper() + label[1:] + ". u undoes it."

    def _form(self, form: Form, write: Callable[[Any], tuple[str, Callable[[Desk], object]]]) -> None:
        """Open ``form``; it closes once its write landed, or keeps what was typed and says why not."""
        form.writing(self.app.form_writer(write))
        self.app.push_screen(form, lambda value: None if value is None else self.reload())

    def _target(self) -> AgendaItem | None:
        item = self.current
        if item is None:
            self.app.notify("No follow-up selected.", markup=False)
        return item

    def action_done(self) -> None:
        item = self._target()
        if item is None:
            return

        def write(outcome: str) -> tuple[str, Callable[[Desk], object]]:
            label = f"done: {item.title}"
            return self._said(label, item.title, item.title_written), lambda desk: desk.complete_followup(
                item.account_id, item.id, label, outcome=outcome
            )

        self._form(OutcomeModal(item.title, item.account_name, written=item.title_written), write)

    def action_skip(self) -> None:
        item = self._target()
        if item is not None:
            label = f"skipped: {item.title}"
            self._write(label, lambda desk: desk.complete_followup(item.account_id, item.id, label, skipped=True), item)

    def action_snooze(self) -> None:
        item = self._target()
        if item is None:
            return
        today = self.app.today

        def write(until: date) -> tuple[str, Callable[[Desk], object]]:
            label = f"snoozed to {until.strftime('%a %d %b')}: {item.title}"
            return self._said(label, item.title, item.title_written), lambda desk: desk.snooze_followup(
                item.account_id, item.id, label, until=until
            )

        self._form(SnoozeModal(item.title, today, max(today, item.original_due), written=item.title_written), write)

    def action_reschedule(self) -> None:
        item = self._target()
        if item is None:
            return
        today = self.app.today
        current = item.due.strftime("%a %d %b %Y") + (item.time.strftime(" %H:%M") if item.time else "")

        def write(new: NewDate) -> tuple[str, Callable[[Desk], object]]:
            label = f"rescheduled to {new.due.strftime('%a %d %b')}: {item.title}"
            return self._said(label, item.title, item.title_written), lambda desk: desk.reschedule_followup(
                item.account_id, item.id, label, due=new.due, due_time=new.due_time
            )

        self._form(RescheduleModal(item.title, today, current, written=item.title_written), write)

    def action_edit(self) -> None:
        """Correct the follow-up: what to do, when, the channel, the owner."""
        item = self._target()
        if item is None:
            return

        def write(draft: FollowUpDraft) -> tuple[str, Callable[[Desk], object]]:
            return self._said(f"updated: {draft.title}", draft.title), lambda desk: desk.update_followup(
                item.account_id,
                item.id,
                title=draft.title,
                due=draft.due,
                due_time=draft.due_time,
                channel=draft.channel,
                owner=draft.owner,
            )

        when = item.original_due.isoformat() + (item.time.strftime(" %H:%M") if item.time else "")
        form = FollowUpModal(
            item.account_name, self.app.today, owner=item.owner, title=item.title, when=when, channel=item.channel
        )
        self._form(form, write)

    def action_delete(self) -> None:
        item = self._target()
        if item is not None:
            label = f"deleted: {item.title}"
            self._write(label, lambda desk: desk.delete_followup(item.account_id, item.id, label), item)

    # -- moving around -----------------------------------------------------------
    @on(AgendaList.Selected)
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        item = self._target()
        if item is not None:
            self.post_message(OpenAccount(item.account_id))

    def action_call(self) -> None:
        item = self._target()
        if item is not None:
            self.post_message(OpenCall(item.account_id, followup=(item.id, item.title)))

    def action_refresh(self) -> None:
        self.reload()

    def refresh_privacy(self) -> None:
        # The list follows privacy mode itself (a sum in a title is masked); the top bar says it is on.
        if self.agenda is not None:
            self._update_topbar()
