"""Writing what activity imports derive beyond native rows: closed cases, and signals gone stale.

A churn event's case is found again by the key its note starts with, so re-importing
the same export updates or leaves it, never duplicates it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlmodel import Session

from csm_desk.importing.native import Problem
from csm_desk.importing.writing import Tally, _insert, _select_in, _update, account_ids
from csm_desk.store.tables import Account, RiskCase, Signal

_FIELDS = ("opened_on", "closed_on", "outcome", "reason", "arr", "note")


def _note_key(note: str) -> str:
    return note.split(" (", 1)[0].split(":", 1)[0]


def unknown_accounts(session: Session, refs: dict[str, str], incoming: set[str]) -> list[Problem]:
    """Accounts named only by activity (``refs``: external_id -> where) that exist nowhere."""
    known = incoming | set(account_ids(session, set(refs) - incoming))
    return [Problem(where, "account", f"no account with external_id {ext!r} (neither in the database nor in an "
                    "accounts file of this import)") for ext, where in refs.items() if ext not in known]


def write_cases(session: Session, cases: list[dict]) -> Tally:
    """Insert new closed cases, update changed ones; segment comes from the account."""
    tally = Tally()
    if not cases:
        return tally
    ids = account_ids(session, {c["account"] for c in cases})
    a, r = Account.__table__.c, RiskCase.__table__
    segments = dict(_select_in(session, select(a.id, a.segment), a.id, ids.values()))
    stored = {}
    for row in _select_in(session, select(r), r.c.account_id, ids.values()):
        stored.setdefault((row.account_id, _note_key(row.note)), dict(row._mapping))
    inserts, updates = [], []
    for case in cases:
        account_id = ids[case["account"]]
        values = {k: case[k] for k in _FIELDS} | {"segment": segments.get(account_id, "")}
        old = stored.get((account_id, case["key"]))
        if old is None:
            inserts.append({"account_id": account_id, "executive_involved": False, **values})
            continue
        changed = {k: v for k, v in values.items() if old[k] != v}
        if changed:
            updates.append({"_id": old["id"], **changed})
        tally.updated += bool(changed)
        tally.unchanged += not changed
    _insert(session, r, inserts)
    _update(session, r, updates)
    tally.created = len(inserts)
    return tally


def resolve_stale_signals(session: Session, source: str, kinds: set[str], accounts: set[str],
                          current: set[tuple[str, date, str]], today: date) -> set[int]:
    """Resolve today the active signals this source raised earlier that its data no longer supports."""
    if not kinds or not accounts:
        return set()
    ids = account_ids(session, accounts)
    s = Signal.__table__
    stmt = select(s.c.id, s.c.account_id, s.c.date, s.c.kind).where(
        s.c.source == source, s.c.kind.in_(sorted(kinds)), s.c.resolved_on.is_(None))
    by_id = {v: k for k, v in ids.items()}
    stale = [(row.id, row.account_id) for row in _select_in(session, stmt, s.c.account_id, ids.values())
             if (by_id[row.account_id], row.date, row.kind) not in current and row.date <= today]
    for signal_id, _ in stale:
        session.connection().execute(update(s).where(s.c.id == signal_id).values(resolved_on=today))
    return {account_id for _, account_id in stale}
