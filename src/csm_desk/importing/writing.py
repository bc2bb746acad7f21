"""Writing validated batches: what to insert and what to update, decided against rows loaded once;
the store's bulk functions (``store.bulk``) write them.

Re-importing a row finds it by its key and updates it; a row whose values are all
the same is left alone (and counted as unchanged). Where a key may repeat (follow-ups,
stage changes, cases), the n-th row with that key (``occurrence``) is the n-th stored
one, oldest first, and new repeats are inserted in their order so that the numbers hold.
An interaction's key is its ``external_id`` (``store.identity``, ``native.interaction_keys``).

Rows that point at other rows (a quote at its interaction and speaker, a save plan at
its check-in, a save action at its plan and follow-up) name them by key; a key that
names nothing, in the database or in this import, is a problem at the row that uses it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from csm_desk.importing.native import (
    ORDER,
    Batch,
    Problem,
    Row,
    followup_group,
    interaction_keys,
    occurrences,
    reference_cell,
)
from csm_desk.store.bulk import (
    existing_account_ids,
    existing_accounts,
    insert_rows,
    quotes_of,
    replace_quotes,
    rows_by_account,
    rows_where,
    update_rows,
)
from csm_desk.store.identity import made_here_key
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

HISTORY_DATES = ("identified_on", "engaged_on")
"""Account dates the pipeline sets; an empty cell leaves them as they are."""


@dataclass
class Tally:
    """What an import did (or would do) to one kind of record."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class _Target:
    """Where a kind of record lives and which columns (after its owner's) identify it."""

    model: type
    key: tuple[str, ...]
    owner: str = "account_id"
    """the column naming whose record it is (a save action's: its plan)"""


_TARGETS: dict[str, _Target] = {
    "contacts": _Target(Contact, ("name",)),
    "metrics": _Target(Metric, ("date",)),
    "signals": _Target(Signal, ("date", "kind")),
    "quotes": _Target(Quote, ("interaction_id", "position")),
    "followups": _Target(FollowUp, ("due", "title")),
    "stage_changes": _Target(StageChange, ("at",)),
    "cases": _Target(RiskCase, ("opened_on",)),
    "save_plans": _Target(SavePlan, ("created_at",)),
    "save_actions": _Target(SaveAction, (), owner="plan_id"),
}

_RENAMED = {
    "interactions": {"when": "at"},
    "save_plans": {"created": "created_at", "closed": "closed_at"},
}
"""File columns stored under another name."""


@dataclass
class _Item:
    """One incoming record: whose it is, its values under the table's column names, its identity."""

    row: Row
    account_id: int
    values: dict[str, Any]
    group: tuple
    occurrence: int


@dataclass
class _Run:
    """One import's writes: what it needs to look up as it goes, and what it found wrong."""

    session: Any
    ids: dict[str, int]
    problems: list[Problem] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)
    interactions: dict[tuple[int, str], int] = field(default_factory=dict)
    """(account_id, external_id) -> id, for the quotes"""
    moments: dict[tuple, list[int]] = field(default_factory=dict)
    """(account_id, at, channel) -> ids, for the quotes of files that name their interaction that way"""
    contacts: dict[tuple[int, str], int] = field(default_factory=dict)
    """(account_id, name) -> id, for the quotes' speakers"""
    plans: dict[tuple[int, datetime], int] = field(default_factory=dict)
    """(account_id, created_at) -> id, for the save actions"""
    _followups: dict[tuple[int, str, int], int] | None = None

    def followup_id(self, account_id: int, ref: tuple[str, int], row: Row, column: str) -> int | None:
        """The follow-up a reference names (its source key, the n-th with it), or None with a problem."""
        if self._followups is None:
            rows = rows_by_account(
                self.session, FollowUp, set(self.ids.values()), ("id", "account_id", "due", "title", "source_key")
            )
            groups = [followup_group(r["account_id"], r["due"], r["title"], r["source_key"]) for r in rows]
            self._followups = {
                (r["account_id"], r["source_key"], n): r["id"]
                for r, n in zip(rows, occurrences(groups), strict=True)
                if r["source_key"]
            }
        found = self._followups.get((account_id, *ref))
        if found is None:
            self.problems.append(
                Problem(
                    row.where,
                    column,
                    f"no follow-up of account {row.values['account']!r} with source key "
                    f"{reference_cell(*ref)!r} (neither in the database nor in a followups file of this import)",
                )
            )
        return found


