"""What the screens look like, one class per feature (pixels after behaviour)."""

from __future__ import annotations

SIZE = (120, 40)


def _wait_then(settle, *keys):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


class TestQueue:
    def test_queue_with_detail_pane(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle))

    def test_queue_without_detail_pane(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle, "v"))

    def test_whole_book_filtered(self, snap_compare, app, settle):
        keys = ["b", "slash", *"owner:ana", "enter"]
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle, *keys))

    def test_privacy_mode(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle, "P"))

    def test_empty_book(self, snap_compare, empty_app, settle):
        assert snap_compare(empty_app, terminal_size=SIZE, run_before=_wait_then(settle))

    def test_help(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle, "question_mark"))


class TestAccount:
    def test_overview(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle, "enter"))

    def test_timeline(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle, "enter", "2"))

    def test_metrics(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle, "enter", "3"))

    def test_contacts(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle, "enter", "4"))


class TestModals:
    def test_stage(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle, "s"))

    def test_signal(self, snap_compare, app, settle):
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle, "l", *"comp"))

    def test_follow_up_reads_the_date_back(self, snap_compare, app, settle):
        keys = ["f", *"Call back", "enter", *"fri 14:00"]
        assert snap_compare(app, terminal_size=SIZE, run_before=_wait_then(settle, *keys))
