"""What the screens look like, one class per feature (pixels after behaviour)."""

from __future__ import annotations

SIZE = (120, 40)


class TestQueue:
    def test_queue_with_detail_pane(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then())

    def test_queue_without_detail_pane(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("v"))

    def test_whole_book_filtered(self, snap_compare, app, wait_then):
        keys = ["b", "slash", *"owner:ana", "enter"]
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then(*keys))

    def test_privacy_mode(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("P"))

    def test_empty_book(self, snap_compare, empty_app, wait_then):
        assert snap_compare(empty_app, terminal_size=SIZE, run_before=wait_then())

    def test_help(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("question_mark"))


class TestAccount:
    def test_overview(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("enter"))

    def test_timeline(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("enter", "2"))

    def test_metrics(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("enter", "3"))

    def test_contacts(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("enter", "4"))


class TestModals:
    def test_stage(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("s"))

    def test_signal(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("l", *"comp"))

    def test_follow_up_reads_the_date_back(self, snap_compare, app, wait_then):
        keys = ["f", *"Call back", "enter", *"fri 14:00"]
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then(*keys))