def missing_accounts(session, batches: list[Batch]) -> list[Problem]:
    """Rows pointing at an account that is neither stored nor in this import's accounts files."""
    incoming = {r.values["external_id"] for b in batches if b.kind == "accounts" for r in b.rows}
    incoming |= {ext for b in batches for ext in b.invalid_accounts}  # reported already, at their own line
    refs = {r.values["account"] for b in batches if b.kind != "accounts" for r in b.rows}
    stored = existing_account_ids(session, refs - incoming) if session is not None else {}
    known = incoming | set(stored)
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


def is_restore(batches: list[Batch]) -> bool:
    """An import that holds the stage history (only ``csm-desk export`` writes it) restores a book as it was."""
    return any(b.kind == "stage_changes" for b in batches)


def write_batches(
    session, batches: list[Batch], today: date, now: datetime
) -> tuple[dict[str, Tally], set[int], list[Problem]]:
    """Write every batch in dependency order; the tallies per kind, the accounts touched, and the rows whose
    references name nothing (then the caller rolls the transaction back)."""
    rows_by_kind: dict[str, list[Row]] = defaultdict(list)
    for batch in batches:
        rows_by_kind[batch.kind].extend(batch.rows)
    refs = {r.values["account"] for k, rows in rows_by_kind.items() if k != "accounts" for r in rows}
    run = _Run(session, existing_account_ids(session, refs))
    tallies: dict[str, Tally] = {}
    for kind in ORDER:
        if kind not in rows_by_kind:
            continue
        if kind == "accounts":
            tallies[kind] = _write_accounts(run, rows_by_kind[kind], today, now, restore=is_restore(batches))
        elif kind == "interactions":
            tallies[kind] = _write_interactions(run, rows_by_kind[kind])
        else:
            tallies[kind] = _write_children(run, kind, rows_by_kind[kind])
    return tallies, run.touched, run.problems


def _stage_move(old: dict, stage: str, today: date, *, dated: bool = True) -> dict:
    """The account columns that entering ``stage`` sets (``old``: the stored account, or {}); empty if no move.
    ``dated``: the day it was identified or engaged is today when nothing says otherwise."""
    if not stage or stage == old.get("stage", ""):
        return {}
    changes: dict[str, Any] = {"stage": stage}
    if not dated:
        return changes
    if stage == "identified" and old.get("identified_on") is None:
        changes["identified_on"] = today
    if stage == "engaged" and old.get("engaged_on") is None:
        changes["engaged_on"] = today
    return changes


def _write_accounts(run: _Run, rows: list[Row], today: date, now: datetime, *, restore: bool) -> Tally:
    """Insert new accounts, update changed ones, and log every stage they move to. A restore (the import
    brings the stage history itself) logs nothing and takes the identified and engaged days as the file
    gives them, unknown ones included."""
    session, ids = run.session, run.ids
    stored = existing_accounts(session, (row.values["external_id"] for row in rows))
    ids.update((ext, old["id"]) for ext, old in stored.items())
    tally, inserts, updates, moves = Tally(), [], [], []
    for row in rows:
        values = {k: v for k, v in row.values.items() if k != "stage" and not (k in HISTORY_DATES and v is None)}
        old = stored.get(values["external_id"])
        move = _stage_move(old or {}, row.values.get("stage", ""), today, dated=not restore)
        move = {k: v for k, v in move.items() if k not in values}  # the file's own dates win
        if old is None:
            inserts.append({**values, **move, "created_at": now, "updated_at": now})
            moves.append((values["external_id"], "", move.get("stage")))
            continue
        changed = {k: v for k, v in values.items() if old[k] != v} | move
        if changed:
            updates.append({"id": old["id"], **changed, "updated_at": now})
            moves.append((old["external_id"], old["stage"], changed.get("stage")))
            run.touched.add(old["id"])
        tally.updated += bool(changed)
        tally.unchanged += not changed
    insert_rows(session, Account, inserts)
    update_rows(session, Account, updates)
    tally.created = len(inserts)
    ids.update(existing_account_ids(session, (r["external_id"] for r in inserts)))
    run.touched.update(ids[r["external_id"]] for r in inserts)
    if not restore:
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
    """A row's values under the table's column names (without the account and the identity's extras)."""
    renamed = _RENAMED.get(kind, {})
    out = {renamed.get(k, k): v for k, v in values.items() if k not in ("account", "quotes", "occurrence")}
    if kind == "followups":
        out["due"], out["due_time"] = out["due"]
    return out


