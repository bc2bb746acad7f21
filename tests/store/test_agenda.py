"""The agenda query at a fixed today: buckets, days, snoozes, owners, sources."""

from __future__ import annotations

from datetime import time, timedelta

from csm_desk.config import Settings
from csm_desk.store.agenda import load_agenda
from csm_desk.store.tables import FollowUp

from .conftest import add_account, two_flag_metrics

S = Settings()


def _agenda(store, today, days=7, owner=None):
    with store.read() as session:
        return load_agenda(session, today, days, S.triage, S.score, S.cadence, owner=owner)


def _fu(today, offset, title, **kw):
    return FollowUp(due=today + timedelta(days=offset), title=title, **kw)


def test_buckets_at_a_fixed_today(store, build, today):
    build(
        lambda s: add_account(
            s,
            "A-1",
            name="Acme",
            arr=90_000,
            owner="Ana",
            metrics=two_flag_metrics(today),
            followups=[
                _fu(today, -40, "very late"),
                _fu(today, -1, "late"),
                _fu(today, 0, "today at two", due_time=time(14)),
                _fu(today, 0, "today"),
                _fu(today, 3, "soon"),
                _fu(today, 7, "edge"),
                _fu(today, 8, "beyond"),
                _fu(today, -2, "done already", status="done"),
                _fu(today, -3, "skipped", status="skipped"),
            ],
        )
    )
    agenda = _agenda(store, today)
    assert [i.title for i in agenda.overdue] == ["very late", "late"]
    assert [i.title for i in agenda.due_today] == ["today", "today at two"]  # all-day first, then by time
    assert [i.title for i in agenda.upcoming] == ["soon", "edge"]
    assert [d for d, _ in agenda.by_day(agenda.upcoming)] == [today + timedelta(days=3), today + timedelta(days=7)]
    item = agenda.due_today[1]
    assert (item.account_name, item.tier, item.owner, item.source, item.channel) == (
        "Acme",
        "high",
        "",
        "manual",
        "email",
    )


def test_overdue_never_drops_off_and_the_window_is_configurable(store, build, today):
    build(lambda s: add_account(s, "A-1", followups=[_fu(today, -400, "ancient"), _fu(today, 20, "later")]))
    assert [i.title for i in _agenda(store, today).overdue] == ["ancient"]
    assert [i.title for i in _agenda(store, today, days=30).upcoming] == ["later"]
    assert _agenda(store, today, days=0).upcoming == []


def test_a_snoozed_follow_up_counts_from_its_snooze_date(store, build, today):
    build(
        lambda s: add_account(
            s,
            "A-1",
            followups=[
                _fu(today, -5, "snoozed to tomorrow", snoozed_until=today + timedelta(days=1)),
                _fu(today, -5, "snoozed far", snoozed_until=today + timedelta(days=30)),
            ],
        )
    )
    agenda = _agenda(store, today)
    assert agenda.overdue == [] and [i.title for i in agenda.upcoming] == ["snoozed to tomorrow"]
    assert agenda.upcoming[0].snoozed and agenda.upcoming[0].original_due == today - timedelta(days=5)


def test_owner_filter_and_every_source_is_shown(store, build, today):
    build(
        lambda s: add_account(
            s,
            "A-1",
            followups=[
                _fu(today, 0, "mine", owner="Ana", source="save_plan", source_key="save_action:1"),
                _fu(today, 0, "call promise", owner="Ana", source="commitment"),
                _fu(today, 1, "welcome", owner="Ana", source="cadence", source_key="cadence:welcome"),
                _fu(today, 0, "theirs", owner="Ben"),
            ],
        )
    )
    agenda = _agenda(store, today, owner="Ana")
    labels = {i.title: i.source_label for i in [*agenda.due_today, *agenda.upcoming]}
    assert labels == {
        "mine": "save-plan action",
        "call promise": "call commitment",
        "welcome": "cadence step · welcome",
    }
    assert agenda.upcoming[0].script == "lifecycle_day3"


def test_json_shape(store, build, today):
    build(
        lambda s: add_account(
            s, "A-1", name="Acme", followups=[_fu(today, 0, "call", due_time=time(9, 5), channel="call")]
        )
    )
    payload = _agenda(store, today).as_dict()
    assert set(payload) == {"overdue", "today", "upcoming"}
    item = payload["today"][0]
    assert {"id", "account", "account_name", "due", "time", "title", "channel", "owner", "source", "status"} <= set(
        item
    )
    assert (item["account"], item["due"], item["time"], item["status"]) == ("A-1", "2026-11-23", "09:05", "open")
