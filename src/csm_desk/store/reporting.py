"""The facts the measures take, read from the cases, the accounts and the queue."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from csm_desk.domain.measures import AtRiskAccount, CaseFact, Month, RenewalFact, Report, build_report
from csm_desk.domain.triage import ScoreWeights, TriageRules
from csm_desk.store.queries import queue_entries
from csm_desk.store.tables import Account, RiskCase


def load_cases(session: Session) -> list[CaseFact]:
    c = RiskCase.__table__.c
    q = select(
        c.account_id,
        c.opened_on,
        c.at_risk_since,
        c.engaged_on,
        c.closed_on,
        c.outcome,
        c.reason,
        c.arr,
        c.segment,
        c.executive_involved,
    ).order_by(c.opened_on, c.id)
    return [CaseFact(*row[:9], bool(row[9])) for row in session.connection().execute(q)]


def load_renewals(session: Session) -> dict[int, RenewalFact]:
    """Renewal dates and stage of the accounts that were ever saved (durability needs nothing else)."""
    a, c = Account.__table__.c, RiskCase.__table__.c
    saved = select(c.account_id).where(c.outcome == "saved")
    q = select(a.id, a.last_renewal, a.renewal_date, a.stage).where(a.id.in_(saved))
    return {
        account_id: RenewalFact(last, renewal, stage or "")
        for account_id, last, renewal, stage in session.connection().execute(q)
    }


def load_report(session: Session, today: date, period: Month, rules: TriageRules, weights: ScoreWeights) -> Report:
    """Every figure of the dashboard for ``period``, as of ``today``."""
    cases = load_cases(session)
    renewals = load_renewals(session)
    at_risk = [
        AtRiskAccount(e.triaged.tier, e.facts.arr, e.facts.stage, e.facts.identified_on, e.facts.engaged_on)
        for e in queue_entries(session, today, rules, weights)
    ]
    return build_report(cases, renewals, at_risk, period, today)
