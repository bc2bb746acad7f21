"""Every key the current screen answers to, from the same binding tables the footer uses."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

FILTER_HELP = (
    ("text", "words in name, industry, owner, segment or red flags"),
    ("tier:high", "tier high, medium (med) or low"),
    ("stage:engaged", "pipeline stage (identified, engaged, save_plan, monitoring, saved, churned, let_go, none)"),
    ("flag:competitor", "an active red flag (id or label, partial)"),
    ("owner:ana", "owner name contains"),
    ("renewal<90", "days to renewal; also health<40, arr>50k, flags>=3"),
)


class HelpScreen(ModalScreen):
    """The key table; esc or ? closes it."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90; max-width: 95%; height: 90%; border: thick $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, rows: list[tuple[str, str, str]], title: str) -> None:
        super().__init__()
        self.rows = rows
        self.title_text = title

    def compose(self) -> ComposeResult:
        keys = Table(title=f"Keys — {self.title_text}", expand=True, header_style="bold")
        keys.add_column("Key", style="bold cyan", no_wrap=True)
        keys.add_column("Does")
        keys.add_column("Binding id (for [keys] in config.toml)", style="dim")
        for key, description, binding_id in self.rows:
            keys.add_row(Text(key), Text(description), Text(binding_id))
        filters = Table(title="Filter (/)", expand=True, header_style="bold")
        filters.add_column("Type", style="bold cyan", no_wrap=True)
        filters.add_column("Matches")
        for syntax, meaning in FILTER_HELP:
            filters.add_row(Text(syntax), Text(meaning))
        with VerticalScroll():
            yield Static(keys)
            yield Static(filters)
            yield Static(
                Text("ctrl+p opens the command palette: every action by name. esc closes this help.", style="dim")
            )

    def action_close(self) -> None:
        self.dismiss(None)


def binding_rows(screen) -> list[tuple[str, str, str]]:
    """(keys, description, id) for every binding active on ``screen``, app-wide ones included."""
    seen: dict[str, tuple[str, str, str]] = {}
    for _key, active in screen.active_bindings.items():
        b: Binding = active.binding
        ident = b.id or f"action:{b.action}"
        display = screen.app.get_key_display(b)
        if ident in seen:
            prev = seen[ident]
            if display not in prev[0].split(" / "):
                seen[ident] = (f"{prev[0]} / {display}", prev[1], prev[2])
            continue
        seen[ident] = (display, b.description or b.action, b.id or "")
    return sorted(seen.values(), key=lambda r: r[1].casefold())
