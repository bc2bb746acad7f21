"""Migration 0004 on a book written at schema 0003: its interactions get the key they were known by (their
instant and channel), so re-importing the files they came from updates them and never duplicates them; and
a churn case an import made is found again by its note. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import create_engine

from csm_desk.cli import main
from csm_desk.store.engine import open_store, resolve_url
from csm_desk.store.identity import made_here_key
from csm_desk.store.migrations import HEAD
from csm_desk.store.migrations.runner import upgrade
from csm_desk.store.types import UTCDateTime

CALL = datetime(2026, 11, 2, 13, 0, tzinfo=UTC)
NOTE = datetime(2026, 11, 2, 13, 0, 0, 250000, tzinfo=UTC)


def _old_book(db) -> None:
    """A database at 0003 holding what an import of that version wrote."""
    url, _ = resolve_url(db)
    engine = create_engine(url)
    upgrade(engine, "0003")
    stamp = datetime(2026, 11, 3, tzinfo=UTC)
    account = sa.table(
        "account",
        *(sa.column(n) for n in ("id", "external_id", "name", "strategic", "segment", "industry", "language")),
        *(sa.column(n) for n in ("owner", "stage", "red_flags", "at_risk")),
        sa.column("created_at", UTCDateTime()),
        sa.column("updated_at", UTCDateTime()),
    )
    interaction = sa.table(
        "interaction",
        *(sa.column(n) for n in ("id", "account_id", "channel", "summary", "script")),
        sa.column("at", UTCDateTime()),
        sa.column("created_at", UTCDateTime()),
    )
    quote = sa.table("quote", *(sa.column(n) for n in ("account_id", "interaction_id", "position", "text", "step")))
    case = sa.table(
        "risk_case",
        *(sa.column(n) for n in ("account_id", "outcome", "reason", "segment", "executive_involved", "note")),
        sa.column("opened_on", sa.Date()),
        sa.column("closed_on", sa.Date()),
    )
    with engine.begin() as conn:
        conn.execute(
            account.insert(),
            [
                dict(
                    id=1,
                    external_id="A-1",
                    name="Acme",
                    strategic=False,
                    segment="",
                    industry="",
                    language="en",
                    owner="",
                    stage="",
                    red_flags="",
                    at_risk=False,
                    created_at=stamp,
                    updated_at=stamp,
                )
            ],
        )
        conn.execute(
            interaction.insert(),
            [
                dict(id=1, account_id=1, at=CALL, channel="call", summary="Intro", script="", created_at=stamp),
                dict(id=2, account_id=1, at=NOTE, channel="note", summary="typed", script="", created_at=stamp),
            ],
        )
        conn.execute(quote.insert(), [dict(account_id=1, interaction_id=1, position=0, text="Hi", step="")])
        conn.execute(
            case.insert(),
            [
                dict(
                    account_id=1,
                    outcome="churned",
                    reason="pricing",
                    segment="",
                    executive_involved=False,
                    note="billing (BR): v2 churn E-1 (budget): too expensive",
                    opened_on=date(2026, 2, 1),
                    closed_on=date(2026, 2, 1),
                )
            ],
        )
    engine.dispose()


def _select(db, sql: str) -> list[tuple]:
    store = open_store(db)
    try:
        with store.read() as s:
            return [tuple(r) for r in s.execute(sa.text(sql)).all()]
    finally:
        store.dispose()


def _tallies(out: str) -> dict[str, tuple[int, int, int]]:
    found = re.findall(r"(\w+)\s+(\d+) created, (\d+) updated, (\d+) unchanged", out)
    return {kind: (int(a), int(b), int(c)) for kind, a, b, c in found}


def test_old_interactions_get_the_key_they_were_known_by(db_path):
    _old_book(db_path)
    assert _select(db_path, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    rows = _select(db_path, "SELECT id, external_id FROM interaction ORDER BY id")
    assert rows == [(1, made_here_key(CALL, "call")), (2, made_here_key(NOTE, "note"))]
    assert rows[1][1] == "at:2026-11-02T13:00:00.250000Z/note"
    assert _select(db_path, "SELECT interaction_id, text FROM quote") == [(1, "Hi")]
    assert _select(db_path, "SELECT source_key FROM risk_case") == [("",)]


def test_reimporting_the_original_files_into_a_migrated_book_duplicates_nothing(db_path, tmp_path: Path, capsys):
    _old_book(db_path)
    # The file the call came from, and a churn export whose mapping's name has a colon and a bracket: the old
    # case is known by the start of its note, which the import now keeps apart as its key.
    log = tmp_path / "log.csv"
    log.write_text("account,when,channel,summary\nA-1,2026-11-02T13:00Z,call,Intro\n")
    mapping = tmp_path / "billing.toml"
    mapping.write_text(
        'name = "billing (BR): v2"\n[[file]]\nkind = "churn"\n'
        'columns = { id = "event", account = "acc", date = "day", reason = "why", feedback = "said" }\n'
        '[aggregate]\nreasons = { budget = "pricing" }\n'
    )
    churn = tmp_path / "churn.csv"
    churn.write_text("event,acc,day,why,said\nE-1,A-1,2026-02-01,budget,too expensive\n")
    capsys.readouterr()
    assert main(["--db", str(db_path), "--today", "2026-11-23", "import", str(log)]) == 0
    assert _tallies(capsys.readouterr().out)["interactions"] == (0, 0, 1)
    assert main(["--db", str(db_path), "--today", "2026-11-23", "import", "--mapping", str(mapping), str(churn)]) == 0
    assert _tallies(capsys.readouterr().out)["cases"] == (0, 1, 0)  # found by its note; it keeps its key now
    assert _select(db_path, "SELECT count(*), min(source_key) FROM risk_case") == [(1, "billing (BR): v2 churn E-1")]
    assert main(["--db", str(db_path), "--today", "2026-11-23", "import", "--mapping", str(mapping), str(churn)]) == 0
    assert _tallies(capsys.readouterr().out)["cases"] == (0, 0, 1)
    assert _select(db_path, "SELECT count(*) FROM interaction") == [(2,)]
