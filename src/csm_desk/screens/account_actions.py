"""The quick actions both the queue and the account screen offer (s, n, l, r, f).

A modal collects the input on the UI thread; the write runs in a thread worker
and the screen is told to re-triage and redraw when it lands."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding

from csm_desk.domain.vocab import FLAG_LABELS
from csm_desk.screens.modals import (
    FollowUpDraft,
    FollowUpModal,
    NoteDraft,
    NoteModal,
    ResolveModal,
    SignalChoice,
    SignalModal,
    StageChoice,
    StageModal,
)
from csm_desk.store import actions
from csm_desk.store.actions import ActionError
from csm_desk.store.tables import Signal

ACTION_BINDINGS = [
    Binding("s", "stage", "Stage", id="stage"),
    Binding("n", "note", "Note", id="note"),
    Binding("l", "signal", "Signal", id="signal"),
    Binding("r", "resolve", "Resolve", id="resolve"),
    Binding("f", "followup", "Follow-up", id="followup"),
    Binding("c", "call", "Call", id="call"),
]


class AccountActions:
    """Mixin for a Screen that has a current account; see ``target`` and ``after_change``."""

    def target(self) -> tuple[int, str, str, str] | None:
        """(account id, name, stage, owner) of the account the keys act on."""
        raise NotImplementedError

    def after_change(self, account_id: int, message: str) -> None:
        raise NotImplementedError

    # -- running a write ---------------------------------------------------
    def _write(self, account_id: int, done: str, change: Callable[[], object]) -> None:
        app = self.app

        def job() -> None:
            try:
                change()
            except ActionError as exc:
                app.call_from_thread(app.notify, str(exc), severity="error", markup=False)
                return
            app.call_from_thread(self.after_change, account_id, done)

        self.run_worker(job, thread=True, group="write", exit_on_error=False, description=done)

    def _ctx(self):
        app = self.app
        return app.store, app.today, app.settings.red_flags

    # -- the actions --------------------------------------------------------
    def action_stage(self) -> None:
        t = self.target()
        if t is None:
            return
        account_id, name, stage, _ = t

        def chosen(choice: StageChoice | None) -> None:
            if choice is None:
                return
            store, today, rules = self._ctx()
            # Through the app's undo stack: u puts the stage (and what it set) back.
            self._write(account_id, f"Stage changed for {name}. u undoes it.", lambda: self.app.undo.record(
                store, [account_id], f"stage change on {name}", lambda st: actions.set_stage(
                    st, account_id, choice.stage, today, rules, reason=choice.reason, note=choice.note)))

        self.app.push_screen(StageModal(name, stage), chosen)

    def action_note(self) -> None:
        t = self.target()
        if t is None:
            return
        account_id, name, _, _ = t

        def written(draft: NoteDraft | None) -> None:
            if draft is None:
                return
            store, today, rules = self._ctx()
            self._write(account_id, f"Note saved on {name}.", lambda: actions.add_note(
                store, account_id, today, rules, channel=draft.channel, summary=draft.summary, quotes=draft.quotes))

        self.app.push_screen(NoteModal(name), written)

    def action_signal(self) -> None:
        t = self.target()
        if t is None:
            return
        account_id, name, _, _ = t

        def chosen(choice: SignalChoice | None) -> None:
            if choice is None:
                return
            store, today, rules = self._ctx()
            self._write(account_id, f"Signal logged on {name}.", lambda: actions.log_signal(
                store, account_id, today, rules, kind=choice.kind, day=choice.day, quote=choice.quote))

        self.app.push_screen(SignalModal(name, self.app.today), chosen)

    def action_resolve(self) -> None:
        t = self.target()
        if t is None:
            return
        account_id, name, _, _ = t
        app = self.app

        def load() -> None:
            from sqlalchemy import select

            with app.store.read() as session:
                rows = session.scalars(select(Signal).where(
                    Signal.account_id == account_id, Signal.resolved_on.is_(None)).order_by(Signal.date)).all()
            options = [(s.id, f"{FLAG_LABELS.get(s.kind, s.kind)} — since {s.date.isoformat()}") for s in rows]
            app.call_from_thread(self._resolve_pick, account_id, name, options)

        self.run_worker(load, thread=True, group="read", exit_on_error=False, description="load signals")

    def _resolve_pick(self, account_id: int, name: str, options: list[tuple[int, str]]) -> None:
        if not options:
            self.app.notify("No active signal to resolve.", markup=False)
            return

        def chosen(signal_id: int | None) -> None:
            if signal_id is None:
                return
            store, today, rules = self._ctx()
            self._write(account_id, f"Signal resolved on {name}.", lambda: actions.resolve_signal(
                store, signal_id, today, rules))

        self.app.push_screen(ResolveModal(name, options), chosen)

    def action_followup(self) -> None:
        t = self.target()
        if t is None:
            return
        account_id, name, _, owner = t

        def written(draft: FollowUpDraft | None) -> None:
            if draft is None:
                return
            store, today, rules = self._ctx()
            self._write(account_id, f"Follow-up added for {name}.", lambda: actions.add_followup(
                store, account_id, today, rules, due=draft.due, due_time=draft.due_time, title=draft.title,
                channel=draft.channel, owner=draft.owner or owner))

        self.app.push_screen(FollowUpModal(name, self.app.today, owner=owner or self.app.settings.app.me), written)

    # -- call mode (screens/call.py) --------------------------------------------
    def action_call(self) -> None:
        t = self.target()
        if t is not None:
            from csm_desk.screens.call import CallScreen

            self.app.push_screen(CallScreen(t[0]), self._back_from_call)

    def _back_from_call(self, _result=None) -> None:
        # The queue refreshes itself on resume; the account screen reloads here.
        reload = getattr(self, "load", None)
        if callable(reload):
            reload()

    def offer_draft(self, account_id: int) -> None:
        """A call left unfinished (the app was killed, the terminal closed) is offered back."""
        from csm_desk.store.calls import open_draft

        app = self.app

        def job() -> None:
            draft = open_draft(app.store, account_id)
            if draft is not None:
                app.call_from_thread(self._offer_draft, account_id, draft)

        self.run_worker(job, thread=True, group="draft-offer", exit_on_error=False, description="look for a call draft")

    def _offer_draft(self, account_id: int, draft) -> None:
        from csm_desk.screens.call import CallScreen
        from csm_desk.screens.call_modals import ChoiceModal, draft_summary
        from csm_desk.store.calls import discard_draft

        def answered(choice: str | None) -> None:
            if choice == "resume":
                self.app.push_screen(CallScreen(account_id, resume=True), self._back_from_call)
            elif choice == "discard":
                store = self.app.store
                self._write(account_id, "Call draft discarded.", lambda: discard_draft(store, draft.draft_id))

        choices = [("resume", "Resume the call"), ("later", "Not now (it stays offered)"),
                   ("discard", "Discard it")]
        self.app.push_screen(ChoiceModal("An unfinished call was found", draft_summary(draft), choices,
                                         frozenset({"discard"})), answered)
