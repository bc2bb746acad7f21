"""SQLite backups: a daily rolling copy, a copy on demand, and a checked restore.

Every copy goes through SQLite's online backup API, so it is consistent even while
another process writes; every file is created 0600. PostgreSQL books are backed up
with pg_dump (see the README), not here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
from datetime import date
from functools import lru_cache
from pathlib import Path

from csm_desk.clock import Clock
from csm_desk.files import not_readable
from csm_desk.locations import private_dir
from csm_desk.store.engine import (
    PARTIAL,
    SQLITE_MAGIC,
    StoreError,
    backup_sqlite,
    copy_sqlite,
    sweep_partial_copies,
)
from csm_desk.store.migrations import REVISIONS

DAILY = "daily"
FULL_BELOW = 1 << 20
"""Free bytes under which SQLite's "disk I/O error" on a copy is read as a full disk."""


def _copy_into(source: Path, target: Path) -> None:
    """Online-backup ``source`` into a new private file ``target``, checked before it takes the name."""
    copy_sqlite(source, target)


def daily_backup(db: Path, folder: Path, today: date, keep: int) -> Path | None:
    """The first start of a day copies the book; only the newest ``keep`` daily copies stay."""
    if keep <= 0 or not db.exists() or db.stat().st_size == 0:
        return None
    private_dir(folder)
    sweep_partial_copies(folder)
    sweep_partial_copies(db.parent)  # a restore killed half-way
    prefix = f"{db.stem}.{DAILY}."
    made = None
    target = folder / f"{prefix}{today.isoformat()}.db"
    if not target.exists():
        try:
            _copy_into(db, target)
        except FileExistsError:  # another process made today's copy a moment ago
            pass
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{target}: cannot write the daily backup ({why_not_written(exc, folder)})") from None
        else:
            made = target
    # ISO dates in the names sort by age.
    dailies = sorted(p for p in folder.glob(f"{prefix}*.db") if len(p.name) == len(target.name))
    for old in dailies[:-keep]:
        old.unlink(missing_ok=True)
    return made


def backup_to(db: Path, out: Path | None, folder: Path, clock: Clock, label: str = "manual") -> Path:
    """A copy of the book now: at ``out``, or a file stamped by ``clock`` in the backups folder, named with
    ``label`` (``manual``, ``before-import``)."""
    if out is None:
        try:
            return backup_sqlite(db, folder, label, clock)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{folder}: cannot write the backup ({why_not_written(exc, folder)})") from None
    if os.path.lexists(out):  # a file, a folder, a device or a symlink (even a dangling one): never touched
        raise StoreError(f"{out}: already exists; choose a new file name")
    if not out.parent.is_dir():
        raise StoreError(f"{out.parent}: no such folder")
    sweep_partial_copies(out.parent, out.name)  # an earlier backup to this name that was killed
    try:
        _copy_into(db, out)  # links a checked copy into place as its last step: on failure there is no ``out``
    except FileExistsError:
        raise StoreError(f"{out}: already exists; choose a new file name") from None
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"{out}: cannot write the backup ({why_not_written(exc, out.parent)})") from None
    return out


def why_not_written(exc: OSError | sqlite3.Error, folder: Path) -> str:
    """The reason a copy failed, in words: SQLite says "disk I/O error" for a full disk, so a folder
    with no room left is named as such."""
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "disk is full" in str(exc):
        return "the disk is full; nothing was written"
    if isinstance(exc, sqlite3.Error) and "disk I/O error" in str(exc):
        with contextlib.suppress(OSError):
            if shutil.disk_usage(folder).free < FULL_BELOW:
                return "the disk is full; nothing was written"
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def check_backup(path: Path) -> str:
    """The schema revision of a csm-desk database file; StoreError saying why it is not one."""
    refused = not_readable(path)
    if refused:
        raise StoreError(f"{path}: {refused}")
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the file ({exc.strerror})") from None
    if head != SQLITE_MAGIC:
        raise StoreError(f"{path}: not a csm-desk database (the file is not SQLite)")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if con.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise StoreError(f"{path}: the database is damaged (integrity check failed); nothing was restored")
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables or "account" not in tables:
                raise StoreError(f"{path}: not a csm-desk database (no csm-desk schema)")
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: not a csm-desk database ({exc})") from None
    if revision is None or revision[0] not in REVISIONS:
        found = revision[0] if revision else "none"
        raise StoreError(f"{path}: schema {found} is not one this csm-desk knows; nothing was restored")
    return revision[0]


