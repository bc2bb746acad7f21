"""Several processes on one database, for real: imports, the agenda, the queue and an in-process
writer at the same time never crash with "database is locked" and never lose a write."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from csm_desk.store.engine import open_store
from csm_desk.store.tables import Account, Interaction

from .conftest import add_account

pytestmark = pytest.mark.slow  # every test here takes over a second: `pytest -m "not slow"` leaves them out

TODAY = "2026-11-23"
WRITERS = 3
ACCOUNTS_EACH = 60
NOTES_EACH = 600


def _files(folder: Path, tag: str) -> list[str]:
    accounts = folder / f"{tag}-accounts.csv"
    accounts.write_text(
        "external_id,name,arr,owner\n"
        + "".join(f"{tag}-{i},{tag} account {i},{1000 + i},{tag}\n" for i in range(ACCOUNTS_EACH))
    )
    notes = folder / f"{tag}-interactions.csv"
    notes.write_text(
        "account,when,channel,summary\n"
        + "".join(
            f"{tag}-{i % ACCOUNTS_EACH},2026-11-{1 + i // ACCOUNTS_EACH:02d}T10:00Z,call,note {i}\n"
            for i in range(NOTES_EACH)
        )
    )
    return [str(accounts), str(notes)]


def _csm(db, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "csm_desk", "--db", str(db), "--today", TODAY, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_parallel_imports_readers_and_a_writer_lose_nothing(db_path, tmp_path):
    open_store(db_path).dispose()
    procs = [_csm(db_path, "import", *_files(tmp_path, f"w{n}")) for n in range(WRITERS)]
    procs += [_csm(db_path, "agenda"), _csm(db_path, "queue", "--all"), _csm(db_path, "agenda", "--json")]
    store = open_store(db_path, busy_timeout_ms=5000)
    mine: list[int] = []

    def tui_like_writes() -> None:
        # What an open TUI does while the others run: short write transactions, one after another.
        for i in range(20):
            with store.write() as session:
                mine.append(add_account(session, f"tui-{i}", owner="me"))

    writer = threading.Thread(target=tui_like_writes)
    writer.start()
    results = [(p.args, *p.communicate(timeout=120), p.returncode) for p in procs]
    writer.join(timeout=120)
    for args, _out, err, code in results:
        assert code == 0, (args, err)
        assert "locked" not in err and "Traceback" not in err
    assert len(mine) == 20
    with store.read() as session:
        per_owner = dict(session.execute(select(Account.owner, func.count()).group_by(Account.owner)).all())
        notes = session.execute(select(func.count()).select_from(Interaction)).scalar()
    store.dispose()
    assert per_owner == {**{f"w{n}": ACCOUNTS_EACH for n in range(WRITERS)}, "me": 20}
    assert notes == WRITERS * NOTES_EACH


def test_the_same_import_twice_at_once_writes_it_once(db_path, tmp_path):
    open_store(db_path).dispose()
    files = _files(tmp_path, "same")
    procs = [_csm(db_path, "import", *files) for _ in range(2)]
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    store = open_store(db_path)
    with store.read() as session:
        accounts = session.execute(select(func.count()).select_from(Account)).scalar()
        notes = session.execute(select(func.count()).select_from(Interaction)).scalar()
    store.dispose()
    assert (accounts, notes) == (ACCOUNTS_EACH, NOTES_EACH)


def test_a_writer_that_waits_too_long_says_so_and_writes_nothing(db_path, tmp_path):
    store = open_store(db_path)
    config = tmp_path / "config.toml"
    config.write_text("[app]\nbusy_timeout_ms = 300\n")
    files = _files(tmp_path, "late")
    with store.write() as session:  # another csm-desk in the middle of a long write
        add_account(session, "holder")
        session.flush()
        late = _csm(db_path, "--config", str(config), "import", *files)
        _out, err = late.communicate(timeout=60)
    assert late.returncode == 2, err
    assert "in use by another process" in err and err.count("\n") == 1
    with store.read() as session:
        assert session.execute(select(Account.external_id)).scalars().all() == ["holder"]
    store.dispose()


def test_first_use_by_several_processes_at_once_migrates_once(db_path):
    """Three commands on a book nobody has opened yet: one migrates, the others wait for it."""
    procs = [_csm(db_path, *args) for args in (("queue", "--json"), ("agenda", "--json"), ("queue", "--all"))]
    results = [(p.args, *p.communicate(timeout=120), p.returncode) for p in procs]
    for args, _out, err, code in results:
        assert code == 0, (args, err)
    store = open_store(db_path)
    try:
        from csm_desk.store.engine import schema_revision
        from csm_desk.store.migrations import HEAD

        assert schema_revision(store) == HEAD
    finally:
        store.dispose()


@pytest.mark.sqlite_only("holds SQLite's write lock from a second connection")
def test_a_read_on_a_new_day_does_not_wait_on_the_write_lock(db_path, tmp_path):
    """Another process is writing (an import) when the first queue of a new day runs: the queue still
    prints, from the last evaluation, and says the re-evaluation was skipped."""
    import sqlite3

    store = open_store(db_path)
    with store.write() as session:
        add_account(session, "A-1", owner="me")
    store.dispose()
    config = tmp_path / "config.toml"
    config.write_text("[app]\nbusy_timeout_ms = 200\n")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        for args in (("queue", "--all", "--json"), ("agenda", "--json")):
            proc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "csm_desk",
                    "--db",
                    str(db_path),
                    "--config",
                    str(config),
                    "--today",
                    "2026-12-24",
                    *args,
                ],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert proc.returncode == 0, proc.stderr
            lines = proc.stderr.splitlines()
            assert lines and all(line.startswith("csm-desk: note: ") for line in lines), proc.stderr
            assert json.loads(proc.stdout) is not None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
