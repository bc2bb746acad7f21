"""What the CSM captures during a call (quotes, commitments, blanks) and the message
templates and ``$EDITOR``; mixed into ``CallScreen`` to keep each file to one idea."""

from __future__ import annotations

from textual.widgets import TextArea

from csm_desk.screens.call_modals import BlanksModal, QuoteModal
from csm_desk.screens.call_templates import TemplatesModal, edit_in_editor
from csm_desk.screens.modals import FollowUpDraft, FollowUpModal
from csm_desk.scripts.loader import placeholders
from csm_desk.store.calls import CapturedQuote, Commitment
from csm_desk.store.detail import AccountDetail

SPEAKER_ORDER = ("champion", "sponsor", "decision_maker", "user")


def default_speaker(detail: AccountDetail) -> int | None:
    """Who is most likely on the line: the active champion, else the next role down."""
    active = [c for c in detail.contacts if c.status == "active"]
    for role in SPEAKER_ORDER:
        for c in active:
            if c.role == role:
                return c.id
    return None


class CallCapture:
    """Needs from the screen: ``state``, ``script``, ``detail``, ``_values``, ``_use_script``,
    ``_touch``, ``_save``, ``_draw_header`` and ``_seq``."""

    # -- capturing: quotes and commitments ------------------------------------------------------
    def _current_words(self) -> str:
        notes = self.query_one("#notes", TextArea)
        if notes.selected_text.strip():
            return " ".join(notes.selected_text.split())
        row = notes.cursor_location[0]
        return notes.document.get_line(row).strip()

    def action_quote(self) -> None:
        if self.state is None:
            return
        words = self._current_words().strip(" \"“”'-•*")
        step = self.script.steps[self.state.step]

        def captured(quote: CapturedQuote | None) -> None:
            if quote is not None:
                quote.step = step.id
                self.state.quotes.append(quote)
                self._draw_header()
                self._touch()
                self.app.notify(f"Quote {len(self.state.quotes)} kept.", markup=False)

        self.app.push_screen(QuoteModal(words, [c for c in self.detail.contacts if c.status == "active"],
                                        default_speaker(self.detail), step.title), captured)

    def action_commitment(self) -> None:
        if self.state is None:
            return
        owner = self.detail.account.owner or self.app.settings.app.me

        def captured(draft: FollowUpDraft | None) -> None:
            if draft is not None:
                self.state.commitments.append(Commitment(draft.title, draft.due, draft.due_time, draft.channel,
                                                         draft.owner or owner))
                self._use_script(self.state.script_id, self.state.language)  # fills {proposed_day}
                self._touch()
                self.app.notify("Commitment kept: it becomes a follow-up when the call ends.", markup=False)

        self.app.push_screen(FollowUpModal(self.detail.account.name, self.app.today, owner=owner), captured)

    def action_blanks(self) -> None:
        if self.script is None:
            return
        values = self._values(fills=False)
        names = sorted(n for n in placeholders(self.script) if n != "proposed_day" and not (values.get(n) or "").strip())
        if not names:
            self.app.notify("Nothing to fill: every placeholder of this script is known.", markup=False)
            return

        def filled(fills: dict[str, str] | None) -> None:
            if fills is not None:
                kept = {k: v for k, v in {**self.state.fills, **fills}.items() if v.strip()}
                self.state.fills = kept  # an emptied box turns back into a visible blank
                self._use_script(self.state.script_id, self.state.language)
                self._touch()

        self.app.push_screen(BlanksModal(names, self.state.fills), filled)

    # -- templates and the editor -------------------------------------------------------------
    def action_templates(self) -> None:
        if self.script is not None:
            self.app.push_screen(TemplatesModal(self.script, self._values()))

    def action_editor(self) -> None:
        notes = self.query_one("#notes", TextArea)
        edited = edit_in_editor(self.app, notes.text)
        if edited is not None and edited != notes.text:
            with notes.prevent(TextArea.Changed):
                notes.load_text(edited.rstrip("\n"))
            self.state.notes = notes.text
            self._seq += 1
            self._save()

