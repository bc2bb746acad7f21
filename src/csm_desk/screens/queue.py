"""The queue: at-risk accounts in triage order, the app's home.

It answers without a click: who first (the order), why (the detail pane's reasons
and points), what happened (the history), what next (playbook and follow-ups)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from csm_desk.queue_filter import QueueFilter
from csm_desk.render.format import money
from csm_desk.render.privacy import badge
from csm_desk.screens.account_actions import ACTION_BINDINGS, AccountActions
from csm_desk.screens.failures import ReportsFailures
from csm_desk.screens.navigation import OpenAccount
from csm_desk.store.detail import AccountDetail
from csm_desk.store.views import QueueEntry
from csm_desk.widgets.detail_pane import DetailPane
from csm_desk.widgets.privacy import FollowsPrivacy, is_private
from csm_desk.widgets.queue_table import QueueTable

EMPTY_BOOK = (
    "Your book is empty.\n\n"
    "Import your accounts:   csm-desk import accounts.csv metrics.csv signals.csv\n"
    "or look around first:   csm-desk --demo\n\n"
    "The README lists the CSV columns csm-desk reads. Press q to quit."
)
NOTHING_AT_RISK = "No account is at risk today. Press b to see the whole book."
NO_MATCH = "No account matches the filter. Press / to change it, esc in the filter to clear it."


class QueueScreen(FollowsPrivacy, ReportsFailures, AccountActions, Screen):
    """Who first, why, and what next."""

    DETAIL_DEBOUNCE = 0.04
    """Seconds the cursor must rest before the detail pane reads the database."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("b", "toggle_book", "At risk / book", id="toggle-book"),
        Binding("v", "toggle_detail", "Detail pane", id="toggle-detail"),
        *ACTION_BINDINGS,
        Binding("p", "save_plan", "Save plan", id="save-plan"),
        Binding("t", "team_view", "Mine / team", show=False, id="team-view"),
        Binding("ctrl+r,F5", "refresh", "Refresh", show=False, id="refresh"),
    ]

    class Loaded(Message):
        """The queue came back from the database."""

        def __init__(self, entries: list[QueueEntry], keep_id: int | None) -> None:
            super().__init__()
            self.entries = entries
            self.keep_id = keep_id

    class Changed(Message):
        """Another process (or screen) committed to the database since the last load."""

    class DetailLoaded(Message):
        def __init__(self, detail: AccountDetail | None, playbook) -> None:
            super().__init__()
            self.detail = detail
            self.playbook = playbook

    def __init__(self) -> None:
        super().__init__()
        self.whole_book = False
        self.entries: list[QueueEntry] = []
        self.filter = QueueFilter()
        self._detail_timer: Timer | None = None
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static(id="topbar")
        yield Input(
            placeholder="filter: text, tier:high, stage:engaged, flag:competitor, owner:ana, renewal<90", id="filter"
        )
        yield Static("", id="empty", markup=False)
        with Horizontal(id="main"):
            yield QueueTable(self.app.today, id="queue")
            yield DetailPane(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(QueueTable).focus()
        self._probe = self.app.desk.change_probe()
        self._stamp: int | None = None
        self.reload()
        seconds = self.app.settings.app.refresh_seconds
        if seconds > 0:
            self.set_interval(seconds, self._poll)

    # -- loading ------------------------------------------------------------
    def reload(self, keep_id: int | None = None) -> None:
        self._load(keep_id, self.whole_book)

    @work(thread=True, exclusive=True, group="queue", exit_on_error=False, description="load the queue")
    def _load(self, keep_id: int | None, whole_book: bool) -> None:
        desk = self.app.desk
        self._stamp = self._probe.stamp()  # before reading: a write during the read shows next time
        self.post_message(self.Loaded(desk.queue(whole_book=whole_book), keep_id))
        if self.app.pending_refresh:
            # First start of a new day: show yesterday's evaluation at once, then re-derive
            # red flags for today here, off the UI thread, and redraw if anything changed.
            self.app.pending_refresh = False
            if desk.refresh_if_stale():
                self._stamp = self._probe.stamp()
                self.post_message(self.Loaded(desk.queue(whole_book=whole_book), None))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.entries = event.entries
        self.filter.reset()
        self.loaded = True
        self._apply_filter(event.keep_id)

    def _apply_filter(self, keep_id: int | None = None) -> None:
        table = self.query_one(QueueTable)
        query = self.query_one("#filter", Input).value
        shown = self.filter.apply(self.entries, query, self.app.today)
        table.set_entries(shown, keep_id)
        empty = self.query_one("#empty", Static)
        if not shown:
            empty.update(
                EMPTY_BOOK
                if not self.entries and self.whole_book
                else NO_MATCH
                if self.entries
                else (NOTHING_AT_RISK if not self.whole_book else EMPTY_BOOK)
            )
        empty.display = not shown
        self.query_one("#main").display = bool(shown)
        if shown and self.focused is None:  # hiding the table took its focus: the keys need it back
            table.focus()
        self._update_topbar(shown, query)

    def _update_topbar(self, shown: Sequence[QueueEntry], query: str) -> None:
        arr = sum(e.facts.arr or 0 for e in shown)
        bar = badge(is_private(self))
        bar.append("Whole book" if self.whole_book else "At risk", style="bold")
        if self.app.desk.me is not None:  # only worth saying when there is a choice
            owner = self.app.desk.owner
            bar.append(f" · {owner}'s" if owner else " · team")
        bar.append(f"  {len(shown)} accounts · {money(arr, private=is_private(self))} ARR")
        if query.strip():
            bar.append(f"  · of {len(self.entries)} · filter: ", style="dim")
            bar.append(query)
        bar.append(f"  · today {self.app.today.isoformat()}", style="dim")
        self.query_one("#topbar", Static).update(bar)

    # -- the detail pane ------------------------------------------------------
    @on(QueueTable.Highlighted)
    def _highlighted(self, event: QueueTable.Highlighted) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if event.row is None:
            self.query_one(DetailPane).show(None, self.app.today, self.app.settings)
            return
        account_id = event.row.facts.id
        if not self.DETAIL_DEBOUNCE:
            self._load_detail(account_id)
            return
        # Holding a key down should not queue a database read per row.
        self._detail_timer = self.set_timer(self.DETAIL_DEBOUNCE, lambda: self._load_detail(account_id))

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False, description="load the account")
    def _load_detail(self, account_id: int) -> None:
        detail = self.app.desk.account(account_id)
        self.post_message(self.DetailLoaded(detail, self.app.desk.playbook_for(detail)))

    @on(DetailLoaded)
    def _detail_loaded(self, event: DetailLoaded) -> None:
        current = self.query_one(QueueTable).current
        if event.detail is not None and current is not None and current.facts.id != event.detail.account.id:
            return  # the cursor moved on while this was loading
        self.query_one(DetailPane).show(event.detail, self.app.today, self.app.settings, event.playbook)

    def refresh_privacy(self) -> None:
        # The table and the detail pane follow privacy mode themselves; the top bar's total is drawn here.
        self._update_topbar(self.query_one(QueueTable).entries, self.query_one("#filter", Input).value)

    # -- keys ---------------------------------------------------------------
    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("visible")
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        if self.loaded:
            self._apply_filter()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(QueueTable).focus()

    def on_key(self, event) -> None:
        box = self.query_one("#filter", Input)
        if event.key == "escape" and box.has_focus:
            event.stop()
            box.value = ""
            box.remove_class("visible")
            self.query_one(QueueTable).focus()

    def action_toggle_book(self) -> None:
        self.whole_book = not self.whole_book
        current = self.query_one(QueueTable).current
        self.reload(current.facts.id if current else None)

    def action_toggle_detail(self) -> None:
        pane = self.query_one(DetailPane)
        pane.display = not pane.display

    def action_team_view(self) -> None:
        desk = self.app.desk
        if desk.me is None:
            self.app.notify(
                "Showing everybody's accounts: set app.me in the config (or --owner) to see only yours.", markup=False
            )
            return
        desk.team_view = not desk.team_view
        self.action_refresh()

    # -- other processes' changes ---------------------------------------------
    def _poll(self) -> None:
        if self.loaded and self.app.screen is self:
            self._check_changes()

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False, description="look for changes")
    def _check_changes(self) -> None:
        if self._stamp is not None and self._probe.stamp() != self._stamp:
            self.post_message(self.Changed())

    @on(Changed)
    def _changed(self) -> None:
        self.action_refresh()

    def on_unmount(self) -> None:
        self._probe.close()

    def action_refresh(self) -> None:
        current = self.query_one(QueueTable).current
        self.reload(current.facts.id if current else None)

    @on(QueueTable.Selected)
    def _open(self, event: QueueTable.Selected) -> None:
        self.post_message(OpenAccount(event.row.facts.id))

    # -- AccountActions --------------------------------------------------------
    def target(self) -> tuple[int, str, str, str] | None:
        current = self.query_one(QueueTable).current
        if current is None:
            self.app.notify("No account selected.", markup=False)
            return None
        return current.facts.id, current.facts.name, current.facts.stage, current.owner

    def after_change(self, account_id: int) -> None:
        self.reload(account_id)
        self._load_detail(account_id)

    def on_screen_resume(self) -> None:
        # Back from the account screen, where things may have changed.
        if self.loaded:
            self.action_refresh()
