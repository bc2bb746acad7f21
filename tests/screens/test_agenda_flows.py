"""Keyboard flows on the agenda, asserting on what was stored (and on undo putting it back)."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from csm_desk.screens.account import AccountScreen
from csm_desk.screens.agenda import AgendaScreen
from csm_desk.screens.queue import QueueScreen
from csm_desk.store.detail import load_detail
from csm_desk.store.tables import Account, FollowUp

pytestmark = pytest.mark.slow  # every test here takes over a second: `pytest -m "not slow"` leaves them out

SIZE = (120, 40)


def _fu(store, title) -> FollowUp:
    with store.read() as s:
        return s.scalars(select(FollowUp).where(FollowUp.title == title)).one()


async def _agenda(pilot, settle) -> AgendaScreen:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AgendaScreen)
    return pilot.app.screen


async def test_a_toggles_between_queue_and_agenda(app, settle):
    async with app.run_test(size=SIZE) as pilot:
        agenda = await _agenda(pilot, settle)
        assert [i.title for i in agenda.agenda.overdue] == ["Send the roadmap"]
        assert [i.title for i in agenda.agenda.upcoming] == ["Usage review call"]
        await pilot.press("a")
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_done_with_an_outcome_lands_on_the_timeline_and_undo_restores(app, store, book, settle, today):
    async with app.run_test(size=SIZE) as pilot:
        agenda = await _agenda(pilot, settle)
        assert agenda.current.title == "Send the roadmap"
        await pilot.press("x", *"They want it [bold]now[/]", "enter")
        await settle(pilot)
        fu = _fu(store, "Send the roadmap")
        assert (fu.status, fu.outcome) == ("done", "They want it [bold]now[/]") and fu.done_at is not None
        with store.read() as s:
            detail = load_detail(s, book["big"], today, app.settings.triage, app.settings.score)
        assert any(e.title == "Done: Send the roadmap" and e.body == fu.outcome for e in detail.timeline)
        assert [i.title for i in agenda.agenda.overdue] == []
        await pilot.press("u")
        await settle(pilot)
        fu = _fu(store, "Send the roadmap")
        assert (fu.status, fu.outcome, fu.done_at) == ("open", "", None)
        assert [i.title for i in agenda.agenda.overdue] == ["Send the roadmap"]


async def test_snooze_then_reschedule_then_undo_twice(app, store, settle, today):
    async with app.run_test(size=SIZE) as pilot:
        await _agenda(pilot, settle)
        await pilot.press("z", "enter")  # +1 day
        await settle(pilot)
        assert _fu(store, "Send the roadmap").snoozed_until == today + timedelta(days=1)
        await pilot.press("j")  # the snoozed one moved to upcoming (tomorrow), first in the list
        await pilot.press("k")
        assert app.screen.current.title == "Send the roadmap"
        await pilot.press("r", *"fri 10:00")
        assert "Fri 27 Nov 2026, 10:00" in str(app.screen.query_one("#when-read").render())
        await pilot.press("enter")
        await settle(pilot)
        fu = _fu(store, "Send the roadmap")
        assert (fu.due, fu.due_time, fu.snoozed_until) == (today + timedelta(days=4), time(10), None)
        await pilot.press("u")
        await settle(pilot)
        assert _fu(store, "Send the roadmap").snoozed_until == today + timedelta(days=1)
        await pilot.press("u")
        await settle(pilot)
        fu = _fu(store, "Send the roadmap")
        assert (fu.due, fu.snoozed_until) == (today - timedelta(days=2), None)


async def test_snooze_to_a_typed_date(app, store, settle, today):
    async with app.run_test(size=SIZE) as pilot:
        await _agenda(pilot, settle)
        await pilot.press("z", *"+5d", "enter")
        await settle(pilot)
        assert _fu(store, "Send the roadmap").snoozed_until == today + timedelta(days=5)


async def test_snooze_down_picks_three_days(app, store, settle, today):
    async with app.run_test(size=SIZE) as pilot:
        await _agenda(pilot, settle)
        await pilot.press("z", "down", "enter")
        await settle(pilot)
        assert _fu(store, "Send the roadmap").snoozed_until == today + timedelta(days=3)


async def test_delete_and_undo(app, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        await _agenda(pilot, settle)
        before = _fu(store, "Send the roadmap")
        await pilot.press("delete")
        await settle(pilot)
        with store.read() as s:
            assert s.get(FollowUp, before.id) is None
        await pilot.press("u")
        await settle(pilot)
        assert _fu(store, "Send the roadmap").model_dump() == before.model_dump()


async def test_enter_opens_the_account_and_esc_comes_back(app, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await _agenda(pilot, settle)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen) and app.screen.account_id == book["big"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)


async def test_stage_change_on_the_queue_is_undone_by_u(app, store, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with store.read() as s:
            stage = s.get(Account, book["big"]).stage
        await pilot.press("s")
        await pilot.press("down", "down")
        await pilot.press("enter", "enter")
        await settle(pilot)
        with store.read() as s:
            assert s.get(Account, book["big"]).stage != stage
        await pilot.press("u")
        await settle(pilot)
        with store.read() as s:
            assert s.get(Account, book["big"]).stage == stage
        await pilot.press("u")
        await settle(pilot)  # nothing left: a warning, no change


async def test_c_starts_a_call_on_the_account(app, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await _agenda(pilot, settle)
        await pilot.press("c")
        await settle(pilot)
        from csm_desk.screens.call import CallScreen

        assert isinstance(app.screen, CallScreen) and app.screen.account_id == book["big"]


async def test_a_call_started_from_the_agenda_offers_to_mark_the_item_done(app, store, settle):
    from csm_desk.screens.call import CallScreen
    from csm_desk.screens.unfinished_call import ChoiceModal

    async with app.run_test(size=SIZE) as pilot:
        agenda = await _agenda(pilot, settle)
        assert agenda.current.title == "Send the roadmap"
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        await pilot.press("f10")
        await pilot.press(*"Sent it during the call")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("enter")  # "Mark it done" is first
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        assert "Send the roadmap" not in [i.title for i in app.screen.agenda.overdue]
    row = _fu(store, "Send the roadmap")
    assert row.status == "done" and row.done_at is not None


async def test_keeping_the_item_open_after_the_call(app, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        await _agenda(pilot, settle)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("f10", *"Short call", "ctrl+s")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
    assert _fu(store, "Send the roadmap").status == "open"


async def test_e_corrects_the_followup_and_u_takes_it_back(app, store, settle, table_dump, db_path):
    async with app.run_test(size=SIZE) as pilot:
        agenda = await _agenda(pilot, settle)
        before = table_dump(db_path)  # after the day's upkeep at start-up
        assert agenda.current.title == "Send the roadmap"
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#title").focus()
        await pilot.press("ctrl+u", *"Send the Q1 roadmap")
        app.screen.query_one("#owner").focus()
        await pilot.press("ctrl+u", *"Bia")
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = _fu(store, "Send the Q1 roadmap")
        assert (row.owner, row.channel) == ("Bia", "email")
        await pilot.press("u")
        await settle(pilot)
    assert table_dump(db_path) == before
