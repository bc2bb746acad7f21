"""Column types: timestamps are stored in UTC and always come back timezone-aware."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator
from sqlmodel.sql.sqltypes import AutoString

from csm_desk.domain.text import visible


class UTCDateTime(TypeDecorator):
    """A datetime stored as UTC; naive values are refused rather than guessed."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: csm-desk stores timezone-aware times only")
        value = value.astimezone(UTC)
        # SQLite has no timezone type: keep the UTC wall time.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class VisibleText(TypeDecorator):
    """Free text (a name, a title, a note) that can never carry a terminal control sequence: written and
    read through ``domain.text.visible``, so an escape from an import, a paste or an old row is shown, not
    obeyed, on every screen and in every output. ``multiline`` keeps newlines and tabs (notes, quotes)."""

    impl = AutoString
    cache_ok = True

    def __init__(self, multiline: bool = False) -> None:
        super().__init__()
        self.multiline = multiline

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return value if value is None or value.isprintable() else visible(value, multiline=self.multiline)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return value if value is None or value.isprintable() else visible(value, multiline=self.multiline)


STAMPS = ("created_at", "updated_at", "started_at", "at")
"""Timestamp attributes that default to the transaction's instant when a new row leaves them unset."""

TOUCHED = ("updated_at",)
"""Timestamp attributes moved to the transaction's instant whenever a row changes."""


def stamp(session: Any) -> datetime:
    """The instant of this session's transaction, from the store's clock (``Store.read``/``write``)."""
    try:
        return session.info["now"]
    except KeyError:
        raise RuntimeError("this session was not opened by Store.read() or Store.write(): it has no clock") from None


def stamp_rows(session: Any, table: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for a Core insert into ``table``, with ``created_at``/``updated_at`` set to the
    transaction's instant where a row leaves them out."""
    names = [n for n in ("created_at", "updated_at") if n in table.c]
    if not names or not rows:
        return rows
    now = stamp(session)
    return [{**dict.fromkeys(names, now), **row} for row in rows]


def fill_stamps(session: Any, _context: Any = None, _instances: Any = None) -> None:
    """``before_flush``: stamp new and changed rows with the transaction's instant.

    A session without a clock leaves them unset, so the NOT NULL columns refuse the row
    rather than take a time from nowhere."""
    now = session.info.get("now")
    if now is None:
        return
    for obj in session.new:
        for name in STAMPS:
            if name in type(obj).model_fields and getattr(obj, name) is None:
                setattr(obj, name, now)
    for obj in session.dirty:
        for name in TOUCHED:
            if name in type(obj).model_fields and session.is_modified(obj):
                setattr(obj, name, now)
