"""Writing what activity imports derive beyond native rows: closed cases, and signals gone stale.

A churn event's case is found again by its key (``source_key``: the source, "churn" and
the event's id or day), so re-importing the same export updates or leaves it, never
duplicates it. A case imported before cases kept their key has it only at the start of its
note: it is found by that (the note is the key, or the key followed by `` (`` or ``:``)
and takes the key from then on.
"""

from __future__ import annotations

from datetime import date

from csm_desk.importing.native import Problem
from csm_desk.importing.writing import Tally
from csm_desk.store.bulk import (
    existing_account_ids,
    existing_accounts,
    insert_rows,
    rows_by_account,
    unresolved_signals,
    update_rows,
)
from csm_desk.store.tables import RiskCase, Signal

_FIELDS = ("opened_on", "closed_on", "outcome", "reason", "arr", "note")


def _written_by(note: str, key: str) -> bool:
    """Whether a case kept without its key was made for ``key``: its note starts with it (and then the reason
    code in brackets or the feedback after a colon)."""
    return note == key or note.startswith((key + " (", key + ":"))


def unknown_accounts(session, refs: dict[str, str], incoming: set[str]) -> list[Problem]:
    """Accounts named only by activity (``refs``: external_id -> where) that exist nowhere."""
    stored = existing_account_ids(session, set(refs) - incoming) if session is not None else {}
    known = incoming | set(stored)
    return [
        Problem(
            where,
            "account",
            f"no account with external_id {ext!r} (neither in the database nor in an accounts file of this import)",
        )
        for ext, where in refs.items()
        if ext not in known
    ]


def write_cases(session, cases: list[dict]) -> Tally:
    """Insert new closed cases, update changed ones; segment comes from the account."""
    tally = Tally()
    if not cases:
        return tally
    accounts = existing_accounts(session, {c["account"] for c in cases})
    ids = {ext: a["id"] for ext, a in accounts.items()}
    segments = {a["id"]: a["segment"] for a in accounts.values()}
    stored: dict[tuple[int, str], list[dict]] = {}
    unkeyed: dict[int, list[dict]] = {}
    for row in rows_by_account(session, RiskCase, ids.values()):  # oldest first
        if row["source_key"]:
            stored.setdefault((row["account_id"], row["source_key"]), []).append(row)
        else:
            unkeyed.setdefault(row["account_id"], []).append(row)
    inserts, updates = [], []
    for case in cases:  # two events with one key (same day, no id) are its first and second case
        account_id = ids[case["account"]]
        values = {k: case[k] for k in _FIELDS} | {"segment": segments.get(account_id, ""), "source_key": case["key"]}
        found = stored.get((account_id, case["key"]))
        old = found.pop(0) if found else None
        if old is None:
            old = next((r for r in unkeyed.get(account_id, []) if _written_by(r["note"], case["key"])), None)
            if old is not None:
                unkeyed[account_id].remove(old)
        if old is None:
            inserts.append({"account_id": account_id, "executive_involved": False, **values})
            continue
        changed = {k: v for k, v in values.items() if old[k] != v}
        if changed:
            updates.append({"id": old["id"], **changed})
        tally.updated += bool(changed)
        tally.unchanged += not changed
    insert_rows(session, RiskCase, inserts)
    update_rows(session, RiskCase, updates)
    tally.created = len(inserts)
    return tally


def resolve_stale_signals(
    session, source: str, kinds: set[str], accounts: set[str], current: set[tuple[str, date, str]], today: date
) -> set[int]:
    """Resolve today the active signals this source raised earlier that its data no longer supports."""
    if not kinds or not accounts:
        return set()
    ids = existing_account_ids(session, accounts)
    by_id = {v: k for k, v in ids.items()}
    stale = [
        row
        for row in unresolved_signals(session, ids.values(), source=source, kinds=kinds)
        if (by_id[row["account_id"]], row["date"], row["kind"]) not in current and row["date"] <= today
    ]
    update_rows(session, Signal, [{"id": row["id"], "resolved_on": today} for row in stale])
    return {row["account_id"] for row in stale}
