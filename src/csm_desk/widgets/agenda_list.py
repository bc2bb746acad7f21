"""The agenda's list: section and day headings with follow-up rows under them, painted
only where they are in view (Textual's Line API, like QueueTable: a DataTable measures
every cell of every row first, which costs a second for a thousand rows).

The cursor only ever rests on a follow-up; headings are stepped over."""

from __future__ import annotations

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

from csm_desk.store.agenda import Agenda, AgendaItem

TIER_STYLE = {"high": "bold red", "medium": "yellow", "low": "green"}
HEADINGS = {"overdue": "OVERDUE", "today": "TODAY", "upcoming": "UPCOMING"}
COLUMNS = (("Time", 5), ("Follow-up", 0), ("Account", 22), ("Tier", 6), ("Channel", 8), ("Owner", 13),
           ("Source", 18))  # width 0: the title takes what is left


def _cell(text: Text, width: int) -> Text:
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


def _line(cells: list[Text], width: int) -> Text:
    title_w = max(16, width - sum(w for _, w in COLUMNS) - len(COLUMNS))
    return Text(" ").join(_cell(c, w or title_w) for c, (_, w) in zip(cells, COLUMNS, strict=True))


def item_cells(item: AgendaItem) -> list[Text]:
    """Time, title, account, tier, channel, owner, source; user text as Text, never markup."""
    return [
        Text(item.time.strftime("%H:%M") if item.time else ""),
        Text(item.title + (" (snoozed)" if item.snoozed else "")),
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


class AgendaList(ScrollView, can_focus=True):
    """Rows of the agenda with a cursor on follow-ups; the column header pinned on line 0."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="agenda-up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="agenda-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="agenda-page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="agenda-page-down"),
        Binding("home,g", "edge(-1)", "First", show=False, id="agenda-first"),
        Binding("end,G", "edge(1)", "Last", show=False, id="agenda-last"),
        Binding("enter", "select", "Open account", id="agenda-open"),
    ]
    COMPONENT_CLASSES = {"agenda-list--header", "agenda-list--cursor"}
    DEFAULT_CSS = """
    AgendaList { height: 1fr; }
    AgendaList > .agenda-list--header { text-style: bold; background: $boost; }
    AgendaList > .agenda-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    AgendaList:blur > .agenda-list--cursor { background: $block-cursor-blurred-background; }
    """

    cursor: reactive[int] = reactive(0, repaint=False)
    """Index of the highlighted row (always a follow-up when there is one)."""

    class Selected(Message):
        """Enter on a follow-up: open its account."""

        def __init__(self, item: AgendaItem) -> None:
            super().__init__()
            self.item = item

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[Text | AgendaItem] = []
        self._cache: dict[int, Strip] = {}

    # -- data -------------------------------------------------------------
    def set_agenda(self, agenda: Agenda, keep_id: int | None) -> None:
        """Replace the rows; the cursor stays on ``keep_id``, else at the same place."""
        rows: list[Text | AgendaItem] = []
        for name, items in agenda.sections():
            rows.append(Text(f"{HEADINGS[name]} ({len(items)})", style="bold red" if name == "overdue" and items else "bold"))
            for day, group in agenda.by_day(items):
                rows.append(day_heading(day, agenda.today))
                rows.extend(group)
        self.rows = rows
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        index = next((i for i, r in enumerate(rows) if isinstance(r, AgendaItem) and r.id == keep_id), None)
        self._move(self._nearest(self.cursor if index is None else index, 1), force=True)
        self.refresh()

    @property
    def current(self) -> AgendaItem | None:
        row = self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None
        return row if isinstance(row, AgendaItem) else None

    def _nearest(self, index: int, step: int) -> int:
        """The follow-up at ``index`` or the next one in ``step``'s direction (else the other way)."""
        n = len(self.rows)
        index = max(0, min(index, n - 1))
        for i in (*range(index, n if step > 0 else -1, step), *range(index, -1 if step > 0 else n, -step)):
            if isinstance(self.rows[i], AgendaItem):
                return i
        return 0

    def on_resize(self, event: Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(event.size.width, len(self.rows) + 1)

    # -- cursor -----------------------------------------------------------
    def _move(self, index: int, force: bool = False) -> None:
        if index == self.cursor and not force:
            return
        old, self.cursor = self.cursor, index
        for row in (old, index):
            y = row - int(self.scroll_offset.y) + 1
            if 1 <= y < self.size.height:
                self.refresh_line(y)
        in_view = max(self.size.height - 1, 1)
        top = int(self.scroll_offset.y)
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + in_view:
            self.scroll_to(y=index - in_view + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        if self.current is not None:
            target = self._nearest(self.cursor + step, step)
            if isinstance(self.rows[target], AgendaItem) and (target - self.cursor) * step > 0:
                self._move(target)

    def action_page(self, step: int) -> None:
        if self.current is not None:
            self._move(self._nearest(self.cursor + step * max(self.size.height - 2, 1), step))

    def action_edge(self, step: int) -> None:
        if self.current is not None:
            self._move(self._nearest(len(self.rows) - 1 if step > 0 else 0, -step))

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    def on_click(self, event: Click) -> None:
        index = int(self.scroll_offset.y) + event.y - 1
        if event.y >= 1 and 0 <= index < len(self.rows) and isinstance(self.rows[index], AgendaItem):
            if index == self.cursor and event.chain == 2:
                self.action_select()
            self._move(index)

    # -- painting ---------------------------------------------------------
    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        return Strip(list(text.render(self.app.console))).adjust_cell_length(width, style).apply_style(style)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            header = [Text(title) for title, _ in COLUMNS]
            return self._strip(_line(header, width), width, self.get_component_rich_style("agenda-list--header"))
        index = int(self.scroll_offset.y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        if index == self.cursor and self.current is not None:
            style = self.get_component_rich_style("agenda-list--cursor")
            text = _line(item_cells(self.rows[index]), width)
            text.stylize(Style(color=style.color))
            return Strip(list(text.render(self.app.console))).adjust_cell_length(width, style).apply_style(
                Style(bgcolor=style.bgcolor))
        strip = self._cache.get(index)
        if strip is None:
            row = self.rows[index]
            text = _line(item_cells(row), width) if isinstance(row, AgendaItem) else row
            strip = self._strip(text, width, self.rich_style)
            self._cache[index] = strip
        return strip

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.refresh()

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width
