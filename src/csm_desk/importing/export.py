"""The book in the native format: CSV text per kind, or one JSON text (``csm-desk export``).

The output is deterministic (rows sorted by account external_id, then key) so that
export -> import into an empty database -> export gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import time

from sqlalchemy import select
from sqlmodel import Session

from csm_desk.importing.native import KINDS, ORDER, due_cell, iso_date, number_cell, when_cell
from csm_desk.store.tables import Account, Contact, FollowUp, Interaction, Metric, Quote, Signal

JSON_NAME = "csm-desk.json"


def book_tables(session: Session) -> dict[str, list[dict]]:
    """Every kind's records, in import order."""
    return {kind: _READERS[kind](session) for kind in ORDER}


def csv_text(kind: str, records: list[dict]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(KINDS[kind].names)
    writer.writerows([_cell(value) for value in record.values()] for record in records)
    return buffer.getvalue()


def json_text(tables: dict[str, list[dict]]) -> str:
    payload = {kind: [{k: _json_value(v) for k, v in r.items()} for r in tables[kind]] for kind in ORDER}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _cell(value) -> str:
    """A value as its CSV cell: empty for unknown, numbers without a spurious ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number_cell(value)
    return value


def _json_value(value):
    """A value as JSON: numbers stay numbers (12000, not 12000.0), unknown is null."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


# --- reading the book: one function per kind, each a list of ordered records ---


def _rows(session: Session, *columns, order) -> list:
    """``columns`` of a child table with its account's external_id first, in a stable order."""
    a = Account.__table__.c
    table = columns[0].table
    stmt = select(a.external_id, *columns).join(Account.__table__, a.id == table.c.account_id)
    return sorted(session.connection().execute(stmt).all(), key=order)


def _accounts(session: Session) -> list[dict]:
    a = Account.__table__.c
    rows = session.connection().execute(select(*(a[name] for name in KINDS["accounts"].names))).all()
    records = []
    for row in sorted(rows, key=lambda r: r.external_id):
        record = dict(row._mapping)
        for name in ("contract_start", "renewal_date", "last_expansion", "last_renewal"):
            record[name] = iso_date(record[name])
        records.append(record)
    return records


def _contacts(session: Session) -> list[dict]:
    c = Contact.__table__.c
    rows = _rows(session, c.name, c.title, c.role, c.email, c.phone, c.status, order=lambda r: (r[0], r.name))
    return [{"account": r[0], "name": r.name, "title": r.title, "role": r.role, "email": r.email, "phone": r.phone,
             "status": r.status} for r in rows]


def _metrics(session: Session) -> list[dict]:
    m = Metric.__table__.c
    names = KINDS["metrics"].names[1:]
    rows = _rows(session, *(m[n] for n in names), order=lambda r: (r[0], r.date))
    return [{"account": r[0], "date": iso_date(r.date), **{n: r._mapping[n] for n in names[1:]}} for r in rows]


def _signals(session: Session) -> list[dict]:
    s = Signal.__table__.c
    rows = _rows(session, s.date, s.kind, s.quote, s.resolved_on, order=lambda r: (r[0], r.date, r.kind))
    return [{"account": r[0], "date": iso_date(r.date), "kind": r.kind, "quote": r.quote,
             "resolved_on": iso_date(r.resolved_on)} for r in rows]


def _interactions(session: Session) -> list[dict]:
    i = Interaction.__table__.c
    rows = _rows(session, i.id, i.at, i.channel, i.summary, i.duration_min, order=lambda r: (r[0], r.at, r.channel))
    quotes = _quotes(session)
    return [{"account": r[0], "when": when_cell(r.at), "channel": r.channel, "summary": r.summary,
             "quotes": "\n".join(quotes.get(r.id, ())), "duration_min": r.duration_min} for r in rows]


def _quotes(session: Session) -> dict[int, list[str]]:
    q = Quote.__table__.c
    stmt = select(q.interaction_id, q.text).where(q.interaction_id.is_not(None)).order_by(
        q.interaction_id, q.position, q.id)
    quotes: dict[int, list[str]] = defaultdict(list)
    for interaction_id, text in session.connection().execute(stmt):
        quotes[interaction_id].append(text)
    return quotes


def _followups(session: Session) -> list[dict]:
    f = FollowUp.__table__.c
    rows = _rows(session, f.due, f.due_time, f.title, f.channel, f.owner, f.status,
                 order=lambda r: (r[0], r.due, r.due_time is not None, r.due_time or time(), r.title,
                                  r.channel, r.owner, r.status))
    return [{"account": r[0], "due": due_cell(r.due, r.due_time), "title": r.title, "channel": r.channel,
             "owner": r.owner, "status": r.status} for r in rows]


_READERS = {
    "accounts": _accounts,
    "contacts": _contacts,
    "metrics": _metrics,
    "signals": _signals,
    "interactions": _interactions,
    "followups": _followups,
}
