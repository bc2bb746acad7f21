"""The highlighted account in sections: who, why, flags, playbook, to-dos, people, history."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from csm_desk.config import Settings
from csm_desk.store.detail import AccountDetail
from csm_desk.widgets import account_view as view
from csm_desk.widgets.privacy import FollowsPrivacy, is_private

SECTIONS = (
    ("header", None),
    ("why", "Why this priority"),
    ("flags", "Red flags"),
    ("playbook", "Suggested playbook"),
    ("followups", "Open follow-ups"),
    ("contacts", "Contacts"),
    ("history", "History"),
)


class DetailPane(FollowsPrivacy, VerticalScroll, can_focus=False):
    """Sections of one account; ``history_limit`` keeps the side pane short. It redraws itself
    when privacy mode changes."""

    DEFAULT_CSS = """
    DetailPane { padding: 0 1; }
    DetailPane .section-title { text-style: bold; color: $accent; margin-top: 1; }
    """

    def __init__(self, *, history_limit: int | None = 12, show_header: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.history_limit = history_limit
        self.show_header = show_header
        self.detail: AccountDetail | None = None
        self.playbook: view.FilledPlaybook = (None, None, [])
        self._today: date | None = None
        self._settings: Settings | None = None

    def compose(self) -> ComposeResult:
        for key, title in SECTIONS:
            if key == "header" and not self.show_header:
                continue
            if title:
                yield Static(title, classes="section-title", id=f"title-{key}")
            yield Static(id=f"sec-{key}", markup=False, classes="section-body")

    def show(
        self,
        detail: AccountDetail | None,
        today: date,
        settings: Settings,
        playbook: view.FilledPlaybook = (None, None, []),
    ) -> None:
        # Kept to redraw when privacy mode changes, without a reload.
        self.detail, self._today, self._settings, self.playbook = detail, today, settings, playbook
        if detail is None:
            for static in self.query(".section-body"):
                static.update("")
            return
        private = is_private(self)
        parts = {
            "header": view.header(detail, today, private),
            "why": view.why(detail, today, settings, private),
            "flags": view.flags(detail, private),
            "playbook": view.playbook(detail, playbook, private),
            "followups": view.followups(detail, today, private),
            "contacts": view.contacts(detail),
            "history": view.timeline(detail.timeline, private, self.history_limit),
        }
        if not self.show_header:
            del parts["header"]
        for key, renderable in parts.items():
            self.query_one(f"#sec-{key}", Static).update(renderable)

    def refresh_privacy(self) -> None:
        if self.detail is not None and self._today is not None and self._settings is not None:
            self.show(self.detail, self._today, self._settings, self.playbook)
