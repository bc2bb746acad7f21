"""Undo: before-images of every row an action can touch, taken in the action's own
transaction, and restored exactly (ids included) when the user presses ``u``.

An action only ever changes rows of the accounts it names, so the image is "every
row of those accounts" across the tables below. Undo refuses when the rows have
changed since (another action or another process), rather than lose that change.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, and_, delete, func, select, update
from sqlmodel import Session

from csm_desk.store.tables import (
    Account,
    Contact,
    Draft,
    FollowUp,
    Interaction,
    Metric,
    NoteDraft,
    Quote,
    RiskCase,
    SaveAction,
    SavePlan,
    Signal,
    StageChange,
)

# Parents before children: inserts run in this order, deletes in reverse.
TABLES: tuple[Table, ...] = tuple(
    t.__table__
    for t in (
        Account,
        Contact,
        Interaction,
        Quote,
        Signal,
        Metric,
        FollowUp,
        StageChange,
        SavePlan,
        SaveAction,
        RiskCase,
        Draft,
    )
)

Image = dict[str, dict[int, dict[str, Any]]]


class UndoError(Exception):
    """Nothing to undo, or the change can no longer be undone; the message says which."""


def _rows_of(table: Table, ids: Sequence[int]):
    c = table.c
    if table.name == "account":
        return select(table).where(c.id.in_(ids))
    if table.name == "save_action":
        plans = select(SavePlan.__table__.c.id).where(SavePlan.__table__.c.account_id.in_(ids))
        return select(table).where(c.plan_id.in_(plans))
    return select(table).where(c.account_id.in_(ids))


def empty_image() -> Image:
    """The image of an account that did not exist yet (undoing its creation removes it all)."""
    return {t.name: {} for t in TABLES}


def snapshot(session: Session, account_ids: Sequence[int]) -> Image:
    """Every row of these accounts, by table and primary key."""
    session.flush()
    conn = session.connection()
    return {
        t.name: {row["id"]: dict(row) for row in conn.execute(_rows_of(t, list(account_ids))).mappings()}
        for t in TABLES
    }


def image_rows(session: Session, account_ids: Sequence[int], limit: int) -> int:
    """How many rows an image of these accounts holds, counted without loading them; counting stops once
    past ``limit`` (the caller only needs to know the image is too big to keep)."""
    ids = list(account_ids)
    if len(ids) > limit:
        return len(ids)
    conn = session.connection()
    total = 0
    for table in TABLES:
        query = select(func.count()).select_from(_rows_of(table, ids).subquery())
        total += conn.execute(query).scalar_one()
        if total > limit:
            break
    return total


def restore(session: Session, image: Image, account_ids: Sequence[int]) -> None:
    """Make the rows of these accounts exactly what ``image`` holds."""
    conn = session.connection()
    ids = list(account_ids)
    unborn = [i for i in ids if i not in image["account"]]
    if unborn:  # the account goes: so does a quick note left typed on it (not part of any undo step)
        conn.execute(delete(NoteDraft.__table__).where(NoteDraft.__table__.c.account_id.in_(unborn)))
    for table in reversed(TABLES):
        now = {row.id for row in conn.execute(_rows_of(table, ids))}
        gone = sorted(now - set(image[table.name]))
        if gone:
            conn.execute(delete(table).where(table.c.id.in_(gone)))
    for table in TABLES:
        before = image[table.name]
        current = {row["id"]: dict(row) for row in conn.execute(_rows_of(table, ids)).mappings()}
        missing = [row for pk, row in sorted(before.items()) if pk not in current]
        if missing:
            conn.execute(table.insert(), missing)
        for pk, row in before.items():
            if pk in current and current[pk] != row:
                conn.execute(update(table).where(and_(table.c.id == pk)).values(row))


@dataclass(frozen=True)
class UndoStep:
    """One user action: what it was, whose rows, and their images before and after."""

    label: str
    account_ids: tuple[int, ...]
    before: Image
    after: Image

    @property
    def rows(self) -> int:
        """How many rows its two images hold (what it costs to keep)."""
        return sum(len(rows) for rows in self.before.values()) + sum(len(rows) for rows in self.after.values())


class UndoStack:
    """The app's undo history, newest last; safe to push from worker threads."""

    def __init__(self, depth: int = 50, max_rows: int = 100_000) -> None:
        self.depth = depth
        self.max_rows = max_rows
        """The most rows the kept images may hold together: older steps are let go first (the newest stays)."""
        self._steps: list[UndoStep] = []
        self._lock = threading.Lock()
        self.last_undone: UndoStep | None = None
        """The step the newest successful undo took back."""

    def __len__(self) -> int:
        return len(self._steps)

    def peek(self) -> UndoStep | None:
        with self._lock:
            return self._steps[-1] if self._steps else None

    def push(self, step: UndoStep) -> None:
        """Remember a change (``Desk.write`` takes the images in the change's own transaction)."""
        with self._lock:
            self._steps.append(step)
            del self._steps[: -self.depth]
            held = sum(s.rows for s in self._steps)
            while len(self._steps) > 1 and held > self.max_rows:
                held -= self._steps.pop(0).rows

    def undo(self, store) -> UndoStep:
        """Take back the newest action, exactly; raise UndoError when it cannot be done."""
        with self._lock:
            if not self._steps:
                raise UndoError("Nothing to undo.")
            step = self._steps[-1]
        with store.write() as session:
            if snapshot(session, step.account_ids) != step.after:
                with self._lock:
                    self._steps.clear()  # older steps sit under the unknown change too
                raise UndoError(f"Cannot undo {step.label}: the account changed since.")
            restore(session, step.before, step.account_ids)
        with self._lock:
            if self._steps and self._steps[-1] is step:
                self._steps.pop()
            self.last_undone = step
        return step