def _group(target: _Target, owner: int, values: dict[str, Any]) -> tuple:
    """The key a record shares with its repeats; a key column the file leaves out takes the table default."""
    fields = target.model.model_fields
    return (owner, *(values[c] if c in values else fields[c].default for c in target.key))


def _stored_groups(kind: str, target: _Target) -> Callable[[dict], list[tuple]]:
    """The keys a stored row can be found by. A follow-up: its source key (or, without one, its day and title),
    and also its day and title whatever its key, for files that have no source_key column."""
    if kind == "followups":
        return lambda r: [
            followup_group(r["account_id"], r["due"], r["title"], r["source_key"]),
            (r["account_id"], "any", r["due"], r["title"]),
        ]
    return lambda r: [_group(target, r[target.owner], r)]


def _incoming_group(kind: str, target: _Target, owner: int, values: dict[str, Any]) -> tuple:
    if kind == "followups":
        if "source_key" in values:
            return followup_group(owner, values["due"], values["title"], values["source_key"])
        return owner, "any", values["due"], values["title"]
    return _group(target, owner, values)


def _items(run: _Run, kind: str, rows: list[Row]) -> list[_Item]:
    """The incoming records with their references looked up; rows whose references name nothing are left out
    (and reported)."""
    target = _TARGETS[kind]
    resolve = _RESOLVERS.get(kind)
    items = []
    for row in rows:
        account_id = run.ids[row.values["account"]]
        values = _db_values(kind, row.values)
        occurrence = row.values.get("occurrence", 1)
        if resolve is not None:
            resolved = resolve(run, row, account_id, values)
            if resolved is None:
                continue
            values, occurrence = resolved
        owner = values[target.owner] if target.owner != "account_id" else account_id
        group = _incoming_group(kind, target, owner, values)
        items.append(_Item(row, account_id, values, group, occurrence))
    return items


def _write_children(run: _Run, kind: str, rows: list[Row]) -> Tally:
    """Insert or update one kind of record that belongs to an account."""
    session, target = run.session, _TARGETS[kind]
    if kind in _PREPARE:
        _PREPARE[kind](run, rows)
    items = _items(run, kind, rows)
    owners = {item.values.get(target.owner, item.account_id) for item in items}
    stored_rows = (
        rows_by_account(session, target.model, owners)
        if target.owner == "account_id"
        else rows_where(session, target.model, target.owner, owners)
    )
    groups_of = _stored_groups(kind, target)
    seen: dict[tuple, int] = defaultdict(int)
    stored: dict[tuple, dict] = {}
    for stored_row in stored_rows:
        for group in groups_of(stored_row):
            seen[group] += 1
            stored[(group, seen[group])] = stored_row
    tally, updates = Tally(), []
    waves: dict[int, list[dict]] = defaultdict(list)
    for item in items:
        old = stored.get((item.group, item.occurrence))
        if old is None:
            row = {"account_id": item.account_id, **item.values} if target.owner == "account_id" else item.values
            waves[item.occurrence].append(row)
            run.touched.add(item.account_id)
            continue
        changed = {k: v for k, v in item.values.items() if old[k] != v}
        if changed:
            updates.append({"id": old["id"], **changed})
            run.touched.add(item.account_id)
        tally.updated += bool(changed)
        tally.unchanged += not changed
    for occurrence in sorted(waves):  # the first of each key before its repeats: ids keep their order
        insert_rows(session, target.model, waves[occurrence])
    update_rows(session, target.model, updates)
    tally.created = sum(len(wave) for wave in waves.values())
    return tally


