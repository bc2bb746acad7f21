"""Writes that cannot half-happen: kill -9 mid-import, a read-only database, a full disk, a newer
schema; and private files, and no network connection but the configured database server."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import event, text

from csm_desk.cli import main
from csm_desk.store import engine as engine_module
from csm_desk.store.engine import open_store

from .conftest import add_account
from .dbdump import dump

TODAY = "2026-11-23"
BIG = 120_000


def _big_import(folder: Path) -> list[str]:
    accounts = folder / "accounts.csv"
    accounts.write_text("external_id,name,arr,owner\n" + "".join(f"K-{i},Kay {i},{5000 + i},ana\n" for i in range(400)))
    notes = folder / "interactions.csv"
    with notes.open("w") as fh:
        fh.write("account,when,channel,summary,duration_min\n")
        for i in range(BIG):
            day, minute = divmod(i // 400, 1440)
            fh.write(
                f"K-{i % 400},2026-{1 + day % 11:02d}-{1 + day // 11:02d}T{minute // 60:02d}:{minute % 60:02d}Z,"
                f"call,Call {i} about the renewal,30\n"
            )
    return [str(accounts), str(notes)]


def _seed(db) -> None:
    store = open_store(db)
    with store.write() as session:
        add_account(session, "before-1", owner="ana")
        add_account(session, "before-2", owner="ben")
    store.dispose()


def _writing(db, proc: subprocess.Popen) -> bool:
    """True once the import's transaction has started writing rows."""
    if isinstance(db, Path):
        wal = Path(f"{db}-wal")
        return wal.exists() and wal.stat().st_size > 2_000_000
    store = open_store(db, migrate=False)
    try:
        with store.engine.connect() as conn:
            return bool(
                conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
                    )
                ).scalar()
            )
    finally:
        store.dispose()


@pytest.mark.slow
def test_kill_9_during_an_import_leaves_the_book_as_it_was_and_it_can_be_rerun(db_path, tmp_path):
    _seed(db_path)
    before = dump(db_path)
    files = _big_import(tmp_path)
    cmd = [sys.executable, "-m", "csm_desk", "--db", str(db_path), "--today", TODAY, "import", *files]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not _writing(db_path, proc):
        assert proc.poll() is None, "the import finished before it could be killed; make the file bigger"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    time.sleep(0.2)  # the server notices the dropped connection and rolls back
    assert dump(db_path) == before
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    after = dump(db_path)
    assert len(after["interaction"]) == BIG and len(after["account"]) == 402


def _run(capsys, db, *args: str) -> tuple[int, str]:
    code = main(["--db", str(db), "--today", TODAY, *args])
    return code, capsys.readouterr().err


def _accounts_csv(tmp_path: Path, n: int = 2000) -> str:
    path = tmp_path / "more.csv"
    path.write_text("external_id,name,arr\n" + "".join(f"M-{i},{'Much ' * 20}{i},{i}\n" for i in range(n)))
    return str(path)


def _with_connect_hook(monkeypatch, hook) -> None:
    """Every SQLite connection the engine makes runs ``hook`` first (for simulating failures)."""
    real = engine_module._sqlite_engine

    def patched(url, busy_timeout_ms):
        made = real(url, busy_timeout_ms)
        event.listen(made, "connect", lambda dbapi, _rec: hook(dbapi))
        return made

    monkeypatch.setattr(engine_module, "_sqlite_engine", patched)


@pytest.mark.sqlite_only("SQLite's page limit simulates a full disk")
def test_a_full_disk_is_one_line_exit_2_and_nothing_written(db_path, tmp_path, capsys, monkeypatch):
    _seed(db_path)
    before = dump(db_path)

    def tiny(dbapi) -> None:
        pages = dbapi.execute("PRAGMA page_count").fetchone()[0]
        dbapi.execute(f"PRAGMA max_page_count = {pages + 2}")

    _with_connect_hook(monkeypatch, tiny)
    code, err = _run(capsys, db_path, "import", _accounts_csv(tmp_path))
    assert code == 2 and err.count("\n") == 1
    assert "the disk is full; nothing was written" in err and str(db_path) in err
    monkeypatch.undo()
    assert dump(db_path) == before


