"""The queue: at-risk accounts in triage order (the app's home)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from csm_desk.store.queries import QueueEntry, queue_entries
from csm_desk.widgets.cells import money
from csm_desk.widgets.queue_table import QueueTable

EMPTY_BOOK = (
    "Your book is empty.\n\n"
    "Import your accounts:   csm-desk import accounts.csv metrics.csv\n"
    "or try the demo book:   csm-desk --demo\n\n"
    "The README lists the CSV columns csm-desk reads."
)


class QueueScreen(Screen):
    """Who first, why, and what next."""

    class Loaded(Message):
        """The queue came back from the database."""

        def __init__(self, entries: list[QueueEntry], keep_id: int | None) -> None:
            super().__init__()
            self.entries = entries
            self.keep_id = keep_id

    def compose(self) -> ComposeResult:
        yield Static(id="topbar")
        yield Static(EMPTY_BOOK, id="empty", markup=False)
        yield QueueTable(self.app.today, id="queue")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(QueueTable).focus()
        self.reload()

    def reload(self, keep_id: int | None = None) -> None:
        self._load(keep_id)

    @work(thread=True, exclusive=True, group="queue", exit_on_error=False, description="load the queue")
    def _load(self, keep_id: int | None) -> None:
        s = self.app.settings
        with self.app.store.read() as session:
            entries = queue_entries(session, self.app.today, s.triage, s.score)
        self.post_message(self.Loaded(entries, keep_id))

    @on(Loaded)
    def _show(self, event: Loaded) -> None:
        table = self.query_one(QueueTable)
        table.set_entries(event.entries, event.keep_id)
        self.query_one("#empty").display = not event.entries
        table.display = bool(event.entries)
        arr = sum(e.facts.arr or 0 for e in event.entries)
        bar = Text.assemble(
            ("At risk ", "bold"), f"{len(event.entries)} accounts · {money(arr)} ARR",
            ("  ·  today ", "dim"), self.app.today.isoformat(),
        )
        self.query_one("#topbar", Static).update(bar)
