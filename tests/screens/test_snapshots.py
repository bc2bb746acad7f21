"""What the screens look like, one class per feature (pixels after behaviour)."""

from __future__ import annotations

import pytest

SIZE = (120, 40)


class TestQueue:
    @pytest.mark.slow
    def test_queue_with_detail_pane(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then())

    @pytest.mark.slow
    def test_queue_without_detail_pane(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("v"))

    @pytest.mark.slow
    def test_whole_book_filtered(self, snap_compare, app, wait_then):
        keys = ["b", "slash", *"owner:ana", "enter"]
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then(*keys))

    @pytest.mark.slow
    def test_privacy_mode(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("P"))

    def test_empty_book(self, snap_compare, empty_app, wait_then):
        assert snap_compare(empty_app, terminal_size=SIZE, run_before=wait_then())

    @pytest.mark.slow
    def test_help(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("question_mark"))


class TestAccount:
    @pytest.mark.slow
    def test_overview(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("enter"))

    @pytest.mark.slow
    def test_timeline(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("enter", "2"))

    @pytest.mark.slow
    def test_metrics(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("enter", "3"))

    @pytest.mark.slow
    def test_contacts(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("enter", "4"))


class TestModals:
    @pytest.mark.slow
    def test_stage(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("s"))

    @pytest.mark.slow
    def test_signal(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("l", *"comp"))

    @pytest.mark.slow
    def test_follow_up_reads_the_date_back(self, snap_compare, app, wait_then):
        keys = ["f", *"Call back", "enter", *"fri 14:00"]
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then(*keys))

    @pytest.mark.slow
    def test_note_with_when_and_minutes(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("n"))

    @pytest.mark.slow
    def test_edit_picker(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("e"))

    @pytest.mark.slow
    def test_account_form(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=SIZE, run_before=wait_then("e", "enter"))

    @pytest.mark.slow
    def test_new_account_on_a_small_terminal(self, snap_compare, app, wait_then):
        assert snap_compare(app, terminal_size=(80, 24), run_before=wait_then("N", *"Nimbus"))
