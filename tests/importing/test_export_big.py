"""The round trip at the size of a big book: a 10,000-account demo book (about 240,000 rows of every kind)
goes through an empty database as JSON and as CSV and comes back byte for byte, with the same dashboard.

About a minute and a half on a developer laptop (``benchmarks/bench_export.py`` times each step): slow lane.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csm_desk.cli import main
from csm_desk.clock import Clock
from csm_desk.config import Settings
from csm_desk.demo import write_demo_book
from csm_desk.store.engine import open_store

TODAY = date(2026, 11, 23)
ACCOUNTS = 10_000


def cli(capsys, db: Path, *args: str) -> str:
    capsys.readouterr()
    code = main(["--db", str(db), "--today", TODAY.isoformat(), *args])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    return out


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.slow
@pytest.mark.sqlite_only("a 10,000-account book built twice per run; the demo book's round trip runs on PostgreSQL")
def test_a_ten_thousand_account_book_round_trips_in_json_and_csv(tmp_path, capsys):
    source = tmp_path / "big.db"
    store = open_store(source, clock=Clock.frozen(TODAY))
    write_demo_book(store, TODAY, Settings(), accounts=ACCOUNTS)
    store.dispose()
    report = cli(capsys, source, "report", "--json")
    for fmt in ("json", "csv"):
        first, second, target = tmp_path / f"{fmt}-1", tmp_path / f"{fmt}-2", tmp_path / f"{fmt}.db"
        assert f"Exported {ACCOUNTS} accounts" in cli(capsys, source, "export", "--format", fmt, "--out", str(first))
        out = cli(capsys, target, "import", *(str(p) for p in sorted(first.iterdir())))
        assert f"accounts      {ACCOUNTS} created, 0 updated, 0 unchanged" in out
        cli(capsys, target, "export", "--format", fmt, "--out", str(second))
        assert files(first) == files(second)
        assert cli(capsys, target, "report", "--json") == report
