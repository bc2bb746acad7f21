"""``e`` corrects anything on the current account and ``N`` adds an account, from the queue
and the account screen: the picker lists the records, a form collects the change, the desk
writes it through its one write path (re-triaged at once; ``u`` takes it back)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.binding import Binding

from csm_desk.desk import Desk
from csm_desk.domain.records import AccountFields
from csm_desk.domain.vocab import FLAG_LABELS
from csm_desk.render.privacy import PRIVATE_NOTE
from csm_desk.screens.modals import FollowUpDraft, FollowUpModal, Form, NoteDraft, NoteModal
from csm_desk.screens.navigation import OpenAccount
from csm_desk.screens.record_forms import (
    ACCOUNT,
    NEW_CONTACT,
    AccountForm,
    ContactEdit,
    ContactForm,
    EditPick,
    EditPicker,
    SignalEdit,
    SignalForm,
    edit_options,
)
from csm_desk.screens.unfinished_call import ChoiceModal
from csm_desk.store.views import AccountDetail, NoteView

EDIT_BINDINGS = [
    Binding("e", "edit", "Edit", id="edit"),
    Binding("N", "new_account", "New account", show=False, id="new-account"),
]

NOTES_LISTED = 40
"""How many of the newest notes and calls the edit picker lists."""


def note_lines(detail: AccountDetail, private: bool) -> list[tuple[int, str]]:
    """The newest notes and calls as (id, one line) for the picker; their words hidden in privacy mode."""
    out = []
    for e in detail.timeline:
        if e.kind == "interaction" and e.ref_id is not None:
            gist = "" if private else " — " + " ".join((e.body or (e.quotes[0] if e.quotes else "")).split())[:60]
            out.append((e.ref_id, f"{e.at.astimezone():%Y-%m-%d %H:%M} {e.title}{gist}"))
        if len(out) >= NOTES_LISTED:
            break
    return out


class EditActions:
    """Mixin for a Screen with a current account (``target``/``after_change`` as in AccountActions)."""

    app: Any

    def target(self) -> tuple[int, str, str, str] | None:
        raise NotImplementedError

    def after_change(self, account_id: int) -> None:
        raise NotImplementedError

    def _form(self, form: Form, account_id: int, write: Callable[[Any], tuple[str, Callable[[Desk], object]]]) -> None:
        raise NotImplementedError

    def _write(self, account_id: int, done: str, change: Callable[[Desk], object]) -> None:
        raise NotImplementedError

    # -- N: a new account -----------------------------------------------------------------
    def action_new_account(self) -> None:
        app = self.app
        made: list[int] = []

        def write(fields: AccountFields) -> tuple[str, Callable[[Desk], object]]:
            return f"Account {fields.name} added. u undoes it.", lambda desk: made.append(desk.create_account(fields))

        def closed(value: object) -> None:
            if value is not None and made:  # straight to the new account: contacts, notes, follow-ups next
                self.post_message(OpenAccount(made[-1]))

        form = AccountForm(app.today, owner=app.settings.app.me)
        form.writing(app.form_writer(write))
        app.push_screen(form, closed)

    # -- e: the picker, then the record's form ---------------------------------------------------
    def action_edit(self) -> None:
        t = self.target()
        if t is None:
            return
        account_id = t[0]
        app = self.app

        def load() -> None:
            detail = app.desk.account(account_id)
            if detail is not None:
                app.call_from_thread(self._pick, detail)

        self.run_worker(load, thread=True, group="read", exit_on_error=False, description="load the records")

    def _pick(self, detail: AccountDetail) -> None:
        picker = EditPicker(
            detail.account.name, lambda private: edit_options(detail, note_lines(detail, private), private)
        )
        self.app.push_screen(picker, lambda pick: None if pick is None else self._picked(detail, pick))

    def _picked(self, detail: AccountDetail, pick: EditPick) -> None:
        a = detail.account
        kind, _, ref = pick.key.partition(":")
        if pick.verb == "delete":
            self._confirm_delete(detail, kind, int(ref))
        elif pick.verb == "reopen":
            self._reopen(detail, int(ref))
        elif pick.key == ACCOUNT:
            self._edit_account(detail)
        elif pick.key == NEW_CONTACT:
            self._edit_contact(detail, None)
        elif kind == "contact":
            self._edit_contact(detail, int(ref))
        elif kind == "followup":
            self._edit_followup(detail, int(ref))
        elif kind == "note":
            self._load_note(a.id, int(ref))
        elif kind == "signal":
            self._edit_signal(detail, int(ref))

    def _edit_account(self, detail: AccountDetail) -> None:
        a = detail.account

        def write(fields: AccountFields) -> tuple[str, Callable[[Desk], object]]:
            return f"{fields.name} updated. u undoes it.", lambda desk: desk.update_account(a.id, fields)

        self._form(AccountForm(self.app.today, a), a.id, write)

    def _edit_contact(self, detail: AccountDetail, contact_id: int | None) -> None:
        a = detail.account
        contact = next((c for c in detail.contacts if c.id == contact_id), None)
        if contact_id is not None and contact is None:
            return

        def write(edit: ContactEdit) -> tuple[str, Callable[[Desk], object]]:
            name = edit.fields.name
            if contact is None:
                return f"{name} added to {a.name}. u undoes it.", lambda desk: desk.add_contact(a.id, edit.fields)
            done = f"{name} updated. u undoes it."
            if edit.successor is not None:
                done = f"{name} left; the successor takes the {contact.role} role. u undoes it."
            return done, lambda desk: desk.update_contact(a.id, contact.id, edit.fields, successor=edit.successor)

        self._form(ContactForm(a.name, contact, detail.contacts), a.id, write)

    def _edit_followup(self, detail: AccountDetail, followup_id: int) -> None:
        a = detail.account
        f = next((x for x in detail.open_followups if x.id == followup_id), None)
        if f is None:
            return

        def write(draft: FollowUpDraft) -> tuple[str, Callable[[Desk], object]]:
            return "Follow-up updated. u undoes it.", lambda desk: desk.update_followup(
                a.id,
                f.id,
                title=draft.title,
                due=draft.due,
                due_time=draft.due_time,
                channel=draft.channel,
                owner=draft.owner,
            )

        when = f.due.isoformat() + (f" {f.due_time:%H:%M}" if f.due_time else "")
        form = FollowUpModal(a.name, self.app.today, owner=f.owner, title=f.title, when=when, channel=f.channel)
        self._form(form, a.id, write)

    def _load_note(self, account_id: int, note_id: int) -> None:
        app = self.app

        def load() -> None:
            note, detail = app.desk.note(account_id, note_id), app.desk.account(account_id)
            if note is not None and detail is not None:
                app.call_from_thread(self._edit_note, detail, note)

        self.run_worker(load, thread=True, group="read", exit_on_error=False, description="load the note")

    def _edit_note(self, detail: AccountDetail, note: NoteView) -> None:
        a = detail.account

        def write(draft: NoteDraft) -> tuple[str, Callable[[Desk], object]]:
            return "Note updated. u undoes it.", lambda desk: desk.update_note(
                a.id,
                note.id,
                channel=draft.channel,
                summary=draft.summary,
                quotes=draft.quotes,
                speakers=draft.speakers,
                at=draft.at or note.at,
                duration_min=draft.duration_min,
            )

        form = NoteModal(a.name, today=self.app.today, contacts=detail.contacts, note=note)
        self._form(form, a.id, write)

    def _edit_signal(self, detail: AccountDetail, signal_id: int) -> None:
        a = detail.account
        s = next((x for x in detail.signals if x.id == signal_id), None)
        if s is None:
            return

        def write(edit: SignalEdit) -> tuple[str, Callable[[Desk], object]]:
            return "Signal updated. u undoes it.", lambda desk: desk.update_signal(
                a.id, s.id, kind=edit.kind, day=edit.day, quote=edit.quote, resolved_on=edit.resolved_on
            )

        self._form(SignalForm(a.name, s, self.app.today), a.id, write)

    def _reopen(self, detail: AccountDetail, signal_id: int) -> None:
        a = detail.account
        self._write(a.id, "Signal reopened. u undoes it.", lambda desk: desk.reopen_signal(a.id, signal_id))

    def _confirm_delete(self, detail: AccountDetail, kind: str, ref: int) -> None:
        a = detail.account
        what = {"contact": "contact", "followup": "follow-up", "note": "note", "signal": "signal"}[kind]
        label = self._describe(detail, kind, ref)
        delete: dict[str, Callable[[Desk], object]] = {
            "contact": lambda desk: desk.delete_contact(a.id, ref),
            "followup": lambda desk: desk.delete_followup(a.id, ref, f"deleted follow-up on {a.name}"),
            "note": lambda desk: desk.delete_note(a.id, ref),
            "signal": lambda desk: desk.delete_signal(a.id, ref),
        }

        def answered(choice: str | None) -> None:
            if choice == "delete":
                self._write(a.id, f"The {what} was deleted. u brings it back.", delete[kind])

        body = Text(label)
        choices = [("keep", f"Keep the {what}"), ("delete", f"Delete the {what}")]
        warning = f"Press enter again to delete the {what} (u brings it back)."
        self.app.push_screen(
            ChoiceModal(f"Delete this {what}?", body, choices, frozenset({"delete"}), warning), answered
        )

    def _describe(self, detail: AccountDetail, kind: str, ref: int) -> str:
        if kind == "contact":
            c = next((x for x in detail.contacts if x.id == ref), None)
            return c.name if c else ""
        if kind == "followup":
            f = next((x for x in detail.open_followups if x.id == ref), None)
            words = PRIVATE_NOTE if f and f.title_written and self.app.private else f.title if f else ""
            return f"{f.due.isoformat()} {words}" if f else ""
        if kind == "signal":
            s = next((x for x in detail.signals if x.id == ref), None)
            return f"{FLAG_LABELS.get(s.kind, s.kind)} since {s.date.isoformat()}" if s else ""
        line = dict(note_lines(detail, self.app.private)).get(ref, "")
        return line
