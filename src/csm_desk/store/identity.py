"""How an interaction is known from one import (or export) to the next: its ``external_id``.

- An imported row that carries the source's own id: that id.
- An imported row without one: ``content:`` and a hash of the row as the source wrote it
  (``importing.native.content_key``): the machine's time zone never changes it.
- A row made in csm-desk (a note, a call), and a row stored before interactions had keys:
  ``at:`` its instant in UTC and its channel (``#2``, ``#3``... when that is taken). An import
  finds such a row by its instant and channel when no key finds the incoming one, which is how
  every version before this one knew interactions; so a file imported before keeps updating the
  rows it made.

A key is given once and never changes: a note moved to another time keeps its key.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select

from csm_desk.store.tables import Interaction

MADE_HERE = "at:"


def made_here_key(at: datetime, channel: str) -> str:
    """The key of a row made in csm-desk (or stored before keys) at ``at`` on ``channel``."""
    return f"{MADE_HERE}{at.astimezone(UTC).replace(tzinfo=None).isoformat()}Z/{channel}"


def free_key(base: str, taken: set[str]) -> str:
    """``base``, or ``base#2``, ``base#3``... the first not in ``taken``."""
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}#{n}"
    return key


def _taken(session: Any, account_id: int, bases: set[str]) -> set[str]:
    """The keys of the account's stored interactions that are one of ``bases`` or a repeat of one."""
    c = Interaction.__table__.c
    if not bases:
        return set()
    like = [c.external_id.startswith(base + "#", autoescape=True) for base in bases]
    stmt = select(c.external_id).where(c.account_id == account_id, or_(c.external_id.in_(sorted(bases)), *like))
    return set(session.connection().execute(stmt).scalars())


def _fill(session: Any, rows: list[Any], get, put) -> None:
    """Give each of ``rows`` (new interactions without a key) its ``at:`` key, free in its account."""
    by_account: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        by_account[get(row, "account_id")].append(row)
    for account_id, mine in by_account.items():
        bases = [made_here_key(get(row, "at"), get(row, "channel") or "note") for row in mine]
        taken = _taken(session, account_id, set(bases))
        for row, base in zip(mine, bases, strict=True):
            key = free_key(base, taken)
            put(row, key)
            taken.add(key)


def fill_interaction_keys(session: Any, _context: Any = None, _instances: Any = None) -> None:
    """``before_flush``: give each new interaction made without a key its ``at:`` key (after ``fill_stamps``
    gave it its instant)."""
    new = [obj for obj in session.new if isinstance(obj, Interaction) and not obj.external_id and obj.at is not None]
    if new:
        _fill(session, new, getattr, lambda obj, key: setattr(obj, "external_id", key))


def keyed_rows(session: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for a Core insert into ``interaction``: a row given no key gets its ``at:`` key."""
    if all(row.get("external_id") for row in rows):
        return rows
    rows = [dict(row) for row in rows]
    bare = [row for row in rows if not row.get("external_id")]
    _fill(session, bare, dict.get, lambda row, key: row.__setitem__("external_id", key))
    return rows
