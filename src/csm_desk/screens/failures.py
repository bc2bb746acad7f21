"""Screens' workers report their failures to the app.

Textual posts ``Worker.StateChanged`` to the node that started the worker and does not
bubble it, so a worker started by a screen that fails would vanish without a word."""

from __future__ import annotations

from textual.worker import Worker


class ReportsFailures:
    """Mixin for a Screen whose workers read or write: a worker that fails is shown by the app."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.worker_failed(event.worker)  # mixed into a Screen of CsmDeskApp
