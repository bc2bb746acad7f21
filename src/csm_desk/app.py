"""CsmDeskApp: the screens, the global bindings, the palette, privacy, and the one
place that shows a failed worker to the user."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from csm_desk.context import Context
from csm_desk.screens.queue import QueueScreen
from csm_desk.store.engine import Store

PALETTE = (
    ("Change stage", "Move the account along the pipeline", "stage"),
    ("Add note", "Log a call, email or meeting with verbatim quotes", "note"),
    ("Log signal", "Raise one of the 17 red-flag signals", "signal"),
    ("Resolve signal", "Mark an active signal as resolved", "resolve"),
    ("New follow-up", "Schedule something to do for the account", "followup"),
    ("Filter the queue", "Type text or tier:, stage:, flag:, owner:, renewal<", "filter"),
    ("At risk / whole book", "Switch between the at-risk queue and every account", "toggle_book"),
    ("Toggle detail pane", "Show or hide the side pane", "toggle_detail"),
    ("Refresh", "Reload from the database", "refresh"),
)


class CsmDeskApp(App[int]):
    """The csm-desk workspace."""

    CSS_PATH = "app.tcss"
    TITLE = "csm-desk"
    MODES = {"queue": QueueScreen}
    DEFAULT_MODE = "queue"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("P", "privacy_on", "Privacy", id="privacy"),
        Binding("P", "privacy_off", "PRIVATE ● (P ends)", id="privacy-off"),
    ]

    private: reactive[bool] = reactive(False)
    """Privacy mode: ARR, notes and quotes hidden while the screen is shared."""

    def __init__(self, ctx: Context, store: Store, *, pending_refresh: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.store = store
        self.pending_refresh = pending_refresh
        """True until the first queue load has re-evaluated the book for today."""
        self._library = None

    @property
    def today(self):
        return self.ctx.today

    @property
    def settings(self):
        return self.ctx.settings

    def on_mount(self) -> None:
        if self.settings.keys:
            self.set_keymap(self.settings.keys)

    # -- privacy --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # One key, two bindings: the footer shows which state privacy mode is in.
        if action == "privacy_on":
            return not self.private
        if action == "privacy_off":
            return self.private
        return True

    def action_privacy(self) -> None:
        self.private = not self.private

    def action_privacy_on(self) -> None:
        self.private = True

    def action_privacy_off(self) -> None:
        self.private = False

    def watch_private(self) -> None:
        for screen in self.screen_stack:
            hook = getattr(screen, "refresh_privacy", None)
            if hook is not None and screen.is_mounted:
                hook()
        self.refresh_bindings()

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
        yield SystemCommand("Privacy mode", "Hide ARR, notes and quotes while sharing the screen", self.action_privacy)
        yield SystemCommand("Help", "Every key on this screen", self.action_help)

    # -- playbooks ---------------------------------------------------------------
    def playbook_for(self, detail) -> tuple[str | None, list[tuple[str, Text]]]:
        """Title and first moves of the account's suggested playbook, filled, in its language."""
        if detail is None or detail.entry is None:
            return None, []
        from csm_desk.domain.triage import suggested_playbook
        from csm_desk.scripts.loader import fill, when_label
        from csm_desk.scripts.values import script_values

        f = detail.entry.facts
        pid = suggested_playbook(f.red_flags, f.champion_left and not f.has_active_champion, f.stage)
        language = detail.account.language or self.settings.app.language
        script = self.script_library().get(pid, language)
        if script is None:
            return None, []
        values = script_values(detail, self.today, language, csm_name=self.settings.app.me,
                               product=self.settings.app.product)
        moves = []
        for move in script.first_moves:
            text = Text()
            for segment, missing in fill(move.text, values):
                text.append(segment, style="reverse" if missing else "")
            moves.append((when_label(move.when, language), text))
        return script.title, moves

    def script_library(self):
        """The shipped scripts plus the user's own, loaded once (a bad user file is skipped)."""
        if self._library is None:
            from csm_desk.scripts.loader import load_library, user_scripts_dir

            self._library = load_library(user_scripts_dir())
            for error in self._library.errors:
                self.notify(error, title="Script skipped", severity="warning", markup=False, timeout=10)
        return self._library

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """Any database worker that fails is shown, never a silent hang."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(str(error) or type(error).__name__, title="Something went wrong", severity="error",
                        markup=False, timeout=10)


def make_app(ctx: Context, store: Store, *, pending_refresh: bool = False) -> CsmDeskApp:
    """The one factory: the command line, the tests and the benchmarks build the app here."""
    return CsmDeskApp(ctx, store, pending_refresh=pending_refresh)
