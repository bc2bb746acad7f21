"""Call mode: the playbook's steps beside a verbatim-notes editor that never loses a word.

Everything typed is kept in a ``CallState``; a throttled thread worker writes it to the
``draft`` table at most a second after a keystroke and at every step change, so a
killed process loses nothing. Ending the call is one transaction (store/calls.py)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from csm_desk.render.privacy import masked_values
from csm_desk.render.privacy import title as title_text
from csm_desk.screens.call.autosave import Autosave
from csm_desk.screens.call.capture import current_words, default_speaker, unknown_blanks
from csm_desk.screens.call.header import header_text, why_suggested
from csm_desk.screens.call.modals import BlanksModal, CallEnding, EndCallModal, QuoteModal, ScriptPicker
from csm_desk.screens.call.templates import TemplatesModal, edit_in_editor
from csm_desk.screens.failures import ReportsFailures
from csm_desk.screens.modals import FollowUpDraft, FollowUpModal
from csm_desk.screens.transcript import open_transcripts
from csm_desk.screens.unfinished_call import ChoiceModal, draft_summary
from csm_desk.scripts.loader import Script
from csm_desk.scripts.values import script_values
from csm_desk.store import calls
from csm_desk.store.calls import CallState, CapturedQuote, Commitment
from csm_desk.store.detail import AccountDetail
from csm_desk.widgets.call_steps import MovesList, StepsColumn
from csm_desk.widgets.notes_editor import NotesEditor
from csm_desk.widgets.privacy import FollowsPrivacy, is_private

LANGUAGES = ("en", "pt-BR")


class CallScreen(FollowsPrivacy, ReportsFailures, Screen):
    """One call with one account; esc asks before leaving, never discards silently.

    In privacy mode the script's filled sums and what the CSM filled in read as the mask, and the
    notes, quotes and summary are typed as dots (the notes editor follows the mode itself)."""

    AUTOSAVE_DELAY = 0.3
    """Seconds from a keystroke in the notes to the draft on disk; everything else (a step, a quote, a
    commitment, a ticked move, a filled blank, the language) is saved at once."""
    """Seconds after an unsaved keystroke before the draft is written (the promise is ≤ 2 s)."""

    BINDINGS = [
        Binding("ctrl+n,alt+down", "step(1)", "Next step", id="call-next-step"),
        Binding("ctrl+r,alt+up", "step(-1)", "Prev step", show=False, id="call-prev-step"),
        Binding("ctrl+t", "quote", "Quote", id="call-quote"),
        Binding("ctrl+g", "commitment", "Commitment", id="call-commitment"),
        Binding("f10", "end_call", "End call", id="call-end"),
        Binding("f1", "app.help", "All keys", id="help"),
        Binding("f2", "blanks", "Fill blanks", id="call-blanks"),
        Binding("ctrl+f", "pick_script", "Playbook", id="call-playbook"),
        Binding("ctrl+l", "language", "Language", id="call-language"),
        Binding("ctrl+o", "templates", "Templates", id="call-templates"),
        Binding("f4", "editor", "$EDITOR", id="editor"),
        Binding("f3", "transcript", "Transcript", id="call-transcript"),
        Binding("ctrl+s", "save_now", "Save draft", show=False, id="save"),
        Binding("escape", "leave", "Leave", id="back"),
        Binding("q", "leave", "Leave", show=False, id="quit-guard"),
    ]
    DEFAULT_CSS = """
    CallScreen #call-header { height: auto; padding: 0 1; background: $panel; }
    CallScreen #call-left { width: 2fr; min-width: 30; }
    CallScreen #call-right { width: 3fr; }
    CallScreen #notes { height: 1fr; border: round $primary-darken-2; }
    CallScreen #notes:focus { border: round $accent; }
    CallScreen #call-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    class Loaded(Message):
        def __init__(self, detail: AccountDetail | None, draft: CallState | None) -> None:
            super().__init__()
            self.detail = detail
            self.draft = draft

    def __init__(
        self,
        account_id: int,
        *,
        resume: bool = False,
        script_id: str | None = None,
        followup: tuple[int, str] | None = None,
    ) -> None:
        super().__init__()
        self.account_id = account_id
        self.followup = followup
        """(id, title) of the agenda item this call was started from: ending it offers to mark it done."""
        self.resume_draft = resume
        """Open straight into the unfinished draft (the offer was already made)."""
        self.script_id = script_id
        """The playbook to run instead of the suggested one (the save plan's graceful exit)."""
        self.detail: AccountDetail | None = None
        self.state: CallState | None = None
        self.script: Script | None = None
        self.suggested = ""
        self.why = Text()
        self.autosave = Autosave(self, delay=self.AUTOSAVE_DELAY, sync=self._sync_notes, status=self._status)
        """The draft on disk, saved as the CSM types."""
        self._notes_dirty = False

    def compose(self) -> ComposeResult:
        yield Static(id="call-header", markup=False)
        with Horizontal(id="call-main"):
            with Vertical(id="call-left"):
                yield StepsColumn(id="steps")
                yield MovesList(id="moves")
            with Vertical(id="call-right"):
                yield NotesEditor(id="notes")
                yield Static("", id="call-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#notes", TextArea).border_title = "Notes — their words, verbatim"
        self.set_interval(15, self._draw_header)
        self._load()

    @work(thread=True, exclusive=True, group="call-load", exit_on_error=False, description="open the call")
    def _load(self) -> None:
        desk = self.app.desk
        self.post_message(self.Loaded(desk.account(self.account_id), desk.call_draft(self.account_id)))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        if event.detail is None:
            self.app.notify("That account no longer exists.", severity="error", markup=False)
            self.dismiss()
            return
        self.detail = event.detail
        if event.draft is None:
            self._start(None)
        elif self.resume_draft:
            self._start(event.draft)
        else:
            self._offer(event.draft)

    def _offer(self, draft: CallState) -> None:
        def answered(choice: str | None) -> None:
            if choice == "resume":
                self._start(draft)
            elif choice == "discard":
                self.autosave.discard(self.account_id, draft.draft_id)
                self._start(None)
            else:
                self.dismiss()

        choices = [
            ("resume", "Resume that call"),
            ("discard", "Discard it and start a new call"),
            ("later", "Keep it for later and go back"),
        ]
        self.app.push_screen(
            ChoiceModal(
                f"Unfinished call on {self.detail.account.name}", draft_summary(draft), choices, frozenset({"discard"})
            ),
            answered,
        )

    def _start(self, draft: CallState | None) -> None:
        d = self.detail
        suggestion = self.app.desk.account_suggestion(d)
        self.suggested = suggestion.playbook
        language = d.account.language if d.account.language in LANGUAGES else self.app.settings.app.language
        if draft is not None:
            self.state = calls.resume(draft, self.app.clock.now())
        else:
            self.state = CallState(
                account_id=d.account.id,
                script_id=self.script_id or self.suggested,
                language=language,
                started_at=self.app.clock.now(),
            )
        self.why = why_suggested(suggestion.because)
        self.autosave.state = self.state
        self._use_script(self.state.script_id, self.state.language)
        notes = self.query_one("#notes", TextArea)
        with notes.prevent(TextArea.Changed):  # loading is not typing
            notes.load_text(self.state.notes)
        notes.move_cursor(notes.document.end)  # carry on writing where the draft stopped
        notes.focus()
        self._status("draft resumed" if draft is not None else "new call — the draft is saved as you type")

    # -- drawing ----------------------------------------------------------------------
    def _values(self, *, fills: bool = True) -> dict[str, str | None]:
        """Placeholder values from the account, then what the CSM filled in on the call."""
        s = self.app.settings.app
        proposed = min((c.due for c in self.state.commitments), default=None)
        values = script_values(
            self.detail,  # type: ignore[arg-type]  # set by the first load, before any key reaches this
            self.app.today,
            self.state.language,
            csm_name=s.me,
            product=s.product,
            proposed_day=proposed,
        )
        if fills:
            values.update({k: v for k, v in self.state.fills.items() if v.strip()})
        return values

    def _shown_values(self) -> dict[str, str | None]:
        """The values as the screen shows them: in privacy mode, sums and typed-in blanks masked."""
        values = self._values()
        if not is_private(self):
            return values
        return masked_values(values, typed=[k for k, v in self.state.fills.items() if v.strip()])

    def _draw_script(self) -> None:
        if self.script is None:
            return
        values = self._shown_values()
        self.query_one(StepsColumn).show(self.script, values, self.state.step)
        self.query_one(MovesList).show(self.script, values, self.state.checked)

    def _use_script(self, script_id: str, language: str) -> None:
        library = self.app.script_library()
        script = library.get(script_id, language) or library.get(self.suggested, language)
        if script is None:
            self.app.notify("No script could be loaded.", severity="error", markup=False)
            return
        self.script = script
        self.state.script_id = script.id
        self.state.step = min(self.state.step, len(script.steps) - 1)
        self._draw_script()
        self._draw_header()

    def _draw_header(self) -> None:
        if self.state is None or self.script is None:
            return
        head = header_text(
            self.detail.account.name,
            self.script,
            self.suggested,
            self.why,
            self.state,
            self._minutes(),
            is_private(self),
        )
        self.query_one("#call-header", Static).update(head)

    def _minutes(self) -> int:
        return int((self.app.clock.now() - self.state.started_at).total_seconds() // 60)

    def _status(self, message: str) -> None:
        self.query_one("#call-status", Static).update(Text(message))  # a reason can hold a path: never markup

    # -- the draft: saved by ``autosave`` as the CSM types ------------------------------------
    @on(TextArea.Changed, "#notes")
    def _typed(self, event: TextArea.Changed) -> None:
        # Reading the whole text costs O(notes) per key: it is read once per save instead.
        if self.state is not None and not self.autosave.ended:
            self._notes_dirty = True
            self.autosave.changed()

    def _sync_notes(self) -> None:
        """Copy the editor's text into the call state (only when it changed since last time)."""
        if self._notes_dirty and self.state is not None:
            self._notes_dirty = False
            self.state.notes = self.query_one("#notes", TextArea).text

    def action_save_now(self) -> None:
        self.autosave.save()

    # -- steps, moves, language, script ------------------------------------------------
    def action_step(self, delta: int) -> None:
        if self.script is None:
            return
        step = max(0, min(len(self.script.steps) - 1, self.state.step + delta))
        if step != self.state.step:
            self.state.step = step
            self.query_one(StepsColumn).show(self.script, self._shown_values(), step)
            self._draw_header()
            self.autosave.save(changed=True)

    @on(MovesList.Toggled)
    def _ticked(self, event: MovesList.Toggled) -> None:
        if self.state is not None:
            self.state.checked = event.checked
            self.autosave.save(changed=True)

    def action_language(self) -> None:
        if self.state is None:
            return
        lang = (
            LANGUAGES[(LANGUAGES.index(self.state.language) + 1) % len(LANGUAGES)]
            if self.state.language in LANGUAGES
            else "en"
        )
        self.state.language = lang
        self._use_script(self.state.script_id, lang)
        if self.script.language != lang:
            self.app.notify(f"This playbook has no {lang} version; showing {self.script.language}.", markup=False)
        self.autosave.save(changed=True)

    def action_pick_script(self) -> None:
        if self.state is None:
            return

        def picked(script_id: str | None) -> None:
            if script_id and script_id != self.state.script_id:
                self.state.step, self.state.checked = 0, []
                self._use_script(script_id, self.state.language)
                self.autosave.save(changed=True)

        scripts = self.app.script_library().all(self.state.language)
        self.app.push_screen(ScriptPicker(scripts, self.state.script_id, self.suggested), picked)

    # -- capturing: quotes, commitments, blanks; templates and the editor --------------------
    def action_quote(self) -> None:
        if self.state is None:
            return
        words = current_words(self.query_one("#notes", TextArea)).strip(" \"“”'-•*")
        step = self.script.steps[self.state.step]

        def captured(quote: CapturedQuote | None) -> None:
            if quote is not None:
                quote.step = step.id
                self.state.quotes.append(quote)
                self._draw_header()
                self.autosave.save(changed=True)
                self.app.notify(f"Quote {len(self.state.quotes)} kept.", markup=False)

        self.app.push_screen(
            QuoteModal(
                words,
                [c for c in self.detail.contacts if c.status == "active"],
                default_speaker(self.detail),  # type: ignore[arg-type]  # set by the first load, before any key reaches this
                step.title,
            ),
            captured,
        )

    def action_commitment(self) -> None:
        if self.state is None:
            return
        owner = self.detail.account.owner or self.app.settings.app.me

        def captured(draft: FollowUpDraft | None) -> None:
            if draft is not None:
                self.state.commitments.append(
                    Commitment(draft.title, draft.due, draft.due_time, draft.channel, draft.owner or owner)
                )
                self._use_script(self.state.script_id, self.state.language)  # fills {proposed_day}
                self.autosave.save(changed=True)
                self.app.notify("Commitment kept: it becomes a follow-up when the call ends.", markup=False)

        self.app.push_screen(FollowUpModal(self.detail.account.name, self.app.today, owner=owner), captured)

    def action_blanks(self) -> None:
        if self.script is None:
            return
        names = unknown_blanks(self.script, self._values(fills=False))
        if not names:
            self.app.notify("Nothing to fill: every placeholder of this script is known.", markup=False)
            return

        def filled(fills: dict[str, str] | None) -> None:
            if fills is not None:
                kept = {k: v for k, v in {**self.state.fills, **fills}.items() if v.strip()}
                self.state.fills = kept  # an emptied box turns back into a visible blank
                self._use_script(self.state.script_id, self.state.language)
                self.autosave.save(changed=True)

        self.app.push_screen(BlanksModal(names, self.state.fills), filled)

    def action_templates(self) -> None:
        if self.script is not None:
            typed = [k for k, v in self.state.fills.items() if v.strip()]
            self.app.push_screen(TemplatesModal(self.script, self._values(), typed=typed))

    def action_transcript(self) -> None:
        """An earlier call's transcript: its lines kept as quotes of that call (not of this one)."""
        open_transcripts(self, self.account_id)

    def action_editor(self) -> None:
        notes = self.query_one("#notes", TextArea)
        edited = edit_in_editor(self.app, notes.text)
        if edited is not None and edited != notes.text:
            with notes.prevent(TextArea.Changed):
                notes.load_text(edited.rstrip("\n"))
            self.state.notes = notes.text
            self.autosave.save(changed=True)

    # -- ending and leaving -------------------------------------------------------------------
    def action_end_call(self) -> None:
        if self.state is None:
            return
        self._sync_notes()
        app, state, name = self.app, self.state, self.detail.account.name

        def run(ending: CallEnding, landed: Callable[[], None], failed: Callable[[str], None]) -> None:
            # The modal stays open until the call is stored; a failure keeps the summary typed in it.
            self.autosave.finish(
                lambda: app.desk.end_call(state, summary=ending.summary, outcome=ending.outcome), landed, failed
            )

        def ended(ending: CallEnding | None) -> None:
            if ending is not None:
                self._after_end(
                    f"Call saved on {name}: {len(state.quotes)} quotes, {len(state.commitments)} follow-ups."
                )

        self.app.push_screen(EndCallModal(name, state, max(1, self._minutes())).writing(run), ended)

    def _after_end(self, message: str) -> None:
        self.app.notify(message, markup=False)
        app, account_id, followup = self.app, self.account_id, self.followup
        self.dismiss()
        if followup is not None:
            app.call_later(offer_done, app, account_id, followup)

    def action_leave(self) -> None:
        if self.state is None:
            self.dismiss()
            return
        self._sync_notes()
        if self.state.is_empty():
            self.autosave.discard(self.account_id, self.state.draft_id)
            self.autosave.ended = True
            self.dismiss()
            return

        def answered(choice: str | None) -> None:
            if choice == "end":
                self.action_end_call()
            elif choice == "keep":
                self.autosave.save()
                self._status("draft kept")
                self.app.notify("Draft kept: press c on the account to pick the call up again.", markup=False)
                self.dismiss()
            elif choice == "discard":
                self.autosave.discard_after_save()
                self.dismiss()

        choices = [
            ("back", "Back to the call"),
            ("end", "End the call and save it…"),
            ("keep", "Leave, keeping the draft for later"),
            ("discard", "Discard everything typed"),
        ]
        self.app.push_screen(
            ChoiceModal("Leave the call?", draft_summary(self.state), choices, frozenset({"discard"})), answered
        )

    def refresh_privacy(self) -> None:
        if self.state is not None and self.script is not None:
            self._draw_script()
            self._draw_header()


def offer_done(app, account_id: int, followup: tuple[int, str]) -> None:
    """The call was started from an agenda item and is stored: mark that item done too?"""
    from csm_desk.screens.unfinished_call import ChoiceModal

    followup_id, title = followup

    def answered(choice: str | None) -> None:
        if choice != "done":
            return

        def redraw() -> None:
            hook = getattr(app.screen, "action_refresh", None) or getattr(app.screen, "load", None)
            if hook is not None:
                hook()

        app.write(
            lambda desk: desk.complete_followup(
                account_id, followup_id, f"done: {title}", outcome="Held as a call (call mode)."
            ),
            "Follow-up marked done. u undoes it.",
            redraw,
        )

    choices = [("done", "Mark it done"), ("keep", "Keep it open")]

    def body(private: bool) -> Text:  # the follow-up's title: a person's words
        return title_text(title, True, private)

    app.push_screen(ChoiceModal("The call came from this follow-up", body, choices), answered)
