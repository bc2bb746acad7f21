"""Opening the database: pragmas, private files, migrations, backups, errors."""

from __future__ import annotations

import json
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError

from csm_desk.cli import main
from csm_desk.store import engine as engine_mod
from csm_desk.store.engine import StoreError, backup_sqlite, open_store, schema_revision
from csm_desk.store.migrations import HEAD, REVISIONS
from csm_desk.store.tables import Account, Interaction

from .conftest import add_account, two_flag_metrics


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- pragmas and files ------------------------------------------------------------


@pytest.mark.sqlite_only("SQLite pragmas")
def test_session_connections_have_the_pragmas(store):
    with store.read() as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1000
    with store.write() as session:
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_foreign_keys_are_enforced(store):
    with pytest.raises(Exception, match=r"(?i)foreign key"), store.write() as session:
        session.connection().exec_driver_sql("INSERT INTO metric (account_id, date) VALUES (999, '2026-01-01')")


def test_new_file_is_private_in_a_new_private_folder(tmp_path):
    path = tmp_path / "new" / "deeper" / "csm.db"
    store = open_store(path)
    try:
        assert _mode(path) == 0o600
        assert _mode(path.parent) == 0o700
        with store.write() as session:
            add_account(session, "a1")
        wal = path.with_name(path.name + "-wal")
        if wal.exists():  # SQLite gives its side files the database's permissions
            assert _mode(wal) == 0o600
    finally:
        store.dispose()


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


def test_a_sqlite_url_works_and_memory_is_refused(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'u.db'}")
    try:
        assert store.path == tmp_path / "u.db"
        assert schema_revision(store) == HEAD
    finally:
        store.dispose()
    with pytest.raises(StoreError, match="in-memory"):
        open_store("sqlite:///:memory:")


# --- migrations -----------------------------------------------------------------------


def test_migrations_run_on_open(store):
    with store.read() as session:
        assert session.connection().exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD
    assert schema_revision(store) == HEAD


def test_revision_list_matches_the_alembic_scripts():
    from csm_desk.store.migrations.runner import script_revisions

    assert list(REVISIONS) == script_revisions()
    assert REVISIONS[-1] == HEAD


@pytest.mark.slow
def test_opening_an_up_to_date_database_does_not_import_alembic(db_path):
    open_store(db_path).dispose()
    probe = (
        "import json, sys\n"
        "from csm_desk.store.engine import open_store\n"
        f"open_store({str(db_path)!r}).dispose()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    assert json.loads(out.splitlines()[-1]) == []


@pytest.mark.sqlite_only("SQLite file backups")
def test_a_new_database_needs_no_backup(db_path):
    open_store(db_path).dispose()
    assert not (db_path.parent / "backups").exists()


@pytest.mark.sqlite_only("SQLite file backups")
def test_an_older_schema_is_backed_up_before_migrating(db_path, monkeypatch):
    store = open_store(db_path)
    with store.write() as session:
        add_account(session, "keep-me")
    store.dispose()
    # Pretend a newer csm-desk knows a revision after the one this file is at.
    monkeypatch.setattr(engine_mod, "REVISIONS", (*REVISIONS, "9000"))
    monkeypatch.setattr(engine_mod, "HEAD", "9000")
    upgrades = []
    monkeypatch.setattr("csm_desk.store.migrations.runner.upgrade", lambda engine: upgrades.append(engine))
    store = open_store(db_path)
    store.dispose()
    assert len(upgrades) == 1
    [backup] = (db_path.parent / "backups").iterdir()
    assert ".pre-9000." in backup.name
    assert _mode(backup) == 0o600 and _mode(backup.parent) == 0o700
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT external_id FROM account").fetchall() == [("keep-me",)]
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)


@pytest.mark.sqlite_only("SQLite online backup API")
def test_backup_sqlite_makes_a_valid_private_copy(store, db_path, tmp_path):
    with store.write() as session:
        add_account(session, "a1")
    copy = backup_sqlite(db_path, tmp_path / "bk", "manual", store.clock)
    assert copy.parent == tmp_path / "bk" and copy.name.startswith("csm-desk.manual.")
    assert _mode(copy) == 0o600
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM account").fetchone() == (1,)


def test_a_database_from_a_newer_csm_desk_is_refused_untouched(db_path):
    store = open_store(db_path)
    with store.write() as session:
        session.connection().exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    store.dispose()
    with pytest.raises(StoreError, match="newer csm-desk"):
        open_store(db_path)
    raw = open_store(db_path, migrate=False)
    assert schema_revision(raw) == "9999"
    raw.dispose()
    if isinstance(db_path, Path):
        assert not (db_path.parent / "backups").exists()


