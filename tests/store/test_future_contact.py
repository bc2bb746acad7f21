"""An interaction dated after today (a meeting a CRM export lists as scheduled) is not contact yet:
not the last contact of the queue and its triage, not on the account's timeline or among the words
on record, not in the report. Checked in a time zone where the UTC day and the local day differ."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from csm_desk.clock import end_of_day
from csm_desk.domain.triage import points_table
from csm_desk.store.tables import Interaction, Metric, Quote

from .conftest import add_account


@pytest.fixture
def sao_paulo():
    """Local time is UTC-3 for the test: 22:00 local is already tomorrow in UTC."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/Sao_Paulo"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


def local(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, datetime.min.time().replace(hour=hour, minute=minute)).astimezone().astimezone(UTC)


@pytest.fixture
def book(store, today, sao_paulo):
    """One account: a real call ten days ago, a note late tonight, and three things booked after today
    (tomorrow at local midnight, as a date-only CRM row reads; next week with a quote; next month)."""
    past = local(today - timedelta(days=10), 10)
    late_tonight = local(today, 22)  # 01:00 UTC tomorrow: still today here
    booked = [end_of_day(today), local(today + timedelta(days=7), 15), local(today + timedelta(days=30), 9)]
    with store.write() as s:
        account_id = add_account(
            s,
            "F-1",
            arr=50_000.0,
            metrics=[Metric(date=today - timedelta(days=5), health=35)],
            interactions=[
                Interaction(at=past, channel="call", summary="Real call"),
                Interaction(at=late_tonight, channel="note", summary="Wrote to them tonight"),
                *(Interaction(at=at, channel="meeting", summary=f"Booked {i}") for i, at in enumerate(booked)),
            ],
        )
        booked_id = s.scalar(select(Interaction.id).where(Interaction.summary == "Booked 1"))
        s.add(Quote(account_id=account_id, interaction_id=booked_id, position=0, text="words not said yet"))
        past_id = s.scalar(select(Interaction.id).where(Interaction.summary == "Real call"))
        s.add(Quote(account_id=account_id, interaction_id=past_id, position=0, text="words said"))
    return account_id, past, late_tonight


def test_the_last_contact_is_never_after_today(desk, book, today):
    account_id, _past, late_tonight = book
    [entry] = [e for e in desk.queue(whole_book=True) if e.facts.id == account_id]
    assert entry.facts.last_contact == today == late_tonight.astimezone().date()
    detail = desk.account(account_id)
    assert detail.entry is not None and detail.entry.facts.last_contact == today


def test_without_tonight_the_last_contact_is_the_call_ten_days_ago(desk, store, settings, book, today):
    account_id, past, late_tonight = book
    with store.write() as s:
        s.execute(delete(Interaction).where(Interaction.at == late_tonight))
    [entry] = [e for e in desk.queue(whole_book=True) if e.facts.id == account_id]
    assert entry.facts.last_contact == past.astimezone().date() == today - timedelta(days=10)
    # The triage's points count ten silent days, not none (a booked meeting would have made it none).
    row = next(r for r in points_table(entry.facts, today, settings.score) if r.term == "no_contact")
    assert row.value == pytest.approx(10 / settings.score.no_contact_full_days)
    assert "10 days ago" in str(row.because)


def test_the_timeline_and_the_words_on_record_hold_nothing_booked(desk, book, today):
    account_id, _past, _late = book
    detail = desk.account(account_id)
    bodies = [e.body for e in detail.timeline if e.kind == "interaction"]
    assert sorted(bodies) == ["Real call", "Wrote to them tonight"]
    assert all(e.day <= today for e in detail.timeline)
    assert [s.text for s in detail.said] == ["words said"]
