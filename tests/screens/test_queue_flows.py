"""Keyboard flows on the queue and the account screen, asserting on what was stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from csm_desk.clock import Clock
from csm_desk.domain.triage import stage_text
from csm_desk.screens.account import AccountScreen
from csm_desk.screens.help import HelpScreen
from csm_desk.screens.queue import QueueScreen
from csm_desk.store.tables import Account, FollowUp, Interaction, Quote, Signal, StageChange
from csm_desk.widgets.detail_pane import DetailPane
from csm_desk.widgets.queue_table import QueueTable

SIZE = (120, 40)


def _table(app) -> QueueTable:
    return app.screen.query_one(QueueTable)


def _names(app) -> list[str]:
    return [e.facts.name for e in _table(app).entries]


@pytest.mark.slow
async def test_queue_lists_at_risk_accounts_in_triage_order(app, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entries = _table(app).entries
        assert next(e.facts.id for e in entries) == book["big"]
        assert book["fine"] not in {e.facts.id for e in entries}
        assert [e.triaged.tier for e in entries] == sorted(
            (e.triaged.tier for e in entries), key=["high", "medium", "low"].index
        )


@pytest.mark.slow
async def test_navigate_and_open_the_account(app, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = _table(app)
        await pilot.press("j")
        assert table.cursor == 1
        await pilot.press("G")
        assert table.cursor == len(table.entries) - 1
        await pilot.press("g")
        assert table.cursor == 0
        await settle(pilot)
        pane = app.screen.query_one(DetailPane)
        assert pane.detail is not None and pane.detail.account.id == book["big"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        assert app.screen.detail.account.id == book["big"]
        await pilot.press("2")
        await pilot.press("slash")
        await pilot.press(*"stack")
        await settle(pilot)
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, QueueScreen)


@pytest.mark.slow
async def test_whole_book_toggle_and_filter(app, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(_table(app).entries) == 3
        await pilot.press("b")
        await settle(pilot)
        assert len(_table(app).entries) == 4
        await pilot.press("slash", *"tier:high")
        await settle(pilot)
        assert all(e.triaged.tier == "high" for e in _table(app).entries)
        app.screen.query_one("#filter").value = "owner:ben"
        await settle(pilot)
        assert {e.owner for e in _table(app).entries} == {"Ben"}
        app.screen.query_one("#filter").value = "flag:competitor"
        await settle(pilot)
        assert [e.facts.id for e in _table(app).entries] == [book["big"]]
        app.screen.query_one("#filter").value = "renewal<90"
        await settle(pilot)
        assert [e.facts.id for e in _table(app).entries] == [book["big"]]
        await pilot.press("escape")
        assert len(_table(app).entries) == 4


@pytest.mark.slow
async def test_change_stage_with_reason_is_stored_and_keeps_the_cursor(app, book, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")  # the second account
        target = _table(app).current.facts.id
        await pilot.press("s")
        ol = app.screen.query_one("#stages")
        ol.highlighted = [o.id for o in ol._options].index("engaged")
        await pilot.press("enter", "enter")  # pick the stage, then save from the note
        await settle(pilot)
        with store.read() as s:
            account = s.get(Account, target)
            assert account.stage == "engaged" and account.engaged_on == app.today
        assert _table(app).current.facts.id == target
        # Closing asks for a reason.
        await pilot.press("s")
        ol = app.screen.query_one("#stages")
        ol.highlighted = [o.id for o in ol._options].index("saved")
        await pilot.press("enter")
        reasons = app.screen.query_one("#reasons")
        reasons.highlighted = [o.id for o in reasons._options].index("pricing")
        await pilot.press("enter", *"discount", "enter")
        await settle(pilot)
        with store.read() as s:
            account = s.get(Account, target)
            change = s.scalars(
                select(StageChange).where(StageChange.account_id == target).order_by(StageChange.id.desc())
            ).first()
        # Saved while its red flags are still active: it stays in the queue, marked, until they clear.
        assert account.stage == "saved" and account.at_risk
        assert (change.to_stage, change.reason, change.note) == ("saved", "pricing", "discount")
        row = next(e for e in _table(app).entries if e.facts.id == target)
        assert stage_text(row.facts).startswith("saved ⚑")


@pytest.mark.slow
async def test_note_with_quotes_each_stored_as_its_own_record(app, book, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.press(*"Called Maria [/] about renewal")
        app.screen.query_one("#quotes").text = "We cut the budget [bold]\nNot seeing the value yet"
        await pilot.press("ctrl+s")
        await settle(pilot)
        with store.read() as s:
            note = s.scalars(
                select(Interaction).where(Interaction.account_id == book["big"]).order_by(Interaction.id.desc())
            ).first()
            quotes = s.scalars(select(Quote).where(Quote.interaction_id == note.id).order_by(Quote.position)).all()
        assert note.summary == "Called Maria [/] about renewal" and note.channel == "call"
        assert [q.text for q in quotes] == ["We cut the budget [bold]", "Not seeing the value yet"]
        pane = app.screen.query_one(DetailPane)
        assert any("We cut the budget [bold]" in q for e in pane.detail.timeline for q in e.quotes)


@pytest.mark.slow
async def test_esc_on_a_typed_note_asks_before_discarding(app, store, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"half a thought", "escape")
        assert app.screen.__class__.__name__ == "NoteModal"
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


@pytest.mark.slow
async def test_log_and_resolve_a_signal(app, book, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G")  # the last at-risk account
        target = _table(app).current.facts.id
        await pilot.press("l", *"budget", "enter", "enter", *"Fiscal year moved [/]", "enter")
        await settle(pilot)
        with store.read() as s:
            signal = s.scalars(select(Signal).where(Signal.account_id == target, Signal.kind == "budget_change")).one()
            account = s.get(Account, target)
        assert signal.quote == "Fiscal year moved [/]" and signal.date == app.today
        assert "budget_change" in account.red_flags.split(",")
        assert _table(app).current.facts.id == target
        await pilot.press("r")
        await settle(pilot)
        ol = app.screen.query_one("#signals")
        ol.highlighted = [o.id for o in ol._options].index(str(signal.id))
        await pilot.press("enter")
        await settle(pilot)
        with store.read() as s:
            assert s.get(Signal, signal.id).resolved_on == app.today
            assert "budget_change" not in s.get(Account, target).red_flags.split(",")


@pytest.mark.slow
async def test_new_follow_up_with_a_natural_date(app, book, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f", *"Call Maria", "enter", *"+3d 14:00", "enter", "enter", "ctrl+s")
        await settle(pilot)
        with store.read() as s:
            fu = s.scalars(select(FollowUp).where(FollowUp.title == "Call Maria")).one()
        assert fu.account_id == book["big"] and fu.due == app.today + timedelta(days=3)
        assert fu.due_time.strftime("%H:%M") == "14:00" and fu.status == "open"


@pytest.mark.slow
async def test_privacy_mode_hides_money_and_words(app, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert app.private and _table(app).private
        line = "".join(seg.text for seg in _table(app).render_line(1))
        assert "$" not in line and "•••" in line
        pane = app.screen.query_one(DetailPane)
        rendered = str(pane.query_one("#sec-history").render())
        assert "re-evaluating" not in rendered
        await pilot.press("P")
        assert not app.private


@pytest.mark.slow
async def test_help_lists_every_binding_with_its_id(app, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        ids = {row[2] for row in app.screen.rows}
        assert {"stage", "note", "signal", "resolve", "followup", "filter", "toggle-book", "quit", "help"} <= ids
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


@pytest.mark.slow
async def test_hostile_text_shows_exactly_as_typed(app, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b", "v")
        await settle(pilot)
        lines = ["".join(seg.text for seg in _table(app).render_line(y)) for y in range(1, 5)]
        assert any("Globex [/] Corp" in line for line in lines)
        assert any("[@click=app.quit]x[/]" in line for line in lines)
        for _ in range(4):
            await pilot.press("enter")
            await settle(pilot)
            for tab in ("1", "2", "3", "4"):
                await pilot.press(tab)
                await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("j")
            await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert app.is_running


async def test_empty_book_says_what_to_do(empty_app, settle):
    async with empty_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = str(empty_app.screen.query_one("#empty").render())
        assert "No account is at risk" in text or "empty" in text


@pytest.mark.slow
async def test_bindings_can_be_remapped_from_the_config(store, today, db_path, book, settle):
    from csm_desk.app import make_app
    from csm_desk.config import Settings
    from csm_desk.context import Context
    from csm_desk.screens.modals import StageModal

    settings = Settings(keys={"stage": "S"})
    app = make_app(Context(settings=settings, clock=Clock.frozen(today), db=str(db_path)), store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        assert isinstance(app.screen, StageModal)
        await pilot.press("escape", "s")
        assert isinstance(app.screen, QueueScreen)  # the old key no longer does it


def test_every_binding_has_an_id():
    from csm_desk.app import CsmDeskApp
    from csm_desk.screens import account, help, modals, queue
    from csm_desk.widgets.queue_table import QueueTable

    classes = [CsmDeskApp, queue.QueueScreen, account.AccountScreen, QueueTable, modals.Form, help.HelpScreen]
    for cls in classes:
        for binding in cls.BINDINGS:
            assert binding.id, f"{cls.__name__}: {binding.key} has no id"
            assert binding.description, f"{cls.__name__}: {binding.key} has no description"


def test_an_id_is_given_once_per_binding_table():
    # A [keys] entry replaces every key of its id on a screen: two bindings sharing one
    # there (esc and the q guard) would both move to the new key.
    from csm_desk.app import CsmDeskApp
    from csm_desk.screens import account, agenda, agenda_modals, dashboard, help, modals, queue
    from csm_desk.screens.call import screen as call
    from csm_desk.screens.call import templates
    from csm_desk.screens.import_files import ImportScreen
    from csm_desk.screens.save_plan import meeting
    from csm_desk.screens.save_plan import screen as save_plan
    from csm_desk.widgets.agenda_list import AgendaList
    from csm_desk.widgets.cursor_list import CursorList
    from csm_desk.widgets.queue_table import QueueTable

    classes = [
        CsmDeskApp,
        queue.QueueScreen,
        account.AccountScreen,
        agenda.AgendaScreen,
        dashboard.DashboardScreen,
        call.CallScreen,
        save_plan.SavePlanScreen,
        ImportScreen,
        templates.TemplatesModal,
        meeting.Reader,
        help.HelpScreen,
        modals.Form,
        agenda_modals.SnoozeModal,
        CursorList,
        QueueTable,
        AgendaList,
    ]
    for cls in classes:
        ids = [b.id for b in cls.__dict__["BINDINGS"]]
        assert len(ids) == len(set(ids)), f"{cls.__name__}: {ids}"


async def test_one_id_remaps_the_same_action_on_every_screen(store, today, db_path, book, settle):
    from csm_desk.app import make_app
    from csm_desk.config import Settings
    from csm_desk.context import Context
    from csm_desk.screens.agenda import AgendaScreen

    app = make_app(
        Context(settings=Settings(keys={"back": "backspace"}), clock=Clock.frozen(today), db=str(db_path)), store
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountScreen)
        await pilot.press("backspace")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("backspace")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)


@pytest.mark.slow
async def test_keys_work_after_an_empty_queue_shows_the_whole_book(empty_app, store, settle):
    with store.write() as s:
        s.add(Account(external_id="Q-1", name="Quiet Co"))
    async with empty_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _table(empty_app).entries == []  # nothing at risk: the table is hidden
        await pilot.press("b")
        await settle(pilot)
        assert _names(empty_app) == ["Quiet Co"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(empty_app.screen, AccountScreen)
