"""Migration 0005: accounts gain their latest 30-day login count, and a book written by an older
version is evaluated again with the rules of this one when it is next opened."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine

from csm_desk.clock import Clock
from csm_desk.config import Settings
from csm_desk.store.engine import open_store
from csm_desk.store.evaluate import refresh_if_stale
from csm_desk.store.migrations import HEAD
from csm_desk.store.migrations.runner import upgrade

pytestmark = pytest.mark.sqlite_only("builds an old SQLite file by hand")


def test_a_0004_book_gets_logins_30d_and_is_evaluated_again(tmp_path, today):
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, "0004")
    engine.dispose()
    with sqlite3.connect(path) as db:
        # Evaluated today by the old rules: one outage's two usage flags made it at risk.
        db.execute(
            "INSERT INTO account (id, external_id, name, strategic, segment, industry, language, owner, stage, "
            "red_flags, at_risk, evaluated_on, created_at, updated_at) VALUES (1, 'A-1', 'Old Co', 0, '', '', "
            "'en', '', '', 'logins_drop,active_users_drop', 1, ?, '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
            (today.isoformat(),),
        )
        db.execute(
            "INSERT INTO metric (account_id, date, logins, active_users) VALUES (1, '2026-10-24', 100, 40), "
            "(1, ?, 0, 4)",
            (today.isoformat(),),
        )

    store = open_store(path, clock=Clock.frozen(today))
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        assert db.execute("SELECT logins_30d, evaluated_on FROM account").fetchone() == (None, None)
    assert refresh_if_stale(store, today, Settings().red_flags) == 1
    store.dispose()
    with sqlite3.connect(path) as db:
        row = db.execute("SELECT logins_30d, red_flags, at_risk, stage, evaluated_on FROM account").fetchone()
    # The flags still show; one problem alone no longer puts the account at risk.
    assert row == (0, "logins_drop,active_users_drop", 0, "", today.isoformat())
