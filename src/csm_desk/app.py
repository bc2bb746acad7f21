"""CsmDeskApp: the screens, the global bindings, and one place that shows worker errors."""

from __future__ import annotations

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from csm_desk.context import Context
from csm_desk.screens.queue import QueueScreen
from csm_desk.store.engine import Store


class CsmDeskApp(App[int]):
    """The csm-desk workspace."""

    CSS_PATH = "app.tcss"
    TITLE = "csm-desk"
    MODES = {"queue": QueueScreen}
    DEFAULT_MODE = "queue"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, ctx: Context, store: Store) -> None:
        super().__init__()
        self.ctx = ctx
        self.store = store

    @property
    def today(self):
        return self.ctx.today

    @property
    def settings(self):
        return self.ctx.settings

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """Any database worker that fails is shown, never a silent hang."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(str(error), title="Something went wrong", severity="error", markup=False, timeout=10)


def make_app(ctx: Context, store: Store) -> CsmDeskApp:
    """The one factory: the command line, the tests and the benchmarks build the app here."""
    return CsmDeskApp(ctx, store)
