"""The transcript picker: a call's transcript line by line, from which the CSM keeps the lines worth
keeping as verbatim quotes (who said it, when into the call).

Opened with ``t`` on the account screen and ``F3`` in call mode (``open_transcripts``): one call with a
transcript opens straight away, several are offered newest first. ``space`` marks a line, ``enter``
keeps the marked lines (or the one under the cursor) through the desk; ``u`` takes them back, and
the picker shows at once what is kept. User text is data: every name and word is a ``Text``."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from csm_desk.domain.transcript import Line, clock
from csm_desk.render.privacy import free_text
from csm_desk.screens.failures import ReportsFailures
from csm_desk.screens.unfinished_call import ChoiceModal
from csm_desk.store.views import TranscriptCall, TranscriptLine, TranscriptView
from csm_desk.widgets.cursor_list import CursorList
from csm_desk.widgets.privacy import FollowsPrivacy, is_private

MARK, KEPT, OPEN = "[x]", " ✓ ", "[ ]"
TIME_W = 8


def _speaker_w(width: int) -> int:
    """The speaker column: narrower on a small terminal, so the words keep most of the line."""
    return 20 if width >= 100 else 14


def _when(call: TranscriptView | TranscriptCall) -> str:
    """``call on 2026-11-20 14:30 (41 min)``: what the call was, when (local time), how long."""
    minutes = f" ({call.duration_min} min)" if call.duration_min else ""
    return f"{call.channel} on {call.at.astimezone():%Y-%m-%d %H:%M}{minutes}"


Row = tuple[int, TranscriptLine]
"""A line of the transcript with its place in it (two lines may read the same)."""


class TranscriptLines(FollowsPrivacy, CursorList[Row]):
    """The transcript's lines under a pinned header: mark, time, speaker, words."""

    PRIVACY_AT_MOUNT = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.marked: set[int] = set()
        """Places of the lines marked to keep."""

    def render_header(self, width: int) -> Text:
        return Text(f"    {'Time':<{TIME_W}} {'Speaker':<{_speaker_w(width)}} Words")

    def render_row(self, row: Row, width: int) -> Text:
        index, shown = row
        mark = KEPT if shown.kept else MARK if index in self.marked else OPEN
        out = Text(mark + " ", style="green" if shown.kept else "bold" if index in self.marked else "dim")
        line = shown.line
        out.append(f"{clock(line.at) if line.at is not None else '':<{TIME_W}} ", style="dim")
        speaker = Text(line.speaker or "—", style="bold" if shown.contact else "")
        speaker.truncate(_speaker_w(width), overflow="ellipsis", pad=True)
        out.append_text(speaker)
        out.append(" ")
        words = free_text(line.text, is_private(self), style="italic" if shown.kept else "")
        words.truncate(max(8, width - out.cell_len), overflow="ellipsis")
        out.append_text(words)
        return out

    def row_id(self, row: Row) -> Hashable | None:
        return row[0]

    def show(self, lines: tuple[TranscriptLine, ...]) -> None:
        self.marked = {i for i in self.marked if i < len(lines) and not lines[i].kept}
        self.set_rows(list(enumerate(lines)))

    def toggle(self) -> TranscriptLine | None:
        """Mark or unmark the line under the cursor (a line already kept stays as it is)."""
        if self.current is None:
            return None
        index, shown = self.current
        if not shown.kept:
            self.marked ^= {index}
            self._cache.pop(self.cursor, None)
            self.refresh()
        return shown

    def refresh_privacy(self) -> None:
        self._cache.clear()
        self.refresh()


