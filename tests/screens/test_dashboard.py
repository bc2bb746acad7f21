"""The dashboard: close a case on the queue and see the month change; month keys; a snapshot."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from csm_desk import demo
from csm_desk.app import make_app
from csm_desk.clock import Clock
from csm_desk.context import Context
from csm_desk.screens.dashboard import DashboardScreen
from csm_desk.screens.queue import QueueScreen
from csm_desk.store.tables import RiskCase
from csm_desk.widgets.queue_table import QueueTable

pytestmark = pytest.mark.slow  # every test here takes over a second: `pytest -m "not slow"` leaves them out

SIZE = (120, 40)


async def test_closing_a_case_changes_the_months_saved_count_and_save_rate(app, book, store, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        before = app.screen.report
        assert (before.month.moved, before.month.saved, before.month.working) == (3, 0, 3)
        assert before.month.closed_in_month.rate is None and before.year.save_rate.closed == 0
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        target = app.screen.query_one(QueueTable).current.facts.id
        await pilot.press("s")
        ol = app.screen.query_one("#stages")
        ol.highlighted = [o.id for o in ol._options].index("saved")
        await pilot.press("enter")
        reasons = app.screen.query_one("#reasons")
        reasons.highlighted = [o.id for o in reasons._options].index("competitive")
        await pilot.press("enter", "enter")
        await settle(pilot)
        with store.read() as s:
            case = s.scalars(select(RiskCase).where(RiskCase.account_id == target)).one()
        assert (case.outcome, case.reason, case.closed_on) == ("saved", "competitive", app.today)
        await pilot.press("d")
        await settle(pilot)
        after = app.screen.report
        assert (after.month.moved, after.month.saved, after.month.working) == (3, 1, 2)
        assert (after.month.closed_in_month.saved, after.month.closed_in_month.closed) == (1, 1)
        assert after.month.closed_in_month.rate == 1.0 and after.year.reasons == (("competitive", 1, 1.0),)
        # Saved with its red flags still active, it stays at risk (README: saved, but still flagged).
        assert sum(n for _t, n, _a in after.at_risk) == sum(n for _t, n, _a in before.at_risk)


async def test_month_keys_stop_at_this_month(app, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("right")
        await settle(pilot)
        assert str(app.screen.report.period) == "2026-11"
        await pilot.press("left", "left")
        await settle(pilot)
        assert str(app.screen.report.period) == "2026-09" and app.screen.report.year.end.isoformat() == "2026-09-30"
        await pilot.press("t")
        await settle(pilot)
        assert str(app.screen.report.period) == "2026-11"
        await pilot.press("d")  # d again: back to the queue
        assert isinstance(app.screen, QueueScreen)


def _demo_app(store, today, settings, db_path):
    demo.write_demo_book(store, today, settings)
    return make_app(Context(settings=settings, clock=Clock.frozen(today), db=str(db_path)), store)


class TestDashboard:
    def test_demo_book(self, snap_compare, store, today, settings, db_path, settle):
        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)

        assert snap_compare(_demo_app(store, today, settings, db_path), terminal_size=SIZE, run_before=run_before)

    def test_demo_book_private(self, snap_compare, store, today, settings, db_path, settle):
        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("d", "P", "left")
            await settle(pilot)

        assert snap_compare(_demo_app(store, today, settings, db_path), terminal_size=SIZE, run_before=run_before)


async def test_d_inside_a_modal_types_nothing_away(app, book, settle):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")  # the stage modal: d must not switch away and lose it
        await pilot.press("d")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "StageModal"
        assert app.current_mode == "queue"
