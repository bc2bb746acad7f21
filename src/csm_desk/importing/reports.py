"""Exports shaped like reports: one row per contact, deal or ticket, repeating the account's columns.

Identical repeats of a record become one; two different accounts that an export without ids keys by the
same name are an error naming both rows; an ``account`` reference that names no account id but exactly
one account's name (stored, or in this import) is that account.
"""

from __future__ import annotations

from collections.abc import Sequence

from csm_desk.importing.native import Batch, Problem, row_key
from csm_desk.store.bulk import account_ids_by_name, existing_account_ids


def merge_repeats(batches: list[Batch]) -> int:
    """Drop the rows of report batches that repeat an earlier row of the same record exactly; how many."""
    first: dict[tuple, dict] = {}
    dropped = 0
    for batch in batches:
        if not batch.report:
            continue
        kept = []
        for row in batch.rows:
            key = (batch.kind, *row_key(batch.kind, row.values))
            seen = first.setdefault(key, row.values)
            if seen is not row.values and seen == row.values:
                dropped += 1
                continue
            kept.append(row)
        batch.rows = kept
    return dropped


def same_name_problems(batches: list[Batch]) -> list[Problem]:
    """Accounts keyed by name (no id in the export) whose repeats disagree: two accounts, one name."""
    first: dict[str, tuple[str, dict]] = {}
    problems = []
    for batch in batches:
        if batch.kind != "accounts" or not batch.by_name:
            continue
        for row in batch.rows:
            name = row.values["external_id"]
            where, values = first.setdefault(name, (row.where, row.values))
            if values is row.values:
                continue
            differ = sorted(k for k in set(values) | set(row.values) if values.get(k) != row.values.get(k))
            problems.append(
                Problem(
                    row.where,
                    "name",
                    f"two different accounts named {name!r} (this row and {where} differ in {', '.join(differ)}); "
                    "the export has no account id to tell them apart: add the id column, or keep one row",
                )
            )
    return problems


def resolve_names(session, batches: list[Batch], cases: Sequence[dict] = ()) -> list[Problem]:
    """Point the references of report rows (and of the cases summed up from activity) that name an account
    by its name, not its id, at that account's id."""
    incoming: dict[str, set[str]] = {}
    ids: set[str] = set()
    holders: list[tuple[dict, str, str]] = []  # (values, key, where) of every reference that may be a name
    for batch in batches:
        for row in batch.rows:
            if batch.kind != "accounts":
                if batch.report:
                    holders.append((row.values, "account", row.where))
            elif "name" in row.values:
                ids.add(row.values["external_id"])
                incoming.setdefault(row.values["name"].strip(), set()).add(row.values["external_id"])
            elif batch.report:  # an account only activity names (its ARR, its stage): a reference too
                holders.append((row.values, "external_id", row.where))
            else:
                ids.add(row.values["external_id"])
    holders += [(case, "account", case.get("where", "")) for case in cases]
    refs = {values[key] for values, key, _ in holders} - ids
    if session is not None and refs:
        refs -= set(existing_account_ids(session, refs))
    if not refs:
        return []
    problems = _resolve(session, holders, refs, incoming)
    _fold_accounts(batches)
    return problems


def _resolve(session, holders: list[tuple[dict, str, str]], refs: set[str], incoming: dict[str, set[str]]):
    stored = account_ids_by_name(session, {r.strip() for r in refs}) if session is not None else {}
    problems = []
    for values, key, where in holders:
        ref = values[key]
        if ref not in refs:
            continue
        found = incoming.get(ref.strip(), set()) | set(stored.get(ref.strip(), ()))
        if len(found) == 1:
            values[key] = next(iter(found))
        elif len(found) > 1:
            problems.append(
                Problem(
                    where,
                    "account",
                    f"{len(found)} accounts are named {ref!r} ({', '.join(sorted(found))}); name the account by its id",
                )
            )
    return problems


def _fold_accounts(batches: list[Batch]) -> None:
    """What activity says of an account now known by its id (its ARR, its renewal) joins that account's own
    row of this import, filling what the row leaves empty, as it does when both name it by id."""
    named = {r.values["external_id"]: r for b in batches if b.kind == "accounts" for r in b.rows if "name" in r.values}
    for batch in batches:
        if batch.kind != "accounts" or not batch.report:
            continue
        kept = []
        for row in batch.rows:
            target = named.get(row.values["external_id"]) if "name" not in row.values else None
            if target is None:
                kept.append(row)
                continue
            for key, value in row.values.items():
                if target.values.get(key) in (None, ""):
                    target.values[key] = value
        batch.rows = kept
