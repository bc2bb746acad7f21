"""Correcting the book from the keyboard: e (the picker, then the record's form), N (a new
account), the champion's successor, notes back-dated with speakers, deletes confirmed, the
follow-ups of a lost case; each asserting on the stored rows, and u taking it back exactly."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select
from textual.widgets import OptionList

from csm_desk.screens.account import AccountScreen
from csm_desk.screens.queue import QueueScreen
from csm_desk.screens.record_forms import AccountForm, ContactForm, EditPicker
from csm_desk.store.tables import Account, Contact, FollowUp, Interaction, Quote, Signal
from csm_desk.widgets.queue_table import QueueTable

SIZE = (120, 40)
pytestmark = pytest.mark.slow


async def _open_on(pilot, settle, account_id: int) -> None:
    """Put the queue's cursor on the account (by keys)."""
    await settle(pilot)
    table = pilot.app.screen.query_one(QueueTable)
    await pilot.press("g")
    for _ in range(len(table.entries)):
        if table.current.facts.id == account_id:
            return
        await pilot.press("j")
    raise AssertionError("account not in the queue")


async def _pick(pilot, settle, key: str) -> None:
    """e, then down until the record ``key`` is highlighted, then enter."""
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(pilot.app.screen, EditPicker)
    ol = pilot.app.screen.query_one("#records", OptionList)
    ids = [o.id for o in ol._options]
    assert key in ids, ids
    while ol.get_option_at_index(ol.highlighted).id != key:
        await pilot.press("down")


async def _type(pilot, field: str, text: str) -> None:
    """Focus a field of the open form, clear it and type."""
    pilot.app.screen.query_one(f"#{field}").focus()
    await pilot.press("ctrl+u", *text)