def _write_interactions(run: _Run, rows: list[Row]) -> Tally:
    """Insert or update interactions, each found by its key. An incoming one no key finds takes the row made in
    the app (or stored before interactions had keys) at its instant on its channel, if there is one: that is how
    such rows were always known, and the row keeps its own key. A ``quotes`` cell replaces the interaction's
    quotes."""
    session = run.session
    items: list[tuple[Row, int, dict[str, Any]]] = []
    for row, key in zip(rows, interaction_keys(rows), strict=True):
        items.append(
            (row, run.ids[row.values["account"]], _db_values("interactions", row.values) | {"external_id": key})
        )
    stored_rows = rows_by_account(session, Interaction, {account_id for _, account_id, _ in items})
    by_key = {(r["account_id"], r["external_id"]): r for r in stored_rows}
    matched = [by_key.get((account_id, values["external_id"])) for _, account_id, values in items]
    claimed = {old["id"] for old in matched if old is not None}
    for (row, _, values), old in zip(items, matched, strict=True):
        if old is not None and row.content:
            # Found by its content, so its when cell is the one written before: an instant that differs can
            # only come from reading a naive time under another time zone. The stored one stays.
            del values["at"]
    for i, (_, account_id, values) in enumerate(items):  # after every key has found its own row
        if matched[i] is None:
            old = by_key.get((account_id, made_here_key(values["at"], values.get("channel", "note"))))
            if old is not None and old["id"] not in claimed:
                claimed.add(old["id"])
                matched[i] = old
                del values["external_id"]
    with_quotes = any(row.values.get("quotes") is not None for row, _, _ in items)
    old_quotes = quotes_of(session, sorted(claimed)) if with_quotes else {}
    tally, inserts, updates = Tally(), [], []
    quotes_of_new: dict[tuple[int, str], tuple[str, ...]] = {}
    quotes_of_old: dict[int, tuple[int, tuple[str, ...]]] = {}
    for (row, account_id, values), old in zip(items, matched, strict=True):
        quotes = row.values.get("quotes")
        if old is None:
            inserts.append({"account_id": account_id, **values})
            if quotes:
                quotes_of_new[(account_id, values["external_id"])] = quotes
            run.touched.add(account_id)
            continue
        changed = {k: v for k, v in values.items() if old[k] != v}
        quotes_changed = quotes is not None and quotes != old_quotes.get(old["id"], ())
        if changed:
            updates.append({"id": old["id"], **changed})
        if quotes_changed and quotes is not None:
            quotes_of_old[old["id"]] = (account_id, quotes)
        if changed or quotes_changed:
            run.touched.add(account_id)
        tally.updated += bool(changed or quotes_changed)
        tally.unchanged += not (changed or quotes_changed)
    insert_rows(session, Interaction, inserts)
    update_rows(session, Interaction, updates)
    tally.created = len(inserts)
    if quotes_of_new:
        ids = {
            (r["account_id"], r["external_id"]): r["id"]
            for r in rows_by_account(
                session, Interaction, {a for a, _ in quotes_of_new}, ("id", "account_id", "external_id")
            )
        }
        quotes_of_old.update((ids[key], (key[0], quotes)) for key, quotes in quotes_of_new.items())
    if quotes_of_old:
        _replace_quotes(session, quotes_of_old)
    return tally


def _replace_quotes(session, by_id: dict[int, tuple[int, Sequence[str]]]) -> None:
    """Give each interaction (by id: its account and quotes) exactly these quotes, in this order."""
    replace_quotes(
        session, [(account_id, interaction_id, quotes) for interaction_id, (account_id, quotes) in by_id.items()]
    )


# --- references: the records a row points at, found by key ------------------------------------


def _prepare_quotes(run: _Run, rows: list[Row]) -> None:
    accounts = {run.ids[r.values["account"]] for r in rows}
    stored = rows_by_account(run.session, Interaction, accounts, ("id", "account_id", "external_id", "at", "channel"))
    run.interactions = {(r["account_id"], r["external_id"]): r["id"] for r in stored}
    moments: dict[tuple, list[int]] = defaultdict(list)
    for r in stored:
        moments[(r["account_id"], r["at"], r["channel"])].append(r["id"])
    run.moments = moments
    run.contacts = {
        (r["account_id"], r["name"]): r["id"]
        for r in rows_by_account(run.session, Contact, accounts, ("id", "account_id", "name"))
    }


