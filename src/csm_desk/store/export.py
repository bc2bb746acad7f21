"""The whole book read for ``csm-desk export``: every kind's rows with their account's
external id, values as stored.

``importing/export.py`` turns them into the native CSV/JSON records: it numbers the repeats,
names the rows other rows point at by stable keys instead of these ids, and sorts them.
Rows that other rows point at keep their ``id`` here for that; everything is read in the
caller's one read transaction, so the kinds agree with each other.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Column, select
from sqlmodel import Session

from csm_desk.store.tables import (
    Account,
    Contact,
    FollowUp,
    Interaction,
    Metric,
    Quote,
    RiskCase,
    SaveAction,
    SavePlan,
    Signal,
    StageChange,
)

Record = dict[str, Any]


def _children(session: Session, columns: list[Column], order=None) -> list[Record]:
    """``columns`` of a child table with its account's external id (as ``account``), sorted by ``order``
    (by the table's id when None)."""
    a = Account.__table__.c
    table = columns[0].table
    stmt = select(a.external_id.label("account"), *columns).join(Account.__table__, a.id == table.c.account_id)
    if order is None:
        return [dict(row._mapping) for row in session.connection().execute(stmt.order_by(table.c.id))]
    return sorted((dict(row._mapping) for row in session.connection().execute(stmt)), key=order)


def accounts(session: Session, names: list[str]) -> list[Record]:
    a = Account.__table__.c
    rows = session.connection().execute(select(*(a[name] for name in names)))
    return sorted((dict(row._mapping) for row in rows), key=lambda r: r["external_id"])


def contacts(session: Session) -> list[Record]:
    c = Contact.__table__.c
    return _children(
        session, [c.name, c.title, c.role, c.email, c.phone, c.status], lambda r: (r["account"], r["name"])
    )


def metrics(session: Session, names: list[str]) -> list[Record]:
    m = Metric.__table__.c
    return _children(session, [m[n] for n in names], lambda r: (r["account"], r["date"]))


def signals(session: Session) -> list[Record]:
    s = Signal.__table__.c
    return _children(
        session,
        [s.date, s.kind, s.quote, s.resolved_on, s.source],
        lambda r: (r["account"], r["date"], r["kind"]),
    )


def interactions(session: Session) -> list[Record]:
    i = Interaction.__table__.c
    return _children(
        session,
        [i.external_id, i.at, i.channel, i.summary, i.duration_min, i.script],
        lambda r: (r["account"], r["at"], r["channel"], r["external_id"]),
    )


def quotes(session: Session) -> list[Record]:
    """Each quote of an interaction, with the interaction's key, instant and channel and the speaker's name."""
    q, i, a, c = Quote.__table__.c, Interaction.__table__.c, Account.__table__.c, Contact.__table__.c
    stmt = (
        select(
            a.external_id.label("account"),
            i.external_id.label("interaction"),
            i.at,
            i.channel,
            q.position,
            q.text,
            c.name.label("speaker"),
            q.step,
            q.id,
        )
        .join(Interaction.__table__, i.id == q.interaction_id)
        .join(Account.__table__, a.id == i.account_id)
        .outerjoin(Contact.__table__, c.id == q.speaker_id)
    )
    rows = [dict(row._mapping) for row in session.connection().execute(stmt)]
    rows.sort(key=lambda r: (r["account"], r["at"], r["channel"], r["interaction"], r["position"], r.pop("id")))
    return rows


def followups(session: Session) -> list[Record]:
    """Every follow-up with its ``id``, oldest first (what tells repeats apart, and what plans point at)."""
    f = FollowUp.__table__.c
    return _children(
        session,
        [
            f.id,
            f.due,
            f.due_time,
            f.title,
            f.channel,
            f.owner,
            f.status,
            f.snoozed_until,
            f.source,
            f.source_key,
            f.outcome,
            f.done_at,
        ],
    )


def stage_changes(session: Session) -> list[Record]:
    s = StageChange.__table__.c
    return _children(session, [s.at, s.from_stage, s.to_stage, s.reason, s.note])


def cases(session: Session) -> list[Record]:
    c = RiskCase.__table__.c
    return _children(
        session,
        [
            c.opened_on,
            c.at_risk_since,
            c.engaged_on,
            c.closed_on,
            c.outcome,
            c.reason,
            c.arr,
            c.segment,
            c.executive_involved,
            c.note,
            c.source_key,
        ],
    )


def save_plans(session: Session) -> list[Record]:
    p = SavePlan.__table__.c
    return _children(
        session,
        [
            p.id,
            p.created_at,
            p.situation,
            p.root_cause_category,
            p.root_cause,
            p.success_criteria,
            p.strategies,
            p.team,
            p.details,
            p.outcome,
            p.closed_at,
            p.next_checkin_id,
        ],
    )


def save_actions(session: Session) -> list[Record]:
    """Every save action with its plan's id, oldest first within each plan (their order in the plan)."""
    s = SaveAction.__table__.c
    stmt = select(s.plan_id, s.action, s.owner, s.due, s.followup_id).order_by(s.plan_id, s.id)
    by_plan: dict[int, list[Record]] = defaultdict(list)
    for row in session.connection().execute(stmt):
        by_plan[row.plan_id].append(dict(row._mapping))
    return [row for plan_id in sorted(by_plan) for row in by_plan[plan_id]]
