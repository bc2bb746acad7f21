"""A list with a cursor that paints only the lines in view (Textual's Line API).

Textual's DataTable measures every cell of every row on the UI thread first (~1.8 s for
10k rows); a ``CursorList`` formats a row only when it scrolls into view, and remembers
it until the rows, the width or the privacy change. The base holds the cursor, the
paging keys, the messages and the reload that keeps the cursor on the same row; a
subclass says how its header and rows read, and which rows the cursor may rest on."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import chain
from typing import ClassVar, Generic, TypeVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Click, Resize
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

RowT = TypeVar("RowT")


class CursorList(ScrollView, Generic[RowT], can_focus=True):
    """Rows under a header pinned on line 0, a cursor on one of them; enter selects it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="cursor-up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="cursor-down"),
        Binding("home,g", "cursor_first", "First", show=False, id="cursor-first"),
        Binding("end,G", "cursor_last", "Last", show=False, id="cursor-last"),
        Binding("pageup", "page_up_rows", "Page up", show=False, id="page-up"),
        Binding("pagedown", "page_down_rows", "Page down", show=False, id="page-down"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"cursor-list--header", "cursor-list--cursor"}
    DEFAULT_CSS = """
    CursorList { height: 1fr; }
    CursorList > .cursor-list--header { text-style: bold; background: $boost; }
    CursorList > .cursor-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    CursorList:blur > .cursor-list--cursor { background: $block-cursor-blurred-background; }
    """

    cursor: reactive[int] = reactive(0, repaint=False)
    """Index of the highlighted row (one the cursor may rest on, when there is one)."""

    class Highlighted(Message):
        """The cursor moved onto another row (or the rows changed under it); ``row`` is None when there is none."""

        def __init__(self, cursor_list: CursorList, row: object | None) -> None:
            super().__init__()
            self.cursor_list = cursor_list
            self.row = row

        @property
        def control(self) -> CursorList:
            return self.cursor_list

    class Selected(Message):
        """Enter (or a double click) on a row."""

        def __init__(self, cursor_list: CursorList, row: object) -> None:
            super().__init__()
            self.cursor_list = cursor_list
            self.row = row

        @property
        def control(self) -> CursorList:
            return self.cursor_list

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: Sequence[RowT] = []
        self._cache: dict[int, Strip] = {}

    # -- what a subclass says -------------------------------------------------------
    def render_header(self, width: int) -> Text:
        """Line 0: the column titles."""
        raise NotImplementedError

    def render_row(self, row: RowT, width: int) -> Text:
        """One row as a line of ``width`` cells (user text as ``Text``, never markup)."""
        raise NotImplementedError

    def row_id(self, row: RowT) -> Hashable | None:
        """What identifies ``row`` across reloads (None: a row the cursor never rests on)."""
        raise NotImplementedError

    def selectable(self, row: RowT) -> bool:
        """Whether the cursor may rest on ``row`` (headings may be stepped over)."""
        return True

    # -- data -------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[RowT], keep_id: Hashable | None = None) -> None:
        """Replace the rows; the cursor stays on the row ``keep_id`` (default: the current one)
        wherever it moved, else at the same place."""
        if keep_id is None and self.current is not None:
            keep_id = self.row_id(self.current)
        self.rows = rows
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        index = None if keep_id is None else next((i for i, r in enumerate(rows) if self.row_id(r) == keep_id), None)
        self._move(self._nearest(self.cursor if index is None else index, 1), force=True)
        self.refresh()

    @property
    def current(self) -> RowT | None:
        """The row under the cursor; None when the cursor rests on nothing selectable."""
        row = self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None
        return row if row is not None and self.selectable(row) else None

    def _nearest(self, index: int, step: int) -> int:
        """The selectable row at ``index`` or the next one in ``step``'s direction (else the other way)."""
        n = len(self.rows)
        if not n:
            return 0
        index = max(0, min(index, n - 1))
        ahead = range(index, n) if step > 0 else range(index, -1, -1)
        behind = range(index, -1, -1) if step > 0 else range(index, n)
        # Lazily: with every row selectable (the queue) this looks at one row, not ten thousand.
        return next((i for i in chain(ahead, behind) if self.selectable(self.rows[i])), 0)

    def on_resize(self, event: Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(event.size.width, len(self.rows) + 1)

    # -- cursor -----------------------------------------------------------------------
    def _move(self, index: int, force: bool = False) -> None:
        if not self.rows:
            self.cursor = 0
            self.post_message(self.Highlighted(self, None))
            return
        index = max(0, min(index, len(self.rows) - 1))
        if index == self.cursor and not force:
            return
        old, self.cursor = self.cursor, index
        self._refresh_row(old)
        self._refresh_row(index)
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self, self.current))

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

    def _step(self, step: int) -> None:
        if self.current is not None:
            target = self._nearest(self.cursor + step, step)
            if (target - self.cursor) * step > 0 and self.selectable(self.rows[target]):
                self._move(target)

    def _page(self, step: int) -> None:
        if self.current is not None:
            self._move(self._nearest(self.cursor + step * max(self.size.height - 2, 1), step))

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_first(self) -> None:
        if self.current is not None:
            self._move(self._nearest(0, 1))

    def action_cursor_last(self) -> None:
        if self.current is not None:
            self._move(self._nearest(len(self.rows) - 1, -1))

    def action_page_up_rows(self) -> None:
        self._page(-1)

    def action_page_down_rows(self) -> None:
        self._page(1)

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self, self.current))

    def on_click(self, event: Click) -> None:
        index = int(self.scroll_offset.y) + event.y - 1
        if event.y >= 1 and 0 <= index < len(self.rows) and self.selectable(self.rows[index]):
            if index == self.cursor and event.chain == 2:
                self.action_select()
            self._move(index)

    # -- painting ---------------------------------------------------------------------
    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        strip = Strip(list(text.render(self.app.console))).adjust_cell_length(width, style)
        return strip.apply_style(style) if style else strip

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            return self._strip(self.render_header(width), width, self.get_component_rich_style("cursor-list--header"))
        index = int(self.scroll_offset.y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        if index == self.cursor and self.current is not None:
            style = self.get_component_rich_style("cursor-list--cursor")
            text = self.render_row(self.rows[index], width)
            text.stylize(Style(color=style.color))
            return (
                Strip(list(text.render(self.app.console)))
                .adjust_cell_length(width, style)
                .apply_style(Style(bgcolor=style.bgcolor))
            )
        strip = self._cache.get(index)
        if strip is None:
            strip = self._strip(self.render_row(self.rows[index], width), width, self.rich_style)
            self._cache[index] = strip
        return strip

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.refresh()

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width
