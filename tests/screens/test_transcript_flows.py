"""Keeping a call's transcript lines as quotes from the keyboard: t on the account (F3 in call mode)
opens the picker, space marks, enter keeps, u takes it back; asserted on the stored rows, then drawn."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from csm_desk.desk import Desk
from csm_desk.domain.transcript_files import read_transcript
from csm_desk.screens.account import AccountScreen
from csm_desk.screens.call import CallScreen
from csm_desk.screens.transcript import TranscriptPicker
from csm_desk.store.tables import Contact, Quote
from csm_desk.widgets.queue_table import QueueTable

pytestmark = pytest.mark.slow
SIZE = (120, 40)
SMALL = (80, 24)
AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)

# Who speaks: the account's champion (her name reads as markup), the CSM, and someone the book does not know.
VTT = """WEBVTT

1
00:00:02.000 --> 00:00:05.500
Sam Rivera: Thanks for the time today. How did the quarter go?

2
00:00:06.000 --> 00:00:12.000
Maria [bold]x[/]: Another team already uses a competitor [/] for reporting,
and our CFO wants one tool.

3
00:00:12.500 --> 00:00:16.000
Maria [bold]x[/]: We are re-evaluating the stack before the budget closes.

4
00:00:16.500 --> 00:00:19.000
Lumbergh: Yeah, if you could send the numbers by Friday, that would be great.

5
00:00:19.500 --> 00:00:25.000
Sam Rivera: I will send them on Thursday.
"""


@pytest.fixture
def utc(monkeypatch):
    """Times are drawn in local time: the snapshots are taken in UTC wherever the suite runs."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def call(store, settings, book):
    t = read_transcript(VTT, "call.vtt")
    return Desk(store, settings).attach_transcript(
        book["big"], t.lines, at=AT, channel="call", duration_min=t.duration_min
    )


def _quotes(store, call_id: int) -> list[tuple[str, int | None, str]]:
    with store.read() as s:
        rows = s.scalars(select(Quote).where(Quote.interaction_id == call_id).order_by(Quote.position))
        return [(q.text, q.speaker_id, q.step) for q in rows]


def _maria(store, book) -> int:
    with store.read() as s:
        return s.scalars(select(Contact.id).where(Contact.account_id == book["big"])).one()


async def _open_account(pilot, settle, account_id: int) -> None:
    await settle(pilot)
    table = pilot.app.screen.query_one(QueueTable)
    await pilot.press("g")
    while table.current.facts.id != account_id:
        await pilot.press("j")
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AccountScreen)


async def test_marked_lines_are_kept_as_quotes_with_speaker_and_time_and_undone(
    app, book, call, store, settle, db_path, table_dump
):
    before = table_dump(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_account(pilot, settle, book["big"])
        await pilot.press("t")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, TranscriptPicker) and picker.interaction_id == call
        # space marks and moves on; a second space on a line unmarks it: lines 2 and 4 stay marked.
        await pilot.press("down", "space", "space", "up", "space", "space")
        await pilot.press("enter")
        await settle(pilot)
        assert _quotes(store, call) == [
            (
                "Another team already uses a competitor [/] for reporting, and our CFO wants one tool.",
                _maria(store, book),
                "[00:00:06] Maria [bold]x[/]",
            ),
            (
                "Yeah, if you could send the numbers by Friday, that would be great.",
                None,
                "[00:00:16] Lumbergh",
            ),
        ]
        assert app.screen is picker
        assert [row.kept for _, row in picker.query_one("#tr-lines").rows] == [False, True, False, True, False]
        await pilot.press("u")
        await settle(pilot)
        assert _quotes(store, call) == []
        assert [row.kept for _, row in picker.query_one("#tr-lines").rows] == [False] * 5
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
    assert table_dump(db_path) == before


async def test_enter_keeps_the_line_under_the_cursor_from_call_mode(app, book, call, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(CallScreen(book["big"]))
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, TranscriptPicker)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert _quotes(store, call) == [
            (
                "We are re-evaluating the stack before the budget closes.",
                _maria(store, book),
                "[00:00:12] Maria [bold]x[/]",
            )
        ]
        await pilot.press("enter")  # the same line again: nothing more is kept
        await settle(pilot)
        assert len(_quotes(store, call)) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)


async def test_marked_lines_are_not_dropped_by_one_escape(app, book, call, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        await _open_account(pilot, settle, book["big"])
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("space", "escape")
        assert isinstance(app.screen, TranscriptPicker)
        assert "1 marked and not kept" in str(app.screen.query_one("#tr-status").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen) and _quotes(store, call) == []


async def test_an_account_without_a_transcript_says_how_to_attach_one(app, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await _open_account(pilot, settle, book["drop"])
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        assert any("csm-desk transcript ACCOUNT FILE" in str(n.message) for n in app._notifications)


async def test_several_transcripts_are_offered_newest_first(app, book, call, store, settings, settle):
    t = read_transcript("Sam Rivera: an older call\n", "old.txt")
    older = Desk(store, settings).attach_transcript(
        book["big"], t.lines, at=datetime(2026, 11, 2, 10, tzinfo=UTC), channel="meeting", duration_min=None
    )
    async with app.run_test(size=SIZE) as pilot:
        await _open_account(pilot, settle, book["big"])
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TranscriptPicker) and app.screen.interaction_id == older


class TestSnapshots:
    def test_the_picker_with_a_line_kept_and_one_marked(self, snap_compare, app, book, call, settle, utc):
        async def run_before(pilot) -> None:
            await _open_account(pilot, settle, book["big"])
            for key in ("t", "down", "down", "enter", "down", "space"):
                await pilot.press(key)
                await settle(pilot)
            pilot.app.clear_notifications()  # a toast times out by the wall clock: not part of the picture

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

    def test_the_picker_at_80x24(self, snap_compare, app, book, call, settle, utc):
        async def run_before(pilot) -> None:
            await _open_account(pilot, settle, book["big"])
            for key in ("t", "down"):
                await pilot.press(key)
                await settle(pilot)

        assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


async def test_privacy_mode_hides_the_words_and_keeps_times_and_names(app, book, call, settle):
    from csm_desk.render.privacy import PRIVATE_NOTE

    async with app.run_test(size=SIZE) as pilot:
        await _open_account(pilot, settle, book["big"])
        await pilot.press("P", "t")
        await settle(pilot)
        lines = app.screen.query_one("#tr-lines")
        drawn = [lines.render_row(row, 110).plain for row in lines.rows]
        assert drawn[2].startswith("[ ] 00:00:12 Maria [bold]x[/]")
        assert all(PRIVATE_NOTE in text and "re-evaluating" not in text for text in drawn)
        assert "re-evaluating" not in str(app.screen.query_one("#tr-current").render())
