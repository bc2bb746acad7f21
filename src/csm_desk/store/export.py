"""The whole book read for ``csm-desk export``: every kind's rows with their account's
external id, in a stable order (account, then the kind's key), values as stored.

``importing/export.py`` turns them into the native CSV/JSON cells."""

from __future__ import annotations

from collections import defaultdict
from datetime import time
from typing import Any

from sqlalchemy import Column, select
from sqlmodel import Session

from csm_desk.store.tables import Account, Contact, FollowUp, Interaction, Metric, Quote, Signal

Record = dict[str, Any]


def _children(session: Session, columns: list[Column], order) -> list[Record]:
    """``columns`` of a child table with its account's external id (as ``account``), sorted by ``order``."""
    a = Account.__table__.c
    table = columns[0].table
    stmt = select(a.external_id.label("account"), *columns).join(Account.__table__, a.id == table.c.account_id)
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
    return _children(session, [s.date, s.kind, s.quote, s.resolved_on], lambda r: (r["account"], r["date"], r["kind"]))


def interactions(session: Session) -> list[Record]:
    """Each interaction with ``quotes``: its verbatim quotes in order."""
    i = Interaction.__table__.c
    rows = _children(
        session, [i.id, i.at, i.channel, i.summary, i.duration_min], lambda r: (r["account"], r["at"], r["channel"])
    )
    quotes = _quotes(session)
    for row in rows:
        row["quotes"] = quotes.get(row.pop("id"), [])
    return rows


def _quotes(session: Session) -> dict[int, list[str]]:
    q = Quote.__table__.c
    stmt = (
        select(q.interaction_id, q.text)
        .where(q.interaction_id.is_not(None))
        .order_by(q.interaction_id, q.position, q.id)
    )
    quotes: dict[int, list[str]] = defaultdict(list)
    for interaction_id, text in session.connection().execute(stmt):
        quotes[interaction_id].append(text)
    return quotes


def followups(session: Session) -> list[Record]:
    f = FollowUp.__table__.c
    return _children(
        session,
        [f.due, f.due_time, f.title, f.channel, f.owner, f.status],
        lambda r: (
            r["account"],
            r["due"],
            r["due_time"] is not None,
            r["due_time"] or time(),
            r["title"],
            r["channel"],
            r["owner"],
            r["status"],
        ),
    )