def _prepare_actions(run: _Run, rows: list[Row]) -> None:
    accounts = {run.ids[r.values["account"]] for r in rows}
    run.plans = {
        (r["account_id"], r["created_at"]): r["id"]
        for r in rows_by_account(run.session, SavePlan, accounts, ("id", "account_id", "created_at"))
    }


def _quoted_interaction(run: _Run, row: Row, account_id: int, values: dict) -> int | None:
    """The interaction a quote belongs to: the one its ``interaction`` column names (by key), else the one at its
    ``when`` on its channel, which must be the only one there; None with a problem."""
    channel = values.pop("channel", "note")
    when = values.pop("when")
    key = values.pop("interaction", "")
    account = row.values["account"]
    if key:
        found = run.interactions.get((account_id, key))
        if found is None:
            run.problems.append(
                Problem(
                    row.where,
                    "interaction",
                    f"no interaction {key!r} of account {account!r} "
                    "(neither in the database nor in an interactions file of this import)",
                )
            )
        return found
    ids = run.moments.get((account_id, when, channel), [])
    if len(ids) == 1:
        return ids[0]
    if ids:
        reason = (
            f"account {account!r} has {len(ids)} interactions on {channel} at {when.isoformat()}; "
            "name the one these words belong to in an interaction column (its external_id)"
        )
    else:
        reason = (
            f"no {channel} of account {account!r} at {when.isoformat()} "
            "(neither in the database nor in an interactions file of this import)"
        )
    run.problems.append(Problem(row.where, "when", reason))
    return None


def _resolve_quote(run: _Run, row: Row, account_id: int, values: dict) -> tuple[dict, int] | None:
    interaction_id = _quoted_interaction(run, row, account_id, values)
    ok = interaction_id is not None
    speaker = values.pop("speaker", None)
    if speaker:
        values["speaker_id"] = run.contacts.get((account_id, speaker))
        if values["speaker_id"] is None:
            run.problems.append(
                Problem(
                    row.where,
                    "speaker",
                    f"no contact named {speaker!r} at account {row.values['account']!r} "
                    "(neither in the database nor in a contacts file of this import)",
                )
            )
            ok = False
    elif speaker is not None:
        values["speaker_id"] = None
    if not ok:
        return None
    return {"account_id": account_id, "interaction_id": interaction_id, **values}, 1


def _resolve_plan(run: _Run, row: Row, account_id: int, values: dict) -> tuple[dict, int] | None:
    if "next_checkin" not in values:
        return values, 1
    ref = values.pop("next_checkin")
    values["next_checkin_id"] = None if ref is None else run.followup_id(account_id, ref, row, "next_checkin")
    return (values, 1) if ref is None or values["next_checkin_id"] is not None else None


def _resolve_action(run: _Run, row: Row, account_id: int, values: dict) -> tuple[dict, int] | None:
    created = values.pop("plan")
    position = values.pop("position")
    plan_id = run.plans.get((account_id, created))
    ok = True
    if plan_id is None:
        run.problems.append(
            Problem(
                row.where,
                "plan",
                f"no save plan of account {row.values['account']!r} created at {created.isoformat()} "
                "(neither in the database nor in a save_plans file of this import)",
            )
        )
        ok = False
    if "followup" in values:
        ref = values.pop("followup")
        values["followup_id"] = None if ref is None else run.followup_id(account_id, ref, row, "followup")
        ok = ok and (ref is None or values["followup_id"] is not None)
    if not ok:
        return None
    return {"plan_id": plan_id, **values}, position + 1


_PREPARE: dict[str, Callable[[_Run, list[Row]], None]] = {
    "quotes": _prepare_quotes,
    "save_actions": _prepare_actions,
}
_RESOLVERS: dict[str, Callable[[_Run, Row, int, dict], tuple[dict, int] | None]] = {
    "quotes": _resolve_quote,
    "save_plans": _resolve_plan,
    "save_actions": _resolve_action,
}
