"""A natural-date field and its read-back: what ``fri 14:00`` or ``+3d`` resolves to is
shown under (or beside) the box as it is typed, before anything is saved."""

from __future__ import annotations

from datetime import date, time
from typing import Self

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from csm_desk.domain.dates import DateError, describe, parse_when
from csm_desk.widgets.field_input import FieldInput

SHORT_ERROR = "not a date (try fri, +3d, 2026-12-04)"
"""What a read-back beside a box says to a bad date: there is no room for the parser's whole list."""


def read_back(
    text: str, today: date, *, past: bool = False, short: bool = False, blank: str | Text | None = ""
) -> Text:
    """How ``text`` resolves against ``today``, in words.

    ``past`` reads a day something happened: the day alone, dimmed. ``short`` says a bad
    date in a few words. ``blank`` is what an empty field reads; None reads it as the
    parser's error (the field needs a date)."""
    if blank is not None and not text.strip():
        return blank if isinstance(blank, Text) else Text(blank, style="dim")
    try:
        day, at = parse_when(text, today)
    except DateError as exc:
        return Text(SHORT_ERROR if short else str(exc), style="red")
    if past:
        return Text(describe(day, None, today), style="dim")
    return Text("→ " + describe(day, at, today), style="bold")


class DateInput(Widget):
    """An Input for a natural date (``tomorrow``, ``fri 14:00``, ``+3d``, ``2026-12-04``) and the
    line that reads it back; ``parsed()`` gives the date and time, or raises ``DateError``.

    The read-back is a ``Static`` with the id ``<id>-read`` and the class ``read``."""

    DEFAULT_CSS = """
    DateInput { height: auto; }
    DateInput.-beside { layout: horizontal; }
    DateInput.-beside > Input { width: 24; }
    DateInput.-beside > .read { padding: 1 0 0 1; width: 1fr; }
    DateInput.-beside.-compact > .read { padding: 0 0 0 1; }
    """

    class Submitted(Message):
        """Enter in the field."""

        def __init__(self, date_input: DateInput) -> None:
            super().__init__()
            self.date_input = date_input

        @property
        def control(self) -> DateInput:
            return self.date_input

    def __init__(
        self,
        value: str = "",
        *,
        today: date,
        placeholder: str = "",
        past: bool = False,
        beside: bool = False,
        advance: bool = False,
        blank: str | Text | None = "",
        compact: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.today = today
        """The day the typed words resolve against."""
        self.past = past
        """A day something happened (a signal): read back as the day alone, dimmed."""
        self.blank = blank
        """What an empty field reads back as; None: the parser's error (the field needs a date)."""
        self.set_class(beside, "-beside")
        self.set_class(compact, "-compact")
        self.input = (FieldInput if advance else Input)(value, placeholder=placeholder, compact=compact)
        """The box itself (``advance``: enter moves to the next field at once)."""

    @property
    def beside(self) -> bool:
        """The read-back sits beside the box, in a form row, and says a bad date briefly."""
        return self.has_class("-beside")

    def compose(self) -> ComposeResult:
        yield self.input
        yield Static(self._read_back(self.input.value), id=f"{self.id}-read" if self.id else None, classes="read")

    def _read_back(self, text: str) -> Text:
        return read_back(text, self.today, past=self.past, short=self.beside, blank=self.blank)

    @property
    def value(self) -> str:
        """The text typed."""
        return self.input.value

    @value.setter
    def value(self, text: str) -> None:
        self.input.value = text

    def parsed(self) -> tuple[date, time | None]:
        """The date typed, and its time if one was; ``DateError`` says why the text is not a date
        (an empty field is not one)."""
        return parse_when(self.input.value, self.today)

    def focus(self, scroll_visible: bool = True) -> Self:
        self.input.focus(scroll_visible)
        return self

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.query_one(".read", Static).update(self._read_back(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self))
