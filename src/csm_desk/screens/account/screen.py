"""One account in full: overview, a searchable timeline, metrics as charts, contacts."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TabbedContent, TabPane

from csm_desk.screens.account.tabs import MetricsTab, contacts_table, timeline_body
from csm_desk.screens.account_actions import ACTION_BINDINGS, AccountActions
from csm_desk.screens.failures import ReportsFailures
from csm_desk.screens.transcript import open_transcripts
from csm_desk.store.detail import AccountDetail
from csm_desk.widgets import account_view as view
from csm_desk.widgets.detail_pane import DetailPane
from csm_desk.widgets.privacy import FollowsPrivacy, is_private


class AccountScreen(FollowsPrivacy, ReportsFailures, AccountActions, Screen):
    """The whole account; esc goes back to where you were."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="back"),
        Binding("1", "tab('overview')", "Overview", show=False, id="tab-overview"),
        Binding("2", "tab('timeline')", "Timeline", show=False, id="tab-timeline"),
        Binding("3", "tab('metrics')", "Metrics", show=False, id="tab-metrics"),
        Binding("4", "tab('contacts')", "Contacts", show=False, id="tab-contacts"),
        Binding("slash", "search", "Search history", id="search-history"),
        *ACTION_BINDINGS,
        Binding("p", "save_plan", "Save plan", id="save-plan"),
        Binding("t", "transcript", "Transcript", id="transcript"),
    ]
    DEFAULT_CSS = """
    AccountScreen #acct-header { padding: 0 1; height: auto; background: $panel; }
    AccountScreen TabbedContent { height: 1fr; }
    AccountScreen TabPane { height: 1fr; padding: 0; }
    AccountScreen #acct-overview { height: 1fr; }
    AccountScreen #tl-scroll { height: 1fr; }
    AccountScreen #tl-search { margin: 0 1; }
    AccountScreen .metric { height: 3; padding: 0 1; }
    AccountScreen .metric Label { width: 16; }
    AccountScreen .metric Sparkline { width: 1fr; height: 2; }
    AccountScreen .metric .figures { width: 28; color: $text-muted; }
    """

    class Loaded(Message):
        def __init__(self, detail: AccountDetail | None, playbook) -> None:
            super().__init__()
            self.detail = detail
            self.playbook = playbook

    def __init__(self, account_id: int) -> None:
        super().__init__()
        self.account_id = account_id
        self.detail: AccountDetail | None = None
        self.playbook: view.FilledPlaybook = (None, None, [])

    def compose(self) -> ComposeResult:
        yield Static(id="acct-header", markup=False)
        with TabbedContent(initial="overview"):
            with TabPane("Overview", id="overview"):
                yield DetailPane(history_limit=8, show_header=False, id="acct-overview")
            with TabPane("Timeline", id="timeline"):
                yield Input(placeholder="search the history (words, quotes, channels)", id="tl-search")
                with VerticalScroll(id="tl-scroll"):
                    yield Static(id="tl-body", markup=False)
            with TabPane("Metrics", id="metrics"):
                yield MetricsTab(id="metrics-body")
            with TabPane("Contacts", id="contacts"), VerticalScroll():
                yield Static(id="contacts-body", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()
        self.offer_draft(self.account_id)

    @work(thread=True, exclusive=True, group="account", exit_on_error=False, description="load the account")
    def load(self) -> None:
        detail = self.app.desk.account(self.account_id)
        self.post_message(self.Loaded(detail, self.app.desk.playbook_for(detail)))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        if event.detail is None:
            self.app.notify("That account no longer exists.", severity="error", markup=False)
            self.app.pop_screen()
            return
        self.detail = event.detail
        self.playbook = event.playbook
        self._draw()

    def _draw(self) -> None:
        d = self.detail
        if d is None:
            return
        today = self.app.today
        self.query_one("#acct-header", Static).update(view.header(d, today, is_private(self), badge_shown=True))
        self.query_one("#acct-overview", DetailPane).show(d, today, self.app.settings, self.playbook)
        self._render_timeline()
        self.query_one(MetricsTab).show(d.history)
        self.query_one("#contacts-body", Static).update(contacts_table(d.contacts))

    def _render_timeline(self) -> None:
        search = self.query_one("#tl-search", Input).value
        self.query_one("#tl-body", Static).update(timeline_body(self.detail.timeline, search, is_private(self)))

    @on(Input.Changed, "#tl-search")
    def _search(self) -> None:
        if self.detail is not None:
            self._render_timeline()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_search(self) -> None:
        self.action_tab("timeline")
        self.query_one("#tl-search").focus()

    def action_transcript(self) -> None:
        """A call's transcript, to keep lines of it as quotes."""
        open_transcripts(self, self.account_id)

    def action_back(self) -> None:
        search = self.query_one("#tl-search", Input)
        if search.has_focus and search.value:
            search.value = ""
            return
        self.app.pop_screen()

    def refresh_privacy(self) -> None:
        # The overview pane follows privacy mode itself; the header and the timeline are drawn here.
        if self.detail is not None:
            self.query_one("#acct-header", Static).update(
                view.header(self.detail, self.app.today, is_private(self), badge_shown=True)
            )
            self._render_timeline()

    def on_screen_resume(self) -> None:
        # Back from a call or a save plan opened here: show what they changed.
        if self.detail is not None:
            self.load()

    # -- AccountActions -----------------------------------------------------------
    def target(self) -> tuple[int, str, str, str] | None:
        if self.detail is None:
            return None
        a = self.detail.account
        return a.id, a.name, a.stage, a.owner

    def after_change(self, account_id: int) -> None:
        self.load()
