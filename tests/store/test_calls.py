"""The call draft and the end of a call: one transaction, nothing lost, nothing doubled."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from csm_desk.clock import Clock
from csm_desk.store import calls
from csm_desk.store.actions import ActionError
from csm_desk.store.calls import CallState, CapturedQuote, Commitment
from csm_desk.store.tables import Account, Draft, FollowUp, Interaction, Quote, StageChange


@pytest.fixture
def account_id(store):
    with store.write() as s:
        a = Account(
            external_id="A-1",
            name="Acme",
            arr=60_000,
            owner="Ana",
            stage="identified",
            identified_on=date(2026, 11, 20),
        )
        s.add(a)
        s.flush()
        return a.id


# Twelve minutes before the store's frozen clock (tests/conftest.py: TODAY, 09:30 local).
STARTED = Clock.frozen(date(2026, 11, 23)).now() - timedelta(minutes=12)


def _state(account_id: int) -> CallState:
    return CallState(
        account_id=account_id,
        script_id="competitor",
        language="en",
        step=2,
        notes="line one\nWe are looking at Pivotly [bold]",
        quotes=[CapturedQuote("We are looking at Pivotly [bold]", None, "discover")],
        commitments=[Commitment("Send the comparison", date(2026, 11, 27), time(14, 0))],
        checked=[0, 2],
        started_at=STARTED,
    )


def test_draft_round_trips_and_updates_in_place(store, account_id):
    state = _state(account_id)
    state.draft_id = calls.save_draft(store, state)
    state.notes += "\nmore"
    assert calls.save_draft(store, state) == state.draft_id
    loaded = calls.open_draft(store, account_id)
    assert loaded.notes == state.notes and loaded.step == 2 and loaded.checked == [0, 2]
    assert loaded.quotes == state.quotes and loaded.commitments == state.commitments
    with store.read() as s:
        assert len(s.scalars(select(Draft)).all()) == 1


def test_resume_keeps_the_time_already_spent(store, account_id):
    state = _state(account_id)
    state.draft_id = calls.save_draft(store, state)
    resumed = calls.resume(calls.open_draft(store, account_id), store.now())
    # The store's clock is frozen: no time passed between the save and the resume.
    assert resumed.started_at == STARTED
    later = calls.resume(calls.open_draft(store, account_id), store.now() + timedelta(hours=2))
    assert later.started_at == STARTED + timedelta(hours=2)


def test_discarded_draft_is_not_offered(desk, store, account_id):
    draft_id = desk.save_draft(_state(account_id))
    desk.discard_draft(account_id, draft_id)
    assert calls.open_draft(store, account_id) is None


def test_end_call_writes_everything_in_one_transaction(desk, store, account_id, today):
    state = _state(account_id)
    state.draft_id = desk.save_draft(state)
    desk.end_call(state, summary="They are comparing tools", outcome="Agreed next steps")
    with store.read() as s:
        interaction = s.scalars(select(Interaction)).one()
        assert interaction.channel == "call" and interaction.script == "competitor" and interaction.duration_min == 12
        assert "Outcome: Agreed next steps" in interaction.summary and "line one" in interaction.summary
        quote = s.scalars(select(Quote)).one()
        assert quote.text == "We are looking at Pivotly [bold]" and quote.step == "discover"
        assert quote.interaction_id == interaction.id
        follow = s.scalars(select(FollowUp)).one()
        assert (follow.due, follow.due_time, follow.source, follow.status) == (
            date(2026, 11, 27),
            time(14, 0),
            "commitment",
            "open",
        )
        account = s.get(Account, account_id)
        assert account.stage == "engaged" and account.engaged_on == today
        change = s.scalars(select(StageChange)).one()
        assert (change.from_stage, change.to_stage) == ("identified", "engaged")
        assert s.get(Draft, state.draft_id).status == "ended"
    assert calls.open_draft(store, account_id) is None


def test_end_call_needs_a_summary_and_writes_nothing_without_it(desk, store, account_id):
    state = _state(account_id)
    with pytest.raises(ActionError):
        desk.end_call(state, summary="  ", outcome="")
    with store.read() as s:
        assert s.scalars(select(Interaction)).first() is None


def test_second_call_does_not_move_the_stage_again(desk, store, account_id):
    for hour in range(2):
        state = _state(account_id)
        state.started_at += timedelta(hours=hour)  # two calls, an hour apart
        desk.end_call(state, summary="call", outcome="")
    with store.read() as s:
        assert len(s.scalars(select(StageChange)).all()) == 1
        assert len(s.scalars(select(Interaction)).all()) == 2


def test_undo_takes_an_ended_call_back_exactly(desk, store, account_id, db_path):
    from .dbdump import dump

    state = _state(account_id)
    state.draft_id = calls.save_draft(store, state)
    before = dump(db_path)
    desk.end_call(state, summary="They compare tools", outcome="")
    assert dump(db_path) != before
    desk.undo_last()
    assert dump(db_path) == before  # the interaction, quotes, commitments and stage move gone; the draft open again
