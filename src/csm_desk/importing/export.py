"""The book in the native format: CSV text per kind, or one JSON text (``csm-desk export``).

Every kind a user's work creates is written: accounts, contacts, metrics, signals,
interactions and their quotes, follow-ups, stage history, risk cases, save plans and
their actions. Rows point at each other by stable keys, never by database ids: a quote
names its interaction (its external_id; its when and channel too, for a person reading it)
and its speaker (the contact's name); a save action names its plan (account, created) and
its follow-up (the follow-up's source key, ``#n`` for the n-th with that key). Repeats of a
key carry an ``occurrence`` (2, 3...), counted oldest first, and an import inserts them in
that order, so the numbers survive.

The output is deterministic (rows sorted by account external_id, then key) so that
export -> import into an empty database -> export gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from datetime import datetime, time
from typing import Any

from csm_desk.importing.native import (
    KINDS,
    ORDER,
    csv_safe,
    due_cell,
    followup_group,
    iso_date,
    number_cell,
    occurrences,
    reference_cell,
    when_cell,
)
from csm_desk.store import export as book

JSON_NAME = "csm-desk.json"


def book_tables(session) -> dict[str, list[dict]]:
    """Every kind's records, in import order."""
    followups = book.followups(session)
    refs = _followup_references(followups)
    plans = book.save_plans(session)
    tables = {
        "accounts": _accounts(session),
        "contacts": book.contacts(session),
        "metrics": _metrics(session),
        "signals": _signals(session),
        "interactions": _interactions(session),
        "quotes": _quotes(session),
        "followups": _followups(followups),
        "stage_changes": _stage_changes(session),
        "cases": _cases(session),
        "save_plans": _save_plans(plans, refs),
        "save_actions": _save_actions(session, plans, refs),
    }
    return {kind: tables[kind] for kind in ORDER}


