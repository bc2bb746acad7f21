"""The quick note being typed, kept as it is typed (one per account): the ``n`` form writes it a
moment after each pause and reads it back when it opens again after a crash or a closed terminal.

Not undo steps: saving the note (which removes its draft in the same transaction) or discarding it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlmodel import Session

from csm_desk.store.engine import Store
from csm_desk.store.tables import NoteDraft
from csm_desk.store.types import stamp


@dataclass(frozen=True)
class NoteDraftView:
    account_id: int
    channel: str
    summary: str
    quotes: str
    updated_at: datetime


def load(store: Store, account_id: int) -> NoteDraftView | None:
    with store.read() as session:
        row = session.scalars(select(NoteDraft).where(NoteDraft.account_id == account_id)).first()
        if row is None:
            return None
        return NoteDraftView(row.account_id, row.channel, row.summary, row.quotes, row.updated_at)


def save(store: Store, account_id: int, channel: str, summary: str, quotes: str) -> None:
    """Write what the form holds now (an empty form removes the draft)."""
    with store.write() as session:
        row = session.scalars(select(NoteDraft).where(NoteDraft.account_id == account_id)).first()
        if not summary.strip() and not quotes.strip():
            if row is not None:
                session.delete(row)
            return
        if row is None:
            row = NoteDraft(account_id=account_id)
            session.add(row)
        row.channel, row.summary, row.quotes = channel, summary, quotes
        row.updated_at = stamp(session)


def remove(session: Session, account_id: int) -> None:
    """Inside a write: the note was saved or thrown away."""
    session.execute(delete(NoteDraft).where(NoteDraft.account_id == account_id))


def discard(store: Store, account_id: int) -> None:
    with store.write() as session:
        remove(session, account_id)
