"""Exports shaped like reports: one row per contact, deal or ticket, repeating the account's columns.

Identical repeats of a record become one; two different accounts that an export without ids keys by the
same name are an error naming both rows; an ``account`` reference that names no account id but exactly
one account's name (stored, or in this import) is that account.
"""

from __future__ import annotations

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


def resolve_names(session, batches: list[Batch]) -> list[Problem]:
    """Point report rows whose ``account`` is an account's name (not an id) at that account's id."""
    incoming: dict[str, set[str]] = {}
    ids = set()
    for batch in batches:
        if batch.kind == "accounts":
            for row in batch.rows:
                ids.add(row.values["external_id"])
                if "name" in row.values:
                    incoming.setdefault(row.values["name"].strip(), set()).add(row.values["external_id"])
    refs = {r.values["account"] for b in batches if b.report and b.kind != "accounts" for r in b.rows}
    if session is not None:
        refs -= set(existing_account_ids(session, refs - ids))
    unknown = refs - ids
    if not unknown:
        return []
    stored = account_ids_by_name(session, {r.strip() for r in unknown}) if session is not None else {}
    problems = []
    for batch in batches:
        if not batch.report or batch.kind == "accounts":
            continue
        for row in batch.rows:
            ref = row.values["account"]
            if ref not in unknown:
                continue
            found = incoming.get(ref.strip(), set()) | set(stored.get(ref.strip(), ()))
            if len(found) == 1:
                row.values["account"] = next(iter(found))
            elif len(found) > 1:
                problems.append(
                    Problem(
                        row.where,
                        "account",
                        f"{len(found)} accounts are named {ref!r} ({', '.join(sorted(found))}); "
                        "name the account by its id",
                    )
                )
    return problems
