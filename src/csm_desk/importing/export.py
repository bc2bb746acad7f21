"""The book in the native format: CSV text per kind, or one JSON text (``csm-desk export``).

The output is deterministic (rows sorted by account external_id, then key) so that
export -> import into an empty database -> export gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json

from csm_desk.importing.native import KINDS, ORDER, csv_safe, due_cell, iso_date, number_cell, when_cell
from csm_desk.store import export as book

JSON_NAME = "csm-desk.json"


def book_tables(session) -> dict[str, list[dict]]:
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
    return csv_safe(value)


def _json_value(value):
    """A value as JSON: numbers stay numbers (12000, not 12000.0), unknown is null."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


# --- the book's rows (store/export.py) as native records, one function per kind ---


def _accounts(session) -> list[dict]:
    records = book.accounts(session, list(KINDS["accounts"].names))
    for record in records:
        for name in ("contract_start", "renewal_date", "last_expansion", "last_renewal"):
            record[name] = iso_date(record[name])
    return records


def _contacts(session) -> list[dict]:
    return book.contacts(session)


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
            "when": when_cell(r["at"]),
            "channel": r["channel"],
            "summary": r["summary"],
            "quotes": "\n".join(r["quotes"]),
            "duration_min": r["duration_min"],
        }
        for r in book.interactions(session)
    ]


def _followups(session) -> list[dict]:
    return [
        {
            "account": r["account"],
            "due": due_cell(r["due"], r["due_time"]),
            "title": r["title"],
            "channel": r["channel"],
            "owner": r["owner"],
            "status": r["status"],
        }
        for r in book.followups(session)
    ]


_READERS = {
    "accounts": _accounts,
    "contacts": _contacts,
    "metrics": _metrics,
    "signals": _signals,
    "interactions": _interactions,
    "followups": _followups,
}
