"""Opening the database: URL resolution, SQLite pragmas, private files, migrations.

Nothing here runs at import time; ``open_store`` is the only way in.
"""

from __future__ import annotations

import glob
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError
from sqlmodel import Session

from csm_desk.clock import Clock
from csm_desk.errors import CsmDeskError
from csm_desk.files import not_readable
from csm_desk.locations import private_dir
from csm_desk.store.identity import fill_interaction_keys
from csm_desk.store.migrations import HEAD, REVISIONS
from csm_desk.store.types import fill_stamps

# Every row written through a Store's session is stamped from the store's clock; an interaction made
# in the app then gets its key from its instant (in this order: listeners run as registered).
event.listen(Session, "before_flush", fill_stamps)
event.listen(Session, "before_flush", fill_interaction_keys)

SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(CsmDeskError):
    """The database cannot be used; the message is one line for the person at the keyboard."""

    exit_code = 2


class NotWritable(StoreError):
    """A write that cannot happen now (another process holds the lock, the file is read-only, the disk is
    full); nothing was written, and a read can go on without it."""


@dataclass
class Store:
    """An open database: the engine, and sessions that read or write."""

    engine: Engine
    url: str
    path: Path | None
    busy_timeout_ms: int
    clock: Clock = field(default_factory=Clock)
    """Stamps every row written through this store (``created_at``, stage changes, drafts)."""

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    @property
    def where(self) -> str:
        """The database as a message names it: the file, or the URL without its password."""
        return str(self.path) if self.path is not None else _safe_url(self.url)

    def now(self):
        return self.clock.now()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, _translate_errors(self):
            session.info["now"] = self.clock.now()
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error.

        On SQLite it takes the write lock first (BEGIN IMMEDIATE), so a second writer
        waits for the busy timeout instead of failing half-way.
        """
        bind = self.engine.execution_options(csm_immediate=True) if self.is_sqlite else self.engine
        with Session(bind, expire_on_commit=False) as session:
            session.info["now"] = self.clock.now()
            try:
                with _translate_errors(self):
                    if not self.is_sqlite:
                        _take_write_lock(session, self.busy_timeout_ms)
                    yield session
                    session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()


def _take_write_lock(session: Session, timeout_ms: int) -> None:
    """PostgreSQL's BEGIN IMMEDIATE: one csm-desk writer per schema at a time, the others wait.

    Writers read then write (an import looks accounts up before inserting them); taking
    turns keeps two imports of the same file from racing into a duplicate-key failure."""
    conn = session.connection()
    conn.execute(text(f"SET LOCAL lock_timeout = {int(timeout_ms)}"))
    conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('csm-desk:' || current_schema()))"))


@contextmanager
def _translate_errors(store: Store) -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        raise _error(store, exc) from exc
    except DBAPIError as exc:
        # PostgreSQL reports a read-only database as an internal error, not an operational one;
        # SQLite a damaged file as a DatabaseError.
        if any(word in str(exc.orig) for word in ("read-only", "malformed", "not a database")):
            raise _error(store, exc) from exc
        raise


def _error(store: Store, exc: Exception) -> StoreError:
    message = _explain(store, exc)
    writable = not any(word in message for word in ("in use by another", "read-only", "disk is full"))
    return StoreError(message) if writable else NotWritable(message)


def _explain(store: Store, exc: Exception) -> str:
    where = store.path or _safe_url(store.url)
    raw = str(getattr(exc, "orig", exc)).strip()
    message = raw.splitlines()[0] if raw else ""  # server messages run on with DETAIL/HINT lines
    if "connection" in message and ("refused" in message or "failed" in message or "timeout" in message):
        return f"{where}: cannot connect to the database server ({message})"
    if "locked" in message or "busy" in message or "lock timeout" in message:
        seconds = store.busy_timeout_ms / 1000
        return f"{where}: the database is in use by another process (waited {seconds:g} s); try again when it is done"
    if "readonly" in message or "read-only" in message:
        return f"{where}: the database is read-only; nothing was written"
    if "disk is full" in message or "No space left" in message:
        return f"{where}: the disk is full; nothing was written"
    if "malformed" in message:
        return f"{where}: the database file is damaged ({message}); restore a backup with csm-desk restore FILE"
    if "not a database" in message:
        return f"{where}: not a csm-desk database (the file is not SQLite or is damaged)"
    return f"{where}: database error: {message}"


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def resolve_url(target: str | os.PathLike[str]) -> tuple[str, Path | None]:
    """A SQLAlchemy URL and, for SQLite files, the path, from a path or a URL."""
    value = os.fspath(target)
    if "://" in value:
        url = make_url(value)
        if url.get_backend_name() == "sqlite":
            db = url.database
            if not db or db == ":memory:":
                raise StoreError(f"{value}: an in-memory database would lose everything; give a file path")
            return value, Path(db).expanduser()
        return value, None
    path = Path(value).expanduser()
    return f"sqlite:///{path}", path


def _prepare_sqlite_file(path: Path) -> bool:
    """Create the file 0600 in a 0700 folder if missing; check it is SQLite. True if new."""
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    if not path.parent.exists():
        private_dir(path.parent)
    if not path.exists():
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return False
        except OSError as exc:
            raise StoreError(f"{path}: cannot create the database ({exc.strerror})") from None
        os.close(fd)
        return True
    refused = not_readable(path)
    if refused:
        raise StoreError(f"{path}: {refused}")
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the database ({exc.strerror})") from None
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"{path}: not a csm-desk database (the file is not SQLite)")
    return not head


def _sqlite_engine(url: str, busy_timeout_ms: int) -> Engine:
    engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy issue BEGIN itself (pysqlite's implicit BEGIN is unreliable).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # 32 MB of page cache (default 2 MB): the agenda's index scan over 50k follow-ups stays in memory.
        cursor.execute("PRAGMA cache_size = -32000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("csm_immediate") else "BEGIN")

    return engine


def open_store(
    target: str | os.PathLike[str], *, busy_timeout_ms: int = 5000, migrate: bool = True, clock: Clock | None = None
) -> Store:
    """Open (creating if needed) the database at ``target`` and bring its schema to HEAD.

    ``clock`` stamps what is written through the store (default: the wall clock)."""
    clock = clock or Clock()
    url, path = resolve_url(target)
    if path is not None:
        _prepare_sqlite_file(path)
        engine = _sqlite_engine(url, busy_timeout_ms)
    else:
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except Exception as exc:  # a missing driver, a malformed URL
            raise StoreError(f"{_safe_url(url)}: cannot use this database URL ({exc})") from None
    store = Store(engine, url, path, busy_timeout_ms, clock)
    try:
        if migrate:
            _bring_to_head(store)
    except StoreError:
        store.dispose()
        raise
    except (OperationalError, DatabaseError) as exc:
        store.dispose()
        raise StoreError(_explain(store, exc)) from None
    return store


def schema_revision(store: Store) -> str | None:
    """The schema revision the database is at; None for an empty database."""
    with store.engine.connect() as conn:
        tables = set(store.engine.dialect.get_table_names(conn))
        if "alembic_version" not in tables:
            if tables - {"sqlite_sequence"}:
                where = store.path or _safe_url(store.url)
                raise StoreError(f"{where}: not a csm-desk database (it has other tables and no csm-desk schema)")
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _bring_to_head(store: Store) -> None:
    if schema_revision(store) == HEAD:
        return
    # Several processes opening a new (or old) book at once take turns: the first migrates,
    # the others wait for it and then find the schema at HEAD.
    with _migration_lock(store):
        _migrate(store)


MIGRATION_WAIT_S = 120  # a migration of a big book copies it first; give it time before giving up


@contextmanager
def _migration_lock(store: Store) -> Iterator[None]:
    """One migrating process per book: a lock file beside a SQLite book, an advisory lock on PostgreSQL."""
    if store.path is None:
        with store.engine.connect() as conn:
            conn.execute(text(f"SET lock_timeout = {MIGRATION_WAIT_S * 1000}"))
            conn.execute(text("SELECT pg_advisory_lock(hashtext('csm-desk:migrate:' || current_schema()))"))
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(hashtext('csm-desk:migrate:' || current_schema()))"))
                conn.execute(text("RESET lock_timeout"))
                conn.commit()
        return
    import fcntl
    import time

    lock_path = store.path.with_name(f".{store.path.name}.migrate.lock")
    try:
        fd = os.open(lock_path, os.O_CREAT | os.O_RDWR | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise StoreError(f"{lock_path}: cannot take the migration lock ({exc.strerror})") from None
    try:
        deadline = time.monotonic() + MIGRATION_WAIT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"{store.path}: another csm-desk has been updating the database for "
                        f"{MIGRATION_WAIT_S} s; try again when it is done"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _migrate(store: Store) -> None:
    current = schema_revision(store)
    if current == HEAD:
        return  # another process migrated while this one waited
    if current is not None and current not in REVISIONS:
        where = store.path or _safe_url(store.url)
        raise StoreError(
            f"{where}: written by a newer csm-desk (schema {current}); upgrade csm-desk to open it, nothing was changed"
        )
    if current is not None and store.path is not None:
        backup_sqlite(store.path, store.path.parent / "backups", f"pre-{HEAD}", store.clock)
    # Alembic costs ~100 ms to import: only pay it when there is a migration to run.
    from csm_desk.store.migrations.runner import upgrade

    upgrade(store.engine)


def backup_sqlite(source: Path, folder: Path, label: str, clock: Clock) -> Path:
    """A consistent, checked copy of a live SQLite file (online backup API), created 0600."""
    private_dir(folder)
    stamp = clock.now().strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{source.stem}.{label}.{stamp}.db"
    copy_sqlite(source, target)
    return target


PARTIAL = ".partial"
"""Suffix of a copy still being written: ``.<target name>.<pid>.partial`` beside the target."""

COPY_PAGES = 1024  # pages per step of the online backup: other connections get turns on a big book


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy a live SQLite book to the new file ``target`` (0600) so that ``target`` is always a good copy:
    the pages go to a temporary file, which is checked (integrity, a csm-desk schema) and only then
    linked into place. A copy that is killed or fails leaves no ``target``; FileExistsError if one exists."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}{PARTIAL}")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
    os.close(fd)
    try:
        src = sqlite3.connect(source)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst, pages=COPY_PAGES)
            if dst.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise StoreError(f"{target}: the copy failed its integrity check; no backup was written")
            tables = {r[0] for r in dst.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"alembic_version", "account"} <= tables:
                raise StoreError(f"{source}: not a csm-desk database; no backup was written")
        finally:
            dst.close()
            src.close()
        os.link(tmp, target)  # unlike a rename, never replaces a copy another process just made
    finally:
        tmp.unlink(missing_ok=True)


def sweep_partial_copies(folder: Path, name: str = "") -> list[Path]:
    """Remove copies (of ``name``, default any) left half-written by a process that is gone: killed
    during a backup or a restore."""
    removed = []
    for path in folder.glob(f".{glob.escape(name)}*{PARTIAL}") if folder.is_dir() else ():
        pid = path.name.removesuffix(PARTIAL).rsplit(".", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True
