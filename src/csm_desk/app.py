"""CsmDeskApp: the screens, the global bindings, the palette, privacy, and the one
place that shows a failed worker to the user."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from csm_desk.context import Context
from csm_desk.desk import Desk
from csm_desk.errors import failure_message
from csm_desk.screens.agenda import AgendaScreen
from csm_desk.screens.dashboard import DashboardScreen
from csm_desk.screens.modals import FormSubmit
from csm_desk.screens.navigation import OpenAccount, OpenCall, OpenSavePlan
from csm_desk.screens.queue import QueueScreen
from csm_desk.store.engine import Store

PALETTE = (
    ("Change stage", "Move the account along the pipeline", "stage"),
    ("Add note", "Log a call, email or meeting with verbatim quotes", "note"),
    ("Log signal", "Raise one of the 17 red-flag signals", "signal"),
    ("Resolve signal", "Mark an active signal as resolved", "resolve"),
    ("New follow-up", "Schedule something to do for the account", "followup"),
    ("Edit", "Correct the account, a contact, a follow-up, a note or a signal (or delete one)", "edit"),
    ("New account", "Add an account by hand: name, ARR, renewal, contract, owner…", "new_account"),
    ("Save plan", "Write or review the account's save plan, team and meeting agenda", "save_plan"),
    ("Filter the queue", "Type text or tier:, stage:, flag:, owner:, renewal<", "filter"),
    ("At risk / whole book", "Switch between the at-risk queue and every account", "toggle_book"),
    ("Toggle detail pane", "Show or hide the side pane", "toggle_detail"),
    ("Mine / team view", "Only your accounts (--owner or app.me), or everybody's", "team_view"),
    ("Refresh", "Reload from the database", "refresh"),
)


class CsmDeskApp(App[int]):
    """The csm-desk workspace."""

    CSS_PATH = "app.tcss"
    TITLE = "csm-desk"
    MODES = {"queue": QueueScreen, "agenda": AgendaScreen, "dashboard": DashboardScreen}
    DEFAULT_MODE = "queue"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        # Hidden from the footer (it is full on the queue); ? and the palette list them.
        Binding("a", "agenda", "Agenda / queue", show=False, id="agenda"),
        Binding("u", "undo", "Undo", show=False, id="undo"),
        Binding("d", "dashboard", "Dashboard / queue", show=False, id="dashboard"),
        Binding("i", "import_files", "Import files", show=False, id="import"),
        Binding("P", "privacy_on", "Privacy", id="privacy"),
        Binding("P", "privacy_off", "PRIVATE ● (P ends)", id="privacy-off"),
    ]

    private: reactive[bool] = reactive(False)
    """Privacy mode: every sum of money and every note, quote, summary and outcome hidden while
    the screen is shared. Each screen and widget that shows one follows this switch itself
    (``widgets/privacy.py``), on every screen of every mode at once."""

    def __init__(
        self, ctx: Context, desk: Desk, *, pending_refresh: bool = False, first_run: Path | None = None
    ) -> None:
        super().__init__()
        self.first_run = first_run
        """The config file to ask the CSM's name and product into (screens/first_run.py), or None."""
        self.ctx = ctx
        self.desk = desk
        """The service layer: every read and write of the screens goes through it, in workers."""
        self.pending_refresh = pending_refresh
        """True until the first queue load has re-evaluated the book for today."""
        self._scripts_checked = False

    @property
    def today(self):
        return self.desk.today

    @property
    def clock(self):
        return self.desk.clock

    @property
    def settings(self):
        return self.ctx.settings

    def on_mount(self) -> None:
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        if self.first_run is not None:
            from csm_desk.screens.first_run import ask_first_run

            ask_first_run(self, self.first_run)

    # -- privacy --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # One key, two bindings: the footer shows which state privacy mode is in.
        if action == "privacy_on":
            return not self.private
        if action == "privacy_off":
            return self.private
        if action == "dashboard":  # not from inside a modal: its answer would be lost
            return not isinstance(self.screen, ModalScreen)
        if action == "import_files":
            from csm_desk.screens.import_files import ImportScreen

            return not isinstance(self.screen, (ModalScreen, ImportScreen))
        return True

    def action_privacy(self) -> None:
        self.private = not self.private

    def action_privacy_on(self) -> None:
        self.private = True

    def action_privacy_off(self) -> None:
        self.private = False

    def watch_private(self) -> None:
        self.refresh_bindings()

    # -- agenda and undo ---------------------------------------------------------
    def action_agenda(self) -> None:
        """``a`` toggles between the agenda and the queue, each keeping its own screens."""
        self.switch_mode("queue" if self.current_mode == "agenda" else "agenda")

    def action_dashboard(self) -> None:
        """``d`` toggles between the at-risk dashboard and the queue."""
        self.switch_mode("queue" if self.current_mode == "dashboard" else "dashboard")

    def action_import_files(self) -> None:
        """``i``: the import screen, over whichever screen is showing (esc comes back to it)."""
        from csm_desk.screens.import_files import ImportScreen

        if not isinstance(self.screen, (ModalScreen, ImportScreen)):
            self.push_screen(ImportScreen())

    def action_undo(self) -> None:
        def job() -> None:
            try:
                step = self.desk.undo_last()
            except Exception as exc:  # nothing to undo, the database busy or read-only: said, never silent
                self.call_from_thread(self.write_failed, failure_message(exc), "Not undone")
                return
            self.call_from_thread(self._undone, step.label)

        self.run_worker(job, thread=True, group="write", exit_on_error=False, description="undo")

    def write(
        self,
        change: Callable[[Desk], object],
        done: str,
        then: Callable[[], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """Run ``change`` on the desk in a worker; say ``done`` and call ``then`` when it landed.

        A write that fails (refused, the database busy past its timeout, read-only, the disk
        full) is never silent: ``failed`` gets the one-line reason (a form shows it and keeps
        what was typed), or the app shows it."""

        def job() -> None:
            try:
                change(self.desk)
            except Exception as exc:  # every failure reaches the person at the keyboard
                self.call_from_thread(failed or self.write_failed, failure_message(exc))
                return
            self.call_from_thread(self.notify, done, markup=False)
            if then is not None:
                self.call_from_thread(then)

        self.run_worker(job, thread=True, group="write", exit_on_error=False, description=done)

    def form_writer(self, write: Callable[[Any], tuple[str, Callable[[Desk], object]]]) -> FormSubmit:
        """What a form runs on save: ``write(value)`` gives the message and the change; the form
        closes when the change landed and stays open, with its text and the reason, when not."""

        def run(value: Any, landed: Callable[[], None], failed: Callable[[str], None]) -> None:
            done, change = write(value)
            self.write(change, done, then=landed, failed=failed)

        return run

    def write_failed(self, message: str, title: str = "Not saved") -> None:
        self.notify(message, title=title, severity="error", markup=False, timeout=15)

    def _undone(self, label: str) -> None:
        # The label can name a follow-up by its title, a person's words: privacy mode leaves it out.
        self.notify("Undone (the last change)." if self.private else f"Undone ({label}).", markup=False)
        for name in ("action_refresh", "load"):  # every screen with data has one of these
            hook = getattr(self.screen, name, None)
            if hook is not None:
                hook()
                return

    # -- navigation: screens ask, the app opens (each big screen loads on first use) ----------
    @on(OpenAccount)
    def _open_account(self, message: OpenAccount) -> None:
        from csm_desk.screens.account import AccountScreen

        self.push_screen(AccountScreen(message.account_id))

    @on(OpenCall)
    def _open_call(self, message: OpenCall) -> None:
        from csm_desk.screens.call import CallScreen

        self.push_screen(
            CallScreen(
                message.account_id, script_id=message.script_id, resume=message.resume, followup=message.followup
            )
        )

    @on(OpenSavePlan)
    def _open_save_plan(self, message: OpenSavePlan) -> None:
        from csm_desk.screens.save_plan import SavePlanScreen

        self.push_screen(SavePlanScreen(message.account_id))

    # -- help and palette -------------------------------------------------------
    def action_help(self) -> None:
        from csm_desk.screens.help import HelpScreen, binding_rows

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(binding_rows(self.screen), type(self.screen).__name__.replace("Screen", "")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for title, help_text, action in PALETTE:
            if hasattr(screen, f"action_{action}"):
                yield SystemCommand(title, help_text, lambda a=action, s=screen: s.run_action(a))
        yield SystemCommand("Agenda / queue", "Switch between the follow-up agenda and the queue", self.action_agenda)
        yield SystemCommand(
            "Dashboard / queue", "Save rate, time to detect and engage, risk by tier, trend", self.action_dashboard
        )
        yield SystemCommand(
            "Import files…",
            "Preview, then import CRM exports, spreadsheets or csm-desk's own files",
            self.action_import_files,
        )
        yield SystemCommand(
            "Undo", "Take back the last change, whatever it was (an edit, a note, a stage, a call…)", self.action_undo
        )
        yield SystemCommand(
            "Privacy mode", "Hide money, notes and quotes while sharing the screen", self.action_privacy
        )
        yield SystemCommand("Help", "Every key on this screen", self.action_help)

    # -- playbooks ---------------------------------------------------------------
    def script_library(self):
        """The desk's script library; a user script that was skipped is said once, here."""
        library = self.desk.script_library()
        if not self._scripts_checked:
            self._scripts_checked = True
            for error in library.errors:
                self.notify(error, title="Script skipped", severity="warning", markup=False, timeout=10)
        return library

    @on(Worker.StateChanged)
    def _worker_state(self, event: Worker.StateChanged) -> None:
        self.worker_failed(event.worker)

    def worker_failed(self, worker: Worker) -> None:
        """Any worker that fails (the app's or a screen's) is shown, never a silent hang."""
        if worker.state == WorkerState.ERROR and worker.error is not None:
            self.notify(
                failure_message(worker.error), title="Something went wrong", severity="error", markup=False, timeout=15
            )


def make_app(ctx: Context, store: Store, *, pending_refresh: bool = False, first_run: Path | None = None) -> CsmDeskApp:
    """The one factory: the command line, the tests and the benchmarks build the app here."""
    return CsmDeskApp(ctx, ctx.desk(store), pending_refresh=pending_refresh, first_run=first_run)
