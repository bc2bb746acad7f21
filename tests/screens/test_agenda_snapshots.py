"""What the agenda looks like (pixels after behaviour: see test_agenda_flows.py)."""

from __future__ import annotations

SIZE = (120, 40)


def _wait_then(settle, *keys):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


class TestAgenda:
    def test_agenda(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle, "a"))

    def test_empty_agenda(self, snap_compare, empty_app, settle):
        assert snap_compare(empty_app, terminal_size=SIZE, run_before=_wait_then(settle, "a"))

    def test_done_asks_for_the_outcome(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle, "a", "x", *"Agreed"))

    def test_snooze_choices(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle, "a", "z"))

    def test_reschedule_reads_the_date_back(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle, "a", "r", *"fri 14:00"))
