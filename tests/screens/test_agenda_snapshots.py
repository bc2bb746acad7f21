"""What the agenda looks like (pixels after behaviour: see test_agenda_flows.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # every test here takes over a second: `pytest -m "not slow"` leaves them out

SIZE = (120, 40)


class TestAgenda:
    def test_agenda(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("a"))

    def test_empty_agenda(self, snap_compare, empty_app, wait_then):
        assert snap_compare(empty_app, terminal_size=SIZE, run_before=wait_then("a"))

    def test_done_asks_for_the_outcome(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("a", "x", *"Agreed"))

    def test_snooze_choices(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("a", "z"))

    def test_reschedule_reads_the_date_back(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("a", "r", *"fri 14:00"))
