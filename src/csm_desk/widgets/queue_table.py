"""A table of queue rows that paints only the lines in view (Textual's Line API).

Textual's DataTable measures every cell of every row on the UI thread (~1.8 s for
10k rows); this widget formats a row only when it scrolls into view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Click, Resize
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from csm_desk.domain.vocab import STAGE_LABELS
from csm_desk.store.queries import QueueEntry
from csm_desk.render.format import days_since, days_until, due_text, health_text, money, tier_text


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    priority: int  # lower survives longer when the table is narrow
    right: bool = False


COLUMNS = (
    Column("tier", "Tier", 4, 0),
    Column("name", "Account", 16, 0),
    Column("arr", "ARR", 6, 1, right=True),
    Column("health", "Health", 7, 1),
    Column("renewal", "Renew", 5, 2, right=True),
    Column("flags", "⚑", 2, 3, right=True),
    Column("stage", "Stage", 10, 4),
    Column("next", "Next", 9, 5),
    Column("contact", "Seen", 5, 6, right=True),
)


class QueueTable(ScrollView, can_focus=True):
    """The queue: a cursor over triaged accounts, the header pinned on line 0."""

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="cursor-up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="cursor-down"),
        Binding("home,g", "cursor_first", "First", show=False, id="cursor-first"),
        Binding("end,G", "cursor_last", "Last", show=False, id="cursor-last"),
        Binding("pageup", "page_up_rows", "Page up", show=False, id="page-up"),
        Binding("pagedown", "page_down_rows", "Page down", show=False, id="page-down"),
        Binding("enter", "select", "Open", id="open-account"),
    ]
    COMPONENT_CLASSES = {"queue-table--header", "queue-table--cursor", "queue-table--muted"}
    DEFAULT_CSS = """
    QueueTable { height: 1fr; }
    QueueTable > .queue-table--header { text-style: bold; background: $boost; }
    QueueTable > .queue-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    QueueTable:blur > .queue-table--cursor { background: $block-cursor-blurred-background; }
    QueueTable > .queue-table--muted { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0, repaint=False)
    """Index of the highlighted row."""
    private: reactive[bool] = reactive(False)
    """Hide money while the screen is shared."""

    class Highlighted(Message):
        """The cursor moved onto another account (or the list changed under it)."""

        def __init__(self, entry: QueueEntry | None) -> None:
            super().__init__()
            self.entry = entry

    class Selected(Message):
        """Enter on a row: open the account."""

        def __init__(self, entry: QueueEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, today: date, **kwargs) -> None:
        super().__init__(**kwargs)
        self.today = today
        self.entries: list[QueueEntry] = []
        self._cache: dict[int, Strip] = {}
        self._columns: list[tuple[Column, int]] = []

    # -- data -------------------------------------------------------------
    def set_entries(self, entries: list[QueueEntry], keep_id: int | None = None) -> None:
        """Replace the rows, keeping the cursor on account ``keep_id`` wherever it moved."""
        if keep_id is None and self.entries and 0 <= self.cursor < len(self.entries):
            keep_id = self.entries[self.cursor].facts.id
        self.entries = entries
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(entries) + 1)
        index = 0
        if keep_id is not None:
            index = next((i for i, e in enumerate(entries) if e.facts.id == keep_id), min(self.cursor, max(len(entries) - 1, 0)))
        self._move(index, force=True)
        self.refresh()

    @property
    def current(self) -> QueueEntry | None:
        return self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None

    def watch_private(self) -> None:
        self._cache.clear()

    def on_resize(self, event: Resize) -> None:
        self._cache.clear()
        self._columns = []
        self.virtual_size = Size(event.size.width, len(self.entries) + 1)

    # -- cursor -----------------------------------------------------------
    def _move(self, index: int, force: bool = False) -> None:
        if not self.entries:
            self.cursor = 0
            self.post_message(self.Highlighted(None))
            return
        index = max(0, min(index, len(self.entries) - 1))
        if index == self.cursor and not force:
            return
        old = self.cursor
        self.cursor = index
        self._refresh_row(old)
        self._refresh_row(index)
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self.entries[index]))

    def _refresh_row(self, index: int) -> None:
        y = index - int(self.scroll_offset.y) + 1
        if 1 <= y < self.size.height:
            self.refresh_line(y)

    def _scroll_to_cursor(self) -> None:
        rows_in_view = max(self.size.height - 1, 1)
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + rows_in_view:
            self.scroll_to(y=self.cursor - rows_in_view + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_cursor_first(self) -> None:
        self._move(0)

    def action_cursor_last(self) -> None:
        self._move(len(self.entries) - 1)

    def action_page_up_rows(self) -> None:
        self._move(self.cursor - max(self.size.height - 2, 1))

    def action_page_down_rows(self) -> None:
        self._move(self.cursor + max(self.size.height - 2, 1))

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    def on_click(self, event: Click) -> None:
        index = int(self.scroll_offset.y) + event.y - 1
        if event.y >= 1 and 0 <= index < len(self.entries):
            if index == self.cursor and event.chain == 2:
                self.action_select()
            self._move(index)

    # -- painting ---------------------------------------------------------
    def _layout(self, width: int) -> list[tuple[Column, int]]:
        """Columns that fit ``width``; the account name takes what is left."""
        if self._columns:
            return self._columns
        cols = list(COLUMNS)
        while len(cols) > 2 and sum(c.width + 1 for c in cols) > width:
            cols.remove(max(cols, key=lambda c: c.priority))
        spare = max(width - sum(c.width + 1 for c in cols), 0)
        self._columns = [(c, c.width + spare if c.key == "name" else c.width) for c in cols]
        return self._columns

    def _cells(self, e: QueueEntry) -> dict[str, Text]:
        f = e.facts
        return {
            "tier": tier_text(e.triaged.tier),
            "name": Text(f.name),  # user text: data, never markup
            "arr": Text(money(f.arr, private=self.private)),
            "health": health_text(f.health, e.health_delta),
            "renewal": Text(days_until(f.renewal_date, self.today), style="bold" if f.renewal_date and (f.renewal_date - self.today).days <= 90 else ""),
            "flags": Text(str(len(f.red_flags)), style="red" if len(f.red_flags) >= 2 else ""),
            "stage": Text(STAGE_LABELS.get(f.stage, f.stage) if f.stage else "—"),
            "next": due_text(e.next_due, self.today),
            "contact": Text(days_since(f.last_contact, self.today)),
        }

    def _row_text(self, cells: dict[str, Text], width: int) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        for col, w in self._layout(width):
            cell = cells[col.key].copy()
            cell.truncate(w, overflow="ellipsis")
            pad = w - cell.cell_len
            if col.right:
                line.append(" " * pad)
                line.append_text(cell)
            else:
                line.append_text(cell)
                line.append(" " * pad)
            line.append(" ")
        return line

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        segments = list(text.render(self.app.console))
        strip = Strip(segments).adjust_cell_length(width, style)
        return strip.apply_style(style) if style else strip

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y == 0:
            header = self.get_component_rich_style("queue-table--header")
            titles = {c.key: Text(c.title) for c in COLUMNS}
            return self._strip(self._row_text(titles, width), width, header)
        index = int(self.scroll_offset.y) + y - 1
        if index >= len(self.entries):
            return Strip.blank(width, base)
        if index == self.cursor:
            cursor_style = self.get_component_rich_style("queue-table--cursor")
            text = self._row_text(self._cells(self.entries[index]), width)
            text.stylize(Style(color=cursor_style.color))
            return Strip(list(text.render(self.app.console))).adjust_cell_length(width, cursor_style).apply_style(
                Style(bgcolor=cursor_style.bgcolor)
            )
        strip = self._cache.get(index)
        if strip is None:
            strip = self._strip(self._row_text(self._cells(self.entries[index]), width), width, base)
            self._cache[index] = strip
        return strip

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.refresh()

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width
