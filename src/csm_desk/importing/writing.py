"""Writing validated batches: what to insert and what to update, decided against rows loaded once;
the store's bulk functions (``store.bulk``) write them.

Re-importing a row finds it by its key and updates it; a row whose values are all
the same is left alone (and counted as unchanged).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from csm_desk.importing.native import ORDER, Batch, Problem, Row
from csm_desk.store.bulk import (
    existing_account_ids,
    existing_accounts,
    insert_rows,
    quotes_of,
    replace_quotes,
    rows_by_account,
    update_rows,
)
from csm_desk.store.tables import Account, Contact, FollowUp, Interaction, Metric, Signal, StageChange


@dataclass
class Tally:
    """What an import did (or would do) to one kind of record."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class _Target:
    """Where a kind of child record lives and which columns (after account_id) identify it."""

    model: type
    key: tuple[str, ...]


_TARGETS: dict[str, _Target] = {
    "contacts": _Target(Contact, ("name",)),
    "metrics": _Target(Metric, ("date",)),
    "signals": _Target(Signal, ("date", "kind")),
    "interactions": _Target(Interaction, ("at", "channel")),
    "followups": _Target(FollowUp, ("due", "title")),
}


def missing_accounts(session, batches: list[Batch]) -> list[Problem]:
    """Rows pointing at an account that is neither stored nor in this import's accounts files."""
    incoming = {r.values["external_id"] for b in batches if b.kind == "accounts" for r in b.rows}
    incoming |= {ext for b in batches for ext in b.invalid_accounts}  # reported already, at their own line
    refs = {r.values["account"] for b in batches if b.kind != "accounts" for r in b.rows}
    known = incoming | set(existing_account_ids(session, refs - incoming))
    return [
        Problem(
            row.where,
            "account",
            f"no account with external_id {row.values['account']!r} "
            "(neither in the database nor in an accounts file of this import)",
        )
        for b in batches
        if b.kind != "accounts"
        for row in b.rows
        if row.values["account"] not in known
    ]


def write_batches(session, batches: list[Batch], today: date, now: datetime) -> tuple[dict[str, Tally], set[int]]:
    """Write every batch in dependency order; the tallies per kind and the accounts touched."""
    rows_by_kind: dict[str, list[Row]] = defaultdict(list)
    for batch in batches:
        rows_by_kind[batch.kind].extend(batch.rows)
    refs = {r.values["account"] for k, rows in rows_by_kind.items() if k != "accounts" for r in rows}
    ids = existing_account_ids(session, refs)
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
    changes: dict[str, Any] = {"stage": stage}
    if stage == "identified" and old.get("identified_on") is None:
        changes["identified_on"] = today
    if stage == "engaged" and old.get("engaged_on") is None:
        changes["engaged_on"] = today
    return changes


def _write_accounts(
    session, rows: list[Row], ids: dict[str, int], today: date, now: datetime, touched: set[int]
) -> Tally:
    """Insert new accounts, update changed ones, and log every stage they move to."""
    stored = existing_accounts(session, (row.values["external_id"] for row in rows))
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
            updates.append({"id": old["id"], **changed, "updated_at": now})
            moves.append((old["external_id"], old["stage"], changed.get("stage")))
            touched.add(old["id"])
        tally.updated += bool(changed)
        tally.unchanged += not changed
    insert_rows(session, Account, inserts)
    update_rows(session, Account, updates)
    tally.created = len(inserts)
    ids.update(existing_account_ids(session, (r["external_id"] for r in inserts)))
    touched.update(ids[r["external_id"]] for r in inserts)
    log = [
        {
            "account_id": ids[ext],
            "at": now,
            "from_stage": before,
            "to_stage": after,
            "reason": "",
            "note": "set by import",
        }
        for ext, before, after in moves
        if after
    ]
    insert_rows(session, StageChange, log)
    return tally


def _db_values(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """A row's values under the table's column names (without the account)."""
    out = dict(values)
    del out["account"]
    out.pop("quotes", None)
    if kind == "interactions":
        out["at"] = out.pop("when")
    elif kind == "followups":
        out["due"], out["due_time"] = out["due"]
    return out


def _key(target: _Target, account_id: int, values: dict[str, Any]) -> tuple:
    """The identity of a record; a key column the file leaves out takes the table default."""
    fields = target.model.model_fields
    return (account_id, *(values[c] if c in values else fields[c].default for c in target.key))


def _write_children(session, kind: str, rows: list[Row], ids: dict[str, int], touched: set[int]) -> Tally:
    """Insert or update one kind of record that belongs to an account."""
    target = _TARGETS[kind]
    items = [(ids[r.values["account"]], _db_values(kind, r.values), r.values.get("quotes")) for r in rows]
    stored: dict[tuple, dict] = {}
    for old in rows_by_account(session, target.model, {i[0] for i in items}):
        stored.setdefault((old["account_id"], *(old[c] for c in target.key)), old)
    with_quotes = any(item[2] is not None for item in items)
    old_quotes = quotes_of(session, [o["id"] for o in stored.values()]) if with_quotes else {}
    tally, inserts, updates, new_quotes = Tally(), [], [], {}  # type: ignore[var-annotated]  # filled below
    for account_id, values, quotes in items:
        key = _key(target, account_id, values)
        old = stored.get(key)  # type: ignore[assignment]  # the name held a stored row above; here it may be missing
        if old is None:
            inserts.append({"account_id": account_id, **values})
            if quotes:
                new_quotes[key] = quotes
            touched.add(account_id)
            continue
        changed = {k: v for k, v in values.items() if old[k] != v}
        quotes_changed = quotes is not None and quotes != old_quotes.get(old["id"], ())
        if changed:
            updates.append({"id": old["id"], **changed})
        if quotes_changed:
            new_quotes[key] = quotes
        if changed or quotes_changed:
            touched.add(account_id)
        tally.updated += bool(changed or quotes_changed)
        tally.unchanged += not (changed or quotes_changed)
    insert_rows(session, target.model, inserts)
    update_rows(session, target.model, updates)
    tally.created = len(inserts)
    if new_quotes:
        _replace_quotes(session, new_quotes)
    return tally


def _replace_quotes(session, by_key: dict[tuple, tuple[str, ...]]) -> None:
    """Give each interaction (found by its key: account_id, at, channel) exactly these quotes, in this order."""
    found = {
        (r["account_id"], r["at"], r["channel"]): r["id"]
        for r in rows_by_account(
            session, Interaction, {key[0] for key in by_key}, ("id", "account_id", "at", "channel")
        )
    }
    replace_quotes(session, [(key[0], found[key], quotes) for key, quotes in by_key.items()])
