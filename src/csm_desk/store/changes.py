"""Has anyone changed the database since we last looked? A probe cheap enough to run every few seconds.

SQLite: ``PRAGMA data_version`` on a connection of its own moves whenever any other
connection (another process, or this app's own sessions) commits. PostgreSQL: the
next transaction id, which moves whenever any transaction writes (on a shared server,
another database's writes cause a harmless extra reload).
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import text

from csm_desk.store.engine import Store

PG_CHANGES = text("SELECT pg_snapshot_xmax(pg_current_snapshot())::text")


class ChangeProbe:
    """``stamp()`` returns a value that differs after any committed write."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def stamp(self) -> int:
        """The current change stamp; call it from a worker thread, never the UI thread."""
        if self.store.path is None:
            with self.store.engine.connect() as conn:
                return int(conn.execute(PG_CHANGES).scalar() or 0)
        with self._lock:
            if self._conn is None:
                self._conn = sqlite3.connect(
                    self.store.path, timeout=self.store.busy_timeout_ms / 1000, check_same_thread=False
                )
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
