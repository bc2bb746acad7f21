"""Call mode: the playbook's steps beside a verbatim-notes editor that never loses a word.

Everything typed is kept in a ``CallState``; a throttled thread worker writes it to the
``draft`` table at most a second after a keystroke and at every step change, so a
killed process loses nothing. Ending the call is one transaction (store/calls.py)."""

from __future__ import annotations

import copy
import threading

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from csm_desk.domain.triage import flag_label, suggested_playbook
from csm_desk.screens.call_capture import CallCapture
from csm_desk.screens.call_modals import CallEnding, ChoiceModal, EndCallModal, ScriptPicker, draft_summary
from csm_desk.scripts.loader import Script
from csm_desk.scripts.values import script_values
from csm_desk.store import calls
from csm_desk.store.actions import ActionError
from csm_desk.store.calls import CallState
from csm_desk.store.detail import AccountDetail
from csm_desk.widgets.call_steps import MovesList, StepsColumn
from csm_desk.widgets.notes_editor import NotesEditor

LANGUAGES = ("en", "pt-BR")
class CallScreen(CallCapture, Screen):
    """One call with one account; esc asks before leaving, never discards silently."""

    AUTOSAVE_DELAY = 1.0
    """Seconds after an unsaved keystroke before the draft is written (the promise is ≤ 2 s)."""

    BINDINGS = [
        Binding("ctrl+n,alt+down", "step(1)", "Next step", id="call-next-step"),
        Binding("ctrl+r,alt+up", "step(-1)", "Prev step", show=False, id="call-prev-step"),
        Binding("ctrl+t", "quote", "Quote", id="call-quote"),
        Binding("ctrl+g", "commitment", "Commitment", id="call-commitment"),
        Binding("f10", "end_call", "End call", id="call-end"),
        Binding("f1", "app.help", "All keys", id="call-help"),
        Binding("f2", "blanks", "Fill blanks", id="call-blanks"),
        Binding("ctrl+f", "pick_script", "Playbook", id="call-playbook"),
        Binding("ctrl+l", "language", "Language", id="call-language"),
        Binding("ctrl+o", "templates", "Templates", id="call-templates"),
        Binding("f4", "editor", "$EDITOR", id="call-editor"),
        Binding("ctrl+s", "save_now", "Save draft", show=False, id="call-save"),
        Binding("escape", "leave", "Leave", id="call-leave"),
        Binding("q", "leave", "Leave", show=False, id="call-quit-guard"),
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

    def __init__(self, account_id: int, *, resume: bool = False, script_id: str | None = None) -> None:
        super().__init__()
        self.account_id = account_id
        self.resume_draft = resume
        """Open straight into the unfinished draft (the offer was already made)."""
        self.script_id = script_id
        """The playbook to run instead of the suggested one (the save plan's graceful exit)."""
        self.detail: AccountDetail | None = None
        self.state: CallState | None = None
        self.script: Script | None = None
        self.suggested = ""
        self.why = Text()
        self._save_lock = threading.Lock()
        self._save_timer = None
        self._seq = 0
        self._written_seq = 0
        self._ended = False
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
                self._discard(draft.draft_id)
                self._start(None)
            else:
                self.dismiss()

        choices = [("resume", "Resume that call"), ("discard", "Discard it and start a new call"),
                   ("later", "Keep it for later and go back")]
        self.app.push_screen(ChoiceModal(f"Unfinished call on {self.detail.account.name}", draft_summary(draft),
                                         choices, frozenset({"discard"})), answered)

    def _start(self, draft: CallState | None) -> None:
        d = self.detail
        f = d.entry.facts if d.entry else None
        flags = f.red_flags if f else tuple(x for x in d.account.red_flags.split(",") if x)
        champion_gone = bool(f and f.champion_left and not f.has_active_champion)
        self.suggested = suggested_playbook(flags, champion_gone, d.account.stage)
        language = d.account.language if d.account.language in LANGUAGES else self.app.settings.app.language
        if draft is not None:
            self.state = calls.resume(draft, self.app.clock.now())
        else:
            self.state = CallState(account_id=d.account.id, script_id=self.script_id or self.suggested,
                                   language=language, started_at=self.app.clock.now())
        self.why = self._why(flags, champion_gone)
        self._use_script(self.state.script_id, self.state.language)
        notes = self.query_one("#notes", TextArea)
        with notes.prevent(TextArea.Changed):  # loading is not typing
            notes.load_text(self.state.notes)
        notes.move_cursor(notes.document.end)  # carry on writing where the draft stopped
        notes.focus()
        self._status("draft resumed" if draft is not None else "new call — the draft is saved as you type")

    def _why(self, flags, champion_gone: bool) -> Text:
        script = self.app.script_library().get(self.suggested, "en")
        hits = [flag_label(x) for x in flags if script and x in script.applies_when]
        if champion_gone and "champion left" not in " ".join(hits).lower():
            hits.insert(0, "champion left")
        if hits:
            return Text("suggested because: " + ", ".join(hits), style="dim")
        return Text("suggested: no playbook matches its flags, so a discovery conversation", style="dim")

    # -- drawing ----------------------------------------------------------------------
    def _values(self, *, fills: bool = True) -> dict[str, str | None]:
        """Placeholder values from the account, then what the CSM filled in on the call."""
        s = self.app.settings.app
        proposed = min((c.due for c in self.state.commitments), default=None)
        values = script_values(self.detail, self.app.today, self.state.language, csm_name=s.me, product=s.product,
                               proposed_day=proposed)
        if fills:
            values.update({k: v for k, v in self.state.fills.items() if v.strip()})
        return values

    def _use_script(self, script_id: str, language: str) -> None:
        library = self.app.script_library()
        script = library.get(script_id, language) or library.get(self.suggested, language)
        if script is None:
            self.app.notify("No script could be loaded.", severity="error", markup=False)
            return
        self.script = script
        self.state.script_id = script.id
        self.state.step = min(self.state.step, len(script.steps) - 1)
        values = self._values()
        self.query_one(StepsColumn).show(script, values, self.state.step)
        self.query_one(MovesList).show(script, values, self.state.checked)
        self._draw_header()

    def _draw_header(self) -> None:
        if self.state is None or self.script is None:
            return
        a = self.detail.account
        head = Text()
        head.append("● CALL ", style="bold reverse red")
        head.append(f" {a.name}", style="bold")
        head.append(f"  ·  {self.script.title}")
        if self.script.id == self.suggested:
            head.append("  ")
            head.append_text(self.why)
        head.append(f"\n{self.state.language}", style="bold")
        head.append(f"  ·  step {self.state.step + 1}/{len(self.script.steps)}  ·  {self._minutes()} min")
        head.append(f"  ·  {len(self.state.quotes)} quotes  ·  {len(self.state.commitments)} commitments", style="dim")
        self.query_one("#call-header", Static).update(head)

    def _minutes(self) -> int:
        return int((self.app.clock.now() - self.state.started_at).total_seconds() // 60)

    def _status(self, message: str) -> None:
        self.query_one("#call-status", Static).update(message)

    # -- the draft: throttled saves in a thread ------------------------------------------------
    @on(TextArea.Changed, "#notes")
    def _typed(self, event: TextArea.Changed) -> None:
        # Reading the whole text costs O(notes) per key: it is read once per save instead.
        if self.state is not None and not self._ended:
            self._notes_dirty = True
            self._touch()

    def _sync_notes(self) -> None:
        """Copy the editor's text into the call state (only when it changed since last time)."""
        if self._notes_dirty and self.state is not None:
            self._notes_dirty = False
            self.state.notes = self.query_one("#notes", TextArea).text

    def _touch(self) -> None:
        """Something changed: a save is due within ``AUTOSAVE_DELAY`` seconds."""
        self._seq += 1
        if self._save_timer is None:
            self._status("unsaved changes…")
            self._save_timer = self.set_timer(self.AUTOSAVE_DELAY, self._save_due)

    def _save_due(self) -> None:
        self._save_timer = None
        self._save()

    def _save(self) -> None:
        if self.state is None or self._ended:
            return
        self._sync_notes()
        if self._seq == self._written_seq or (
                self.state.draft_id is None and self.state.is_empty() and not self.state.checked):
            self._status("draft saved" if self.state.draft_id else "")
            return  # nothing new, or nothing worth keeping yet: no empty drafts in the table
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._write_draft(copy.deepcopy(self.state), self._seq)

    def _in_thread(self, job, description: str) -> None:
        """Run a write on the app, not the screen: it must finish even after the screen closes."""
        self.app.run_worker(job, thread=True, group="call-draft", exit_on_error=False, description=description)

    def _write_draft(self, snapshot: CallState, seq: int) -> None:
        def job() -> None:
            with self._save_lock:
                if self._ended or seq <= self._written_seq:
                    return  # a newer snapshot is already on disk
                snapshot.draft_id = self.state.draft_id
                self.state.draft_id = self.app.desk.save_draft(snapshot)
                self._written_seq = seq
            if self.is_attached:
                self.app.call_from_thread(self._status, "draft saved")

        self._in_thread(job, "save the call draft")

    def _discard(self, draft_id: int | None) -> None:
        if draft_id is not None:
            desk, account_id = self.app.desk, self.account_id
            self._in_thread(lambda: desk.discard_draft(account_id, draft_id), "discard the draft")

    def action_save_now(self) -> None:
        self._save()

    # -- steps, moves, language, script ------------------------------------------------
    def action_step(self, delta: int) -> None:
        if self.script is None:
            return
        step = max(0, min(len(self.script.steps) - 1, self.state.step + delta))
        if step != self.state.step:
            self.state.step = step
            self.query_one(StepsColumn).show(self.script, self._values(), step)
            self._draw_header()
            self._seq += 1
            self._save()

    @on(MovesList.Toggled)
    def _ticked(self, event: MovesList.Toggled) -> None:
        if self.state is not None:
            self.state.checked = event.checked
            self._touch()

    def action_language(self) -> None:
        if self.state is None:
            return
        lang = LANGUAGES[(LANGUAGES.index(self.state.language) + 1) % len(LANGUAGES)] \
            if self.state.language in LANGUAGES else "en"
        self.state.language = lang
        self._use_script(self.state.script_id, lang)
        if self.script.language != lang:
            self.app.notify(f"This playbook has no {lang} version; showing {self.script.language}.", markup=False)
        self._touch()

    def action_pick_script(self) -> None:
        if self.state is None:
            return

        def picked(script_id: str | None) -> None:
            if script_id and script_id != self.state.script_id:
                self.state.step, self.state.checked = 0, []
                self._use_script(script_id, self.state.language)
                self._seq += 1
                self._save()

        scripts = self.app.script_library().all(self.state.language)
        self.app.push_screen(ScriptPicker(scripts, self.state.script_id, self.suggested), picked)

    # -- ending and leaving -------------------------------------------------------------------
    def action_end_call(self) -> None:
        if self.state is None:
            return
        self._sync_notes()

        def ended(ending: CallEnding | None) -> None:
            if ending is not None:
                self._end(ending)

        self.app.push_screen(EndCallModal(self.detail.account.name, self.state, max(1, self._minutes())), ended)

    def _end(self, ending: CallEnding) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        app, state, name = self.app, self.state, self.detail.account.name

        def job() -> None:
            with self._save_lock:
                try:
                    app.desk.end_call(state, summary=ending.summary, outcome=ending.outcome)
                except ActionError as exc:
                    app.call_from_thread(app.notify, str(exc), severity="error", markup=False)
                    return
                self._ended = True
            app.call_from_thread(self._after_end, f"Call saved on {name}: {len(state.quotes)} quotes, "
                                                  f"{len(state.commitments)} follow-ups.")

        self._in_thread(job, "end the call")

    def _after_end(self, message: str) -> None:
        self.app.notify(message, markup=False)
        self.dismiss()

    def action_leave(self) -> None:
        if self.state is None:
            self.dismiss()
            return
        self._sync_notes()
        if self.state.is_empty():
            self._discard(self.state.draft_id)
            self._ended = True
            self.dismiss()
            return

        def answered(choice: str | None) -> None:
            if choice == "end":
                self.action_end_call()
            elif choice == "keep":
                self._save()
                self._status("draft kept")
                self.app.notify("Draft kept: press c on the account to pick the call up again.", markup=False)
                self.dismiss()
            elif choice == "discard":
                self._ended = True
                self._discard_after_save()
                self.dismiss()

        choices = [("back", "Back to the call"), ("end", "End the call and save it…"),
                   ("keep", "Leave, keeping the draft for later"), ("discard", "Discard everything typed")]
        self.app.push_screen(ChoiceModal("Leave the call?", draft_summary(self.state), choices,
                                         frozenset({"discard"})), answered)

    def _discard_after_save(self) -> None:
        state, desk = self.state, self.app.desk

        def job() -> None:
            with self._save_lock:  # a save in flight finishes first, then its row is discarded
                if state.draft_id is not None:
                    desk.discard_draft(state.account_id, state.draft_id)

        self._in_thread(job, "discard the draft")

    def refresh_privacy(self) -> None:
        self._draw_header()
