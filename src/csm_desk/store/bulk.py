"""Bulk reads and writes for the importer and the demo book: Core executemany, no per-row ORM.

The callers decide what to write; the SQL is here. Rows go in and come out as plain
dicts keyed by column name (the demo's tuples go through ``insert_tuples``). Lookups
by a list of values run in chunks that stay under SQLite's bound-parameter limit,
and every write is one executemany per set of columns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, select, text, update
from sqlmodel import Session, SQLModel

from csm_desk.store.evaluate import _chunks
from csm_desk.store.identity import keyed_rows
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
from csm_desk.store.types import TOUCHED, stamp, stamp_rows

Model = type[SQLModel]
"""A table class of ``store.tables`` (``Account``, ``Metric``, ...)."""

FAST_SQLITE = True
"""``insert_tuples`` hands SQLite rows straight to the driver (tests switch it off to compare with Core)."""

ACCOUNT_CHILDREN: tuple[Model, ...] = (
    SavePlan,
    Quote,
    FollowUp,
    StageChange,
    RiskCase,
    Interaction,
    Signal,
    Metric,
    Contact,
)
"""Tables ``delete_accounts_with_prefix`` empties before the accounts, in a foreign-key-safe order."""


def _select_in(session: Session, stmt, column, values: Iterable) -> list:
    """Rows of ``stmt`` where ``column`` is one of ``values``, in chunks."""
    values = sorted(set(values))
    conn = session.connection()
    return [row for chunk in _chunks(values) for row in conn.execute(stmt.where(column.in_(chunk))).all()]


def _grouped(records: Iterable[dict]) -> Iterable[list[dict]]:
    """Records grouped by their set of keys: one executemany needs the same keys in every row."""
    groups: dict[frozenset, list[dict]] = defaultdict(list)
    for record in records:
        groups[frozenset(record)].append(record)
    return groups.values()


# --- accounts --------------------------------------------------------------------------------


def has_accounts(session: Session) -> bool:
    """True if the database holds at least one account."""
    return session.connection().execute(select(Account.__table__.c.id).limit(1)).first() is not None


def existing_account_ids(session: Session, external_ids: Iterable[str]) -> dict[str, int]:
    """Database ids of the accounts with these external ids (only those that exist)."""
    a = Account.__table__.c
    return dict(_select_in(session, select(a.external_id, a.id), a.external_id, external_ids))


def account_ids_by_name(session: Session, names: Iterable[str]) -> dict[str, list[str]]:
    """The external ids of the accounts with each of these names (exact), by name."""
    a = Account.__table__.c
    found: dict[str, list[str]] = {}
    for name, external_id in _select_in(session, select(a.name, a.external_id), a.name, names):
        found.setdefault(name, []).append(external_id)
    return found


def existing_accounts(session: Session, external_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Every column of the accounts with these external ids (only those that exist), by external id."""
    a = Account.__table__
    return {
        row.external_id: dict(row._mapping) for row in _select_in(session, select(a), a.c.external_id, external_ids)
    }


