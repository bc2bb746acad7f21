"""Shared fixtures: a fresh database per test, a fixed today, default settings.

The suite runs on SQLite by default. ``--db-url postgresql+psycopg://...`` (or
``CSM_DESK_TEST_DB``) runs it again on a PostgreSQL server: every test that uses the
``store``/``db_path`` fixtures gets a fresh schema of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path

import pytest

from csm_desk.clock import Clock
from csm_desk.config import Settings
from csm_desk.store.engine import open_store

TODAY = date(2026, 11, 23)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def pytest_addoption(parser):
    parser.addoption(
        "--db-url",
        default=os.environ.get("CSM_DESK_TEST_DB", ""),
        help="run the store tests on this PostgreSQL server URL (default: $CSM_DESK_TEST_DB, else SQLite)",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): the test is about SQLite itself; skipped on PostgreSQL")


def server_url(config) -> str:
    """The PostgreSQL URL the suite runs against, or '' for SQLite."""
    return config.getoption("--db-url") or ""


def pytest_report_header(config):
    url = server_url(config)
    if url:
        from sqlalchemy.engine import make_url

        return f"csm-desk test database: {make_url(url).render_as_string(hide_password=True)} (a schema per test)"
    return "csm-desk test database: SQLite (a file per test)"


def pytest_collection_modifyitems(config, items):
    if not server_url(config):
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else "about SQLite itself"
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never read or write the real user's config, data or cache folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    for var in ("CSM_DESK_DB", "CSM_DESK_CONFIG", "CSM_DESK_TODAY"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def on_postgres(request) -> bool:
    """True when this run is against a PostgreSQL server."""
    return bool(server_url(request.config))


@pytest.fixture
def db_path(request, tmp_path):
    """Where the test's database lives: a SQLite file, or on PostgreSQL a URL whose
    search_path is a fresh schema (a str, so ``str(db_path)`` works for --db either way)."""
    url = server_url(request.config)
    if not url:
        yield tmp_path / "csm-desk.db"
        return
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    yield f"{url}{sep}options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        # Connections a test left open (a subprocess, a TUI) must not block the drop.
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE pid <> pg_backend_pid() AND query NOT LIKE '%pg_stat_activity%' "
                "AND datname = current_database() AND backend_type = 'client backend' "
                "AND state = 'idle in transaction'"
            )
        )
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def store(db_path):
    s = open_store(db_path, busy_timeout_ms=1000, clock=Clock.frozen(TODAY))
    yield s
    s.dispose()


@pytest.fixture
def desk(store, settings):
    """The service layer on the test's store, its clock frozen on TODAY."""
    from csm_desk.desk import Desk

    return Desk(store, settings)


@pytest.fixture
def desk_on(store, settings):
    """``desk_on(day)``: a desk on the same database whose clock is frozen on ``day``."""
    import dataclasses

    from csm_desk.desk import Desk

    return lambda day: Desk(dataclasses.replace(store, clock=Clock.frozen(day)), settings)
