"""The demo book's risk cases: a year of history for the dashboard, agreeing with the pipeline."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from csm_desk import demo
from csm_desk.domain.vocab import CLOSE_REASONS, OPEN_STAGES
from csm_desk.store.tables import Account, RiskCase


def test_cases_span_a_year_and_agree_with_the_pipeline(store, today, settings):
    demo.write_demo_book(store, today, settings)
    with store.read() as s:
        accounts = {a.id: a for a in s.exec(select(Account)).scalars()}
        cases = s.exec(select(RiskCase)).scalars().all()
    open_ = [c for c in cases if c.closed_on is None]
    assert Counter(c.account_id for c in open_) == Counter(a.id for a in accounts.values() if a.stage in OPEN_STAGES)
    for c in open_:
        a = accounts[c.account_id]
        assert (c.opened_on, c.engaged_on, c.at_risk_since) == (a.identified_on, a.engaged_on, a.at_risk_since)
    closed = [c for c in cases if c.closed_on is not None]
    assert {c.outcome for c in closed} == {"saved", "churned", "let_go"}
    assert all(c.reason in CLOSE_REASONS for c in closed)
    assert len({c.reason for c in closed}) >= 5
    months = {(c.closed_on.year, c.closed_on.month) for c in closed}
    assert len(months) >= 6 and min(c.closed_on for c in closed) >= today - timedelta(days=365)
    assert {c.segment for c in closed} == {"enterprise", "mid-market", "smb"}
    assert {c.executive_involved for c in closed} == {True, False}
    for c in cases:
        assert c.at_risk_since <= c.opened_on <= (c.engaged_on or c.opened_on) <= (c.closed_on or today) <= today
    # Saved in the past, at risk again now: two cases for one account.
    twice = [n for n, k in Counter(c.account_id for c in cases).items() if k > 1]
    assert any(accounts[n].stage in OPEN_STAGES for n in twice)
