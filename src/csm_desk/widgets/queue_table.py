"""The queue's table: triaged accounts in columns that fit the width.

A ``CursorList``: a row is formatted only when it scrolls into view (Textual's
DataTable would measure every cell of 10k rows first, ~1.8 s), so nothing here
measures all the rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.reactive import reactive

from csm_desk.domain.triage import stage_text
from csm_desk.render.format import days_since, days_until, due_text, health_text, money, tier_text
from csm_desk.store.views import QueueEntry
from csm_desk.widgets.cursor_list import CursorList
from csm_desk.widgets.privacy import FollowsPrivacy, is_private


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


class QueueTable(FollowsPrivacy, CursorList[QueueEntry]):
    """The queue: a cursor over triaged accounts, the header pinned on line 0."""

    PRIVACY_AT_MOUNT = True

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Open", id="open-account")]

    private: reactive[bool] = reactive(False)
    """Hide money while the screen is shared (follows the app's privacy mode)."""

    class Highlighted(CursorList.Highlighted):
        """The cursor moved onto another account (or the list changed under it); ``row`` is its QueueEntry."""

    class Selected(CursorList.Selected):
        """Enter on a row: open the account (``row``)."""

    def __init__(self, today: date, **kwargs) -> None:
        super().__init__(**kwargs)
        self.today = today
        self._columns: list[tuple[Column, int]] = []

    @property
    def entries(self) -> Sequence[QueueEntry]:
        """The rows shown, in triage order."""
        return self.rows

    def set_entries(self, entries: list[QueueEntry], keep_id: int | None = None) -> None:
        """Replace the rows, keeping the cursor on account ``keep_id`` (default: the current one) wherever it moved."""
        self.set_rows(entries, keep_id)

    def row_id(self, row: QueueEntry) -> int:
        return row.facts.id

    def watch_private(self) -> None:
        self._cache.clear()
        self.refresh()

    def refresh_privacy(self) -> None:
        self.private = is_private(self)

    def on_resize(self, event: Resize) -> None:
        self._columns = []  # the rest (cache, virtual size) is CursorList.on_resize

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
            "renewal": Text(
                days_until(f.renewal_date, self.today),
                style="bold" if f.renewal_date and (f.renewal_date - self.today).days <= 90 else "",
            ),
            "flags": Text(str(len(f.red_flags)), style="red" if len(f.red_flags) >= 2 else ""),
            "stage": Text(stage_text(f) if f.stage else "—"),
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

    def render_header(self, width: int) -> Text:
        return self._row_text({c.key: Text(c.title) for c in COLUMNS}, width)

    def render_row(self, row: QueueEntry, width: int) -> Text:
        return self._row_text(self._cells(row), width)