@pytest.mark.sqlite_only("a SQLite file")
def test_a_sqlite_file_with_other_tables_is_refused(db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE stuff (x)")
    with pytest.raises(StoreError, match="not a csm-desk database"):
        open_store(db_path)


# --- files that are not databases --------------------------------------------------------


@pytest.mark.sqlite_only("a file that is not SQLite")
def test_a_file_that_is_not_a_database(db_path):
    db_path.write_text("external_id,name\nA1,Acme\n")
    with pytest.raises(StoreError, match="not a csm-desk database"):
        open_store(db_path)


@pytest.mark.sqlite_only("a file that is not SQLite")
def test_cli_on_a_file_that_is_not_a_database(db_path, capsys):
    db_path.write_bytes(b"\x00\x01garbage" * 100)
    assert main(["--db", str(db_path), "--today", "2026-11-23", "queue"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(db_path) in err and "not a csm-desk database" in err


# --- another process holding the database ---------------------------------------------------

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


@pytest.fixture
def held(db_path):
    """The database, write-locked by another process until the test ends."""

    def _hold():
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout.readline().strip() == "locked"
        procs.append(proc)
        return proc

    procs: list[subprocess.Popen] = []
    yield _hold
    for proc in procs:
        proc.stdin.close()
        proc.wait(timeout=10)


@pytest.mark.sqlite_only("SQLite's file lock (tests/store/test_concurrency.py covers both)")
def test_a_write_while_another_process_holds_the_database(db_path, held):
    open_store(db_path).dispose()
    held()
    store = open_store(db_path, busy_timeout_ms=200)
    try:
        with pytest.raises(StoreError, match="in use by another process") as info, store.write() as session:
            add_account(session, "a1")
        assert "0.2 s" in str(info.value)
        with store.read() as session:  # readers are not blocked (WAL)
            assert session.connection().exec_driver_sql("SELECT count(*) FROM account").scalar() == 0
    finally:
        store.dispose()


@pytest.mark.sqlite_only("SQLite's file lock (tests/store/test_concurrency.py covers both)")
def test_cli_read_and_write_while_another_process_holds_the_database(db_path, held, tmp_path, capsys, today):
    store = open_store(db_path)
    with store.write() as session:
        add_account(session, "a1", metrics=two_flag_metrics(today))
    store.dispose()
    config = tmp_path / "config.toml"
    config.write_text("[app]\nbusy_timeout_ms = 200\n")
    held()
    common = ["--db", str(db_path), "--config", str(config), "--today", today.isoformat()]
    # The accounts were never evaluated for this day: the queue is still printed, and says it is as last evaluated.
    assert main([*common, "queue"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("csm-desk: note: ") and "in use by another process" in err and err.count("\n") == 1
    # A write cannot do without the lock: one line, exit 2, nothing written.
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("external_id,name\nB-1,Blocked\n")
    assert main([*common, "import", str(accounts)]) == 2
    err = capsys.readouterr().err
    assert "in use by another process" in err and str(db_path) in err
    assert err.count("\n") == 1 and "Traceback" not in err


# --- timestamps ---------------------------------------------------------------------------------


def test_timestamps_round_trip_as_aware_utc(store):
    sao_paulo = timezone(timedelta(hours=-3))
    at = datetime(2026, 11, 20, 21, 30, tzinfo=sao_paulo)
    with store.write() as session:
        aid = add_account(session, "a1", interactions=[Interaction(at=at, channel="call")])
    with store.read() as session:
        got = session.get(Interaction, 1).at
        stored = session.connection().exec_driver_sql("SELECT at FROM interaction").scalar()
        created = session.get(Account, aid).created_at
    assert got == at and got.tzinfo == UTC
    assert got.isoformat() == "2026-11-21T00:30:00+00:00"
    assert str(stored).startswith("2026-11-21 00:30:00")
    assert created.tzinfo == UTC


def test_a_naive_datetime_is_refused(store):
    with pytest.raises((ValueError, StatementError), match="naive datetime"), store.write() as session:
        add_account(session, "a1", interactions=[Interaction(at=datetime(2026, 11, 20, 9, 0))])
    with store.read() as session:  # the whole transaction was rolled back
        assert session.connection().exec_driver_sql("SELECT count(*) FROM account").scalar() == 0


def test_dates_round_trip_as_dates(store):
    with store.write() as session:
        aid = add_account(session, "a1", renewal_date=date(2027, 2, 28))
    with store.read() as session:
        assert session.get(Account, aid).renewal_date == date(2027, 2, 28)


def test_read_sessions_do_not_commit_writes(store):
    with store.read() as session:
        session.connection().execute(text("SELECT 1"))


def test_the_migrations_make_exactly_the_tables_the_models_describe(db_path):
    """A model changed without a migration (or the reverse) is caught here, not on a user's book."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import csm_desk.store.tables  # noqa: F401  # registers every table on the metadata

    store = open_store(db_path)
    try:
        with store.engine.connect() as conn:
            # Types are left out: the models' text columns are VisibleText, stored as the same VARCHAR.
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), SQLModel.metadata)
    finally:
        store.dispose()
    assert diff == []
