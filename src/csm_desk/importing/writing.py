"""Writing validated batches in bulk: key maps loaded once, Core executemany, no per-row ORM.

Re-importing a row finds it by its key and updates it; a row whose values are all
the same is left alone (and counted as unchanged).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Table, bindparam, delete, select, update
from sqlmodel import Session

from csm_desk.importing.native import ORDER, Batch, Problem, Row
from csm_desk.store.tables import Account, Contact, FollowUp, Interaction, Metric, Quote, Signal, StageChange
from csm_desk.store.types import stamp_rows

_CHUNK = 900  # stays under SQLite's bound-parameter limit


@dataclass
class Tally:
    """What an import did (or would do) to one kind of record."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class _Target:
    """Where a kind of child record lives and which columns (after account_id) identify it."""

    table: Table
    key: tuple[str, ...]


_TARGETS: dict[str, _Target] = {
    "contacts": _Target(Contact.__table__, ("name",)),
    "metrics": _Target(Metric.__table__, ("date",)),
    "signals": _Target(Signal.__table__, ("date", "kind")),
    "interactions": _Target(Interaction.__table__, ("at", "channel")),
    "followups": _Target(FollowUp.__table__, ("due", "title")),
}


def _chunks(values: Sequence) -> Iterable[Sequence]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def _select_in(session: Session, stmt, column, values: Iterable) -> list:
    """Rows of ``stmt`` where ``column`` is one of ``values``, in chunks."""
    values = sorted(set(values))
    conn = session.connection()
    return [row for chunk in _chunks(values) for row in conn.execute(stmt.where(column.in_(chunk))).all()]


def _grouped(records: list[dict]) -> Iterable[list[dict]]:
    """Records grouped by their set of keys: one executemany needs the same keys in every row."""
    groups: dict[frozenset, list[dict]] = defaultdict(list)
    for record in records:
        groups[frozenset(record)].append(record)
    return groups.values()


def _insert(session: Session, table: Table, records: list[dict]) -> None:
    for group in _grouped(stamp_rows(session, table, records)):
        session.connection().execute(table.insert(), group)


def _update(session: Session, table: Table, records: list[dict]) -> None:
    """Each record holds ``_id`` and the changed columns."""
    for group in _grouped(records):
        columns = [c for c in group[0] if c != "_id"]
        # Bound names must differ from column names, hence the "v_" prefix.
        stmt = (update(table).where(table.c.id == bindparam("row_id"))
                .values({c: bindparam(f"v_{c}") for c in columns}))
        params = [{"row_id" if k == "_id" else f"v_{k}": v for k, v in r.items()} for r in group]
        session.connection().execute(stmt, params)


def account_ids(session: Session, external_ids: Iterable[str]) -> dict[str, int]:
    """Database ids of the accounts with these external ids (the ones that exist)."""
    a = Account.__table__.c
    return dict(_select_in(session, select(a.external_id, a.id), a.external_id, external_ids))


def missing_accounts(session: Session, batches: list[Batch]) -> list[Problem]:
    """Rows pointing at an account that is neither stored nor in this import's accounts files."""
    incoming = {r.values["external_id"] for b in batches if b.kind == "accounts" for r in b.rows}
    incoming |= {ext for b in batches for ext in b.invalid_accounts}  # reported already, at their own line
    refs = {r.values["account"] for b in batches if b.kind != "accounts" for r in b.rows}
    known = incoming | set(account_ids(session, refs - incoming))
    return [
        Problem(row.where, "account", f"no account with external_id {row.values['account']!r} "
                "(neither in the database nor in an accounts file of this import)")
        for b in batches if b.kind != "accounts" for row in b.rows if row.values["account"] not in known
    ]


def write_batches(session: Session, batches: list[Batch], today: date,
                  now: datetime) -> tuple[dict[str, Tally], set[int]]:
    """Write every batch in dependency order; the tallies per kind and the accounts touched."""
    rows_by_kind: dict[str, list[Row]] = defaultdict(list)
    for batch in batches:
        rows_by_kind[batch.kind].extend(batch.rows)
    refs = {r.values["account"] for k, rows in rows_by_kind.items() if k != "accounts" for r in rows}
    ids = account_ids(session, refs)
    tallies: dict[str, Tally] = {}
    touched: set[int] = set()
    for kind in ORDER:
        if kind not in rows_by_kind:
            continue
        if kind == "accounts":
            tallies[kind] = _write_accounts(session, rows_by_kind[kind], ids, today, now, touched)
        else:
            tallies[kind] = _write_children(session, kind, rows_by_kind[kind], ids, touched)
    return tallies, touched


def _stage_move(old: dict, stage: str, today: date) -> dict:
    """The account columns that entering ``stage`` sets (``old``: the stored account, or {}); empty if no move."""
    if not stage or stage == old.get("stage", ""):
        return {}
    changes: dict[str, object] = {"stage": stage}
    if stage == "identified" and old.get("identified_on") is None:
        changes["identified_on"] = today
    if stage == "engaged" and old.get("engaged_on") is None:
        changes["engaged_on"] = today
    return changes


