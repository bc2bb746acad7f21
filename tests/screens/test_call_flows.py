"""Call mode, driven by keys alone: a whole call, the draft offered back, languages,
playbooks, templates, and a broken user script that does not stop the app."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from csm_desk.screens.call import CallScreen
from csm_desk.store.calls import open_draft
from csm_desk.store.tables import Account, Contact, Draft, FollowUp, Interaction, Quote, StageChange

pytestmark = pytest.mark.slow  # every test here takes over a second: `pytest -m "not slow"` leaves them out


async def _type(pilot, text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def _open_call(pilot, settle) -> CallScreen:
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CallScreen)
    return screen


async def test_a_whole_call_on_the_competitor_account(app, settle, store, book, today):
    async with app.run_test(size=(120, 40)) as pilot:
        call = await _open_call(pilot, settle)
        assert call.account_id == book["big"]
        assert call.script.id == "competitor" and call.script.language == "en"
        assert "competitor" in call.why.plain.lower()
        await _type(pilot, "Maria: we are trialling another tool")
        await pilot.press("ctrl+n")  # next step: saves the draft at once
        await settle(pilot)
        assert open_draft(store, book["big"]).step == 1
        await pilot.press("ctrl+t", "enter")  # the current line becomes a quote, said by the champion
        await pilot.press("enter")
        await _type(pilot, "the budget was cut by half")
        await pilot.press("ctrl+n", "ctrl+t", "enter")
        await pilot.press("ctrl+g")
        await _type(pilot, "Send the comparison")
        await pilot.press("enter")
        await _type(pilot, "fri 14:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(call.state.quotes) == 2 and len(call.state.commitments) == 1
        await pilot.press("f10")
        await _type(pilot, "They are comparing tools")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, CallScreen)

    with store.read() as s:
        interaction = s.scalars(
            select(Interaction).where(Interaction.account_id == book["big"], Interaction.script == "competitor")
        ).one()
        assert interaction.channel == "call" and interaction.duration_min >= 1
        assert interaction.summary.startswith("They are comparing tools")
        assert "the budget was cut by half" in interaction.summary
        quotes = s.scalars(select(Quote).where(Quote.interaction_id == interaction.id).order_by(Quote.position)).all()
        maria = s.scalars(select(Contact).where(Contact.account_id == book["big"])).one()
        assert [q.text for q in quotes] == ["Maria: we are trialling another tool", "the budget was cut by half"]
        assert [q.speaker_id for q in quotes] == [maria.id, maria.id]
        steps = [st.id for st in call.script.steps]
        assert [q.step for q in quotes] == [steps[1], steps[2]]
        follow = s.scalars(select(FollowUp).where(FollowUp.source == "commitment")).one()
        assert (follow.due, follow.due_time, follow.title) == (date(2026, 11, 27), time(14, 0), "Send the comparison")
        assert follow.due.weekday() == 4 and follow.status == "open"
        account = s.get(Account, book["big"])
        assert account.stage == "engaged" and account.engaged_on == today
        assert s.scalars(select(StageChange).where(StageChange.to_stage == "engaged")).one().from_stage == "identified"
        assert s.scalars(select(Draft)).one().status == "ended"


async def test_esc_never_discards_and_the_draft_is_offered_back(app, settle, store, book):
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_call(pilot, settle)
        await _type(pilot, "every word counts [bold]")
        await pilot.press("escape")
        await settle(pilot)
        assert "Leave the call" in str(pilot.app.screen.query_one(".title").render())
        await pilot.press("down", "down", "enter")  # keep the draft and leave
        await settle(pilot)
        assert not isinstance(pilot.app.screen, CallScreen)
        assert open_draft(store, book["big"]).notes == "every word counts [bold]"
        await pilot.press("enter")  # the account screen offers the unfinished call
        await settle(pilot)
        await pilot.press("enter")  # resume
        await settle(pilot)
        call = pilot.app.screen
        assert isinstance(call, CallScreen)
        assert call.query_one("#notes").text == "every word counts [bold]"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")  # discard asks again
        await settle(pilot)
        assert open_draft(store, book["big"]) is not None
        await pilot.press("enter")
        await settle(pilot)
        assert open_draft(store, book["big"]) is None


async def test_autosave_writes_the_draft_without_a_step_change(app, settle, store, book):
    CallScreen.AUTOSAVE_DELAY = 0.05
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            call = await _open_call(pilot, settle)
            await _type(pilot, "typed and kept")
            # The timer fires, then its thread worker writes: wait for both, never sleep.
            while call.autosave.due:
                await pilot.pause(0.02)
            await settle(pilot)
            assert open_draft(store, book["big"]).notes == "typed and kept"
    finally:
        CallScreen.AUTOSAVE_DELAY = 0.3


async def test_language_switch_playbook_picker_and_templates(app, settle, book):
    async with app.run_test(size=(120, 40)) as pilot:
        call = await _open_call(pilot, settle)
        await pilot.press("ctrl+l")
        assert call.script.language == "pt-BR" and call.script.id == "competitor"
        await pilot.press("ctrl+l")
        assert call.script.language == "en"
        await pilot.press("ctrl+f")
        await _type(pilot, "usgdrop")
        await pilot.press("enter")
        await settle(pilot)
        assert call.script.id == "usage_drop"
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("ctrl+y")
        copied = pilot.app.clipboard
        assert copied.startswith("Subject: ") and "Globex [/] Corp" in copied
        assert "⟨proposed_day⟩" in copied  # unknown until a commitment names the day
        await pilot.press("escape")
        await pilot.press("ctrl+g")
        await _type(pilot, "Demo")
        await pilot.press("enter")
        await _type(pilot, "tomorrow")
        await pilot.press("ctrl+s", "ctrl+o", "ctrl+y")
        await settle(pilot)
        assert "⟨proposed_day⟩" not in pilot.app.clipboard and "Tuesday 24 Nov" in pilot.app.clipboard


async def test_pt_br_account_opens_in_portuguese(app, settle, book):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(CallScreen(book["gone"]))
        await settle(pilot)
        call = pilot.app.screen
        assert call.script.id == "champion_left" and call.script.language == "pt-BR"


async def test_a_broken_user_script_is_named_and_the_app_still_starts(app, settle):
    from csm_desk.scripts.loader import shipped_dir, user_scripts_dir

    folder = user_scripts_dir()
    folder.mkdir(parents=True)
    bad = folder / "competitor.en.toml"

    text = shipped_dir().joinpath("competitor.en.toml").read_text(encoding="utf-8")
    bad.write_text(text.replace('cue = "listen"', 'cue = "shout"', 1), encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        call = await _open_call(pilot, settle)
        messages = [n.message for n in pilot.app._notifications]
        assert any("competitor.en.toml" in m and "cue" in m for m in messages), messages
        assert call.script.id == "competitor" and not call.script.user  # the shipped one is used instead


async def test_blanks_fill_what_only_the_call_reveals_and_survive_in_the_draft(app, settle, store, book):
    async with app.run_test(size=(120, 40)) as pilot:
        call = await _open_call(pilot, settle)
        assert "⟨competitor⟩" in call.query_one("#steps").query(".step").first().render().plain
        await pilot.press("f2")
        await _type(pilot, "Pivotly")
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = call.query_one("#steps").query(".step").first().render().plain
        assert "Pivotly" in text and "⟨competitor⟩" not in text
        await pilot.press("ctrl+s")  # save the draft now
        await settle(pilot)
    assert open_draft(store, book["big"]).fills == {"competitor": "Pivotly"}
