"""The quick actions both the queue and the account screen offer (s, n, l, r, f).

A modal collects the input on the UI thread; the desk runs the write in a thread
worker (one transaction, re-triage, undo step) and the screen redraws when it lands."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.binding import Binding

from csm_desk.desk import Desk
from csm_desk.domain.vocab import FLAG_LABELS
from csm_desk.screens.modals import (
    FollowUpDraft,
    FollowUpModal,
    Form,
    NoteDraft,
    NoteKeeper,
    NoteModal,
    ResolveModal,
    SignalChoice,
    SignalModal,
    StageChoice,
    StageModal,
)
from csm_desk.screens.navigation import OpenCall, OpenSavePlan
from csm_desk.screens.record_actions import EDIT_BINDINGS, EditActions
from csm_desk.screens.unfinished_call import ChoiceModal, draft_summary
from csm_desk.store.calls import CallState
from csm_desk.store.note_drafts import NoteDraftView
from csm_desk.store.views import ContactView

ACTION_BINDINGS = [
    Binding("s", "stage", "Stage", id="stage"),
    Binding("n", "note", "Note", id="note"),
    Binding("l", "signal", "Signal", id="signal"),
    Binding("r", "resolve", "Resolve", id="resolve"),
    Binding("f", "followup", "Follow-up", id="followup"),
    Binding("c", "call", "Call", id="call"),
    *EDIT_BINDINGS,
]


class AccountActions(EditActions):
    """Mixin for a Screen that has a current account; see ``target`` and ``after_change``."""

    def target(self) -> tuple[int, str, str, str] | None:
        """(account id, name, stage, owner) of the account the keys act on."""
        raise NotImplementedError

    def after_change(self, account_id: int) -> None:
        """Redraw after a change to the account landed."""
        raise NotImplementedError

    # -- running a write ---------------------------------------------------
    def _form(self, form: Form, account_id: int, write: Callable[[Any], tuple[str, Callable[[Desk], object]]]) -> None:
        """Open ``form``; it saves through the desk (``u`` undoes it) and closes when the write
        landed, then the screen redraws the account. A failed write keeps the form open."""
        form.writing(self.app.form_writer(write))
        self.app.push_screen(form, lambda value: None if value is None else self.after_change(account_id))

    def _write(self, account_id: int, done: str, change: Callable[[Desk], object]) -> None:
        """A write with nothing typed to keep (a choice): a failure is shown by the app."""
        self.app.write(change, done, lambda: self.after_change(account_id))

    # -- the actions --------------------------------------------------------
    def action_stage(self) -> None:
        t = self.target()
        if t is None:
            return
        account_id, name, stage, _ = t

        def write(choice: StageChoice) -> tuple[str, Callable[[Desk], object]]:
            return f"Stage changed for {name}. u undoes it.", lambda desk: desk.set_stage(
                account_id, choice.stage, reason=choice.reason, note=choice.note, close_followups=choice.close_followups
            )

        modal = StageModal(name, stage)
        self._form(modal, account_id, write)
        app = self.app

        def count() -> None:  # asked only when closing as churned or let go; counted while the list is read
            n = app.desk.open_followup_count(account_id)
            app.call_from_thread(modal.know_followups, n)

        self.run_worker(count, thread=True, group="read", exit_on_error=False, description="count follow-ups")

    def action_note(self) -> None:
        t = self.target()
        if t is None:
            return
        account_id, name, _, _ = t
        app = self.app

        def load() -> None:  # a note left typed on this account comes back into the form
            left, detail = app.desk.note_draft(account_id), app.desk.account(account_id)
            contacts = detail.contacts if detail is not None else ()
            app.call_from_thread(self._open_note, account_id, name, left, contacts)

        self.run_worker(load, thread=True, group="read", exit_on_error=False, description="look for a typed note")

    def _open_note(
        self, account_id: int, name: str, left: NoteDraftView | None, contacts: Sequence[ContactView]
    ) -> None:
        keeper = NoteKeeper(self.app, account_id)

        def write(draft: NoteDraft) -> tuple[str, Callable[[Desk], object]]:
            return f"Note saved on {name}. u undoes it.", lambda desk: keeper.then(
                lambda: desk.add_note(
                    account_id,
                    channel=draft.channel,
                    summary=draft.summary,
                    quotes=draft.quotes,
                    speakers=draft.speakers,
                    at=draft.at,
                    duration_min=draft.duration_min,
                )
            )()

        form = NoteModal(name, draft=left, keeper=keeper, today=self.app.today, contacts=contacts)
        self._form(form, account_id, write)

    def action_signal(self) -> None:
        t = self.target()
        if t is None:
            return
        account_id, name, _, _ = t

        def write(choice: SignalChoice) -> tuple[str, Callable[[Desk], object]]:
            return f"Signal logged on {name}. u undoes it.", lambda desk: desk.log_signal(
                account_id, kind=choice.kind, day=choice.day, quote=choice.quote
            )

        self._form(SignalModal(name, self.app.today), account_id, write)

    def action_resolve(self) -> None:
        t = self.target()
        if t is None:
            return
        account_id, name, _, _ = t
        app = self.app

        def load() -> None:
            rows = app.desk.active_signals(account_id)
            options = [(s.id, f"{FLAG_LABELS.get(s.kind, s.kind)} — since {s.date.isoformat()}") for s in rows]
            app.call_from_thread(self._resolve_pick, account_id, name, options)

        self.run_worker(load, thread=True, group="read", exit_on_error=False, description="load signals")

    def _resolve_pick(self, account_id: int, name: str, options: list[tuple[int, str]]) -> None:
        if not options:
            self.app.notify("No active signal to resolve.", markup=False)
            return

        def write(signal_id: int) -> tuple[str, Callable[[Desk], object]]:
            return f"Signal resolved on {name}. u undoes it.", lambda desk: desk.resolve_signal(account_id, signal_id)

        self._form(ResolveModal(name, options), account_id, write)

    def action_followup(self) -> None:
        t = self.target()
        if t is None:
            return
        account_id, name, _, owner = t

        def write(draft: FollowUpDraft) -> tuple[str, Callable[[Desk], object]]:
            return f"Follow-up added for {name}. u undoes it.", lambda desk: desk.add_followup(
                account_id,
                due=draft.due,
                due_time=draft.due_time,
                title=draft.title,
                channel=draft.channel,
                owner=draft.owner or owner,
            )

        self._form(FollowUpModal(name, self.app.today, owner=owner or self.app.settings.app.me), account_id, write)

    # -- call mode and the save plan (the app opens them; this screen redraws on resume) ------
    def action_call(self) -> None:
        t = self.target()
        if t is not None:
            self.post_message(OpenCall(t[0]))

    def action_save_plan(self) -> None:
        t = self.target()
        if t is not None:
            self.post_message(OpenSavePlan(t[0]))

    def offer_draft(self, account_id: int) -> None:
        """A call left unfinished (the app was killed, the terminal closed) is offered back."""
        app = self.app

        def job() -> None:
            draft = app.desk.call_draft(account_id)
            if draft is not None:
                app.call_from_thread(self._offer_draft, account_id, draft)

        self.run_worker(job, thread=True, group="draft-offer", exit_on_error=False, description="look for a call draft")

    def _offer_draft(self, account_id: int, draft: CallState) -> None:
        def answered(choice: str | None) -> None:
            if choice == "resume":
                self.post_message(OpenCall(account_id, resume=True))
            elif choice == "discard":
                self._write(
                    account_id,
                    "Call draft discarded. u undoes it.",
                    lambda desk: desk.discard_draft(account_id, draft.draft_id),  # type: ignore[arg-type]  # an offered draft has been saved, so it has an id
                )

        choices = [("resume", "Resume the call"), ("later", "Not now (it stays offered)"), ("discard", "Discard it")]
        self.app.push_screen(
            ChoiceModal("An unfinished call was found", draft_summary(draft), choices, frozenset({"discard"})), answered
        )
