"""What call mode looks like: English and Portuguese, a step highlighted, the templates,
and the small 80×24 terminal it must stay readable in."""

from __future__ import annotations

import pytest

from csm_desk.screens.call import CallScreen

pytestmark = pytest.mark.slow  # every test here takes over a second: `pytest -m "not slow"` leaves them out

SIZE = (120, 40)
SMALL = (80, 24)


def _call(settle, account_id: int | None, *keys):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if account_id is None:
            await pilot.press("c")
        else:
            pilot.app.push_screen(CallScreen(account_id))
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


class TestCall:
    def test_english_competitor_call(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_call(settle, None))

    def test_portuguese_with_a_later_step_highlighted(self, snap_compare, app, settle, book):
        assert snap_compare(app, terminal_size=SIZE, run_before=_call(settle, book["gone"], "ctrl+n", "ctrl+n"))

    def test_templates_view(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_call(settle, None, "ctrl+o"))

    def test_readable_at_80x24(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SMALL, run_before=_call(settle, None, "ctrl+n"))
