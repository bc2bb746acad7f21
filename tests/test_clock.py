"""One clock: ``--today`` moves every stamp written in the run, and "as of today" ignores
what is dated after today. The two stories are the foundations issue's, run through the CLI."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from csm_desk.cli import main
from csm_desk.clock import Clock, end_of_day
from csm_desk.store.engine import open_store
from csm_desk.store.tables import StageChange

SRC = Path(__file__).resolve().parents[1] / "src" / "csm_desk"


def test_a_fixed_day_stamps_that_day_at_the_real_time_of_day():
    clock = Clock(day=date(2026, 3, 9))
    now = clock.now()
    assert now.tzinfo is UTC
    assert now.astimezone().date() == date(2026, 3, 9)
    assert clock.today() == date(2026, 3, 9)


def test_a_frozen_clock_never_moves():
    clock = Clock.frozen(date(2026, 11, 23), time(14, 5))
    assert clock.now() == clock.now() == datetime.combine(date(2026, 11, 23), time(14, 5)).astimezone().astimezone(UTC)


def test_the_wall_clock_is_aware_and_today_is_its_local_day():
    clock = Clock()
    assert clock.now().tzinfo is UTC
    assert clock.today() == clock.now().astimezone().date()


@pytest.mark.parametrize("day", [date(2026, 1, 1), date(2026, 3, 29), date(2026, 12, 31)])
def test_end_of_day_is_the_first_instant_of_the_next_local_day(day):
    bound = end_of_day(day)
    assert bound.astimezone().date() == day + timedelta(days=1)
    assert (bound - timedelta(microseconds=1)).astimezone().date() == day


def test_nothing_in_src_reads_the_wall_clock_but_the_clock():
    pattern = re.compile(r"datetime\.(now|utcnow|today)\(|\bdate\.today\(|\butcnow\(|\btime\.time\(")
    offenders = [
        f"{p.relative_to(SRC)}:{n}"
        for p in SRC.rglob("*.py")
        if p.name != "clock.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def _csm(db, today: str, *args: str) -> int:
    return main(["--db", str(db), "--today", today, *args])


def _queue(db, today: str, capsys, *args: str) -> dict[str, dict]:
    capsys.readouterr()
    assert _csm(db, today, "queue", "--json", *args) == 0
    return {row["external_id"]: row for row in json.loads(capsys.readouterr().out)}


def test_a_saved_account_with_new_trouble_after_the_save_is_back_as_a_new_case(db_path, tmp_path, capsys):
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("external_id,name,arr,stage\nS-1,Saved Co,40000,saved\nS-2,Quiet Co,40000,saved\n")
    assert _csm(db_path, "2026-10-15", "import", str(accounts)) == 0
    store = open_store(db_path)
    try:
        with store.read() as session:
            closes = session.scalars(select(StageChange).where(StageChange.to_stage == "saved")).all()
    finally:
        store.dispose()
    assert {c.at.astimezone().date() for c in closes} == {date(2026, 10, 15)}

    signals = tmp_path / "signals.csv"
    signals.write_text("account,date,kind\nS-1,2026-11-10,emails_ignored\nS-1,2026-11-10,competitor_mentioned\n")
    assert _csm(db_path, "2026-11-22", "import", str(signals)) == 0
    queue = _queue(db_path, "2026-11-22", capsys)
    assert queue["S-1"]["stage"] == "identified"
    assert queue["S-1"]["at_risk_since"] == "2026-11-10"
    assert "S-2" not in queue


def test_a_snapshot_dated_after_today_does_not_set_health_or_triage(db_path, tmp_path, capsys):
    (tmp_path / "accounts.csv").write_text("external_id,name,arr,renewal_date\nH-1,Later Co,60000,2027-06-01\n")
    (tmp_path / "metrics.csv").write_text("account,date,health\nH-1,2026-11-22,80\nH-1,2026-11-27,30\n")
    assert _csm(db_path, "2026-11-22", "import", str(tmp_path / "accounts.csv"), str(tmp_path / "metrics.csv")) == 0
    row = _queue(db_path, "2026-11-22", capsys, "--all")["H-1"]
    assert row["health"] == 80
    assert "low_health_big" not in {r["rule"] for r in row["reasons"]}
    # Five days on, the later snapshot is today's news.
    row = _queue(db_path, "2026-11-27", capsys, "--all")["H-1"]
    assert row["health"] == 30
    assert "low_health_big" in {r["rule"] for r in row["reasons"]}


def test_a_contact_scheduled_after_today_is_not_the_last_contact(db_path, tmp_path, capsys):
    (tmp_path / "accounts.csv").write_text("external_id,name,arr\nC-1,Contact Co,10000\n")
    (tmp_path / "interactions.csv").write_text(
        "account,when,channel,summary\nC-1,2026-11-02T10:00Z,call,Real call\nC-1,2026-11-30T10:00Z,meeting,Booked\n"
    )
    assert (
        _csm(db_path, "2026-11-22", "import", str(tmp_path / "accounts.csv"), str(tmp_path / "interactions.csv")) == 0
    )
    assert _queue(db_path, "2026-11-22", capsys, "--all")["C-1"]["last_contact"] == "2026-11-02"
