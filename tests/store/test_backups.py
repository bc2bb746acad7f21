"""Daily rolling backups, ``csm-desk backup`` and ``csm-desk restore``: consistent, private, checked."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from csm_desk.cli import main
from csm_desk.clock import Clock
from csm_desk.store.backup import check_backup, daily_backup
from csm_desk.store.engine import StoreError, open_store
from csm_desk.store.migrations import HEAD

from .conftest import add_account
from .dbdump import dump

pytestmark = pytest.mark.sqlite_only("SQLite backups; PostgreSQL books are backed up with pg_dump")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _book(path: Path, *names: str) -> None:
    store = open_store(path)
    with store.write() as session:
        for name in names:
            add_account(session, name)
    store.dispose()


def _cli(capsys, db: Path, *args: str, today: str = "2026-11-23") -> tuple[int, str, str]:
    code = main(["--db", str(db), "--today", today, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_first_start_of_the_day_makes_one_private_daily_copy(db_path, capsys):
    _book(db_path, "a1")
    assert _cli(capsys, db_path, "queue")[0] == 0
    assert _cli(capsys, db_path, "queue")[0] == 0  # the second start of the day copies nothing
    [copy] = (db_path.parent / "backups").iterdir()
    assert copy.name == "csm-desk.daily.2026-11-23.db"
    assert _mode(copy) == 0o600 and _mode(copy.parent) == 0o700
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT external_id FROM account").fetchall() == [("a1",)]


def test_only_the_newest_daily_copies_are_kept(db_path, tmp_path, capsys):
    _book(db_path, "a1")
    config = tmp_path / "config.toml"
    config.write_text("[app]\nbackups_keep = 3\n")
    start = db_path.parent / "backups"
    for day in range(5):
        when = (pytest.importorskip("datetime").date(2026, 11, 20) + timedelta(days=day)).isoformat()
        assert _cli(capsys, db_path, "--config", str(config), "queue", today=when)[0] == 0
    kept = sorted(p.name for p in start.iterdir())
    assert kept == [f"csm-desk.daily.2026-11-{d}.db" for d in (22, 23, 24)]


def test_no_daily_copies_when_keep_is_zero(db_path):
    _book(db_path, "a1")
    from datetime import date

    assert daily_backup(db_path, db_path.parent / "backups", date(2026, 11, 23), 0) is None
    assert not (db_path.parent / "backups").exists()


def test_backup_to_a_file_and_restore_it_keeps_the_replaced_book(db_path, tmp_path, capsys):
    _book(db_path, "a1")
    out = tmp_path / "copy.db"
    code, said, _ = _cli(capsys, db_path, "backup", "--out", str(out))
    assert code == 0 and str(out) in said and _mode(out) == 0o600
    _book(db_path, "a2")  # a change after the backup, which the restore takes back
    changed = dump(db_path)
    code, said, err = _cli(capsys, db_path, "restore", str(out))
    assert code == 0, err
    assert "replaced database was kept" in said
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT external_id FROM account").fetchall() == [("a1",)]
    assert _mode(db_path) == 0o600
    [kept] = (db_path.parent / "backups").glob("csm-desk.replaced.*.db")
    assert _mode(kept) == 0o600 and dump(kept) == changed


def test_backup_without_out_goes_to_the_backups_folder(db_path, capsys):
    _book(db_path, "a1")
    code, said, _ = _cli(capsys, db_path, "backup")
    assert code == 0
    [manual] = (db_path.parent / "backups").glob("csm-desk.manual.*.db")
    assert str(manual) in said and _mode(manual) == 0o600


def test_backup_never_overwrites(db_path, tmp_path, capsys):
    _book(db_path, "a1")
    out = tmp_path / "there.db"
    out.write_text("mine")
    code, _, err = _cli(capsys, db_path, "backup", "--out", str(out))
    assert code == 2 and "already exists" in err and out.read_text() == "mine"


def test_backup_leaves_a_dangling_symlink_where_it_was(db_path, tmp_path, capsys):
    _book(db_path, "a1")
    out = tmp_path / "link.db"
    out.symlink_to(tmp_path / "nowhere" / "target.db")
    code, _, err = _cli(capsys, db_path, "backup", "--out", str(out))
    assert code == 2 and "already exists" in err
    assert out.is_symlink() and not (tmp_path / "nowhere").exists()


def test_a_full_disk_during_a_backup_is_named(db_path, tmp_path, capsys, monkeypatch):
    import csm_desk.store.backup as backup

    _book(db_path, "a1")

    def no_room(source, target):
        raise sqlite3.OperationalError("disk I/O error")  # what SQLite says when the disk fills mid-copy

    monkeypatch.setattr(backup, "_copy_into", no_room)
    monkeypatch.setattr(backup, "FULL_BELOW", 1 << 62)  # every disk counts as full
    out = tmp_path / "copy.db"
    code, _, err = _cli(capsys, db_path, "backup", "--out", str(out))
    daily, failed = err.splitlines()
    assert daily.startswith("csm-desk: note: ") and daily.endswith(
        "cannot write the daily backup (the disk is full; nothing was written); going on without today's copy"
    )
    assert code == 2 and failed == f"csm-desk: {out}: cannot write the backup (the disk is full; nothing was written)"
    assert not out.exists()
    code, out_text, err = _cli(capsys, db_path, "queue", "--all", "--json")  # a read still works, with the note
    assert code == 0 and len(json.loads(out_text)) == 1 and err.startswith("csm-desk: note: ")


@pytest.mark.parametrize(
    "content, says",
    [
        (b"external_id,name\nA1,Acme\n", "not SQLite"),
        (None, "no csm-desk schema"),
        ("newer", "not one this csm-desk knows"),
    ],
)
def test_restore_refuses_what_is_not_a_known_csm_desk_book(db_path, tmp_path, capsys, content, says):
    _book(db_path, "a1")
    before = dump(db_path)
    bad = tmp_path / "bad.db"
    if content is None:
        with sqlite3.connect(bad) as conn:
            conn.execute("CREATE TABLE notes (x)")
    elif content == "newer":
        _book(bad, "zz")
        with sqlite3.connect(bad) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '9999'")
    else:
        bad.write_bytes(content)
    code, _, err = _cli(capsys, db_path, "restore", str(bad))
    assert code == 2 and says in err and str(bad) in err
    assert err.count("\n") == 1
    assert dump(db_path) == before
    assert not list((db_path.parent / "backups").glob("*.replaced.*"))


@pytest.mark.slow
def test_restore_refuses_while_another_process_reads(db_path, tmp_path):
    _book(db_path, "a1")
    copy = tmp_path / "copy.db"
    _book(copy, "b1")
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM account").fetchall()
    from csm_desk.store.backup import restore

    try:
        with pytest.raises(StoreError, match="in use by another process"):
            restore(db_path, copy, tmp_path / "bk", Clock())
    finally:
        reader.close()


def test_check_backup_names_the_schema(db_path):
    _book(db_path, "a1")
    from csm_desk.store.migrations import HEAD

    assert check_backup(db_path) == HEAD


def test_backup_and_restore_on_postgresql_point_to_pg_dump(capsys):
    code = main(["--db", "postgresql+psycopg://u@127.0.0.1:1/x", "backup"])
    assert code == 2 and "pg_dump" in capsys.readouterr().err


KILLED_COPY = """
import functools, sqlite3, sys, time
from pathlib import Path
class Slow(sqlite3.Connection):
    def backup(self, target, *, pages=-1, progress=None, **kw):
        def step(status, remaining, total):
            print("copying", flush=True)
            time.sleep(30)  # a slow disk: the test kills the process here, mid-copy
        return super().backup(target, pages=1, progress=step, **kw)
