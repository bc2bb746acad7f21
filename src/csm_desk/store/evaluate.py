"""Re-deriving what the rules say about accounts after their history changed.

Red flags, latest health and logins, and ``at_risk_since`` are stored on the account so that
the queue is one indexed query; this is the one place that writes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import bindparam, func, select, update
from sqlmodel import Session

from csm_desk.clock import end_of_day
from csm_desk.domain.facts import MetricPoint, SignalFact
from csm_desk.domain.signals import (
    FlagRules,
    at_risk_since,
    flagged_at_risk,
    health_change,
    latest_health,
    latest_logins,
    red_flags,
)
from csm_desk.domain.vocab import CLOSED_STAGES, OPEN_STAGES
from csm_desk.store.cases import PipelineState, sync_cases
from csm_desk.store.tables import Account, Metric, Signal, StageChange
from csm_desk.store.types import stamp

ENDED_STAGES = ("churned", "let_go")
"""Closed stages that take an account out of the queue whatever its flags (DOMAIN §3; "saved" does not)."""

_CHUNK = 900  # stays under SQLite's bound-parameter limit


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


Histories = tuple[dict[int, list[MetricPoint]], dict[int, list[SignalFact]]]


def load_histories(session: Session, ids: Sequence[int] | None, as_of: date) -> Histories:
    """Metric history (by date) and signals of the given accounts (all when None), as known on
    ``as_of``: snapshots and signals dated later are not part of it (a signal resolved later is
    still active on ``as_of``; ``SignalFact.active_on`` says so)."""
    history: dict[int, list[MetricPoint]] = defaultdict(list)
    signals: dict[int, list[SignalFact]] = defaultdict(list)
    m, s = Metric.__table__.c, Signal.__table__.c
    metric_q = (
        select(
            m.account_id,
            m.date,
            m.health,
            m.logins,
            m.active_users,
            m.feature_adoption,
            m.sla_misses_30d,
            m.nps,
            m.login_benchmark,
        )
        .where(m.date <= as_of)
        .order_by(m.account_id, m.date)
    )
    signal_q = (
        select(s.account_id, s.kind, s.date, s.resolved_on, s.quote)
        .where(s.date <= as_of)
        .order_by(s.account_id, s.date)
    )
    batches = [None] if ids is None else list(_chunks(list(ids)))
    for batch in batches:
        mq = metric_q if batch is None else metric_q.where(m.account_id.in_(batch))
        for row in session.connection().execute(mq):
            history[row[0]].append(MetricPoint(*row[1:]))
        sq = signal_q if batch is None else signal_q.where(s.account_id.in_(batch))
        for sig in session.connection().execute(sq):
            signals[sig[0]].append(SignalFact(sig[1], sig[2], sig[3], sig[4] or None))
    return history, signals


def evaluate_accounts(
    session: Session, ids: Sequence[int] | None, today: date, rules: FlagRules, histories: Histories | None = None
) -> int:
    """Re-derive flags, health and at-risk for ``ids`` (every account when None); ``histories``: their
    ``load_histories`` when the caller has it already (an import reads them once for every rule).

    An account that newly meets the at-risk condition while outside the pipeline
    enters it as ``identified`` today, with a stage change saying why.
    """
    # The reads below are Core queries, which do not autoflush: send pending ORM rows first.
    session.flush()
    a = Account.__table__.c
    q = select(a.id, a.contract_start, a.stage, a.identified_on, a.engaged_on)
    rows: list = []
    batches = [None] if ids is None else list(_chunks(list(ids)))
    for batch in batches:
        rows.extend(session.connection().execute(q if batch is None else q.where(a.id.in_(batch))).all())
    history, signals = histories if histories is not None else load_histories(session, ids, today)
    closed_on = _closed_on(session, [r[0] for r in rows if r[2] == "saved"], today)
    updates = []
    entered = []
    for account_id, contract_start, stage, identified_on, engaged_on in rows:
        hist = history.get(account_id, [])
        sigs = signals.get(account_id, [])
        flags = red_flags(hist, sigs, today, contract_start, rules)
        by_flags = flagged_at_risk(flags, rules)
        new_stage, new_identified, new_engaged = stage, identified_on, engaged_on
        if by_flags and (
            not stage or _reopens(stage, closed_on.get(account_id), hist, sigs, today, contract_start, rules)
        ):
            new_stage, new_identified, new_engaged = "identified", today, None
            entered.append(
                {
                    "account_id": account_id,
                    "from_stage": stage,
                    "to_stage": "identified",
                    "reason": "",
                    "note": "red flags: " + ", ".join(flags),
                    "at": stamp(session),
                }
            )
        since = (
            at_risk_since(hist, sigs, today, contract_start, new_stage, new_identified, rules)
            if (by_flags or new_stage in OPEN_STAGES)
            else None
        )
        updates.append(
            {
                "b_id": account_id,
                "health": latest_health(hist),
                "health_delta": health_change(hist, rules),
                "red_flags": ",".join(flags),
                "logins_30d": latest_logins(hist),
                # Saved with red flags still active stays in the queue (marked) until they clear; churned
                # and let-go accounts are no longer worked.
                "at_risk": (by_flags and new_stage not in ENDED_STAGES) or new_stage in OPEN_STAGES,
                "at_risk_since": since,
                "stage": new_stage,
                "identified_on": new_identified,
                "engaged_on": new_engaged,
                "evaluated_on": today,
            }
        )
    if updates:
        stmt = (
            update(Account.__table__)
            .where(a.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in updates[0] if k != "b_id"})
        )
        session.connection().execute(stmt, updates)
    if entered:
        session.connection().execute(StageChange.__table__.insert(), entered)
    sync_cases(
        session,
        [
            PipelineState(u["b_id"], u["stage"], u["at_risk_since"], u["identified_on"], u["engaged_on"])
            for u in updates
        ],
        today,
    )
    return len(updates)


def _reopens(stage: str, closed: date | None, hist, sigs, today: date, contract_start, rules: FlagRules) -> bool:
    """A saved account comes back (saved in March, at risk in October) when new trouble began after it
    was saved. Churned and let-go accounts are no longer worked, so they never come back by themselves."""
    if stage != "saved" or closed is None:
        return False
    run_start = at_risk_since(hist, sigs, today, contract_start, "", None, rules)
    return run_start is not None and run_start > closed


def _closed_on(session: Session, ids: Sequence[int], today: date) -> dict[int, date]:
    """The local day each of ``ids`` last entered a closed stage, on or before ``today``."""
    c = StageChange.__table__.c
    out: dict[int, date] = {}
    bound = end_of_day(today)
    for batch in _chunks(list(ids)):
        q = (
            select(c.account_id, func.max(c.at))
            .where(c.account_id.in_(batch), c.to_stage.in_(CLOSED_STAGES), c.at < bound)
            .group_by(c.account_id)
        )
        for account_id, at in session.connection().execute(q):
            out[account_id] = at.astimezone().date()
    return out


def refresh_if_stale(store, today: date, rules: FlagRules) -> int:
    """Re-evaluate every account not yet evaluated for ``today`` (a new day, or --today)."""
    a = Account.__table__.c
    with store.read() as session:
        stale = (
            session.connection()
            .execute(select(a.id).where((a.evaluated_on.is_(None)) | (a.evaluated_on != today)))
            .scalars()
            .all()
        )
    if not stale:
        return 0
    with store.write() as session:
        return evaluate_accounts(session, stale, today, rules)