def _write_accounts(session: Session, rows: list[Row], ids: dict[str, int], today: date, now: datetime,
                    touched: set[int]) -> Tally:
    """Insert new accounts, update changed ones, and log every stage they move to."""
    a = Account.__table__
    stored = {r.external_id: dict(r._mapping) for r in _select_in(session, select(a), a.c.external_id,
                                                                  (row.values["external_id"] for row in rows))}
    ids.update((ext, old["id"]) for ext, old in stored.items())
    tally, inserts, updates, moves = Tally(), [], [], []
    for row in rows:
        values = {k: v for k, v in row.values.items() if k != "stage"}
        old = stored.get(values["external_id"])
        if old is None:
            move = _stage_move({}, row.values.get("stage", ""), today)
            inserts.append({**values, **move, "created_at": now, "updated_at": now})
            moves.append((values["external_id"], "", move.get("stage")))
            continue
        changed = {k: v for k, v in values.items() if old[k] != v}
        changed |= _stage_move(old, row.values.get("stage", ""), today)
        if changed:
            updates.append({"_id": old["id"], **changed, "updated_at": now})
            moves.append((old["external_id"], old["stage"], changed.get("stage")))
            touched.add(old["id"])
        tally.updated += bool(changed)
        tally.unchanged += not changed
    _insert(session, a, inserts)
    _update(session, a, updates)
    tally.created = len(inserts)
    ids.update(account_ids(session, (r["external_id"] for r in inserts)))
    touched.update(ids[r["external_id"]] for r in inserts)
    log = [{"account_id": ids[ext], "at": now, "from_stage": before, "to_stage": after, "reason": "",
            "note": "set by import"} for ext, before, after in moves if after]
    _insert(session, StageChange.__table__, log)
    return tally


def _db_values(kind: str, values: dict[str, object]) -> dict[str, object]:
    """A row's values under the table's column names (without the account)."""
    out = dict(values)
    del out["account"]
    out.pop("quotes", None)
    if kind == "interactions":
        out["at"] = out.pop("when")
    elif kind == "followups":
        out["due"], out["due_time"] = out["due"]
    return out


def _key(target: _Target, account_id: int, values: dict[str, object]) -> tuple:
    """The identity of a record; a key column the file leaves out takes the table default."""
    return (account_id, *(values[c] if c in values else target.table.c[c].default.arg for c in target.key))


def _write_children(session: Session, kind: str, rows: list[Row], ids: dict[str, int], touched: set[int]) -> Tally:
    """Insert or update one kind of record that belongs to an account."""
    target = _TARGETS[kind]
    t = target.table
    items = [(ids[r.values["account"]], _db_values(kind, r.values), r.values.get("quotes")) for r in rows]
    stored: dict[tuple, dict] = {}
    for row in _select_in(session, select(t).order_by(t.c.id), t.c.account_id, {i[0] for i in items}):
        old = dict(row._mapping)
        stored.setdefault((old["account_id"], *(old[c] for c in target.key)), old)
    with_quotes = any(item[2] is not None for item in items)
    old_quotes = _stored_quotes(session, [o["id"] for o in stored.values()]) if with_quotes else {}
    tally, inserts, updates, new_quotes = Tally(), [], [], {}
    for account_id, values, quotes in items:
        key = _key(target, account_id, values)
        old = stored.get(key)
        if old is None:
            inserts.append({"account_id": account_id, **values})
            if quotes:
                new_quotes[key] = quotes
            touched.add(account_id)
            continue
        changed = {k: v for k, v in values.items() if old[k] != v}
        quotes_changed = quotes is not None and quotes != old_quotes.get(old["id"], ())
        if changed:
            updates.append({"_id": old["id"], **changed})
        if quotes_changed:
            new_quotes[key] = quotes
        if changed or quotes_changed:
            touched.add(account_id)
        tally.updated += bool(changed or quotes_changed)
        tally.unchanged += not (changed or quotes_changed)
    _insert(session, t, inserts)
    _update(session, t, updates)
    tally.created = len(inserts)
    if new_quotes:
        _replace_quotes(session, target, new_quotes)
    return tally


def _stored_quotes(session: Session, interaction_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The quotes of each interaction, in position order."""
    q = Quote.__table__.c
    stmt = select(q.interaction_id, q.text).order_by(q.interaction_id, q.position, q.id)
    quotes: dict[int, list[str]] = defaultdict(list)
    for interaction_id, text in _select_in(session, stmt, q.interaction_id, interaction_ids):
        quotes[interaction_id].append(text)
    return {k: tuple(v) for k, v in quotes.items()}


def _replace_quotes(session: Session, target: _Target, by_key: dict[tuple, tuple[str, ...]]) -> None:
    """Give each interaction (found by key) exactly these quotes, in this order."""
    t = target.table
    found = {}
    for row in _select_in(session, select(t.c.id, t.c.account_id, t.c.at, t.c.channel), t.c.account_id,
                          {key[0] for key in by_key}):
        found[(row.account_id, row.at, row.channel)] = row.id
    q = Quote.__table__
    ids = [found[key] for key in by_key]
    for chunk in _chunks(ids):
        session.connection().execute(delete(q).where(q.c.interaction_id.in_(chunk)))
    records = [{"account_id": key[0], "interaction_id": found[key], "position": i, "text": text}
               for key, quotes in by_key.items() for i, text in enumerate(quotes)]
    _insert(session, q, records)
