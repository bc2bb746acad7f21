"""The quick note is kept while it is typed: a killed terminal gives it back, saving or discarding
it removes the draft, and a draft that cannot be written says so."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from textual.widgets import Static, TextArea

from csm_desk.app import make_app
from csm_desk.clock import Clock
from csm_desk.context import Context
from csm_desk.screens.modals import NoteModal
from csm_desk.store.tables import Interaction, NoteDraft, Quote

pytestmark = pytest.mark.slow

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _at_once(monkeypatch):
    monkeypatch.setattr(NoteModal, "DRAFT_DELAY", 0.01)


async def _kept(pilot, settle) -> None:
    """The draft's timer fired and its worker wrote: wait for both, never a fixed sleep."""
    form = pilot.app.screen
    while isinstance(form, NoteModal) and form.draft_due:
        await pilot.pause(0.01)
    await settle(pilot)


def _drafts(store) -> list[NoteDraft]:
    with store.read() as s:
        return list(s.scalars(select(NoteDraft)))


async def _type_note(pilot, settle, summary: str, quote: str) -> NoteModal:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, NoteModal)
    await pilot.press(*summary.replace(" ", "_"))
    await pilot.press("tab", *quote.replace(" ", "_"))
    await _kept(pilot, settle)
    return form


async def test_a_note_typed_when_the_terminal_closed_comes_back(app, store, book, settings, today, db_path, settle):
    async with app.run_test(size=SIZE) as pilot:
        form = await _type_note(pilot, settle, "Renewal at risk", "We need a discount")
        (draft,) = _drafts(store)
        assert (draft.account_id, draft.summary, draft.quotes) == (book["big"], "Renewal_at_risk", "We_need_a_discount")
        assert str(form.query_one("#draft-status", Static).render()) == "draft saved"
    # The app is gone without a save (a closed terminal): a new one on the same book.
    again = make_app(Context(settings=settings, clock=Clock.frozen(today), db=str(db_path)), store)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = again.screen
        assert form.query_one("#summary", TextArea).text == "Renewal_at_risk"
        assert form.query_one("#quotes", TextArea).text == "We_need_a_discount"
        assert "is back" in str(form.query_one("#draft-status", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(again.screen, NoteModal)
    assert _drafts(store) == []
    with store.read() as s:
        note = s.scalars(select(Interaction).where(Interaction.summary == "Renewal_at_risk")).one()
        assert [q.text for q in s.scalars(select(Quote).where(Quote.interaction_id == note.id))] == [
            "We_need_a_discount"
        ]


async def test_discarding_the_note_discards_its_draft(app, store, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await _type_note(pilot, settle, "half a thought", "x")
        assert len(_drafts(store)) == 1
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, NoteModal)
    assert _drafts(store) == []


async def test_a_draft_that_cannot_be_written_says_so(app, store, book, settle, failing):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        with failing(store, "disk full"):
            await pilot.press(*"lost?")
            await _kept(pilot, settle)
            status = str(form.query_one("#draft-status", Static).render())
            assert "draft NOT saved" in status and "disk is full" in status, status
        await pilot.press("!")
        await _kept(pilot, settle)
        assert _drafts(store)[0].summary == "lost?!"


async def test_undo_of_the_note_does_not_bring_back_an_old_draft(app, store, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await _type_note(pilot, settle, "Called", "ok")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _drafts(store) == []
        await pilot.press("u")
        await settle(pilot)
        with store.read() as s:
            assert s.scalars(select(Interaction).where(Interaction.summary == "Called")).all() == []
        assert _drafts(store) == []
