"""The at-risk dashboard (``d``): today's risk by tier and stage, a month's cases,
a year's outcomes, reasons and the trend of at-risk ARR, computed from the cases.

The figures load in a thread worker; the panels are the same Rich renderables
``csm-desk report`` prints."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from csm_desk.domain.measures import Month, Report
from csm_desk.render.privacy import badge
from csm_desk.render.report import panels
from csm_desk.screens.failures import ReportsFailures
from csm_desk.widgets.privacy import FollowsPrivacy, is_private

PANELS = ("at-risk", "pipeline", "month", "outcomes", "reasons", "trend")


class DashboardScreen(FollowsPrivacy, ReportsFailures, Screen):
    """Save rate, time to detect and engage, and where the risk sits; ← → change the month."""

    BINDINGS = [
        Binding("escape", "back", "Back to queue", id="back"),
        Binding("left,h", "month(-1)", "Previous month", id="month-previous", key_display="←"),
        Binding("right,l", "month(1)", "Next month", id="month-next", key_display="→"),
        Binding("t", "this_month", "This month", id="month-this"),
        Binding("ctrl+r,F5", "refresh", "Refresh", show=False, id="refresh"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (114, "-wide")]
    """Under 114 columns the three top panels stack instead of squeezing their figures."""
    DEFAULT_CSS = """
    DashboardScreen.-narrow #dash-top { layout: vertical; }
    DashboardScreen.-narrow #dash-bottom { layout: vertical; }
    DashboardScreen #dash-top { height: auto; }
    DashboardScreen #dash-top > Static { width: 1fr; height: auto; }
    DashboardScreen #dash-bottom { height: auto; }
    DashboardScreen #dash-bottom > Static { width: 1fr; height: auto; }
    DashboardScreen #p-reasons { width: 1fr; }
    DashboardScreen #p-trend { width: 1fr; }
    """

    class Loaded(Message):
        """The figures came back from the database."""

        def __init__(self, report: Report) -> None:
            super().__init__()
            self.report = report

    def __init__(self) -> None:
        super().__init__()
        self.period = Month(1970, 1)
        """The month shown; set to this month on mount."""
        self.report: Report | None = None
        """The figures on screen (tests read them)."""

    def compose(self) -> ComposeResult:
        yield Static(id="topbar")
        with VerticalScroll(id="dash"):
            with Horizontal(id="dash-top"):
                for name in ("at-risk", "pipeline", "month"):
                    yield Static(id=f"p-{name}")
            yield Static(id="p-outcomes")
            with Horizontal(id="dash-bottom"):
                for name in ("reasons", "trend"):
                    yield Static(id=f"p-{name}")
        yield Footer()

    def on_mount(self) -> None:
        self.period = Month.of(self.app.today)
        self._topbar("loading…")
        self.action_refresh()

    def on_screen_resume(self) -> None:
        # Back from the queue, where cases may have been closed.
        if self.report is not None:
            self.action_refresh()

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False, description="load the dashboard")
    def _load(self, period: Month) -> None:
        self.post_message(self.Loaded(self.app.desk.report(period)))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        if event.report.period != self.period:
            return  # the month changed again while this was loading
        self.report = event.report
        self._draw()

    def _draw(self) -> None:
        if self.report is None:
            return
        for name, panel in panels(self.report, private=is_private(self)).items():
            self.query_one(f"#p-{name}", Static).update(panel)
        self._topbar()

    def _topbar(self, note: str = "") -> None:
        bar = badge(is_private(self))
        bar.append("Dashboard", style="bold")
        bar.append(f"  {self.period.label}")
        bar.append(f"  · ← → month, t this month, esc queue · today {self.app.today.isoformat()}", style="dim")
        if note:
            bar.append(f"  {note}", style="dim")
        self.query_one("#topbar", Static).update(bar)

    def refresh_privacy(self) -> None:
        self._draw()
        if self.report is None:
            self._topbar("loading…")

    # -- keys ---------------------------------------------------------------
    def action_back(self) -> None:
        self.app.switch_mode("queue")

    def action_month(self, step: int) -> None:
        wanted = self.period.shift(step)
        if wanted > Month.of(self.app.today):
            self.app.notify("That month has not happened yet.", markup=False)
            return
        self.period = wanted
        self._topbar("loading…")
        self._load(wanted)

    def action_this_month(self) -> None:
        self.period = Month.of(self.app.today)
        self.action_refresh()

    def action_refresh(self) -> None:
        self._load(self.period)
