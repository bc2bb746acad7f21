"""Run the migrations with alembic, on an engine csm-desk already opened."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

HERE = Path(__file__).parent


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` in one transaction.

    SQLite changes a table by copying it into a new one and dropping the old: with foreign keys on,
    that drop would delete every row pointing at the table (``ON DELETE CASCADE``: an interaction's
    quotes). So they are off while the migrations run (SQLite only switches them outside a
    transaction) and every reference is checked before the transaction commits."""
    cfg = alembic_config()
    with engine.connect() as conn:
        raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                if raw is not None:
                    _check_references(conn)
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")


def _check_references(conn) -> None:
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        from csm_desk.store.engine import StoreError

        table, _rowid, parent, _fk = broken[0]
        raise StoreError(
            f"the schema update left {len(broken)} rows of {table} pointing at no {parent} row; nothing was changed"
        )


def script_revisions() -> list[str]:
    """Revisions from base to head, as the scripts define them."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]
