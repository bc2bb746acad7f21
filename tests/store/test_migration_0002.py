"""A real migration: a database written at schema 0001, with data, opened by this version."""

from __future__ import annotations

import sqlite3

from sqlalchemy import create_engine

from csm_desk.store.engine import open_store
from csm_desk.store.migrations import HEAD
from csm_desk.store.migrations.runner import upgrade


def test_a_0001_database_with_data_migrates_keeping_everything(tmp_path):
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    engine.dispose()
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO account (id, external_id, name, strategic, segment, industry, language, owner, stage, "
            "red_flags, at_risk, created_at, updated_at) VALUES (1, 'A-1', 'Old [/] Co', 0, '', '', 'en', '', "
            "'', '', 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
        db.execute(
            "INSERT INTO signal (account_id, date, kind, quote, created_at) VALUES "
            "(1, '2026-11-01', 'budget_change', 'cut', '2026-11-01 00:00:00')"
        )
        db.execute(
            "INSERT INTO save_plan (account_id, situation, root_cause_category, root_cause, success_criteria, "
            "strategies, team, outcome, created_at) VALUES (1, 's', '', '', '', '', '', '', '2026-11-01 00:00:00')"
        )

    store = open_store(path)
    store.dispose()

    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        assert db.execute("SELECT name FROM account").fetchone() == ("Old [/] Co",)
        assert db.execute("SELECT kind, quote, source FROM signal").fetchone() == ("budget_change", "cut", "manual")
        assert db.execute("SELECT situation, details FROM save_plan").fetchone() == ("s", "")
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"risk_case", "draft", "meta"} <= tables
    backups = list((tmp_path / "backups").glob("old.pre-*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as db:  # the copy is the database as it was
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert db.execute("SELECT count(*) FROM signal").fetchone() == (1,)