def rows_by_account(
    session: Session, model: Model, account_ids: Iterable[int], columns: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """The rows of ``model`` that belong to these accounts (``columns`` only, or all), oldest id first
    within each account."""
    return rows_where(session, model, "account_id", account_ids, columns)


def rows_where(
    session: Session, model: Model, column: str, values: Iterable, columns: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """The rows of ``model`` whose ``column`` is one of ``values`` (``columns`` only, or all), in id order
    within each chunk of values (rows of one value are always oldest first)."""
    t = model.__table__
    stmt = select(*(t.c[name] for name in columns)) if columns else select(t)
    return [dict(row._mapping) for row in _select_in(session, stmt.order_by(t.c.id), t.c[column], values)]


# --- writing rows ----------------------------------------------------------------------------


def insert_rows(session: Session, model: Model, rows: Sequence[dict[str, Any]]) -> None:
    """Insert these rows; ``created_at``/``updated_at`` left out are the transaction's instant, and an
    interaction given no key gets the key of a row made here (``store.identity``).

    Rows may carry different sets of columns: a column a row leaves out takes its default."""
    table = model.__table__
    conn = session.connection()
    if model is Interaction:
        rows = keyed_rows(session, list(rows))
    for group in _grouped(stamp_rows(session, table, list(rows))):
        conn.execute(table.insert(), group)


def update_rows(session: Session, model: Model, changes: Sequence[dict[str, Any]]) -> None:
    """Apply changes: each dict holds the row's ``id`` and the columns to set; ``updated_at``,
    where the table has it and a change leaves it out, moves to the transaction's instant."""
    if not changes:
        return
    table = model.__table__
    touched = [name for name in TOUCHED if name in table.c]
    if touched:
        now = stamp(session)
        changes = [{**dict.fromkeys(touched, now), **change} for change in changes]
    conn = session.connection()
    for group in _grouped(changes):
        columns = [name for name in group[0] if name != "id"]
        # Bound names must differ from column names, hence the "v_" prefix.
        stmt = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({name: bindparam(f"v_{name}") for name in columns})
        )
        conn.execute(stmt, [{"row_id" if k == "id" else f"v_{k}": v for k, v in change.items()} for change in group])


def insert_tuples(session: Session, model: Model, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert rows given as tuples of ``columns``, values as stored (no stamps are added; a
    column left out takes its default).

    Core's executemany spends most of its time on per-row bookkeeping; on SQLite the
    driver gets the rows directly, each value passed through the column type's own bind
    processor, so what is stored is exactly what Core would store."""
    if not rows:
        return
    conn = session.connection()
    t = model.__table__
    dialect = conn.dialect
    defaults = [c for c in t.c if c.name not in columns and c.default is not None]
    if dialect.name != "sqlite" or not FAST_SQLITE or not all(c.default.is_scalar for c in defaults):
        conn.execute(t.insert(), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    if defaults:  # the driver knows no Python-side defaults: add the ones Core would
        columns = (*columns, *(c.name for c in defaults))
        extra = tuple(c.default.arg for c in defaults)
        rows = [tuple(row) + extra for row in rows]
    procs: list = []
    for i, name in enumerate(columns):
        proc = t.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if proc is not None:
            procs.append((i, proc, {}))  # a book repeats its dates: each is converted once
    if procs:
        converted = []
        for row in rows:
            cells = list(row)
            for i, proc, memo in procs:
                value = cells[i]
                if value is not None:
                    found = memo.get(value)
                    if found is None:
                        found = memo[value] = proc(value)
                    cells[i] = found
            converted.append(tuple(cells))
        rows = converted
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(t.name)} ({', '.join(quote(c) for c in columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    conn.exec_driver_sql(sql, rows)


def last_ids(session: Session, models: Iterable[Model]) -> dict[Model, int]:
    """The highest id in each table (0 for an empty one): where explicitly numbered rows start."""
    conn = session.connection()
    return {m: conn.execute(select(func.max(m.__table__.c.id))).scalar() or 0 for m in models}


def sync_id_sequences(session: Session, models: Iterable[Model]) -> None:
    """After rows were inserted with explicit ids, move each table's id sequence past them
    (PostgreSQL; SQLite picks the next id from the table itself)."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return
    for model in models:
        name = model.__tablename__
        conn.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {name}))")
        )


def delete_accounts_with_prefix(session: Session, prefix: str) -> None:
    """Delete the accounts whose external id starts with ``prefix``, and everything of theirs.

    Children go first, table by table: some foreign keys have no index, so a cascade
    from the account would scan those tables once per deleted row."""
    conn = session.connection()
    a = Account.__table__.c
    matching = a.external_id.startswith(prefix, autoescape=True)
    doomed = select(a.id).where(matching)
    p, s = SavePlan.__table__, SaveAction.__table__
    conn.execute(delete(s).where(s.c.plan_id.in_(select(p.c.id).where(p.c.account_id.in_(doomed)))))
    for model in ACCOUNT_CHILDREN:
        t = model.__table__
        conn.execute(delete(t).where(t.c.account_id.in_(doomed)))
    conn.execute(delete(Account.__table__).where(matching))


# --- quotes and signals ----------------------------------------------------------------------


def quotes_of(session: Session, interaction_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """The quotes of each interaction, in position order (interactions without any are left out)."""
    q = Quote.__table__.c
    stmt = select(q.interaction_id, q.text).order_by(q.interaction_id, q.position, q.id)
    quotes: dict[int, list[str]] = defaultdict(list)
    for interaction_id, words in _select_in(session, stmt, q.interaction_id, interaction_ids):
        quotes[interaction_id].append(words)
    return {k: tuple(v) for k, v in quotes.items()}


def replace_quotes(session: Session, quotes: Iterable[tuple[int, int, Sequence[str]]]) -> None:
    """Give each interaction exactly these quotes, in this order.

    ``quotes``: (account_id, interaction_id, texts) for each interaction whose quotes change."""
    quotes = list(quotes)
    q = Quote.__table__
    conn = session.connection()
    for chunk in _chunks([interaction_id for _, interaction_id, _ in quotes]):
        conn.execute(delete(q).where(q.c.interaction_id.in_(chunk)))
    insert_rows(
        session,
        Quote,
        [
            {"account_id": account_id, "interaction_id": interaction_id, "position": position, "text": words}
            for account_id, interaction_id, texts in quotes
            for position, words in enumerate(texts)
        ],
    )


def unresolved_signals(
    session: Session, account_ids: Iterable[int], *, source: str, kinds: Iterable[str]
) -> list[dict[str, Any]]:
    """The id, account_id, date and kind of each signal of these accounts and kinds that
    ``source`` raised and that is not resolved."""
    s = Signal.__table__.c
    stmt = select(s.id, s.account_id, s.date, s.kind).where(
        s.source == source, s.kind.in_(sorted(kinds)), s.resolved_on.is_(None)
    )
    return [dict(row._mapping) for row in _select_in(session, stmt, s.account_id, account_ids)]