sqlite3.connect = functools.partial(sqlite3.connect, factory=Slow)
from csm_desk.store.engine import copy_sqlite
copy_sqlite(Path(sys.argv[1]), Path(sys.argv[2]))
"""


@pytest.mark.slow
def test_a_backup_killed_mid_copy_leaves_no_backup_and_its_partial_is_swept(db_path, tmp_path):
    import signal
    import subprocess
    import sys

    _book(db_path, "a1")
    folder = tmp_path / "bk"
    folder.mkdir()
    target = folder / "csm-desk.daily.2026-11-23.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_COPY, str(db_path), str(target)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "copying"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert not target.exists()
    partials = list(folder.glob(".*.partial"))
    assert len(partials) == 1
    # The next start's daily backup sweeps what the dead process left, then makes a good copy.
    made = daily_backup(db_path, folder, date(2026, 11, 23), keep=3)
    assert made == target and check_backup(target)
    assert list(folder.glob(".*.partial")) == []


def test_a_partial_copy_of_a_live_process_is_left_alone(tmp_path):
    import os

    from csm_desk.store.engine import sweep_partial_copies

    live = tmp_path / f".x.db.{os.getpid()}.partial"
    live.write_bytes(b"")
    assert sweep_partial_copies(tmp_path) == [] and live.exists()


def test_restore_keeps_the_permissions_of_a_folder_it_did_not_create(db_path, tmp_path):
    import os

    _book(db_path, "a1")
    copy = tmp_path / "copy.db"
    _book(copy, "b1")
    os.chmod(db_path.parent, 0o755)
    from csm_desk.store.backup import restore

    restore(db_path, copy, tmp_path / "bk", Clock())
    assert stat.S_IMODE(os.stat(db_path.parent).st_mode) == 0o755


HOSTILE_SCHEMAS = {
    "a bare account table": ["DROP TABLE contact"],
    "an extra column": ["ALTER TABLE account ADD COLUMN spy TEXT"],
    "a trigger": ["CREATE TRIGGER wipe AFTER INSERT ON interaction BEGIN DELETE FROM interaction; END"],
    "a view": ["CREATE VIEW everything AS SELECT * FROM account"],
    "a missing index": ["DROP INDEX ix_account_owner"],
}


@pytest.mark.parametrize("change", sorted(HOSTILE_SCHEMAS))
def test_restore_refuses_a_schema_csm_desk_did_not_make(db_path, tmp_path, capsys, change):
    import sqlite3

    _book(db_path, "a1")
    bad = tmp_path / "bad.db"
    _book(bad, "b1")
    con = sqlite3.connect(bad)
    for statement in HOSTILE_SCHEMAS[change]:
        con.execute(statement)
    con.commit()
    con.close()
    before = dump(db_path)
    code, _, err = _cli(capsys, db_path, "restore", str(bad))
    assert code == 2 and err.count("\n") == 1 and "nothing was restored" in err
    assert dump(db_path) == before


def test_restore_accepts_a_real_backup_of_an_older_schema(db_path, tmp_path):
    """A book still at 0001 (made by an older csm-desk) is a valid backup: its schema is 0001's."""
    from csm_desk.store.backup import check_schema, expected_schema

    columns, _indexes = expected_schema("0001")
    assert any(t == "account" for t, *_ in columns)
    assert expected_schema("0001") != expected_schema("0002")
    _book(db_path, "a1")
    check_schema(db_path, HEAD)  # a book csm-desk made passes at its own revision