def csv_text(kind: str, records: list[dict]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    # The csv module quotes a cell holding "\n" but not one holding a lone "\r", which a reader takes for the
    # end of the line: such a row is written with every cell quoted.
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(KINDS[kind].exported)
    for record in records:
        cells = [_cell(value) for value in record.values()]
        (quoted if any("\r" in cell for cell in cells) else writer).writerow(cells)
    return buffer.getvalue()


def json_text(tables: dict[str, list[dict]]) -> str:
    """One JSON object, a section per kind, one record per line (readable, diffable, and written by the
    json module's fast encoder: an indented dump of a large book takes several times longer)."""
    sections = []
    for kind in ORDER:
        records = ",\n".join(
            "    " + json.dumps({k: _json_value(v) for k, v in r.items()}, ensure_ascii=False) for r in tables[kind]
        )
        sections.append(f"  {json.dumps(kind)}: [\n{records}\n  ]" if records else f"  {json.dumps(kind)}: []")
    return "{\n" + ",\n".join(sections) + "\n}\n"


def _cell(value) -> str:
    """A value as its CSV cell: empty for unknown, numbers without a spurious ``.0``, JSON as its text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number_cell(value)
    if isinstance(value, (list, dict)):
        return csv_safe(json.dumps(value, ensure_ascii=False))
    return csv_safe(value)


def _json_value(value):
    """A value as JSON: numbers stay numbers (12000, not 12000.0), unknown is null."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _sorted(pairs: Iterable[tuple[tuple, dict]]) -> list[dict]:
    """Records by their leading values (as stored: days and instants in time order), then, where those
    tie, by every cell, so that no two orders of the same rows can be written."""
    ordered = sorted(pairs, key=lambda p: p[0])
    out: list[dict] = []
    i = 0
    while i < len(ordered):
        j = i + 1
        while j < len(ordered) and ordered[j][0] == ordered[i][0]:
            j += 1
        tied = [record for _, record in ordered[i:j]]
        out.extend(tied if j - i == 1 else sorted(tied, key=lambda r: [_cell(v) for v in r.values()]))
        i = j
    return out


def _lead(*values: Any) -> tuple:
    """Sortable leading values: unknown (None) first."""
    return tuple((v is not None, v if v is not None else 0) for v in values)


def _count(rows: list[dict], group: Callable[[dict], Any]) -> list[int]:
    return occurrences(group(r) for r in rows)


def _repeat(n: int) -> int | None:
    """The occurrence as written: empty for the first."""
    return n if n > 1 else None


# --- the book's rows (store/export.py) as native records, one function per kind ---


_ACCOUNT_DATES = ("contract_start", "renewal_date", "last_expansion", "last_renewal", "identified_on", "engaged_on")


def _accounts(session) -> list[dict]:
    records = book.accounts(session, list(KINDS["accounts"].exported))
    for record in records:
        for name in _ACCOUNT_DATES:
            record[name] = iso_date(record[name])
    return records


def _metrics(session) -> list[dict]:
    names = list(KINDS["metrics"].names[1:])
    return [{**r, "date": iso_date(r["date"])} for r in book.metrics(session, names)]


def _signals(session) -> list[dict]:
    return [
        {**r, "date": iso_date(r["date"]), "resolved_on": iso_date(r["resolved_on"])} for r in book.signals(session)
    ]


def _interactions(session) -> list[dict]:
    return [
        {
            "account": r["account"],
            "external_id": r["external_id"],
            "when": when_cell(r["at"]),
            "channel": r["channel"],
            "summary": r["summary"],
            "duration_min": r["duration_min"],
            "script": r["script"],
        }
        for r in book.interactions(session)
    ]


def _quotes(session) -> list[dict]:
    return [
        {
            "account": r["account"],
            "interaction": r["interaction"],
            "when": when_cell(r["at"]),
            "channel": r["channel"],
            "position": r["position"],
            "text": r["text"],
            "speaker": r["speaker"] or "",
            "step": r["step"],
        }
        for r in book.quotes(session)
    ]


def _followup_groups(rows: list[dict]) -> list[int]:
    return _count(rows, lambda r: followup_group(r["account"], r["due"], r["title"], r["source_key"]))


def _followup_references(rows: list[dict]) -> dict[int, str]:
    """How other records name each follow-up (by id): its source key, with ``#n`` for a repeat.
    A follow-up without a source key is never pointed at (plans make their follow-ups with one)."""
    return {
        r["id"]: reference_cell(r["source_key"], n)
        for r, n in zip(rows, _followup_groups(rows), strict=True)
        if r["source_key"]
    }


def _followups(rows: list[dict]) -> list[dict]:
    pairs = []
    for r, n in zip(rows, _followup_groups(rows), strict=True):
        record = {
            "account": r["account"],
            "due": due_cell(r["due"], r["due_time"]),
            "title": r["title"],
            "channel": r["channel"],
            "owner": r["owner"],
            "status": r["status"],
            "snoozed_until": iso_date(r["snoozed_until"]),
            "source": r["source"],
            "source_key": r["source_key"],
            "outcome": r["outcome"],
            "done_at": _instant(r["done_at"]),
            "occurrence": _repeat(n),
        }
        pairs.append((_lead(r["account"], r["due"], r["due_time"] or time(), r["title"]), record))
    return _sorted(pairs)


def _stage_changes(session) -> list[dict]:
    rows = book.stage_changes(session)
    pairs = []
    for r, n in zip(rows, _count(rows, lambda r: (r["account"], r["at"])), strict=True):
        record = {
            "account": r["account"],
            "at": when_cell(r["at"]),
            "from_stage": r["from_stage"],
            "to_stage": r["to_stage"],
            "reason": r["reason"],
            "note": r["note"],
            "occurrence": _repeat(n),
        }
        pairs.append((_lead(r["account"], r["at"], n), record))
    return _sorted(pairs)


def _cases(session) -> list[dict]:
    rows = book.cases(session)
    pairs = []
    for r, n in zip(rows, _count(rows, lambda r: (r["account"], r["opened_on"])), strict=True):
        record = {
            "account": r["account"],
            "opened_on": iso_date(r["opened_on"]),
            "at_risk_since": iso_date(r["at_risk_since"]),
            "engaged_on": iso_date(r["engaged_on"]),
            "closed_on": iso_date(r["closed_on"]),
            "outcome": r["outcome"],
            "reason": r["reason"],
            "arr": r["arr"],
            "segment": r["segment"],
            "executive_involved": bool(r["executive_involved"]),
            "note": r["note"],
            "source_key": r["source_key"],
            "occurrence": _repeat(n),
        }
        pairs.append((_lead(r["account"], r["opened_on"], n), record))
    return _sorted(pairs)


def _save_plans(plans: list[dict], refs: dict[int, str]) -> list[dict]:
    pairs = []
    for p in plans:
        record = {
            "account": p["account"],
            "created": when_cell(p["created_at"]),
            "situation": p["situation"],
            "root_cause_category": p["root_cause_category"],
            "root_cause": p["root_cause"],
            "success_criteria": p["success_criteria"],
            "strategies": p["strategies"],
            "team": _json_column(p["team"]),
            "details": _json_column(p["details"]),
            "outcome": p["outcome"],
            "closed": _instant(p["closed_at"]),
            "next_checkin": refs.get(p["next_checkin_id"]) if p["next_checkin_id"] is not None else None,
        }
        pairs.append((_lead(p["account"], p["created_at"]), record))
    return _sorted(pairs)


def _save_actions(session, plans: list[dict], refs: dict[int, str]) -> list[dict]:
    owner = {p["id"]: (p["account"], p["created_at"]) for p in plans}
    rows = [r for r in book.save_actions(session) if r["plan_id"] in owner]
    pairs = []
    for r, n in zip(rows, _count(rows, lambda r: r["plan_id"]), strict=True):
        account, created = owner[r["plan_id"]]
        record = {
            "account": account,
            "plan": when_cell(created),
            "position": n - 1,
            "action": r["action"],
            "owner": r["owner"],
            "due": iso_date(r["due"]),
            "followup": refs.get(r["followup_id"]) if r["followup_id"] is not None else None,
        }
        pairs.append((_lead(account, created, n), record))
    return _sorted(pairs)


def _instant(value: datetime | None) -> str | None:
    return None if value is None else when_cell(value)


def _json_column(text: str) -> Any:
    """A JSON column's value (a team, a plan's details); empty stays empty; text that is not JSON is
    written as it is (the import then says what is wrong with it)."""
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text
