"""A write that fails in the TUI is never silent and never loses what was typed.

Each kind of write is tried under each way a write fails on a CSM's machine: another
process holding the write lock past the busy timeout, a read-only database, a full disk.
The form stays open with its text and the reason; ctrl+s then saves it once the cause is gone.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from textual.widgets import Input, Static, TextArea

from csm_desk.screens.agenda import AgendaScreen
from csm_desk.screens.call import CallScreen
from csm_desk.screens.modals import Form
from csm_desk.screens.save_plan import ActionRow, SavePlanScreen
from csm_desk.store.tables import Account, FollowUp, Interaction, SavePlan, Signal

pytestmark = pytest.mark.slow

SIZE = (120, 40)
FAILURES = {
    "busy": "in use by another process",
    "read-only": "read-only",
    "disk full": "disk is full",
}


@pytest.fixture(autouse=True)
def _sqlite_only(on_postgres):
    if on_postgres:
        pytest.skip("forces SQLite's own failures (the lock file, query_only, SQLITE_FULL)")


def _error_line(screen) -> str:
    return str(screen.query_one("#error", Static).render())


async def _fail_each_way_then_save(pilot, settle, store, failing, save_keys=("ctrl+s",), field="", text="") -> None:
    """The form is filled in: saving fails three ways, each said in the form with ``text``
    still in ``field``; then it saves and closes."""
    form = pilot.app.screen
    for n, (how, words) in enumerate(FAILURES.items()):
        with failing(store, how):
            await pilot.press(*(save_keys if n == 0 else ("ctrl+s",)))
            await settle(pilot)
            assert pilot.app.screen is form, f"{how}: the form closed on a failed write"
            said = _error_line(form)
            assert words in said and "Not saved" in said and "still here" in said, said
            if field:
                widget = form.query_one(field)
                assert (widget.text if isinstance(widget, TextArea) else widget.value) == text
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert pilot.app.screen is not form


async def test_stage_change(app, book, store, settle, failing):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with store.read() as s:
            before = s.get(Account, book["big"]).stage
        await pilot.press("s", "down", "down", "enter", *"cfo")
        await _fail_each_way_then_save(pilot, settle, store, failing, ("enter",), "#note", "cfo")
        with store.read() as s:
            assert s.get(Account, book["big"]).stage != before


async def test_note_keeps_its_text(app, book, store, settle, failing):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Called Maria about the renewal")
        form = app.screen
        with failing(store, "busy"):
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert app.screen is form and form.query_one("#summary", TextArea).text == "Called Maria about the renewal"
        await _fail_each_way_then_save(
            pilot, settle, store, failing, field="#summary", text="Called Maria about the renewal"
        )
        with store.read() as s:
            notes = s.scalars(select(Interaction).where(Interaction.summary == "Called Maria about the renewal")).all()
        assert len(notes) == 1


async def test_signal(app, book, store, settle, failing):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", *"budget", "enter", "enter", *"Fiscal year moved")
        await _fail_each_way_then_save(pilot, settle, store, failing, ("enter",), "#quote", "Fiscal year moved")
        with store.read() as s:
            assert s.scalars(select(Signal).where(Signal.quote == "Fiscal year moved")).one()


async def test_resolve(app, book, store, settle, failing):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await _fail_each_way_then_save(pilot, settle, store, failing, ("enter",))
        with store.read() as s:
            signal = s.scalars(select(Signal).where(Signal.account_id == book["big"])).one()
        assert signal.resolved_on is not None


async def test_follow_up(app, book, store, settle, failing):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f", *"Call Maria", "enter", *"+3d")
        await _fail_each_way_then_save(pilot, settle, store, failing, field="#title", text="Call Maria")
        with store.read() as s:
            assert s.scalars(select(FollowUp).where(FollowUp.title == "Call Maria")).one()


async def _agenda(pilot, settle) -> None:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AgendaScreen)


def _roadmap(store) -> FollowUp:
    with store.read() as s:
        return s.scalars(select(FollowUp).where(FollowUp.title == "Send the roadmap")).one()


async def test_agenda_done(app, store, settle, failing):
    async with app.run_test(size=SIZE) as pilot:
        await _agenda(pilot, settle)
        await pilot.press("x", *"They said yes")
        await _fail_each_way_then_save(pilot, settle, store, failing, ("enter",), "#outcome", "They said yes")
        assert (_roadmap(store).status, _roadmap(store).outcome) == ("done", "They said yes")


async def test_agenda_snooze(app, store, settle, today, failing):
    async with app.run_test(size=SIZE) as pilot:
        await _agenda(pilot, settle)
        await pilot.press("z")
        await _fail_each_way_then_save(pilot, settle, store, failing, ("enter",))
        assert _roadmap(store).snoozed_until is not None


async def test_agenda_reschedule(app, store, settle, today, failing):
    async with app.run_test(size=SIZE) as pilot:
        await _agenda(pilot, settle)
        before = _roadmap(store).due
        await pilot.press("r", *"+4d")
        await _fail_each_way_then_save(pilot, settle, store, failing, ("enter",), "#when", "+4d")
        assert _roadmap(store).due != before


async def test_agenda_delete_without_a_form_is_said_and_nothing_changes(app, store, settle, failing):
    async with app.run_test(size=SIZE) as pilot:
        await _agenda(pilot, settle)
        with failing(store, "busy"):
            await pilot.press("delete")
            await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any("in use by another process" in m for m in said), said
        assert _roadmap(store).status == "open"


async def test_undo_that_fails_is_said_and_can_be_tried_again(app, store, settle, failing):
    async with app.run_test(size=SIZE) as pilot:
        await _agenda(pilot, settle)
        await pilot.press("delete")
        await settle(pilot)
        with failing(store, "read-only"):
            await pilot.press("u")
            await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any("read-only" in m for m in said), said
        with store.read() as s:
            assert not s.scalars(select(FollowUp).where(FollowUp.title == "Send the roadmap")).all()
        await pilot.press("u")
        await settle(pilot)
        assert _roadmap(store).status == "open"


async def test_save_plan_keeps_the_form(app, book, store, settle, failing):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SavePlanScreen)
        await pilot.press(*"Usage fell", "tab")
        screen.query_one("#category").value = "usage_drop"
        screen.query_one("#success").value = "Logins back"
        screen.query_one("#checkin").value = "+7d"
        row = screen.query_one(ActionRow)
        for cls, value in ((".act", "Fix the sync"), (".owner", "Priya"), (".due", "fri")):
            row.query_one(cls).value = value
        await settle(pilot)
        for how, words in FAILURES.items():
            with failing(store, how):
                await pilot.press("ctrl+s")
                await settle(pilot)
            assert app.screen is screen
            said = str(screen.query_one("#problems", Static).render())
            assert words in said and "Not saved" in said, said
            assert screen.query_one("#success", Input).value == "Logins back"
            with store.read() as s:
                assert s.scalars(select(SavePlan)).all() == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        with store.read() as s:
            assert s.scalars(select(SavePlan)).one().success_criteria == "Logins back"


async def test_ending_a_call_keeps_the_summary(app, book, store, settle, failing):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        call = app.screen
        assert isinstance(call, CallScreen)
        await pilot.press(*["space" if ch == " " else ch for ch in "They are comparing tools"])
        await pilot.press("f10")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, Form)
        form.query_one("#summary").value = "Comparing tools; call back friday"
        await _fail_each_way_then_save(
            pilot, settle, store, failing, field="#summary", text="Comparing tools; call back friday"
        )
        assert not isinstance(app.screen, CallScreen)
        with store.read() as s:
            call_row = s.scalars(select(Interaction).where(Interaction.account_id == book["big"])).all()
        assert any(i.summary.startswith("Comparing tools; call back friday") for i in call_row)


async def test_a_call_draft_that_cannot_be_saved_says_so_and_is_saved_later(app, book, store, settle, failing):
    from csm_desk.store.calls import open_draft

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        call = app.screen
        assert isinstance(call, CallScreen)
        with failing(store, "disk full"):
            await pilot.press(*"budget", "ctrl+n")  # the next step saves the draft at once
            await settle(pilot)
            status = str(call.query_one("#call-status", Static).render())
            assert "NOT saved" in status and "disk is full" in status, status
            assert open_draft(store, book["big"]) is None
        call.autosave.save()  # what the retry timer does when it fires
        await settle(pilot)
        assert "budget" in open_draft(store, book["big"]).notes
        assert str(call.query_one("#call-status", Static).render()) == "draft saved"


async def test_a_screen_load_that_fails_is_shown(app, settle, monkeypatch):
    def broken():
        raise RuntimeError("the agenda could not be read")

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(app.desk, "agenda", broken)
        await pilot.press("a")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert "RuntimeError: the agenda could not be read" in said, said