async def test_a_passed_renewal_is_fixed_in_a_few_keys_and_undone(app, book, store, settle, db_path, today, table_dump):
    before = table_dump(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_on(pilot, settle, book["big"])
        await _pick(pilot, settle, "account")
        await pilot.press("enter")
        assert isinstance(app.screen, AccountForm)
        await _type(pilot, "f-renewal_date", "2027-10-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        with store.read() as s:
            assert s.get(Account, book["big"]).renewal_date.isoformat() == "2027-10-01"
        assert app.screen.query_one(QueueTable).current.facts.id == book["big"]  # the cursor stayed
        await pilot.press("u")
        await settle(pilot)
    assert table_dump(db_path) == before


async def test_a_wrong_field_is_said_beside_it_and_nothing_is_written(app, book, settle, db_path, table_dump):
    before = table_dump(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_on(pilot, settle, book["big"])
        await _pick(pilot, settle, "account")
        await pilot.press("enter")
        await _type(pilot, "f-arr", "120.000,50")
        await _type(pilot, "f-contract_start", "2030-01-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AccountForm)
        assert "digits" in str(form.query_one("#err-arr").render())
        assert form.query_one("#err-arr").display
        await _type(pilot, "f-arr", "120,000.50")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "cannot come before the contract started" in str(form.query_one("#err-renewal_date").render())
        # esc on a changed form asks first; the second esc discards.
        await pilot.press("escape")
        assert app.screen is form
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
    assert table_dump(db_path) == before


async def test_a_new_account_opens_and_undo_removes_it(app, book, store, settle, db_path, table_dump):
    before = table_dump(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("N")
        assert isinstance(app.screen, AccountForm)
        await pilot.press(*"Nimbus Data")
        await _type(pilot, "f-arr", "45,000")
        await _type(pilot, "f-renewal_date", "2027-06-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        with store.read() as s:
            made = s.scalars(select(Account).where(Account.name == "Nimbus Data")).one()
        assert (made.arr, made.renewal_date.isoformat(), made.external_id) == (
            45_000,
            "2027-06-30",
            f"manual-{made.id}",
        )
        assert isinstance(app.screen, AccountScreen) and app.screen.account_id == made.id
        await pilot.press("u")
        await settle(pilot)
    assert table_dump(db_path) == before


async def test_the_champion_leaves_and_the_successor_is_the_new_champion(app, book, store, settle, db_path, table_dump):
    with store.read() as s:
        peter = s.scalars(select(Contact).where(Contact.name == "Peter Gibbons")).one()
    async with app.run_test(size=SIZE) as pilot:
        await _open_on(pilot, settle, book["drop"])
        await _pick(pilot, settle, f"contact:{peter.id}")
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, ContactForm)
        assert not form.query_one("#successor").display
        form.query_one("#f-status").focus()
        await pilot.press("enter", "down", "enter")  # open the list, "left the company", pick it
        await settle(pilot)
        assert form.query_one("#successor").display
        await _type(pilot, "f-heir_name", "Samir Nagheenanajar")
        await _type(pilot, "f-heir_email", "samir@initech.test")
        await pilot.press("ctrl+s")
        await settle(pilot)
        detail = app.desk.account(book["drop"])
        assert detail.champion is not None and detail.champion.name == "Samir Nagheenanajar"
        assert next(c for c in detail.contacts if c.id == peter.id).status == "left"
        await pilot.press("u")
        await settle(pilot)
    assert app.desk.account(book["drop"]).champion.name == "Peter Gibbons"


async def test_a_followup_is_corrected(app, book, store, settle, today):
    with store.read() as s:
        fu = s.scalars(select(FollowUp).where(FollowUp.title == "Usage review call")).one()
    async with app.run_test(size=SIZE) as pilot:
        await _open_on(pilot, settle, book["drop"])
        await _pick(pilot, settle, f"followup:{fu.id}")
        await pilot.press("enter")
        await _type(pilot, "title", "Usage review with the new dashboard")
        await _type(pilot, "when", "fri 10:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
    with store.read() as s:
        row = s.get(FollowUp, fu.id)
    assert row.title == "Usage review with the new dashboard" and row.due_time == time(10) and row.due.weekday() == 4


async def test_a_note_is_back_dated_with_its_length_and_who_said_each_quote(app, book, store, settle, today):
    async with app.run_test(size=SIZE) as pilot:
        await _open_on(pilot, settle, book["drop"])
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Usage review")
        await _type(pilot, "quotes", "")
        await pilot.press(*"Peter: the dashboard is slow", "enter", *"nobody in particular said this")
        await _type(pilot, "when", "yesterday 15:00")
        await _type(pilot, "duration", "25")
        await pilot.press("ctrl+s")
        await settle(pilot)
    with store.read() as s:
        note = s.scalars(select(Interaction).where(Interaction.summary == "Usage review")).one()
        quotes = list(s.scalars(select(Quote).where(Quote.interaction_id == note.id).order_by(Quote.position)))
        peter = s.scalars(select(Contact.id).where(Contact.name == "Peter Gibbons")).one()
    local = note.at.astimezone()
    assert (local.date(), local.time()) == (today - timedelta(days=1), time(15)) and note.duration_min == 25
    assert [(q.text, q.speaker_id) for q in quotes] == [
        ("the dashboard is slow", peter),
        ("nobody in particular said this", None),
    ]


async def test_a_note_is_corrected_and_a_signal_deleted_after_confirming(app, book, store, settle, db_path, table_dump):
    with store.read() as s:
        note = s.scalars(select(Interaction).where(Interaction.summary == "Sent the usage report")).one()
    async with app.run_test(size=SIZE) as pilot:
        await _open_on(pilot, settle, book["drop"])
        await _pick(pilot, settle, f"note:{note.id}")
        await pilot.press("enter")
        await settle(pilot)
        await _type(pilot, "duration", "10")
        app.screen.query_one("#summary").focus()
        await pilot.press("end", *" and the adoption plan")
        await pilot.press("ctrl+s")
        await settle(pilot)
        with store.read() as s:
            row = s.get(Interaction, note.id)
            assert (row.summary, row.duration_min, row.at) == (
                "Sent the usage report and the adoption plan",
                10,
                note.at,
            )
        # Delete the account's signal: x, then a second enter confirms.
        await _open_on(pilot, settle, book["gone"])
        with store.read() as s:
            sig = s.scalars(select(Signal).where(Signal.kind == "emails_ignored")).one()
        before = table_dump(db_path)
        await _pick(pilot, settle, f"signal:{sig.id}")
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("down", "enter")  # "Delete the signal": asks again
        with store.read() as s:
            assert s.get(Signal, sig.id) is not None
        await pilot.press("enter")
        await settle(pilot)
        with store.read() as s:
            assert s.get(Signal, sig.id) is None
        await pilot.press("u")
        await settle(pilot)
    assert table_dump(db_path) == before


async def test_a_resolved_signal_is_reopened(app, book, store, settle, today):
    with store.read() as s:
        sig = s.scalars(select(Signal).where(Signal.kind == "competitor_mentioned")).one()
    app.desk.resolve_signal(book["big"], sig.id)
    async with app.run_test(size=SIZE) as pilot:
        await _open_on(pilot, settle, book["big"])
        await _pick(pilot, settle, f"signal:{sig.id}")
        await pilot.press("o")
        await settle(pilot)
    with store.read() as s:
        assert s.get(Signal, sig.id).resolved_on is None


async def test_closing_as_churned_closes_the_open_followups_by_default(app, book, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        await _open_on(pilot, settle, book["big"])
        await pilot.press("s")
        await settle(pilot)
        ol = app.screen.query_one("#stages")
        ol.highlighted = [o.id for o in ol._options].index("churned")
        await pilot.press("enter")
        reasons = app.screen.query_one("#reasons")
        reasons.highlighted = [o.id for o in reasons._options].index("budget_cut")
        await pilot.press("enter")
        assert app.screen.query_one("#followups").display and app.screen.query_one("#followups").has_focus
        assert "1 open follow-up" in str(app.screen.query_one("#followups").get_option_at_index(0).prompt)
        await pilot.press("enter", "enter")  # close them (the default), then save from the note
        await settle(pilot)
    with store.read() as s:
        account = s.get(Account, book["big"])
        rows = list(s.scalars(select(FollowUp).where(FollowUp.account_id == book["big"])))
    assert account.stage == "churned"
    assert rows and all(f.status == "skipped" and "churned" in f.outcome for f in rows)


async def test_letting_go_can_keep_the_followups(app, book, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        await _open_on(pilot, settle, book["big"])
        await pilot.press("s")
        await settle(pilot)
        ol = app.screen.query_one("#stages")
        ol.highlighted = [o.id for o in ol._options].index("let_go")
        await pilot.press("enter", "enter", "down", "enter", "enter")
        await settle(pilot)
    with store.read() as s:
        rows = list(s.scalars(select(FollowUp).where(FollowUp.account_id == book["big"])))
    assert rows and all(f.status == "open" for f in rows)


async def test_a_new_contact_is_added_and_undone(app, book, store, settle, db_path, table_dump):
    async with app.run_test(size=SIZE) as pilot:
        await _open_on(pilot, settle, book["gone"])
        before = table_dump(db_path)
        await _pick(pilot, settle, "contact-new")
        await pilot.press("enter")
        assert isinstance(app.screen, ContactForm)
        await pilot.press(*"Ana Costa")
        app.screen.query_one("#f-role").focus()
        await pilot.press("enter", "up", "up", "enter")  # user → sponsor
        await _type(pilot, "f-email", "ana@umbrella.test")
        await pilot.press("ctrl+s")
        await settle(pilot)
        with store.read() as s:
            ana = s.scalars(select(Contact).where(Contact.name == "Ana Costa")).one()
        assert (ana.account_id, ana.role, ana.email, ana.status) == (
            book["gone"],
            "sponsor",
            "ana@umbrella.test",
            "active",
        )
        await pilot.press("u")
        await settle(pilot)
        assert table_dump(db_path) == before
