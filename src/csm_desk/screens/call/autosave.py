"""The call's draft on disk: a throttled save in a thread worker at most ``delay`` seconds
after a change, so a killed process loses nothing and a fast typist never waits."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable

from textual.screen import Screen
from textual.timer import Timer

from csm_desk.errors import failure_message
from csm_desk.store.calls import CallState


class Autosave:
    """Writes the newest snapshot of ``state`` and never one older than what is on disk.

    The lock orders a save in flight before the call's end or discard; after either,
    ``ended`` stops every save."""

    def __init__(
        self, screen: Screen, *, delay: float, sync: Callable[[], None], status: Callable[[str], None]
    ) -> None:
        self.screen = screen
        self.delay = delay
        """Seconds after an unsaved change before the draft is written."""
        self.sync = sync
        """Called before a snapshot is taken: copies what is only in widgets into the state."""
        self.status = status
        """Shows a word on the save ("unsaved changes…", "draft saved")."""
        self.state: CallState | None = None
        """The call being saved; None until it starts."""
        self.ended = False
        """True once the call was ended or discarded: nothing is saved any more."""
        self._lock = threading.Lock()
        self._timer: Timer | None = None
        self._seq = 0
        self._written_seq = 0

    @property
    def due(self) -> bool:
        """A save is waiting for its timer."""
        return self._timer is not None

    def changed(self) -> None:
        """Something changed: a save is due within ``delay`` seconds."""
        self._seq += 1
        if self._timer is None:
            self.status("unsaved changes…")
            self._timer = self.screen.set_timer(self.delay, self._timer_fired)

    def _timer_fired(self) -> None:
        self._timer = None
        self.save()

    def save(self, *, changed: bool = False) -> None:
        """Write the draft now (``changed``: count a change first, e.g. a step taken)."""
        if changed:
            self._seq += 1
        if self.state is None or self.ended:
            return
        self.sync()
        state = self.state
        if self._seq == self._written_seq or (state.draft_id is None and state.is_empty() and not state.checked):
            self.status("draft saved" if state.draft_id else "")
            return  # nothing new, or nothing worth keeping yet: no empty drafts in the table
        self._stop_timer()
        self._write(copy.deepcopy(state), self._seq)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def in_thread(self, job: Callable[[], None], description: str) -> None:
        """Run a write on the app, not the screen: it must finish even after the screen closes."""
        app = self.screen.app
        app.run_worker(job, thread=True, group="call-draft", exit_on_error=False, description=description)

    def _write(self, snapshot: CallState, seq: int) -> None:
        app, state, screen = self.screen.app, self.state, self.screen

        def job() -> None:
            with self._lock:
                if self.ended or seq <= self._written_seq:
                    return  # a newer snapshot is already on disk
                snapshot.draft_id = state.draft_id
                try:
                    state.draft_id = app.desk.save_draft(snapshot)
                except Exception as exc:  # busy, read-only, disk full: said on the status line, tried again
                    if screen.is_attached:
                        app.call_from_thread(self._not_saved, failure_message(exc))
                    return
                self._written_seq = seq
            if screen.is_attached:
                app.call_from_thread(self.status, "draft saved")

        self.in_thread(job, "save the call draft")

    def _not_saved(self, reason: str) -> None:
        """The draft could not be written: say so where the eye is, and try again after ``delay``."""
        self.status(f"draft NOT saved ({reason}); trying again")
        if not self.ended and self._timer is None:
            self._timer = self.screen.set_timer(max(self.delay, 1.0), self._timer_fired)

    def discard(self, account_id: int, draft_id: int | None) -> None:
        """Throw away a draft already on disk (an old one declined, or an empty call's)."""
        if draft_id is not None:
            desk = self.screen.app.desk
            self.in_thread(lambda: desk.discard_draft(account_id, draft_id), "discard the draft")

    def discard_after_save(self) -> None:
        """End the call without keeping it: a save in flight finishes first, then its row is discarded."""
        self.ended = True
        state, desk = self.state, self.screen.app.desk

        def job() -> None:
            with self._lock:
                if state.draft_id is not None:
                    desk.discard_draft(state.account_id, state.draft_id)

        self.in_thread(job, "discard the draft")

    def finish(self, write: Callable[[], None], done: Callable[[], None], failed: Callable[[str], None]) -> None:
        """Run ``write`` (the call's ending) after any save in flight; then no more saves, and
        ``done``. If it fails, ``failed`` gets the reason and the call goes on as it was."""
        self._stop_timer()
        app = self.screen.app

        def job() -> None:
            with self._lock:
                try:
                    write()
                except Exception as exc:  # refused, busy, read-only, disk full: nothing typed is lost
                    app.call_from_thread(failed, failure_message(exc))
                    return
                self.ended = True
            app.call_from_thread(done)

        self.in_thread(job, "end the call")
