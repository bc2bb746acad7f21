"""The agenda's list: section and day headings with follow-up rows under them.

A ``CursorList``, like the queue: rows are painted only where they are in view (a
DataTable measures every cell of every row first, a second for a thousand rows).
The cursor only ever rests on a follow-up; headings are stepped over."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from csm_desk.render.privacy import title
from csm_desk.store.agenda import Agenda, AgendaItem
from csm_desk.widgets.cursor_list import CursorList
from csm_desk.widgets.privacy import FollowsPrivacy, is_private

TIER_STYLE = {"high": "bold red", "medium": "yellow", "low": "green"}
HEADINGS = {"overdue": "OVERDUE", "today": "TODAY", "upcoming": "UPCOMING"}
COLUMNS = (
    ("Time", 5),
    ("Follow-up", 0),
    ("Account", 22),
    ("Tier", 6),
    ("Channel", 8),
    ("Owner", 13),
    ("Source", 18),
)  # width 0: the title takes what is left


def _cell(text: Text, width: int) -> Text:
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


def _line(cells: list[Text], width: int) -> Text:
    title_w = max(16, width - sum(w for _, w in COLUMNS) - len(COLUMNS))
    return Text(" ").join(_cell(c, w or title_w) for c, (_, w) in zip(cells, COLUMNS, strict=True))


def item_cells(item: AgendaItem, private: bool = False) -> list[Text]:
    """Time, title, account, tier, channel, owner, source; user text as Text, never markup.
    In privacy mode a title a person wrote is hidden (``render.privacy.title``)."""
    shown = title(item.title, item.title_written, private)
    if item.snoozed:
        shown.append(" (snoozed)")
    return [
        Text(item.time.strftime("%H:%M") if item.time else ""),
        shown,
        Text(item.account_name),
        Text(item.tier.upper() if item.tier else "—", style=TIER_STYLE.get(item.tier, "dim")),
        Text(item.channel),
        Text(item.owner or "—"),
        Text(item.source_label, style="dim"),
    ]


def day_heading(day: date, today: date) -> Text:
    late = (today - day).days
    note = f" · {late} days late" if late > 1 else " · 1 day late" if late == 1 else ""
    return Text(f"  {day.strftime('%a %d %b')}{note}", style="dim italic")


class AgendaList(FollowsPrivacy, CursorList[Text | AgendaItem]):
    """Rows of the agenda with a cursor on follow-ups; the column header pinned on line 0."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Open account", id="open-account")]

    class Highlighted(CursorList.Highlighted):
        """The cursor moved onto another follow-up (``row``, an AgendaItem)."""

    class Selected(CursorList.Selected):
        """Enter on a follow-up (``row``): open its account."""

    def set_agenda(self, agenda: Agenda, keep_id: int | None) -> None:
        """Replace the rows; the cursor stays on follow-up ``keep_id``, else at the same place."""
        rows: list[Text | AgendaItem] = []
        for name, items in agenda.sections():
            rows.append(
                Text(f"{HEADINGS[name]} ({len(items)})", style="bold red" if name == "overdue" and items else "bold")
            )
            for day, group in agenda.by_day(items):
                rows.append(day_heading(day, agenda.today))
                rows.extend(group)
        self.set_rows(rows, keep_id)

    def selectable(self, row: Text | AgendaItem) -> bool:
        return isinstance(row, AgendaItem)

    def row_id(self, row: Text | AgendaItem) -> int | None:
        return row.id if isinstance(row, AgendaItem) else None

    def render_header(self, width: int) -> Text:
        return _line([Text(title) for title, _ in COLUMNS], width)

    def render_row(self, row: Text | AgendaItem, width: int) -> Text:
        return _line(item_cells(row, is_private(self)), width) if isinstance(row, AgendaItem) else row

    def refresh_privacy(self) -> None:
        self._cache.clear()
        self.refresh()