Schema = tuple[frozenset, frozenset]


def schema_of(con: sqlite3.Connection) -> Schema:
    """What a SQLite file's schema is made of: (table, column, type, not null, default, key) per column,
    and (table, index, unique, columns) per named index; SQLite's own tables left out."""
    tables = [
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    columns, indexes = set(), set()
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        for _cid, name, type_, notnull, default, pk in con.execute(f"PRAGMA table_info({quoted})"):
            columns.add((table, name, type_.upper(), bool(notnull), default, pk))
        for _seq, name, unique, _origin, _partial in con.execute(f"PRAGMA index_list({quoted})"):
            if not name.startswith("sqlite_autoindex"):
                cols = tuple(r[2] for r in con.execute(f'PRAGMA index_info("{name}")'))
                indexes.add((table, name, bool(unique), cols))
    return frozenset(columns), frozenset(indexes)


@lru_cache(maxsize=4)
def expected_schema(revision: str) -> Schema:
    """The schema csm-desk's own migrations make at ``revision`` (built once, in a scratch file)."""
    import tempfile

    from sqlalchemy import create_engine

    from csm_desk.store.migrations.runner import upgrade

    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'scratch.db'}")
        try:
            upgrade(engine, revision)
        finally:
            engine.dispose()
        con = sqlite3.connect(Path(folder) / "scratch.db")
        try:
            return schema_of(con)
        finally:
            con.close()


def check_schema(path: Path, revision: str) -> None:
    """StoreError unless the file's schema is exactly what the migrations make at ``revision``: no table,
    column or index missing or added, and no trigger or view (csm-desk makes none; one could rewrite data)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        extra = [
            f"{kind} {name}"
            for kind, name in con.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY type, name"
            )
        ]
        if extra:
            raise StoreError(f"{path}: has a {extra[0]} that csm-desk did not create; nothing was restored")
        found = schema_of(con)
    finally:
        con.close()
    columns, indexes = expected_schema(revision)
    for kind, have, want in (("column", found[0], columns), ("index", found[1], indexes)):
        if have != want:
            odd = sorted(have ^ want, key=repr)[0]
            where = "missing" if odd in want else "not made by csm-desk"
            raise StoreError(
                f"{path}: not a csm-desk schema {revision} ({kind} {odd[0]}.{odd[1]} is {where}); nothing was restored"
            )


def restore(db: Path, source: Path, folder: Path, clock: Clock) -> Path | None:
    """Replace the book with ``source`` after checking it; the replaced book is kept in ``folder``."""
    check_schema(source, check_backup(source))
    if source.resolve() == db.resolve():
        raise StoreError(f"{source}: is the database itself; nothing to restore")
    _ensure_unused(db)
    kept = None
    if db.exists() and db.stat().st_size > 0:
        kept = backup_sqlite(db, folder, "replaced", clock)
    if not db.parent.exists():  # a folder csm-desk did not create keeps its own permissions
        private_dir(db.parent)
    staged = db.with_name(f".{db.name}.restoring.{os.getpid()}{PARTIAL}")  # swept if this process is killed
    try:
        _copy_into(source, staged)
        # A restored book is a new file: stale WAL or shared-memory files must not be applied to it.
        for side in ("-wal", "-shm"):
            Path(f"{db}{side}").unlink(missing_ok=True)
        os.replace(staged, db)
    except (OSError, sqlite3.Error) as exc:
        staged.unlink(missing_ok=True)
        raise StoreError(f"{db}: cannot restore ({exc}); the database was not changed") from None
    return kept


def _ensure_unused(db: Path) -> None:
    """Refuse to swap the file under another process: an exclusive lock fails while anyone has it open."""
    if not db.exists():
        return
    con = sqlite3.connect(db, timeout=1, isolation_level=None)
    try:
        con.execute("PRAGMA locking_mode = EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("ROLLBACK")
    except sqlite3.Error as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreError(
                f"{db}: the database is in use by another process; close csm-desk there and try again"
            ) from None
        raise StoreError(f"{db}: cannot read the database ({exc}); nothing was restored") from None
    finally:
        con.close()