def test_a_read_only_database_is_one_line_exit_2_and_nothing_written(db_path, tmp_path, capsys, monkeypatch):
    _seed(db_path)
    before = dump(db_path)
    if isinstance(db_path, Path):
        # Root ignores file modes, so the test asks SQLite itself to refuse writes.
        _with_connect_hook(monkeypatch, lambda dbapi: dbapi.execute("PRAGMA query_only = ON"))
        target = db_path
    else:
        target = f"{db_path}%20-cdefault_transaction_read_only%3Don"
    code, err = _run(capsys, target, "import", _accounts_csv(tmp_path, 10))
    assert code == 2 and err.count("\n") == 1, err
    assert "read-only; nothing was written" in err
    monkeypatch.undo()
    assert dump(db_path) == before


@pytest.mark.sqlite_only("file modes")
@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file modes")
def test_a_read_only_file(db_path, tmp_path, capsys):
    _seed(db_path)
    before = dump(db_path)
    os.chmod(db_path, 0o400)
    code, err = _run(capsys, db_path, "import", _accounts_csv(tmp_path, 10))
    assert code == 2 and "read-only" in err
    os.chmod(db_path, 0o600)
    assert dump(db_path) == before


@pytest.mark.slow
def test_a_database_from_a_newer_version_is_exit_2_and_untouched(db_path, tmp_path, capsys):
    _seed(db_path)
    store = open_store(db_path)
    with store.write() as session:
        session.connection().exec_driver_sql("UPDATE alembic_version SET version_num = 'f00d'")
    store.dispose()
    before = dump(db_path)
    for args in (("queue",), ("import", _accounts_csv(tmp_path, 10)), ("agenda",)):
        code, err = _run(capsys, db_path, *args)
        assert code == 2 and err.count("\n") == 1
        assert "newer csm-desk" in err and "nothing was changed" in err
    assert dump(db_path) == before


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.sqlite_only("file modes of the SQLite file and its backups")
def test_database_backups_and_exports_are_private(db_path, tmp_path, capsys):
    assert _run(capsys, db_path, "import", _accounts_csv(tmp_path, 10))[0] == 0
    assert _run(capsys, db_path, "export", "--out", str(tmp_path / "out"))[0] == 0
    assert _run(capsys, db_path, "backup")[0] == 0
    files = [db_path, *(tmp_path / "out").iterdir(), *(db_path.parent / "backups").iterdir()]
    assert len(files) >= 4
    assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
    assert _mode(db_path.parent / "backups") == 0o700


def test_no_network_connection_but_the_configured_server(db_path, tmp_path, capsys, monkeypatch):
    from sqlalchemy.engine import make_url

    url = None if isinstance(db_path, Path) else make_url(db_path)
    allowed = set() if url is None else {(url.host, url.port or 5432)}
    seen: list = []
    real_connect = socket.socket.connect

    def watched(sock, address):
        seen.append(address)
        if sock.family in (socket.AF_INET, socket.AF_INET6) and tuple(address[:2]) not in allowed:
            raise AssertionError(f"unexpected network connection to {address}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", watched)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: watched(socket.socket(), address))
    csv = _accounts_csv(tmp_path, 10)
    for args in (
        ("demo", "--accounts", "20"),
        ("import", csv),
        ("queue", "--all"),
        ("agenda",),
        ("export", "--out", str(tmp_path / "out")),
        ("scripts",),
        ("config",),
    ):
        code, err = _run(capsys, db_path, *args)
        assert code == 0, (args, err)
    network = [a for a in seen if isinstance(a, tuple)]
    assert all(tuple(a[:2]) in allowed for a in network)