class TranscriptPicker(FollowsPrivacy, ReportsFailures, ModalScreen[None]):
    """One call's transcript: mark lines, keep them as quotes, undo; esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "mark", "Mark", id="transcript-mark"),
        Binding("enter", "keep", "Keep as quotes", id="transcript-keep"),
        # A modal screen hides the app's keys: undo is bound here too, so u takes back a keep at once.
        Binding("u", "app.undo", "Undo", id="undo"),
        Binding("escape", "close", "Close", id="close"),
    ]
    DEFAULT_CSS = """
    TranscriptPicker { align: center middle; }
    TranscriptPicker > Vertical {
        width: 118; max-width: 98%; height: 90%; border: thick $accent; background: $surface; padding: 0 1;
    }
    TranscriptPicker .title { text-style: bold; }
    TranscriptPicker #tr-lines { height: 1fr; }
    TranscriptPicker #tr-current { height: auto; max-height: 6; border-top: solid $primary-darken-2; }
    TranscriptPicker #tr-status { height: auto; color: $warning; }
    TranscriptPicker .hint { color: $text-muted; }
    """

    class Loaded(Message):
        def __init__(self, transcript: TranscriptView | None) -> None:
            super().__init__()
            self.transcript = transcript

    def __init__(self, account_id: int, interaction_id: int) -> None:
        super().__init__()
        self.account_id = account_id
        self.interaction_id = interaction_id
        self.transcript: TranscriptView | None = None
        self._warned = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Transcript", id="tr-title", classes="title", markup=False)
            yield TranscriptLines(id="tr-lines")
            yield Static("", id="tr-current", markup=False)
            yield Static("", id="tr-status", markup=False)
            yield Static(
                "space marks · enter keeps them as quotes · u undoes · esc closes",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(TranscriptLines).focus()
        self.load()

    @work(thread=True, exclusive=True, group="transcript", exit_on_error=False, description="load the transcript")
    def load(self) -> None:
        """Read the transcript again (on open, after a keep and after ``u``)."""
        self.post_message(self.Loaded(self.app.desk.transcript(self.account_id, self.interaction_id)))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        t = event.transcript
        if t is None:
            self.app.notify("That call no longer has a transcript.", severity="warning", markup=False)
            self.dismiss(None)
            return
        self.transcript = t
        kept = sum(1 for row in t.lines if row.kept)
        title = Text(f"Transcript of the {_when(t)} · ")
        title.append_text(Text(t.account_name))
        title.append(f" · {len(t.lines)} lines, {kept} kept as quotes", style="dim")
        self.query_one("#tr-title", Static).update(title)
        self.query_one(TranscriptLines).show(t.lines)
        self._status(t.problem)
        self._draw_current()

    # -- drawing ------------------------------------------------------------------------------
    def _status(self, message: str) -> None:
        line = self.query_one("#tr-status", Static)
        line.update(Text(message))
        line.display = bool(message)

    @on(TranscriptLines.Highlighted)
    def _draw_current(self) -> None:
        """The line under the cursor in full: when, who (and whether a contact), every word."""
        current = self.query_one(TranscriptLines).current
        box = self.query_one("#tr-current", Static)
        if current is None:
            box.update(Text("No line to show.", style="dim"))
            return
        row = current[1]
        line = row.line
        out = Text(clock(line.at) if line.at is not None else "no time", style="dim")
        out.append(" · ")
        out.append_text(Text(line.speaker or "nobody named", style="bold"))
        if row.contact:
            out.append_text(Text(f" (the contact {row.contact})", style="dim"))
        elif line.speaker:
            out.append(" (not a contact of the account)", style="dim")
        if row.kept:
            out.append(" · kept as a quote", style="green")
        out.append("\n")
        out.append_text(free_text(line.text, is_private(self)))
        box.update(out)

    def refresh_privacy(self) -> None:
        self._draw_current()

    # -- marking and keeping ---------------------------------------------------------------------
    def action_mark(self) -> None:
        lines = self.query_one(TranscriptLines)
        row = lines.toggle()
        if row is not None and row.kept:
            self._status("That line is already kept as a quote (u takes the last keep back).")
            return
        self._status(f"{len(lines.marked)} marked: enter keeps them." if lines.marked else "")
        self._warned = False
        lines.action_cursor_down()

    @on(TranscriptLines.Selected)
    def _clicked(self) -> None:
        self.action_mark()

    def _picked(self) -> list[Line]:
        lines = self.query_one(TranscriptLines)
        if lines.marked:
            return [lines.rows[i][1].line for i in sorted(lines.marked)]
        current = lines.current
        return [current[1].line] if current is not None and not current[1].kept else []

    def action_keep(self) -> None:
        t = self.transcript
        picked = self._picked()
        if t is None or not picked:
            self._status("Nothing to keep: mark lines with space (a kept line shows ✓).")
            return
        count = len(picked)
        done = f"{count} quote{'s' if count != 1 else ''} kept from the {t.channel}. u undoes it."
        account_id, interaction_id = t.account_id, t.interaction_id

        def landed() -> None:
            self.query_one(TranscriptLines).marked = set()
            self._status("")
            self.load()

        self.app.write(
            lambda desk: desk.keep_quotes(account_id, interaction_id, picked),
            done,
            landed,
            lambda reason: self._status(f"Not kept: {reason}"),
        )

    def action_close(self) -> None:
        marked = len(self.query_one(TranscriptLines).marked)
        if marked and not self._warned:
            self._warned = True
            self._status(f"{marked} marked and not kept: enter keeps them, esc again closes without them.")
            return
        self.dismiss(None)


def open_transcripts(screen: Any, account_id: int) -> None:
    """From ``screen``: the account's one call with a transcript, or a choice among several (newest
    first), in the picker; a word when there is none."""
    app = screen.app

    def job() -> None:
        calls = app.desk.transcript_calls(account_id)
        app.call_from_thread(_offer, app, account_id, calls)

    screen.run_worker(job, thread=True, group="read", exit_on_error=False, description="look for transcripts")


def _offer(app: Any, account_id: int, calls: list[TranscriptCall]) -> None:
    if not calls:
        app.notify(
            "No call of this account holds a transcript: csm-desk transcript ACCOUNT FILE attaches one.",
            markup=False,
        )
        return
    if len(calls) == 1:
        app.push_screen(TranscriptPicker(account_id, calls[0].interaction_id))
        return

    def picked(key: str | None) -> None:
        if key is not None:
            app.push_screen(TranscriptPicker(account_id, int(key)))

    choices: list[tuple[str, str | Text]] = [(str(c.interaction_id), _choice(c)) for c in calls]
    body = Text(f"{len(calls)} calls and meetings of this account hold a transcript, newest first.")
    app.push_screen(ChoiceModal("Which transcript?", body, choices), picked)


def _choice(call: TranscriptCall) -> Text:
    """One call to choose: when, how long, how many lines, who spoke (names are data: a ``Text``)."""
    who = ", ".join(call.speakers[:3]) + (f" +{len(call.speakers) - 3}" if len(call.speakers) > 3 else "")
    kept = f" · {call.kept} kept" if call.kept else ""
    return Text(f"{_when(call).capitalize()} · {call.lines} lines · {who}{kept}")
