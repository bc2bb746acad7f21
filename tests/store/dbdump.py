"""Every row of every table of a csm-desk database, on either backend: equal dumps mean nothing was written."""

from __future__ import annotations

from sqlalchemy import inspect, text

from csm_desk.store.engine import open_store


def dump(target) -> dict[str, list[tuple]]:
    """All rows, ordered, of a database given as a path or URL (never migrated by looking)."""
    store = open_store(target, migrate=False)
    try:
        with store.engine.connect() as conn:
            names = sorted(inspect(conn).get_table_names())
            return {
                name: [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{name}" ORDER BY 1'))] for name in names
            }
    finally:
        store.dispose()
