"""Building small books with the store API (tables + evaluate_accounts), not the importer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from csm_desk.domain.signals import FlagRules
from csm_desk.store.evaluate import evaluate_accounts
from csm_desk.store.tables import Account, Contact, FollowUp, Interaction, Metric, Signal


def add_account(
    session,
    external_id: str,
    *,
    metrics: list[Metric] = (),
    signals: list[Signal] = (),
    contacts: list[Contact] = (),
    followups: list[FollowUp] = (),
    interactions: list[Interaction] = (),
    **fields,
) -> int:
    """One account with its history; returns its id."""
    fields.setdefault("name", external_id.title())
    account = Account(external_id=external_id, **fields)
    session.add(account)
    session.flush()
    for row in (*metrics, *signals, *contacts, *followups, *interactions):
        row.account_id = account.id
        session.add(row)
    session.flush()
    return account.id


def two_flag_metrics(today: date, health: int = 45) -> list[Metric]:
    """health_low + sla_misses since 40 days ago: at risk by flags."""
    return [
        Metric(date=today - timedelta(days=60), health=80, sla_misses_30d=0),
        Metric(date=today - timedelta(days=40), health=health, sla_misses_30d=3),
        Metric(date=today - timedelta(days=5), health=health, sla_misses_30d=4),
    ]


@pytest.fixture
def build(store, today) -> Callable:
    """``build(fn)``: run ``fn(session)`` in one write, then evaluate every account for today."""

    def _build(fn: Callable, rules: FlagRules | None = None, on: date | None = None):
        with store.write() as session:
            result = fn(session)
            session.flush()
            evaluate_accounts(session, None, on or today, rules or FlagRules())
        return result

    return _build
